/**
 * The engine: takes normalized events from any source, stores them, runs the detector and the structural checks
 * (repeats in a window, tool-call loops, budget), applies the policy, keeps findings and the recovery audit log, and
 * tells listeners what changed. Pure module: clock and store are passed in.
 */
import { AgentEvent, AgentKind, clipText } from '../model/event';
import { LineClassification, classifyLine, detectEvent } from '../detection/detector';
import { FAILURE_CATALOG, FailureType, Severity, failureDefinition, severityRank } from '../model/failures';
import { Policy, PolicyConfig, PolicyRow, backoffDelayMs } from './policy';
import { costOf } from '../agents/pricing';
import { redactSecrets } from '../ingest/redact';
import { renderReport } from '../report/report';
import type { CompiledRule } from '../detection/userRules';
import { AuditEntry, FindingSnapshot, MessageReset, MessageResetReason, SessionSnapshot, healthOf } from '../model/snapshot';
import { FileState, SessionCounters, Store } from '../store/store';
import type { Silence } from '../alerting/alerts';
import { statusIn } from '../detection/status';
import { contextTokensOf, contextWindowFor, turnsLeft } from '../agents/contextWindows';
import { DEFAULT_HEALTH_CONFIG, HealthConfig, RECENT_ERROR_WINDOW_MS, activityOf, turnKindOf } from './activity';

export { DEFAULT_HEALTH_CONFIG } from './activity';
export type { HealthConfig } from './activity';

export { statusIn } from '../detection/status';

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
  /** User rules (`detection.customRules`, compiled by `compileRules`), tried before the catalog; none when absent. */
  rules?: readonly CompiledRule[];
  /** Session health: watchdog, marathon limit, context pressure (missing fields take {@link DEFAULT_HEALTH_CONFIG}). */
  health?: Partial<HealthConfig>;
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
export const TEST_ERROR_TEXTS: Readonly<Record<Exclude<FailureType, 'repeated_tool_call' | HealthFailureType>, { text: string; status?: number }>> = {
  bad_request: { text: 'API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"messages.1.content: Input should be a valid list"}}', status: 400 },
  token_limit: { text: 'API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}', status: 400 },
  output_limit: { text: "API Error: Claude's response exceeded the 32000 output token maximum. To configure this behavior, set the CLAUDE_CODE_MAX_OUTPUT_TOKENS environment variable." },
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

/** The structural types of session health (found over time or from totals, not from one line). */
export type HealthFailureType = 'session_stuck' | 'marathon_session' | 'context_pressure';

/** Texts of the findings {@link Engine.injectTestError} makes for the session-health types. */
const HEALTH_TEST_TEXTS: Readonly<Record<HealthFailureType, string>> = {
  session_stuck: 'No assistant response for 6 min after the last prompt while the agent runs (Session Doctor test).',
  marathon_session: '171 of 200 messages (86 %): 29 remain before the limit (Session Doctor test).',
  context_pressure: 'The latest response used 172k of the 200k-token context window (86 %) (Session Doctor test).',
};

function isHealthType(t: FailureType): t is HealthFailureType {
  return t === 'session_stuck' || t === 'marathon_session' || t === 'context_pressure';
}

/** A severity a finding must at least have, and why (for the finding's escalation text). */
interface SeverityFloor {
  severity: Severity;
  reason: string;
}

/**
 * The start (epoch ms) of the current "day" for the daily reset: the latest local time `hour`:00 at or before `ts`.
 * Local time is the extension host's time zone.
 */
export function dailyResetBoundary(ts: number, hour: number): number {
  const d = new Date(ts);
  d.setHours(hour, 0, 0, 0);
  if (d.getTime() > ts) {
    d.setDate(d.getDate() - 1);
  }
  return d.getTime();
}

/** The session id a stale-session error names ("No conversation found with session ID: <id>", or any UUID), if any. */
export function staleSessionIdIn(text: string): string | undefined {
  const m = /session ID:?\s*([0-9a-zA-Z][\w-]{7,})/i.exec(text) ?? /\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/i.exec(text);
  return m?.[1];
}

/** The engine. All methods are synchronous and never throw on bad events (bad input is counted, not fatal). */
export class Engine {
  private policy: Policy;
  private readonly changeListeners = new Set<(ids: string[]) => void>();
  private readonly detectListeners = new Set<(e: DetectEvent) => void>();
  private readonly sinceprune = new Map<string, number>();
  private readonly processes = new Map<string, AgentProcessState>();
  /** The activity state each session had at the last {@link evaluate} (to refresh only sessions whose state changed). */
  private readonly lastStates = new Map<string, string>();
  /** The marathon level last written per session (`warn|limit:<limit>:<warnAt>`), so the finding is not rewritten per message. */
  private readonly marathonLevels = new Map<string, string>();
  /** Sessions with an unresolved stuck finding (so ingest looks for one only where there is one). */
  private readonly stuckSessions: Set<string>;

  constructor(
    private readonly store: Store,
    private config: EngineConfig = DEFAULT_ENGINE_CONFIG,
    private readonly clock: Clock = systemClock,
  ) {
    this.policy = new Policy(config.policy);
    this.stuckSessions = new Set(store.sessionsWithActiveFinding('session_stuck'));
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
    return classifyLine(line, this.policy, this.config.rules);
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
    if (isHealthType(type)) {
      const found = this.upsertStructural(id, type, now, HEALTH_TEST_TEXTS[type]);
      this.emit(new Set([id]), found, true);
      return found;
    }
    const sample = TEST_ERROR_TEXTS[type];
    return this.ingest([{ ...base, kind: 'error', text: sample.text, httpStatus: sample.status, isError: true }], { live: true });
  }

  private ingestOne(e: AgentEvent): FindingSnapshot[] {
    const out: FindingSnapshot[] = [];
    this.store.ensureSession(e.sessionId, e.agent, e.origin?.file ?? '', projectName(e.cwd, e.origin?.file), e.timestamp);
    const cost = e.costUsd ?? (e.usage ? costOf(e.model, e.usage) : undefined);
    const before = this.store.healthCounters(e.sessionId);
    const isMessage = before !== undefined && this.countsAsMessage(e, before);
    const countBefore = isMessage && this.checkCountReset(e, before) ? 0 : (before?.messagesSinceReset ?? 0);
    const turn = turnKindOf(e);
    const messageId = isMessage && e.messageId && (e.kind === 'assistant' || e.kind === 'tool_call') ? e.messageId : undefined;
    this.store.touchSession(e.sessionId, { ts: e.timestamp, message: isMessage, usage: e.usage, costUsd: cost, model: e.model, cwd: e.cwd, turn, messageId });
    if (turn) {
      if (turn !== 'user' && turn !== 'tool_result' && this.stuckSessions.has(e.sessionId)) {
        this.resolveNow(e.sessionId, ['session_stuck'], e.timestamp, 'The agent answered.', 'agent');
        this.stuckSessions.delete(e.sessionId);
      }
    }
    const contextTokens = e.usage && !e.sidechain ? contextTokensOf(e.usage) : 0;
    if (e.kind === 'user' && e.text.trim()) {
      this.store.setSessionText(e.sessionId, 'first_prompt', clipText(e.text.trim(), 200));
    }

    const detection = detectEvent(e, this.config.rules);
    const type = detection?.type;
    this.store.insertEvent(e, type, contextTokens > 0 ? contextTokens : undefined);
    if (e.kind === 'error' || type) {
      this.store.setLastError(e.sessionId, clipText(e.text, 500), e.timestamp);
    }
    if (type) {
      out.push(...this.recordFailure(e, type, undefined, detection?.rule, type === 'stale_session' ? this.noteFailedResume(e) : undefined));
    }
    if (e.kind === 'tool_call' && e.toolInputHash) {
      out.push(...this.checkLoop(e));
    }
    if (e.kind === 'assistant' && !e.isError) {
      this.resolveBy(e, TRANSIENT_TYPES, 'The agent got a successful response after the failure.');
    }
    if (e.compaction) {
      this.resolveBy(e, ['token_limit'], 'The context was compacted.');
      out.push(...this.onCompaction(e));
    }
    if (isMessage && !e.compaction) {
      out.push(...this.checkMarathon(e, countBefore + 1));
    }
    if (contextTokens > 0) {
      out.push(...this.checkContext(e, contextTokens, before?.contextWindow ?? 0));
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
  private recordFailure(e: AgentEvent, type: FailureType, textOverride?: string, rule?: CompiledRule, floor?: SeverityFloor): FindingSnapshot[] {
    const windowMs = this.policy.errorWindowMs;
    const recent = type === 'repeated_tool_call' || type === 'budget_exceeded' ? 1 : this.store.countFailures(e.sessionId, type, e.timestamp - windowMs, e.timestamp);
    const decision = withFloor(this.policy.decide(type, recent, this.store.recoveriesTaken(e.sessionId), rule), floor);
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

  // ---- session health ------------------------------------------------------------------------------------------------

  /** The session-health settings in effect. */
  private get health(): HealthConfig {
    return { ...DEFAULT_HEALTH_CONFIG, ...(this.config.health ?? {}) };
  }

  /**
   * Whether an event counts as a message toward the marathon limit: user prompts and tool results, one per assistant
   * message (Claude Code writes a line per content block, all with the message's id; events without an id count each),
   * main thread only (a subagent's messages live in its own context). Metadata, usage and errors do not count.
   */
  private countsAsMessage(e: AgentEvent, before: SessionCounters): boolean {
    if (e.sidechain) {
      return false;
    }
    switch (e.kind) {
      case 'user':
      case 'tool_result':
        return true;
      case 'assistant':
      case 'tool_call':
        return !e.messageId || e.messageId !== before.lastMessageId;
      default:
        return false;
    }
  }

  /**
   * Before counting a message: resets the count after an idle gap ("idle") or on the first message of a new day ("daily").
   * Returns true when it reset.
   */
  private checkCountReset(e: AgentEvent, before: SessionCounters): boolean {
    if (before.messagesSinceReset === 0 || before.lastActivity <= 0 || e.timestamp <= before.lastActivity) {
      return false;
    }
    const h = this.health;
    if (h.idleResetMs > 0 && e.timestamp - before.lastActivity > h.idleResetMs) {
      this.resetCount(e.sessionId, 'idle', e.timestamp);
      return true;
    }
    if (h.dailyResetHour >= 0 && h.dailyResetHour <= 23 && dailyResetBoundary(e.timestamp, h.dailyResetHour) > before.lastActivity) {
      this.resetCount(e.sessionId, 'daily', e.timestamp);
      return true;
    }
    return false;
  }

  /** Resets a session's message count (recorded with its reason) and resolves its marathon finding. */
  private resetCount(sessionId: string, reason: MessageResetReason, ts: number): void {
    this.marathonLevels.delete(sessionId);
    const n = this.store.resetMessages(sessionId, reason, ts);
    const words = { idle: 'after an idle gap', daily: 'at the daily reset hour', message_limit: 'by a compaction near the message limit' }[reason];
    this.resolveNow(sessionId, ['marathon_session'], ts, `Message count reset ${words} (${reason}) after ${n} messages.`, reason === 'message_limit' ? 'agent' : 'system');
  }

  /** The count at which the marathon warning starts (0 when unlimited). */
  private marathonWarnAt(h: HealthConfig): number {
    return h.maxMessages > 0 ? Math.max(1, Math.ceil((h.maxMessages * h.messageWarnPercent) / 100)) : 0;
  }

  /** A compaction: the context starts over; near or at the message limit it also rotates the count ("message_limit"). */
  private onCompaction(e: AgentEvent): FindingSnapshot[] {
    this.store.startContextEpoch(e.sessionId);
    this.resolveNow(e.sessionId, ['context_pressure'], e.timestamp, 'The context was compacted.', 'agent');
    const h = this.health;
    const s = this.store.session(e.sessionId);
    if (s && h.maxMessages > 0 && s.messagesSinceReset >= this.marathonWarnAt(h)) {
      this.resetCount(e.sessionId, 'message_limit', e.timestamp);
    }
    return [];
  }

  /** After a counted message: the marathon finding at `warnPercent` of the limit (MEDIUM) and at the limit (HIGH). */
  private checkMarathon(e: AgentEvent, n: number): FindingSnapshot[] {
    const h = this.health;
    const warnAt = this.marathonWarnAt(h);
    if (h.maxMessages <= 0 || n < warnAt) {
      this.marathonLevels.delete(e.sessionId);
      return [];
    }
    const limit = h.maxMessages;
    // The finding is written when the level changes (warning, limit), not on every message: the tree shows the live count.
    const level = `${n >= limit ? 'limit' : 'warn'}:${limit}:${warnAt}`;
    if (this.marathonLevels.get(e.sessionId) === level) {
      return [];
    }
    this.marathonLevels.set(e.sessionId, level);
    if (n >= limit) {
      const text = `${n} messages: the limit of ${limit} is reached. Checkpoint and rotate: compact the context, or restart the session with resume.`;
      return this.upsertStructural(e.sessionId, 'marathon_session', e.timestamp, text, { severity: 'HIGH', reason: `at the message limit (${limit})` });
    }
    const left = limit - n;
    const text = `${n} of ${limit} messages (${Math.round((n / limit) * 100)} %): ${left} message${left === 1 ? '' : 's'} remain${left === 1 ? 's' : ''} before the limit. Wrap up, then compact or restart with resume.`;
    return this.upsertStructural(e.sessionId, 'marathon_session', e.timestamp, text);
  }

  /** After a response with usage: context pressure at `context.warnPercent` of the window; resolved when usage drops below. */
  private checkContext(e: AgentEvent, used: number, reportedWindow: number): FindingSnapshot[] {
    const h = this.health;
    this.store.setContext(e.sessionId, used, e.contextWindow ?? 0, e.model ?? '');
    const model = e.model ?? '';
    const windowTokens = e.contextWindow || reportedWindow || contextWindowFor(model, used);
    const percent = (used / windowTokens) * 100;
    if (percent < h.contextWarnPercent) {
      this.resolveNow(e.sessionId, ['context_pressure'], e.timestamp, `Context use dropped to ${Math.round(percent)} % of the window.`, 'agent');
      return [];
    }
    const samples = this.store.contextSamples(e.sessionId, 10);
    const left = turnsLeft(samples, windowTokens);
    const growth = samples.length >= 2 ? Math.round((samples[samples.length - 1] - samples[0]) / (samples.length - 1)) : 0;
    const estimate = left !== undefined ? ` About ${left} turn${left === 1 ? '' : 's'} left at +${growth} tokens per turn.` : '';
    const text = `The latest response used ${used} of the ${windowTokens}-token context window of ${model || 'the model'} (${Math.round(percent)} %).${estimate} Compact the context before it overflows.`;
    const nearlyFull = percent >= 95 || (left !== undefined && left <= 1);
    return this.upsertStructural(e.sessionId, 'context_pressure', e.timestamp, text, nearlyFull ? { severity: 'HIGH', reason: 'the context window is nearly full' } : undefined);
  }

  /**
   * A failed resume (stale session): records it against the session id the error names (else the event's session), marks
   * the session as never to be resumed, and from the second failure of one id returns the CRITICAL floor of a resume loop.
   */
  private noteFailedResume(e: AgentEvent): SeverityFloor | undefined {
    const resumedId = staleSessionIdIn(e.text) ?? e.sessionId;
    const n = this.store.addResumeFailure(resumedId, e.sessionId, e.timestamp);
    return n >= 2 ? { severity: 'CRITICAL', reason: `resume of ${resumedId} failed ${n} times: a resume loop; start fresh, never resume this id` } : undefined;
  }

  /**
   * Opens a structural finding, or updates its text (without counting an occurrence); returns it when new or when its
   * severity rose (then it is opened again if acknowledged).
   */
  private upsertStructural(sessionId: string, type: FailureType, ts: number, text: string, floor?: SeverityFloor): FindingSnapshot[] {
    const existing = this.store.activeFinding(sessionId, type);
    // The policy decided when the finding opened; later only a higher floor raises it (no policy query per message).
    if (!existing || (floor && severityRank(floor.severity) > severityRank(existing.severity))) {
      const decision = withFloor(this.policy.decide(type, 1, this.store.recoveriesTaken(sessionId)), floor);
      if (!existing) {
        return [this.decorate(this.store.insertFinding({ sessionId, type, severity: decision.severity, strategy: decision.strategy, ts, text, escalation: decision.escalation }))];
      }
      if (severityRank(decision.severity) > severityRank(existing.severity)) {
        return [this.decorate(this.store.updateFinding(existing.id, { ts, text, severity: decision.severity, strategy: decision.strategy, escalation: decision.escalation, reopen: true }))];
      }
    }
    if (existing.lastText !== text) {
      this.store.updateFinding(existing.id, { ts, text, severity: existing.severity, strategy: existing.strategy, escalation: existing.escalation, reopen: false });
    }
    return [];
  }

  /** Resolves the session's unresolved findings of `types` whatever their last-seen time, with an audit row each. */
  private resolveNow(sessionId: string, types: readonly FailureType[], ts: number, detail: string, actor: AuditEntry['actor']): void {
    for (const f of this.store.resolveFindings(sessionId, types, Number.MAX_SAFE_INTEGER)) {
      this.store.insertAudit({ timestamp: ts, sessionId, findingId: f.id, failureType: f.type, strategy: f.strategy, outcome: 'succeeded', actor, detail });
    }
  }

  /**
   * The watchdog pass, driven by the clock (the extension calls it every 20 s): every shown session's activity is read
   * (see {@link ActivityState}); a stuck session gets a `session_stuck` finding (HIGH; CRITICAL with API errors in the
   * last 30 min); the finding is resolved when the agent answers (on ingest), or when its process ended or nothing is
   * known of it for an hour. Returns the findings that are new or rose in severity; notifies listeners as ingest does.
   */
  evaluate(): FindingSnapshot[] {
    const now = this.clock.now();
    const detections: FindingSnapshot[] = [];
    const changed = new Set<string>();
    const seen = new Set<string>();
    this.store.transaction(() => {
      for (const r of this.store.activeSessions(now - this.config.activeWindowMs)) {
        seen.add(r.id);
        const activity = activityOf({ turnKind: r.turnKind, turnAt: r.turnAt, process: this.processes.get(r.id), now, stuckMs: this.health.stuckMs });
        if (this.lastStates.get(r.id) !== activity.state) {
          this.lastStates.set(r.id, activity.state);
          changed.add(r.id);
        }
        if (activity.state === 'stuck') {
          const errors = this.store.countErrors(r.id, now - RECENT_ERROR_WINDOW_MS);
          const text = errors > 0 ? `${activity.detail} ${errors} API error${errors === 1 ? '' : 's'} in the last 30 min. Last: ${clipText(r.lastError, 300)}` : activity.detail;
          const floor = errors > 0 ? { severity: 'CRITICAL' as const, reason: `stuck with ${errors} API error${errors === 1 ? '' : 's'} in the last 30 min` } : undefined;
          this.stuckSessions.add(r.id);
          const found = this.upsertStructural(r.id, 'session_stuck', now, text, floor);
          if (found.length > 0) {
            changed.add(r.id);
            detections.push(...found);
          }
        } else if (activity.state !== 'working' && this.stuckSessions.has(r.id)) {
          const why = { dead: 'The agent process ended.', unknown: 'No activity for an hour and no process information: presumed ended.', waiting: 'The agent answered.' }[activity.state];
          this.resolveNow(r.id, ['session_stuck'], now, why, activity.state === 'waiting' ? 'agent' : 'system');
          this.stuckSessions.delete(r.id);
          changed.add(r.id);
        }
      }
    });
    for (const id of [...this.lastStates.keys()]) {
      if (!seen.has(id)) {
        this.lastStates.delete(id);
      }
    }
    this.emit(changed, detections, true);
    return detections;
  }

  /** The newest message-count resets (idle, daily, message_limit), newest first. */
  messageResets(limit = 50, sessionId?: string): MessageReset[] {
    return this.store.messageResets(limit, sessionId);
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
    return renderReport({ generatedAt: this.clock.now(), sessions: this.snapshot(), audit: this.audit(50), policy: this.policyTable(), rules: this.config.rules ?? [], config: this.config, resets: this.messageResets(50) });
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
    const { firstPrompt, messagesSinceReset, lastResetReason, lastResetAt, lastMessageId: _m, turnKind, turnAt, contextTokens, contextWindow, contextModel, resumeBroken, ...row } = r;
    const h = this.health;
    const activity = activityOf({ turnKind, turnAt, process: this.processes.get(id), now: this.clock.now(), stuckMs: h.stuckMs });
    const marathon: SessionSnapshot['marathon'] = {
      count: messagesSinceReset,
      limit: Math.max(0, h.maxMessages),
      warnAt: this.marathonWarnAt(h),
      lastReset: lastResetReason ? { reason: lastResetReason, timestamp: lastResetAt } : undefined,
    };
    let context: SessionSnapshot['context'];
    if (contextTokens > 0) {
      const windowTokens = contextWindow || contextWindowFor(contextModel, contextTokens);
      context = { usedTokens: contextTokens, windowTokens, percent: (contextTokens / windowTokens) * 100, model: contextModel, turnsLeft: turnsLeft(this.store.contextSamples(id, 10), windowTokens) };
    }
    return {
      ...row,
      title: r.title || firstPrompt,
      health: healthOf(worst),
      worstSeverity: worst,
      findings,
      activity,
      marathon,
      context,
      resumeBroken,
    };
  }

  private decorate(f: FindingSnapshot): FindingSnapshot {
    const d = failureDefinition(f.type);
    return { ...f, title: d.title, backoffMs: f.strategy === 'backoff' ? backoffDelayMs(f.count - 1) : undefined };
  }

  // ---- alert silences and session marks (pass-throughs to the store; rules in alerts.ts and concurrency.ts) -----------

  /** Stores a silence (snooze) and returns it with its id; survives a restart. */
  addSilence(s: Silence): Silence {
    const stored = this.store.insertSilence(s);
    this.fireChange(s.sessionId ? [s.sessionId] : []);
    return stored;
  }

  /** Every stored silence, oldest first (lifted ones are removed by the notifier with {@link removeSilence}). */
  silences(): Silence[] {
    return this.store.silences();
  }

  /** Deletes a silence by id. */
  removeSilence(id: number): void {
    this.store.deleteSilence(id);
  }

  /** Marks a session priority (never cleaned up) or clears the mark. */
  setPriority(sessionId: string, priority: boolean): void {
    this.store.setPriorityMark(sessionId, priority);
    this.fireChange([sessionId]);
  }

  /** Records that a cleanup closed the session now (it stops counting as live until it has new activity). */
  closeSession(sessionId: string): void {
    this.store.setClosedMark(sessionId, this.clock.now());
    this.fireChange([sessionId]);
  }

  /** Sessions marked priority, and when sessions were closed by a cleanup (epoch ms). */
  sessionMarks(): { priority: string[]; closed: Map<string, number> } {
    return this.store.sessionMarks();
  }
}

/** A policy decision raised to at least the floor's severity (the floor's reason joins the escalation text). */
function withFloor<D extends { severity: Severity; escalation: string }>(decision: D, floor: SeverityFloor | undefined): D {
  if (!floor || severityRank(decision.severity) >= severityRank(floor.severity)) {
    return decision;
  }
  return { ...decision, severity: floor.severity, escalation: [decision.escalation, floor.reason].filter(Boolean).join('; ') };
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
