/**
 * The unresolved (open or acknowledged) findings of each session, kept for one transaction: in one ingest batch the
 * ledger asks for a session's active finding of a type on every failure, and every successful response asks whether a
 * transient finding is left to resolve. Each session's unresolved findings are read once; the findings repository
 * keeps them up to date as it inserts, updates and resolves (it writes every change to SQLite at once, so there is
 * nothing to write back). Any other statement that writes `findings` or `snoozes` (a snooze, retention, a merge) makes
 * the cache forget them (see `TransactionCache`). Pure module.
 */
import type { FindingSnapshot } from '../../model/snapshot';
import type { SqlDatabase, TransactionCache } from '../database';

/** The cache; `load` reads a session's unresolved findings from SQLite, as the repository's snapshots. */
export class OpenFindings implements TransactionCache {
  readonly tables = ['findings', 'snoozes'];
  private readonly bySession = new Map<string, FindingSnapshot[]>();

  constructor(
    private readonly db: SqlDatabase,
    private readonly load: (sessionId: string) => FindingSnapshot[],
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

  /** Nothing to write: every change went to SQLite when it was made. */
  flush(): void {}

  /** Forgets every session's findings. */
  clear(): void {
    this.bySession.clear();
  }
}
