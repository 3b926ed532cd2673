/**
 * Claude Code transcript parser, record handlers: the events of a `user`, `assistant`, `system` (API errors, compactions,
 * local commands) or SDK `result` entry, and the facts about the session a line carries ({@link ClaudeLineInfo}).
 */

import { AgentEvent, EventKind, EventOrigin, hashToolInput } from '../../model/event';
import { Json, cleanText as clean, finiteNumber as num, isObject, str } from '../../ingest/jsonLine';
import { apiErrorParts, commandText, isCommandText, statusFromText, toolCallText, toolResultText, usageOf } from './transcriptBlocks';

/** Facts about the session found on one line, for the caller to keep (titles, cwd, branch...). All optional. */
export interface ClaudeLineInfo {
  /** The line's `sessionId` (summary lines have none). */
  sessionId?: string;
  /** Working directory of the session (`cwd`), an absolute path. */
  cwd?: string;
  /** Git branch at the time of the line (`gitBranch`; `HEAD` outside a repository or on a detached head). */
  gitBranch?: string;
  /** Claude Code version that wrote the line, e.g. `2.1.330`. */
  version?: string;
  /** Session title, from `summary` (`summary`), `ai-title` (`aiTitle`) or `custom-title` (`customTitle`) entries; redacted. */
  title?: string;
  /** Text of a prompt the person typed (not meta, command or tool result lines); redacted and clipped. */
  firstPrompt?: string;
  /** True for a `system` / `compact_boundary` line: the conversation was compacted here. */
  isCompactBoundary?: boolean;
  /** The line's `isMeta` flag (lines Claude Code injects, not typed by the person). */
  isMeta?: boolean;
  /** The line's own `uuid`. */
  uuid?: string;
  /**
   * Anthropic message id of an assistant line (`message.id`, e.g. `msg_01...`). Claude Code writes one line per content
   * block and repeats the message's usage on each; the parser puts `usage` only on the first block's line
   * (`apiBlockIndex` 0, or lines without `apiBlockIndex`), so callers reading transcripts of versions that do not write
   * `apiBlockIndex` should count usage once per `messageId`.
   */
  messageId?: string;
}

/** What every event of a line shares: its session, time, working directory, sidechain flag and origin. */
export interface Base {
  sessionId: string;
  timestamp: number;
  cwd?: string;
  sidechain?: boolean;
  origin: EventOrigin;
}

/** An event of the line `base` describes; its text is redacted and clipped. */
function makeEvent(base: Base, kind: EventKind, text: string, extra: Partial<AgentEvent> = {}): AgentEvent {
  const ev: AgentEvent = {
    sessionId: base.sessionId,
    agent: 'claude-code',
    timestamp: base.timestamp,
    kind,
    text: clean(text),
    ...extra,
  };
  if (base.cwd !== undefined) {
    ev.cwd = base.cwd;
  }
  if (base.sidechain) {
    ev.sidechain = true;
  }
  ev.origin = base.origin;
  return ev;
}

/** `user` entries: prompts (the first one goes to `info.firstPrompt`), slash commands and their output, tool results. */
export function parseUser(entry: Json, base: Base, info: ClaudeLineInfo): AgentEvent[] {
  const message = isObject(entry.message) ? entry.message : undefined;
  const content = message ? message.content : undefined;
  const meta = entry.isMeta === true;
  const compactSummary = entry.isCompactSummary === true;
  const events: AgentEvent[] = [];

  const pushText = (text: string): void => {
    if (!text.trim()) {
      return;
    }
    if (compactSummary) {
      events.push(makeEvent(base, 'system', text));
    } else if (meta) {
      events.push(makeEvent(base, 'system', isCommandText(text) ? commandText(text) : text));
    } else if (isCommandText(text)) {
      events.push(makeEvent(base, 'system', commandText(text)));
    } else {
      events.push(makeEvent(base, 'user', text));
      if (info.firstPrompt === undefined) {
        info.firstPrompt = clean(text);
      }
    }
  };

  if (typeof content === 'string') {
    pushText(content);
    return events;
  }
  if (!Array.isArray(content)) {
    return events;
  }
  let pending: string[] = [];
  const flush = (): void => {
    if (pending.length) {
      pushText(pending.join('\n'));
      pending = [];
    }
  };
  for (const block of content) {
    if (typeof block === 'string') {
      pending.push(block);
      continue;
    }
    if (!isObject(block)) {
      continue;
    }
    if (block.type === 'text' && typeof block.text === 'string') {
      pending.push(block.text);
    } else if (block.type === 'image') {
      pending.push('[image]');
    } else if (block.type === 'document') {
      pending.push('[document]');
    } else if (block.type === 'tool_result') {
      flush();
      const extra: Partial<AgentEvent> = {};
      if (block.is_error === true) {
        extra.isError = true;
      }
      events.push(makeEvent(base, 'tool_result', toolResultText(block.content), extra));
    }
  }
  flush();
  return events;
}

/** `assistant` entries: replies, thinking, tool calls, API errors (synthetic messages); usage on the first block's line. */
export function parseAssistant(entry: Json, base: Base, info: ClaudeLineInfo): AgentEvent[] {
  const message = isObject(entry.message) ? entry.message : {};
  const model = str(message.model);
  const messageId = str(message.id);
  if (messageId) {
    info.messageId = messageId;
  }
  const blockIndex = num(entry.apiBlockIndex);
  const synthetic = model === '<synthetic>';
  const usage = !synthetic && (blockIndex === undefined || blockIndex === 0) ? usageOf(message.usage) : undefined;
  const content = message.content;
  const blocks: unknown[] = typeof content === 'string' ? [{ type: 'text', text: content }] : Array.isArray(content) ? content : [];

  const apiErrorFlag = entry.isApiErrorMessage === true;
  const apiStatus = num(entry.apiErrorStatus);
  const errorDetails = str(entry.errorDetails);
  const events: AgentEvent[] = [];
  const common: Partial<AgentEvent> = model ? { model } : {};
  if (messageId) {
    common.messageId = messageId;
  }

  for (const block of blocks) {
    if (!isObject(block)) {
      continue;
    }
    if (block.type === 'text' || block.type === 'thinking') {
      const text = block.type === 'text' ? (str(block.text) ?? '') : (str(block.thinking) ?? '');
      const isApiError = apiErrorFlag || (block.type === 'text' && /^\s*API Error\b/.test(text));
      if (isApiError) {
        let full = text;
        if (errorDetails && !text.includes(errorDetails)) {
          full = text ? `${text}\n${errorDetails}` : errorDetails;
        }
        const status = apiStatus ?? statusFromText(text) ?? (errorDetails ? statusFromText(errorDetails) : undefined);
        const extra: Partial<AgentEvent> = { ...common, isError: true };
        if (status !== undefined) {
          extra.httpStatus = status;
        }
        events.push(makeEvent(base, 'error', full || 'API error', extra));
      } else if (text.trim()) {
        events.push(makeEvent(base, 'assistant', text, { ...common }));
      }
    } else if (block.type === 'tool_use' || block.type === 'server_tool_use') {
      const name = str(block.name) ?? 'unknown';
      events.push(
        makeEvent(base, 'tool_call', toolCallText(name, block.input), {
          ...common,
          toolName: name,
          toolInputHash: hashToolInput(block.input ?? null),
        }),
      );
    }
  }
  if (apiErrorFlag && events.length === 0) {
    const extra: Partial<AgentEvent> = { ...common, isError: true };
    const status = apiStatus ?? (errorDetails ? statusFromText(errorDetails) : undefined);
    if (status !== undefined) {
      extra.httpStatus = status;
    }
    events.push(makeEvent(base, 'error', errorDetails ?? str(entry.error) ?? 'API error', extra));
  }
  if (usage) {
    if (events.length > 0) {
      events[0].usage = usage;
    } else {
      events.push(makeEvent(base, 'usage', '', { ...common, usage }));
    }
  }
  return events;
}

/** `system` / `api_error`: `API error 429 rate_limit_error: <message> (retry 3/10 in 4123 ms)`. */
function parseApiError(entry: Json, base: Base): AgentEvent {
  const error = isObject(entry.error) ? entry.error : {};
  const rawMessage = str(error.message) ?? '';
  // Claude Code 2.1.x: error.status; older versions nest the SDK error: error.error.error.{type,message}.
  const nested = isObject(error.error) ? error.error : undefined;
  const nestedInner = nested && isObject(nested.error) ? nested.error : nested;
  const status = num(error.status) ?? statusFromText(rawMessage);
  const parts = apiErrorParts(rawMessage);
  const type = parts.type ?? (nestedInner ? str(nestedInner.type) : undefined);
  let message = parts.message ?? (nestedInner ? str(nestedInner.message) : undefined);
  if (!message) {
    const formatted = str(error.formatted) ?? rawMessage;
    message = status !== undefined ? formatted.replace(new RegExp(`^\\s*${status}\\s*`), '') : formatted;
  }
  if (!message) {
    message = str(entry.content) ?? 'unknown error';
  }
  const attempt = num(entry.retryAttempt);
  const max = num(entry.maxRetries);
  const wait = num(entry.retryInMs);
  let retry = '';
  if (attempt !== undefined) {
    retry = ` (retry ${attempt}${max !== undefined ? `/${max}` : ''}${wait !== undefined ? ` in ${Math.round(wait)} ms` : ''})`;
  }
  const head = ['API error', status !== undefined ? String(status) : '', type ?? ''].filter(Boolean).join(' ');
  const extra: Partial<AgentEvent> = { isError: true };
  if (status !== undefined) {
    extra.httpStatus = status;
  }
  return makeEvent(base, 'error', `${head}: ${message}${retry}`, extra);
}

/** `system` entries: API errors, compaction boundaries (`info.isCompactBoundary`), local commands, other notices. */
export function parseSystem(entry: Json, base: Base, info: ClaudeLineInfo): AgentEvent[] {
  const subtype = str(entry.subtype);
  if (subtype === 'api_error') {
    return [parseApiError(entry, base)];
  }
  const content = str(entry.content) ?? '';
  if (subtype === 'compact_boundary') {
    info.isCompactBoundary = true;
    const meta = isObject(entry.compactMetadata) ? entry.compactMetadata : {};
    const trigger = str(meta.trigger);
    const pre = num(meta.preTokens);
    const detail = [trigger, pre !== undefined ? `${pre} tokens before` : ''].filter(Boolean).join(', ');
    return [makeEvent(base, 'system', `${content || 'Conversation compacted'}${detail ? ` (${detail})` : ''}`, { compaction: true })];
  }
  const text = content ? (isCommandText(content) ? commandText(content) : content) : (subtype ?? 'system');
  if (entry.level === 'error' && /error/i.test(subtype ?? '')) {
    const status = statusFromText(text);
    const extra: Partial<AgentEvent> = { isError: true };
    if (status !== undefined) {
      extra.httpStatus = status;
    }
    return [makeEvent(base, 'error', text, extra)];
  }
  return [makeEvent(base, 'system', text)];
}

/** SDK `result` entries (stream-json output; not normally in transcripts): errors become `error` events. */
export function parseResult(entry: Json, base: Base): AgentEvent[] {
  const subtype = str(entry.subtype) ?? '';
  const isError = entry.is_error === true || subtype.startsWith('error');
  const result = str(entry.result);
  if (!isError) {
    return [makeEvent(base, 'system', result ? `Result: ${result}` : `result ${subtype}`.trim())];
  }
  const status = num(entry.api_error_status) ?? (result ? statusFromText(result) : undefined);
  const extra: Partial<AgentEvent> = { isError: true };
  if (status !== undefined) {
    extra.httpStatus = status;
  }
  const errors = Array.isArray(entry.errors) ? entry.errors.filter((e): e is string => typeof e === 'string') : [];
  const text = result ?? (errors.length ? `${subtype}: ${errors.join('; ')}` : subtype || 'error');
  return [makeEvent(base, 'error', text, extra)];
}
