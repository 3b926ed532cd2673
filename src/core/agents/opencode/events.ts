/**
 * opencode's event log -> {@link AgentEvent}s. Pure module: no `vscode`, no Node built-ins.
 *
 * Source: opencode 1.18.33 (`opencode-ai` on npm; the schemas `MessageV2` and `SessionEvent` in its binary's bundled
 * JavaScript), checked against databases the real CLI wrote (test/fixtures/opencode, see its PROVENANCE.md). The
 * tables and every row type are in FORMAT.md beside this file.
 *
 * opencode writes each durable change of a session as a row of its `event` table, in a transaction with the change:
 * `{type, data}` with `type` one of `session.created.1`, `session.updated.1` (`data.info`: the session with its
 * `directory`, `title`, `parentID`), `message.updated.1` (`data.info`: a message, written again whenever it changes:
 * `role`, `time.created`, `time.completed`, `error`, `modelID`, `tokens`, `summary`), `message.part.updated.1`
 * (`data.part`: one part, written again at each change of its state; `data.time`), `message.removed.1`,
 * `message.part.removed.1`. The rows only grow, in `rowid` order, so the events below come out in the same order at
 * every read and a re-read only adds events at the end. Each event is emitted at the first row that makes it final:
 * - a user message's text part (non-synthetic) -> `user`; a synthetic one (opencode's own "Continue ..." after a
 *   compaction) -> `system`;
 * - an assistant text part with `time.end` -> `assistant`;
 * - a tool part first `running`, `completed` or `error` -> `tool_call` (tool name, hash of `state.input`); first
 *   `completed` or `error` -> `tool_result` (`isError` for `error`);
 * - a `step-finish` part (one model call) -> `usage` with its tokens and opencode's cost;
 * - an assistant message first seen with `error` -> `error` with the provider's message and HTTP status, ending the turn
 *   (opencode gives up: it retried already); `MessageAbortedError` (the person interrupted) -> `system` "[Request
 *   interrupted ...]";
 * - a `compaction` part (the request to compact; `overflow: true` when the context did not fit) -> `system`, and for an
 *   overflow also an `error` (the context overflow itself leaves no error in the database); the summary message's
 *   completion -> a `system` compaction.
 * Events of a subagent's session (a session with a parent) go to the root session, marked `sidechain`.
 */
import { AgentEvent, EventKind, TokenUsage, hashToolInput } from '../../model/event';
import { Json, cleanText as clean, finiteNumber, isObject, str } from '../../ingest/jsonLine';
import type { OpencodeEventRow, OpencodeSessionRow } from './database';

/** What is known of one opencode session. */
export interface OpencodeSessionFacts {
  cwd?: string;
  title?: string;
  parentId?: string;
}

/** The events of an event log and what it says of its sessions. */
export interface OpencodeEvents {
  events: AgentEvent[];
  /** Sessions by id (subagent sessions too). */
  sessions: Map<string, OpencodeSessionFacts>;
  /** Rows whose data is not a JSON object (skipped), and the last reason. */
  badRows: number;
  lastError?: string;
}

/** The text of the error event a context overflow (a `compaction` part with `overflow: true`) gives. */
export const OVERFLOW_TEXT =
  'ContextOverflowError: the prompt is too long for the model\'s context window; opencode compacts the conversation ("overflow" compaction)';

interface MessageFacts {
  role: string;
  sessionId: string;
  model?: string;
  summary: boolean;
  errored: boolean;
  completed: boolean;
  cwd?: string;
}

const num = (v: unknown): number => {
  const n = finiteNumber(v);
  return n !== undefined && n >= 0 ? n : 0;
};

/** opencode `tokens` (`{input, output, reasoning, cache: {read, write}}`; input excludes the cache) -> {@link TokenUsage}. */
export function opencodeUsage(tokens: unknown): TokenUsage | undefined {
  if (!isObject(tokens)) {
    return undefined;
  }
  const cache = isObject(tokens.cache) ? tokens.cache : {};
  return {
    input: num(tokens.input),
    output: num(tokens.output) + num(tokens.reasoning),
    cacheRead: num(cache.read),
    cacheCreation: num(cache.write),
  };
}

/**
 * The text of an assistant message's `error` (`{name, data}`): the provider's message, with the API's error type from
 * the response body (`authentication_error`, `rate_limit_error`, `overloaded_error`...) when the message does not say it;
 * other errors as `<name>: <message>`.
 */
export function errorText(error: Json): string {
  const name = str(error.name) ?? 'Error';
  const data = isObject(error.data) ? error.data : {};
  const message = str(data.message) ?? '';
  if (name === 'APIError') {
    const type = apiErrorType(str(data.responseBody));
    return type && !message.includes(type) ? `${message} (${type})` : message || name;
  }
  if (name === 'MessageOutputLengthError') {
    return `${name}: the response hit the output token limit`;
  }
  return message ? `${name}: ${message}` : name;
}

/** The error type (Anthropic `error.type`) or code (OpenAI `error.code`) of an API response body, if it is JSON saying one. */
function apiErrorType(body: string | undefined): string | undefined {
  if (!body) {
    return undefined;
  }
  try {
    const v: unknown = JSON.parse(body);
    const e = isObject(v) && isObject(v.error) ? v.error : undefined;
    return e ? (str(e.type) ?? str(e.code)) : undefined;
  } catch {
    return undefined;
  }
}

/** The text of a tool's input for the tool-call event: `<tool> <input as JSON>`. */
function toolCallText(tool: string, input: unknown): string {
  return `${tool} ${JSON.stringify(input ?? {})}`;
}

/** Reads an event log (rows in `rowid` order) and the session table into events. Never throws on bad rows. */
export function opencodeEvents(
  rows: readonly OpencodeEventRow[],
  sessionRows: readonly OpencodeSessionRow[],
  file: string,
): OpencodeEvents {
  const reader = new EventLogReader(file);
  for (const s of sessionRows) {
    reader.session(s.id, { cwd: s.directory, title: s.title, parentId: s.parentId });
  }
  for (const row of rows) {
    reader.row(row);
  }
  return reader.result();
}

/** One pass over the log: what was seen of each session, message and part, so each event is emitted once. */
class EventLogReader {
  private readonly events: AgentEvent[] = [];
  private readonly sessions = new Map<string, OpencodeSessionFacts>();
  private readonly messages = new Map<string, MessageFacts>();
  /** Part ids whose event was emitted; for tool parts `<id>:call` and `<id>:result`. */
  private readonly done = new Set<string>();
  private badRows = 0;
  private lastError?: string;
  private lastTs = 0;

  constructor(private readonly file: string) {}

  session(id: string, facts: OpencodeSessionFacts): void {
    const known = this.sessions.get(id) ?? {};
    this.sessions.set(id, {
      cwd: facts.cwd || known.cwd,
      title: facts.title || known.title,
      parentId: facts.parentId || known.parentId,
    });
  }

  result(): OpencodeEvents {
    return {
      events: this.events,
      sessions: this.sessions,
      badRows: this.badRows,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  row(row: OpencodeEventRow): void {
    let data: unknown;
    try {
      data = JSON.parse(row.data);
    } catch (err) {
      data = undefined;
      this.lastError = `event row ${row.rowid}: invalid JSON (${err instanceof Error ? err.message : String(err)})`;
    }
    if (!isObject(data)) {
      this.badRows++;
      this.lastError ??= `event row ${row.rowid}: data is not a JSON object`;
      return;
    }
    const type = row.type.replace(/\.\d+$/, '');
    if (type === 'session.created' || type === 'session.updated') {
      const info = isObject(data.info) ? data.info : {};
      const id = str(info.id) ?? row.sessionId;
      this.session(id, { cwd: str(info.directory), title: str(info.title), parentId: str(info.parentID) });
    } else if (type === 'message.updated' && isObject(data.info)) {
      this.message(data.info, row);
    } else if (type === 'message.part.updated' && isObject(data.part)) {
      this.part(data.part, finiteNumber(data.time), row);
    }
  }

  /** The root session of `id` (itself unless it is a subagent's session), following parents (at most 16 levels). */
  private root(id: string): string {
    let cur = id;
    for (let i = 0; i < 16; i++) {
      const parent = this.sessions.get(cur)?.parentId;
      if (!parent || parent === cur) {
        break;
      }
      cur = parent;
    }
    return cur;
  }

  private push(
    sessionId: string,
    row: OpencodeEventRow,
    ts: number | undefined,
    kind: EventKind,
    text: string,
    extra: Partial<AgentEvent> = {},
  ): void {
    const timestamp = ts && ts > 0 ? ts : this.lastTs;
    this.lastTs = Math.max(this.lastTs, timestamp);
    const root = this.root(sessionId);
    const cwd = this.sessions.get(root)?.cwd ?? this.sessions.get(sessionId)?.cwd;
    this.events.push({
      sessionId: root,
      agent: 'opencode',
      timestamp,
      kind,
      text: clean(text),
      origin: { file: this.file, offset: row.rowid },
      ...(cwd ? { cwd } : {}),
      ...(root !== sessionId ? { sidechain: true } : {}),
      ...extra,
    });
  }

  private message(info: Json, row: OpencodeEventRow): void {
    const id = str(info.id);
    if (!id) {
      return;
    }
    const time = isObject(info.time) ? info.time : {};
    const path = isObject(info.path) ? info.path : {};
    const known = this.messages.get(id);
    const m: MessageFacts = known ?? {
      role: str(info.role) ?? '',
      sessionId: str(info.sessionID) ?? row.sessionId,
      summary: false,
      errored: false,
      completed: false,
    };
    m.model = str(info.modelID) ?? m.model;
    m.summary ||= info.summary === true || str(info.mode) === 'compaction';
    m.cwd = str(path.cwd) ?? m.cwd;
    this.messages.set(id, m);
    if (m.role !== 'assistant') {
      return;
    }
    const at = finiteNumber(time.completed) ?? finiteNumber(time.created);
    const model = m.model ? { model: m.model } : {};
    if (isObject(info.error) && !m.errored) {
      m.errored = true;
      const error = info.error;
      if (str(error.name) === 'MessageAbortedError') {
        this.push(m.sessionId, row, at, 'system', `[Request interrupted] ${errorText(error)}`, model);
      } else {
        const data = isObject(error.data) ? error.data : {};
        const status = finiteNumber(data.statusCode);
        this.push(m.sessionId, row, at, 'error', errorText(error), {
          ...model,
          isError: true,
          endsTurn: true,
          messageId: id,
          ...(status !== undefined ? { httpStatus: status } : {}),
        });
      }
    }
    if (finiteNumber(time.completed) !== undefined && !m.completed) {
      m.completed = true;
      if (m.summary && !m.errored) {
        this.push(m.sessionId, row, at, 'system', 'Compacted: opencode summarized the conversation', { ...model, compaction: true });
      }
    }
  }

  private part(part: Json, rowTime: number | undefined, row: OpencodeEventRow): void {
    const id = str(part.id);
    const type = str(part.type);
    if (!id || !type) {
      return;
    }
    const messageId = str(part.messageID) ?? '';
    const m = this.messages.get(messageId);
    const sessionId = str(part.sessionID) ?? m?.sessionId ?? row.sessionId;
    const times = isObject(part.time) ? part.time : {};
    const ts = rowTime ?? finiteNumber(times.end) ?? finiteNumber(times.start);
    const model = m?.model ? { model: m.model } : {};
    const once = (key: string): boolean => {
      if (this.done.has(key)) {
        return false;
      }
      this.done.add(key);
      return true;
    };
    switch (type) {
      case 'text': {
        const text = str(part.text) ?? '';
        if (!text.trim() || part.ignored === true) {
          return;
        }
        if (m?.role === 'assistant') {
          if (finiteNumber(times.end) !== undefined && !m.summary && once(id)) {
            this.push(sessionId, row, ts, 'assistant', text, { ...model, messageId });
          }
        } else if (once(id)) {
          this.push(sessionId, row, ts, part.synthetic === true ? 'system' : 'user', text);
        }
        return;
      }
      case 'tool':
        this.tool(part, id, sessionId, messageId, row, ts, model);
        return;
      case 'step-finish': {
        const usage = opencodeUsage(part.tokens);
        if (usage && once(id)) {
          const cost = finiteNumber(part.cost);
          this.push(sessionId, row, ts, 'usage', '', {
            ...model,
            usage,
            messageId,
            ...(cost !== undefined && cost >= 0 ? { costUsd: cost } : {}),
          });
        }
        return;
      }
      case 'compaction':
        if (once(id)) {
          const overflow = part.overflow === true;
          if (overflow) {
            this.push(sessionId, row, ts, 'error', OVERFLOW_TEXT, { ...model, isError: true });
          }
          const how = `${part.auto === true ? 'automatic' : 'requested'}${overflow ? ', the context overflowed' : ''}`;
          this.push(sessionId, row, ts, 'system', `Compaction started (${how})`, model);
        }
        return;
      default:
        return;
    }
  }

  private tool(
    part: Json,
    id: string,
    sessionId: string,
    messageId: string,
    row: OpencodeEventRow,
    ts: number | undefined,
    model: Partial<AgentEvent>,
  ): void {
    const state = isObject(part.state) ? part.state : {};
    const status = str(state.status);
    const tool = str(part.tool) ?? 'unknown';
    const stateTimes = isObject(state.time) ? state.time : {};
    if ((status === 'running' || status === 'completed' || status === 'error') && !this.done.has(`${id}:call`)) {
      this.done.add(`${id}:call`);
      const input = state.input ?? {};
      this.push(sessionId, row, finiteNumber(stateTimes.start) ?? ts, 'tool_call', toolCallText(tool, input), {
        ...model,
        toolName: tool,
        toolInputHash: hashToolInput(input),
        messageId,
      });
    }
    if ((status === 'completed' || status === 'error') && !this.done.has(`${id}:result`)) {
      this.done.add(`${id}:result`);
      const failed = status === 'error';
      const text = failed ? (str(state.error) ?? 'error') : (str(state.output) ?? '');
      this.push(sessionId, row, finiteNumber(stateTimes.end) ?? ts, 'tool_result', text, {
        toolName: tool,
        ...(failed ? { isError: true } : {}),
      });
    }
  }
}
