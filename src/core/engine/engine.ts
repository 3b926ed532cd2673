/**
 * The engine: a small orchestrator. Events from any source are stored, the detector reads each, and the checks
 * (`checks/`) open or resolve findings through the ledger; on each clock tick the checks that watch time run. It keeps
 * the recovery audit log and tells listeners what changed. Pure module: clock and store are passed in.
 */
import type { Detection, LineClassification } from '../detection/detector';
import { statusIn } from '../detection/status';
import { agentPlugin } from '../agents/index';
import { costOf } from '../agents/pricing';
import { contextTokensOf } from '../agents/contextWindows';
import type { Check, CheckContext, EventFacts } from '../checks/check';
import { createChecks } from '../checks';
import { redactSecrets } from '../ingest/redact';
import { AgentEvent, AgentKind, clipText } from '../model/event';
import { FailureType, failureDefinition } from '../model/failures';
import type { FindingSnapshot, SessionSnapshot } from '../model/snapshot';
import { renderReport } from '../report/report';
import type { Store } from '../store/store';
import { DEFAULT_HEALTH_CONFIG, HealthConfig, minutes, turnKindOf } from './activity';
import { AgentProcessState, Clock, DEFAULT_ENGINE_CONFIG, EngineConfig, IngestOptions, SessionInfo, systemClock } from './config';
import { FindingLedger } from './ledger';
import { EngineRecords } from './records';
import { Policy, PolicyRow } from './policy';
import { projectActive, projectName, projectSession } from './projection';

export { DEFAULT_HEALTH_CONFIG } from './activity';
export type { HealthConfig } from './activity';
export { statusIn } from '../detection/status';
export { DEFAULT_ENGINE_CONFIG, systemClock } from './config';
export type { AgentProcessState, Clock, DetectEvent, EngineConfig, IngestOptions, SessionInfo, Subscription } from './config';
export { projectName } from './projection';
export { dailyResetBoundary } from '../checks/marathon';
import { countsAsMessage } from '../checks/marathon';
export { staleSessionIdIn } from '../checks/staleResume';

/** CommonJS's require as the bundles and the compiled sources have it (this pure module is also type-checked without Node's types). */
declare const require: (id: '../detection/detector') => typeof import('../detection/detector');
// loaded on first use: its trigger words, gate and catalog take tens of ms to load, and opening a store and building
// the first snapshot need none of it (nor does the scan's ingest when the parse worker ships each verdict)
let detectorModule: typeof import('../detection/detector') | undefined;
/** The built-in detector's module, loaded on first call. */
function detector(): typeof import('../detection/detector') {
  return (detectorModule ??= require('../detection/detector'));
}

/**
 * What `detectEvent` says of `e` with the user's `rules`, asking the detector (and loading it) only when needed: an
 * event that is not an error or a failed tool result and carries no verdict has no failure, and without user rules the
 * verdict the parse worker attached (`AgentEvent.detected`; null: none) is the answer.
 */
function detectionOf(e: AgentEvent, rules: EngineConfig['rules']): Detection | undefined {
  const mayFail = e.kind === 'error' || (e.kind === 'tool_result' && !!e.isError);
  if (!mayFail && (e.detected === undefined || e.detected === null)) {
    return undefined;
  }
  if (e.detected !== undefined && (!rules || rules.length === 0)) {
    return e.detected === null ? undefined : { type: e.detected };
  }
  return detector().detectEvent(e, rules);
}

/** Events ingested per session between two retention passes. */
const PRUNE_EVERY = 250;

/** The engine. All methods are synchronous and never throw on bad events (bad input is counted, not fatal). */
export class Engine extends EngineRecords {
  private policy: Policy;
  private readonly ledger: FindingLedger;
  private readonly checks: readonly Check[] = createChecks();
  private readonly ctx: CheckContext;
  private readonly sinceprune = new Map<string, number>();
  private readonly processes = new Map<string, AgentProcessState>();

  constructor(
    store: Store,
    private config: EngineConfig = DEFAULT_ENGINE_CONFIG,
    clock: Clock = systemClock,
  ) {
    super(store, clock);
    this.policy = new Policy(config.policy);
    this.ledger = new FindingLedger(store, () => this.policy);
    this.ctx = {
      store,
      ledger: this.ledger,
      config: () => this.config,
      health: () => this.health,
      processes: this.processes,
      now: () => clock.now(),
    };
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

  /**
   * The detector on one raw line (terminal output, output channels, plain logs) with this engine's policy and user
   * rules: what {@link classifyLine} says, or undefined when the line shows no failure. Sources filtering raw lines should
   * call this, not `classifyLine` alone, so that lines only a user rule knows get through.
   */
  classifyLine(line: string): LineClassification | undefined {
    return detector().classifyLine(line, this.policy, this.config.rules);
  }

  /** The session-health settings in effect. */
  private get health(): HealthConfig {
    return { ...DEFAULT_HEALTH_CONFIG, ...(this.config.health ?? {}) };
  }

  // ---- ingest --------------------------------------------------------------------------------------------------------

  /**
   * Creates the session if new and records metadata (title, cwd) a source knows. One transaction: outside an ingest its
   * statements would each be a commit of their own, and the store's per-transaction session rows would not serve them.
   */
  updateSession(sessionId: string, info: SessionInfo): void {
    const project = projectName(info.cwd, info.file);
    const title = info.title ? clipText(redactSecrets(info.title), 200) : undefined;
    if (this.sessionHas(sessionId, title, info.cwd, project)) {
      return;
    }
    this.store.transaction(() => {
      this.store.ensureSession(sessionId, info.agent, info.file ?? '', project, 0);
      if (title) {
        this.store.setSessionText(sessionId, 'title', title);
      }
      if (info.cwd) {
        // The cwd names the project better than the transcript folder the session may have been created from.
        this.store.touchSession(sessionId, { ts: 0, message: false, cwd: info.cwd });
        this.store.setSessionText(sessionId, 'project', project);
      }
    });
  }

  /**
   * True when {@link updateSession} would change nothing: the session exists, its title is already `title` (redacted and
   * clipped; undefined: not told), and, when a `cwd` is told, its cwd is set (a set cwd is never replaced) and its project
   * is already `project`. One read instead of a transaction of 3-4 writes: nearly every line of a Claude Code transcript
   * repeats its session's cwd, and the tailer tells it again in every slice.
   */
  private sessionHas(sessionId: string, title: string | undefined, cwd: string | undefined, project: string): boolean {
    const row = this.store.session(sessionId);
    return !!row && (title === undefined || row.title === title) && (!cwd || (row.cwd !== '' && row.project === project));
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
        // A session met earlier in this batch has its row: nothing in the transaction deletes a session.
        const known = changed.has(e.sessionId);
        changed.add(e.sessionId);
        detections.push(...this.ingestOne(e, known));
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
   * Adds a synthetic failure of `type` to a session (default: a demo session "session-doctor-test"), as the real agent
   * would have written it (the catalog's `sample`); for a repeated tool call, that many identical tool calls; for a
   * session-health type, its finding directly.
   */
  injectTestError(sessionId: string | undefined, type: FailureType): FindingSnapshot[] {
    const id = sessionId ?? 'session-doctor-test';
    const existing = this.store.session(id);
    this.updateSession(id, { agent: existing?.agent ?? 'generic', title: existing ? undefined : 'Session Doctor test session' });
    const now = this.clock.now();
    const base = { sessionId: id, agent: existing?.agent ?? ('generic' as AgentKind), timestamp: now };
    const sample = failureDefinition(type).sample;
    if (sample.loop) {
      const calls: AgentEvent[] = [];
      for (let i = 0; i < this.config.toolLoopCount; i++) {
        calls.push({ ...base, kind: 'tool_call', text: sample.text, toolName: 'Bash', toolInputHash: 'session-doctor-test-loop' });
      }
      return this.ingest(calls, { live: true });
    }
    if (sample.finding) {
      const found = this.ledger.upsert(id, type, now, sample.text);
      this.emit(new Set([id]), found, true);
      return found;
    }
    return this.ingest([{ ...base, kind: 'error', text: sample.text, httpStatus: sample.status, isError: true }], { live: true });
  }

  /** One event of a batch; `known`: its session's row was ensured earlier in the same transaction. */
  private ingestOne(e: AgentEvent, known: boolean): FindingSnapshot[] {
    if (!known) {
      this.store.ensureSession(e.sessionId, e.agent, e.origin?.file ?? '', projectName(e.cwd, e.origin?.file), e.timestamp);
    }
    const before = this.store.healthCounters(e.sessionId);
    const isMessage = before !== undefined && countsAsMessage(e, before);
    const facts: EventFacts = {
      before,
      isMessage,
      messageCount: isMessage ? (before?.messagesSinceReset ?? 0) + 1 : 0,
      turn: turnKindOf(e),
      contextTokens: e.usage && !e.sidechain ? contextTokensOf(e.usage) : 0,
      cost: e.costUsd ?? (e.usage ? costOf(e.model, e.usage) : undefined),
    };
    for (const c of this.checks) {
      c.beforeEvent?.(e, facts, this.ctx);
    }
    const messageId = isMessage && e.messageId && (e.kind === 'assistant' || e.kind === 'tool_call') ? e.messageId : undefined;
    this.store.touchSession(e.sessionId, {
      ts: e.timestamp,
      message: isMessage,
      usage: e.usage,
      costUsd: facts.cost,
      model: e.model,
      cwd: e.cwd,
      turn: facts.turn,
      messageId,
    });
    if (e.kind === 'user' && e.text.trim()) {
      this.store.setSessionText(e.sessionId, 'first_prompt', clipText(e.text.trim(), 200));
    }
    facts.detection = detectionOf(e, this.config.rules);
    this.store.insertEvent(e, facts.detection?.type, facts.contextTokens > 0 ? facts.contextTokens : undefined);
    if (e.kind === 'error' || facts.detection) {
      this.store.setLastError(e.sessionId, clipText(e.text, 500), e.timestamp);
    }
    const out: FindingSnapshot[] = [];
    for (const c of this.checks) {
      out.push(...(c.onEvent?.(e, facts, this.ctx) ?? []));
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

  /**
   * The clock's pass (the extension calls it every 20 s): the checks that watch time run (the hang watchdog: a stuck
   * session gets a `session_stuck` finding, resolved when the agent answers, its process ended, or nothing is known of
   * it for an hour). Returns the findings that are new or rose in severity; notifies listeners as ingest does.
   */
  evaluate(): FindingSnapshot[] {
    const now = this.clock.now();
    const detections: FindingSnapshot[] = [];
    const changed = new Set<string>();
    this.store.transaction(() => {
      for (const c of this.checks) {
        const r = c.onTick?.(this.ctx, now);
        if (r) {
          detections.push(...r.detections);
          r.changed.forEach((id) => changed.add(id));
        }
      }
    });
    this.emit(changed, detections, true);
    return detections;
  }

  /**
   * The hang watchdog after the fact, for `session-doctor scan` (no process to watch): each of `sessionIds` whose last
   * turn is a prompt or tool result that nothing answered for at least the watchdog threshold (`health.stuckMs`, ms) at
   * the clock's time, and that has no other open finding to explain the silence, gets `session_stuck` (the finding the
   * live watchdog opens for a hang). Unlike the live watchdog there is no "presumed ended after an hour": in a scan the
   * request that never answered is the evidence. Only for agents whose files record every failed request
   * (`AgentPlugin.unansweredIsHang`): elsewhere the silence may hide an error written only to the terminal (Gemini CLI's
   * headless runs). Returns the findings opened; never throws.
   */
  judgeUnanswered(sessionIds: readonly string[]): FindingSnapshot[] {
    const now = this.clock.now();
    const found: FindingSnapshot[] = [];
    this.store.transaction(() => {
      for (const id of sessionIds) {
        const r = this.store.session(id);
        const silence = r ? now - r.turnAt : 0;
        if (
          !r ||
          (r.turnKind !== 'user' && r.turnKind !== 'tool_result') ||
          silence < this.health.stuckMs ||
          !agentPlugin(r.agent).unansweredIsHang
        ) {
          continue;
        }
        if (this.store.findings(id).some((f) => f.status === 'open')) {
          continue;
        }
        const after = r.turnKind === 'user' ? 'the last prompt' : 'the last tool result';
        const text = `No assistant response after ${after}: nothing answered it for ${minutes(silence)} (judged at scan time from the files; a hang, or the agent was stopped while it waited).`;
        found.push(...this.ledger.upsert(id, 'session_stuck', r.turnAt + this.health.stuckMs, text));
      }
    });
    this.emit(new Set(found.map((f) => f.sessionId)), found, false);
    return found;
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

  // ---- reading -------------------------------------------------------------------------------------------------------

  /**
   * Sessions active within the window (or with an open finding), worst health first, then most recent. Read in one
   * transaction, so that the store answers each per-session read from one query over all sessions (a window of 1,000
   * sessions is a handful of queries, not thousands).
   */
  snapshot(): SessionSnapshot[] {
    const since = this.clock.now() - this.config.activeWindowMs;
    const order = { critical: 0, warning: 1, ok: 2 } as const;
    return projectActive(this.store, this.ledger, since, this.health, this.processes, this.clock.now()).sort(
      (a, b) => order[a.health] - order[b.health] || b.lastActivity - a.lastActivity,
    );
  }

  /** One session, shown or not; undefined when unknown. */
  session(id: string): SessionSnapshot | undefined {
    return this.sessionSnapshot(id);
  }

  /** The Markdown report: sessions, findings, recovery history, the effective policy table. */
  report(): string {
    return renderReport({
      generatedAt: this.clock.now(),
      sessions: this.snapshot(),
      audit: this.audit(50),
      policy: this.policyTable(),
      rules: this.config.rules ?? [],
      config: this.config,
      resets: this.messageResets(50),
    });
  }

  private emit(changed: Set<string>, detections: FindingSnapshot[], live: boolean): void {
    this.listeners.emit(changed, detections, live, (f) => ({
      finding: this.ledger.decorate(this.store.finding(f.id) ?? f),
      session: this.sessionSnapshot(f.sessionId),
    }));
  }

  private sessionSnapshot(id: string): SessionSnapshot | undefined {
    return projectSession(this.store, this.ledger, id, this.health, this.processes.get(id), this.clock.now());
  }
}
