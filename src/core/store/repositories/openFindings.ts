/**
 * The unresolved (open or acknowledged) findings of each session, kept for one transaction: in one ingest batch the
 * ledger asks for a session's active finding of a type on every failure, and every successful response asks whether a
 * transient finding is left to resolve. Each session's unresolved findings are read once; the findings repository
 * keeps them up to date as it inserts, updates and resolves. A new occurrence or update of a cached finding is not
 * written at once: the finding is marked {@link OpenFindings.changed}, and its cached state (which the repository
 * derives by the same rules as its UPDATE) is written in one statement by {@link OpenFindings.flush}, before the
 * commit, an export, or any other statement that names `findings` or `snoozes` (see `TransactionCache`); a failure
 * seen 40 times in one batch is one UPDATE, not 40. Any other statement that writes those tables (a snooze,
 * retention, a merge) then makes the cache forget them. Pure module.
 */
import type { FindingSnapshot } from '../../model/snapshot';
import type { SqlDatabase, TransactionCache } from '../database';

/**
 * The cache; `load` reads a session's unresolved findings from SQLite, as the repository's snapshots; `write` writes a
 * finding's cached state (count, last seen, last text, line, severity, strategy, escalation, status) to its row.
 */
export class OpenFindings implements TransactionCache {
  readonly tables = ['findings', 'snoozes'];
  private readonly bySession = new Map<string, FindingSnapshot[]>();
  /** Findings whose cached state is ahead of their row, by id (the state to write). */
  private readonly pending = new Map<number, FindingSnapshot>();

  constructor(
    private readonly db: SqlDatabase,
    private readonly load: (sessionId: string) => FindingSnapshot[],
    private readonly write: (f: FindingSnapshot) => void,
  ) {}

  /** The session's unresolved findings (read once per transaction); undefined outside a transaction. Do not change them. */
  of(sessionId: string): readonly FindingSnapshot[] | undefined {
    if (!this.db.inTransaction) {
      return undefined;
    }
    let list = this.bySession.get(sessionId);
    if (!list) {
      list = this.load(sessionId);
      this.bySession.set(sessionId, list);
    }
    return list;
  }

  /** The cached finding with this id, if its session is cached. */
  find(id: number): FindingSnapshot | undefined {
    for (const list of this.bySession.values()) {
      const f = list.find((x) => x.id === id);
      if (f) {
        return f;
      }
    }
    return undefined;
  }

  /** A finding was inserted: it joins its session's list when that list is cached. */
  inserted(f: FindingSnapshot): void {
    this.bySession.get(f.sessionId)?.push(f);
  }

  /** A cached finding changed (same id); a resolved one leaves its session's list. */
  replaced(f: FindingSnapshot): void {
    const list = this.bySession.get(f.sessionId);
    const i = list ? list.findIndex((x) => x.id === f.id) : -1;
    if (!list || i < 0) {
      return;
    }
    if (f.status === 'resolved') {
      list.splice(i, 1);
    } else {
      list[i] = f;
    }
  }

  /**
   * A cached finding changed (same id, not resolved) and its row is not written yet: it is written by {@link flush}.
   * The caller guarantees that SQLite would store the state as it is (finite numbers, well-formed text).
   */
  changed(f: FindingSnapshot): void {
    this.replaced(f);
    this.pending.set(f.id, f);
  }

  /** Writes the rows of the findings {@link changed} since the last flush, each once, in its latest state. */
  flush(): void {
    if (this.pending.size === 0) {
      return;
    }
    const rows = [...this.pending.values()];
    this.pending.clear();
    for (const f of rows) {
      this.write(f);
    }
  }

  /** Forgets every session's findings (and any state not flushed: the caller flushed, or the transaction rolled back). */
  clear(): void {
    this.bySession.clear();
    this.pending.clear();
  }
}
