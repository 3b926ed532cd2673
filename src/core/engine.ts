/**
 * The engine: takes normalized events from any source, stores them, runs the detector and the structural checks
 * (repeats in a window, tool-call loops, budget), applies the policy, keeps findings and the recovery audit log, and
 * tells listeners what changed. Pure module: clock and store are passed in.
 */
import { AgentEvent, AgentKind, clipText } from './event';
import { classifyEvent } from './detector';
import { FAILURE_CATALOG, FailureType, Severity, failureDefinition, severityRank } from './failures';
import { Policy, PolicyConfig, PolicyRow, backoffDelayMs } from './policy';
import { costOf } from './pricing';
import { redactSecrets } from './redact';
import { renderReport } from './report';
import { AuditEntry, FindingSnapshot, SessionSnapshot, healthOf } from './snapshot';
import { FileState, Store } from './store';
import { statusIn } from './status';

export { statusIn } from './status';

/** Time source (epoch ms); tests inject a fake one. */
export interface Clock {
  now(): number;
}

/** The system clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** Engine settings (from `sessionDoctor.*`). */
export interface EngineConfig {
  policy: PolicyConfig;
  /** Same tool with the same input this many times in a row is a loop (default 3). */
  toolLoopCount: number;
  /** Per-session cost cap in USD; 0 = off. */
  budgetCapUsd: number;
  /** Sessions with activity in this many ms are shown (default 24 h). */
  activeWindowMs: number;
  /** Events kept per session (default 2000). */
  maxEventsPerSession: number;
  /** Events, resolved findings and old audit rows are dropped after this many ms (default 7 days). */
  retentionMs: number;
}

/** Defaults: the seeds' values. */
export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  policy: { errorRepeatCount: 3, errorWindowMs: 300_000, maxAutoRetries: 2, overrides: {} },
  toolLoopCount: 3,
  budgetCapUsd: 0,
  activeWindowMs: 24 * 3600_000,
  maxEventsPerSession: 2000,
  retentionMs: 7 * 24 * 3600_000,
};

/** A detection: a finding that is new, or whose severity rose. `live` is false while catching up on old lines. */
export interface DetectEvent {
  finding: FindingSnapshot;
  session: SessionSnapshot;
  live: boolean;
}

/** Options of one ingest call. */
export interface IngestOptions {
  /** False while a source catches up on lines written before the extension started (no notifications then). */
  live: boolean;
}

/** Session metadata a source knows apart from events. */
export interface SessionInfo {
  agent: AgentKind;
  /** Transcript file, if any. */
  file?: string;
  title?: string;
  cwd?: string;
}

/**
 * What a process or terminal source knows of the agent process behind a session: it runs, or it ended (with its exit
 * code when known; undefined when killed by a signal or unknown). `atMs` is when this was observed (epoch ms); `source`
 * names who observed it (e.g. "terminal:3").
 */
export interface AgentProcessState {
  state: 'running' | 'exited';
  exitCode?: number;
  atMs: number;
  source: string;
}

/** Disposable listener handle. */
export interface Subscription {
  dispose(): void;
}

/** Events ingested per session between two retention passes. */
const PRUNE_EVERY = 250;

/** Texts for {@link Engine.injectTestError}, as the real APIs word them (Anthropic Messages API error bodies, Claude Code). */
export const TEST_ERROR_TEXTS: Readonly<Record<Exclude<FailureType, 'repeated_tool_call'>, { text: string; status?: number }>> = {
  bad_request: { text: 'API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"messages.1.content: Input should be a valid list"}}', status: 400 },
  token_limit: { text: 'API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}', status: 400 },
  json_parse: { text: 'InputValidationError: Edit failed due to the following issue: Unexpected end of JSON input' },
  timeout: { text: 'API Error: Request timed out.' },
  rate_limit: { text: 'API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}', status: 429 },
  auth: { text: 'API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}', status: 401 },
  budget_exceeded: { text: 'Budget exceeded: session cost is over its cap' },
  overloaded: { text: 'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', status: 529 },
  server_error: { text: 'API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}', status: 500 },
  network: { text: 'API Error: Connection error. (ECONNRESET)' },
  content_filter: { text: 'API Error: 500 {"type":"error","error":{"type":"api_error","message":"output new_sensitive (1027)"}}', status: 500 },
  stale_session: { text: 'No conversation found with session ID: 00000000-0000-4000-8000-000000000000 (error_during_execution)' },
  quota_exhausted: { text: 'Claude AI usage limit reached|1767225600' },
  process_crash: { text: 'Agent process exited with code 1 (claude in terminal "Session Doctor test")' },
};

/** The engine. All methods are synchronous and never throw on bad events (bad input is counted, not fatal). */
export class Engine {
  private policy: Policy;
  private readonly changeListeners = new Set<(ids: string[]) => void>();
  private readonly detectListeners = new Set<(e: DetectEvent) => void>();
  private readonly sinceprune = new Map<string, number>();
  private readonly processes = new Map<string, AgentProcessState>();

  constructor(
    private readonly store: Store,
    private config: EngineConfig = DEFAULT_ENGINE_CONFIG,
    private readonly clock: Clock = systemClock,
  ) {
    this.policy = new Policy(config.policy);
  }

  /** Replaces the settings (on a configuration change). */
  configure(config: EngineConfig): void {
    this.config = config;
    this.policy = new Policy(config.policy);
    this.fireChange([]);
  }

  /** The effective policy table. */
  policyTable(): PolicyRow[] {
    return this.policy.table();
  }

  // ---- ingest --------------------------------------------------------------------------------------------------------

  /** Creates the session if new and records metadata (title, cwd) a source knows. */
  updateSession(sessionId: string, info: SessionInfo): void {
    const project = projectName(info.cwd, info.file);
    this.store.ensureSession(sessionId, info.agent, info.file ?? '', project, 0);
    if (info.title) {
      this.store.setSessionText(sessionId, 'title', clipText(redactSecrets(info.title), 200));
    }
    if (info.cwd) {
      // The cwd names the project better than the transcript folder the session may have been created from.
      this.store.touchSession(sessionId, { ts: 0, message: false, cwd: info.cwd });
      this.store.setSessionText(sessionId, 'project', project);
    }
  }

  /**
   * Ingests events (in the order the agent wrote them). Returns the findings that are new or rose in severity.
   * Events whose timestamp is 0 get the clock's time.
   */
  ingest(events: readonly AgentEvent[], options: IngestOptions): FindingSnapshot[] {
    const changed = new Set<string>();
    const detections: FindingSnapshot[] = [];
    this.store.transaction(() => {
      for (const raw of events) {
        const e: AgentEvent = raw.timestamp > 0 ? raw : { ...raw, timestamp: this.clock.now() };
        changed.add(e.sessionId);
        detections.push(...this.ingestOne(e));
      }
    });
    this.emit(changed, detections, options.live);
    return detections;
  }

  /**
   * Ingests free text as an error event of a session (for the `ingestEvent` API, hooks and the CLI), creating the
   * session if needed. `budgetUsed` (USD) adds to the session's cost.
   */
  ingestText(sessionId: string, text: string, options: { agent?: AgentKind; budgetUsed?: number; live?: boolean } = {}): FindingSnapshot[] {
    this.updateSession(sessionId, { agent: options.agent ?? 'generic' });
    const event: AgentEvent = {
      sessionId,
      agent: options.agent ?? 'generic',
      timestamp: this.clock.now(),
      kind: 'error',
      text: clipText(redactSecrets(text)),
      costUsd: options.budgetUsed,
      httpStatus: statusIn(text),
    };
    return this.ingest([event], { live: options.live ?? true });
  }

  /** Counts lines of a session's transcript that could not be parsed (they are skipped). */
  noteSkippedLines(sessionId: string, count: number, error: string): void {
    if (count <= 0) {
      return;
    }
    this.store.addSkippedLines(sessionId, count);
    this.store.setLastError(sessionId, clipText(redactSecrets(`Skipped ${count} unreadable line(s): ${error}`), 500), this.clock.now());
    this.fireChange([sessionId]);
  }

  /**
   * Adds a synthetic error of `type` to a session (default: a demo session "session-doctor-test"), as the real agent would
   * have written it; for a repeated tool call, that many identical tool calls.
   */
  injectTestError(sessionId: string | undefined, type: FailureType): FindingSnapshot[] {
    const id = sessionId ?? 'session-doctor-test';
    const existing = this.store.session(id);
    this.updateSession(id, { agent: existing?.agent ?? 'generic', title: existing ? undefined : 'Session Doctor test session' });
    const now = this.clock.now();
    const base = { sessionId: id, agent: existing?.agent ?? ('generic' as AgentKind), timestamp: now };
    if (type === 'repeated_tool_call') {
      const calls: AgentEvent[] = [];
      for (let i = 0; i < this.config.toolLoopCount; i++) {
        calls.push({ ...base, kind: 'tool_call', text: 'Bash: ls -la (Session Doctor test)', toolName: 'Bash', toolInputHash: 'session-doctor-test-loop' });
      }
      return this.ingest(calls, { live: true });
    }
    const sample = TEST_ERROR_TEXTS[type];
    return this.ingest([{ ...base, kind: 'error', text: sample.text, httpStatus: sample.status, isError: true }], { live: true });
  }

  private ingestOne(e: AgentEvent): FindingSnapshot[] {
    const out: FindingSnapshot[] = [];
    this.store.ensureSession(e.sessionId, e.agent, e.origin?.file ?? '', projectName(e.cwd, e.origin?.file), e.timestamp);
    const cost = e.costUsd ?? (e.usage ? costOf(e.model, e.usage) : undefined);
    const isMessage = e.kind === 'user' || e.kind === 'assistant' || e.kind === 'tool_call' || e.kind === 'tool_result';
    this.store.touchSession(e.sessionId, { ts: e.timestamp, message: isMessage, usage: e.usage, costUsd: cost, model: e.model, cwd: e.cwd });
    if (e.kind === 'user' && e.text.trim()) {
      this.store.setSessionText(e.sessionId, 'first_prompt', clipText(e.text.trim(), 200));
    }

    const type = classifyEvent(e);
    this.store.insertEvent(e, type);
    if (e.kind === 'error' || type) {
      this.store.setLastError(e.sessionId, clipText(e.text, 500), e.timestamp);
    }
    if (type) {
      out.push(...this.recordFailure(e, type));
    }
    if (e.kind === 'tool_call' && e.toolInputHash) {
      out.push(...this.checkLoop(e));
    }
    if (e.kind === 'assistant' && !e.isError) {
      this.resolveBy(e, TRANSIENT_TYPES, 'The agent got a successful response after the failure.');
    }
    if (e.compaction) {
      this.resolveBy(e, ['token_limit'], 'The context was compacted.');
    }
    if (cost && this.config.budgetCapUsd > 0) {
      out.push(...this.checkBudget(e));
    }
    const n = (this.sinceprune.get(e.sessionId) ?? 0) + 1;
    if (n >= PRUNE_EVERY) {
      this.store.prune(e.sessionId, this.config.maxEventsPerSession, this.clock.now() - this.config.retentionMs);
      this.sinceprune.set(e.sessionId, 0);
    } else {
      this.sinceprune.set(e.sessionId, n);
    }
    return out;
  }

  /** Records one occurrence of `type`; returns the finding when it is new or its severity rose. */
  private recordFailure(e: AgentEvent, type: FailureType, textOverride?: string): FindingSnapshot[] {
    const windowMs = this.policy.errorWindowMs;
    const recent = type === 'repeated_tool_call' || type === 'budget_exceeded' ? 1 : this.store.countFailures(e.sessionId, type, e.timestamp - windowMs, e.timestamp);
    const decision = this.policy.decide(type, recent, this.store.recoveriesTaken(e.sessionId));
    const text = textOverride ?? e.text;
    const existing = this.store.activeFinding(e.sessionId, type);
    if (!existing) {
      return [this.decorate(this.store.insertFinding({ sessionId: e.sessionId, type, severity: decision.severity, strategy: decision.strategy, ts: e.timestamp, text, file: e.origin?.file, offset: e.origin?.offset, escalation: decision.escalation }))];
    }
    const rose = severityRank(decision.severity) > severityRank(existing.severity);
    const severity = rose ? decision.severity : existing.severity;
    const updated = this.store.addOccurrence(existing.id, {
      ts: e.timestamp,
      text,
      file: e.origin?.file,
      offset: e.origin?.offset,
      severity,
      strategy: rose ? decision.strategy : existing.strategy,
      escalation: rose ? decision.escalation : existing.escalation,
      reopen: rose,
    });
    return rose ? [this.decorate(updated)] : [];
  }

  private checkLoop(e: AgentEvent): FindingSnapshot[] {
    const n = Math.max(2, this.config.toolLoopCount);
    const calls = this.store.lastToolCalls(e.sessionId, !!e.sidechain, n);
    if (calls.length < n || !calls.every((c) => c.toolName === calls[0].toolName && c.toolHash === calls[0].toolHash)) {
      return [];
    }
    return this.recordFailure(e, 'repeated_tool_call', clipText(`${e.toolName ?? 'tool'} called ${n} times in a row with the same input: ${e.text}`, 500));
  }

  private checkBudget(e: AgentEvent): FindingSnapshot[] {
    const s = this.store.session(e.sessionId);
    if (!s || s.costUsd < this.config.budgetCapUsd || this.store.activeFinding(e.sessionId, 'budget_exceeded')) {
      return [];
    }
    return this.recordFailure(e, 'budget_exceeded', `Session cost $${s.costUsd.toFixed(2)} reached the cap of $${this.config.budgetCapUsd.toFixed(2)}`);
  }

  /**
   * Resolves the session's open findings of `types` seen up to the event: a successful response after transient failures
   * means the agent got past them; a compaction ends a context overflow.
   */
  private resolveBy(e: AgentEvent, types: readonly FailureType[], detail: string): void {
    for (const f of this.store.resolveFindings(e.sessionId, types, e.timestamp)) {
      this.store.insertAudit({ timestamp: e.timestamp, sessionId: e.sessionId, findingId: f.id, failureType: f.type, strategy: f.strategy, outcome: 'succeeded', actor: 'agent', detail });
    }
  }

  /**
   * Records what a terminal or process source knows of a session's agent process (it runs / it ended). Kept in memory:
   * after a restart of the extension host the sources report again.
   */
  noteAgentProcess(sessionId: string, state: AgentProcessState): void {
    this.processes.set(sessionId, state);
    this.fireChange([sessionId]);
  }

  /** The last known state of a session's agent process; undefined when no source knows it (transcript-only sessions). */
  agentProcess(sessionId: string): AgentProcessState | undefined {
    return this.processes.get(sessionId);
  }

  // ---- user actions --------------------------------------------------------------------------------------------------

  /** Marks a finding acknowledged (it stays visible, no more notifications unless its severity rises). */
  acknowledge(findingId: number, actor: 'user' | 'auto'): void {
    const f = this.store.finding(findingId);
    if (!f) {
      return;
    }
    this.store.setFindingStatus(findingId, 'acknowledged');
    this.store.insertAudit({ timestamp: this.clock.now(), sessionId: f.sessionId, findingId, failureType: f.type, strategy: 'acknowledge', outcome: 'taken', actor, detail: '' });
    this.fireChange([f.sessionId]);
  }

  /** Silences a finding's notifications until `untilMs` (epoch ms). */
  snooze(findingId: number, untilMs: number): void {
    const f = this.store.finding(findingId);
    if (!f) {
      return;
    }
    this.store.snoozeFinding(findingId, untilMs);
    this.store.insertAudit({ timestamp: this.clock.now(), sessionId: f.sessionId, findingId, failureType: f.type, strategy: 'snooze', outcome: 'taken', actor: 'user', detail: `until ${new Date(untilMs).toISOString()}` });
    this.fireChange([f.sessionId]);
  }

  /** Writes a recovery step to the audit log. A succeeded recovery resolves its finding. */
  recordRecovery(entry: Omit<AuditEntry, 'id' | 'timestamp'>): void {
    this.store.insertAudit({ ...entry, detail: redactSecrets(entry.detail), timestamp: this.clock.now() });
    if (entry.outcome === 'succeeded' && entry.findingId !== undefined) {
      this.store.setFindingStatus(entry.findingId, 'resolved');
    }
    this.fireChange([entry.sessionId]);
  }

  /** The newest audit rows, newest first. */
  audit(limit = 50, sessionId?: string): AuditEntry[] {
    return this.store.audit(limit, sessionId);
  }

  // ---- reading -------------------------------------------------------------------------------------------------------

  /** Sessions active within the window (or with an open finding), worst health first, then most recent. */
  snapshot(): SessionSnapshot[] {
    const since = this.clock.now() - this.config.activeWindowMs;
    const order = { critical: 0, warning: 1, ok: 2 } as const;
    return this.store
      .activeSessions(since)
      .map((r) => this.sessionSnapshot(r.id)!)
      .sort((a, b) => order[a.health] - order[b.health] || b.lastActivity - a.lastActivity);
  }

  /** One session, shown or not; undefined when unknown. */
  session(id: string): SessionSnapshot | undefined {
    return this.sessionSnapshot(id);
  }

  /** The Markdown report: sessions, findings, recovery history, the effective policy table. */
  report(): string {
    return renderReport({ generatedAt: this.clock.now(), sessions: this.snapshot(), audit: this.audit(50), policy: this.policyTable(), config: this.config });
  }

  /** Tailer offsets (kept in the store so a restart resumes where it stopped). */
  fileState(path: string): FileState | undefined {
    return this.store.fileState(path);
  }

  setFileState(state: FileState): void {
    this.store.setFileState(state);
  }

  deleteFileState(path: string): void {
    this.store.deleteFileState(path);
  }

  // ---- events --------------------------------------------------------------------------------------------------------

  /** Listens for changed sessions (ids; empty means "everything may have changed"). */
  onDidChange(listener: (sessionIds: string[]) => void): Subscription {
    this.changeListeners.add(listener);
    return { dispose: () => this.changeListeners.delete(listener) };
  }

  /** Listens for findings that are new or rose in severity. */
  onDidDetect(listener: (e: DetectEvent) => void): Subscription {
    this.detectListeners.add(listener);
    return { dispose: () => this.detectListeners.delete(listener) };
  }

  private emit(changed: Set<string>, detections: FindingSnapshot[], live: boolean): void {
    // Report each finding once per call, with its final state.
    const latest = new Map<number, FindingSnapshot>();
    for (const f of detections) {
      latest.set(f.id, f);
    }
    for (const f of latest.values()) {
      const finding = this.decorate(this.store.finding(f.id) ?? f);
      const session = this.sessionSnapshot(f.sessionId);
      if (session) {
        for (const l of [...this.detectListeners]) {
          safeCall(() => l({ finding, session, live }));
        }
      }
    }
    if (changed.size > 0) {
      this.fireChange([...changed]);
    }
  }

  private fireChange(ids: string[]): void {
    for (const l of [...this.changeListeners]) {
      safeCall(() => l(ids));
    }
  }

  private sessionSnapshot(id: string): SessionSnapshot | undefined {
    const r = this.store.session(id);
    if (!r) {
      return undefined;
    }
    const findings = this.store.findings(id).map((f) => this.decorate(f));
    let worst: Severity | undefined;
    for (const f of findings) {
      if (f.status === 'open' && (worst === undefined || severityRank(f.severity) > severityRank(worst))) {
        worst = f.severity;
      }
    }
    const { firstPrompt, ...row } = r;
    return { ...row, title: r.title || firstPrompt, health: healthOf(worst), worstSeverity: worst, findings };
  }

  private decorate(f: FindingSnapshot): FindingSnapshot {
    const d = failureDefinition(f.type);
    return { ...f, title: d.title, backoffMs: f.strategy === 'backoff' ? backoffDelayMs(f.count - 1) : undefined };
  }
}

/** Types an agent gets past on its own (the catalog's `transient`): a successful response resolves them. */
const TRANSIENT_TYPES: readonly FailureType[] = FAILURE_CATALOG.filter((d) => d.transient).map((d) => d.type);

function safeCall(f: () => void): void {
  try {
    f();
  } catch {
    // A listener's failure must not break ingestion; listeners log their own errors.
  }
}


/** Project name: the last folder of the cwd, else the transcript's folder name (Claude Code's dash-encoded cwd), else "". */
export function projectName(cwd: string | undefined, file: string | undefined): string {
  if (cwd) {
    const parts = cwd.split(/[\\/]/).filter(Boolean);
    if (parts.length) {
      return parts[parts.length - 1];
    }
  }
  if (file) {
    const parts = file.split(/[\\/]/).filter(Boolean);
    if (parts.length >= 2) {
      return parts[parts.length - 2];
    }
  }
  return '';
}
