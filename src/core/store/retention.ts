/**
 * What the store's retention keeps, as {@link Store.prune} was last called: a merge (./merge.ts) applies the same
 * limits to the rows it brings in, so a copy of the store that was pruned later cannot bring old rows back. Pure module.
 *
 * Sessions themselves: a session whose last activity is older than the retention horizon and that has no finding
 * retention keeps (an open one, or one seen at or after the horizon) is over; {@link pruneEndedSessions} deletes its row
 * and every row that names it (events, findings, snoozes, audit rows, message resets, resume failures, session marks).
 * Only the tailer's file states stay (table `files`, one small row per transcript), so a transcript already read is not
 * read again. A merge brings none of an over session's rows back ({@link OVER_SESSIONS_TABLE}).
 */
import type { SqlDatabase } from './database';

/** The limits of the last prune. */
export interface Retention {
  /** Events kept per session (the newest). */
  maxPerSession: number;
  /** Epoch ms before which events, closed findings, lifted snoozes, resets and resume failures are dropped. */
  olderThanMs: number;
}

/** The temp table a merge fills with the ids of the source's sessions that are over and that the target lacks. */
export const OVER_SESSIONS_TABLE = 'temp.merge_over_sessions';

/**
 * SQL condition: the session row `alias` (of schema `schema`: `main` or an attached copy) is over at `cutoffMs` (epoch
 * ms): its last activity is before the cutoff and it has no finding retention keeps (status 'open', or last seen at or
 * after the cutoff).
 */
export function sessionOverSql(alias: string, schema: string, cutoffMs: number): string {
  const at = Math.trunc(cutoffMs);
  return `(${alias}.last_activity < ${at} AND NOT EXISTS (SELECT 1 FROM ${schema}.findings f
    WHERE f.session_id = ${alias}.id AND (f.status = 'open' OR f.last_seen >= ${at})))`;
}

/** The tables whose rows name a session in `session_id` (deleted with it; `files` stays on purpose). */
const SESSION_TABLES = ['events', 'findings', 'snoozes', 'audit', 'message_resets', 'resume_failures', 'session_marks'];

/**
 * Deletes the sessions that are over at `olderThanMs` (epoch ms; see {@link sessionOverSql}) and every row that names
 * them (a resume failure also by its resumed id). One transaction. Returns how many sessions it deleted. Call it
 * outside the engine's ingest (the shared store calls it before each write): a session being read again after it is
 * over comes back as a new row with its new events.
 * @throws the SQLite error of a failed statement (nothing is then deleted)
 */
export function pruneEndedSessions(db: SqlDatabase, olderThanMs: number): number {
  return db.transaction(() => {
    db.exec(`CREATE TEMP TABLE prune_over AS SELECT id FROM main.sessions s WHERE ${sessionOverSql('s', 'main', olderThanMs)}`);
    try {
      const n = db.number('SELECT COUNT(*) AS n FROM temp.prune_over');
      if (n > 0) {
        const gone = 'IN (SELECT id FROM temp.prune_over)';
        db.write(
          [
            ...SESSION_TABLES.map((t) => `DELETE FROM main.${t} WHERE session_id ${gone};`),
            `DELETE FROM main.resume_failures WHERE resumed_id ${gone};`,
            `DELETE FROM main.sessions WHERE id ${gone};`,
          ].join('\n'),
        );
      }
      return n;
    } finally {
      db.exec('DROP TABLE temp.prune_over');
    }
  });
}
