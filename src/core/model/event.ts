/**
 * The normalized agent event: every source (Claude Code transcripts first) turns what an agent wrote into these.
 * Pure module: no `vscode`, no Node built-ins.
 */

import type { FailureType } from './failures';

/**
 * Which agent wrote the event: the id of its plug-in (`claude-code`, `codex`, `gemini`, ... — the list is
 * src/core/agents/index.ts `AGENTS`; `generic` for any other agent).
 */
export type AgentKind = string;

/**
 * What an event is.
 * - `user`: a prompt typed by the person (or a slash command).
 * - `assistant`: model text (or thinking) in an assistant message.
 * - `tool_call`: one `tool_use` block the model asked for.
 * - `tool_result`: the result handed back for a tool call (`is_error` results stay `tool_result` with `isError`).
 * - `error`: an API error or an execution error the agent reported (429, 401, "API Error: ...", `error_during_execution`).
 * - `system`: metadata the agent wrote (compaction boundary, summary, local command output, hooks).
 * - `usage`: token usage only (no text), when a source reports usage apart from a message.
 */
export type EventKind = 'user' | 'assistant' | 'tool_call' | 'tool_result' | 'error' | 'system' | 'usage';

/** Token counts of one model response, as the Anthropic Messages API `usage` object reports them (tokens). */
export interface TokenUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
}

/** Where an event came from: a file and the byte offset of the start of its line (bytes, 0-based). */
export interface EventOrigin {
  file: string;
  offset: number;
}

/** One normalized event. */
export interface AgentEvent {
  /** The agent's own session id (Claude Code: the transcript's `sessionId`, which is also its file name). */
  sessionId: string;
  agent: AgentKind;
  /** Unix epoch, ms. */
  timestamp: number;
  kind: EventKind;
  /** Human-readable text, already redacted of secrets, truncated to {@link MAX_EVENT_TEXT} characters. */
  text: string;
  /** For `tool_call` (and `tool_result` where known): the tool's name, e.g. `Bash`. */
  toolName?: string;
  /** For `tool_call`: a stable hash of the tool input (see {@link hashToolInput}); equal inputs give equal hashes. */
  toolInputHash?: string;
  /** True for a tool result flagged `is_error`, or an API error message. */
  isError?: boolean;
  /** Token usage reported with this event (assistant messages). */
  usage?: TokenUsage;
  /** Model id that produced the event, e.g. `claude-sonnet-4-5-20250929`. */
  model?: string;
  /** Cost of this event in USD where known (computed from usage and the price table when the agent does not report it). */
  costUsd?: number;
  /** HTTP status of an API error, when the agent recorded one (429, 401, 529...). */
  httpStatus?: number;
  /**
   * True for an `error` event made from a raw line of terminal output, an output channel or a plain log (not an error the
   * agent recorded as one): the detector reads it as a raw line (its shape, a bare status, the gate), as `classifyLine` does.
   */
  rawLine?: boolean;
  /** True for a `system` event that marks a compaction of the context (Claude Code `compact_boundary`). */
  compaction?: boolean;
  /**
   * True for a `system` event that says the agent now waits for the person (its turn ended, or it asks for a permission):
   * the session is idle, not stuck. Set from Claude Code `Stop` and `Notification` hooks (src/core/agents/spool/spool.ts).
   */
  waitingForUser?: boolean;
  /** True when the event belongs to a subagent (Claude Code `isSidechain`). */
  sidechain?: boolean;
  /** Workspace folder the agent ran in (Claude Code `cwd`). */
  cwd?: string;
  /** Where the line came from. */
  origin?: EventOrigin;
  /**
   * The provider's id of the model message this event is part of (Claude Code `message.id`, one transcript line per
   * content block): events sharing it count as one message.
   */
  messageId?: string;
  /** The context window (tokens) the agent itself reports for the model, when it does (e.g. Codex `model_context_window`). */
  contextWindow?: number;
  /**
   * True on an `error` event after which the agent gave up the turn and waits for the person (a final API error, not a
   * retried one), for sources that know it; the hang watchdog then reads the session as waiting, not stuck. Claude Code's
   * final error is recognised without it (its synthetic assistant message, model `<synthetic>`).
   */
  endsTurn?: boolean;
  /**
   * The built-in detector's verdict on this `error` or failed `tool_result` event, worked out where its line was parsed
   * (the parse worker, `precomputeDetection` in src/core/detection/detector.ts): the failure type, or null when the
   * detector found none. Undefined: not worked out, the engine runs the detector. User rules are never in it: the
   * engine still tries them first.
   */
  detected?: FailureType | null;
}

/** Longest event text kept, in characters. Longer texts are cut and end with an ellipsis. */
export const MAX_EVENT_TEXT = 4000;

/** Cuts a text to at most `max` characters (default {@link MAX_EVENT_TEXT}), marking the cut with `…`. */
export function clipText(text: string, max = MAX_EVENT_TEXT): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

/**
 * A stable, order-insensitive hash of a tool input (any JSON value): keys are sorted before hashing, so
 * `{a:1,b:2}` and `{b:2,a:1}` hash alike. FNV-1a 64-bit over the canonical JSON, as 16 hex digits.
 */
export function hashToolInput(input: unknown): string {
  const canonical = canonicalJson(input);
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let i = 0; i < canonical.length; i++) {
    h ^= BigInt(canonical.charCodeAt(i));
    h = (h * prime) & mask;
  }
  return h.toString(16).padStart(16, '0');
}

function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    return '[' + value.map(canonicalJson).join(',') + ']';
  }
  const obj = value as Record<string, unknown>;
  return (
    '{' +
    Object.keys(obj)
      .sort()
      .map((k) => JSON.stringify(k) + ':' + canonicalJson(obj[k]))
      .join(',') +
    '}'
  );
}
