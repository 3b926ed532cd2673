/**
 * Decimation of a chart's series for drawing: a line of 10,000 samples on a chart 1,000 pixels wide draws no more than
 * one of a few hundred buckets each holding its first, lowest, highest and last sample, so every peak and every drop (a
 * compaction emptying the context window) is still drawn where it happened. The charts draw the kept samples; their
 * table views keep every sample. Pure module.
 */

/** Pixels per bucket the charts use: a bucket draws at most 4 samples in that width. */
export const PIXELS_PER_BUCKET = 4;

/**
 * The indices of the samples to draw, ascending: for each of at most `buckets` equal time spans, the first and last
 * sample and, for each series, the sample with its lowest and highest value. All indices when there are no more samples
 * than `2 * buckets` (nothing to gain). `t` must be ascending (epoch ms); each series is aligned with `t`. `null` values
 * are neither a bucket's lowest nor its highest.
 *
 * @throws RangeError when a series is not as long as `t`
 */
export function decimate(t: readonly number[], series: readonly (readonly (number | null)[])[], buckets: number): number[] {
  for (const s of series) {
    if (s.length !== t.length) {
      throw new RangeError(`a series has ${s.length} values for ${t.length} times`);
    }
  }
  const n = t.length;
  const b = Math.max(1, Math.floor(buckets));
  if (n <= 2 * b) {
    return Array.from({ length: n }, (_, i) => i);
  }
  const first = t[0];
  const span = t[n - 1] - first;
  const perMs = span > 0 ? b / span : 0;
  const keep: number[] = [];
  /** The indices picked in the current bucket (first, last, each series' lowest and highest), unsorted. */
  const picked: number[] = [];
  let start = 0;
  while (start < n) {
    const k = Math.min(b - 1, Math.floor((t[start] - first) * perMs));
    let end = start + 1;
    while (end < n && Math.min(b - 1, Math.floor((t[end] - first) * perMs)) === k) {
      end++;
    }
    picked.length = 0;
    picked.push(start, end - 1);
    for (const s of series) {
      let lo = -1;
      let hi = -1;
      let loV = 0;
      let hiV = 0;
      for (let i = start; i < end; i++) {
        const v = s[i];
        if (v === null) {
          continue;
        }
        if (lo < 0 || v < loV) {
          lo = i;
          loV = v;
        }
        if (hi < 0 || v > hiV) {
          hi = i;
          hiV = v;
        }
      }
      if (lo >= 0) {
        picked.push(lo, hi);
      }
    }
    picked.sort((x, y) => x - y);
    for (let i = 0; i < picked.length; i++) {
      if (i === 0 || picked[i] !== picked[i - 1]) {
        keep.push(picked[i]);
      }
    }
    start = end;
  }
  return keep;
}

/** The values of `xs` at `indices`. */
export function pick<T>(xs: readonly T[], indices: readonly number[]): T[] {
  const out = new Array<T>(indices.length);
  for (let i = 0; i < indices.length; i++) {
    out[i] = xs[indices[i]];
  }
  return out;
}
