/**
 * The store: sessions, events (bounded, with retention), findings, the recovery audit log and the tailers' file offsets,
 * in SQLite on sql.js (WebAssembly), so it runs in a Node and in a browser extension host alike. Detection windows and
 * counts are SQL queries here. The caller persists `export()` bytes (debounced) and hands them back to {@link Store.open}.
 * Pure module: the sql.js module is passed in.
 */
import type { Database, SqlJsStatic, SqlValue, Statement } from 'sql.js';
import type { AgentEvent, AgentKind, TokenUsage } from '../model/event';
import type { FailureType, Severity, Strategy } from '../model/failures';
import type { AuditEntry, FindingSnapshot, FindingStatus, MessageReset, MessageResetReason, SessionSnapshot } from '../model/snapshot';
import type { Silence } from '../alerting/alerts';
import type { TurnKind } from '../engine/activity';

/**
 * Schema version kept in `meta`. Version 2 added the session-health columns and tables ({@link ADDED_COLUMNS},
 * {@link HEALTH_SCHEMA}); a version-1 store is migrated in place on open (columns added, nothing dropped).
 */
export const SCHEMA_VERSION = 2;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY, agent TEXT NOT NULL, project TEXT NOT NULL DEFAULT '', title TEXT NOT NULL DEFAULT '',
  first_prompt TEXT NOT NULL DEFAULT '', cwd TEXT NOT NULL DEFAULT '', file TEXT NOT NULL DEFAULT '',
  first_seen INTEGER NOT NULL DEFAULT 0, last_activity INTEGER NOT NULL DEFAULT 0, message_count INTEGER NOT NULL DEFAULT 0,
  input_tokens INTEGER NOT NULL DEFAULT 0, output_tokens INTEGER NOT NULL DEFAULT 0, cache_read INTEGER NOT NULL DEFAULT 0,
  cache_creation INTEGER NOT NULL DEFAULT 0, cost_usd REAL NOT NULL DEFAULT 0, model TEXT NOT NULL DEFAULT '',
  skipped_lines INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '', last_error_at INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, ts INTEGER NOT NULL, kind TEXT NOT NULL,
  text TEXT NOT NULL, tool_name TEXT, tool_hash TEXT, http_status INTEGER, failure_type TEXT, sidechain INTEGER NOT NULL DEFAULT 0,
  file TEXT, offset INTEGER
);
CREATE INDEX IF NOT EXISTS events_by_session ON events (session_id, seq);
CREATE INDEX IF NOT EXISTS events_by_failure ON events (session_id, failure_type, ts);
CREATE TABLE IF NOT EXISTS findings (
  id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, type TEXT NOT NULL, severity TEXT NOT NULL,
  strategy TEXT NOT NULL, count INTEGER NOT NULL, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,
  last_text TEXT NOT NULL, file TEXT, offset INTEGER, status TEXT NOT NULL DEFAULT 'open',
  snoozed_until INTEGER NOT NULL DEFAULT 0, escalation TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS findings_by_session ON findings (session_id, status);
CREATE TABLE IF NOT EXISTS audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT, ts INTEGER NOT NULL, session_id TEXT NOT NULL, finding_id INTEGER,
  failure_type TEXT, strategy TEXT NOT NULL, outcome TEXT NOT NULL, actor TEXT NOT NULL, detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS audit_by_session ON audit (session_id, ts);
CREATE TABLE IF NOT EXISTS files (
  path TEXT PRIMARY KEY, session_id TEXT NOT NULL, offset INTEGER NOT NULL, size INTEGER NOT NULL, mtime INTEGER NOT NULL
);
`;

/** Schema version 2, session health: message-count resets (idle, daily, message_limit) and failed resumes per session id. */
const HEALTH_SCHEMA = `
CREATE TABLE IF NOT EXISTS message_resets (
  id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, ts INTEGER NOT NULL, reason TEXT NOT NULL, count_before INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS message_resets_by_session ON message_resets (session_id, ts);
CREATE TABLE IF NOT EXISTS resume_failures (
  id INTEGER PRIMARY KEY AUTOINCREMENT, resumed_id TEXT NOT NULL, session_id TEXT NOT NULL, ts INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS resume_failures_by_id ON resume_failures (resumed_id);
`;

/**
 * Columns added after version 1 (table, column, declaration), added on open to stores that lack them (the migration).
 * sessions: messages since the last count reset and that reset; the last counted assistant message id (Claude Code writes
 * one line per content block of a message); the last conversational event on the main thread (kind and epoch ms: the
 * watchdog's input); the context used by the latest response (tokens), the window the agent reported (tokens, 0 when
 * not reported) and the event sequence after which context samples count (the last compaction); whether the session id
 * must never be resumed. events: the context size of a response (tokens), NULL for other events.
 */
const ADDED_COLUMNS: readonly [string, string, string][] = [
  ['sessions', 'messages_since_reset', 'INTEGER NOT NULL DEFAULT 0'],
  ['sessions', 'last_reset_reason', "TEXT NOT NULL DEFAULT ''"],
  ['sessions', 'last_reset_at', 'INTEGER NOT NULL DEFAULT 0'],
  ['sessions', 'last_message_id', "TEXT NOT NULL DEFAULT ''"],
  ['sessions', 'turn_kind', "TEXT NOT NULL DEFAULT ''"],
  ['sessions', 'turn_at', 'INTEGER NOT NULL DEFAULT 0'],
  ['sessions', 'context_tokens', 'INTEGER NOT NULL DEFAULT 0'],
  ['sessions', 'context_window', 'INTEGER NOT NULL DEFAULT 0'],
  ['sessions', 'context_model', "TEXT NOT NULL DEFAULT ''"],
  ['sessions', 'context_since_seq', 'INTEGER NOT NULL DEFAULT 0'],
  ['sessions', 'resume_broken', 'INTEGER NOT NULL DEFAULT 0'],
  ['events', 'context_tokens', 'INTEGER'],
];

/** Adds the tables and columns of later schema versions that `db` lacks, and records the version. Idempotent. */
function migrate(db: Database): void {
  db.exec(HEALTH_SCHEMA);
  for (const [table, column, decl] of ADDED_COLUMNS) {
    const info = db.exec(`PRAGMA table_info(${table})`)[0];
    const names = info ? info.values.map((v) => String(v[1])) : [];
    if (!names.includes(column)) {
      db.run(`ALTER TABLE ${table} ADD COLUMN ${column} ${decl}`);
    }
  }
  db.run("INSERT INTO meta (key, value) VALUES ('schema', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", [String(SCHEMA_VERSION)]);
}

/**
 * A session row (the columns of `sessions`): the snapshot's fields without the derived health and findings; `title` is
 * the agent's own title only, `firstPrompt` the first prompt typed.
 */
export type SessionRow = Omit<SessionSnapshot, 'health' | 'worstSeverity' | 'findings' | 'activity' | 'marathon' | 'context' | 'resumeBroken'> & {
  firstPrompt: string;
} & SessionHealthColumns;

/** What {@link Store.healthCounters} reads. */
export type SessionCounters = Pick<SessionRow, 'lastActivity' | 'messagesSinceReset' | 'lastMessageId' | 'turnKind' | 'contextWindow'>;

/** The session-health columns of a session row (schema version 2); see {@link ADDED_COLUMNS}. */
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

/** Where a tailer stopped in a file: the byte offset after the last complete line, and the size and mtime (ms) it saw. */
export interface FileState {
  path: string;
  sessionId: string;
  offset: number;
  size: number;
  mtime: number;
}

/** Thrown by {@link Store.open} when the bytes are not a SQLite database sql.js can read. */
export class CorruptStoreError extends Error {
  constructor(cause: unknown) {
    super(`The Session Doctor store is not a readable SQLite database: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'CorruptStoreError';
  }
}

type Row = Record<string, SqlValue>;

/** The SQLite store. Not thread-safe (the extension host is single-threaded). */
export class Store {
  private changed = false;
  private readonly statements = new Map<string, Statement>();
  private inTransaction = false;

  private constructor(private readonly db: Database) {}

  /** Runs `fn` in one SQLite transaction (rolled back if it throws). Nested calls join the outer transaction. */
  transaction<T>(fn: () => T): T {
    if (this.inTransaction) {
      return fn();
    }
    this.db.run('BEGIN');
    this.inTransaction = true;
    try {
      const out = fn();
      this.db.run('COMMIT');
      return out;
    } catch (e) {
      this.db.run('ROLLBACK');
      throw e;
    } finally {
      this.inTransaction = false;
    }
  }

  /**
   * Opens a store from persisted bytes, or a new empty one when `bytes` is undefined.
   * @throws CorruptStoreError when the bytes cannot be read as a database of ours.
   */
  static open(sql: SqlJsStatic, bytes?: Uint8Array): Store {
    let db: Database;
    try {
      db = bytes && bytes.length > 0 ? new sql.Database(bytes) : new sql.Database();
      // Reading the schema forces SQLite to parse the file header; a corrupt file throws here.
      db.exec('SELECT count(*) FROM sqlite_master');
      db.exec(SCHEMA);
      const version = db.exec("SELECT value FROM meta WHERE key = 'schema'")[0]?.values[0]?.[0];
      if (version === undefined) {
        db.run("INSERT INTO meta (key, value) VALUES ('schema', ?)", [String(SCHEMA_VERSION)]);
      }
      migrate(db);
    } catch (e) {
      throw new CorruptStoreError(e);
    }
    return new Store(db);
  }

  /** True when something was written since the last {@link export}. */
  get dirty(): boolean {
    return this.changed;
  }

  /** The database as bytes (SQLite file format), clearing the dirty flag. */
  export(): Uint8Array {
    // sql.js frees prepared statements when it exports.
    this.freeStatements();
    const bytes = this.db.export();
    this.changed = false;
    return bytes;
  }

  close(): void {
    this.freeStatements();
    this.db.close();
  }

  private freeStatements(): void {
    for (const st of this.statements.values()) {
      st.free();
    }
    this.statements.clear();
  }

  // ---- sessions ------------------------------------------------------------------------------------------------------

  /** Creates the session row if it does not exist yet (agent and file are set once). Returns true when created. */
  ensureSession(id: string, agent: AgentKind, file: string, project: string, ts: number): boolean {
    if (this.get('SELECT 1 AS x FROM sessions WHERE id = ?', [id])) {
      return false;
    }
    this.run('INSERT INTO sessions (id, agent, file, project, first_seen, last_activity) VALUES (?, ?, ?, ?, ?, ?)', [id, agent, file, project, ts, ts]);
    // A session that appears after a failed resume of its id was recorded is born never-to-be-resumed.
    this.run('UPDATE sessions SET resume_broken = 1 WHERE id = ? AND EXISTS (SELECT 1 FROM resume_failures WHERE resumed_id = ?)', [id, id]);
    return true;
  }

  /**
   * Applies one event's effect on the session's counters. `costUsd` may be 0; `message` says whether it counts as a
   * message; `turn` sets the last conversational event (kind, at `ts`); `messageId` the last counted assistant message.
   */
  touchSession(id: string, e: { ts: number; message: boolean; usage?: TokenUsage; costUsd?: number; model?: string; cwd?: string; turn?: TurnKind; messageId?: string }): void {
    const u = e.usage;
    this.run(
      `UPDATE sessions SET
         last_activity = MAX(last_activity, ?), first_seen = CASE WHEN first_seen = 0 OR (? > 0 AND ? < first_seen) THEN ? ELSE first_seen END,
         message_count = message_count + ?, messages_since_reset = messages_since_reset + ?,
         input_tokens = input_tokens + ?, output_tokens = output_tokens + ?, cache_read = cache_read + ?, cache_creation = cache_creation + ?,
         cost_usd = cost_usd + ?, model = COALESCE(?, model), cwd = CASE WHEN ? IS NOT NULL AND cwd = '' THEN ? ELSE cwd END,
         turn_kind = COALESCE(?, turn_kind), turn_at = CASE WHEN ? IS NULL THEN turn_at ELSE ? END, last_message_id = COALESCE(?, last_message_id)
       WHERE id = ?`,
      [e.ts, e.ts, e.ts, e.ts, e.message ? 1 : 0, e.message ? 1 : 0, u?.input ?? 0, u?.output ?? 0, u?.cacheRead ?? 0, u?.cacheCreation ?? 0, e.costUsd ?? 0, e.model ?? null, e.cwd ?? null, e.cwd ?? null, e.turn ?? null, e.turn ?? null, e.ts, e.messageId ?? null, id],
    );
  }

  /** Sets the title or first prompt (only when still empty for the first prompt; title always replaces). */
  setSessionText(id: string, field: 'title' | 'first_prompt' | 'project', value: string): void {
    if (field === 'first_prompt') {
      this.run("UPDATE sessions SET first_prompt = ? WHERE id = ? AND first_prompt = ''", [value, id]);
    } else {
      this.run(`UPDATE sessions SET ${field} = ? WHERE id = ?`, [value, id]);
    }
  }

  /** Records the last error text of a session (redacted by the caller). */
  setLastError(id: string, text: string, ts: number): void {
    this.run('UPDATE sessions SET last_error = ?, last_error_at = ? WHERE id = ?', [text, ts, id]);
  }

  /** Counts a skipped (unparseable) line in the session's health. */
  addSkippedLines(id: string, n: number): void {
    this.run('UPDATE sessions SET skipped_lines = skipped_lines + ? WHERE id = ?', [n, id]);
  }

  /** One session row, or undefined. */
  session(id: string): SessionRow | undefined {
    const r = this.get('SELECT * FROM sessions WHERE id = ?', [id]);
    return r ? toSession(r) : undefined;
  }

  /** Sessions active since `sinceMs` (epoch ms), or with an open finding, most recent first. */
  activeSessions(sinceMs: number): SessionRow[] {
    return this.all(
      `SELECT * FROM sessions WHERE last_activity >= ?
         OR id IN (SELECT session_id FROM findings WHERE status = 'open' AND last_seen >= ?)
       ORDER BY last_activity DESC`,
      [sinceMs, sinceMs],
    ).map(toSession);
  }

  // ---- events --------------------------------------------------------------------------------------------------------

  /**
   * Appends an event with the failure type the detector gave it and, for a main-thread response with usage, the context
   * size it reported (tokens). Returns its sequence number.
   */
  insertEvent(e: AgentEvent, failureType: FailureType | undefined, contextTokens?: number): number {
    this.run(
      `INSERT INTO events (session_id, ts, kind, text, tool_name, tool_hash, http_status, failure_type, sidechain, file, offset, context_tokens)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [e.sessionId, e.timestamp, e.kind, e.text, e.toolName ?? null, e.toolInputHash ?? null, e.httpStatus ?? null, failureType ?? null, e.sidechain ? 1 : 0, e.origin?.file ?? null, e.origin?.offset ?? null, contextTokens ?? null],
    );
    return Number(this.get('SELECT last_insert_rowid() AS id', [])!.id);
  }

  /** Events of `type` in the session with a timestamp in [sinceMs, untilMs] (the repeat-escalation window). */
  countFailures(sessionId: string, type: FailureType, sinceMs: number, untilMs: number): number {
    return Number(this.get('SELECT COUNT(*) AS n FROM events WHERE session_id = ? AND failure_type = ? AND ts >= ? AND ts <= ?', [sessionId, type, sinceMs, untilMs])!.n);
  }

  /** The last `n` tool calls of the session on one thread (main or subagents), newest first. */
  lastToolCalls(sessionId: string, sidechain: boolean, n: number): { toolName: string; toolHash: string }[] {
    return this.all("SELECT tool_name, tool_hash FROM events WHERE session_id = ? AND kind = 'tool_call' AND sidechain = ? ORDER BY seq DESC LIMIT ?", [sessionId, sidechain ? 1 : 0, n]).map((r) => ({
      toolName: String(r.tool_name ?? ''),
      toolHash: String(r.tool_hash ?? ''),
    }));
  }

  /** Number of events kept for the session. */
  eventCount(sessionId: string): number {
    return Number(this.get('SELECT COUNT(*) AS n FROM events WHERE session_id = ?', [sessionId])!.n);
  }

  /**
   * Retention: keeps at most `maxPerSession` events of the session (oldest dropped first) and drops every event, resolved
   * finding and inactive session older than `olderThanMs` (epoch ms). Findings and audit rows refer to events by text, not
   * by sequence number, so pruning never loses a finding.
   */
  prune(sessionId: string, maxPerSession: number, olderThanMs: number): void {
    this.run(
      'DELETE FROM events WHERE session_id = ? AND seq <= (SELECT seq FROM events WHERE session_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)',
      [sessionId, sessionId, maxPerSession],
    );
    this.run('DELETE FROM events WHERE ts < ?', [olderThanMs]);
    this.run("DELETE FROM findings WHERE status != 'open' AND last_seen < ?", [olderThanMs]);
    this.run('DELETE FROM message_resets WHERE ts < ?', [olderThanMs]);
    this.run('DELETE FROM resume_failures WHERE ts < ?', [olderThanMs]);
    this.run('DELETE FROM audit WHERE id <= (SELECT id FROM audit ORDER BY id DESC LIMIT 1 OFFSET 5000)', []);
  }

  // ---- findings ------------------------------------------------------------------------------------------------------

  /** The open (or acknowledged, not yet resolved) finding of `type` in the session, if any. */
  activeFinding(sessionId: string, type: FailureType): FindingSnapshot | undefined {
    const r = this.get("SELECT * FROM findings WHERE session_id = ? AND type = ? AND status != 'resolved' ORDER BY id DESC LIMIT 1", [sessionId, type]);
    return r ? toFinding(r) : undefined;
  }

  /** Inserts a new finding and returns it. */
  insertFinding(f: { sessionId: string; type: FailureType; severity: Severity; strategy: Strategy; ts: number; text: string; file?: string; offset?: number; escalation: string }): FindingSnapshot {
    this.run(
      `INSERT INTO findings (session_id, type, severity, strategy, count, first_seen, last_seen, last_text, file, offset, escalation)
       VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)`,
      [f.sessionId, f.type, f.severity, f.strategy, f.ts, f.ts, f.text, f.file ?? null, f.offset ?? null, f.escalation],
    );
    return this.finding(Number(this.get('SELECT last_insert_rowid() AS id', [])!.id))!;
  }

  /** Adds an occurrence to a finding. An acknowledged finding whose severity rises is opened again. */
  addOccurrence(id: number, o: { ts: number; text: string; file?: string; offset?: number; severity: Severity; strategy: Strategy; escalation: string; reopen: boolean }): FindingSnapshot {
    this.run(
      `UPDATE findings SET count = count + 1, last_seen = MAX(last_seen, ?), last_text = ?, file = ?, offset = ?, severity = ?, strategy = ?,
         escalation = ?, status = CASE WHEN ? THEN 'open' ELSE status END WHERE id = ?`,
      [o.ts, o.text, o.file ?? null, o.offset ?? null, o.severity, o.strategy, o.escalation, o.reopen ? 1 : 0, id],
    );
    return this.finding(id)!;
  }

  /** One finding by id. */
  finding(id: number): FindingSnapshot | undefined {
    const r = this.get('SELECT * FROM findings WHERE id = ?', [id]);
    return r ? toFinding(r) : undefined;
  }

  /** Findings of a session: unresolved first, worst severity first, then the 10 newest resolved ones. */
  findings(sessionId: string): FindingSnapshot[] {
    const rank = "CASE severity WHEN 'CRITICAL' THEN 3 WHEN 'HIGH' THEN 2 WHEN 'MEDIUM' THEN 1 ELSE 0 END";
    const active = this.all(`SELECT * FROM findings WHERE session_id = ? AND status != 'resolved' ORDER BY ${rank} DESC, last_seen DESC`, [sessionId]);
    const resolved = this.all("SELECT * FROM findings WHERE session_id = ? AND status = 'resolved' ORDER BY last_seen DESC LIMIT 10", [sessionId]);
    return [...active, ...resolved].map(toFinding);
  }

  /** Sets a finding's status. */
  setFindingStatus(id: number, status: FindingStatus): void {
    this.run('UPDATE findings SET status = ? WHERE id = ?', [status, id]);
  }

  /** Silences a finding's notifications until `untilMs` (epoch ms). */
  snoozeFinding(id: number, untilMs: number): void {
    this.run('UPDATE findings SET snoozed_until = ? WHERE id = ?', [untilMs, id]);
  }

  /** Resolves the session's open findings of the given types that were last seen at or before `ts`; returns them. */
  resolveFindings(sessionId: string, types: readonly FailureType[], ts: number): FindingSnapshot[] {
    if (types.length === 0) {
      return [];
    }
    const marks = types.map(() => '?').join(',');
    const rows = this.all(`SELECT * FROM findings WHERE session_id = ? AND status != 'resolved' AND last_seen <= ? AND type IN (${marks})`, [sessionId, ts, ...types]).map(toFinding);
    for (const f of rows) {
      this.setFindingStatus(f.id, 'resolved');
    }
    return rows;
  }

  // ---- audit ---------------------------------------------------------------------------------------------------------

  /** Appends an audit row; returns its id. */
  insertAudit(a: Omit<AuditEntry, 'id'>): number {
    this.run('INSERT INTO audit (ts, session_id, finding_id, failure_type, strategy, outcome, actor, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [
      a.timestamp,
      a.sessionId,
      a.findingId ?? null,
      a.failureType ?? null,
      a.strategy,
      a.outcome,
      a.actor,
      a.detail,
    ]);
    return Number(this.get('SELECT last_insert_rowid() AS id', [])!.id);
  }

  /** The newest `limit` audit rows, newest first, optionally of one session. */
  audit(limit: number, sessionId?: string): AuditEntry[] {
    const rows = sessionId
      ? this.all('SELECT * FROM audit WHERE session_id = ? ORDER BY id DESC LIMIT ?', [sessionId, limit])
      : this.all('SELECT * FROM audit ORDER BY id DESC LIMIT ?', [limit]);
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

  /** Recoveries taken for the session's non-critical findings (by the user or automatically): the retry-escalation count. */
  recoveriesTaken(sessionId: string): number {
    return Number(
      this.get(
        "SELECT COUNT(*) AS n FROM audit a JOIN findings f ON f.id = a.finding_id WHERE a.session_id = ? AND a.outcome = 'taken' AND f.severity != 'CRITICAL' AND a.strategy NOT IN ('acknowledge', 'snooze')",
        [sessionId],
      )!.n,
    );
  }

  // ---- session health ------------------------------------------------------------------------------------------------

  /** The counters of a session the engine reads before applying an event (a narrow read: it runs once per event). */
  healthCounters(id: string): SessionCounters | undefined {
    const r = this.get('SELECT last_activity, messages_since_reset, last_message_id, turn_kind, context_window FROM sessions WHERE id = ?', [id]);
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

  /** Records the context used by the latest response (tokens), the window the agent reported (0: none) and the model. */
  setContext(id: string, tokens: number, windowTokens: number, model: string): void {
    this.run("UPDATE sessions SET context_tokens = ?, context_window = CASE WHEN ? > 0 THEN ? ELSE context_window END, context_model = CASE WHEN ? != '' THEN ? ELSE context_model END WHERE id = ?", [
      tokens,
      windowTokens,
      windowTokens,
      model,
      model,
      id,
    ]);
  }

  /** After a compaction: the context is empty again and earlier context samples no longer count. */
  startContextEpoch(id: string): void {
    this.run('UPDATE sessions SET context_tokens = 0, context_since_seq = (SELECT COALESCE(MAX(seq), 0) FROM events WHERE session_id = ?) WHERE id = ?', [id, id]);
  }

  /** Context sizes (tokens) of the session's last `n` responses since the last compaction, oldest first. */
  contextSamples(id: string, n: number): number[] {
    return this.all(
      'SELECT context_tokens AS t FROM events WHERE session_id = ? AND context_tokens IS NOT NULL AND seq > (SELECT context_since_seq FROM sessions WHERE id = ?) ORDER BY seq DESC LIMIT ?',
      [id, id, n],
    )
      .map((r) => Number(r.t))
      .reverse();
  }

  /** Starts the session's message count again from 0 and records why. Returns the count before the reset. */
  resetMessages(id: string, reason: MessageResetReason, ts: number): number {
    const before = Number(this.get('SELECT messages_since_reset AS n FROM sessions WHERE id = ?', [id])?.n ?? 0);
    this.run('INSERT INTO message_resets (session_id, ts, reason, count_before) VALUES (?, ?, ?, ?)', [id, ts, reason, before]);
    this.run('UPDATE sessions SET messages_since_reset = 0, last_reset_reason = ?, last_reset_at = ? WHERE id = ?', [reason, ts, id]);
    return before;
  }

  /** The newest `limit` message-count resets, newest first, optionally of one session. */
  messageResets(limit: number, sessionId?: string): MessageReset[] {
    const rows = sessionId
      ? this.all('SELECT * FROM message_resets WHERE session_id = ? ORDER BY id DESC LIMIT ?', [sessionId, limit])
      : this.all('SELECT * FROM message_resets ORDER BY id DESC LIMIT ?', [limit]);
    return rows.map((r) => ({ sessionId: String(r.session_id), timestamp: Number(r.ts), reason: String(r.reason) as MessageResetReason, countBefore: Number(r.count_before) }));
  }

  /**
   * Records a failed resume of `resumedId` (seen in session `sessionId`), marks both sessions (when known) so they are never
   * resumed again, and returns how many resumes of `resumedId` have failed.
   */
  addResumeFailure(resumedId: string, sessionId: string, ts: number): number {
    this.run('INSERT INTO resume_failures (resumed_id, session_id, ts) VALUES (?, ?, ?)', [resumedId, sessionId, ts]);
    this.run('UPDATE sessions SET resume_broken = 1 WHERE id IN (?, ?)', [resumedId, sessionId]);
    return Number(this.get('SELECT COUNT(*) AS n FROM resume_failures WHERE resumed_id = ?', [resumedId])!.n);
  }

  /** Sessions with an unresolved finding of `type` (e.g. the stuck sessions, loaded once when the engine starts). */
  sessionsWithActiveFinding(type: FailureType): string[] {
    return this.all("SELECT DISTINCT session_id FROM findings WHERE type = ? AND status != 'resolved'", [type]).map((r) => String(r.session_id));
  }

  /** Error events of the session with a timestamp at or after `sinceMs` (epoch ms). */
  countErrors(sessionId: string, sinceMs: number): number {
    return Number(this.get("SELECT COUNT(*) AS n FROM events WHERE session_id = ? AND kind = 'error' AND ts >= ?", [sessionId, sinceMs])!.n);
  }

  /** Updates a finding's state without counting an occurrence (structural findings re-evaluated over time). */
  updateFinding(id: number, o: { ts: number; text: string; severity: Severity; strategy: Strategy; escalation: string; reopen: boolean }): FindingSnapshot {
    this.run(
      "UPDATE findings SET last_seen = MAX(last_seen, ?), last_text = ?, severity = ?, strategy = ?, escalation = ?, status = CASE WHEN ? THEN 'open' ELSE status END WHERE id = ?",
      [o.ts, o.text, o.severity, o.strategy, o.escalation, o.reopen ? 1 : 0, id],
    );
    return this.finding(id)!;
  }

  // ---- tailer offsets ------------------------------------------------------------------------------------------------

  fileState(path: string): FileState | undefined {
    const r = this.get('SELECT * FROM files WHERE path = ?', [path]);
    return r ? { path: String(r.path), sessionId: String(r.session_id), offset: Number(r.offset), size: Number(r.size), mtime: Number(r.mtime) } : undefined;
  }

  setFileState(s: FileState): void {
    this.run('INSERT INTO files (path, session_id, offset, size, mtime) VALUES (?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET session_id = excluded.session_id, offset = excluded.offset, size = excluded.size, mtime = excluded.mtime', [
      s.path,
      s.sessionId,
      s.offset,
      s.size,
      s.mtime,
    ]);
  }

  deleteFileState(path: string): void {
    this.run('DELETE FROM files WHERE path = ?', [path]);
  }

  // ---- plumbing ------------------------------------------------------------------------------------------------------

  private run(sql: string, params: SqlValue[]): void {
    const stmt = this.statement(sql);
    stmt.run(params);
    this.changed = true;
  }

  private statement(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  private get(sql: string, params: SqlValue[]): Row | undefined {
    return this.all(sql, params)[0];
  }

  private all(sql: string, params: SqlValue[]): Row[] {
    const stmt = this.statement(sql);
    try {
      stmt.bind(params);
      const rows: Row[] = [];
      while (stmt.step()) {
        rows.push(stmt.getAsObject() as Row);
      }
      return rows;
    } finally {
      stmt.reset();
    }
  }

  // ---- alert silences and session marks (alerting, concurrency) -------------------------------------------------------
  // Created on first use (CREATE TABLE IF NOT EXISTS), so store files written before these tables existed still open.

  private alertTablesReady = false;

  private ensureAlertTables(): void {
    if (this.alertTablesReady) {
      return;
    }
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS alert_silences (
        id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, failure_type TEXT NOT NULL DEFAULT '',
        until_ms INTEGER NOT NULL DEFAULT 0, until_change INTEGER NOT NULL DEFAULT 0, message_count INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS session_marks (
        session_id TEXT PRIMARY KEY, priority INTEGER NOT NULL DEFAULT 0, closed_at INTEGER
      );`);
    this.alertTablesReady = true;
    this.changed = true;
  }

  /** Stores a silence (its `id` is ignored) and returns it with its new id. */
  insertSilence(s: Silence): Silence {
    this.ensureAlertTables();
    this.run('INSERT INTO alert_silences (session_id, failure_type, until_ms, until_change, message_count, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
      s.sessionId,
      s.type,
      s.untilMs,
      s.untilChange ? 1 : 0,
      s.messageCount,
      s.createdAt,
    ]);
    return { ...s, id: Number(this.get('SELECT last_insert_rowid() AS id', [])!.id) };
  }

  /** Every stored silence, oldest first. */
  silences(): Silence[] {
    this.ensureAlertTables();
    return this.all('SELECT * FROM alert_silences ORDER BY id', []).map((r) => ({
      id: Number(r.id),
      sessionId: String(r.session_id),
      type: String(r.failure_type),
      untilMs: Number(r.until_ms),
      untilChange: Number(r.until_change) === 1,
      messageCount: Number(r.message_count),
      createdAt: Number(r.created_at),
    }));
  }

  /** Deletes a silence by id (unknown ids are ignored). */
  deleteSilence(id: number): void {
    this.ensureAlertTables();
    this.run('DELETE FROM alert_silences WHERE id = ?', [id]);
  }

  /** Marks a session priority (never cleaned up) or clears the mark. */
  setPriorityMark(sessionId: string, priority: boolean): void {
    this.ensureAlertTables();
    this.run('INSERT INTO session_marks (session_id, priority) VALUES (?, ?) ON CONFLICT(session_id) DO UPDATE SET priority = excluded.priority', [sessionId, priority ? 1 : 0]);
  }

  /** Records that a cleanup closed the session at `atMs` (epoch ms); undefined clears it. */
  setClosedMark(sessionId: string, atMs: number | undefined): void {
    this.ensureAlertTables();
    this.run('INSERT INTO session_marks (session_id, closed_at) VALUES (?, ?) ON CONFLICT(session_id) DO UPDATE SET closed_at = excluded.closed_at', [sessionId, atMs ?? null]);
  }

  /** Session marks: the sessions marked priority, and when sessions were closed by a cleanup (epoch ms). */
  sessionMarks(): { priority: string[]; closed: Map<string, number> } {
    this.ensureAlertTables();
    const priority: string[] = [];
    const closed = new Map<string, number>();
    for (const r of this.all('SELECT * FROM session_marks', [])) {
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

function toSession(r: Row): SessionRow {
  return {
    id: String(r.id),
    agent: String(r.agent) as AgentKind,
    project: String(r.project),
    title: String(r.title),
    firstPrompt: String(r.first_prompt),
    cwd: String(r.cwd),
    file: String(r.file),
    firstSeen: Number(r.first_seen),
    lastActivity: Number(r.last_activity),
    messageCount: Number(r.message_count),
    tokens: { input: Number(r.input_tokens), output: Number(r.output_tokens), cacheRead: Number(r.cache_read), cacheCreation: Number(r.cache_creation) },
    costUsd: Number(r.cost_usd),
    model: String(r.model),
    skippedLines: Number(r.skipped_lines),
    lastError: String(r.last_error),
    lastErrorAt: Number(r.last_error_at),
    messagesSinceReset: Number(r.messages_since_reset ?? 0),
    lastResetReason: String(r.last_reset_reason ?? '') as SessionHealthColumns['lastResetReason'],
    lastResetAt: Number(r.last_reset_at ?? 0),
    lastMessageId: String(r.last_message_id ?? ''),
    turnKind: String(r.turn_kind ?? '') as SessionHealthColumns['turnKind'],
    turnAt: Number(r.turn_at ?? 0),
    contextTokens: Number(r.context_tokens ?? 0),
    contextWindow: Number(r.context_window ?? 0),
    contextModel: String(r.context_model ?? ''),
    resumeBroken: Number(r.resume_broken ?? 0) === 1,
  };
}

function toFinding(r: Row): FindingSnapshot {
  return {
    id: Number(r.id),
    sessionId: String(r.session_id),
    type: String(r.type) as FailureType,
    title: '',
    severity: String(r.severity) as Severity,
    strategy: String(r.strategy) as Strategy,
    count: Number(r.count),
    firstSeen: Number(r.first_seen),
    lastSeen: Number(r.last_seen),
    lastText: String(r.last_text),
    file: r.file === null ? undefined : String(r.file),
    offset: r.offset === null ? undefined : Number(r.offset),
    status: String(r.status) as FindingStatus,
    snoozedUntil: Number(r.snoozed_until),
    escalation: String(r.escalation),
  };
}
