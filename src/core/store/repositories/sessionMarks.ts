/**
 * Repository of the table `session_marks`: the sessions a person marked priority (never cleaned up) and when a
 * cleanup closed a session (epoch ms). Pure module.
 */
import type { SqlDatabase } from '../database';

/** The session marks: priority sessions, and the epoch ms at which a cleanup closed each closed session. */
export interface SessionMarks {
  priority: string[];
  closed: Map<string, number>;
}

/** Reads and writes `session_marks`. Every method throws only on a SQLite error (a bug). */
export class SessionMarksRepository {
  constructor(private readonly db: SqlDatabase) {}

  /** Marks a session priority, or clears the mark; `changedAtMs` (epoch ms) is when, for merges (the newest change wins). */
  setPriority(sessionId: string, priority: boolean, changedAtMs: number): void {
    this.db.run(
      `INSERT INTO session_marks (session_id, priority, priority_at) VALUES (?, ?, ?)
       ON CONFLICT(session_id) DO UPDATE SET priority = excluded.priority, priority_at = excluded.priority_at`,
      [sessionId, priority ? 1 : 0, changedAtMs],
    );
  }

  /** Records that a cleanup closed the session at `atMs`; undefined clears it. `changedAtMs` (epoch ms) is when, for merges. */
  setClosed(sessionId: string, atMs: number | undefined, changedAtMs: number): void {
    this.db.run(
      `INSERT INTO session_marks (session_id, closed_at, closed_changed_at) VALUES (?, ?, ?)
       ON CONFLICT(session_id) DO UPDATE SET closed_at = excluded.closed_at, closed_changed_at = excluded.closed_changed_at`,
      [sessionId, atMs ?? null, changedAtMs],
    );
  }

  /** Every mark. */
  all(): SessionMarks {
    const priority: string[] = [];
    const closed = new Map<string, number>();
    for (const r of this.db.all('SELECT * FROM session_marks')) {
      if (Number(r.priority) === 1) {
        priority.push(String(r.session_id));
      }
      if (r.closed_at !== null) {
        closed.set(String(r.session_id), Number(r.closed_at));
      }
    }
    return { priority, closed };
  }
}
