/**
 * What the limits status bar item says: its text (the fullest window) and its Markdown tooltip (each gauge with its
 * reset and pace forecast, then each scheduled resume with its countdown). Pure module (no `vscode`), so plain mocha
 * tests it.
 */
import type { ScheduledResume } from '../../core/recovery/resumeAtReset';
import { GaugeRow, clockTime, duration, forecastText, shortWindow } from '../../core/limits/limitsText';

/** The item's text: `$(dashboard) 5h 63%` for the fullest window; undefined when there is no gauge. */
export function limitsStatusText(rows: readonly GaugeRow[]): string | undefined {
  if (rows.length === 0) {
    return undefined;
  }
  const worst = [...rows].sort((a, b) => b.gauge.usedPercent - a.gauge.usedPercent)[0].gauge;
  return `$(dashboard) ${shortWindow(worst)} ${Math.round(worst.usedPercent)}%`;
}

/** Whether the item should warn: a window at 80 % or more, or a forecast that reaches the limit before the reset. */
export function limitsWarn(rows: readonly GaugeRow[]): boolean {
  return rows.some((r) => r.gauge.usedPercent >= 80 || (r.forecast?.beforeReset && r.forecast.resetsAt !== undefined));
}

/** The tooltip: a gauges table and the resumes to come (Markdown, with user text escaped). */
export function limitsTooltipMarkdown(
  rows: readonly GaugeRow[],
  resumes: readonly ScheduledResume[],
  nowMs: number,
  timeZone?: string,
): string {
  const lines = ['**Usage limits**', '', '| Account | Window | Used | Resets | Pace |', '|---|---|---|---|---|'];
  for (const r of rows) {
    const g = r.gauge;
    const resets = g.resetsAt !== undefined ? `${clockTime(g.resetsAt, nowMs, timeZone)} (in ${duration(g.resetsAt - nowMs)})` : '';
    lines.push(
      `| ${esc(g.account)} | ${shortWindow(g)} | ${Math.round(g.usedPercent)}% | ${resets} | ${esc(forecastText(r, nowMs, timeZone))} |`,
    );
  }
  if (resumes.length > 0) {
    lines.push('', '**Resume at reset**', '');
    for (const e of resumes) {
      lines.push(
        `- ${esc(e.agent)} ${esc(e.sessionId.slice(0, 8))}: at ${clockTime(e.dueAt, nowMs, timeZone)} (in ${duration(e.dueAt - nowMs)})`,
      );
    }
  }
  return lines.join('\n');
}

function esc(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}
