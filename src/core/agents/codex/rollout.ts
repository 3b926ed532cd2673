/**
 * Codex CLI rollout parser: one JSONL line of a Codex session rollout in, normalized {@link AgentEvent}s out.
 *
 * Format source: the Codex CLI (`@openai/codex`, checked against 0.169.0; see test/fixtures/codex/PROVENANCE.md) writes
 * one rollout per session to `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<local time>-<session uuid>.jsonl` (CODEX_HOME
 * defaults to `~/.codex`); `codex exec resume` and `codex resume` append to the same file. Every line is
 * `{"timestamp": ISO-8601, "ordinal"?: n, "type": <entry type>, "payload": {...}, "metadata"?: {...}}` (the line's
 * `metadata.compaction_output: true` marks the summary an automatic compaction produced). Entry types seen:
 * - `session_meta`: `{id, session_id?, timestamp, cwd, originator, cli_version, source, model_provider, base_instructions,
 *   git?}`; the first line of the file.
 * - `turn_context`: `{turn_id, cwd, approval_policy, sandbox_policy, model, effort?, summary, collaboration_mode, ...}`; one
 *   per turn. Its `model` is remembered per session for the turn's usage (cost).
 * - `response_item`: what went to and came from the model, in Responses API shapes:
 *   `message` `{role: "user"|"assistant"|"developer", content: [{type: "input_text"|"output_text", text}],
 *   internal_chat_message_metadata_passthrough?: {content_item_metadata: [{provenance: {type: "user"|"harness"|...}}]}}`;
 *   `function_call` `{name, arguments: JSON string, call_id}`; `function_call_output` `{call_id, output: string |
 *   {content, success}}`; `custom_tool_call` `{name, input, call_id}` / `custom_tool_call_output`; `local_shell_call`
 *   `{call_id, action: {command: string[]}}`; `reasoning` `{summary: [{type: "summary_text", text}], encrypted_content}`;
 *   `web_search_call`.
 * - `event_msg`: UI events. `token_count` `{info: {total_token_usage, last_token_usage: {input_tokens,
 *   cached_input_tokens, cache_write_input_tokens?, output_tokens, reasoning_output_tokens, total_tokens},
 *   model_context_window} | null, rate_limits}`: after each model response, and again with unchanged totals at the start
 *   of a resumed turn and after a compaction (`info` null when only rate limits changed), so usage is counted as the
 *   growth of `total_token_usage`;
 *   `task_complete` `{last_agent_message, error?: {message, codex_error_info}}`: the end of a turn, with the error that
 *   ended it (a 429 after the retries, a 401, a context overflow, a dropped or idle stream); `error` / `stream_error`
 *   `{message, codex_error_info?}`; `turn_aborted` `{reason}`; `context_compacted`. `codex_error_info` is a string
 *   (`"context_window_exceeded"`, `"usage_limit_exceeded"`, `"other"`, ...) or an object naming the failure with its
 *   `http_status_code` (`{"response_too_many_failed_attempts": {"http_status_code": 429}}`,
 *   `{"http_connection_failed": {"http_status_code": 401}}`). Retries inside a turn are not written to the rollout
 *   (only printed on stderr as `ERROR: Reconnecting... n/m`).
 * - `compacted` `{message, replacement_history?}`: the conversation was compacted.
 * - Bookkeeping (`world_state`, `token_usage_record` (the same usage as `token_count`, so not counted twice), `event_msg`
 *   `item_completed` / `user_message` / `agent_message` (copies of the response items), `task_started`,
 *   `thread_settings_applied`, ...): no events.
 *
 * In the 0.169.0 fixtures: session_meta, turn_context, world_state, message, function_call (`exec_command`),
 * function_call_output, token_count, token_usage_record, task_complete (with and without error), compacted and a
 * compaction summary. Handled from the shapes of other Codex versions but not seen in the fixtures (the fake server sends
 * no reasoning or custom tools): reasoning, custom_tool_call(_output), local_shell_call, web_search_call, the older
 * `shell` output `{"output", "metadata": {"exit_code"}}`, event_msg error / stream_error / turn_aborted /
 * context_compacted.
 *
 * Pure module: no `vscode`, no Node built-ins. Never throws.
 */

import { AgentEvent, EventOrigin, TokenUsage, hashToolInput } from '../../model/event';
import { Json, cleanText as clean, finiteNumber as num, isObject, parseJsonObjectLine, parseTimestamp, str } from '../../ingest/jsonLine';

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
  /** Session title: not written by Codex 0.169 (the first prompt stands in for it). */
  title?: string;
}

/** Result of {@link parseCodexLine}. */
export type CodexLineResult = { ok: true; events: AgentEvent[]; info: CodexLineInfo } | { ok: false; error: string };

/**
 * What the parser remembers between lines of one rollout: the model of the current turn (for usage and cost), the
 * session's working directory, its running token total (to count each response once), and the tool name of each call id (for the results). Bounded: at most {@link MAX_REMEMBERED} entries each, oldest dropped.
 */
export class CodexParseState {
  private readonly models = new Map<string, string>();
  private readonly cwds = new Map<string, string>();
  private readonly calls = new Map<string, string>();
  private readonly totals = new Map<string, TokenUsage>();

  /** The working directory last seen for `sessionId`, if any. */
  cwd(sessionId: string): string | undefined {
    return this.cwds.get(sessionId);
  }

  setCwd(sessionId: string, cwd: string): void {
    remember(this.cwds, sessionId, cwd);
  }

  /** The model last seen for `sessionId`, if any. */
  model(sessionId: string): string | undefined {
    return this.models.get(sessionId);
  }

  setModel(sessionId: string, model: string): void {
    remember(this.models, sessionId, model);
  }

  /** The tool name of call `callId`, if its call was seen. */
  toolName(callId: string): string | undefined {
    return this.calls.get(callId);
  }

  setToolName(callId: string, name: string): void {
    remember(this.calls, callId, name);
  }

  /** The session's running token total last seen (`token_count` `total_token_usage`), if any. */
  total(sessionId: string): TokenUsage | undefined {
    return this.totals.get(sessionId);
  }

  setTotal(sessionId: string, total: TokenUsage): void {
    remember(this.totals, sessionId, total);
  }
}

/** Entries kept per map of {@link CodexParseState}. */
export const MAX_REMEMBERED = 1000;

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_REMEMBERED) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) {
      map.delete(oldest);
    }
  }
}


/** Text of a message's content: `input_text` / `output_text` / `text` parts joined; images as `[image]`. */
function contentText(content: unknown): string {
  if (typeof content === 'string') {
    return content;
  }
  if (!Array.isArray(content)) {
    return '';
  }
  const parts: string[] = [];
  for (const c of content) {
    if (isObject(c)) {
      const t = str(c.text);
      if (t !== undefined) {
        parts.push(t);
      } else if (c.type === 'input_image') {
        parts.push('[image]');
      }
    }
  }
  return parts.join('\n');
}

/** Texts Codex itself puts into `user` messages (environment, AGENTS.md, turn aborts), not typed by the person. */
const HARNESS_PREFIXES = ['<environment_context>', '<user_instructions>', '# AGENTS.md instructions', '<turn_aborted>', '<user_shell_command>', '<skill>'];

/** Is this user message written by the person? By its provenance when Codex records it, else by its text. */
function isTypedByPerson(payload: Json, text: string): boolean {
  const meta = payload.internal_chat_message_metadata_passthrough;
  if (isObject(meta) && Array.isArray(meta.content_item_metadata) && meta.content_item_metadata.length > 0) {
    return meta.content_item_metadata.some((m) => isObject(m) && isObject(m.provenance) && m.provenance.type === 'user');
  }
  const t = text.trimStart();
  return !HARNESS_PREFIXES.some((p) => t.startsWith(p));
}

/** The summary a compaction request produced (the line's `metadata.compaction_output: true`): bookkeeping, not a reply. */
function isCompactionOutput(lineMetadata: unknown): boolean {
  return isObject(lineMetadata) && lineMetadata.compaction_output === true;
}

/** Parses a tool's JSON `arguments` string; the raw string when it is not JSON (hashing still works on it). */
function parseArguments(args: unknown): unknown {
  if (typeof args !== 'string') {
    return args ?? null;
  }
  try {
    return JSON.parse(args) as unknown;
  } catch {
    return args;
  }
}

/** A short readable text for a tool call: `exec_command: ls`, `shell: bash -lc ls`, else the name and the input. */
function toolCallText(name: string, input: unknown): string {
  if (isObject(input)) {
    for (const key of ['cmd', 'command', 'path', 'file_path', 'pattern', 'query', 'url']) {
      const v = input[key];
      if (typeof v === 'string' && v) {
        return `${name}: ${v}`;
      }
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) {
        return `${name}: ${v.join(' ')}`;
      }
    }
  }
  if (typeof input === 'string' && input) {
    return `${name}: ${input}`;
  }
  let json = '';
  try {
    json = JSON.stringify(input) ?? '';
  } catch {
    json = '';
  }
  return json && json !== '{}' && json !== 'null' ? `${name} ${json}` : name;
}

/**
 * Text and failure of a tool output: a string (`exec_command`: "...Process exited with code 1\nOutput:..."; older
 * `shell`: a JSON string `{"output", "metadata": {"exit_code"}}`) or `{content, success}`.
 */
function toolOutput(output: unknown): { text: string; isError: boolean } {
  if (isObject(output)) {
    const text = typeof output.content === 'string' ? output.content : contentText(output.content);
    return { text, isError: output.success === false };
  }
  if (typeof output !== 'string') {
    return { text: '', isError: false };
  }
  if (output.startsWith('{')) {
    try {
      const o: unknown = JSON.parse(output);
      if (isObject(o) && typeof o.output === 'string') {
        const code = isObject(o.metadata) ? num(o.metadata.exit_code) : undefined;
        return { text: o.output, isError: code !== undefined && code !== 0 };
      }
    } catch {
      // plain text that starts with a brace
    }
  }
  const m = /\bProcess exited with code (-?\d+)/.exec(output) ?? /\bExit code: (-?\d+)/.exec(output);
  return { text: output, isError: !!m && m[1] !== '0' };
}

/**
 * OpenAI usage (`input_tokens` includes the cached ones; `output_tokens` includes reasoning) -> {@link TokenUsage},
 * where `input` counts the uncached input only, as the Anthropic-shaped price table expects. Undefined when all are 0.
 */
function usageOf(u: unknown): TokenUsage | undefined {
  if (!isObject(u)) {
    return undefined;
  }
  const inputAll = num(u.input_tokens) ?? 0;
  const cached = num(u.cached_input_tokens) ?? 0;
  const usage: TokenUsage = {
    input: Math.max(0, inputAll - cached),
    output: num(u.output_tokens) ?? 0,
    cacheRead: cached,
    cacheCreation: num(u.cache_write_input_tokens) ?? 0,
  };
  return usage.input + usage.output + usage.cacheRead + usage.cacheCreation > 0 ? usage : undefined;
}

/** `a - b` per field, or undefined when nothing grew (a repeated total) or a field shrank (a new count started). */
function usageDelta(a: TokenUsage, b: TokenUsage): TokenUsage | undefined {
  const d: TokenUsage = { input: a.input - b.input, output: a.output - b.output, cacheRead: a.cacheRead - b.cacheRead, cacheCreation: a.cacheCreation - b.cacheCreation };
  if (d.input < 0 || d.output < 0 || d.cacheRead < 0 || d.cacheCreation < 0) {
    return undefined;
  }
  return d.input + d.output + d.cacheRead + d.cacheCreation > 0 ? d : undefined;
}

/** Readable names of the `codex_error_info` kinds, appended to the error text (the detector reads them). */
const ERROR_INFO_TEXT: Readonly<Record<string, string>> = {
  context_window_exceeded: 'context window exceeded',
  server_overloaded: 'Overloaded',
  usage_limit_exceeded: 'usage limit reached',
  internal_server_error: 'internal server error',
  unauthorized: 'unauthorized',
  bad_request: 'bad request',
  sandbox_error: 'sandbox error',
  response_stream_disconnected: 'response stream disconnected',
  response_stream_connection_failed: 'response stream connection failed',
  http_connection_failed: 'HTTP connection failed',
  response_too_many_failed_attempts: 'too many failed attempts',
};

/** HTTP status each string-valued `codex_error_info` stands for, where it names one. */
const ERROR_INFO_STATUS: Readonly<Record<string, number>> = { unauthorized: 401, bad_request: 400, internal_server_error: 500 };

/** `codex_error_info` -> its kind and HTTP status (from `{kind: {http_status_code}}`, or implied by the kind). */
function errorInfo(v: unknown): { kind?: string; status?: number } {
  if (typeof v === 'string') {
    return { kind: v, status: ERROR_INFO_STATUS[v] };
  }
  if (isObject(v)) {
    const kind = Object.keys(v)[0];
    if (kind === undefined) {
      return {};
    }
    const inner = v[kind];
    const status = isObject(inner) ? num(inner.http_status_code) : undefined;
    return { kind, status: status ?? ERROR_INFO_STATUS[kind] };
  }
  return {};
}

/** HTTP status in a Codex error message: `last status: 429 Too Many Requests`, `unexpected status 401 Unauthorized`. */
function statusFromText(text: string): number | undefined {
  const m = /\bstatus:?\s*(\d{3})\b/i.exec(text);
  if (!m) {
    return undefined;
  }
  const n = Number(m[1]);
  return n >= 100 && n <= 599 ? n : undefined;
}

interface Base {
  sessionId: string;
  timestamp: number;
  origin: EventOrigin;
  cwd?: string;
}

function event(base: Base, partial: Omit<AgentEvent, 'sessionId' | 'agent' | 'timestamp' | 'origin'>): AgentEvent {
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

function parseResponseItem(p: Json, lineMetadata: unknown, base: Base, state: CodexParseState): AgentEvent[] {
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
      return [event(base, { kind: 'tool_call', text: clean(toolCallText(name, input)), toolName: name, toolInputHash: hashToolInput(input) })];
    }
    case 'local_shell_call': {
      const action = isObject(p.action) ? p.action : {};
      const callId = str(p.call_id);
      if (callId) {
        state.setToolName(callId, 'local_shell');
      }
      return [event(base, { kind: 'tool_call', text: clean(toolCallText('local_shell', action)), toolName: 'local_shell', toolInputHash: hashToolInput(action) })];
    }
    case 'web_search_call': {
      const action = isObject(p.action) ? p.action : {};
      return [event(base, { kind: 'tool_call', text: clean(toolCallText('web_search', action)), toolName: 'web_search', toolInputHash: hashToolInput(action) })];
    }
    case 'function_call_output':
    case 'custom_tool_call_output': {
      const callId = str(p.call_id);
      if (!callId) {
        return [];
      }
      const out = toolOutput(p.output);
      const toolName = state.toolName(callId);
      return [event(base, { kind: 'tool_result', text: clean(out.text), ...(toolName ? { toolName } : {}), ...(out.isError ? { isError: true } : {}) })];
    }
    default:
      return [];
  }
}

function parseEventMsg(p: Json, base: Base, state: CodexParseState, info: CodexLineInfo): AgentEvent[] {
  switch (str(p.type)) {
    case 'token_count': {
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
      const text = `${usage.input + usage.cacheRead} input tokens (${usage.cacheRead} cached), ${usage.output} output` + (window && inContext !== undefined ? `; context ${inContext} of ${window}` : '');
      return [event(base, { kind: 'usage', text, usage, ...(model ? { model } : {}) })];
    }
    case 'task_complete':
      return isObject(p.error) ? [errorEvent(base, p.error)] : [];
    case 'error':
      return [errorEvent(base, p)];
    case 'stream_error':
      return [errorEvent(base, p, 'stream error: ')];
    case 'turn_aborted':
      return [event(base, { kind: 'system', text: `Turn aborted: ${str(p.reason) ?? 'unknown reason'}` })];
    case 'context_compacted':
      return [event(base, { kind: 'system', text: 'Context compacted', compaction: true })];
    default:
      return [];
  }
}

/**
 * Parses one rollout line (without its newline; a trailing `\r` and a leading byte order mark are tolerated).
 * `origin` is copied to every event; `fallbackSessionId` is the session id for lines that carry none (all but
 * `session_meta`): the UUID from the file name or the id the caller learned from the file's `session_meta`.
 * `state` carries the turn's model and the call ids' tool names from line to line (one state per rollout reader).
 *
 * Returns `ok: false` for lines that are not a JSON object with a string `type` and an object `payload` (garbage, a
 * half-written last line); `ok: true` with no events for bookkeeping entries. Every text is redacted and clipped.
 * Never throws.
 */
export function parseCodexLine(line: string, origin: EventOrigin, fallbackSessionId: string, state: CodexParseState = new CodexParseState()): CodexLineResult {
  try {
    return parseLineUnsafe(line, origin, fallbackSessionId, state);
  } catch (err) {
    return { ok: false, error: `parser error: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function parseLineUnsafe(line: string, origin: EventOrigin, fallbackSessionId: string, state: CodexParseState): CodexLineResult {
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
  const payload = entry.payload;
  if (!isObject(payload)) {
    return { ok: false, error: `"${type}" entry has no object "payload"` };
  }
  const info: CodexLineInfo = {};
  const base: Base = { sessionId: fallbackSessionId, timestamp: parseTimestamp(entry.timestamp), origin, cwd: state.cwd(fallbackSessionId) };
  let events: AgentEvent[] = [];
  switch (type) {
    case 'session_meta': {
      const id = str(payload.id) ?? str(payload.session_id);
      if (id) {
        info.sessionId = id;
      }
      const cwd = str(payload.cwd);
      if (cwd) {
        info.cwd = cwd;
        state.setCwd(id ?? base.sessionId, cwd);
      }
      const version = str(payload.cli_version);
      if (version) {
        info.version = version;
      }
      break;
    }
    case 'turn_context': {
      const model = str(payload.model);
      if (model) {
        info.model = model;
        state.setModel(base.sessionId, model);
      }
      const cwd = str(payload.cwd);
      if (cwd) {
        info.cwd = cwd;
        state.setCwd(base.sessionId, cwd);
      }
      break;
    }
    case 'response_item':
      events = parseResponseItem(payload, entry.metadata, base, state);
      break;
    case 'event_msg':
      events = parseEventMsg(payload, base, state, info);
      break;
    case 'compacted':
      events = [event(base, { kind: 'system', text: clean(str(payload.message) || 'Context compacted'), compaction: true })];
      break;
    default:
      // world_state, token_usage_record and other bookkeeping: no events.
      break;
  }
  return { ok: true, events, info };
}
