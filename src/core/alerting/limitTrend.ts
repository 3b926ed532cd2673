/**
 * The trend of the live count: a least-squares line through recent samples predicts when the session limit will be hit.
 */

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
export function predictLimitHit(
  samples: readonly LiveSample[],
  limit: number,
  nowMs: number,
  windowMs: number,
): LimitPrediction | undefined {
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
