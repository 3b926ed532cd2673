/**
 * Aider's chat history: `.aider.chat.history.md`, which Aider (aider-chat 0.5x to 0.86, `aider/io.py`) appends to in the
 * folder it runs in (the git root), as Markdown:
 * - `# aider chat started at 2025-10-20 21:49:22` starts a session (local time, no zone);
 * - `#### <text>` lines are what the user typed (one line each; consecutive ones are one message);
 * - `> <text>` lines are Aider's own output: notes, `> Tokens: 29k sent, 265 received. Cost: $0.09 message, $0.09 session.`,
 *   and the errors it prints (`> litellm.RateLimitError: ...`, `> The API provider has rate limited you. ...`,
 *   `> Retrying in 0.2 seconds...`);
 * - other lines are the model's reply (Markdown, with fenced code blocks).
 * Aider writes no session ids: a session is one "chat started" header, its id `aider-<YYYYMMDDTHHMMSS>-<8 hex of the
 * file's path>`. Lines carry no time of their own: events are stamped with the session's start (the file source stamps
 * live reads with the time they were read). Pure module.
 */
import type { AgentEvent, EventOrigin } from '../../model/event';
import { clipText } from '../../model/event';
import { redactSecrets } from '../../ingest/redact';
import { statusIn } from '../../detection/status';
import type { LineResult, TranscriptFormat } from '../../ingest/tailer';

/** The chat history's file name. */
export const AIDER_HISTORY_FILE = '.aider.chat.history.md';

const HEADER = /^# aider chat started at (\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\s*$/;
const SESSION_ID = /^aider-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})-[0-9a-f]{8}$/;
/** `> Tokens: 29k sent, 265 received. Cost: $0.09 message, $0.09 session.` (also "1.5k sent, 4.2k cache write, ..."). */
const TOKENS = /^Tokens: ([\d.]+)(k|m)? sent,.*?([\d.]+)(k|m)? received\.(?: Cost: \$([\d.]+) message)?/;
/** Exception class names of litellm as Aider prints them, with the HTTP status each one stands for. */
const LITELLM_ERROR =
  /^(?:litellm\.)?(RateLimitError|ContextWindowExceededError|AuthenticationError|PermissionDeniedError|BadRequestError|NotFoundError|InternalServerError|ServiceUnavailableError|APIConnectionError|APIError|Timeout|UnprocessableEntityError|ContentPolicyViolationError|BudgetExceededError)\b/;
const STATUS_OF: Readonly<Record<string, number>> = {
  RateLimitError: 429,
  ContextWindowExceededError: 400,
  AuthenticationError: 401,
  PermissionDeniedError: 403,
  BadRequestError: 400,
  NotFoundError: 404,
  InternalServerError: 500,
  ServiceUnavailableError: 503,
  UnprocessableEntityError: 422,
};
/** Aider's own error wording (aider/exceptions.py, base_coder.py). */
const AIDER_ERROR =
  /^(?:The API provider\b|Model .* has hit a token limit|Your estimated chat context of .* exceeds the .* token limit|Retrying in [\d.]+ seconds)/;

/** Per-file parse state: where in the Markdown the previous line was. Bounded: one entry per file. */
interface FileState {
  block: 'none' | 'user' | 'assistant' | 'aider';
  inFence: boolean;
  /** True when the previous Aider line was an error (its follow-up notes are not counted again). */
  afterError: boolean;
}

/** Session id of a chat started at local time `y-m-d h:mi:s` in `file`. */
export function aiderSessionId(file: string, stamp: readonly string[]): string {
  return `aider-${stamp[0]}${stamp[1]}${stamp[2]}T${stamp[3]}${stamp[4]}${stamp[5]}-${fnv32(file)}`;
}

/** The start (epoch ms, local time) encoded in an Aider session id, or 0 when the id is not one. */
export function aiderSessionStart(sessionId: string): number {
  const m = SESSION_ID.exec(sessionId);
  return m ? new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]).getTime() : 0;
}

/** The file's fallback session id (lines before any header). */
export function aiderFallbackSessionId(file: string): string {
  return `aider-${fnv32(file)}`;
}

/** Creates the Aider chat history format (it keeps a little state per file: which Markdown block a line is in). */
export function createAiderFormat(): TranscriptFormat & { untimedLines: true } {
  const states = new Map<string, FileState>();
  return {
    agent: 'aider',
    untimedLines: true,
    parseLine(line: string, origin: EventOrigin, fallbackSessionId: string): LineResult {
      let st = states.get(origin.file);
      if (!st || origin.offset === 0) {
        st = { block: 'none', inFence: false, afterError: false };
        states.set(origin.file, st);
      }
      const text = line.replace(/\s+$/, '');
      const event = (sessionId: string, partial: Partial<AgentEvent> & Pick<AgentEvent, 'kind' | 'text'>): AgentEvent => ({
        sessionId,
        agent: 'aider',
        timestamp: aiderSessionStart(sessionId),
        origin,
        ...partial,
        text: clipText(redactSecrets(partial.text)),
      });

      const header = HEADER.exec(text);
      if (header && !st.inFence) {
        const sessionId = aiderSessionId(origin.file, header.slice(1));
        st.block = 'none';
        st.afterError = false;
        const cwd = origin.file.replace(/[\\/][^\\/]*$/, '') || undefined;
        return {
          ok: true,
          info: { sessionId, cwd },
          events: [
            event(sessionId, {
              kind: 'system',
              text: `Aider chat started at ${header[1]}-${header[2]}-${header[3]} ${header[4]}:${header[5]}:${header[6]}`,
            }),
          ],
        };
      }
      const sessionId = fallbackSessionId;
      if (st.inFence) {
        if (/^\s*(```|````)/.test(text)) {
          st.inFence = false;
        }
        return { ok: true, info: {}, events: [] };
      }
      if (text.startsWith('####')) {
        const typed = text.replace(/^####\s?/, '');
        const first = st.block !== 'user';
        st.block = 'user';
        st.afterError = false;
        return { ok: true, info: {}, events: first && typed.trim() ? [event(sessionId, { kind: 'user', text: typed })] : [] };
      }
      if (text.startsWith('>')) {
        st.block = 'aider';
        return { ok: true, info: {}, events: aiderLine(text.replace(/^>\s?/, '').trim(), st, (p) => event(sessionId, p)) };
      }
      if (!text.trim()) {
        return { ok: true, info: {}, events: [] };
      }
      const first = st.block !== 'assistant';
      st.block = 'assistant';
      st.afterError = false;
      if (/^\s*(```|````)/.test(text)) {
        st.inFence = true;
      }
      return { ok: true, info: {}, events: first ? [event(sessionId, { kind: 'assistant', text })] : [] };
    },
  };
}

/** One `> ` line of Aider's own output: usage, an error, or nothing worth an event. */
function aiderLine(
  text: string,
  st: FileState,
  make: (p: Partial<AgentEvent> & Pick<AgentEvent, 'kind' | 'text'>) => AgentEvent,
): AgentEvent[] {
  if (!text) {
    return [];
  }
  const tokens = TOKENS.exec(text);
  if (tokens) {
    st.afterError = false;
    const n = (v: string, unit: string | undefined): number => Math.round(parseFloat(v) * (unit === 'k' ? 1e3 : unit === 'm' ? 1e6 : 1));
    return [
      make({
        kind: 'usage',
        text,
        usage: { input: n(tokens[1], tokens[2]), output: n(tokens[3], tokens[4]), cacheRead: 0, cacheCreation: 0 },
        costUsd: tokens[5] !== undefined ? parseFloat(tokens[5]) : undefined,
      }),
    ];
  }
  const litellm = LITELLM_ERROR.exec(text);
  if (litellm) {
    st.afterError = true;
    return [make({ kind: 'error', text, isError: true, httpStatus: STATUS_OF[litellm[1]] ?? statusIn(text) })];
  }
  if (AIDER_ERROR.test(text)) {
    if (st.afterError) {
      // "The API provider has rate limited you." and "Retrying in N seconds..." follow the exception line: one failure.
      return [];
    }
    st.afterError = true;
    return [make({ kind: 'error', text, isError: true, httpStatus: statusIn(text) })];
  }
  st.afterError = false;
  return [];
}

/** FNV-1a 32-bit of a string, 8 hex digits. */
function fnv32(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
