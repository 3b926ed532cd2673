/**
 * Repository of the table `resume_failures`: each failed resume of a session id (the agent answered that no such
 * conversation exists), with the session it was seen in. Times are epoch ms. Pure module.
 */
import type { SqlDatabase } from '../database';

/** Reads and writes `resume_failures`. Every method throws only on a SQLite error (a bug). */
export class ResumeFailuresRepository {
  constructor(private readonly db: SqlDatabase) {}

  /** Records a failed resume of `resumedId`, seen in session `sessionId` at `ts`. */
  insert(resumedId: string, sessionId: string, ts: number): void {
    this.db.run('INSERT INTO resume_failures (resumed_id, session_id, ts) VALUES (?, ?, ?)', [resumedId, sessionId, ts]);
  }

  /** How many resumes of `resumedId` failed (among those kept). */
  count(resumedId: string): number {
    return this.db.number('SELECT COUNT(*) AS n FROM resume_failures WHERE resumed_id = ?', [resumedId]);
  }

  /** Deletes the failures before `olderThanMs`. */
  pruneOlderThan(olderThanMs: number): void {
    this.db.run('DELETE FROM resume_failures WHERE ts < ?', [olderThanMs]);
  }
}
