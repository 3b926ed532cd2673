/**
 * Repository of the table `message_resets`: each time a session's message count started again from 0 (after an idle
 * gap, at the daily reset hour, or by a compaction near the message limit) and the count before it. Times are epoch
 * ms. Pure module.
 */
import type { MessageReset, MessageResetReason } from '../../model/snapshot';
import type { SqlDatabase } from '../database';

/** Reads and writes `message_resets`. Every method throws only on a SQLite error (a bug). */
export class MessageResetsRepository {
  constructor(private readonly db: SqlDatabase) {}

  /** Records a reset of the session's count at `ts`, with the count before it. */
  insert(sessionId: string, reason: MessageResetReason, ts: number, countBefore: number): void {
    this.db.run('INSERT INTO message_resets (session_id, ts, reason, count_before) VALUES (?, ?, ?, ?)', [
      sessionId,
      ts,
      reason,
      countBefore,
    ]);
  }

  /** The newest `limit` resets, newest first, of one session or (`sessionId` undefined) of all. */
  list(limit: number, sessionId?: string): MessageReset[] {
    const rows = sessionId
      ? this.db.all('SELECT * FROM message_resets WHERE session_id = ? ORDER BY id DESC LIMIT ?', [sessionId, limit])
      : this.db.all('SELECT * FROM message_resets ORDER BY id DESC LIMIT ?', [limit]);
    return rows.map((r) => ({
      sessionId: String(r.session_id),
      timestamp: Number(r.ts),
      reason: String(r.reason) as MessageResetReason,
      countBefore: Number(r.count_before),
    }));
  }

  /** Deletes the resets before `olderThanMs`. */
  pruneOlderThan(olderThanMs: number): void {
    this.db.run('DELETE FROM message_resets WHERE ts < ?', [olderThanMs]);
  }
}
