/**
 * `session-doctor statusline`: Claude Code's `statusLine` command. Claude Code writes its status-line payload (JSON, see
 * src/core/limits/statusLine.ts) to the command's standard input on each update; this prints one compact line (health,
 * context %, the 5-hour and 7-day windows with their reset times and the pace forecast, cost) and records the payload in
 * the spool (`<spool folder>/limits/<session id>.json`, see src/core/limits/limitRecord.ts), so the extension and
 * `session-doctor limits` see the limits of every running session. Bad input prints a short line and records nothing;
 * it never fails Claude Code's status line. Kept light: no store, no engine (it runs on every status update).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { redactSecrets } from '../core/ingest/redact';
import { LimitGauge } from '../core/limits/gauge';
import { LimitRecord, parseLimitRecord, recordFileName, updateRecord, windowSamples } from '../core/limits/limitRecord';
import { forecastPace } from '../core/limits/paceForecast';
import { StatusLineSnapshot, parseStatusLine } from '../core/limits/statusLine';
import { clockTime, shortWindow } from '../core/limits/limitsText';

/** The spool folder: `$SESSION_DOCTOR_SPOOL`, else `~/.session-doctor/spool` (the default of `sessionDoctor.spool.folder`). */
export function spoolFolder(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const raw = env.SESSION_DOCTOR_SPOOL || path.join(home, '.session-doctor', 'spool');
  return raw === '~' ? home : raw.startsWith('~/') ? path.join(home, raw.slice(2)) : raw;
}

/** The folder of the limits records inside a spool folder. */
export function limitsFolder(spool: string): string {
  return path.join(spool, 'limits');
}

/** What one run of the status line did. */
export interface StatusLineRun {
  /** The line printed (no newline). */
  line: string;
  /** The record written, when the payload was good. */
  record?: LimitRecord;
  /** Why nothing was recorded. */
  error?: string;
}

/**
 * Handles one payload received at `nowMs`: reads the session's previous record, writes the updated one (atomically: a
 * temporary file renamed over it), returns the line. Never throws; an unwritable spool only loses the record.
 */
export function runStatusLine(input: string, spool: string, nowMs: number, timeZone?: string): StatusLineRun {
  const parsed = parseStatusLine(input, nowMs);
  if (!parsed.ok) {
    return { line: 'Session Doctor: no status (bad input)', error: parsed.error };
  }
  const snap = parsed.snapshot;
  const dir = limitsFolder(spool);
  const file = path.join(dir, recordFileName(snap.sessionId));
  let prev: LimitRecord | undefined;
  try {
    prev = parseLimitRecord(fs.readFileSync(file, 'utf8'));
  } catch {
    prev = undefined;
  }
  const record = updateRecord(prev, snap, nowMs);
  let error: string | undefined;
  try {
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(record));
    fs.renameSync(tmp, file);
  } catch (e) {
    error = `spool not written: ${(e as Error).message}`;
  }
  return { line: renderStatusLine(snap, record, nowMs, timeZone), record, ...(error ? { error } : {}) };
}

/** The compact line: `SD ok · ctx 25% · 5h 63% ↻15:40 · 7d 12% ↻Dec 4 · $0.42`, with `limit at 15:10` when the pace reaches it first. */
export function renderStatusLine(snap: StatusLineSnapshot, record: LimitRecord, nowMs: number, timeZone?: string): string {
  const parts = [`SD ${health(snap)}`];
  if (snap.contextUsedPercent !== undefined) {
    parts.push(`ctx ${Math.round(snap.contextUsedPercent)}%`);
  }
  for (const g of snap.gauges.filter((x) => x.window !== 'spend_limit')) {
    parts.push(gaugeText(g, record, nowMs, timeZone));
  }
  if (snap.costUsd !== undefined) {
    parts.push(`$${snap.costUsd.toFixed(2)}`);
  }
  return parts.join(' · ');
}

function gaugeText(g: LimitGauge, record: LimitRecord, nowMs: number, timeZone?: string): string {
  let s = `${shortWindow(g)} ${Math.round(g.usedPercent)}%`;
  if (g.resetsAt !== undefined) {
    s += ` ↻${clockTime(g.resetsAt, nowMs, timeZone)}`;
  }
  const f = g.usedPercent < 100 ? forecastPace(windowSamples(record, g.window), nowMs, g.resetsAt) : undefined;
  if (f && f.beforeReset) {
    s += ` (limit ${clockTime(f.hitsAt, nowMs, timeZone)})`;
  }
  return s;
}

/** `limit` when a window is used up, `warn` at 80 % of a window or of the context, else `ok`. */
function health(snap: StatusLineSnapshot): string {
  const worst = Math.max(0, ...snap.gauges.map((g) => g.usedPercent));
  if (worst >= 100) {
    return 'limit';
  }
  return worst >= 80 || (snap.contextUsedPercent ?? 0) >= 80 ? 'warn' : 'ok';
}

/**
 * The status-line process (dist/statusline.js, the `session-doctor-statusline` executable, and the `statusline` fast path
 * of src/cli/index.ts): `args` are the words after the command (`--spool <folder>` or `--spool=<folder>`). Reads the
 * payload from standard input, writes the line to standard output (file descriptors, without building the stream
 * objects), the reason nothing was recorded to standard error. Clock times are in the process's zone (`TZ`, else the
 * machine's). Resolves to the exit code (always 0: a status line must not fail).
 */
export async function statusLineProcess(args: readonly string[]): Promise<number> {
  let spool: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--spool') {
      spool = args[++i];
    } else if (args[i].startsWith('--spool=')) {
      spool = args[i].slice('--spool='.length);
    }
  }
  const run = runStatusLine(await readStdin(), spool ?? spoolFolder(process.env, os.homedir()), Date.now());
  writeFd(1, redactSecrets(run.line) + '\n');
  if (run.error) {
    writeFd(2, `session-doctor statusline: ${redactSecrets(run.error)}\n`);
  }
  return 0;
}

/** Standard input as text: one blocking read of the pipe; through the stream when the descriptor is non-blocking. */
async function readStdin(): Promise<string> {
  try {
    return fs.readFileSync(0, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') {
      return '';
    }
  }
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) {
    chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Writes all of `text` to a descriptor; a closed reader (EPIPE) or any other error only loses the text. */
function writeFd(fd: number, text: string): void {
  try {
    fs.writeSync(fd, text);
  } catch {
    // the status line's reader left: nothing to tell anyone
  }
}
