/**
 * Alerts about plan limits, for the existing alerting rules (silences, tiered cooldowns with inhibition, grouping: see
 * ../alerting/alertCenter.ts): one per account and window when its used share crosses a threshold (80 % MEDIUM, 95 %
 * HIGH by default) or when the pace forecast reaches the limit before the window resets (MEDIUM). Fleet-wide alerts
 * (session ""), typed `usage_limit:<account>:<window>` so each window has its own cooldown; a rise from MEDIUM to HIGH
 * notifies again, a repeat within the cooldown does not. Pure module.
 */
import type { Alert } from '../alerting/cooldowns';
import type { Severity } from '../model/failures';
import { LimitGauge, windowLabel } from './gauge';
import type { PaceForecast } from './paceForecast';

/** A threshold: at or above `percent` used, an alert of `level`. */
export interface LimitThreshold {
  percent: number;
  level: Severity;
}

/** The default thresholds. */
export const DEFAULT_LIMIT_THRESHOLDS: readonly LimitThreshold[] = [
  { percent: 95, level: 'HIGH' },
  { percent: 80, level: 'MEDIUM' },
];

/** The alert type of a window. */
export function limitAlertType(g: Pick<LimitGauge, 'account' | 'window'>): string {
  return `usage_limit:${g.account}:${g.window}`;
}

/**
 * The alerts of `rows` (latest gauge per account and window, with its forecast): the highest threshold crossed, else a
 * forecast that reaches the limit before the reset. `clock(ms)` prints a time for the title.
 */
export function limitAlerts(
  rows: readonly { gauge: LimitGauge; forecast?: PaceForecast }[],
  clock: (ms: number) => string,
  thresholds: readonly LimitThreshold[] = DEFAULT_LIMIT_THRESHOLDS,
): Alert[] {
  const out: Alert[] = [];
  const sorted = [...thresholds].sort((a, b) => b.percent - a.percent);
  for (const { gauge: g, forecast: f } of rows) {
    const label = `${g.account} ${windowLabel(g)}`;
    const crossed = sorted.find((t) => g.usedPercent >= t.percent);
    if (crossed) {
      out.push({
        sessionId: '',
        type: limitAlertType(g),
        level: crossed.level,
        title: `${label} limit at ${Math.round(g.usedPercent)} %`,
        sessionLabel: '',
      });
    } else if (f && f.beforeReset && f.resetsAt !== undefined) {
      out.push({
        sessionId: '',
        type: limitAlertType(g),
        level: 'MEDIUM',
        title: `At this pace the ${label} limit is reached at ${clock(f.hitsAt)}, before it resets at ${clock(f.resetsAt)}`,
        sessionLabel: '',
      });
    }
  }
  return out;
}
