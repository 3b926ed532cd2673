/**
 * Read-only snapshots of the engine's state, the shapes the views, the report and the CLI render.
 * Pure module.
 */
import type { AgentKind, TokenUsage } from './event';
import type { FailureType, Severity, Strategy } from './failures';

/** A session's overall health: the worst open finding decides (none or LOW: ok; MEDIUM or HIGH: warning; CRITICAL: critical). */
export type Health = 'ok' | 'warning' | 'critical';

/** Health from the worst open severity (undefined: no open finding). */
export function healthOf(worst: Severity | undefined): Health {
  if (worst === 'CRITICAL') {
    return 'critical';
  }
  if (worst === 'HIGH' || worst === 'MEDIUM') {
    return 'warning';
  }
  return 'ok';
}

/** Finding lifecycle: `open` until resolved (by the agent recovering, or a recovery), acknowledged or snoozed by the user. */
export type FindingStatus = 'open' | 'acknowledged' | 'resolved';

/** One finding: an episode of one failure type in one session (repeats of it raise `count`). */
export interface FindingSnapshot {
  id: number;
  sessionId: string;
  type: FailureType;
  /** Catalog title, e.g. "Rate limit (429)". */
  title: string;
  /** Effective severity (after policy overrides, repeat escalation and retry escalation). */
  severity: Severity;
  /** Effective strategy. */
  strategy: Strategy;
  /** Occurrences in this episode. */
  count: number;
  /** Epoch ms of the first and last occurrence. */
  firstSeen: number;
  lastSeen: number;
  /** The (redacted) line that triggered the last occurrence. */
  lastText: string;
  /** File and byte offset of that line, when it came from a file. */
  file?: string;
  offset?: number;
  status: FindingStatus;
  /** Epoch ms until which notifications are silenced; 0 when not snoozed. */
  snoozedUntil: number;
  /** Why the severity or strategy differs from the policy table, e.g. "3 times in 300 s", or "" when it does not. */
  escalation: string;
  /** For `backoff`: the delay to wait before the next retry (ms), 2 s doubling to 32 s. */
  backoffMs?: number;
}

/** One agent session and its health. */
export interface SessionSnapshot {
  id: string;
  agent: AgentKind;
  /** Project name (last folder of the cwd, or the transcript folder). */
  project: string;
  /** Title (Claude Code summary / ai-title) or the first prompt, or "" when neither is known yet. */
  title: string;
  cwd: string;
  /** Transcript file, when the session came from one. */
  file: string;
  /** Epoch ms of the first and the last event. */
  firstSeen: number;
  lastActivity: number;
  /**
   * Messages counted in all (main thread: user prompts, tool results, and one per assistant message however many content
   * blocks or transcript lines it has; not metadata, errors or subagent messages).
   */
  messageCount: number;
  tokens: TokenUsage;
  /** Cost in USD from usage and the price table (or reported by the agent). */
  costUsd: number;
  /** Last model seen. */
  model: string;
  /** Lines that could not be parsed and were skipped. */
  skippedLines: number;
  /** Last error text (redacted) and when, epoch ms (0: none). */
  lastError: string;
  lastErrorAt: number;
  health: Health;
  /** Worst open severity, if any finding is open. */
  worstSeverity?: Severity;
  /** Open findings first (worst first), then the recently resolved or acknowledged ones. */
  findings: FindingSnapshot[];
  /** What the agent is doing now, as the watchdog reads it (see {@link ActivityState}). */
  activity: SessionActivity;
  /** Messages since the last count reset against the marathon limit. */
  marathon: MarathonState;
  /** How full the context window was at the latest response; undefined before any usage was reported. */
  context?: ContextUsage;
  /**
   * True when resuming this session id failed because the agent no longer knows it (stale session): recovery must never
   * offer "restart with resume" for it again, only a fresh start. Set at the first failed resume and kept.
   */
  resumeBroken: boolean;
}

/**
 * The watchdog's reading of a session:
 * - `working`: a prompt or tool result waits for the model's response (for less than the stuck threshold), or a tool
 *   call started less than 30 s ago;
 * - `waiting`: the agent's turn is over and it waits for the person: the last event is an assistant reply, an interrupted
 *   turn, a turn ended by an API error, or a tool call pending for over 30 s (a permission prompt or a long-running tool);
 * - `stuck`: a prompt or tool result has had no assistant response for longer than `watchdog.stuckMinutes` while the agent
 *   still runs (or, with no process information, for less than an hour since);
 * - `dead`: a terminal or process source saw the agent's process end;
 * - `unknown`: no conversation yet, or awaiting a response for over an hour with no process information (it probably ended).
 */
export type ActivityState = 'working' | 'waiting' | 'stuck' | 'dead' | 'unknown';

/** A session's activity: its state, since when (epoch ms) and why, in words. */
export interface SessionActivity {
  state: ActivityState;
  /** Epoch ms the state started (the last conversational event, or the process exit); 0 when unknown. */
  sinceMs: number;
  /** One sentence, e.g. "No assistant response for 7 min after the last prompt; 2 API errors in the last 30 min." */
  detail: string;
  /** True when a terminal or process source reported on the agent's process. */
  processKnown: boolean;
}

/** Why a session's message count started again from 0 (hermes-agent's session reset reasons). */
export type MessageResetReason = 'idle' | 'daily' | 'message_limit';

/** One reset of a session's message count. */
export interface MessageReset {
  sessionId: string;
  /** Epoch ms. */
  timestamp: number;
  reason: MessageResetReason;
  /** Messages counted before the reset. */
  countBefore: number;
}

/** Marathon tracking: messages since the last reset against `sessions.maxMessages`. */
export interface MarathonState {
  /** Messages (user prompts, distinct assistant messages, tool results; main thread only) since the last reset. */
  count: number;
  /** The limit (messages); 0 = unlimited. */
  limit: number;
  /** The count at which the warning starts (`sessions.warnPercent` of the limit); 0 when unlimited. */
  warnAt: number;
  /** The last reset, if any. */
  lastReset?: { reason: MessageResetReason; timestamp: number };
}

/** Context window use at the latest main-thread response. */
export interface ContextUsage {
  /** Tokens in the window: input + cache read + cache creation + output of the latest usage. */
  usedTokens: number;
  /** The model's window, tokens (see src/core/agents/contextWindows.ts). */
  windowTokens: number;
  /** usedTokens / windowTokens, in percent (may exceed 100). */
  percent: number;
  /** Model the window was looked up for. */
  model: string;
  /** Estimated responses left before the window is full, from the recent growth; undefined without growth. */
  turnsLeft?: number;
}

/** A row of the recovery audit log. */
export interface AuditEntry {
  id: number;
  /** Epoch ms. */
  timestamp: number;
  sessionId: string;
  findingId?: number;
  failureType?: FailureType;
  strategy: Strategy | 'acknowledge' | 'snooze' | 'cleanup';
  /** What happened: offered to the user, taken (started), succeeded, failed, or declined. */
  outcome: 'offered' | 'taken' | 'succeeded' | 'failed' | 'declined';
  /** Who: the user, automatic recovery, or the agent itself (it recovered on its own). */
  actor: 'user' | 'auto' | 'agent' | 'system';
  detail: string;
}
