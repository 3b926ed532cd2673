/**
 * Repository of the table `snoozes`, the store's one snooze model (schema version 3). A snooze stops notifications for
 * a scope until a time, or until the session changes:
 * - scoped to one finding (`findingId` set): what {@link SnoozesRepository.snoozeFinding} writes; the finding reads it
 *   back as its `snoozedUntil` (the tree shows it, the notification rule skips the finding until then);
 * - scoped to a session's failure type (no `findingId`; type '' for every type): what the alerting calls a silence
 *   (`Silence`, src/core/alerting/alerts.ts), listed, added and lifted through this repository.
 * Times are epoch ms. Pure module.
 */
import type { Silence } from '../../alerting/alerts';
import type { Row, SqlDatabase } from '../database';

/**
 * One snooze row: a {@link Silence} (session, failure type or '', end time or until-change with the message count it
 * was set at, when it was set; `createdAt` 0 when not recorded), plus the finding it is scoped to, when it is.
 */
export interface Snooze extends Silence {
  /** The finding this snooze is scoped to; absent for a session-wide silence. */
  findingId?: number;
}

/**
 * SQL of a finding's snooze end (epoch ms, 0 when not snoozed), as a column expression over the table `findings`
 * (`SELECT findings.*, <this> AS snoozed_until FROM findings ...`).
 */
export const FINDING_SNOOZED_UNTIL_SQL = 'COALESCE((SELECT until_ms FROM snoozes WHERE snoozes.finding_id = findings.id), 0)';

/** Reads and writes `snoozes`. Every method throws only on a SQLite error (a bug). */
export class SnoozesRepository {
  constructor(private readonly db: SqlDatabase) {}

  /** Stores a session-scoped snooze (its `id` is ignored) and returns its new row id. */
  insertSilence(s: Silence): number {
    return this.db.insert(
      'INSERT INTO snoozes (session_id, failure_type, until_ms, until_change, message_count, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [s.sessionId, s.type, s.untilMs, s.untilChange ? 1 : 0, s.messageCount, s.createdAt],
    );
  }

  /** Every session-scoped snooze (silence) that was not lifted, oldest first; finding-scoped snoozes are not listed. */
  silences(): Silence[] {
    return this.db.all('SELECT * FROM snoozes WHERE finding_id IS NULL AND lifted = 0 ORDER BY id').map(toSnooze);
  }

  /** Every snooze of both scopes that was not lifted, oldest first. */
  all(): Snooze[] {
    return this.db.all('SELECT * FROM snoozes WHERE lifted = 0 ORDER BY id').map(toSnooze);
  }

  /**
   * Lifts a session-scoped snooze by id (unknown ids, and ids of finding-scoped snoozes, are ignored). The row stays,
   * marked lifted, so that merging a copy of the store that still holds it cannot bring it back (docs/store.md);
   * retention deletes it later ({@link pruneLiftedOlderThan}).
   */
  deleteSilence(id: number): void {
    this.db.run('UPDATE snoozes SET lifted = 1 WHERE id = ? AND finding_id IS NULL', [id]);
  }

  /** Deletes the lifted snoozes set (or, when not recorded, ending) before `olderThanMs` (epoch ms). */
  pruneLiftedOlderThan(olderThanMs: number): void {
    this.db.run('DELETE FROM snoozes WHERE lifted = 1 AND MAX(created_at, until_ms) < ?', [olderThanMs]);
  }

  /**
   * Snoozes one finding until `untilMs` (replacing its earlier snooze; 0 ends it). The row takes the finding's session
   * and type; an unknown finding id is ignored.
   */
  snoozeFinding(findingId: number, untilMs: number): void {
    this.db.run(
      `INSERT INTO snoozes (session_id, failure_type, finding_id, until_ms) SELECT session_id, type, id, ? FROM findings WHERE id = ?
       ON CONFLICT(finding_id) DO UPDATE SET until_ms = excluded.until_ms`,
      [untilMs, findingId],
    );
  }

  /** Deletes the snoozes of findings that no longer exist (after the findings' retention). */
  pruneOrphans(): void {
    this.db.run('DELETE FROM snoozes WHERE finding_id IS NOT NULL AND finding_id NOT IN (SELECT id FROM findings)');
  }
}

function toSnooze(r: Row): Snooze {
  const s: Snooze = {
    id: Number(r.id),
    sessionId: String(r.session_id),
    type: String(r.failure_type),
    untilMs: Number(r.until_ms),
    untilChange: Number(r.until_change) === 1,
    messageCount: Number(r.message_count),
    createdAt: Number(r.created_at),
  };
  if (r.finding_id !== null) {
    s.findingId = Number(r.finding_id);
  }
  return s;
}
