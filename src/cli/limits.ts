/**
 * What `session-doctor limits` and `statusline` share: the limit gauges found on this machine (the status-line records in
 * the spool, the newest Codex rollouts' `rate_limits`), their pace forecasts, and how they are printed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CodexParseState, parseCodexLine } from '../core/agents/codex/rollout';
import { LimitGauge, latestGauges, windowLabel } from '../core/limits/gauge';
import type { HaltedInfo } from '../core/limits/haltedSessions';
import { LimitRecord, parseLimitRecord, windowSamples } from '../core/limits/limitRecord';
import { parseLimitMessage } from '../core/limits/limitMessages';
import { UsageSample, forecastPace } from '../core/limits/paceForecast';
import type { FindingSnapshot } from '../core/model/snapshot';
import { clockTime, duration, forecastText } from './limitsText';
import { limitsFolder } from './statusline';

import type { GaugeRow } from './limitsText';

export type { GaugeRow } from './limitsText';

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

/** The latest gauge of each account and window with its pace forecast from all readings of that window. */
export function gaugeRows(records: readonly LimitRecord[], codex: readonly LimitGauge[], nowMs: number): GaugeRow[] {
  const all = [...records.flatMap((r) => r.gauges), ...codex];
  return latestGauges(all, nowMs).map((gauge) => {
    const samples: UsageSample[] = [
      ...records.flatMap((r) => (r.gauges.some((g) => g.account === gauge.account) ? windowSamples(r, gauge.window) : [])),
      ...codex
        .filter((g) => g.account === gauge.account && g.window === gauge.window)
        .map((g) => ({ at: g.observedAt, usedPercent: g.usedPercent })),
    ];
    const forecast = gauge.usedPercent < 100 ? forecastPace(samples, nowMs, gauge.resetsAt) : undefined;
    return forecast ? { gauge, forecast } : { gauge };
  });
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

/** The limit readings of this machine: the spool's status-line records and the Codex rollouts of the last week. */
export function readMachineLimits(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
  nowMs: number,
  spool: string,
): { records: LimitRecord[]; codex: LimitGauge[]; rows: GaugeRow[] } {
  const records = readLimitRecords(limitsFolder(spool));
  const codex = readCodexGauges(path.join(env.CODEX_HOME || path.join(home, '.codex'), 'sessions'), nowMs - 7 * 86_400_000);
  return { records, codex, rows: gaugeRows(records, codex, nowMs) };
}

/**
 * The report's "Usage limits" section (Markdown): one table row per account and window (used %, window, reset, pace
 * forecast), then the sessions halted by a usage limit with when each can resume. Empty string when there is neither.
 */
export function limitsReportSection(rows: readonly GaugeRow[], halted: readonly HaltedInfo[], nowMs: number, timeZone?: string): string {
  if (rows.length === 0 && halted.length === 0) {
    return '';
  }
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  let out = '## Usage limits\n\n';
  if (rows.length > 0) {
    out += '| Account | Window | Used | Resets | Pace |\n|---|---|---|---|---|\n';
    for (const r of rows) {
      const g = r.gauge;
      const resets = g.resetsAt !== undefined ? `${clockTime(g.resetsAt, nowMs, timeZone)} (in ${duration(g.resetsAt - nowMs)})` : '';
      out += `| ${cell(g.account)} | ${windowLabel(g)} | ${Math.round(g.usedPercent)}% | ${resets} | ${cell(forecastText(r, nowMs, timeZone))} |\n`;
    }
  }
  if (halted.length > 0) {
    out += `${rows.length > 0 ? '\n' : ''}Halted by a usage limit:\n\n`;
    for (const h of halted) {
      const when = h.resetsAt
        ? `can resume at ${clockTime(h.resetsAt, nowMs, timeZone)}${h.resetsAt > nowMs ? ` (in ${duration(h.resetsAt - nowMs)})` : ' (the reset has passed)'}${h.estimated ? ', estimated' : ''}`
        : 'reset time unknown';
      out += `- ${cell(h.agent)} ${cell(h.project)} \`${h.sessionId.slice(0, 8)}\`: ${when}\n`;
    }
  }
  return out;
}
