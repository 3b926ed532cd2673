/**
 * The pace forecast: from the recent slope of a window's used percentage, when it reaches 100 % and whether that comes
 * before the window resets ("at this pace the 5-hour limit is reached at 15:40, 50 min before it resets"). Pure module.
 */

/** One reading of a window's used share. */
export interface UsageSample {
  /** Epoch ms. */
  at: number;
  /** Percent used. */
  usedPercent: number;
}

/** The forecast of one window. */
export interface PaceForecast {
  /** Growth, percentage points per hour (> 0). */
  perHour: number;
  /** When the fitted line reaches 100 %, epoch ms (≤ now: at the limit already). */
  hitsAt: number;
  /** The window's reset, epoch ms, when known. */
  resetsAt?: number;
  /** True when the limit is reached before the reset (or the reset is unknown). */
  beforeReset: boolean;
  /** How long before the reset the limit is reached, ms (0 when not before it). */
  marginMs: number;
}

/** Options of {@link forecastPace}. */
export interface PaceOptions {
  /** Samples older than this before now are ignored, ms (default 60 min). */
  windowMs?: number;
  /** The samples must span at least this, ms (default 5 min). */
  minSpanMs?: number;
}

/**
 * Least-squares slope through the samples of the last `windowMs` (only those after the last drop, which marks a reset),
 * and when it reaches 100 %. Undefined with fewer than 2 samples, a span under `minSpanMs`, or a flat or falling pace.
 */
export function forecastPace(
  samples: readonly UsageSample[],
  nowMs: number,
  resetsAt?: number,
  opts: PaceOptions = {},
): PaceForecast | undefined {
  const windowMs = opts.windowMs ?? 3_600_000;
  const minSpanMs = opts.minSpanMs ?? 300_000;
  let recent = samples.filter((s) => s.at <= nowMs && nowMs - s.at <= windowMs).sort((a, b) => a.at - b.at);
  for (let i = recent.length - 1; i > 0; i--) {
    if (recent[i].usedPercent < recent[i - 1].usedPercent) {
      recent = recent.slice(i);
      break;
    }
  }
  if (recent.length < 2 || recent[recent.length - 1].at - recent[0].at < minSpanMs) {
    return undefined;
  }
  const xs = recent.map((s) => (s.at - nowMs) / 3_600_000);
  const ys = recent.map((s) => s.usedPercent);
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  if (!(slope > 0)) {
    return undefined;
  }
  const atNow = my - slope * mx;
  const hitsAt = Math.round(nowMs + Math.max(0, (100 - atNow) / slope) * 3_600_000);
  const beforeReset = resetsAt === undefined || hitsAt < resetsAt;
  return {
    perHour: slope,
    hitsAt,
    ...(resetsAt !== undefined ? { resetsAt } : {}),
    beforeReset,
    marginMs: beforeReset && resetsAt !== undefined ? resetsAt - hitsAt : 0,
  };
}
