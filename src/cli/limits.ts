/**
 * Reading the limit gauges found on this machine (the status-line records in the spool, the newest Codex rollouts'
 * `rate_limits`), for `session-doctor limits`, `report`, `watch`, the metrics exporter and the extension; what is done
 * with them (rows, forecasts, the report's section) is pure, in src/core/limits/limitsReport.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CodexParseState, parseCodexLine } from '../core/agents/codex/rollout';
import { LimitGauge } from '../core/limits/gauge';
import { LimitRecord, parseLimitRecord } from '../core/limits/limitRecord';
import { parseLimitMessage } from '../core/limits/limitMessages';
import { gaugeRows, usageLimitsSection } from '../core/limits/limitsReport';
import type { FindingSnapshot, SessionSnapshot } from '../core/model/snapshot';
import { GaugeRow, clockTime, duration } from '../core/limits/limitsText';
import { limitsFolder } from './statusline';

export type { GaugeRow } from '../core/limits/limitsText';
/** Re-exported for the readers of this module (the metrics exporter); defined in src/core/limits/limitsReport.ts. */
export { gaugeRows } from '../core/limits/limitsReport';

/** The records of the spool's limits folder (files that are not records are skipped). */
export function readLimitRecords(limitsDir: string): LimitRecord[] {
  let names: string[];
  try {
    names = fs.readdirSync(limitsDir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const out: LimitRecord[] = [];
  for (const n of names) {
    try {
      const r = parseLimitRecord(fs.readFileSync(path.join(limitsDir, n), 'utf8'));
      if (r) {
        out.push(r);
      }
    } catch {
      // unreadable: skipped
    }
  }
  return out;
}

/** Bytes read from the end of each rollout. */
const TAIL_BYTES = 256 * 1024;

/**
 * Codex readings from the rollouts under `sessionsDir` (`$CODEX_HOME/sessions`) written since `sinceMs`, newest 20
 * files, the last 256 KiB of each: every `token_count` with `rate_limits`, as gauges (the history feeds the forecast).
 */
export function readCodexGauges(sessionsDir: string, sinceMs: number): LimitGauge[] {
  const files: { file: string; mtime: number }[] = [];
  const walk = (dir: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && depth < 3) {
        walk(p, depth + 1);
      } else if (e.isFile() && /^rollout-.*\.jsonl$/.test(e.name)) {
        const mtime = fs.statSync(p).mtimeMs;
        if (mtime >= sinceMs) {
          files.push({ file: p, mtime });
        }
      }
    }
  };
  walk(sessionsDir, 0);
  const gauges: LimitGauge[] = [];
  for (const { file } of files.sort((a, b) => b.mtime - a.mtime).slice(0, 20)) {
    const sessionId = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/.exec(file)?.[1] ?? path.basename(file);
    const state = new CodexParseState();
    for (const line of tail(file).split('\n')) {
      if (!line.includes('"rate_limits"')) {
        continue;
      }
      const r = parseCodexLine(line, { file, offset: 0 }, sessionId, state);
      if (r.ok && r.info.rateLimits) {
        gauges.push(...r.info.rateLimits.gauges);
      }
    }
  }
  return gauges;
}

function tail(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const len = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(len);
    fs.readSync(fd, buf, 0, len, size - len);
    return buf.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * For `watch`: when a finding is a usage limit whose line names its reset, the line saying when the session can resume
 * (`  -> can resume at 15:44 (in 10 s)`) and the reset (epoch ms); undefined otherwise.
 */
export function resumeHint(
  f: Pick<FindingSnapshot, 'type' | 'lastText' | 'lastSeen'>,
  nowMs: number,
  timeZone?: string,
): { resetsAt: number; line: string } | undefined {
  if (f.type !== 'quota_exhausted') {
    return undefined;
  }
  const parsed = parseLimitMessage(f.lastText, { at: f.lastSeen, ...(timeZone ? { timeZone } : {}) });
  if (!parsed) {
    return undefined;
  }
  const wait = parsed.resetsAt > nowMs ? ` (in ${duration(parsed.resetsAt - nowMs)})` : ' (the reset has passed)';
  return {
    resetsAt: parsed.resetsAt,
    line: `  -> can resume at ${clockTime(parsed.resetsAt, nowMs, timeZone)}${wait}${parsed.estimated ? ', estimated' : ''}\n`,
  };
}

/**
 * The limit readings of this machine: the spool's status-line records (none when `spool` is empty: the spool is turned
 * off) and the Codex rollouts of the last week (`$CODEX_HOME/sessions`, else `<home>/.codex/sessions`).
 */
export function readMachineLimits(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
  nowMs: number,
  spool: string,
): { records: LimitRecord[]; codex: LimitGauge[]; rows: GaugeRow[] } {
  const records = spool ? readLimitRecords(limitsFolder(spool)) : [];
  const codex = readCodexGauges(path.join(env.CODEX_HOME || path.join(home, '.codex'), 'sessions'), nowMs - 7 * 86_400_000);
  return { records, codex, rows: gaugeRows(records, codex, nowMs) };
}

/**
 * The report's "Usage limits" section (Markdown; empty when there is nothing to say) from this machine's readings (see
 * {@link readMachineLimits}) and the sessions halted among `sessions`: what `session-doctor report` and the extension's
 * Show Report append to the engine's report. Clock times in `timeZone` (default: the process's zone).
 */
export function machineUsageLimitsSection(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
  nowMs: number,
  spool: string,
  sessions: readonly SessionSnapshot[],
  timeZone?: string,
): string {
  const m = readMachineLimits(env, home, nowMs, spool);
  return usageLimitsSection(m.records, m.codex, sessions, nowMs, timeZone);
}
