/**
 * GitHub Copilot CLI (`@github/copilot`, program `copilot`) session event logs -> {@link AgentEvent}s: a stateless line
 * parser. Pure module: no `vscode`, no Node built-ins.
 *
 * Source: the event logs Copilot CLI 1.0.102 wrote in its real runs against our fake OpenAI server
 * (test/fixtures/copilot, PROVENANCE.md). FORMAT.md beside this file lists every record and what it becomes.
 *
 * One JSON object a line: `{type, data, id, timestamp (ISO), parentId}`. `session.start` (`data.sessionId`,
 * `data.context.cwd`, `data.selectedModel`), `user.message` (`data.content`), `assistant.message` (`data.content`,
 * `data.toolRequests[]` with `name` and `arguments`, `data.model`), `tool.execution_complete` (`data.success`,
 * `data.error.message`), `session.usage_record` (`data.usage`: `model`, `inputTokens`, `outputTokens`,
 * `cacheReadTokens`, `cacheWriteTokens`), `session.error` (`data.errorType`, `data.message`, `data.statusCode`: the
 * error the run ended with), `abort` (`data.reason`: Ctrl+C in the TUI, an interrupted turn),
 * `session.compaction_complete` (`data.success`: `/compact` or an automatic compaction), and records that carry no event
 * (`system.message`, `assistant.turn_start`/`_end`, `tool.execution_start`, `session.shutdown`, `session.resume`, ...).
 * The TUI records (`abort`, compaction, `session.resume`) are from test/fixtures/copilot/tui_recipes.events.jsonl.
 */
import { AgentEvent, EventKind, EventOrigin, hashToolInput } from '../../model/event';
import type { LineResult, TranscriptFormat } from '../../ingest/tailer';
import { Json, cleanText as clean, finiteNumber, isObject, parseTimestamp, str, parseRecordLine } from '../../ingest/jsonLine';

/** A record type of the event log: `<area>.<name>` (`session.start`, `tool.execution_complete`, ...), or `abort`. */
const RECORD_TYPE = /^(?:abort|[a-z]+(?:_[a-z]+)*\.[a-z_.]+)$/;

/**
 * Parses one line of a Copilot CLI event log. `fallbackSessionId` is the session folder's name (the session id).
 * `ok: false` with the reason for a line that is not a JSON object with a record type; `ok: true` with no events for
 * blank lines and records that carry none. Texts are redacted and clipped. Never throws.
 */
export function parseCopilotLine(line: string, origin: EventOrigin, fallbackSessionId: string): LineResult {
  return parseRecordLine(line, (record) => parseUnsafe(record, origin, fallbackSessionId));
}

function parseUnsafe(rec: Json, origin: EventOrigin, fallbackSessionId: string): LineResult {
  const type = str(rec.type);
  if (!type || !RECORD_TYPE.test(type) || !isObject(rec.data)) {
    return { ok: false, error: `not a Copilot CLI event record (type ${type ? `"${type}"` : 'missing'})` };
  }
  const data = rec.data;
  if (type === 'session.start') {
    const sessionId = str(data.sessionId) ?? fallbackSessionId;
    const cwd = isObject(data.context) ? str(data.context.cwd) : undefined;
    return { ok: true, events: [], info: { sessionId, ...(cwd ? { cwd } : {}) } };
  }
  const events: AgentEvent[] = [];
  const base = { sessionId: fallbackSessionId, agent: 'copilot-cli', origin, timestamp: parseTimestamp(rec.timestamp) };
  const push = (kind: EventKind, text: string, extra: Partial<AgentEvent> = {}) =>
    events.push({ ...base, kind, text: clean(text), ...extra });
  switch (type) {
    case 'user.message':
      push('user', str(data.content) ?? '');
      break;
    case 'assistant.message': {
      const model = str(data.model);
      const withModel = model ? { model } : {};
      const text = str(data.content) ?? '';
      if (text.trim()) {
        push('assistant', text, withModel);
      }
      for (const t of Array.isArray(data.toolRequests) ? data.toolRequests.filter(isObject) : []) {
        const name = str(t.name) ?? 'tool';
        push('tool_call', `${name} ${JSON.stringify(t.arguments ?? {})}`, {
          ...withModel,
          toolName: name,
          toolInputHash: hashToolInput(t.arguments ?? {}),
        });
      }
      break;
    }
    case 'tool.execution_complete': {
      const ok = data.success === true;
      const error = isObject(data.error) ? str(data.error.message) : undefined;
      const result = isObject(data.result) ? (str(data.result.content) ?? '') : '';
      push('tool_result', ok ? result : (error ?? 'the tool failed'), ok ? {} : { isError: true });
      break;
    }
    case 'session.usage_record': {
      const u = isObject(data.usage) ? data.usage : undefined;
      if (u) {
        const n = (v: unknown): number => Math.max(0, finiteNumber(v) ?? 0);
        const usage = {
          input: n(u.inputTokens),
          output: n(u.outputTokens),
          cacheRead: n(u.cacheReadTokens),
          cacheCreation: n(u.cacheWriteTokens),
        };
        const model = str(u.model);
        push('usage', '', { usage, ...(model ? { model } : {}) });
      }
      break;
    }
    case 'session.error': {
      const status = finiteNumber(data.statusCode);
      const kind = str(data.errorType);
      push('error', str(data.message) ?? `Copilot CLI error${kind ? ` (${kind})` : ''}`, {
        isError: true,
        endsTurn: true,
        ...(status !== undefined ? { httpStatus: status } : {}),
      });
      break;
    }
    case 'abort':
      // Ctrl+C while a request runs ("Operation cancelled by user"): nothing is awaited any more.
      push('system', `[Request interrupted] Aborted (${str(data.reason) ?? 'unknown reason'})`);
      break;
    case 'session.compaction_complete':
      if (data.success === true) {
        push('system', 'Context compacted', { compaction: true });
      }
      break;
    default:
      break;
  }
  return { ok: true, events, info: {} };
}

/** Copilot CLI's event logs as a line format. */
export const copilotFormat: TranscriptFormat = { agent: 'copilot-cli', parseLine: parseCopilotLine };
