/**
 * The report's "Usage limits" section, shared by `session-doctor report` and the extension's Show Report: one Markdown
 * table row per account and window (used %, reset with its countdown, pace forecast in words), then the sessions halted
 * by a usage limit with when each can resume. Input: the status-line records of the spool (Claude Code's `statusLine`
 * payload, see ./statusLine.ts) and the Codex gauges read from its rollouts (see ./codexRateLimits.ts). Pure module.
 */
import { LimitGauge, latestGauges, windowLabel } from './gauge';
import { HaltedInfo, haltedSessions } from './haltedSessions';
import { LimitRecord, windowSamples } from './limitRecord';
import { GaugeRow, clockTime, duration, forecastText } from './limitsText';
import { UsageSample, forecastPace } from './paceForecast';
import type { SessionSnapshot } from '../model/snapshot';

/**
 * The latest gauge of each account and window (readings older than their window are dropped, see latestGauges) with
 * its pace forecast from every reading of that window: the records' histories and the Codex readings. No forecast for a
 * used-up window or when the history shows no rise.
 */
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
 * The "Usage limits" section (Markdown, starting with `## Usage limits`) from gauge rows and halted sessions; clock
 * times in `timeZone` (default: the process's zone). Empty string when there is neither.
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

/**
 * The whole section for a report: gauge rows from the readings, the halted ones among `sessions` (their reset from the
 * limit message, else from the account's used-up window), rendered by {@link limitsReportSection}.
 */
export function usageLimitsSection(
  records: readonly LimitRecord[],
  codex: readonly LimitGauge[],
  sessions: readonly SessionSnapshot[],
  nowMs: number,
  timeZone?: string,
): string {
  const halted = haltedSessions(sessions, latestGauges([...records.flatMap((r) => r.gauges), ...codex], nowMs), timeZone);
  return limitsReportSection(gaugeRows(records, codex, nowMs), halted, nowMs, timeZone);
}
