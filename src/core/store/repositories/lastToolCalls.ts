/**
 * The last tool calls of each session and thread (main or subagents), kept for one transaction: the loop check asks
 * for them after every tool call, and in one ingest batch they change only by the batch's own inserts. Read from
 * SQLite once per session and thread, then the events repository tells each tool call it inserts. Any other write to
 * `events` (retention) forgets them (see `TransactionCache`). Pure module.
 */
import type { AgentEvent } from '../../model/event';
import type { SqlDatabase, TransactionCache } from '../database';
import { isWellFormed } from '../database';

/** A tool call as the loop check compares them: the tool's name and the hash of its input ('' when unknown). */
export interface ToolCallRow {
  toolName: string;
  toolHash: string;
}

/** The newest tool calls of one session and thread, newest first; `limit`: how many were asked for when read. */
interface Recent {
  limit: number;
  calls: ToolCallRow[];
}

/** The cache; `query` reads the newest `n` tool calls from SQLite (as the repository's query does). */
export class LastToolCalls implements TransactionCache {
  readonly tables = ['events'];
  private readonly recent = new Map<string, Recent>();

  constructor(
    private readonly db: SqlDatabase,
    private readonly query: (sessionId: string, sidechain: boolean, n: number) => ToolCallRow[],
  ) {}

  /** The newest `n` tool calls, newest first; undefined outside a transaction (the caller queries). */
  last(sessionId: string, sidechain: boolean, n: number): ToolCallRow[] | undefined {
    if (!this.db.inTransaction) {
      return undefined;
    }
    const key = `${sessionId}\u0000${sidechain ? 1 : 0}`;
    let r = this.recent.get(key);
    if (!r || r.limit < n) {
      r = { limit: n, calls: this.query(sessionId, sidechain, n) };
      this.recent.set(key, r);
    }
    return r.calls.slice(0, n).map((c) => ({ ...c }));
  }

  /** A tool call was inserted (after the cache was read): it becomes the newest of its session and thread. */
  added(e: AgentEvent): void {
    const key = `${e.sessionId}\u0000${e.sidechain ? 1 : 0}`;
    const r = this.recent.get(key);
    if (!r) {
      return;
    }
    const toolName = e.toolName ?? '';
    const toolHash = e.toolInputHash ?? '';
    if (!isWellFormed(toolName) || !isWellFormed(toolHash)) {
      // SQLite would store these changed (U+FFFD): read them back from it next time.
      this.recent.delete(key);
      return;
    }
    r.calls.unshift({ toolName, toolHash });
    if (r.calls.length > r.limit) {
      r.calls.length = r.limit;
    }
  }

  /** Nothing to write: the cache only reads. */
  flush(): void {}

  /** Forgets every session's calls. */
  clear(): void {
    this.recent.clear();
  }
}
