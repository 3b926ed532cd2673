/**
 * The concurrency monitor and its tiers: counts the live sessions against the limit and raises tiered alerts at 65 %
 * (notice), 80 % (warning) and 90 % (critical) through a {@link TieredGate} with per-level cooldowns of 30, 15 and 5 min.
 * Pure: the clock is injected.
 */
import type { Severity } from '../model/failures';
import { Alert, AlertClock, TieredGate } from './cooldowns';
import { CleanupPlan, cleanupPlan } from './cleanupPlan';
import { LimitPrediction, LiveSample, predictLimitHit } from './limitTrend';
import { ConcurrencySettings, LivenessFacts, SessionFacts, isLive } from './liveSessions';

/** A concurrency tier. */
export type ConcurrencyTier = 'notice' | 'warning' | 'critical';

/** One tier: from which share of the limit it starts, its cooldown (ms), its alert level and its message. */
export interface TierRule {
  tier: ConcurrencyTier;
  /** Share of the limit (0..1) from which the tier holds. */
  ratio: number;
  /** No repeat alert of this tier within this many ms unless the tier rises. */
  cooldownMs: number;
  level: Severity;
  /** What the alert says. */
  advice: string;
}

/** The tiers, highest first (the seed's values: 65 / 80 / 90 %, cooldowns 30 / 15 / 5 min). */
export const TIER_RULES: readonly TierRule[] = [
  {
    tier: 'critical',
    ratio: 0.9,
    cooldownMs: 5 * 60_000,
    level: 'CRITICAL',
    advice: 'Sessions nearly exhausted: clean up idle sessions now.',
  },
  { tier: 'warning', ratio: 0.8, cooldownMs: 15 * 60_000, level: 'HIGH', advice: 'Session usage is high: clean up idle sessions.' },
  { tier: 'notice', ratio: 0.65, cooldownMs: 30 * 60_000, level: 'MEDIUM', advice: 'Session usage is elevated: keep an eye on it.' },
];

/** The tier of `live` sessions against `limit` (undefined below 65 %, or when the limit is 0 = off). */
export function tierOf(live: number, limit: number): TierRule | undefined {
  if (!(limit > 0)) {
    return undefined;
  }
  // Compare in integers (live * 100 >= ratio% * limit) so 13 of 20 is exactly 65 %.
  return TIER_RULES.find((r) => live * 100 >= Math.round(r.ratio * 100) * limit);
}

/** The state of the fleet at one evaluation. */
export interface ConcurrencyStatus {
  /** Epoch ms of the evaluation. */
  at: number;
  live: number;
  /** Ids of the live sessions. */
  liveIds: string[];
  limit: number;
  /** live / limit (0 when there is no limit). */
  ratio: number;
  tier?: TierRule;
  prediction?: LimitPrediction;
  /** The tier alert to show now (admitted by the cooldowns), if any. */
  alert?: Alert;
  /** Cleanup plan at this moment. */
  cleanup: CleanupPlan;
}

/** Samples closer together than this replace the previous one (ms). */
const SAMPLE_SPACING_MS = 15_000;

/**
 * Evaluates the fleet (call it on a timer, e.g. every 30 s, and on changes): counts live sessions, keeps samples of the
 * last `trendWindowMs` (bounded: calls closer than 15 s collapse into one sample), predicts the limit, and decides the tier alert through a
 * {@link TieredGate} with the tiers' cooldowns (key: session "", type `concurrency`, the tier's level).
 */
export class ConcurrencyMonitor {
  private samples: LiveSample[] = [];
  private readonly gate: TieredGate;

  /** @param trendWindowMs the span of samples the trend is fitted over (default 45 min). */
  constructor(
    private readonly clock: AlertClock = { now: () => Date.now() },
    private readonly trendWindowMs = 45 * 60_000,
  ) {
    this.gate = new TieredGate((_type, level) => TIER_RULES.find((r) => r.level === level)?.cooldownMs ?? 0, clock);
  }

  /** Counts, samples and decides. `isPriority` tells the sessions cleanup must not touch. */
  evaluate(
    sessions: readonly SessionFacts[],
    settings: ConcurrencySettings,
    facts: LivenessFacts,
    isPriority: (s: SessionFacts) => boolean,
  ): ConcurrencyStatus {
    const now = this.clock.now();
    const liveIds = sessions.filter((s) => isLive(s, now, settings.liveWindowMs, facts)).map((s) => s.id);
    this.addSample({ at: now, live: liveIds.length });
    const limit = settings.limit;
    const tier = tierOf(liveIds.length, limit);
    let alert: Alert | undefined;
    if (tier) {
      const candidate: Alert = {
        sessionId: '',
        type: 'concurrency',
        level: tier.level,
        title: `${liveIds.length} of ${limit} sessions live (${Math.round((liveIds.length / limit) * 100)} %, ${tier.tier})`,
        sessionLabel: '',
      };
      if (this.gate.admit(candidate) === 'admitted') {
        alert = candidate;
      }
    }
    return {
      at: now,
      live: liveIds.length,
      liveIds,
      limit,
      ratio: limit > 0 ? liveIds.length / limit : 0,
      tier,
      prediction: predictLimitHit(this.samples, limit, now, this.trendWindowMs),
      alert,
      cleanup: cleanupPlan(sessions, now, settings, facts, isPriority),
    };
  }

  /** The samples kept (oldest first). */
  history(): readonly LiveSample[] {
    return this.samples;
  }

  private addSample(s: LiveSample): void {
    const last = this.samples[this.samples.length - 1];
    if (
      last &&
      s.at - last.at < SAMPLE_SPACING_MS &&
      this.samples.length > 1 &&
      s.at - this.samples[this.samples.length - 2].at < SAMPLE_SPACING_MS
    ) {
      // Keep the first sample of a burst and the latest value.
      this.samples[this.samples.length - 1] = s;
    } else {
      this.samples.push(s);
    }
    const from = s.at - this.trendWindowMs;
    while (this.samples.length > 0 && this.samples[0].at < from) {
      this.samples.shift();
    }
  }
}
