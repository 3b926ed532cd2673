/**
 * One query that answers a question for every session at once, kept for one transaction: the first snapshot of a
 * window with 1,000 sessions would otherwise ask SQLite the same small question 1,000 times (each a statement step in
 * WebAssembly). `load` reads every session's answer (by session id) in one query, and later calls are answered from
 * it. It only reads: any write to its `tables`, even by its own repository, forgets it (see `TransactionCache`), and
 * outside a transaction {@link BulkRead.of} is undefined (the caller runs its own query).
 *
 * The one query reads every session, so it pays only when many are asked for: it runs once {@link BULK_AFTER} different
 * sessions were asked for since the last write to its tables; before that {@link BulkRead.of} is undefined too. In an
 * ingest batch, where a check asks about one session after each event's insert, it never runs.
 *
 * Another query that read some sessions' answers already (the snapshot's session list reads their context samples in
 * the same query) hands them over with {@link BulkRead.seed}: they are answered from there, until the next write to
 * the tables, without counting as asked. Pure module.
 */
import type { SqlDatabase, TransactionCache } from '../database';

/** Different sessions asked for (since the last write) before the one query runs. */
export const BULK_AFTER = 3;

/** A per-transaction answer for every session; `empty` is the answer for a session `load` did not name. */
export class BulkRead<T> implements TransactionCache {
  private bySession: Map<string, T> | undefined;
  private readonly asked = new Set<string>();
  private readonly seeded = new Map<string, T>();

  constructor(
    private readonly db: SqlDatabase,
    readonly tables: readonly string[],
    private readonly load: (owner: TransactionCache) => Map<string, T>,
    private readonly empty: () => T,
  ) {
    db.addTransactionCache(this);
  }

  /**
   * The session's answer, from the one query over every session; undefined (the caller runs its own query) outside a
   * transaction and until {@link BULK_AFTER} different sessions were asked for.
   */
  of(sessionId: string): T | undefined {
    if (!this.db.inTransaction) {
      return undefined;
    }
    const kept = this.seeded.get(sessionId);
    if (kept !== undefined) {
      return kept;
    }
    if (!this.bySession) {
      this.asked.add(sessionId);
      if (this.asked.size < BULK_AFTER) {
        return undefined;
      }
      this.bySession = this.load(this);
    }
    return this.bySession.get(sessionId) ?? this.empty();
  }

  /**
   * Keeps answers another query of this transaction read (each exactly what `load` would give for its session), until
   * the next write to the tables. Outside a transaction: nothing (there is no write to forget them on).
   */
  seed(answers: ReadonlyMap<string, T>): void {
    if (!this.db.inTransaction) {
      return;
    }
    for (const [id, answer] of answers) {
      this.seeded.set(id, answer);
    }
  }

  /** Nothing to write: the cache only reads. */
  flush(): void {}

  /** Forgets every answer. Nothing to do when it holds none (a write clears it: once per event in an ingest batch). */
  clear(): void {
    if (this.bySession === undefined && this.asked.size === 0 && this.seeded.size === 0) {
      return;
    }
    this.bySession = undefined;
    this.asked.clear();
    this.seeded.clear();
  }
}
