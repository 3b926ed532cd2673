/**
 * Claude Code transcript parser, content-block helpers: the text of tool results, tool calls and Claude Code's own command
 * tags, token usage, and the HTTP status and error parts of API error messages. Pure; used by transcriptRecords.ts.
 */

import { TokenUsage } from '../../model/event';
import { finiteNumber as num, isObject, str } from '../../ingest/jsonLine';

/** Text of a tool_result `content` (string, or blocks of text / image / other). */
export function toolResultText(content: unknown): string {
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

/** Token usage of a message (`usage`: input, output, cache read and cache creation tokens), if it has one. */
export function usageOf(u: unknown): TokenUsage | undefined {
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
export function toolCallText(name: string, input: unknown): string {
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

const TAG_TEXT =
  /<(command-name|command-args|local-command-stdout|local-command-stderr|bash-stdout|bash-stderr|bash-input)>([\s\S]*?)<\/\1>/g;

/** Is this user text written by Claude Code itself (slash command echo, local command output, interruption)? */
export function isCommandText(text: string): boolean {
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
export function commandText(text: string): string {
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
export function statusFromText(text: string): number | undefined {
  const m = /^\s*(\d{3})\b/.exec(text) ?? /API Error:\D{0,40}?\b(\d{3})\b/.exec(text) ?? /\b(?:status|HTTP)\s*:?\s*(\d{3})\b/i.exec(text);
  if (!m) {
    return undefined;
  }
  const n = Number(m[1]);
  return n >= 100 && n <= 599 ? n : undefined;
}

/** Error type and message from an SDK error message `429 {"type":"error","error":{"type":..,"message":..}}`. */
export function apiErrorParts(message: string): { type?: string; message?: string } {
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
