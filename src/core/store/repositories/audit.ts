/**
 * Repository of the table `audit`: the recovery audit log (acknowledgements, snoozes, recoveries offered, taken,
 * succeeded or failed), kept to the newest {@link AUDIT_ROWS_KEPT} rows. Times are epoch ms. Pure module.
 *
 * The ledger asks for a session's recoveries taken on every failure; inside a transaction the sessions known to have
 * taken none are remembered ({@link NoRecoveries}), since their count stays 0 until a recovery is written for them.
 */
import type { FailureType } from '../../model/failures';
import type { AuditEntry } from '../../model/snapshot';
import type { SqlDatabase, TransactionCache } from '../database';

/** Audit rows that count as a recovery taken (the retry-escalation count), as SQL over the table `audit` aliased `a`. */
const TAKEN_SQL = "a.outcome = 'taken' AND a.strategy NOT IN ('acknowledge', 'snooze')";

/** True when an audit row counts as a recovery taken (see {@link TAKEN_SQL}). */
function isTaken(a: Pick<AuditEntry, 'outcome' | 'strategy'>): boolean {
  return a.outcome === 'taken' && a.strategy !== 'acknowledge' && a.strategy !== 'snooze';
}

/**
 * The sessions with no recovery taken, for one transaction: their count is 0 whatever their findings are, and stays 0
 * until a row that counts is inserted for them. Any other write to `audit` forgets them (see `TransactionCache`).
 */
class NoRecoveries implements TransactionCache {
  readonly tables = ['audit'];
  readonly sessions = new Set<string>();
  flush(): void {}
  clear(): void {
    this.sessions.clear();
  }
}

/** How many audit rows retention keeps (the newest). */
export const AUDIT_ROWS_KEPT = 5000;

/** Reads and writes `audit`. Every method throws only on a SQLite error (a bug). */
export class AuditRepository {
  private readonly none = new NoRecoveries();

  constructor(private readonly db: SqlDatabase) {
    db.addTransactionCache(this.none);
  }

  /** Appends a row; returns its id. */
  insert(a: Omit<AuditEntry, 'id'>): number {
    if (isTaken(a)) {
      this.none.sessions.delete(a.sessionId);
    }
    return this.db.insert(
      'INSERT INTO audit (ts, session_id, finding_id, failure_type, strategy, outcome, actor, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [a.timestamp, a.sessionId, a.findingId ?? null, a.failureType ?? null, a.strategy, a.outcome, a.actor, a.detail],
      this.none,
    );
  }

  /** The newest `limit` rows, newest first, of one session or (`sessionId` undefined) of all. */
  list(limit: number, sessionId?: string): AuditEntry[] {
    const rows = sessionId
      ? this.db.all('SELECT * FROM audit WHERE session_id = ? ORDER BY id DESC LIMIT ?', [sessionId, limit])
      : this.db.all('SELECT * FROM audit ORDER BY id DESC LIMIT ?', [limit]);
    return rows.map((r) => ({
      id: Number(r.id),
      timestamp: Number(r.ts),
      sessionId: String(r.session_id),
      findingId: r.finding_id === null ? undefined : Number(r.finding_id),
      failureType: r.failure_type === null ? undefined : (String(r.failure_type) as FailureType),
      strategy: String(r.strategy) as AuditEntry['strategy'],
      outcome: String(r.outcome) as AuditEntry['outcome'],
      actor: String(r.actor) as AuditEntry['actor'],
      detail: String(r.detail),
    }));
  }

  /**
   * Recoveries taken (by the user or automatically) for the session's findings that are not CRITICAL, acknowledgements
   * and snoozes excluded: the retry-escalation count.
   */
  recoveriesTaken(sessionId: string): number {
    if (this.db.inTransaction) {
      if (this.none.sessions.has(sessionId)) {
        return 0;
      }
      if (!this.db.get(`SELECT 1 AS x FROM audit a WHERE a.session_id = ? AND ${TAKEN_SQL} LIMIT 1`, [sessionId], this.none)) {
        this.none.sessions.add(sessionId);
        return 0;
      }
    }
    return this.db.number(
      `SELECT COUNT(*) AS n FROM audit a JOIN findings f ON f.id = a.finding_id WHERE a.session_id = ? AND f.severity != 'CRITICAL' AND ${TAKEN_SQL}`,
      [sessionId],
    );
  }

  /** Deletes every row but the newest {@link AUDIT_ROWS_KEPT}. */
  prune(): void {
    this.db.run('DELETE FROM audit WHERE id <= (SELECT id FROM audit ORDER BY id DESC LIMIT 1 OFFSET ?)', [AUDIT_ROWS_KEPT]);
  }
}
