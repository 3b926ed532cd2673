/**
 * What every agent's JSONL line parser needs (Claude Code, Codex CLI, Gemini CLI, Qwen Code, pi, Copilot CLI): reading
 * one line as a JSON object in one frame, and picking typed fields out of untrusted JSON. Pure module; nothing here throws.
 */
import { type AgentEvent, clipText } from '../model/event';
import { redactSecrets } from './redact';

/** A parsed JSON object. */
export type Json = Record<string, unknown>;

/** True for a plain JSON object (not null, not an array). */
export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The value when it is a string, else undefined. */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The value when it is a finite number, else undefined. */
export function finiteNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Redacts, then clips to the event text limit: the order matters so that a cut never leaves half a secret behind. */
export function cleanText(text: string): string {
  return clipText(redactSecrets(text));
}

/** ISO timestamp -> epoch ms; 0 when absent or unparsable. */
export function parseTimestamp(v: unknown): number {
  if (typeof v !== 'string') {
    return 0;
  }
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? ms : 0;
}

/**
 * One JSONL line as a JSON object: a leading byte order mark is dropped; a blank line is `{ ok: true, value: undefined }`;
 * text that is not JSON, or JSON that is not an object, is `{ ok: false, error }` with the reason.
 */
export function parseJsonObjectLine(line: string): { ok: true; value: Json | undefined } | { ok: false; error: string } {
  let text = typeof line === 'string' ? line : '';
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
  }
  if (!text.trim()) {
    return { ok: true, value: undefined };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `invalid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (!isObject(value)) {
    return { ok: false, error: `not a JSON object (${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value})` };
  }
  return { ok: true, value };
}

/** What a line parser gives: one line's events and what it says of its session (`I`), or why the line was skipped. */
export type ParsedLine<I> = { ok: true; events: AgentEvent[]; info: I } | { ok: false; error: string };

/**
 * The frame of every agent's JSONL line parser: reads `line` as a JSON object ({@link parseJsonObjectLine}) and hands
 * the object to `parseRecord`. A blank line gives no events and an empty `info` (so `I`'s fields must all be optional);
 * a line that is not a JSON object, and anything `parseRecord` throws, give `{ ok: false, error }` with the reason.
 * Never throws.
 */
export function parseRecordLine<I extends object>(line: string, parseRecord: (record: Json) => ParsedLine<I>): ParsedLine<I> {
  try {
    const parsed = parseJsonObjectLine(line);
    if (!parsed.ok) {
      return parsed;
    }
    if (!parsed.value) {
      return { ok: true, events: [], info: {} as I };
    }
    return parseRecord(parsed.value);
  } catch (err) {
    return { ok: false, error: `parser error: ${err instanceof Error ? err.message : String(err)}` };
  }
}
