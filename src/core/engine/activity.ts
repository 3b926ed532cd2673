/**
 * The hang watchdog's rules: from a session's last conversational event, the agent process state (when a terminal or
 * process source knows it) and the clock, what the agent is doing: working, waiting for the person, stuck, dead or
 * unknown. After the session watchdog of hermes-agent (seed 003): a message with no "response ready" for longer than a
 * threshold, while the gateway runs, is a stuck session; with recent API errors (MiniMax `output new_sensitive (1027)`,
 * `[SSL] record layer failure`, `API call failed (attempt N/3)`) it is the known hang. Pure module.
 */
import type { AgentEvent } from '../model/event';
import type { ActivityState, SessionActivity } from '../model/snapshot';

/**
 * The last conversational event of a session's main thread, as the watchdog reads it:
 * `user` (a prompt), `tool_result`, `tool_call`, `assistant` (model text), `interrupted` (Claude Code's
 * `[Request interrupted by user...]`), `error_end` (the agent gave up the turn with an API error: Claude Code's synthetic
 * `<synthetic>` assistant message, or an error event a source marked `endsTurn`).
 */
export type TurnKind = 'user' | 'tool_result' | 'tool_call' | 'assistant' | 'interrupted' | 'error_end';

/** Session-health settings (`sessionDoctor.watchdog.*`, `sessions.*`, `context.*`). */
export interface HealthConfig {
  /** A prompt or tool result with no assistant response for this many ms, while the agent runs, is stuck (default 5 min). */
  stuckMs: number;
  /** Messages per session before the marathon limit (default 200); 0 = unlimited. */
  maxMessages: number;
  /** Warn at this percentage of `maxMessages` (default 85). */
  messageWarnPercent: number;
  /** A gap of more than this many ms between two events of a session resets its message count ("idle"; default 24 h; 0 = off). */
  idleResetMs: number;
  /** The first message after this local hour (0-23) of a new day resets the message count ("daily"; default 4; -1 = off). */
  dailyResetHour: number;
  /** Warn when the latest response used this percentage of the model's context window (default 80). */
  contextWarnPercent: number;
}

/** Defaults: hermes-agent's session reset policy (200 messages, idle 24 h, daily at 4:00) and a 5-minute watchdog. */
export const DEFAULT_HEALTH_CONFIG: HealthConfig = {
  stuckMs: 5 * 60_000,
  maxMessages: 200,
  messageWarnPercent: 85,
  idleResetMs: 24 * 3600_000,
  dailyResetHour: 4,
  contextWarnPercent: 80,
};

/** How often the extension runs the watchdog pass (`Engine.evaluate()`), ms. */
export const WATCHDOG_INTERVAL_MS = 20_000;

/** A tool call pending longer than this (ms) is read as a permission prompt or a long-running tool: waiting, not working. */
export const TOOL_PENDING_GRACE_MS = 30_000;

/** With no process information, a session awaiting a response for longer than this (ms) is presumed ended: unknown. */
export const UNKNOWN_PROCESS_MAX_MS = 3_600_000;

/** API errors within this many ms before now make a stuck session critical. */
export const RECENT_ERROR_WINDOW_MS = 30 * 60_000;

/**
 * The turn kind an event sets, or undefined when the event does not change it (subagent events, metadata, usage, API
 * errors the agent retries).
 */
export function turnKindOf(e: Pick<AgentEvent, 'kind' | 'text' | 'sidechain' | 'model' | 'isError' | 'endsTurn'>): TurnKind | undefined {
  if (e.sidechain) {
    return undefined;
  }
  switch (e.kind) {
    case 'user':
    case 'tool_result':
    case 'tool_call':
    case 'assistant':
      return e.kind;
    case 'system':
      return /^\s*\[Request interrupted/.test(e.text) ? 'interrupted' : undefined;
    case 'error':
      return e.model === '<synthetic>' || e.endsTurn ? 'error_end' : undefined;
    default:
      return undefined;
  }
}

/** What {@link activityOf} reads. Times are epoch ms. */
export interface WatchdogInput {
  turnKind: TurnKind | '';
  turnAt: number;
  /** The process state a terminal or process source reported, if any. */
  process?: { state: 'running' | 'exited'; exitCode?: number; atMs: number };
  now: number;
  /** `watchdog.stuckMinutes` in ms. */
  stuckMs: number;
}

/** The activity of a session (the rules are listed on {@link ActivityState}). */
export function activityOf(i: WatchdogInput): SessionActivity {
  const processKnown = i.process !== undefined;
  const make = (state: ActivityState, sinceMs: number, detail: string): SessionActivity => ({ state, sinceMs, detail, processKnown });
  if (i.process?.state === 'exited') {
    return make(
      'dead',
      i.process.atMs,
      `The agent process ended${i.process.exitCode !== undefined ? ` (exit code ${i.process.exitCode})` : ''}.`,
    );
  }
  const silence = Math.max(0, i.now - i.turnAt);
  switch (i.turnKind) {
    case '':
      return make('unknown', 0, 'No conversation seen yet.');
    case 'assistant':
      return make('waiting', i.turnAt, 'The agent answered and waits for you.');
    case 'interrupted':
      return make('waiting', i.turnAt, 'The turn was interrupted; the agent waits for you.');
    case 'error_end':
      return make('waiting', i.turnAt, 'The turn ended with an API error; the agent waits for you.');
    case 'tool_call':
      return silence < TOOL_PENDING_GRACE_MS
        ? make('working', i.turnAt, 'Running a tool.')
        : make('waiting', i.turnAt, `A tool call has been pending for ${minutes(silence)}: a permission prompt, or a long-running tool.`);
    case 'user':
    case 'tool_result': {
      const after = i.turnKind === 'user' ? 'the last prompt' : 'the last tool result';
      if (silence < i.stuckMs) {
        return make('working', i.turnAt, `Waiting for the model's response to ${after}.`);
      }
      if (!processKnown && silence > UNKNOWN_PROCESS_MAX_MS) {
        return make(
          'unknown',
          i.turnAt,
          `No assistant response for ${minutes(silence)} after ${after} and no process information: the agent probably ended.`,
        );
      }
      return make(
        'stuck',
        i.turnAt,
        `No assistant response for ${minutes(silence)} after ${after}${processKnown ? ' while the agent runs' : ' (agent process not seen: judged from the transcript)'}.`,
      );
    }
  }
}

/** A duration in whole minutes, or seconds under a minute: `7 min`, `45 s`. */
export function minutes(ms: number): string {
  return ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.floor(ms / 60_000)} min`;
}
