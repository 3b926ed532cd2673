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
 *   growth of `total_token_usage`; `rate_limits` (the plan's windows and credits, null fields when the server sent no
 *   limit headers) goes to `info.rateLimits` (../../limits/codexRateLimits.ts);
 *   `task_complete` `{last_agent_message, error?: {message, codex_error_info}}`: the end of a turn, with the error that
 *   ended it (a 429 after the retries, a 401, a context overflow, a dropped or idle stream); `error` / `stream_error`
 *   `{message, codex_error_info?}`; `turn_aborted` `{reason}` (Ctrl+C; read as an interrupted turn); `context_compacted`. `codex_error_info` is a string
 *   (`"context_window_exceeded"`, `"usage_limit_exceeded"`, `"other"`, ...) or an object naming the failure with its
 *   `http_status_code` (`{"response_too_many_failed_attempts": {"http_status_code": 429}}`,
 *   `{"http_connection_failed": {"http_status_code": 401}}`). Retries inside a turn are not written to the rollout
 *   (only printed on stderr as `ERROR: Reconnecting... n/m`). A request that never answers leaves the turn open: the
 *   prompt is the rollout's last entry (test/fixtures/codex/hang*.jsonl), which the plug-in's `unansweredIsHang` judges.
 * - `compacted` `{message, replacement_history?}`: the conversation was compacted.
 * - Bookkeeping (`world_state`, `token_usage_record` (the same usage as `token_count`, so not counted twice), `event_msg`
 *   `item_completed` / `user_message` / `agent_message` (copies of the response items), `task_started`,
 *   `thread_settings_applied`, ...): no events.
 *
 * In the 0.169.0 fixtures: session_meta, turn_context, world_state, message, function_call (`exec_command`),
 * function_call_output, token_count, token_usage_record, task_complete (with and without error), compacted and a
 * compaction summary. Handled from the shapes of other Codex versions but not seen in the fixtures (the fake server sends
 * no reasoning or custom tools): reasoning, custom_tool_call(_output), local_shell_call, web_search_call, the older
 * `shell` output `{"output", "metadata": {"exit_code"}}`, event_msg error / stream_error / context_compacted
 * (`turn_aborted` is in hang_interrupted.jsonl).
 *
 * This module is the entry point; the record handlers are in rolloutRecords.ts, the content and usage helpers in
 * rolloutContent.ts, the state kept between lines in rolloutState.ts. Pure module: no `vscode`, no Node built-ins.
 * Never throws.
 */

import { AgentEvent, EventOrigin } from '../../model/event';
import { Json, cleanText as clean, isObject, parseTimestamp, str, parseRecordLine } from '../../ingest/jsonLine';
import { CodexParseState } from './rolloutState';
import { Base, CodexLineInfo, event, parseEventMsg, parseResponseItem } from './rolloutRecords';

export { CodexParseState, MAX_REMEMBERED } from './rolloutState';
export type { CodexLineInfo };

/** Result of {@link parseCodexLine}. */
export type CodexLineResult = { ok: true; events: AgentEvent[]; info: CodexLineInfo } | { ok: false; error: string };

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
export function parseCodexLine(
  line: string,
  origin: EventOrigin,
  fallbackSessionId: string,
  state: CodexParseState = new CodexParseState(),
): CodexLineResult {
  return parseRecordLine(line, (record) => parseLineUnsafe(record, origin, fallbackSessionId, state));
}

function parseLineUnsafe(entry: Json, origin: EventOrigin, fallbackSessionId: string, state: CodexParseState): CodexLineResult {
  const type = str(entry.type);
  if (!type) {
    return { ok: false, error: 'entry has no "type"' };
  }
  const payload = entry.payload;
  if (!isObject(payload)) {
    return { ok: false, error: `"${type}" entry has no object "payload"` };
  }
  const info: CodexLineInfo = {};
  const base: Base = {
    sessionId: fallbackSessionId,
    timestamp: parseTimestamp(entry.timestamp),
    origin,
    cwd: state.cwd(fallbackSessionId),
  };
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
