/**
 * Codex CLI rollout parser, record handlers: the events of a `response_item` (messages, reasoning, tool calls and their
 * output) or an `event_msg` (token counts, errors, aborted turns, compactions), and the facts a line carries
 * ({@link CodexLineInfo}).
 */

import { AgentEvent, EventOrigin, TokenUsage, hashToolInput } from '../../model/event';
import { Json, cleanText as clean, finiteNumber as num, isObject, str } from '../../ingest/jsonLine';
import { CodexParseState } from './rolloutState';
import { CodexRateLimits, parseCodexRateLimits } from '../../limits/codexRateLimits';
import {
  ERROR_INFO_TEXT,
  contentText,
  errorInfo,
  isCompactionOutput,
  isTypedByPerson,
  parseArguments,
  statusFromText,
  toolCallText,
  toolOutput,
  usageDelta,
  usageOf,
} from './rolloutContent';

/** Facts about the session found on one line. All optional. */
export interface CodexLineInfo {
  /** The session id (`session_meta` `payload.id`, a UUID; also the end of the file name). */
  sessionId?: string;
  /** Working directory of the session (`session_meta` / `turn_context` `cwd`), an absolute path. */
  cwd?: string;
  /** Codex CLI version that wrote the rollout (`session_meta` `cli_version`), e.g. `0.169.0`. */
  version?: string;
  /** Model of the turn (`turn_context` `model`), e.g. `gpt-5-codex`. */
  model?: string;
  /** Context window of the model, tokens (`token_count` `info.model_context_window`). */
  contextWindow?: number;
  /** Tokens in the context after the last response (`last_token_usage.total_tokens` of `token_count`), tokens. */
  contextTokens?: number;
  /** The plan's usage windows and credits (`token_count` `rate_limits`), when the server sent limit headers. */
  rateLimits?: CodexRateLimits;
  /** Session title: not written by Codex 0.169 (the first prompt stands in for it). */
  title?: string;
}

/** What every event of a line shares: its session, time, origin and working directory. */
export interface Base {
  sessionId: string;
  timestamp: number;
  origin: EventOrigin;
  cwd?: string;
}

/** An event of the line `base` describes (its working directory added when the event has none). */
export function event(base: Base, partial: Omit<AgentEvent, 'sessionId' | 'agent' | 'timestamp' | 'origin'>): AgentEvent {
  const e: AgentEvent = { sessionId: base.sessionId, agent: 'codex', timestamp: base.timestamp, origin: base.origin, ...partial };
  if (base.cwd && !e.cwd) {
    e.cwd = base.cwd;
  }
  return e;
}

/** An error event from `{message, codex_error_info}`; the kind's readable name is appended when the message lacks it. */
function errorEvent(base: Base, payload: Json, prefix = ''): AgentEvent {
  const message = str(payload.message) ?? str(payload.error) ?? 'Codex reported an error';
  const { kind, status } = errorInfo(payload.codex_error_info);
  const details = str(payload.additional_details);
  let text = prefix + message + (details ? ` (${details})` : '');
  const readable = kind ? ERROR_INFO_TEXT[kind] : undefined;
  if (readable && !text.toLowerCase().includes(readable.toLowerCase())) {
    text += ` [${readable}]`;
  }
  const httpStatus = status ?? statusFromText(message);
  return event(base, { kind: 'error', text: clean(text), isError: true, ...(httpStatus !== undefined ? { httpStatus } : {}) });
}

/** `response_item` entries: messages (not the harness's), reasoning, tool calls (remembered by call id) and tool output. */
export function parseResponseItem(p: Json, lineMetadata: unknown, base: Base, state: CodexParseState): AgentEvent[] {
  const itemType = str(p.type);
  const model = state.model(base.sessionId);
  switch (itemType) {
    case 'message': {
      const role = str(p.role);
      const text = contentText(p.content);
      if (role === 'assistant' && isCompactionOutput(lineMetadata)) {
        return [event(base, { kind: 'system', text: clean(text || 'Context compaction summary') })];
      }
      if (role === 'assistant') {
        return text.trim() ? [event(base, { kind: 'assistant', text: clean(text), ...(model ? { model } : {}) })] : [];
      }
      if (role === 'user' && text.trim() && isTypedByPerson(p, text)) {
        return [event(base, { kind: 'user', text: clean(text) })];
      }
      return []; // developer / system / harness context
    }
    case 'reasoning': {
      const parts = Array.isArray(p.summary) ? p.summary.map((s) => (isObject(s) ? (str(s.text) ?? '') : '')).filter(Boolean) : [];
      const text = parts.join('\n') || contentText(p.content);
      return text.trim() ? [event(base, { kind: 'assistant', text: clean(text), ...(model ? { model } : {}) })] : [];
    }
    case 'function_call':
    case 'custom_tool_call': {
      const name = str(p.name);
      if (!name) {
        return [];
      }
      const input = itemType === 'function_call' ? parseArguments(p.arguments) : (p.input ?? null);
      const callId = str(p.call_id);
      if (callId) {
        state.setToolName(callId, name);
      }
      return [
        event(base, { kind: 'tool_call', text: clean(toolCallText(name, input)), toolName: name, toolInputHash: hashToolInput(input) }),
      ];
    }
    case 'local_shell_call': {
      const action = isObject(p.action) ? p.action : {};
      const callId = str(p.call_id);
      if (callId) {
        state.setToolName(callId, 'local_shell');
      }
      return [
        event(base, {
          kind: 'tool_call',
          text: clean(toolCallText('local_shell', action)),
          toolName: 'local_shell',
          toolInputHash: hashToolInput(action),
        }),
      ];
    }
    case 'web_search_call': {
      const action = isObject(p.action) ? p.action : {};
      return [
        event(base, {
          kind: 'tool_call',
          text: clean(toolCallText('web_search', action)),
          toolName: 'web_search',
          toolInputHash: hashToolInput(action),
        }),
      ];
    }
    case 'function_call_output':
    case 'custom_tool_call_output': {
      const callId = str(p.call_id);
      if (!callId) {
        return [];
      }
      const out = toolOutput(p.output);
      const toolName = state.toolName(callId);
      return [
        event(base, {
          kind: 'tool_result',
          text: clean(out.text),
          ...(toolName ? { toolName } : {}),
          ...(out.isError ? { isError: true } : {}),
        }),
      ];
    }
    default:
      return [];
  }
}

/** `event_msg` entries: token counts (usage as the growth of the total; context size in `info`), errors, aborts, compactions. */
export function parseEventMsg(p: Json, base: Base, state: CodexParseState, info: CodexLineInfo): AgentEvent[] {
  switch (str(p.type)) {
    case 'token_count': {
      const limits = parseCodexRateLimits(p.rate_limits, base.timestamp, base.sessionId);
      if (limits) {
        info.rateLimits = limits;
      }
      const i = isObject(p.info) ? p.info : undefined;
      if (!i) {
        return [];
      }
      const last = isObject(i.last_token_usage) ? i.last_token_usage : undefined;
      // Codex writes token_count again with the same totals (at the start of a resumed turn, after a compaction): the
      // growth of the running total is what this line adds. Without an earlier total (a read that resumed mid-file),
      // or when the total shrank (a new count began), the last response's usage stands in for it.
      const total = usageOf(i.total_token_usage);
      const before = state.total(base.sessionId);
      let usage: TokenUsage | undefined;
      if (total && before) {
        const same = JSON.stringify(total) === JSON.stringify(before);
        usage = same ? undefined : (usageDelta(total, before) ?? usageOf(last));
      } else {
        usage = usageOf(last);
      }
      if (total) {
        state.setTotal(base.sessionId, total);
      }
      const window = num(i.model_context_window);
      const inContext = last ? num(last.total_tokens) : undefined;
      if (window !== undefined) {
        info.contextWindow = window;
      }
      if (inContext !== undefined) {
        info.contextTokens = inContext;
      }
      if (!usage) {
        return [];
      }
      const model = state.model(base.sessionId);
      const text =
        `${usage.input + usage.cacheRead} input tokens (${usage.cacheRead} cached), ${usage.output} output` +
        (window && inContext !== undefined ? `; context ${inContext} of ${window}` : '');
      return [event(base, { kind: 'usage', text, usage, ...(model ? { model } : {}) })];
    }
    case 'task_complete':
      // The error that ended the turn: Codex gave up (its retries are spent) and waits for the next prompt.
      return isObject(p.error) ? [{ ...errorEvent(base, p.error), endsTurn: true }] : [];
    case 'error':
      return [errorEvent(base, p)];
    case 'stream_error':
      return [errorEvent(base, p, 'stream error: ')];
    case 'turn_aborted':
      // Ctrl+C / Esc (reason `interrupted`) or a turn replaced: nothing is awaited any more, the agent waits for the person.
      return [event(base, { kind: 'system', text: `[Request interrupted] Turn aborted: ${str(p.reason) ?? 'unknown reason'}` })];
    case 'context_compacted':
      return [event(base, { kind: 'system', text: 'Context compacted', compaction: true })];
    default:
      return [];
  }
}
