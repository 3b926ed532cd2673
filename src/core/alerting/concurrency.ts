/**
 * Concurrent sessions (the "session limit guardian" of an agent fleet's operator): counts the live sessions of every
 * source against a limit, raises tiered alerts at 65 % (notice), 80 % (warning) and 90 % (critical) with per-level
 * cooldowns of 30, 15 and 5 min (a higher tier inhibits the lower ones; no repeat inside a cooldown unless the tier
 * rises), suggests cleanup of sessions idle for hours (never priority ones, keeping a headroom of free slots), and
 * predicts from the recent trend of the live count when the limit will be hit.
 *
 * The parts: liveSessions.ts (settings, liveness), concurrencyMonitor.ts (the monitor and its tiers), limitTrend.ts (the
 * prediction), cleanupPlan.ts, priorityMatcher.ts; this module re-exports them and holds the status bar texts.
 * Pure module: time comes in as arguments or an injected clock; the process state comes through a function.
 */
import type { ProcessFacts } from './alerts';
import type { ConcurrencyStatus } from './concurrencyMonitor';

export type { ProcessFacts };
export { DEFAULT_CONCURRENCY_SETTINGS, isLive } from './liveSessions';
export type { ConcurrencySettings, LivenessFacts, SessionFacts } from './liveSessions';
export { ConcurrencyMonitor, TIER_RULES, tierOf } from './concurrencyMonitor';
export type { ConcurrencyStatus, ConcurrencyTier, TierRule } from './concurrencyMonitor';
export { predictLimitHit } from './limitTrend';
export type { LimitPrediction, LiveSample } from './limitTrend';
export { cleanupPlan } from './cleanupPlan';
export type { CleanupCandidate, CleanupPlan } from './cleanupPlan';
export { PriorityMatcher, globToRe2 } from './priorityMatcher';

// ---- text ------------------------------------------------------------------------------------------------------------

/** The status bar part for the live count: `$(layers) 14/20 notice` when a tier holds (≥ 65 %), else undefined. */
export function concurrencyStatusText(status: Pick<ConcurrencyStatus, 'live' | 'limit' | 'tier'>): string | undefined {
  return status.tier ? `$(layers) ${status.live}/${status.limit} ${status.tier.tier}` : undefined;
}

/** A time ahead of `nowMs` in words: `now`, `in about 40 min`, `in about 2 h 10 min` (both epoch ms). */
export function formatIn(atMs: number, nowMs: number): string {
  const min = Math.round((atMs - nowMs) / 60_000);
  if (min <= 0) {
    return 'now';
  }
  if (min < 60) {
    return `in about ${min} min`;
  }
  const h = Math.floor(min / 60);
  const m = min % 60;
  return `in about ${h} h${m ? ` ${m} min` : ''}`;
}

/**
 * The tooltip lines (plain text) about concurrency: the live count against the limit and its tier, the predicted time
 * the limit is hit, and the cleanup candidates. `clock(ms)` renders a wall-clock time (the adapter passes a locale one).
 */
export function concurrencyTooltipLines(status: ConcurrencyStatus, nowMs: number, clock: (ms: number) => string): string[] {
  if (!(status.limit > 0)) {
    return [`${status.live} live session${status.live === 1 ? '' : 's'} (no limit set)`];
  }
  const pct = Math.round(status.ratio * 100);
  const lines = [`${status.live} of ${status.limit} sessions live (${pct} %${status.tier ? `, ${status.tier.tier}` : ''})`];
  if (status.prediction) {
    const when = formatIn(status.prediction.atMs, nowMs);
    lines.push(
      when === 'now'
        ? `At the recent trend (+${status.prediction.perHour.toFixed(1)} per hour) the limit is reached now`
        : `At the recent trend (+${status.prediction.perHour.toFixed(1)} per hour) the limit is reached ${when} (${clock(status.prediction.atMs)})`,
    );
  }
  const n = status.cleanup.candidates.length;
  if (n > 0) {
    lines.push(
      `${n} idle session${n === 1 ? '' : 's'} can be cleaned up${status.cleanup.protectedCount ? ` (${status.cleanup.protectedCount} priority kept)` : ''}`,
    );
  }
  return lines;
}
