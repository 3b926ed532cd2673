/**
 * The task histories of Cline and its forks (Roo Code, Kilo Code): `tasks/<task id>/ui_messages.json` -> {@link AgentEvent}s.
 * One parser for the three agents (each plug-in passes its id). Pure module: no `vscode`, no Node built-ins.
 *
 * Source: Cline's `ClineMessage` (apps/vscode/src/shared/ExtensionMessage.ts, and the task core bundled in the Cline CLI
 * 2.18.0, `cline_version` 3.82.0), Roo Code's `clineMessageSchema` (packages/types/src/message.ts, Roo Code 3.x), checked
 * against task folders the real Cline CLI wrote (test/fixtures/cline, PROVENANCE.md). FORMAT.md beside this file lists
 * every message type and what it becomes.
 *
 * The file is ONE JSON array the extension rewrites whole after each change: `[{ts (epoch ms), type: "say"|"ask",
 * say?|ask?, text?, partial?, reasoning?, modelInfo? (Cline), apiProtocol? (Roo), ...}]`. Messages are updated in place
 * (a streamed message grows while `partial` is true; an `api_req_started` gets its tokens and cost when its request
 * ends), so events must come out in the same order on every parse of the growing file (the document reader skips the ones
 * it ingested). Rules that keep that order:
 * - a `partial` message that is the last of the file gives nothing yet (it is still streaming);
 * - an `api_req_started` gives its usage event not where it stands but just before the next `api_req_started` or the
 *   next (complete) `ask`, whichever comes first: by then its request has ended and its tokens and cost are written.
 *   The request still running at the end of the file gives nothing yet.
 */
import { AgentEvent, EventKind, TokenUsage, hashToolInput } from '../../model/event';
import type { DocumentResult } from '../../ingest/transcriptKind';
import { Json, cleanText as clean, finiteNumber, isObject, str } from '../../ingest/jsonLine';
import { statusIn } from '../../detection/status';

/** Providers whose token counts follow the Anthropic API (input excludes cached tokens); others count them in the input. */
const ANTHROPIC_STYLE_PROVIDERS = new Set(['anthropic', 'bedrock', 'vertex', 'claude-code', 'cline', 'minimax', 'sapaicore']);

/** The working folder line of the environment details the agents send with each request. */
const CWD_LINE = /# Current (?:Working|Workspace) Directory \(([^)\n]+)\) Files/;

/** Says that are the model's own text. */
const ASSISTANT_SAYS = new Set(['text', 'completion_result']);
/** Says and asks that are a tool call of the model (a command, a file tool, an MCP call, a browser action). */
const TOOL_CALLS = new Set(['command', 'tool', 'use_mcp_server', 'mcp_server_request_started', 'browser_action', 'browser_action_launch']);
/** Says that hand a tool's result back. */
const TOOL_RESULTS = new Set([
  'command_output',
  'mcp_server_response',
  'browser_action_result',
  'subtask_result',
  'codebase_search_result',
]);
/** Says that report a failed tool use (an edit that did not apply, a path the ignore file hides). */
const TOOL_ERRORS = new Set(['diff_error', 'clineignore_error', 'rooignore_error', 'kilocodeignore_error', 'command_permission_denied']);

/** Parsed JSON of a message text, or undefined. */
function textJson(text: string | undefined): Json | undefined {
  if (!text || !/^\s*\{/.test(text)) {
    return undefined;
  }
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** A count (tokens): the value when it is a finite number >= 0, else 0. */
function num(v: unknown): number {
  const n = finiteNumber(v);
  return n !== undefined && n >= 0 ? n : 0;
}

/**
 * The usage of an `api_req_started` ({tokensIn, tokensOut, cacheWrites, cacheReads, cost}) as {@link TokenUsage}. With the
 * OpenAI protocol (Roo's `apiProtocol: "openai"`, or a Cline provider other than the Anthropic-style ones) the input count
 * includes the cached tokens, so they are taken out of it. Undefined when the message holds no count and no cost.
 */
export function requestUsage(info: Json, protocol: 'anthropic' | 'openai'): { usage: TokenUsage; cost?: number } | undefined {
  const cost = finiteNumber(info.cost);
  if (['tokensIn', 'tokensOut', 'cacheReads', 'cacheWrites'].every((k) => finiteNumber(info[k]) === undefined) && cost === undefined) {
    return undefined;
  }
  const tokensIn = num(info.tokensIn);
  const cacheRead = num(info.cacheReads);
  const input = protocol === 'openai' ? Math.max(0, tokensIn - cacheRead) : tokensIn;
  const usage = { input, output: num(info.tokensOut), cacheRead, cacheCreation: num(info.cacheWrites) };
  return cost !== undefined && cost >= 0 ? { usage, cost } : { usage };
}

/** The protocol of a message's counts: Roo's `apiProtocol`, else from Cline's `modelInfo.providerId`; Anthropic when unknown. */
function protocolOf(m: Json): 'anthropic' | 'openai' {
  if (m.apiProtocol === 'openai' || m.apiProtocol === 'anthropic') {
    return m.apiProtocol;
  }
  const provider = isObject(m.modelInfo) ? str(m.modelInfo.providerId) : undefined;
  return provider && !ANTHROPIC_STYLE_PROVIDERS.has(provider) ? 'openai' : 'anthropic';
}

/** Roo's retry notice (`api_req_retry_delayed`): `<status>\n<message>\n<retry_timer>N</retry_timer>` -> status and message. */
function retryNotice(text: string): { status?: number; message: string } {
  const body = text.replace(/<retry_timer>\d*<\/retry_timer>/g, '').trim();
  const m = /^(\d{3})\n([\s\S]*)$/.exec(body);
  return m ? { status: Number(m[1]), message: m[2].trim() || m[1] } : { message: body };
}

/** The text a question or answer ask shows: `question` / `response` of its JSON, else the text itself. */
function askText(text: string): string {
  const j = textJson(text);
  return (j && (str(j.question) ?? str(j.response) ?? str(j.result))) || text;
}

/** The tool name and input of a tool-call message. */
function toolOf(kind: string, text: string): { name: string; input: unknown } {
  const j = textJson(text);
  if (kind === 'command') {
    return { name: 'execute_command', input: text };
  }
  if (kind === 'use_mcp_server' || kind === 'mcp_server_request_started') {
    return { name: j ? `mcp:${str(j.serverName) ?? ''}/${str(j.toolName) ?? str(j.uri) ?? ''}` : 'mcp', input: j ?? text };
  }
  if (kind === 'browser_action' || kind === 'browser_action_launch') {
    return { name: 'browser_action', input: j ?? text };
  }
  return { name: (j && str(j.tool)) || 'tool', input: j ?? text };
}

/** What a parse gathers besides the events. */
interface Gathered {
  events: AgentEvent[];
  cwd?: string;
  title?: string;
}

/**
 * Parses a whole `ui_messages.json` of `agent` (`cline`, `roo`, `kilo`) into events. `fallbackSessionId` is the task id
 * (the folder name). Never throws: text that is not a JSON array is `ok: false` with the reason; elements that are not
 * messages are skipped.
 */
export function parseTaskMessages(agent: string, text: string, file: string, fallbackSessionId: string): DocumentResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { ok: false, error: `not JSON: ${(e as Error).message}` };
  }
  if (!Array.isArray(doc)) {
    return { ok: false, error: 'not a task history (the file is not a JSON array of messages)' };
  }
  const sessionId = fallbackSessionId;
  const out: Gathered = { events: [] };
  const messages = doc.filter((m): m is Json => isObject(m) && finiteNumber(m.ts) !== undefined && (m.type === 'say' || m.type === 'ask'));
  let pendingRequest: Json | undefined;
  let sawRequest = false;
  messages.forEach((m, i) => {
    if (m.partial === true) {
      // Still streaming when it is the last message; never finished when it is not (a stream cut off before its end,
      // or a countdown the final notice replaces): nothing either way, so every parse of the growing file agrees.
      return;
    }
    const kind = str(m.type === 'say' ? m.say : m.ask) ?? '';
    const next = messages[i + 1] as Json | undefined;
    const ts = finiteNumber(m.ts) ?? 0;
    const push = (k: EventKind, t: string, extra: Partial<AgentEvent> = {}): void => {
      out.events.push({ sessionId, agent, timestamp: ts, kind: k, text: clean(t), origin: { file, offset: i }, ...extra });
    };
    const closesRequest = kind === 'api_req_started' || m.type === 'ask';
    if (closesRequest && pendingRequest) {
      flushRequest(pendingRequest, agent, sessionId, file, out);
      pendingRequest = undefined;
    }
    const body = str(m.text) ?? '';
    if (kind === 'api_req_started') {
      sawRequest = true;
      pendingRequest = { ...m, index: i };
      const request = str(textJson(body)?.request);
      const cwd = request ? CWD_LINE.exec(request)?.[1] : undefined;
      out.cwd ??= cwd?.trim();
      return;
    }
    parseMessage(m, kind, body, { sawRequest, next }, push, out);
  });
  for (const e of out.events) {
    if (out.cwd) {
      e.cwd = out.cwd;
    }
  }
  const info = { ...(out.cwd ? { cwd: out.cwd } : {}), ...(out.title ? { title: out.title } : {}) };
  return { ok: true, sessionId, events: out.events, info };
}

/** The usage event of a finished `api_req_started` (none when it holds no count and no cost). */
function flushRequest(m: Json, agent: string, sessionId: string, file: string, out: Gathered): void {
  const info = textJson(str(m.text)) ?? {};
  const u = requestUsage(info, protocolOf(m));
  if (!u) {
    return;
  }
  const model = isObject(m.modelInfo) ? str(m.modelInfo.modelId) : undefined;
  // Stamped when the request is known to have ended: not before the events already given (its text, its tools).
  const prev = out.events.length ? out.events[out.events.length - 1].timestamp : 0;
  out.events.push({
    sessionId,
    agent,
    timestamp: Math.max(finiteNumber(m.ts) ?? 0, prev),
    kind: 'usage',
    text: '',
    usage: u.usage,
    ...(u.cost !== undefined ? { costUsd: u.cost } : {}),
    ...(model ? { model } : {}),
    origin: { file, offset: finiteNumber(m.index) ?? 0 },
  });
}

type Push = (k: EventKind, t: string, extra?: Partial<AgentEvent>) => void;

/** Where a message stands: whether a request was started before it, and the message after it (none when it is the last). */
interface Place {
  sawRequest: boolean;
  next?: Json;
}

/** True when `m` is the `api_req_failed` ask. */
const isRequestFailed = (m: Json | undefined): boolean => m?.type === 'ask' && m.ask === 'api_req_failed';

/** One message other than `api_req_started`. */
function parseMessage(m: Json, kind: string, body: string, { sawRequest, next }: Place, push: Push, out: Gathered): void {
  const model = isObject(m.modelInfo) ? str(m.modelInfo.modelId) : undefined;
  const withModel = model ? { model } : {};
  if (m.type === 'say') {
    if (kind === 'task' || kind === 'user_feedback' || kind === 'user_feedback_diff' || (kind === 'text' && !sawRequest)) {
      if (body.trim()) {
        out.title ??= clean(body.trim().split('\n', 1)[0]).slice(0, 100);
        push('user', body);
      }
    } else if (ASSISTANT_SAYS.has(kind)) {
      if (body.trim()) {
        push('assistant', body, withModel);
      }
    } else if (TOOL_CALLS.has(kind)) {
      const t = toolOf(kind, body);
      push('tool_call', `${t.name} ${body}`, { toolName: t.name, toolInputHash: hashToolInput(t.input) });
    } else if (TOOL_RESULTS.has(kind)) {
      push('tool_result', body);
    } else if (TOOL_ERRORS.has(kind)) {
      push('tool_result', body || kind, { isError: true });
    } else if (kind === 'error' || kind === 'condense_context_error') {
      const e = errorInfo(body || kind);
      push('error', e.text, { isError: true, ...e.status, ...withModel });
    } else if (kind === 'error_retry') {
      // Cline's automatic retry notice: {attempt, maxAttempts, delaySeconds, errorMessage, failed?}. The last one
      // (`failed: true`) is usually followed by the `api_req_failed` ask with the same error, which gives the event; when
      // something else follows (the CLI's `resume_task` after a dropped stream), the notice itself is the final error and
      // ends the turn. While it is the last message of the file, what follows is not known yet: nothing.
      const j = textJson(body) ?? {};
      const e = errorInfo(str(j.errorMessage) ?? body);
      if (j.failed !== true) {
        const attempt = finiteNumber(j.attempt);
        const of = finiteNumber(j.maxAttempts);
        const where = attempt !== undefined && of !== undefined ? ` (retry ${attempt}/${of})` : '';
        push('error', `${e.text}${where}`, { isError: true, ...e.status, ...withModel });
      } else if (next && !isRequestFailed(next)) {
        push('error', `${e.text} (retries exhausted)`, { isError: true, endsTurn: true, ...e.status, ...withModel });
      }
    } else if (kind === 'api_req_retry_delayed') {
      const r = retryNotice(body);
      if (r.message) {
        push('error', r.message, { isError: true, ...(r.status ? { httpStatus: r.status } : errorInfo(r.message).status) });
      }
    } else if (kind === 'api_req_retried') {
      push('system', 'API request retried');
    } else if (kind === 'condense_context' || kind === 'sliding_window_truncation' || kind === 'compaction') {
      push('system', 'Context condensed', { compaction: true });
    }
    return;
  }
  // ask
  if (kind === 'followup' || kind === 'plan_mode_respond' || kind === 'act_mode_respond') {
    const t = askText(body);
    if (t.trim()) {
      push('assistant', t, withModel);
    }
  } else if (TOOL_CALLS.has(kind)) {
    const t = toolOf(kind, body);
    push('tool_call', `${t.name} ${body}`, { toolName: t.name, toolInputHash: hashToolInput(t.input) });
  } else if (kind === 'command_output') {
    push('tool_result', body); // the Cline CLI asks with the output of a finished command
  } else if (kind === 'api_req_failed') {
    const e = errorInfo(body || 'API request failed');
    push('error', e.text, { isError: true, endsTurn: true, ...e.status, ...withModel });
  } else if (kind === 'mistake_limit_reached') {
    push('error', `Mistake limit reached: ${body}`, { isError: true, endsTurn: true, ...withModel });
  }
}

/**
 * An error as Cline records it: the text, or JSON `{message, status?, code?, modelId, providerId, details?}` (the
 * provider's error serialized). Gives the text shown (`message (code)`) and the `httpStatus` (the JSON's `status`, else
 * one the text names).
 */
export function errorInfo(raw: string): { text: string; status: Partial<AgentEvent> } {
  const j = textJson(raw);
  const message = j ? str(j.message) : undefined;
  const code = j ? (str(j.code) ?? (finiteNumber(j.code) !== undefined ? String(j.code) : undefined)) : undefined;
  const text = message !== undefined ? `${message}${code && !message.includes(code) ? ` (${code})` : ''}` : raw;
  const status = (j && finiteNumber(j.status)) ?? statusIn(text);
  return { text, status: status !== undefined && status >= 100 && status < 600 ? { httpStatus: status } : {} };
}
