/**
 * The `sessions` rows of one transaction, kept in JavaScript (see ./sessions.ts): the engine updates a session's
 * counters on every event, and one ingest batch is one transaction, so each row is read once, changed in memory by the
 * same rules the repository's UPDATE statements apply, and written back in one UPDATE before the commit. A few
 * thousand statements per batch become one or two per session.
 *
 * Each `touch`-like method returns false when it cannot apply the change exactly as SQLite would (outside a transaction,
 * an unknown id, a number that is not finite, text that is not well-formed UTF-16): the repository then runs its SQL
 * statement, and that statement (not the cache's own) makes the cache write its rows back and forget them first.
 * Pure module.
 */
import type { MessageResetReason } from '../../model/snapshot';
import type { Row, SqlDatabase, TransactionCache } from '../database';
import type { TokenUsage } from '../../model/event';
import type { TurnKind } from '../../engine/activity';

/**
 * One event's effect on a session's counters: `ts` epoch ms; `message` whether it counts as a message; `usage` tokens
 * and `costUsd` (USD, may be 0) to add; `model` the last model; `cwd` set once; `turn` the last conversational event
 * (kind, at `ts`); `messageId` the last counted assistant message.
 */
export interface SessionTouch {
  ts: number;
  message: boolean;
  usage?: TokenUsage;
  costUsd?: number;
  model?: string;
  cwd?: string;
  turn?: TurnKind;
  messageId?: string;
}

/** A text column of a session that can be set: the agent's title, the first prompt, the project name. */
export type SessionTextField = 'title' | 'first_prompt' | 'project';

/** The columns the cache changes, written back by one UPDATE (fixed, so one prepared statement serves every row). */
const WRITTEN = [
  'project',
  'title',
  'first_prompt',
  'cwd',
  'first_seen',
  'last_activity',
  'message_count',
  'messages_since_reset',
  'input_tokens',
  'output_tokens',
  'cache_read',
  'cache_creation',
  'cost_usd',
  'model',
  'turn_kind',
  'turn_at',
  'last_message_id',
  'last_error',
  'last_error_at',
  'skipped_lines',
  'context_tokens',
  'context_window',
  'context_model',
  'context_since_seq',
  'last_reset_reason',
  'last_reset_at',
] as const;

const WRITE_SQL = `UPDATE sessions SET ${WRITTEN.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`;

/** A lone surrogate: text SQLite would store changed (as U+FFFD), so the cache would not read back what SQLite does. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function exactText(v: unknown): boolean {
  return typeof v !== 'string' || !LONE_SURROGATE.test(v);
}

function finite(...values: unknown[]): boolean {
  return values.every((v) => v === undefined || (typeof v === 'number' && Number.isFinite(v)));
}

/** The session rows read in the current transaction, and which of them changed. */
export class SessionRowCache implements TransactionCache {
  readonly tables = ['sessions'];
  private readonly rows = new Map<string, Row>();
  private readonly changed = new Set<string>();

  constructor(private readonly db: SqlDatabase) {}

  /** The row of `id` (read once per transaction), or undefined when there is none or no transaction is open. */
  row(id: string): Row | undefined {
    if (!this.db.inTransaction) {
      return undefined;
    }
    let r = this.rows.get(id);
    if (!r) {
      r = this.db.get('SELECT * FROM sessions WHERE id = ?', [id], this);
      if (r) {
        this.rows.set(id, r);
      }
    }
    return r;
  }

  /**
   * Keeps rows just read by someone else's query (as SQLite has them, so after this cache's own rows were written back)
   * for the rest of the transaction; a row already cached is kept as it is. Outside a transaction: nothing.
   */
  seed(rows: readonly Row[]): void {
    if (!this.db.inTransaction) {
      return;
    }
    for (const r of rows) {
      const id = String(r.id);
      if (!this.rows.has(id)) {
        this.rows.set(id, { ...r });
      }
    }
  }

  /** Applies one event's effect (the repository's `touch` UPDATE); false when the caller must run the SQL. */
  touch(id: string, e: SessionTouch): boolean {
    const u = e.usage;
    if (!finite(e.ts, e.costUsd, u?.input, u?.output, u?.cacheRead, u?.cacheCreation) || ![e.model, e.cwd, e.messageId].every(exactText)) {
      return false;
    }
    const r = this.row(id);
    if (!r) {
      return false;
    }
    const ts = e.ts;
    const firstSeen = Number(r.first_seen);
    r.last_activity = Math.max(Number(r.last_activity), ts);
    if (firstSeen === 0 || (ts > 0 && ts < firstSeen)) {
      r.first_seen = ts;
    }
    const m = e.message ? 1 : 0;
    r.message_count = Number(r.message_count) + m;
    r.messages_since_reset = Number(r.messages_since_reset) + m;
    r.input_tokens = Number(r.input_tokens) + (u?.input ?? 0);
    r.output_tokens = Number(r.output_tokens) + (u?.output ?? 0);
    r.cache_read = Number(r.cache_read) + (u?.cacheRead ?? 0);
    r.cache_creation = Number(r.cache_creation) + (u?.cacheCreation ?? 0);
    r.cost_usd = Number(r.cost_usd) + (e.costUsd ?? 0);
    if (e.model !== undefined && e.model !== null) {
      r.model = e.model;
    }
    if (e.cwd !== undefined && e.cwd !== null && r.cwd === '') {
      r.cwd = e.cwd;
    }
    if (e.turn !== undefined && e.turn !== null) {
      r.turn_kind = e.turn;
      r.turn_at = ts;
    }
    if (e.messageId !== undefined && e.messageId !== null) {
      r.last_message_id = e.messageId;
    }
    this.changed.add(id);
    return true;
  }

  /** Sets a text column (the first prompt only while empty); false when the caller must run the SQL. */
  setText(id: string, field: SessionTextField, value: string): boolean {
    const r = exactText(value) ? this.row(id) : undefined;
    if (!r) {
      return false;
    }
    if (field !== 'first_prompt' || r.first_prompt === '') {
      r[field] = value;
      this.changed.add(id);
    }
    return true;
  }

  /** Records the last error and its epoch ms; false when the caller must run the SQL. */
  setLastError(id: string, text: string, ts: number): boolean {
    const r = exactText(text) && finite(ts) ? this.row(id) : undefined;
    if (!r) {
      return false;
    }
    r.last_error = text;
    r.last_error_at = ts;
    this.changed.add(id);
    return true;
  }

  /** Adds `n` to an integer column; false when the caller must run the SQL. */
  add(id: string, column: 'skipped_lines', n: number): boolean {
    const r = finite(n) ? this.row(id) : undefined;
    if (!r) {
      return false;
    }
    r[column] = Number(r[column]) + n;
    this.changed.add(id);
    return true;
  }

  /** Records the latest response's context (the repository's `setContext`); false when the caller must run the SQL. */
  setContext(id: string, tokens: number, windowTokens: number, model: string): boolean {
    const r = finite(tokens, windowTokens) && exactText(model) ? this.row(id) : undefined;
    if (!r) {
      return false;
    }
    r.context_tokens = tokens;
    if (windowTokens > 0) {
      r.context_window = windowTokens;
    }
    if (model !== '') {
      r.context_model = model;
    }
    this.changed.add(id);
    return true;
  }

  /**
   * After a compaction (the repository's `startContextEpoch`): the context is empty and samples count only after event
   * `sinceSeq` (the session's newest event); false when the caller must run the SQL.
   */
  startContextEpoch(id: string, sinceSeq: number): boolean {
    const r = finite(sinceSeq) ? this.row(id) : undefined;
    if (!r) {
      return false;
    }
    r.context_tokens = 0;
    r.context_since_seq = sinceSeq;
    this.changed.add(id);
    return true;
  }

  /** Starts the message count again from 0 (the repository's `resetMessageCount`); false when the caller must run the SQL. */
  resetMessageCount(id: string, reason: MessageResetReason, ts: number): boolean {
    const r = finite(ts) && exactText(reason) ? this.row(id) : undefined;
    if (!r) {
      return false;
    }
    r.messages_since_reset = 0;
    r.last_reset_reason = reason;
    r.last_reset_at = ts;
    this.changed.add(id);
    return true;
  }

  /** Writes every changed row back (before the commit, an export, or a query over many sessions). */
  flush(): void {
    for (const id of [...this.changed]) {
      this.write(id);
    }
  }

  /** Forgets every row (after the commit or the rollback). */
  clear(): void {
    this.rows.clear();
    this.changed.clear();
  }

  private write(id: string): void {
    const r = this.rows.get(id);
    if (!r || !this.changed.delete(id)) {
      return;
    }
    this.db.run(WRITE_SQL, [...WRITTEN.map((c) => r[c]), id], this);
  }
}
