/**
 * Repository of the table `audit`: the recovery audit log (acknowledgements, snoozes, recoveries offered, taken,
 * succeeded or failed), kept to the newest {@link AUDIT_ROWS_KEPT} rows. Times are epoch ms. Pure module.
 */
import type { FailureType } from '../../model/failures';
import type { AuditEntry } from '../../model/snapshot';
import type { SqlDatabase } from '../database';

/** How many audit rows retention keeps (the newest). */
export const AUDIT_ROWS_KEPT = 5000;

/** Reads and writes `audit`. Every method throws only on a SQLite error (a bug). */
export class AuditRepository {
  constructor(private readonly db: SqlDatabase) {}

  /** Appends a row; returns its id. */
  insert(a: Omit<AuditEntry, 'id'>): number {
    return this.db.insert(
      'INSERT INTO audit (ts, session_id, finding_id, failure_type, strategy, outcome, actor, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      [a.timestamp, a.sessionId, a.findingId ?? null, a.failureType ?? null, a.strategy, a.outcome, a.actor, a.detail],
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
    return this.db.number(
      "SELECT COUNT(*) AS n FROM audit a JOIN findings f ON f.id = a.finding_id WHERE a.session_id = ? AND a.outcome = 'taken' AND f.severity != 'CRITICAL' AND a.strategy NOT IN ('acknowledge', 'snooze')",
      [sessionId],
    );
  }

  /** Deletes every row but the newest {@link AUDIT_ROWS_KEPT}. */
  prune(): void {
    this.db.run('DELETE FROM audit WHERE id <= (SELECT id FROM audit ORDER BY id DESC LIMIT 1 OFFSET ?)', [AUDIT_ROWS_KEPT]);
  }
}
