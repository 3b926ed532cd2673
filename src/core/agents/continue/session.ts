/**
 * Continue's session files (`~/.continue/sessions/<uuid>.json`, written by the Continue CLI `cn`) -> {@link AgentEvent}s:
 * a document parser (the file is one JSON object the CLI rewrites whole). Pure module: no `vscode`, no Node built-ins.
 *
 * Source: files the real `@continuedev/cli` 1.5.47 wrote (test/fixtures/continue, PROVENANCE.md); FORMAT.md beside
 * this file lists the fields and what each becomes. Shape: `{sessionId, title, workspaceDirectory, history: [{message:
 * {role: "user"|"assistant"|"tool"|"system", content (a string or parts `{type: "text", text}`), toolCalls?: [{id,
 * function: {name, arguments (a JSON string)}}], usage?: {prompt_tokens, completion_tokens, model, cost_cents,
 * prompt_tokens_details?: {cached_tokens}}}, toolCallStates?: [{toolCallId, status: "done"|"errored"|..., output:
 * [{content}]}]}], usage}`. The file holds no time stamps: events get the time they are read.
 */
import { AgentEvent, EventKind, TokenUsage, hashToolInput } from '../../model/event';
import type { DocumentResult } from '../../ingest/transcriptKind';
import { Json, cleanText as clean, finiteNumber, isObject, str } from '../../ingest/jsonLine';

/** The title the CLI gives a session it has not named yet (not shown as a title). */
const UNTITLED = 'Untitled Session';

type Push = (kind: EventKind, text: string, extra?: Partial<AgentEvent>) => void;

/** The text of a message's content: a string, or its `text` parts joined. */
function contentText(content: unknown): string {
  if (typeof content === 'string') {
    return content;
  }
  return Array.isArray(content)
    ? content
        .filter((p): p is Json => isObject(p) && p.type === 'text')
        .map((p) => str(p.text) ?? '')
        .join('\n')
    : '';
}

/**
 * A message's `usage` (OpenAI-style counts: `prompt_tokens` includes the cached ones, `prompt_tokens_details.cached_tokens`)
 * as tokens, and its `cost_cents` as USD when above 0; undefined when it counts nothing.
 */
export function continueUsage(u: unknown): { usage: TokenUsage; cost?: number } | undefined {
  if (!isObject(u)) {
    return undefined;
  }
  const n = (v: unknown): number => Math.max(0, finiteNumber(v) ?? 0);
  const cached = isObject(u.prompt_tokens_details) ? n(u.prompt_tokens_details.cached_tokens) : 0;
  const usage = { input: Math.max(0, n(u.prompt_tokens) - cached), output: n(u.completion_tokens), cacheRead: cached, cacheCreation: 0 };
  if (usage.input + usage.output + usage.cacheRead === 0) {
    return undefined;
  }
  const cents = finiteNumber(u.cost_cents);
  return cents !== undefined && cents > 0 ? { usage, cost: cents / 100 } : { usage };
}

/** A tool call's arguments: the parsed JSON object of its `arguments` string, or the string itself. */
function toolArgs(raw: unknown): unknown {
  if (typeof raw !== 'string') {
    return isObject(raw) ? raw : {};
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** An assistant message: its text (with usage), each tool call, then each tool call's result from `toolCallStates`. */
function parseAssistant(item: Json, m: Json, push: Push): void {
  const u = continueUsage(m.usage);
  const model = isObject(m.usage) ? str(m.usage.model) : undefined;
  const withModel = model ? { model } : {};
  const usage = u ? { usage: u.usage, ...(u.cost !== undefined ? { costUsd: u.cost } : {}) } : {};
  const text = contentText(m.content);
  if (text.trim()) {
    push('assistant', text, { ...withModel, ...usage });
  } else if (u) {
    push('usage', '', { ...withModel, ...usage });
  }
  const calls = Array.isArray(m.toolCalls) ? m.toolCalls.filter(isObject) : [];
  for (const c of calls) {
    const fn = isObject(c.function) ? c.function : {};
    const name = str(fn.name) ?? 'tool';
    const args = toolArgs(fn.arguments);
    push('tool_call', `${name} ${typeof args === 'string' ? args : JSON.stringify(args)}`, {
      toolName: name,
      toolInputHash: hashToolInput(args),
      ...withModel,
    });
  }
  const states = Array.isArray(item.toolCallStates) ? item.toolCallStates.filter(isObject) : [];
  for (const s of states) {
    const status = str(s.status);
    if (status !== 'done' && status !== 'errored' && status !== 'canceled') {
      continue; // still running or waiting for permission: its result comes with a later rewrite
    }
    const output = Array.isArray(s.output) ? s.output.filter(isObject).map((o) => str(o.content) ?? '') : [];
    const name = isObject(s.toolCall) && isObject(s.toolCall.function) ? str(s.toolCall.function.name) : undefined;
    push('tool_result', output.join('\n') || `${name ?? 'tool'}: ${status}`, status === 'done' ? {} : { isError: true });
  }
}

/**
 * Parses a whole Continue session file. `fallbackSessionId` is the UUID of the file name. `ok: false` with the reason
 * when the text is not a JSON object with a `history` array; a history item that is not an object is skipped. Texts are
 * redacted and clipped. Never throws.
 */
export function parseContinueSession(text: string, file: string, fallbackSessionId: string): DocumentResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return { ok: false, error: `not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (!isObject(doc) || !Array.isArray(doc.history)) {
    return { ok: false, error: 'not a Continue session (no history array)' };
  }
  const sessionId = str(doc.sessionId) || fallbackSessionId;
  const events: AgentEvent[] = [];
  const base = { sessionId, agent: 'continue', timestamp: 0 };
  for (const [i, item] of doc.history.entries()) {
    if (!isObject(item) || !isObject(item.message)) {
      continue;
    }
    const push: Push = (kind, t, extra = {}) => events.push({ ...base, origin: { file, offset: i }, kind, text: clean(t), ...extra });
    const m = item.message;
    const role = str(m.role);
    if (role === 'user') {
      const t = contentText(m.content);
      if (t.trim()) {
        push('user', t);
      }
    } else if (role === 'assistant') {
      parseAssistant(item, m, push);
    } else if (role === 'tool') {
      push('tool_result', contentText(m.content) || 'tool result');
    }
  }
  const cwd = str(doc.workspaceDirectory);
  const title = str(doc.title);
  return {
    ok: true,
    sessionId,
    events,
    info: { ...(cwd ? { cwd } : {}), ...(title && title !== UNTITLED ? { title } : {}) },
  };
}
