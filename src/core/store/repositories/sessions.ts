/**
 * Repository of the table `sessions`: one row per agent session with its counters (messages, tokens, cost), its last
 * error and the session-health columns (message-count reset, last turn, context, resume broken). Times are epoch ms.
 * Pure module.
 *
 * Inside a transaction (one ingest batch) the rows this repository reads are kept in a {@link SessionRowCache}: the
 * engine's per-event updates (counters, last error, first prompt, context) change the cached row in JavaScript, and each
 * changed row is written once, in one UPDATE, before the commit. The SQL semantics of each update are reproduced
 * exactly; an update the cache cannot reproduce exactly (a value that is not a finite number or not well-formed text)
 * runs its SQL statement, which first writes the cached rows back and forgets them (see `TransactionCache`). Outside a
 * transaction every call is one statement, as before.
 */
import type { AgentKind } from '../../model/event';
import type { MessageResetReason, SessionSnapshot } from '../../model/snapshot';
import type { TurnKind } from '../../engine/activity';
import type { Row, SqlDatabase, SqlValue } from '../database';
import { CONTEXT_SAMPLES_COLUMN, parseContextSamples } from './events';
import { SessionRowCache, SessionTextField, SessionTouch } from './sessionRowCache';

/** The session-health columns of a session row (schema version 2). */
export interface SessionHealthColumns {
  /** Messages counted since the last reset. */
  messagesSinceReset: number;
  /** Reason and epoch ms of the last reset ('' and 0 when none). */
  lastResetReason: MessageResetReason | '';
  lastResetAt: number;
  /** Id of the last counted assistant message ('' when none or when the agent gives none). */
  lastMessageId: string;
  /** The last conversational event on the main thread ('' before any) and its epoch ms. */
  turnKind: TurnKind | '';
  turnAt: number;
  /** Context used by the latest main-thread response (tokens; 0 before any, or after a compaction). */
  contextTokens: number;
  /** Context window the agent itself reported (tokens), 0 when it did not. */
  contextWindow: number;
  /** Model of the latest response with usage. */
  contextModel: string;
  /** Resume of this id failed (stale session). */
  resumeBroken: boolean;
}

/**
 * A session row (the columns of `sessions`): the snapshot's fields without the derived health and findings; `title` is
 * the agent's own title only, `firstPrompt` the first prompt typed.
 */
export type SessionRow = Omit<
  SessionSnapshot,
  'health' | 'worstSeverity' | 'findings' | 'activity' | 'marathon' | 'context' | 'resumeBroken'
> & {
  firstPrompt: string;
} & SessionHealthColumns;

/** What the engine reads of a session before applying an event (see {@link SessionsRepository.healthCounters}). */
export type SessionCounters = Pick<SessionRow, 'lastActivity' | 'messagesSinceReset' | 'lastMessageId' | 'turnKind' | 'contextWindow'>;

export type { SessionTextField, SessionTouch } from './sessionRowCache';

/**
 * The condition of an active session in a query over `sessions AS s`, with two parameters (epoch ms, both the same): active
 * since then, or with an open finding last seen since then.
 */
export const ACTIVE_SESSIONS_WHERE = `(s.last_activity >= ? OR s.id IN (SELECT session_id FROM findings WHERE status = 'open' AND last_seen >= ?))`;

/** Reads and writes `sessions`. Every method throws only on a SQLite error (a bug). */
export class SessionsRepository {
  private readonly cache: SessionRowCache;

  constructor(private readonly db: SqlDatabase) {
    this.cache = new SessionRowCache(db);
    db.addTransactionCache(this.cache);
  }

  /** True when a row with this id exists. */
  exists(id: string): boolean {
    if (this.db.inTransaction) {
      return this.cache.row(id) !== undefined;
    }
    return this.db.get('SELECT 1 AS x FROM sessions WHERE id = ?', [id]) !== undefined;
  }

  /** Inserts a new row (first seen and last activity at `ts`, epoch ms); the id must not exist yet. */
  insert(id: string, agent: AgentKind, file: string, project: string, ts: number): void {
    this.db.run('INSERT INTO sessions (id, agent, file, project, first_seen, last_activity) VALUES (?, ?, ?, ?, ?, ?)', [
      id,
      agent,
      file,
      project,
      ts,
      ts,
    ]);
  }

  /** Applies one event's effect on the counters (see {@link SessionTouch}). Unknown ids are ignored. */
  touch(id: string, e: SessionTouch): void {
    if (this.cache.touch(id, e)) {
      return;
    }
    const u = e.usage;
    this.db.run(
      `UPDATE sessions SET
         last_activity = MAX(last_activity, ?), first_seen = CASE WHEN first_seen = 0 OR (? > 0 AND ? < first_seen) THEN ? ELSE first_seen END,
         message_count = message_count + ?, messages_since_reset = messages_since_reset + ?,
         input_tokens = input_tokens + ?, output_tokens = output_tokens + ?, cache_read = cache_read + ?, cache_creation = cache_creation + ?,
         cost_usd = cost_usd + ?, model = COALESCE(?, model), cwd = CASE WHEN ? IS NOT NULL AND cwd = '' THEN ? ELSE cwd END,
         turn_kind = COALESCE(?, turn_kind), turn_at = CASE WHEN ? IS NULL THEN turn_at ELSE ? END, last_message_id = COALESCE(?, last_message_id)
       WHERE id = ?`,
      [
        e.ts,
        e.ts,
        e.ts,
        e.ts,
        e.message ? 1 : 0,
        e.message ? 1 : 0,
        u?.input ?? 0,
        u?.output ?? 0,
        u?.cacheRead ?? 0,
        u?.cacheCreation ?? 0,
        e.costUsd ?? 0,
        e.model ?? null,
        e.cwd ?? null,
        e.cwd ?? null,
        e.turn ?? null,
        e.turn ?? null,
        e.ts,
        e.messageId ?? null,
        id,
      ],
    );
  }

  /** Sets a text column: the first prompt only while it is still empty; the title and the project always. */
  setText(id: string, field: SessionTextField, value: string): void {
    if (this.cache.setText(id, field, value)) {
      return;
    }
    if (field === 'first_prompt') {
      this.db.run("UPDATE sessions SET first_prompt = ? WHERE id = ? AND first_prompt = ''", [value, id]);
    } else {
      this.db.run(`UPDATE sessions SET ${field} = ? WHERE id = ?`, [value, id]);
    }
  }

  /** Records the last error text (redacted by the caller) and its epoch ms. */
  setLastError(id: string, text: string, ts: number): void {
    if (this.cache.setLastError(id, text, ts)) {
      return;
    }
    this.db.run('UPDATE sessions SET last_error = ?, last_error_at = ? WHERE id = ?', [text, ts, id]);
  }

  /** Adds `n` to the count of lines that could not be parsed. */
  addSkippedLines(id: string, n: number): void {
    if (this.cache.add(id, 'skipped_lines', n)) {
      return;
    }
    this.db.run('UPDATE sessions SET skipped_lines = skipped_lines + ? WHERE id = ?', [n, id]);
  }

  /** One row, or undefined. */
  get(id: string): SessionRow | undefined {
    const r = this.db.inTransaction ? this.cache.row(id) : this.db.get('SELECT * FROM sessions WHERE id = ?', [id]);
    return r ? toSession(r) : undefined;
  }

  /**
   * Rows active since `sinceMs` (epoch ms), or with an open finding last seen since then, most recent first. With
   * `contextSamples` (a snapshot), the same query reads each session's last context samples (tokens, oldest first; only
   * sessions whose context is not empty are in the map), and the rows are not kept for per-session reads (the snapshot
   * projects them as they are); without, in a transaction, they answer the per-session reads that follow.
   */
  active(sinceMs: number, contextSamples?: Map<string, number[]>): SessionRow[] {
    if (!contextSamples) {
      const rows = this.db.all(`SELECT * FROM sessions s WHERE ${ACTIVE_SESSIONS_WHERE} ORDER BY s.last_activity DESC`, [sinceMs, sinceMs]);
      this.cache.seed(rows);
      return rows.map(toSession);
    }
    const values = this.db.values(
      `SELECT ${SESSION_COLUMNS.map((c) => `s.${c}`).join(', ')}, ${CONTEXT_SAMPLES_COLUMN} AS context_samples FROM sessions s
       WHERE ${ACTIVE_SESSIONS_WHERE} ORDER BY s.last_activity DESC`,
      [sinceMs, sinceMs],
    );
    return values.map((v) => {
      const row = sessionOf(v);
      const samples = parseContextSamples(v[SESSION_COLUMNS.length]);
      if (samples) {
        contextSamples.set(row.id, samples);
      }
      return row;
    });
  }

  /** The counters the engine reads once per event (a narrow read), or undefined for an unknown id. */
  healthCounters(id: string): SessionCounters | undefined {
    const r = this.db.inTransaction
      ? this.cache.row(id)
      : this.db.get('SELECT last_activity, messages_since_reset, last_message_id, turn_kind, context_window FROM sessions WHERE id = ?', [
          id,
        ]);
    return r
      ? {
          lastActivity: Number(r.last_activity),
          messagesSinceReset: Number(r.messages_since_reset),
          lastMessageId: String(r.last_message_id),
          turnKind: String(r.turn_kind) as SessionCounters['turnKind'],
          contextWindow: Number(r.context_window),
        }
      : undefined;
  }

  /** Records the context of the latest response: `tokens` used, `windowTokens` reported (0: keep the known one), `model` ('' keeps it). */
  setContext(id: string, tokens: number, windowTokens: number, model: string): void {
    if (this.cache.setContext(id, tokens, windowTokens, model)) {
      return;
    }
    this.db.run(
      "UPDATE sessions SET context_tokens = ?, context_window = CASE WHEN ? > 0 THEN ? ELSE context_window END, context_model = CASE WHEN ? != '' THEN ? ELSE context_model END WHERE id = ?",
      [tokens, windowTokens, windowTokens, model, model, id],
    );
  }

  /**
   * After a compaction: the context is empty again, and context samples count only after the session's newest event. In
   * a transaction the row is changed in the row cache (the newest event's sequence number read, no UPDATE, so the
   * cached rows are not written back and read again at every compaction).
   */
  startContextEpoch(id: string): void {
    if (this.db.inTransaction && this.cache.row(id)) {
      const since = this.db.number('SELECT COALESCE(MAX(seq), 0) AS n FROM events WHERE session_id = ?', [id]);
      if (this.cache.startContextEpoch(id, since)) {
        return;
      }
    }
    this.db.run(
      'UPDATE sessions SET context_tokens = 0, context_since_seq = (SELECT COALESCE(MAX(seq), 0) FROM events WHERE session_id = ?) WHERE id = ?',
      [id, id],
    );
  }

  /** Messages counted since the last reset (0 for an unknown id). */
  messagesSinceReset(id: string): number {
    if (this.db.inTransaction) {
      const r = this.cache.row(id);
      return r ? Number(r.messages_since_reset) : 0;
    }
    return this.db.number('SELECT messages_since_reset AS n FROM sessions WHERE id = ?', [id]);
  }

  /** Starts the message count again from 0 and records the reset's reason and epoch ms. */
  resetMessageCount(id: string, reason: MessageResetReason, ts: number): void {
    if (this.cache.resetMessageCount(id, reason, ts)) {
      return;
    }
    this.db.run('UPDATE sessions SET messages_since_reset = 0, last_reset_reason = ?, last_reset_at = ? WHERE id = ?', [reason, ts, id]);
  }

  /** Marks the sessions `a` and `b` (when they exist; they may be the same id) never to be resumed. */
  markResumeBroken(a: string, b: string): void {
    this.db.run('UPDATE sessions SET resume_broken = 1 WHERE id IN (?, ?)', [a, b]);
  }
}

/** The columns of a session row, in the order {@link sessionOf} reads them (every column but `context_since_seq`). */
const SESSION_COLUMNS = [
  'id',
  'agent',
  'project',
  'title',
  'first_prompt',
  'cwd',
  'file',
  'first_seen',
  'last_activity',
  'message_count',
  'input_tokens',
  'output_tokens',
  'cache_read',
  'cache_creation',
  'cost_usd',
  'model',
  'skipped_lines',
  'last_error',
  'last_error_at',
  'messages_since_reset',
  'last_reset_reason',
  'last_reset_at',
  'last_message_id',
  'turn_kind',
  'turn_at',
  'context_tokens',
  'context_window',
  'context_model',
  'resume_broken',
] as const;

function toSession(r: Row): SessionRow {
  return sessionOf(SESSION_COLUMNS.map((c) => r[c]));
}

/** A session row from the values of {@link SESSION_COLUMNS}, in that order. */
function sessionOf(v: readonly SqlValue[]): SessionRow {
  return {
    id: String(v[0]),
    agent: String(v[1]) as AgentKind,
    project: String(v[2]),
    title: String(v[3]),
    firstPrompt: String(v[4]),
    cwd: String(v[5]),
    file: String(v[6]),
    firstSeen: Number(v[7]),
    lastActivity: Number(v[8]),
    messageCount: Number(v[9]),
    tokens: {
      input: Number(v[10]),
      output: Number(v[11]),
      cacheRead: Number(v[12]),
      cacheCreation: Number(v[13]),
    },
    costUsd: Number(v[14]),
    model: String(v[15]),
    skippedLines: Number(v[16]),
    lastError: String(v[17]),
    lastErrorAt: Number(v[18]),
    messagesSinceReset: Number(v[19]),
    lastResetReason: String(v[20]) as SessionHealthColumns['lastResetReason'],
    lastResetAt: Number(v[21]),
    lastMessageId: String(v[22]),
    turnKind: String(v[23]) as SessionHealthColumns['turnKind'],
    turnAt: Number(v[24]),
    contextTokens: Number(v[25]),
    contextWindow: Number(v[26]),
    contextModel: String(v[27]),
    resumeBroken: Number(v[28]) === 1,
  };
}
