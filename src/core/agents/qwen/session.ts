/**
 * Qwen Code session files -> {@link AgentEvent}s. Pure module: no `vscode`, no Node built-ins.
 *
 * Source: `@qwen-code/qwen-code` 0.24.4 (npm bundle; `ChatRecordingService` in packages/core/src/services/
 * chatRecordingService.ts, `logApiError` in packages/core/src/telemetry/loggers.ts), checked against files the real CLI
 * wrote (test/fixtures/qwen, see its PROVENANCE.md). The layout and every record type are in FORMAT.md beside this file.
 *
 * The file is JSONL, appended to, one record a line, never rewritten: `{uuid, parentUuid, sessionId, timestamp (ISO),
 * type: "user"|"assistant"|"tool_result"|"system", subtype?, provenance?, cwd, version, gitBranch?, ...}` with
 * - `user`: `message: {role: "user", parts: [{text}]}` -> a `user` event (subtypes `cron`, `notification`,
 *   `goal_runtime` -> `system`);
 * - `assistant`: `model`, `message: {role: "model", parts: [{text} | {text, thought: true} | {functionCall: {id, name,
 *   args}}]}`, `usageMetadata: {promptTokenCount, candidatesTokenCount, thoughtsTokenCount, totalTokenCount,
 *   cachedContentTokenCount}` (tokens), `contextWindowSize` (tokens) -> an `assistant` event with the usage (or a `usage`
 *   event when the record has no text) and one `tool_call` per function call;
 * - `tool_result`: `message: {role: "user", parts: [{functionResponse: {id, name, response: {output} | {error}}}]}`,
 *   `toolCallResult: {callId, status: "success"|"error"|"cancelled", resultDisplay, errorType?}` -> `tool_result`;
 * - `system` / `ui_telemetry` whose `systemPayload.uiEvent["event.name"]` is `qwen-code.api_error` (`status_code`?,
 *   `error_type`, `error_message`, `model`) -> an `error` event; `system` / `chat_compression` -> a compaction;
 *   `slash_command` (phase `invocation`) -> `user`; `rewind` -> `system`; `custom_title` -> the session title.
 * Everything else (`api_response` and `tool_call` telemetry, which repeat what the messages say; snapshots; model and
 * source bookkeeping) gives no event. Records copied by `--fork-session` (`forkedFrom`) are the parent session's
 * history and give no event either.
 */
import { AgentEvent, EventKind, EventOrigin, TokenUsage, hashToolInput } from '../../model/event';
import type { LineResult, TranscriptFormat } from '../../ingest/tailer';
import { Json, cleanText as clean, finiteNumber, isObject, parseTimestamp, str, parseRecordLine } from '../../ingest/jsonLine';

/** The record types of a Qwen Code session file (0.24.4). */
const RECORD_TYPES = new Set(['user', 'assistant', 'tool_result', 'system']);

/** `user` subtypes that the CLI wrote, not the person (cron prompts, background notifications, goal prompts). */
const SYSTEM_USER_SUBTYPES = new Set(['cron', 'notification', 'goal_runtime']);

/** The `event.name` of an API error in a `ui_telemetry` record (`EVENT_API_ERROR`, packages/core/src/telemetry/constants.ts). */
export const API_ERROR_EVENT = 'qwen-code.api_error';

/** A count (tokens): the value when it is a finite number >= 0, else 0. */
function num(v: unknown): number {
  const n = finiteNumber(v);
  return n !== undefined && n >= 0 ? n : 0;
}

/** The `parts` of a record's `message` (`{role, parts}`), or undefined when the record has none or they are not a list. */
function partsOf(rec: Json): unknown[] | undefined {
  const m = rec.message;
  return isObject(m) && Array.isArray(m.parts) ? m.parts : undefined;
}

/** Text of a list of Gemini-style parts: the `text` of each part, thought parts left out. */
function partsText(parts: readonly unknown[]): string {
  const out: string[] = [];
  for (const p of parts) {
    if (isObject(p) && typeof p.text === 'string' && p.thought !== true) {
      out.push(p.text);
    }
  }
  return out.join('');
}

/**
 * Qwen Code `usageMetadata` -> {@link TokenUsage} (tokens). The prompt count includes the cached tokens: input = prompt -
 * cached, cacheRead = cached, cacheCreation = 0. Output: from an OpenAI-compatible API `candidatesTokenCount` is the
 * completion (reasoning included, `thoughtsTokenCount` is a part of it); from the Gemini API the thoughts come on top. So
 * output = total - prompt when the total says more than the candidates, else the candidates. Undefined when `meta` is not
 * an object.
 */
export function qwenUsage(meta: unknown): TokenUsage | undefined {
  if (!isObject(meta)) {
    return undefined;
  }
  const prompt = num(meta.promptTokenCount);
  const cached = Math.min(num(meta.cachedContentTokenCount), prompt);
  const candidates = num(meta.candidatesTokenCount);
  const total = num(meta.totalTokenCount);
  const output = total > prompt ? Math.max(candidates, total - prompt) : candidates;
  return { input: prompt - cached, output, cacheRead: cached, cacheCreation: 0 };
}

/**
 * Statuses after which Qwen Code gives up the turn at once (`classifyRetryError`, packages/core/src/utils/
 * retryErrorClassification.ts): a 4xx other than 408, 409 and 429 is "fail-fast"; 429, 5xx and transport errors are retried.
 */
export function endsTurnOnStatus(status: number | undefined): boolean {
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 409 && status !== 429;
}

/**
 * The text Qwen Code shows for an API error (`parseAndFormatApiError`, packages/core/src/utils/errorParsing.ts):
 * `[API Error: <message>]`, the message as it is when already in that form.
 */
export function apiErrorText(message: string): string {
  return /^\s*\[API Error:/.test(message) ? message : `[API Error: ${message}]`;
}

/** Text of a function response: its `output` or `error` (a string, else JSON), else the record's `resultDisplay` text. */
function toolResultText(response: unknown, display: unknown): string {
  if (isObject(response)) {
    const v = response.error ?? response.output ?? response.content;
    if (typeof v === 'string') {
      return v;
    }
    if (v !== undefined) {
      return JSON.stringify(v);
    }
  }
  if (typeof display === 'string') {
    return display;
  }
  if (isObject(display)) {
    const t = display.output ?? display.text;
    if (typeof t === 'string') {
      return t;
    }
  }
  return '';
}

type Base = Pick<AgentEvent, 'sessionId' | 'agent' | 'origin' | 'timestamp'>;

/**
 * Parses one line of a Qwen Code session file (no newline; a leading byte order mark is tolerated). `origin` is copied
 * to every event; `fallbackSessionId` (the file name, which is the session id) is used when the record has no
 * `sessionId`. Returns `ok: false` with the reason for a line that is not a JSON object of a Qwen Code record shape;
 * `ok: true` with no events for blank lines and records that carry no event. Texts are redacted and clipped. Never throws.
 */
export function parseQwenLine(line: string, origin: EventOrigin, fallbackSessionId: string): LineResult {
  return parseRecordLine(line, (record) => parseUnsafe(record, origin, fallbackSessionId));
}

function parseUnsafe(rec: Json, origin: EventOrigin, fallbackSessionId: string): LineResult {
  const type = str(rec.type);
  if (typeof rec.uuid !== 'string' || !type) {
    return { ok: false, error: 'not a Qwen Code session record (no uuid or type)' };
  }
  if (!RECORD_TYPES.has(type)) {
    return { ok: false, error: `not a Qwen Code session record (type "${type}")` };
  }
  const sessionId = str(rec.sessionId) || fallbackSessionId;
  const info: { sessionId?: string; cwd?: string; title?: string } = { sessionId };
  const cwd = str(rec.cwd);
  if (cwd) {
    info.cwd = cwd;
  }
  if (rec.forkedFrom !== undefined) {
    return { ok: true, events: [], info }; // the parent session's history, copied by --fork-session
  }
  const base: Base = { sessionId, agent: 'qwen', origin, timestamp: parseTimestamp(rec.timestamp) };
  const subtype = str(rec.subtype);
  if (type === 'system') {
    return parseSystem(rec, subtype, base, info);
  }
  if (rec.message !== undefined && !partsOf(rec)) {
    return { ok: false, error: `${type} record ${rec.uuid}: message is not {role, parts: [...]}` };
  }
  const parts = partsOf(rec) ?? [];
  const events: AgentEvent[] = [];
  const push = (kind: EventKind, text: string, extra: Partial<AgentEvent> = {}): void => {
    events.push({ ...base, kind, text: clean(text), ...(cwd ? { cwd } : {}), ...extra });
  };
  if (type === 'user') {
    const text = partsText(parts);
    if (text.trim()) {
      push(subtype && SYSTEM_USER_SUBTYPES.has(subtype) ? 'system' : 'user', text);
    }
  } else if (type === 'assistant') {
    parseAssistant(rec, parts, push);
  } else {
    parseToolResult(rec, parts, push);
  }
  return { ok: true, events, info };
}

type Push = (kind: EventKind, text: string, extra?: Partial<AgentEvent>) => void;

/** An `assistant` record: its text (with usage, model, context window) or a usage event, then one tool call per call. */
function parseAssistant(rec: Json, parts: readonly unknown[], push: Push): void {
  const model = str(rec.model);
  const window = finiteNumber(rec.contextWindowSize);
  const common: Partial<AgentEvent> = {
    ...(model ? { model } : {}),
    ...(typeof rec.uuid === 'string' ? { messageId: rec.uuid } : {}),
  };
  const usage = qwenUsage(rec.usageMetadata);
  const text = partsText(parts);
  const meta: Partial<AgentEvent> = {
    ...common,
    ...(usage ? { usage } : {}),
    ...(window !== undefined && window > 0 ? { contextWindow: window } : {}),
  };
  if (text.trim()) {
    push('assistant', text, meta);
  } else if (usage) {
    push('usage', '', meta);
  }
  for (const p of parts) {
    const call = isObject(p) && isObject(p.functionCall) ? p.functionCall : undefined;
    if (!call) {
      continue;
    }
    const name = str(call.name) ?? 'unknown';
    const args = call.args ?? {};
    push('tool_call', `${name} ${JSON.stringify(args)}`, { ...common, toolName: name, toolInputHash: hashToolInput(args) });
  }
}

/** A `tool_result` record: one result per function response, an error unless its status is `success`. */
function parseToolResult(rec: Json, parts: readonly unknown[], push: Push): void {
  const result = isObject(rec.toolCallResult) ? rec.toolCallResult : {};
  const status = str(result.status);
  for (const p of parts) {
    const fr = isObject(p) && isObject(p.functionResponse) ? p.functionResponse : undefined;
    if (!fr) {
      continue;
    }
    const response = fr.response;
    const failed = (status !== undefined && status !== 'success') || (isObject(response) && response.error !== undefined);
    const text = toolResultText(response, result.resultDisplay) || status || '';
    push('tool_result', text, { ...(str(fr.name) ? { toolName: str(fr.name) } : {}), ...(failed ? { isError: true } : {}) });
  }
}

/** A `system` record: API errors, compactions, slash commands, rewinds and titles; the rest is bookkeeping. */
function parseSystem(rec: Json, subtype: string | undefined, base: Base, info: { title?: string }): LineResult {
  const payload = rec.systemPayload;
  if (payload !== undefined && !isObject(payload)) {
    return { ok: false, error: `system record ${String(rec.uuid)}: systemPayload is not an object` };
  }
  const p = payload ?? {};
  const events: AgentEvent[] = [];
  const cwd = str(rec.cwd);
  const push = (kind: EventKind, text: string, extra: Partial<AgentEvent> = {}): void => {
    events.push({ ...base, kind, text: clean(text), ...(cwd ? { cwd } : {}), ...extra });
  };
  if (subtype === 'ui_telemetry') {
    if (p.uiEvent !== undefined && !isObject(p.uiEvent)) {
      return { ok: false, error: `ui_telemetry record ${String(rec.uuid)}: uiEvent is not an object` };
    }
    const ev = isObject(p.uiEvent) ? p.uiEvent : {};
    if (ev['event.name'] === API_ERROR_EVENT) {
      const status = finiteNumber(ev.status_code);
      const httpStatus = status !== undefined && status >= 100 && status < 600 ? status : undefined;
      const message = str(ev.error_message) || str(ev.error_type) || 'API error';
      const model = str(ev.model);
      push('error', apiErrorText(message), {
        isError: true,
        ...(httpStatus !== undefined ? { httpStatus } : {}),
        ...(model ? { model } : {}),
        ...(endsTurnOnStatus(httpStatus) ? { endsTurn: true } : {}),
      });
    }
  } else if (subtype === 'chat_compression') {
    const i = isObject(p.info) ? p.info : {};
    const before = finiteNumber(i.originalTokenCount);
    const after = finiteNumber(i.newTokenCount);
    const counts = before !== undefined && after !== undefined ? ` from ${before} to ${after} tokens` : '';
    const why = str(i.triggerReason);
    push('system', `Chat compressed${counts}${why ? ` (${why})` : ''}`, { compaction: true });
  } else if (subtype === 'slash_command') {
    const cmd = str(p.rawCommand);
    if (p.phase === 'invocation' && cmd && cmd.trim()) {
      push('user', cmd);
    }
  } else if (subtype === 'rewind') {
    push('system', 'Conversation rewound');
  } else if (subtype === 'custom_title') {
    const title = str(p.customTitle);
    if (title && title.trim()) {
      info.title = clean(title.trim());
    }
  }
  return { ok: true, events, info };
}

/** Qwen Code 0.24 `projects/<project>/chats/<session id>.jsonl` lines, parsed by {@link parseQwenLine}. */
export const qwenFormat: TranscriptFormat = { agent: 'qwen', parseLine: parseQwenLine };
