/**
 * Limit gauges: how much of a plan's usage window is used, per account and agent, and when the window resets. The
 * vocabulary shared by the Claude Code status-line payload, Codex rollouts' `rate_limits` and the forecasts. Pure module.
 */
import type { AgentKind } from '../model/event';

/** One usage window of one account as last seen. */
export interface LimitGauge {
  /** Plug-in id of the agent that reported it. */
  agent: AgentKind;
  /** The account the window belongs to: `<agent>` or `<agent>:<limit id>` (Codex names its meters). */
  account: string;
  /** Window id: `five_hour`, `seven_day` (Claude Code), `primary`, `secondary` (Codex), `spend_limit`. */
  window: string;
  /** Used share of the window, percent (0..100; may exceed 100 when over). */
  usedPercent: number;
  /** Length of the window, minutes (Claude Code: 300 and 10080; Codex: as the server sends it). */
  windowMinutes?: number;
  /** When the window resets, epoch ms. */
  resetsAt?: number;
  /** When this reading was taken, epoch ms. */
  observedAt: number;
  /** The session whose payload carried it. */
  sessionId?: string;
}

/** The window length of Claude Code's named windows, minutes. */
export const CLAUDE_WINDOW_MINUTES: Readonly<Record<string, number>> = { five_hour: 300, seven_day: 10_080 };

/** A short label of a window: "5 h", "7 d", "24 h", "90 min"; the window id when its length is unknown. */
export function windowLabel(g: Pick<LimitGauge, 'window' | 'windowMinutes'>): string {
  const m = g.windowMinutes;
  if (!m || !(m > 0)) {
    return g.window.replace(/_/g, ' ');
  }
  if (m % 1440 === 0 && m >= 1440 && m !== 1440) {
    return `${m / 1440} d`;
  }
  if (m % 60 === 0) {
    return `${m / 60} h`;
  }
  return `${m} min`;
}

/** The gauge key: one row per account and window. */
export function gaugeKey(g: Pick<LimitGauge, 'account' | 'window'>): string {
  return `${g.account}\u0000${g.window}`;
}

/**
 * The newest reading of each account and window among `gauges` (a reading whose reset time has passed before `nowMs`
 * counts as 0 % used from then on: the window was reset).
 */
export function latestGauges(gauges: readonly LimitGauge[], nowMs: number): LimitGauge[] {
  const byKey = new Map<string, LimitGauge>();
  for (const g of gauges) {
    const k = gaugeKey(g);
    const prev = byKey.get(k);
    if (!prev || g.observedAt > prev.observedAt) {
      byKey.set(k, g);
    }
  }
  return [...byKey.values()]
    .map((g) => (g.resetsAt !== undefined && g.resetsAt <= nowMs ? { ...g, usedPercent: 0, resetsAt: undefined } : g))
    .sort((a, b) => a.account.localeCompare(b.account) || (a.windowMinutes ?? 0) - (b.windowMinutes ?? 0));
}

/** A finite number or undefined. */
export function finite(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
