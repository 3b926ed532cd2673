/**
 * Claude Code transcript parser: one JSONL line of a Claude Code session transcript in, normalized {@link AgentEvent}s out.
 *
 * Format source: Claude Code 2.1.x writes one JSON object per line to
 * `~/.claude/projects/<project>/<session-id>.jsonl`, where `<project>` is the working directory with every character
 * other than a letter or digit replaced by `-` (e.g. `/home/dev/app` -> `-home-dev-app`). Entry shapes were checked
 * against transcripts written by the real CLI 2.1.330 (see test/fixtures/claude/PROVENANCE.md). Entries that matter:
 * - `{"type":"user","message":{"role":"user","content":string|Block[]},"isMeta"?,"isCompactSummary"?,...}`:
 *   prompts, slash commands (`<command-name>`), local command output (`<local-command-stdout>`) and `tool_result` blocks.
 * - `{"type":"assistant","message":{"id","model","content":Block[],"usage"},"apiBlockIndex"?,"isApiErrorMessage"?,
 *   "apiErrorStatus"?,"apiErrorType"?,"errorDetails"?}`: one line per content block of a model reply (usage is repeated on
 *   every line of the same message; `apiBlockIndex` numbers the lines); failed requests end in a synthetic message
 *   (`model: "<synthetic>"`, `isApiErrorMessage: true`) whose text is what the CLI printed ("API Error: ...").
 * - `{"type":"system","subtype":"api_error","error":{"status","message","formatted"},"retryAttempt","maxRetries",
 *   "retryInMs"}`: one per retried API failure; `subtype:"compact_boundary"` marks a compaction; `subtype:"local_command"`.
 * - `summary` / `ai-title` / `custom-title`: session titles. Bookkeeping (`queue-operation`, `attachment`,
 *   `file-history-snapshot`, `api-request*`, `last-prompt`, `cost-state`, `mode`, ...): no events.
 *
 * Pure module: no `vscode`, no Node built-ins. Never throws.
 */

import { AgentEvent, EventKind, EventOrigin, TokenUsage, hashToolInput } from '../../model/event';
import { Json, cleanText as clean, finiteNumber as num, isObject, parseJsonObjectLine, parseTimestamp, str } from '../../ingest/jsonLine';

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

/** Result of {@link parseClaudeLine}: the events of a line and what it says about the session, or why it was rejected. */
export type ClaudeLineResult = { ok: true; events: AgentEvent[]; info: ClaudeLineInfo } | { ok: false; error: string };


/** Text of a tool_result `content` (string, or blocks of text / image / other). */
function toolResultText(content: unknown): string {
  if (typeof content === 'string') {
    return content;
  }
  if (Array.isArray(content)) {
    const parts: string[] = [];
    for (const b of content) {
      if (typeof b === 'string') {
        parts.push(b);
      } else if (isObject(b)) {
        if (typeof b.text === 'string') {
          parts.push(b.text);
        } else if (b.type === 'image') {
          parts.push('[image]');
        } else if (typeof b.type === 'string') {
          parts.push(`[${b.type}]`);
        }
      }
    }
    return parts.join('\n');
  }
  return '';
}

function usageOf(u: unknown): TokenUsage | undefined {
  if (!isObject(u)) {
    return undefined;
  }
  return {
    input: num(u.input_tokens) ?? 0,
    output: num(u.output_tokens) ?? 0,
    cacheRead: num(u.cache_read_input_tokens) ?? 0,
    cacheCreation: num(u.cache_creation_input_tokens) ?? 0,
  };
}

/** A short readable text for a tool call: `Bash: ls`, `Read: /path`, else the name and the input as JSON. */
function toolCallText(name: string, input: unknown): string {
  if (isObject(input)) {
    for (const key of ['command', 'file_path', 'path', 'pattern', 'url', 'query', 'description', 'prompt']) {
      const v = input[key];
      if (typeof v === 'string' && v) {
        return `${name}: ${v}`;
      }
    }
  }
  let json = '';
  try {
    json = JSON.stringify(input) ?? '';
  } catch {
    json = '';
  }
  return json && json !== '{}' ? `${name} ${json}` : name;
}

const TAG_TEXT = /<(command-name|command-args|local-command-stdout|local-command-stderr|bash-stdout|bash-stderr|bash-input)>([\s\S]*?)<\/\1>/g;

/** Is this user text written by Claude Code itself (slash command echo, local command output, interruption)? */
function isCommandText(text: string): boolean {
  const t = text.trimStart();
  return (
    t.startsWith('<command-name>') ||
    t.startsWith('<command-message>') ||
    t.startsWith('<local-command-') ||
    t.startsWith('<bash-') ||
    t.startsWith('[Request interrupted by user')
  );
}

/** `<command-name>/compact</command-name>...<command-args>x</command-args>` -> `/compact x`; output tags -> their text. */
function commandText(text: string): string {
  const parts: string[] = [];
  let m: RegExpExecArray | null;
  TAG_TEXT.lastIndex = 0;
  while ((m = TAG_TEXT.exec(text)) !== null) {
    const inner = m[2].trim();
    if (inner) {
      parts.push(inner);
    }
  }
  return parts.length ? parts.join(' ') : text.trim();
}

/** HTTP status at the start of an SDK error message (`429 {"type":"error",...}`) or in `API Error: 429 ...` / `(429)`. */
function statusFromText(text: string): number | undefined {
  const m =
    /^\s*(\d{3})\b/.exec(text) ??
    /API Error:\D{0,40}?\b(\d{3})\b/.exec(text) ??
    /\b(?:status|HTTP)\s*:?\s*(\d{3})\b/i.exec(text);
  if (!m) {
    return undefined;
  }
  const n = Number(m[1]);
  return n >= 100 && n <= 599 ? n : undefined;
}

/** Error type and message from an SDK error message `429 {"type":"error","error":{"type":..,"message":..}}`. */
function apiErrorParts(message: string): { type?: string; message?: string } {
  const brace = message.indexOf('{');
  if (brace < 0) {
    return {};
  }
  try {
    const body: unknown = JSON.parse(message.slice(brace));
    if (isObject(body)) {
      const inner = isObject(body.error) ? body.error : body;
      return { type: str(inner.type), message: str(inner.message) };
    }
  } catch {
    // not JSON: the caller falls back to the raw text
  }
  return {};
}

interface Base {
  sessionId: string;
  timestamp: number;
  cwd?: string;
  sidechain?: boolean;
  origin: EventOrigin;
}

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

function parseUser(entry: Json, base: Base, info: ClaudeLineInfo): AgentEvent[] {
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

function parseAssistant(entry: Json, base: Base, info: ClaudeLineInfo): AgentEvent[] {
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
      const text = block.type === 'text' ? str(block.text) ?? '' : str(block.thinking) ?? '';
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

function parseSystem(entry: Json, base: Base, info: ClaudeLineInfo): AgentEvent[] {
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
  const text = content ? (isCommandText(content) ? commandText(content) : content) : subtype ?? 'system';
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
function parseResult(entry: Json, base: Base): AgentEvent[] {
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

/**
 * Parses one transcript line (without its newline; a trailing `\r` and a leading byte order mark are tolerated).
 * `origin` is the file and byte offset of the line start; it is copied to every event. `fallbackSessionId` is used when
 * the line has no `sessionId` (e.g. the file name without `.jsonl`).
 *
 * Returns `ok: false` for lines that are not a JSON object with a string `type` (garbage, a half-written last line);
 * `ok: true` with no events for blank lines and bookkeeping entries. Timestamps are the line's ISO `timestamp` in epoch
 * ms, or 0 when absent (the caller decides). Every text is redacted and clipped
 * (`cleanText` of src/core/ingest/jsonLine.ts). Never throws.
 */
export function parseClaudeLine(line: string, origin: EventOrigin, fallbackSessionId: string): ClaudeLineResult {
  try {
    return parseLineUnsafe(line, origin, fallbackSessionId);
  } catch (err) {
    return { ok: false, error: `parser error: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function parseLineUnsafe(line: string, origin: EventOrigin, fallbackSessionId: string): ClaudeLineResult {
  const parsed = parseJsonObjectLine(line);
  if (!parsed.ok) {
    return parsed;
  }
  if (!parsed.value) {
    return { ok: true, events: [], info: {} };
  }
  const entry = parsed.value;
  const type = str(entry.type);
  if (!type) {
    return { ok: false, error: 'entry has no "type"' };
  }

  const info: ClaudeLineInfo = {};
  const sessionId = str(entry.sessionId) ?? str(entry.session_id);
  if (sessionId) {
    info.sessionId = sessionId;
  }
  const cwd = str(entry.cwd);
  if (cwd) {
    info.cwd = cwd;
  }
  const gitBranch = str(entry.gitBranch);
  if (gitBranch) {
    info.gitBranch = gitBranch;
  }
  const version = str(entry.version);
  if (version) {
    info.version = version;
  }
  const uuid = str(entry.uuid);
  if (uuid) {
    info.uuid = uuid;
  }
  if (entry.isMeta === true) {
    info.isMeta = true;
  }

  const base: Base = {
    sessionId: sessionId ?? fallbackSessionId,
    timestamp: parseTimestamp(entry.timestamp),
    cwd,
    sidechain: entry.isSidechain === true,
    origin,
  };

  let events: AgentEvent[] = [];
  switch (type) {
    case 'user':
      events = parseUser(entry, base, info);
      break;
    case 'assistant':
      events = parseAssistant(entry, base, info);
      break;
    case 'system':
      events = parseSystem(entry, base, info);
      break;
    case 'result':
      events = parseResult(entry, base);
      break;
    case 'summary': {
      const t = str(entry.summary);
      if (t) {
        info.title = clean(t);
      }
      break;
    }
    case 'ai-title': {
      const t = str(entry.aiTitle) ?? str(entry.title);
      if (t) {
        info.title = clean(t);
      }
      break;
    }
    case 'custom-title': {
      const t = str(entry.customTitle) ?? str(entry.title);
      if (t) {
        info.title = clean(t);
      }
      break;
    }
    default:
      // Bookkeeping: queue-operation, attachment, file-history-snapshot, api-request*, last-prompt, cost-state, mode,
      // atis-latch, tag, agent-name, pr-link, progress... No events.
      break;
  }
  return { ok: true, events, info };
}
