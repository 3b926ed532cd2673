/**
 * pi (`@mariozechner/pi-coding-agent`, program `pi`) session files -> {@link AgentEvent}s: a stateless line parser. Pure
 * module: no `vscode`, no Node built-ins.
 *
 * Source: pi 0.73.1, its docs/session-format.md (session format version 3; the types of `session-manager.ts`,
 * `messages.ts` and pi-ai's `types.ts`), checked against the files the real CLI wrote (test/fixtures/pi, PROVENANCE.md).
 * FORMAT.md beside this file lists every entry and what it becomes.
 *
 * One JSON object a line: the header `{type: "session", version, id (the session's UUID), timestamp, cwd}` first, then
 * entries `{type, id, parentId, timestamp (ISO), ...}`: `message` (an `AgentMessage` in `message`: `user`, `assistant`
 * with `content` blocks `text`/`thinking`/`toolCall`, `usage`, `stopReason` and `errorMessage`, `toolResult`,
 * `bashExecution`, `custom`, `branchSummary`, `compactionSummary`), `compaction`, `model_change`,
 * `thinking_level_change`, `branch_summary`, `custom`, `label`, `session_info`. pi records every failed model call as an
 * assistant message with `stopReason: "error"` and the provider's message, its automatic retries too.
 */
import { AgentEvent, EventKind, EventOrigin, TokenUsage, hashToolInput } from '../../model/event';
import type { LineResult, TranscriptFormat } from '../../ingest/tailer';
import { Json, cleanText as clean, finiteNumber, isObject, parseTimestamp, str, parseRecordLine } from '../../ingest/jsonLine';
import { statusIn } from '../../detection/status';

/** Entry types of format version 3 (anything else is not a pi session line). */
const ENTRY_TYPES = new Set([
  'session',
  'message',
  'compaction',
  'model_change',
  'thinking_level_change',
  'branch_summary',
  'custom',
  'custom_message',
  'label',
  'session_info',
]);

/** HTTP statuses pi does not retry (its retry covers rate limits, overloads, 5xx and network errors): the turn ends. */
const NOT_RETRIED = new Set([400, 401, 403, 404]);

/**
 * The error text of a failed model call: pi's `errorMessage`, except undici's bare `terminated` (the fetch body ended
 * because the socket closed mid-stream: a dropped connection, as the `dropped_connection` fixture shows), which says
 * what happened.
 */
export function errorText(message: string): string {
  return message.trim() === 'terminated' ? 'terminated (the connection closed before the reply ended)' : message;
}

/** A pi `Usage` (`{input, output, cacheRead, cacheWrite, totalTokens, cost: {total (USD)}}`) as tokens and cost; none when all zero. */
export function piUsage(u: unknown): { usage: TokenUsage; cost?: number } | undefined {
  if (!isObject(u)) {
    return undefined;
  }
  const n = (v: unknown): number => Math.max(0, finiteNumber(v) ?? 0);
  const usage = { input: n(u.input), output: n(u.output), cacheRead: n(u.cacheRead), cacheCreation: n(u.cacheWrite) };
  if (usage.input + usage.output + usage.cacheRead + usage.cacheCreation === 0) {
    return undefined;
  }
  const cost = isObject(u.cost) ? finiteNumber(u.cost.total) : undefined;
  return cost !== undefined && cost > 0 ? { usage, cost } : { usage };
}

/** The text of a message's content: a string, or its `text` blocks joined. */
function contentText(content: unknown): string {
  if (typeof content === 'string') {
    return content;
  }
  return Array.isArray(content)
    ? content
        .filter((b): b is Json => isObject(b) && b.type === 'text')
        .map((b) => str(b.text) ?? '')
        .join('\n')
    : '';
}

type Push = (kind: EventKind, text: string, extra?: Partial<AgentEvent>) => void;

/**
 * Parses one line of a pi session file. `fallbackSessionId` is the UUID of the file name (`<time>_<uuid>.jsonl`), the
 * header's `id`. `ok: false` with the reason for a line that is not a JSON object of a pi entry shape; `ok: true` with
 * no events for blank lines and entries that carry none. Texts are redacted and clipped. Never throws.
 */
export function parsePiLine(line: string, origin: EventOrigin, fallbackSessionId: string): LineResult {
  return parseRecordLine(line, (record) => parseUnsafe(record, origin, fallbackSessionId));
}

function parseUnsafe(rec: Json, origin: EventOrigin, fallbackSessionId: string): LineResult {
  const type = str(rec.type);
  if (!type || !ENTRY_TYPES.has(type)) {
    return { ok: false, error: `not a pi session entry (type ${type ? `"${type}"` : 'missing'})` };
  }
  if (type === 'session') {
    const sessionId = str(rec.id) ?? fallbackSessionId;
    const cwd = str(rec.cwd);
    return { ok: true, events: [], info: { sessionId, ...(cwd ? { cwd } : {}) } };
  }
  const events: AgentEvent[] = [];
  const base = { sessionId: fallbackSessionId, agent: 'pi', origin, timestamp: parseTimestamp(rec.timestamp) };
  const push: Push = (kind, text, extra = {}) => events.push({ ...base, kind, text: clean(text), ...extra });
  if (type === 'compaction') {
    push('system', 'Context compacted', { compaction: true });
  } else if (type === 'message') {
    if (!isObject(rec.message)) {
      return { ok: false, error: `message entry ${str(rec.id) ?? ''}: no message object` };
    }
    parseMessage(rec.message, push);
  }
  return { ok: true, events, info: {} };
}

/** One `AgentMessage`. */
function parseMessage(m: Json, push: Push): void {
  const role = str(m.role);
  if (role === 'user') {
    const text = contentText(m.content);
    if (text.trim()) {
      push('user', text);
    }
  } else if (role === 'assistant') {
    parseAssistant(m, push);
  } else if (role === 'toolResult') {
    push('tool_result', contentText(m.content) || str(m.toolName) || 'tool result', m.isError === true ? { isError: true } : {});
  } else if (role === 'compactionSummary') {
    push('system', 'Context compacted (summary)', { compaction: true });
  }
}

/** An assistant message: its text, each tool call, its usage and cost, and its error. */
function parseAssistant(m: Json, push: Push): void {
  const model = str(m.model);
  const withModel = model ? { model } : {};
  const blocks = Array.isArray(m.content) ? m.content.filter(isObject) : [];
  const text = contentText(blocks);
  const u = piUsage(m.usage);
  const usage = u ? { usage: u.usage, ...(u.cost !== undefined ? { costUsd: u.cost } : {}) } : {};
  let usageGiven = false;
  if (text.trim()) {
    push('assistant', text, { ...withModel, ...usage });
    usageGiven = true;
  }
  for (const b of blocks.filter((x) => x.type === 'toolCall')) {
    const name = str(b.name) ?? 'tool';
    const args = isObject(b.arguments) ? b.arguments : {};
    push('tool_call', `${name} ${JSON.stringify(args)}`, { toolName: name, toolInputHash: hashToolInput(args), ...withModel });
  }
  if (!usageGiven && u) {
    push('usage', '', { ...withModel, ...usage });
  }
  const stop = str(m.stopReason);
  if (stop === 'error') {
    const message = errorText(str(m.errorMessage) || 'model request failed');
    // The providers' SDK errors pi saves start with the status (`401 Incorrect API key ...`, the OpenAI SDK's APIError).
    const lead = /^([1-5]\d\d) /.exec(message);
    const status = lead ? Number(lead[1]) : statusIn(message);
    push('error', message, {
      isError: true,
      ...withModel,
      ...(status !== undefined ? { httpStatus: status } : {}),
      ...(status !== undefined && NOT_RETRIED.has(status) ? { endsTurn: true } : {}),
    });
  } else if (stop === 'aborted') {
    push('system', '[Request interrupted by user]');
  }
}

/** pi's session files as a line format. */
export const piFormat: TranscriptFormat = { agent: 'pi', parseLine: parsePiLine };
