/**
 * A check: one rule over a session's events or its state on a clock tick, like a lint rule or an alerting rule. It
 * names the failure types it may open, owns its own state, and opens or resolves findings through the ledger. Pure
 * module.
 */
import type { Detection } from '../detection/detector';
import type { EngineConfig } from '../engine/config';
import type { FindingLedger } from '../engine/ledger';
import type { AgentEvent } from '../model/event';
import type { FailureType } from '../model/failures';
import type { FindingSnapshot } from '../model/snapshot';
import type { HealthConfig, TurnKind } from '../engine/activity';
import type { AgentProcessState } from '../engine/config';
import type { SessionCounters, Store } from '../store/store';

/** What the engine knows of one event before the checks run. */
export interface EventFacts {
  /** The detector's answer for the event (with the user rule that decided it), if any. */
  detection?: Detection;
  /** The session's counters before the event (undefined for a session's first event). */
  before?: SessionCounters;
  /** True when the event counts as a message toward the marathon limit. */
  isMessage: boolean;
  /** Messages since the last count reset, this one included (0 when the event is no message). */
  messageCount: number;
  /** The event's turn (who spoke), if it is one. */
  turn?: TurnKind;
  /** Context tokens of the response's usage (0 when none, or for a subagent's). */
  contextTokens: number;
  /** Cost of the event in USD, if any. */
  cost?: number;
}

/** What a check may use: the store (read), the ledger (findings and their audit rows), the settings, the clock. */
export interface CheckContext {
  readonly store: Store;
  readonly ledger: FindingLedger;
  /** The engine's settings in effect (they change when the user's settings do). */
  config(): EngineConfig;
  /** The session-health settings in effect. */
  health(): HealthConfig;
  /** What process and terminal sources know of each session's agent process. */
  readonly processes: ReadonlyMap<string, AgentProcessState>;
  now(): number;
}

/** What a tick returns: findings that are new or rose, and the sessions whose shown state changed. */
export interface TickResult {
  detections: FindingSnapshot[];
  changed: string[];
}

/** One check. */
export interface Check {
  /** Short id, e.g. `tool-loop`. */
  readonly id: string;
  /** The failure types this check may open (each structural type has exactly one owning check). */
  readonly opens: readonly FailureType[];
  /**
   * Before the event is stored: for counters the check owns that must change first (the marathon count resets after an
   * idle gap). May lower `facts.messageCount`.
   */
  beforeEvent?(e: AgentEvent, facts: EventFacts, ctx: CheckContext): void;
  /** After the event is stored: returns the findings that are new or whose severity rose. */
  onEvent?(e: AgentEvent, facts: EventFacts, ctx: CheckContext): FindingSnapshot[];
  /** On a clock tick (the engine's `evaluate`, every 20 s in the extension). */
  onTick?(ctx: CheckContext, now: number): TickResult;
}
