/**
 * Concurrent sessions (the "session limit guardian" of an agent fleet's operator): counts the live sessions of every
 * source against a limit, raises tiered alerts at 65 % (notice), 80 % (warning) and 90 % (critical) with per-level
 * cooldowns of 30, 15 and 5 min (a higher tier inhibits the lower ones; no repeat inside a cooldown unless the tier
 * rises), suggests cleanup of sessions idle for hours (never priority ones, keeping a headroom of free slots), and
 * predicts from the recent trend of the live count when the limit will be hit.
 *
 * Pure module: time comes in as arguments or an injected clock; the process state comes through a function.
 */
import { RE2JS } from 're2js';
import { Alert, AlertClock, ProcessFacts, TieredGate } from './alerts';

export type { ProcessFacts };
import type { Severity } from '../model/failures';

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
  { tier: 'critical', ratio: 0.9, cooldownMs: 5 * 60_000, level: 'CRITICAL', advice: 'Sessions nearly exhausted: clean up idle sessions now.' },
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

/** Concurrency settings (`sessionDoctor.concurrency.*`). */
export interface ConcurrencySettings {
  /** Live sessions allowed; 0 turns counting alerts off. */
  limit: number;
  /** A session with activity within this many ms counts as live (also without a known running process). */
  liveWindowMs: number;
  /** Sessions idle at least this many ms are cleanup candidates. */
  idleCleanupMs: number;
  /** Free slots under the limit the cleanup aims to keep. */
  headroom: number;
  /** Names or patterns of sessions never cleaned up (see {@link PriorityMatcher}). */
  prioritySessions: readonly string[];
}

/** Defaults (see docs/alerts.md for why). */
export const DEFAULT_CONCURRENCY_SETTINGS: ConcurrencySettings = {
  limit: 10,
  liveWindowMs: 180 * 60_000,
  idleCleanupMs: 2 * 3_600_000,
  headroom: 2,
  prioritySessions: [],
};

/** The parts of a session the counting reads. */
export interface SessionFacts {
  id: string;
  /** Epoch ms of the last event. */
  lastActivity: number;
  /** For priority patterns and the quick pick. */
  title: string;
  project: string;
}


/** What decides liveness besides activity. */
export interface LivenessFacts {
  /** The agent process state, when a source knows it. */
  process(sessionId: string): ProcessFacts | undefined;
  /** Epoch ms the session was closed by a cleanup, when it was. */
  closedAt(sessionId: string): number | undefined;
}

/**
 * True when a session counts as live at `nowMs`: not closed by a cleanup (unless active again after it), not dead (its
 * agent process exited, with no activity after that), and either its agent process runs or it had activity within the
 * live window.
 */
export function isLive(s: SessionFacts, nowMs: number, liveWindowMs: number, facts: LivenessFacts): boolean {
  const closed = facts.closedAt(s.id);
  if (closed !== undefined && s.lastActivity <= closed) {
    return false;
  }
  const p = facts.process(s.id);
  if (p?.state === 'running') {
    return true;
  }
  if (p?.state === 'exited' && s.lastActivity <= p.atMs) {
    return false;
  }
  return nowMs - s.lastActivity <= liveWindowMs;
}

// ---- priority --------------------------------------------------------------------------------------------------------

/**
 * Matches sessions against `concurrency.prioritySessions`. Each entry is one of:
 * - `/regex/` (RE2 syntax, compiled with re2js: linear time), matched anywhere in the id, the project, the title or
 *   "project/title", case-insensitive;
 * - a glob with `*` (any run of characters) or `?` (one character), matched against the whole id, project, title or
 *   "project/title", case-insensitive;
 * - anything else: equal to the id, the project or the title (case-insensitive), or a prefix of the id of 8+ characters.
 * Bad patterns are reported in `problems` and left out; never throws.
 */
export class PriorityMatcher {
  /** One message per pattern that could not be compiled. */
  readonly problems: string[] = [];
  private readonly regexes: RE2JS[] = [];
  private readonly names: string[] = [];

  constructor(patterns: readonly string[]) {
    for (const raw of patterns) {
      const p = raw.trim();
      if (!p) {
        continue;
      }
      try {
        if (p.length >= 2 && p.startsWith('/') && p.endsWith('/')) {
          this.regexes.push(RE2JS.compile(p.slice(1, -1), RE2JS.CASE_INSENSITIVE));
        } else if (/[*?]/.test(p)) {
          this.regexes.push(RE2JS.compile(`^${globToRe2(p)}$`, RE2JS.CASE_INSENSITIVE));
        } else {
          this.names.push(p.toLowerCase());
        }
      } catch (e) {
        this.problems.push(`concurrency.prioritySessions: "${p}" is not a valid pattern (${e instanceof Error ? e.message : String(e)})`);
      }
    }
  }

  /** True when a pattern names the session. */
  matches(s: Pick<SessionFacts, 'id' | 'title' | 'project'>): boolean {
    const fields = [s.id, s.project, s.title, `${s.project}/${s.title}`].filter((f) => f.length > 0);
    const lower = fields.map((f) => f.toLowerCase());
    if (this.names.some((n) => lower.includes(n) || (n.length >= 8 && s.id.toLowerCase().startsWith(n)))) {
      return true;
    }
    return this.regexes.some((r) => fields.some((f) => r.matcher(f).find()));
  }
}

/** A glob (`*`, `?`) as an RE2 expression; every other character is literal (quoted with `RE2JS.quote`). */
export function globToRe2(glob: string): string {
  return glob
    .split(/([*?])/)
    .map((part) => (part === '*' ? '.*' : part === '?' ? '.' : part ? RE2JS.quote(part) : ''))
    .join('');
}

// ---- cleanup ---------------------------------------------------------------------------------------------------------

/** A session cleanup may close. */
export interface CleanupCandidate {
  sessionId: string;
  /** ms since its last activity. */
  idleMs: number;
  /** True when the plan suggests closing it (to restore the headroom); the others are idle but not needed. */
  suggested: boolean;
}

/** The cleanup plan: idle, live, non-priority sessions, longest idle first. */
export interface CleanupPlan {
  candidates: CleanupCandidate[];
  /** Live sessions now. */
  live: number;
  /** Sessions to close to get back to `limit - headroom` live sessions (0 when within it, or no limit). */
  needed: number;
  /** Idle sessions left alone because they are priority. */
  protectedCount: number;
}

/**
 * Which live sessions idle for at least `idleCleanupMs` could be closed. Priority sessions are never candidates.
 * The longest-idle candidates needed to bring the live count down to `limit - headroom` are `suggested`; with no limit
 * (0), every candidate is suggested (the seed's rule: idle for 2 h means a leftover).
 */
export function cleanupPlan(sessions: readonly SessionFacts[], nowMs: number, settings: ConcurrencySettings, facts: LivenessFacts, isPriority: (s: SessionFacts) => boolean): CleanupPlan {
  const live = sessions.filter((s) => isLive(s, nowMs, settings.liveWindowMs, facts));
  let protectedCount = 0;
  const idle = live
    .filter((s) => nowMs - s.lastActivity >= settings.idleCleanupMs)
    .filter((s) => {
      if (isPriority(s)) {
        protectedCount++;
        return false;
      }
      return true;
    })
    .sort((a, b) => a.lastActivity - b.lastActivity);
  const needed = settings.limit > 0 ? Math.max(0, live.length - Math.max(0, settings.limit - settings.headroom)) : idle.length;
  return {
    candidates: idle.map((s, i) => ({ sessionId: s.id, idleMs: nowMs - s.lastActivity, suggested: i < needed })),
    live: live.length,
    needed,
    protectedCount,
  };
}

// ---- trend -----------------------------------------------------------------------------------------------------------

/** One sample of the live count. */
export interface LiveSample {
  /** Epoch ms. */
  at: number;
  live: number;
}

/** When the limit will be hit, from the trend. */
export interface LimitPrediction {
  /** Epoch ms when the fitted line reaches the limit (≤ now: the trend says it is at the limit already). */
  atMs: number;
  /** Growth of the live count, sessions per hour (> 0). */
  perHour: number;
}

/** Samples needed, and the span they must cover (ms), before a trend is trusted. */
const MIN_SAMPLES = 3;
const MIN_SPAN_MS = 5 * 60_000;
/** Predictions further out than this are not made (ms). */
const MAX_HORIZON_MS = 24 * 3_600_000;

/**
 * Least-squares line through the samples of the last `windowMs` before `nowMs`; when it rises, the time it reaches
 * `limit`. Undefined when there is no limit, too few samples (3, over at least 5 min), a flat or falling trend, or a
 * time more than 24 h away.
 */
export function predictLimitHit(samples: readonly LiveSample[], limit: number, nowMs: number, windowMs: number): LimitPrediction | undefined {
  if (!(limit > 0)) {
    return undefined;
  }
  const recent = samples.filter((s) => s.at <= nowMs && nowMs - s.at <= windowMs);
  if (recent.length < MIN_SAMPLES || recent[recent.length - 1].at - recent[0].at < MIN_SPAN_MS) {
    return undefined;
  }
  // x in hours relative to now keeps the numbers small.
  const xs = recent.map((s) => (s.at - nowMs) / 3_600_000);
  const ys = recent.map((s) => s.live);
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  if (sxx === 0) {
    return undefined;
  }
  const slope = sxy / sxx;
  if (!(slope > 0)) {
    return undefined;
  }
  const atNow = my - slope * mx;
  const hours = (limit - atNow) / slope;
  const atMs = nowMs + Math.max(0, hours) * 3_600_000;
  if (atMs - nowMs > MAX_HORIZON_MS) {
    return undefined;
  }
  return { atMs: Math.round(atMs), perHour: slope };
}

// ---- the monitor -----------------------------------------------------------------------------------------------------

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
  evaluate(sessions: readonly SessionFacts[], settings: ConcurrencySettings, facts: LivenessFacts, isPriority: (s: SessionFacts) => boolean): ConcurrencyStatus {
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
    if (last && s.at - last.at < SAMPLE_SPACING_MS && this.samples.length > 1 && s.at - this.samples[this.samples.length - 2].at < SAMPLE_SPACING_MS) {
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
    lines.push(`${n} idle session${n === 1 ? '' : 's'} can be cleaned up${status.cleanup.protectedCount ? ` (${status.cleanup.protectedCount} priority kept)` : ''}`);
  }
  return lines;
}
