/**
 * Codex CLI rollout parser, content helpers: message and tool output text, who typed a message, tool call text, token
 * usage and its growth, and the kind and HTTP status of a Codex error. Pure; used by rolloutRecords.ts.
 */

import { TokenUsage } from '../../model/event';
import { Json, finiteNumber as num, isObject, str } from '../../ingest/jsonLine';

/** Text of a message's content: `input_text` / `output_text` / `text` parts joined; images as `[image]`. */
export function contentText(content: unknown): string {
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
const HARNESS_PREFIXES = [
  '<environment_context>',
  '<user_instructions>',
  '# AGENTS.md instructions',
  '<turn_aborted>',
  '<user_shell_command>',
  '<skill>',
];

/** Is this user message written by the person? By its provenance when Codex records it, else by its text. */
export function isTypedByPerson(payload: Json, text: string): boolean {
  const meta = payload.internal_chat_message_metadata_passthrough;
  if (isObject(meta) && Array.isArray(meta.content_item_metadata) && meta.content_item_metadata.length > 0) {
    return meta.content_item_metadata.some((m) => isObject(m) && isObject(m.provenance) && m.provenance.type === 'user');
  }
  const t = text.trimStart();
  return !HARNESS_PREFIXES.some((p) => t.startsWith(p));
}

/** The summary a compaction request produced (the line's `metadata.compaction_output: true`): bookkeeping, not a reply. */
export function isCompactionOutput(lineMetadata: unknown): boolean {
  return isObject(lineMetadata) && lineMetadata.compaction_output === true;
}

/** Parses a tool's JSON `arguments` string; the raw string when it is not JSON (hashing still works on it). */
export function parseArguments(args: unknown): unknown {
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
export function toolCallText(name: string, input: unknown): string {
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
export function toolOutput(output: unknown): { text: string; isError: boolean } {
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
export function usageOf(u: unknown): TokenUsage | undefined {
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
export function usageDelta(a: TokenUsage, b: TokenUsage): TokenUsage | undefined {
  const d: TokenUsage = {
    input: a.input - b.input,
    output: a.output - b.output,
    cacheRead: a.cacheRead - b.cacheRead,
    cacheCreation: a.cacheCreation - b.cacheCreation,
  };
  if (d.input < 0 || d.output < 0 || d.cacheRead < 0 || d.cacheCreation < 0) {
    return undefined;
  }
  return d.input + d.output + d.cacheRead + d.cacheCreation > 0 ? d : undefined;
}

/** Readable names of the `codex_error_info` kinds, appended to the error text (the detector reads them). */
export const ERROR_INFO_TEXT: Readonly<Record<string, string>> = {
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
export function errorInfo(v: unknown): { kind?: string; status?: number } {
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
export function statusFromText(text: string): number | undefined {
  const m = /\bstatus:?\s*(\d{3})\b/i.exec(text);
  if (!m) {
    return undefined;
  }
  const n = Number(m[1]);
  return n >= 100 && n <= 599 ? n : undefined;
}
