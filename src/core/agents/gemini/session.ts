/**
 * Gemini CLI session files -> {@link AgentEvent}s. Pure module: no `vscode`, no Node built-ins.
 *
 * Source: `@google/gemini-cli` 0.61.0 (npm bundle; `ChatRecordingService` in packages/core/src/services/
 * chatRecordingService.ts), checked against files the real CLI wrote (test/fixtures/gemini, see PROVENANCE.md).
 *
 * Location: `<GEMINI_CLI_HOME or ~>/.gemini/tmp/<project>/chats/session-<YYYY-MM-DDTHH-MM>-<first 8 of session id>.jsonl`
 * (`<project>` is a short project name registered in `~/.gemini/projects.json`, older versions used a SHA-256 of the
 * project root). Subagents write `chats/<parent session id>/<subagent id>.jsonl`. Versions before JSONL wrote one JSON
 * document `session-*.json` (not read here).
 *
 * The file is JSONL, appended to (a resume of a damaged file rewrites it whole). Records, one per line:
 * - metadata, first line: `{"sessionId","projectHash","startTime","lastUpdated","kind":"main"|"subagent","directories"?}`;
 * - a message: `{"id","timestamp","type":"user"|"gemini"|"info"|"error"|"warning","content", ...}` where `content` is a
 *   string or a list of Gemini API parts (`{text}`, `{functionResponse:{id,name,response:{output|error}}}`, ...);
 *   `gemini` messages add `model`, `thoughts`, `tokens:{input,output,cached,thoughts,tool,total}` (from the API's
 *   usageMetadata: promptTokenCount, candidatesTokenCount, cachedContentTokenCount, thoughtsTokenCount,
 *   toolUsePromptTokenCount, totalTokenCount) and `toolCalls:[{id,name,args,result,status:"success"|"error"|"cancelled",
 *   timestamp,displayName,description,resultDisplay}]`;
 *   THE SAME MESSAGE IS WRITTEN AGAIN under the same `id` whenever it changes (its tokens arrive, its tool calls are
 *   added or finish), so a line repeats facts earlier lines already gave;
 * - `{"$set":{...}}`: a metadata update (`lastUpdated`, `summary`, `directories`, `memoryScratchpad`) or, with
 *   `messages`, the whole history restated in API form (after each turn and at exit: no new facts). When a turn ends
 *   with no answer (a headless run that gave up on an API error, a turn cancelled with Escape in the TUI) the CLI takes
 *   the prompt out of its history, and the restated history lacks it (test/fixtures/gemini: every failed headless run and
 *   every cancelled TUI turn ends so, at the time of its error report; a run killed while it waited does not): that
 *   becomes a `[Request interrupted]` system event, so the turn no longer waits for an answer (as does the TUI's info
 *   "Request cancelled.", saved when Escape cancels a request, even while a dialog keeps the prompt in the history);
 * - `{"$rewindTo":"<message id>"}`: the conversation was rewound to before that message.
 * Errors: the interactive TUI saves what it shows as `error` / `info` / `warning` messages (`content` a string), API
 * errors included (`[API Error: {"error":{"code":401,"message":...,"status":"UNAUTHENTICATED"}}]`, followed by an info
 * "This request failed. Press F12 for diagnostics..."); an `error` message becomes an `error` event with the quoted
 * `code` as its HTTP status. Headless runs (`gemini -p`) save NO error: they print it on stderr ("Attempt N failed ...",
 * "Error when talking to Gemini API ...") and write a report `$TMPDIR/gemini-client-error-*.json`.
 * The CLI's own loop detection adds a user message "System: Potential loop detected. ..." (a `system` event here) and,
 * in the TUI, an info "A potential loop was detected...".
 *
 * Because messages repeat, {@link GeminiSessionParser} remembers, per file, which facts of each message id it already
 * turned into events (text, usage, each tool call, each tool result) and emits only new ones, in file order. The memory
 * is bounded ({@link MAX_FILES} files, {@link MAX_IDS_PER_FILE} ids per file, oldest dropped); after a reload the tailer
 * resumes at its stored offset with an empty memory, so at worst a message updated across the reload repeats its text.
 */
import { AgentEvent, EventKind, EventOrigin, TokenUsage, hashToolInput } from '../../model/event';
import type { LineResult, TranscriptFormat } from '../../ingest/tailer';
import { Json, cleanText as clean, finiteNumber, isObject, parseTimestamp, str, parseRecordLine } from '../../ingest/jsonLine';
import { statusIn } from '../../detection/status';

/** Files whose message memory is kept (least recently read dropped first). */
export const MAX_FILES = 256;
/** Message ids remembered per file (oldest dropped first). */
export const MAX_IDS_PER_FILE = 5000;

/** What one message id already gave. */
interface MessageMemory {
  text: boolean;
  usage: boolean;
  calls: Set<string>;
  results: Set<string>;
}

/** A count (tokens): the value when it is a finite number >= 0, else 0. */
function num(v: unknown): number {
  const n = finiteNumber(v);
  return n !== undefined && n >= 0 ? n : 0;
}

/** Text of a message `content`: a string, or the `text` of its parts (thought parts left out). */
function contentText(content: unknown): string {
  if (typeof content === 'string') {
    return content;
  }
  if (!Array.isArray(content)) {
    return '';
  }
  const out: string[] = [];
  for (const p of content) {
    if (typeof p === 'string') {
      out.push(p);
    } else if (isObject(p) && typeof p.text === 'string' && p.thought !== true) {
      out.push(p.text);
    }
  }
  return out.join('');
}

/** Text of a tool call's `result` (a list of parts holding `functionResponse.response.output|error`), or its `resultDisplay`. */
function toolResultText(call: Json): string {
  const parts: string[] = [];
  if (Array.isArray(call.result)) {
    for (const p of call.result) {
      if (!isObject(p)) {
        continue;
      }
      const fr = isObject(p.functionResponse) ? p.functionResponse : undefined;
      const resp = fr && isObject(fr.response) ? fr.response : undefined;
      if (resp) {
        const v = resp.error ?? resp.output ?? resp.content;
        parts.push(typeof v === 'string' ? v : JSON.stringify(v ?? resp));
      } else if (typeof p.text === 'string') {
        parts.push(p.text);
      }
    }
  }
  if (parts.length === 0 && typeof call.resultDisplay === 'string') {
    parts.push(call.resultDisplay);
  }
  return parts.join('\n');
}

/**
 * Gemini `tokens` -> {@link TokenUsage} (tokens). Gemini's prompt count includes the cached tokens, and thinking tokens
 * are billed as output: input = input - cached, cacheRead = cached, output = output + thoughts, cacheCreation = 0.
 * Undefined when `tokens` is not an object.
 */
export function geminiUsage(tokens: unknown): TokenUsage | undefined {
  if (!isObject(tokens)) {
    return undefined;
  }
  const cached = num(tokens.cached);
  return {
    input: Math.max(0, num(tokens.input) - cached),
    output: num(tokens.output) + num(tokens.thoughts),
    cacheRead: cached,
    cacheCreation: 0,
  };
}

/** The workspace folder from the CLI's `<session_context>` setup message ("Workspace Directories:" list), if any. */
export function workspaceFromContext(text: string): string | undefined {
  const m = /Workspace Directories:\**\s*\n\s*-\s+([^\n]+)/.exec(text);
  return m ? m[1].trim() : undefined;
}

/**
 * The HTTP status of an error message the TUI saved: the `code` of the Gemini API error body it quotes
 * (`[API Error: {"error":{"code":401,...}}]`), else a status the text names ("status 429", "API Error: 500").
 */
export function errorStatus(text: string): number | undefined {
  const m = /"error"\s*:\s*\{\s*"code"\s*:\s*([45]\d\d)\b/.exec(text);
  return m ? Number(m[1]) : statusIn(text);
}

const TERMINAL_STATUSES = new Set(['success', 'error', 'cancelled']);

/** The info the TUI saves when Escape cancels a request (Gemini CLI 0.61.0, `useGeminiStream`). */
const CANCELLED = 'Request cancelled.';

/** True for a subagent file (`chats/<parent id>/<id>.jsonl`), whose events belong to the parent session. */
function isSubagentFile(file: string): boolean {
  return /[\\/]chats[\\/][^\\/]+[\\/][^\\/]+\.jsonl$/.test(file);
}

/**
 * A stateful line parser for Gemini CLI session files (see the module doc for the format). One instance serves many
 * files; its memory is keyed by `origin.file`. Never throws.
 */
export class GeminiSessionParser {
  private readonly files = new Map<string, Map<string, MessageMemory>>();
  /** Per file, the id of the last prompt nothing has answered yet (bounded with {@link files}). */
  private readonly pending = new Map<string, string>();

  /** Forgets what was read of `file` (e.g. the file was truncated or deleted). */
  forget(file: string): void {
    this.files.delete(file);
    this.pending.delete(file);
  }

  /**
   * Parses one line (no newline; a trailing `\r` and a leading byte order mark are tolerated). `origin` is copied to
   * every event; `fallbackSessionId` is the session the tailer knows the file by (the metadata line's `sessionId`).
   * Returns `ok: false` for a line that is not a JSON object of a known record shape; `ok: true` with no events for
   * blank lines, bookkeeping (`$set` without new facts) and facts already emitted. Texts are redacted and clipped.
   */
  parseLine(line: string, origin: EventOrigin, fallbackSessionId: string): LineResult {
    return parseRecordLine(line, (record) => this.parseUnsafe(record, origin, fallbackSessionId));
  }

  private memoryOf(file: string): Map<string, MessageMemory> {
    let m = this.files.get(file);
    if (m) {
      this.files.delete(file); // re-insert: most recently used last
    } else {
      m = new Map();
      if (this.files.size >= MAX_FILES) {
        const oldest = this.files.keys().next().value;
        if (oldest !== undefined) {
          this.files.delete(oldest);
          this.pending.delete(oldest);
        }
      }
    }
    this.files.set(file, m);
    return m;
  }

  private parseUnsafe(rec: Json, origin: EventOrigin, fallbackSessionId: string): LineResult {
    const subagent = isSubagentFile(origin.file);
    const base = { sessionId: fallbackSessionId, agent: 'gemini' as const, origin, ...(subagent ? { sidechain: true } : {}) };

    if (typeof rec.$rewindTo === 'string') {
      this.memoryOf(origin.file).delete(rec.$rewindTo);
      return {
        ok: true,
        events: [{ ...base, timestamp: 0, kind: 'system', text: clean(`Conversation rewound to before message ${rec.$rewindTo}`) }],
        info: {},
      };
    }
    if (isObject(rec.$set)) {
      return this.parseSet(rec.$set, origin, base);
    }
    if (typeof rec.id === 'string' && typeof rec.type === 'string') {
      return this.parseMessage(rec, base, origin);
    }
    if (typeof rec.sessionId === 'string' && typeof rec.projectHash === 'string') {
      // The metadata line. A subagent's events stay with the parent session (the folder's name).
      const info: { sessionId?: string; cwd?: string } = {};
      if (!subagent) {
        info.sessionId = rec.sessionId;
      }
      if (Array.isArray(rec.directories) && typeof rec.directories[0] === 'string') {
        info.cwd = rec.directories[0];
      }
      return { ok: true, events: [], info };
    }
    return { ok: false, error: 'not a Gemini CLI session record (no id/type, $set, $rewindTo or sessionId)' };
  }

  /**
   * `$set`: `summary` becomes the title, a restated history (`messages`) marks its ids as seen and may give the cwd; a
   * restated history without the prompt nothing answered is that turn ended with no answer (a `[Request interrupted]`
   * system event at `lastUpdated`).
   */
  private parseSet(set: Json, origin: EventOrigin, base: Pick<AgentEvent, 'sessionId' | 'agent' | 'origin' | 'sidechain'>): LineResult {
    const info: { title?: string; cwd?: string } = {};
    const events: AgentEvent[] = [];
    if (typeof set.summary === 'string' && set.summary.trim()) {
      info.title = clean(set.summary.trim());
    }
    if (Array.isArray(set.messages)) {
      const memory = this.memoryOf(origin.file);
      for (const m of set.messages) {
        if (!isObject(m) || typeof m.id !== 'string') {
          continue;
        }
        const t = contentText(m.content);
        if (m.type === 'user' && t.startsWith('<session_context>')) {
          info.cwd ??= workspaceFromContext(t);
        }
        // Seen through the restated history: not new. (Text and usage facts of an id not seen before are not invented
        // from the API-form history, which carries no tokens.)
        if (!memory.has(m.id)) {
          remember(memory, m.id, { text: true, usage: true, calls: new Set(), results: new Set() });
        }
      }
      const prompt = this.pending.get(origin.file);
      if (prompt !== undefined && !set.messages.some((m) => isObject(m) && m.id === prompt)) {
        this.pending.delete(origin.file);
        events.push({
          ...base,
          timestamp: parseTimestamp(set.lastUpdated),
          kind: 'system',
          text: '[Request interrupted] Gemini CLI took the prompt out of its history with no answer (the turn ended without a reply)',
        });
      }
    }
    return { ok: true, events, info };
  }

  private parseMessage(rec: Json, base: Pick<AgentEvent, 'sessionId' | 'agent' | 'origin' | 'sidechain'>, origin: EventOrigin): LineResult {
    const id = rec.id as string;
    const type = rec.type as string;
    const timestamp = parseTimestamp(rec.timestamp);
    const memory = this.memoryOf(origin.file);
    let mem = memory.get(id);
    if (!mem) {
      mem = { text: false, usage: false, calls: new Set(), results: new Set() };
      remember(memory, id, mem);
    }
    if (rec.content !== undefined && typeof rec.content !== 'string' && !Array.isArray(rec.content)) {
      return { ok: false, error: `message ${id}: content is neither a string nor a list of parts` };
    }
    if (rec.toolCalls !== undefined && !Array.isArray(rec.toolCalls)) {
      return { ok: false, error: `message ${id}: toolCalls is not a list` };
    }
    const events: AgentEvent[] = [];
    const text = contentText(rec.content);
    const model = str(rec.model);
    const push = (kind: EventKind, t: string, extra: Partial<AgentEvent> = {}): void => {
      events.push({ ...base, timestamp, kind, text: clean(t), ...(model ? { model } : {}), ...extra });
    };

    if (type === 'user') {
      if (!mem.text && text.trim()) {
        mem.text = true;
        if (text.startsWith('<session_context>')) {
          push('system', text);
        } else if (/^System: /.test(text)) {
          push('system', text); // the CLI's own notices (e.g. "System: Potential loop detected. ...")
        } else {
          push('user', text);
          this.pending.set(origin.file, id);
        }
      }
      // Function responses sent back as a user message are the tool calls' results, taken from the gemini message.
      return { ok: true, events, info: {} };
    }
    if (type === 'info' && text.trim() === CANCELLED) {
      // The TUI's own words when Escape cancels a request (useGeminiStream): the turn is over, unanswered.
      if (!mem.text) {
        mem.text = true;
        this.pending.delete(origin.file);
        push('system', `[Request interrupted] ${CANCELLED}`);
      }
      return { ok: true, events, info: {} };
    }
    if (type === 'error' || type === 'info' || type === 'warning') {
      if (!mem.text && text.trim()) {
        mem.text = true;
        const status = type === 'error' ? errorStatus(text) : undefined;
        push(
          type === 'error' ? 'error' : 'system',
          text,
          type === 'error' ? { isError: true, ...(status ? { httpStatus: status } : {}) } : {},
        );
      }
      return { ok: true, events, info: {} };
    }
    if (type !== 'gemini') {
      return { ok: true, events, info: {} }; // a message type this version does not write: kept out, not an error
    }
    this.pending.delete(origin.file); // the prompt got an answer
    const usage = mem.usage ? undefined : geminiUsage(rec.tokens);
    if (!mem.text && text.trim()) {
      mem.text = true;
      if (usage) {
        mem.usage = true;
      }
      push('assistant', text, usage ? { usage } : {});
    } else if (usage) {
      mem.usage = true;
      push('usage', '', { usage });
    }
    const calls = Array.isArray(rec.toolCalls) ? rec.toolCalls : [];
    calls.forEach((c, i) => {
      if (!isObject(c)) {
        return;
      }
      const name = str(c.name) ?? 'unknown';
      const key = str(c.id) ?? `${i}:${name}`;
      const ts = parseTimestamp(c.timestamp) || timestamp;
      if (!mem.calls.has(key)) {
        mem.calls.add(key);
        const args = c.args ?? {};
        events.push({
          ...base,
          timestamp: ts,
          kind: 'tool_call',
          text: clean(`${name} ${JSON.stringify(args)}`),
          toolName: name,
          toolInputHash: hashToolInput(args),
          ...(model ? { model } : {}),
        });
      }
      const status = str(c.status);
      if (status && TERMINAL_STATUSES.has(status) && !mem.results.has(key)) {
        mem.results.add(key);
        const isError = status !== 'success';
        const out = toolResultText(c) || status;
        events.push({ ...base, timestamp: ts, kind: 'tool_result', text: clean(out), toolName: name, ...(isError ? { isError } : {}) });
      }
    });
    return { ok: true, events, info: {} };
  }
}

function remember(memory: Map<string, MessageMemory>, id: string, mem: MessageMemory): void {
  if (memory.size >= MAX_IDS_PER_FILE) {
    const oldest = memory.keys().next().value;
    if (oldest !== undefined) {
      memory.delete(oldest);
    }
  }
  memory.set(id, mem);
}

/** Gemini CLI 0.61 `chats/session-*.jsonl` lines, parsed by one shared {@link GeminiSessionParser}. */
export const geminiFormat: TranscriptFormat = (() => {
  const parser = new GeminiSessionParser();
  return { agent: 'gemini', parseLine: (line, origin, fallbackSessionId) => parser.parseLine(line, origin, fallbackSessionId) };
})();
