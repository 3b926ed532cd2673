/**
 * How limit gauges and forecasts are printed (`session-doctor limits`, `report`, `statusline`; the extension's tooltip,
 * Sessions view rows and report): window labels, clock times in a zone, durations, the forecast in words, the gauges
 * table. Pure and light on purpose (only src/core/limits): the status line loads it on every update.
 */
import { LimitGauge, windowLabel } from './gauge';
import type { PaceForecast } from './paceForecast';
import { WallTime, wallTimeAt } from './zonedTime';

/** A gauge with its forecast. */
export interface GaugeRow {
  gauge: LimitGauge;
  forecast?: PaceForecast;
}

/** `5h`, `7d`: the window's label without the space. */
export function shortWindow(g: Pick<LimitGauge, 'window' | 'windowMinutes'>): string {
  return windowLabel(g).replace(' ', '');
}

/**
 * `15:40` today, `Dec 4 15:40` on another day, in `timeZone`; without one, in the process's local zone (`TZ`, else the
 * machine's) read through `Date`'s local getters, which spares the status line the cost of building an Intl formatter.
 */
export function clockTime(ms: number, nowMs: number, timeZone?: string): string {
  const w = timeZone === undefined ? localWallTime(ms) : wallTimeAt(ms, timeZone);
  const n = timeZone === undefined ? localWallTime(nowMs) : wallTimeAt(nowMs, timeZone);
  if (!w || !n) {
    return new Date(ms).toISOString();
  }
  const hm = `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
  const sameDay = w.year === n.year && w.month === n.month && w.day === n.day;
  return sameDay ? hm : `${MONTHS[w.month - 1]} ${w.day} ${hm}`;
}

function localWallTime(ms: number): WallTime | undefined {
  const d = new Date(ms);
  return Number.isNaN(d.getTime())
    ? undefined
    : { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hour: d.getHours(), minute: d.getMinutes() };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `1 h 05 min`, `12 min`, `40 s`. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) {
    return `${s} s`;
  }
  const m = Math.round(s / 60);
  if (m < 60) {
    return `${m} min`;
  }
  const h = Math.floor(m / 60);
  return h >= 48 ? `${Math.round(h / 24)} d` : `${h} h ${String(m % 60).padStart(2, '0')} min`;
}

/** The forecast in words: "at this pace the 5 h limit is reached at 15:40, 50 min before it resets". */
export function forecastText(row: GaugeRow, nowMs: number, timeZone?: string): string {
  const f = row.forecast;
  if (!f) {
    return '';
  }
  const label = windowLabel(row.gauge);
  if (!f.beforeReset) {
    return `at this pace the ${label} window resets before its limit`;
  }
  const when = clockTime(f.hitsAt, nowMs, timeZone);
  return f.resetsAt !== undefined
    ? `at this pace the ${label} limit is reached at ${when}, ${duration(f.marginMs)} before it resets`
    : `at this pace the ${label} limit is reached at ${when}`;
}

/** The gauges as a table: account, window, used, resets, forecast. */
export function renderGauges(rows: readonly GaugeRow[], nowMs: number, timeZone?: string): string {
  if (rows.length === 0) {
    return "No limit readings yet (set `session-doctor statusline` as Claude Code's statusLine; Codex writes them into its rollouts).\n";
  }
  const lines = rows.map((r) => {
    const g = r.gauge;
    const resets = g.resetsAt !== undefined ? `resets ${clockTime(g.resetsAt, nowMs, timeZone)} (in ${duration(g.resetsAt - nowMs)})` : '';
    const bar = '█'.repeat(Math.min(10, Math.round(g.usedPercent / 10))).padEnd(10, '░');
    return [
      g.account.padEnd(14),
      windowLabel(g).padEnd(6),
      `${bar} ${Math.round(g.usedPercent)}%`.padEnd(16),
      resets,
      forecastText(r, nowMs, timeZone),
    ]
      .filter(Boolean)
      .join('  ');
  });
  return lines.join('\n') + '\n';
}
