/**
 * The store: sessions, events (bounded, with retention), findings, snoozes, the recovery audit log, session health and
 * the tailers' file offsets, in SQLite on sql.js (WebAssembly), so it runs in a Node and in a browser extension host
 * alike. Detection windows and counts are SQL queries here. The caller persists `export()` bytes (see
 * ./persistence.ts) and hands them back to {@link Store.open}.
 *
 * This class is a small facade: the SQL lives in one repository per table (./repositories/), the statement cache and
 * transactions in ./database.ts, the schema in ./migrations.ts. Pure module: the sql.js module is passed in.
 */
import type { Database, SqlJsStatic } from 'sql.js';
import type { AgentEvent, AgentKind } from '../model/event';
import type { FailureType } from '../model/failures';
import type { AuditEntry, FindingSnapshot, FindingStatus, MessageReset, MessageResetReason } from '../model/snapshot';
import type { Silence } from '../alerting/alerts';
import { SqlDatabase } from './database';
import type { ExportBuffer } from './exportBuffer';
import { LATEST_SCHEMA_VERSION, migrate } from './migrations';
import { AuditRepository } from './repositories/audit';
import { EventsRepository } from './repositories/events';
import { FileState, FilesRepository } from './repositories/files';
import { FindingOccurrence, FindingsRepository, FindingUpdate, NewFinding } from './repositories/findings';
import { MessageResetsRepository } from './repositories/messageResets';
import { MetaRepository } from './repositories/meta';
import type { Retention } from './retention';
import { ResumeFailuresRepository } from './repositories/resumeFailures';
import { SessionMarks, SessionMarksRepository } from './repositories/sessionMarks';
import { SessionCounters, SessionRow, SessionsRepository, SessionTextField, SessionTouch } from './repositories/sessions';
import { SnoozesRepository } from './repositories/snoozes';
import { readForSnapshot } from './snapshotRead';
import { openResident } from './resident';

export type { FileState } from './repositories/files';
export type { Retention } from './retention';
export type { SessionCounters, SessionHealthColumns, SessionRow } from './repositories/sessions';
export type { Snooze } from './repositories/snoozes';
export type { SessionMarks } from './repositories/sessionMarks';

/** The schema version this code writes (`PRAGMA user_version`); older stores are migrated on open (./migrations.ts). */
export const SCHEMA_VERSION = LATEST_SCHEMA_VERSION;

/** Thrown by {@link Store.open} when the bytes are not a SQLite database sql.js can read (or its migration failed). */
export class CorruptStoreError extends Error {
  /** @param cause the sql.js error; its message is appended to this one's. */
  constructor(cause: unknown) {
    super(`The Session Doctor store is not a readable SQLite database: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'CorruptStoreError';
  }
}

/** The SQLite store. Not thread-safe (the extension host is single-threaded). Methods throw only on SQLite errors (bugs). */
export class Store {
  /** The retention of the last {@link prune}, undefined before the first. */
  retention: Retention | undefined;
  /** Key-value rows of the table `meta` (who wrote the store file; see ./sharedStore.ts). */
  readonly meta: MetaRepository;
  private readonly sessions: SessionsRepository;
  private readonly events: EventsRepository;
  private readonly findingsRepo: FindingsRepository;
  private readonly auditRepo: AuditRepository;
  private readonly files: FilesRepository;
  private readonly resets: MessageResetsRepository;
  private readonly resumeFailures: ResumeFailuresRepository;
  private readonly snoozes: SnoozesRepository;
  private readonly marks: SessionMarksRepository;

  private constructor(
    private readonly db: SqlDatabase,
    private readonly now: () => number,
  ) {
    this.meta = new MetaRepository(db);
    this.sessions = new SessionsRepository(db);
    this.events = new EventsRepository(db);
    this.findingsRepo = new FindingsRepository(db);
    this.auditRepo = new AuditRepository(db);
    this.files = new FilesRepository(db);
    this.resets = new MessageResetsRepository(db);
    this.resumeFailures = new ResumeFailuresRepository(db);
    this.snoozes = new SnoozesRepository(db);
    this.marks = new SessionMarksRepository(db);
  }

  /**
   * Opens a store from persisted bytes (SQLite file format), or a new empty one when `bytes` is undefined or empty, and
   * migrates it to {@link SCHEMA_VERSION}. Opening is not a change: {@link dirty} is false afterwards. A store written
   * by a newer Session Doctor (a higher version) is left at its version ({@link schemaVersion} tells).
   * @param now epoch ms clock, for when session marks change; `options.resident`: pages in WebAssembly memory (./resident.ts)
   * @throws CorruptStoreError when the bytes cannot be read as a database of ours.
   */
  static open(sql: SqlJsStatic, bytes?: Uint8Array, now: () => number = () => Date.now(), options: { resident?: boolean } = {}): Store {
    let raw: Database | undefined;
    try {
      raw = (options.resident && openResident(sql, bytes)) || (bytes?.length ? new sql.Database(bytes) : new sql.Database());
      // Reading the schema forces SQLite to parse the file header; a corrupt file throws here.
      raw.exec('SELECT count(*) FROM sqlite_master');
      const db = new SqlDatabase(raw);
      migrate(db);
      return new Store(db, now);
    } catch (e) {
      raw?.close();
      throw new CorruptStoreError(e);
    }
  }

  /** Runs `fn` in one SQLite transaction (rolled back if it throws, and the error rethrown). Nested calls join the outer one. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn);
  }

  /** True when something was written since the last {@link export}. */
  get dirty(): boolean {
    return this.db.dirty;
  }

  /** The database as bytes (SQLite file format), clearing the dirty flag; `into`: a buffer reused by each save. */
  export(into?: ExportBuffer): Uint8Array {
    return this.db.export(into);
  }

  /** Closes the database; the store must not be used afterwards. */
  close(): void {
    this.db.close();
  }

  /** The database, for the store's own modules (merge, shared file); features and the engine use this class's methods. */
  get database(): SqlDatabase {
    return this.db;
  }

  // ---- sessions ------------------------------------------------------------------------------------------------------

  /**
   * Creates the session row if it does not exist yet (agent and file are set once; `ts` epoch ms). A session whose id
   * already failed to resume is born never-to-be-resumed. Returns true when created.
   */
  ensureSession(id: string, agent: AgentKind, file: string, project: string, ts: number): boolean {
    if (this.sessions.exists(id)) {
      return false;
    }
    this.sessions.insert(id, agent, file, project, ts);
    if (this.resumeFailures.count(id) > 0) {
      this.sessions.markResumeBroken(id, id);
    }
    return true;
  }

  /**
   * Applies one event's effect on the session's counters. `costUsd` may be 0; `message` says whether it counts as a
   * message; `turn` sets the last conversational event (kind, at `ts`); `messageId` the last counted assistant message.
   */
  touchSession(id: string, e: SessionTouch): void {
    this.sessions.touch(id, e);
  }

  /** Sets the title or first prompt (only when still empty for the first prompt; title always replaces). */
  setSessionText(id: string, field: SessionTextField, value: string): void {
    this.sessions.setText(id, field, value);
  }

  /** Records the last error text of a session (redacted by the caller) and its epoch ms. */
  setLastError(id: string, text: string, ts: number): void {
    this.sessions.setLastError(id, text, ts);
  }

  /** Counts `n` skipped (unparseable) lines in the session's health. */
  addSkippedLines(id: string, n: number): void {
    this.sessions.addSkippedLines(id, n);
  }

  /** One session row, or undefined. */
  session(id: string): SessionRow | undefined {
    return this.sessions.get(id);
  }

  /**
   * Sessions active since `sinceMs` (epoch ms), or with an open finding, most recent first. `forSnapshot`, in a transaction: with their
   * context samples and shown findings read at once for what follows ({@link readForSnapshot}).
   */
  activeSessions(sinceMs: number, forSnapshot = false): SessionRow[] {
    const snapshot = forSnapshot && this.db.inTransaction;
    return snapshot ? readForSnapshot(this.sessions, this.events, this.findingsRepo, sinceMs) : this.sessions.active(sinceMs);
  }

  // ---- events --------------------------------------------------------------------------------------------------------

  /** Appends an event with the failure type the detector gave it and, for a main-thread response with usage, its context size (tokens). */
  insertEvent(e: AgentEvent, failureType: FailureType | undefined, contextTokens?: number): void {
    this.events.insert(e, failureType, contextTokens);
  }

  /** Events of `type` in the session with a timestamp in [sinceMs, untilMs] (the repeat-escalation window). */
  countFailures(sessionId: string, type: FailureType, sinceMs: number, untilMs: number): number {
    return this.events.countFailures(sessionId, type, sinceMs, untilMs);
  }

  /** The last `n` tool calls of the session on one thread (main or subagents), newest first. */
  lastToolCalls(sessionId: string, sidechain: boolean, n: number): { toolName: string; toolHash: string }[] {
    return this.events.lastToolCalls(sessionId, sidechain, n);
  }

  /** Number of events kept for the session. */
  eventCount(sessionId: string): number {
    return this.events.count(sessionId);
  }

  /** Error events of the session with a timestamp at or after `sinceMs` (epoch ms). */
  countErrors(sessionId: string, sinceMs: number): number {
    return this.events.countErrors(sessionId, sinceMs);
  }

  /**
   * Retention: keeps at most `maxPerSession` events of the session (oldest dropped first) and drops every event,
   * acknowledged or resolved finding (with its snooze), message reset and resume failure older than `olderThanMs`
   * (epoch ms), and all but the newest 5000 audit rows. Findings and audit rows refer to events by text, not by
   * sequence number, so pruning never loses a finding.
   */
  prune(sessionId: string, maxPerSession: number, olderThanMs: number): void {
    this.retention = { maxPerSession, olderThanMs };
    this.db.transaction(() => {
      this.events.prune(sessionId, maxPerSession);
      this.events.pruneOlderThan(olderThanMs);
      this.findingsRepo.pruneClosedOlderThan(olderThanMs);
      this.snoozes.pruneOrphans();
      this.snoozes.pruneLiftedOlderThan(olderThanMs);
      this.resets.pruneOlderThan(olderThanMs);
      this.resumeFailures.pruneOlderThan(olderThanMs);
      this.auditRepo.prune();
    });
  }

  // ---- findings ------------------------------------------------------------------------------------------------------

  /** The open (or acknowledged, not yet resolved) finding of `type` in the session, if any. */
  activeFinding(sessionId: string, type: FailureType): FindingSnapshot | undefined {
    return this.findingsRepo.active(sessionId, type);
  }

  /** Inserts a new finding (one occurrence at `ts`, epoch ms) and returns it. */
  insertFinding(f: NewFinding): FindingSnapshot {
    return this.findingsRepo.insert(f);
  }

  /** Adds an occurrence to a finding and returns it; `reopen` opens an acknowledged finding again (its severity rose). */
  addOccurrence(id: number, o: FindingOccurrence): FindingSnapshot {
    return this.findingsRepo.addOccurrence(id, o)!;
  }

  /** Updates a finding's state without counting an occurrence (structural findings re-evaluated over time). */
  updateFinding(id: number, o: FindingUpdate): FindingSnapshot {
    return this.findingsRepo.update(id, o)!;
  }

  /** One finding by id. */
  finding(id: number): FindingSnapshot | undefined {
    return this.findingsRepo.get(id);
  }

  /** Findings of a session: unresolved first, worst severity first, then the 10 newest resolved ones. */
  findings(sessionId: string): FindingSnapshot[] {
    return this.findingsRepo.ofSession(sessionId);
  }

  /** Sets a finding's status. */
  setFindingStatus(id: number, status: FindingStatus): void {
    this.findingsRepo.setStatus(id, status);
  }

  /** Resolves the session's open findings of the given types that were last seen at or before `ts`; returns them. */
  resolveFindings(sessionId: string, types: readonly FailureType[], ts: number): FindingSnapshot[] {
    return this.findingsRepo.resolve(sessionId, types, ts);
  }

  /** Sessions with an unresolved finding of `type` (e.g. the stuck sessions, loaded once when the engine starts). */
  sessionsWithActiveFinding(type: FailureType): string[] {
    return this.findingsRepo.sessionsWithActive(type);
  }

  // ---- snoozes (one table: finding-scoped snoozes and session-scoped silences) ----------------------------------------

  /** Silences a finding's notifications until `untilMs` (epoch ms); read back as the finding's `snoozedUntil`. */
  snoozeFinding(id: number, untilMs: number): void {
    this.snoozes.snoozeFinding(id, untilMs);
  }

  /** Stores a silence (its `id` is ignored) and returns it with its new id. */
  insertSilence(s: Silence): Silence {
    return { ...s, id: this.snoozes.insertSilence(s) };
  }

  /** Every stored silence, oldest first. */
  silences(): Silence[] {
    return this.snoozes.silences();
  }

  /** Lifts a silence by id: it is no longer listed (unknown ids are ignored). */
  deleteSilence(id: number): void {
    this.snoozes.deleteSilence(id);
  }

  // ---- audit ---------------------------------------------------------------------------------------------------------

  /** Appends an audit row; returns its id. */
  insertAudit(a: Omit<AuditEntry, 'id'>): number {
    return this.auditRepo.insert(a);
  }

  /** The newest `limit` audit rows, newest first, optionally of one session. */
  audit(limit: number, sessionId?: string): AuditEntry[] {
    return this.auditRepo.list(limit, sessionId);
  }

  /** Recoveries taken for the session's non-critical findings (by the user or automatically): the retry-escalation count. */
  recoveriesTaken(sessionId: string): number {
    return this.auditRepo.recoveriesTaken(sessionId);
  }

  // ---- session health ------------------------------------------------------------------------------------------------

  /** The counters of a session the engine reads before applying an event (a narrow read: it runs once per event). */
  healthCounters(id: string): SessionCounters | undefined {
    return this.sessions.healthCounters(id);
  }

  /** Records the context used by the latest response (tokens), the window the agent reported (0: none) and the model. */
  setContext(id: string, tokens: number, windowTokens: number, model: string): void {
    this.sessions.setContext(id, tokens, windowTokens, model);
  }

  /** After a compaction: the context is empty again and earlier context samples (also those read in this transaction) no longer count. */
  startContextEpoch(id: string): void {
    this.sessions.startContextEpoch(id);
    this.events.forgetContextSamples();
  }

  /** Context sizes (tokens) of the session's last `n` responses since the last compaction, oldest first. */
  contextSamples(id: string, n: number): number[] {
    return this.events.contextSamples(id, n);
  }

  /** Starts the session's message count again from 0 and records why (at `ts`, epoch ms). Returns the count before the reset. */
  resetMessages(id: string, reason: MessageResetReason, ts: number): number {
    return this.db.transaction(() => {
      const before = this.sessions.messagesSinceReset(id);
      this.resets.insert(id, reason, ts, before);
      this.sessions.resetMessageCount(id, reason, ts);
      return before;
    });
  }

  /** The newest `limit` message-count resets, newest first, optionally of one session. */
  messageResets(limit: number, sessionId?: string): MessageReset[] {
    return this.resets.list(limit, sessionId);
  }

  /**
   * Records a failed resume of `resumedId` (seen in session `sessionId`, at `ts`), marks both sessions (when known) so
   * they are never resumed again, and returns how many resumes of `resumedId` have failed.
   */
  addResumeFailure(resumedId: string, sessionId: string, ts: number): number {
    return this.db.transaction(() => {
      this.resumeFailures.insert(resumedId, sessionId, ts);
      this.sessions.markResumeBroken(resumedId, sessionId);
      return this.resumeFailures.count(resumedId);
    });
  }

  // ---- tailer offsets ------------------------------------------------------------------------------------------------

  /** Where the tailer stopped in `path`, or undefined when it never read it. */
  fileState(path: string): FileState | undefined {
    return this.files.get(path);
  }

  /** Records where the tailer stopped in `s.path`. */
  setFileState(s: FileState): void {
    this.files.set(s);
  }

  /** Forgets a file's state (unknown paths are ignored). */
  deleteFileState(path: string): void {
    this.files.delete(path);
  }

  // ---- session marks (concurrency) -----------------------------------------------------------------------------------

  /** Marks a session priority (never cleaned up) or clears the mark. */
  setPriorityMark(sessionId: string, priority: boolean): void {
    this.marks.setPriority(sessionId, priority, this.now());
  }

  /** Records that a cleanup closed the session at `atMs` (epoch ms); undefined clears it. */
  setClosedMark(sessionId: string, atMs: number | undefined): void {
    this.marks.setClosed(sessionId, atMs, this.now());
  }

  /** Session marks: the sessions marked priority, and when sessions were closed by a cleanup (epoch ms). */
  sessionMarks(): SessionMarks {
    return this.marks.all();
  }
}
