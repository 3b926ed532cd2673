/**
 * Gemini CLI's own error reports as a {@link TranscriptKind}. A headless run (`gemini -p`) that gives up on an API error
 * leaves it only on stdout and in a report, not in its session file. Source: Gemini CLI 0.61.0,
 * packages/core/src/utils/errorReporting.ts `reportError`: the file is `<os.tmpdir()>/gemini-client-error-<where>-<ISO time
 * with : and . as ->.json`, pretty-printed JSON `{ "error": { "message", "stack"? }, "context"?: [the request history] }`.
 * The message of an API error is the API's JSON body (`{"error":{"code":429,"message":...,"status":...}}`).
 * One report is one failed run: it becomes a session of its own, named after the file, with one `error` event.
 * Pure module.
 */
import { clipText, type AgentEvent } from '../../model/event';
import { statusIn } from '../../detection/status';
import { TranscriptFile, TranscriptFileCollector, listNames } from '../../ingest/discovery';
import { redactSecrets } from '../../ingest/redact';
import type { DocumentFormat, DocumentResult, TranscriptKind } from '../../ingest/transcriptKind';
import type { FileAccess } from '../../ingest/tailer';

const REPORT_NAME = /^gemini-client-error-(.*?)-(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z)\.json$/;

/** The session id of a report: its file name without `.json` (`gemini-client-error-Turn.run-sendMessageStream-2026-...`). */
export function reportSessionId(path: string): string {
  return (path.split(/[\\/]/).pop() ?? path).replace(/\.json$/i, '');
}

/** Epoch ms of a report from its name (`...-2026-11-23T16-51-32-123Z.json`), or 0 when the name holds no time. */
export function reportTimeMs(path: string): number {
  const m = REPORT_NAME.exec(path.split(/[\\/]/).pop() ?? '');
  if (!m) {
    return 0;
  }
  const [d, t] = m[2].split('T');
  const [hh, mm, ss, ms] = t.replace(/Z$/, '').split('-');
  const when = Date.parse(`${d}T${hh}:${mm}:${ss}.${ms}Z`);
  return Number.isFinite(when) ? when : 0;
}

/** The API's HTTP status inside the message (`{"error":{"code":429,...}}`), else a status named in its text. */
function statusOf(message: string): number | undefined {
  const m = /"code"\s*:\s*(\d{3})\b/.exec(message);
  return m ? Number(m[1]) : statusIn(message);
}

/** The session's folder, from the workspace list Gemini CLI puts in the first turn of the history, if present. */
function cwdOf(context: unknown): string | undefined {
  const first = Array.isArray(context) ? (context[0] as { parts?: { text?: unknown }[] } | undefined) : undefined;
  const text = first?.parts?.find((p) => typeof p?.text === 'string')?.text as string | undefined;
  const m = text ? /\*\*Workspace Directories:\*\*\s*\n\s*- (\S[^\n]*)/.exec(text) : null;
  return m?.[1]?.trim();
}

/** Parses one report into one `error` event. Never throws: a file that is not a report is `ok: false` with the reason. */
export function parseErrorReport(text: string, file: string, fallbackSessionId: string): DocumentResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not JSON: ${(e as Error).message}` };
  }
  const error = (doc as { error?: { message?: unknown } } | null)?.error;
  if (!error || typeof error.message !== 'string') {
    return { ok: false, error: 'not a Gemini CLI error report (no error.message)' };
  }
  const sessionId = fallbackSessionId || reportSessionId(file);
  const message = redactSecrets(error.message);
  const event: AgentEvent = {
    sessionId,
    agent: 'gemini',
    timestamp: reportTimeMs(file),
    kind: 'error',
    text: clipText(message),
    httpStatus: statusOf(message),
    isError: true,
    origin: { file, offset: 0 },
  };
  const cwd = cwdOf((doc as { context?: unknown }).context);
  return { ok: true, sessionId, events: [event], info: { cwd, title: 'Gemini CLI error report' } };
}

/** The report format for the document reader. */
export const geminiErrorReportFormat: DocumentFormat = { agent: 'gemini', parseDocument: parseErrorReport };

/** Lists the reports directly in `roots` (temp folders) modified at or after `sinceMs`, newest first. Never throws. */
export async function discoverErrorReports(fs: FileAccess, roots: readonly string[], sinceMs: number): Promise<TranscriptFile[]> {
  const found = new TranscriptFileCollector(fs, sinceMs);
  for (const root of roots) {
    for (const name of await listNames(fs, root)) {
      if (/^gemini-client-error-.*\.json$/.test(name)) {
        await found.add(fs.join(root, name), reportSessionId(name));
      }
    }
  }
  return found.newestFirst();
}

/** Gemini CLI error reports in the temp folder (the host's `os.tmpdir()`, which the CLI writes to). */
export const geminiErrorReportKind: TranscriptKind = {
  id: 'gemini-errors',
  agent: 'gemini',
  label: 'Gemini CLI error reports',
  reader: 'document',
  format: geminiErrorReportFormat,
  defaultRoots: (ctx) => [ctx.tmpdir || ctx.env.TMPDIR || ctx.env.TEMP || ctx.env.TMP || '/tmp'],
  watchGlob: 'gemini-client-error-*.json',
  discover: (fs, roots, sinceMs) => discoverErrorReports(fs, roots, sinceMs),
  matchesPath: (path) => /(?:^|[\\/])gemini-client-error-[^\\/]*\.json$/.test(path),
  sniff: (head) => /^\s*\{\s*"error"\s*:\s*\{\s*"message"\s*:/.test(head) && /gemini/i.test(head),
};
