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
 * This module is the entry point; the record handlers are in transcriptRecords.ts, the content-block and usage helpers in
 * transcriptBlocks.ts. Pure module: no `vscode`, no Node built-ins. Never throws.
 */

import { AgentEvent, EventOrigin } from '../../model/event';
import { Json, cleanText as clean, parseTimestamp, str, parseRecordLine } from '../../ingest/jsonLine';
import { Base, ClaudeLineInfo, parseAssistant, parseResult, parseSystem, parseUser } from './transcriptRecords';

export type { ClaudeLineInfo };

/**
 * Bookkeeping records that carry no event and come after the session's first prompt (so they never tell the session
 * first: in the real CLI's transcripts only `atis-latch` and `queue-operation` come before it), as Claude Code 2.1.330
 * writes them: `type` first. A line that starts so is not parsed: the API request records are a transcript's largest
 * lines (about 38 % of the bytes of the scan benchmark's history, built from the real CLI's transcripts).
 */
const NO_EVENT_RECORD = /^\uFEFF?\{"type":"(?:api-request|api-request-shape|api-request-blob|cost-state|last-prompt)"[,}]/;

/** Result of {@link parseClaudeLine}: the events of a line and what it says about the session, or why it was rejected. */
export type ClaudeLineResult = { ok: true; events: AgentEvent[]; info: ClaudeLineInfo } | { ok: false; error: string };

/**
 * Parses one transcript line (without its newline; a trailing `\r` and a leading byte order mark are tolerated).
 * `origin` is the file and byte offset of the line start; it is copied to every event. `fallbackSessionId` is used when
 * the line has no `sessionId` (e.g. the file name without `.jsonl`).
 *
 * Returns `ok: false` for lines that are not a JSON object with a string `type` (garbage, a half-written last line);
 * `ok: true` with no events for blank lines and bookkeeping entries. Timestamps are the line's ISO `timestamp` in epoch
 * ms, or 0 when absent (the caller decides). A line that starts as a bookkeeping record without events (an API request
 * record, `{"type":"api-request",...`) is `ok: true` with nothing, unread. Every text is redacted and clipped
 * (`cleanText` of src/core/ingest/jsonLine.ts). Never throws.
 */
export function parseClaudeLine(line: string, origin: EventOrigin, fallbackSessionId: string): ClaudeLineResult {
  if (NO_EVENT_RECORD.test(line)) {
    return { ok: true, events: [], info: {} };
  }
  return parseRecordLine(line, (record) => parseLineUnsafe(record, origin, fallbackSessionId));
}

function parseLineUnsafe(entry: Json, origin: EventOrigin, fallbackSessionId: string): ClaudeLineResult {
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
