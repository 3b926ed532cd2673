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
  /** Messages counted (user, assistant, tool calls and results; not metadata). */
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
