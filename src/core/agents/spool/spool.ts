/**
 * The spool: a folder of `*.jsonl` files that agent hooks (or any tool) append one JSON object a line to. Two shapes:
 *
 * 1. Claude Code hook payloads, as Claude Code 2.x writes them to a hook command's standard input (docs: "Hooks
 *    reference", hook input): common fields `session_id`, `transcript_path`, `cwd`, `hook_event_name`, and per event
 *    - `Notification`: `message` ("Claude needs your permission to use Bash", "Claude is waiting for your input"),
 *      `notification_type` in newer versions -> a `system` event with `waitingForUser`;
 *    - `Stop` / `SubagentStop`: the turn ended -> `system`, `waitingForUser` (Stop only);
 *    - `PreCompact`: `trigger` (`manual` | `auto`) -> `system` with `compaction` (ends a context-overflow finding);
 *    - `SessionEnd` (`reason`) -> `system`;
 *    - `StopFailure` (the turn ended on an API error: `error` code such as `rate_limit`, `last_assistant_message`), any
 *      event whose name says it failed, or any payload with an `error` field -> an `error` event;
 *    - `SessionStart`, `PreToolUse`, `PostToolUse`, `UserPromptSubmit`: no event (the transcript has them; a session
 *      created from the spool before its transcript would be tied to the spool file);
 *    - other hook events: a `system` event naming the hook.
 *    An optional `ts` (epoch ms, added by the hook snippet in the README) dates the event; without it the event is
 *    dated when it is read.
 * 2. Plain records, like the `ingestEvent` API: `{ "sessionId": "...", "text": "...", "budgetUsed"?: 0.5, "agent"?: "codex",
 *    "ts"?: 1767225600000 }` -> an `error` event (classified by the detector), `budgetUsed` (USD) added to the cost.
 *
 * Pure module: no `vscode`, no Node built-ins.
 */
import type { AgentEvent, AgentKind, EventOrigin } from '../../model/event';
import { isAgentId } from '../index';
import { clipText } from '../../model/event';
import { TranscriptFile, TranscriptFileCollector, listNames } from '../../ingest/discovery';
import type { TranscriptKind } from '../../ingest/transcriptKind';
import { redactSecrets } from '../../ingest/redact';
import { statusIn } from '../../detection/status';
import type { FileAccess, LineResult, TranscriptFormat } from '../../ingest/tailer';

/** HTTP statuses of Claude Code's `StopFailure` error codes (its hook matcher values). */
const STOP_FAILURE_STATUS: Readonly<Record<string, number>> = {
  rate_limit: 429,
  overloaded: 529,
  authentication_failed: 401,
  oauth_org_not_allowed: 403,
  billing_error: 402,
  invalid_request: 400,
};

/** Hook events that are in the transcript already (no event from the spool). */
const IGNORED_HOOKS = new Set(['SessionStart', 'PreToolUse', 'PostToolUse', 'UserPromptSubmit', 'PermissionRequest']);

/**
 * Parses one spool line into events. Never throws: a line that is not a JSON object of either shape is `ok: false` with
 * the reason (the tailer counts it as a skipped line).
 */
export function parseSpoolLine(line: string, origin: EventOrigin): LineResult {
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch (e) {
    return { ok: false, error: `not JSON: ${(e as Error).message}` };
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) {
    return { ok: false, error: 'not a JSON object' };
  }
  const r = o as Record<string, unknown>;
  const str = (k: string): string | undefined => (typeof r[k] === 'string' && (r[k] as string).trim() ? (r[k] as string) : undefined);
  const ts = typeof r.ts === 'number' && Number.isFinite(r.ts) && r.ts > 0 ? r.ts : 0;
  const agent = isAgentId(r.agent) ? r.agent : undefined;

  const hook = str('hook_event_name');
  if (hook) {
    const sessionId = str('session_id');
    if (!sessionId) {
      return { ok: false, error: `hook payload ${hook} without session_id` };
    }
    // No `info`: the events carry their session and agent themselves (one spool file holds many sessions and agents).
    const info = {};
    const base = { sessionId, agent: agent ?? ('claude-code' as AgentKind), timestamp: ts, origin, cwd: str('cwd') };
    const make = (kind: AgentEvent['kind'], text: string, extra: Partial<AgentEvent> = {}): AgentEvent => ({
      ...base,
      kind,
      text: clipText(redactSecrets(text)),
      ...extra,
    });
    const error = str('error') ?? (typeof r.error === 'object' && r.error ? JSON.stringify(r.error) : undefined);
    if (error || /fail|error/i.test(hook)) {
      // StopFailure (Claude Code 2.1): `error` is a code (rate_limit, overloaded, authentication_failed, billing_error,
      // invalid_request, ...), `last_assistant_message` the "API Error: ..." line the user saw.
      const detail = str('last_assistant_message') ?? str('error_details') ?? str('message') ?? str('reason') ?? '';
      const text = `${hook} (${error ?? 'failed'})${detail ? `: ${detail}` : ''}`;
      return {
        ok: true,
        info,
        events: [make('error', text, { isError: true, httpStatus: statusIn(text) ?? (error ? STOP_FAILURE_STATUS[error] : undefined) })],
      };
    }
    switch (hook) {
      case 'Notification': {
        const message = str('message') ?? 'Notification';
        return { ok: true, info, events: [make('system', `Notification: ${message}`, { waitingForUser: true })] };
      }
      case 'Stop':
        return { ok: true, info, events: [make('system', 'Turn ended (Stop hook); waiting for the user', { waitingForUser: true })] };
      case 'SubagentStop':
        return { ok: true, info, events: [make('system', 'Subagent finished (SubagentStop hook)', { sidechain: true })] };
      case 'PreCompact':
        return { ok: true, info, events: [make('system', `Compacting the context (${str('trigger') ?? 'auto'})`, { compaction: true })] };
      case 'SessionEnd':
        return { ok: true, info, events: [make('system', `Session ended (${str('reason') ?? 'exit'})`)] };
      default:
        return { ok: true, info, events: IGNORED_HOOKS.has(hook) ? [] : [make('system', `${hook} hook`)] };
    }
  }

  const sessionId = str('sessionId');
  const text = str('text');
  if (!sessionId || !text) {
    return { ok: false, error: 'neither a hook payload (hook_event_name, session_id) nor a record with sessionId and text' };
  }
  const budget = typeof r.budgetUsed === 'number' && Number.isFinite(r.budgetUsed) && r.budgetUsed >= 0 ? r.budgetUsed : undefined;
  return {
    ok: true,
    info: {},
    events: [
      {
        sessionId,
        agent: agent ?? 'generic',
        timestamp: ts,
        kind: 'error',
        text: clipText(redactSecrets(text)),
        costUsd: budget,
        httpStatus: statusIn(text),
        origin,
      },
    ],
  };
}

/** The spool as a line format. */
export const spoolFormat: TranscriptFormat = {
  agent: 'generic',
  parseLine: (line, origin) => parseSpoolLine(line, origin),
};

/** Lists the `*.jsonl` files directly in the spool folders modified at or after `sinceMs`. Never throws. */
export async function discoverSpoolFiles(fs: FileAccess, roots: readonly string[], sinceMs: number): Promise<TranscriptFile[]> {
  const found = new TranscriptFileCollector(fs, sinceMs);
  for (const root of roots) {
    for (const name of await listNames(fs, root)) {
      if (name.endsWith('.jsonl')) {
        await found.add(fs.join(root, name), `spool-${name.slice(0, -'.jsonl'.length)}`);
      }
    }
  }
  return found.newestFirst();
}

/**
 * The spool folder as a transcript kind (not in `TRANSCRIPT_KINDS`: it is no agent's own file; the extension adds it
 * when `sessionDoctor.spool.folder` is set). Its roots are the spool folder.
 */
export const spoolKind: TranscriptKind = {
  id: 'spool',
  agent: 'generic',
  label: 'Spool (hook events)',
  reader: 'lines',
  format: spoolFormat,
  defaultRoots: (ctx) => [ctx.join(ctx.home, '.session-doctor', 'spool')],
  discover: (fs, roots, sinceMs) => discoverSpoolFiles(fs, roots, sinceMs),
  matchesPath: (path) => /[\\/]\.session-doctor[\\/]spool[\\/][^\\/]+\.jsonl$/.test(path),
  sniff: (head) => /^\s*\{.*"hook_event_name"\s*:/.test(head),
};

/** Checks the arguments of `ingestEvent`: a non-empty session id (at most 200 characters), a non-empty text, a budget >= 0 (USD). Throws `Error` with the reason. */
export function checkIngestArgs(
  sessionId: unknown,
  text: unknown,
  budgetUsed: unknown,
): { sessionId: string; text: string; budgetUsed?: number } {
  if (typeof sessionId !== 'string' || !sessionId.trim() || sessionId.length > 200) {
    throw new Error('ingestEvent: the session id must be a non-empty string of at most 200 characters.');
  }
  if (typeof text !== 'string' || !text.trim()) {
    throw new Error('ingestEvent: the text must be a non-empty string.');
  }
  if (budgetUsed !== undefined && (typeof budgetUsed !== 'number' || !Number.isFinite(budgetUsed) || budgetUsed < 0)) {
    throw new Error('ingestEvent: budgetUsed must be a number of USD, 0 or more.');
  }
  return { sessionId: sessionId.trim(), text, budgetUsed: budgetUsed as number | undefined };
}
