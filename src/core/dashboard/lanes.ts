/**
 * The session timeline chart's data, binned: the timeline's points and markers put on lanes over time, at most `maxBins`
 * x positions however many events a session has (a chart cannot show more), so a timeline of 10,000 events draws as
 * fast as one of a few hundred. Each x position keeps every point that fell in its bin (for the keyboard cursor,
 * the legend and the click that opens a line); the agent's announced retry waits cover the bins they span. Pure module.
 */
import { TIMELINE_LANES, TimelineLane, TimelinePoint } from './protocol';

/**
 * Default number of bins. A point is drawn 7 to 9 pixels wide, so on a chart up to ~2,000 pixels wide two adjacent bins
 * already touch: more bins would draw more circles (software canvas: the bulk of the render time) and show nothing more.
 */
export const DEFAULT_MAX_BINS = 400;

/** The binned lanes: `x` ascending (epoch ms); per lane, its y value where it has a point in the bin, else null. */
export interface LaneBins {
  x: number[];
  /** One array per lane of {@link TIMELINE_LANES}, aligned with `x`. */
  lanes: (number | null)[][];
  /** The error lane's y where an announced retry wait covers the bin, else null. */
  waits: (number | null)[];
  /** The points of each bin, by time. */
  at: TimelinePoint[][];
  /** Width of a bin, ms (1 when every distinct time has its own bin). */
  binMs: number;
}

/** The y value of a lane: the first lane on top. */
export function laneY(lane: TimelineLane): number {
  return TIMELINE_LANES.length - TIMELINE_LANES.indexOf(lane);
}

interface Bin {
  t: number;
  points: TimelinePoint[];
  lanes: number;
  wait: boolean;
}

/**
 * Bins points (and markers) by time. With fewer distinct milliseconds in the span than `maxBins`, each distinct time is
 * its own bin (exact). Points need not be sorted.
 */
export function laneBins(points: readonly TimelinePoint[], markers: readonly TimelinePoint[] = [], maxBins = DEFAULT_MAX_BINS): LaneBins {
  const all = markers.length > 0 ? points.concat(markers) : points;
  const empty: LaneBins = { x: [], lanes: TIMELINE_LANES.map(() => []), waits: [], at: [], binMs: 1 };
  if (all.length === 0) {
    return empty;
  }
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < all.length; i++) {
    const p = all[i];
    const end = p.waitMs && p.lane === 'error' ? p.t + p.waitMs : p.t;
    if (p.t < min) {
      min = p.t;
    }
    if (end > max) {
      max = end;
    }
  }
  const binMs = Math.max(1, Math.ceil((max - min + 1) / Math.max(1, maxBins)));
  const bins = new Map<number, Bin>();
  const binOf = (k: number, t: number): Bin => {
    let b = bins.get(k);
    if (!b) {
      b = { t, points: [], lanes: 0, wait: false };
      bins.set(k, b);
    }
    return b;
  };
  // Points arrive mostly in time order (a transcript's), so consecutive points usually share the last bin used.
  let lastK = NaN;
  let last: Bin | undefined;
  for (let i = 0; i < all.length; i++) {
    const p = all[i];
    const k = Math.floor((p.t - min) / binMs);
    const b = k === lastK && last ? last : binOf(k, p.t);
    lastK = k;
    last = b;
    if (b.points.length === 0 || p.t < b.t) {
      b.t = p.t;
    }
    b.points.push(p);
    b.lanes |= LANE_BIT[p.lane];
  }
  for (let i = 0; i < all.length; i++) {
    const p = all[i];
    if (p.waitMs && p.lane === 'error') {
      const from = Math.floor((p.t - min) / binMs);
      const to = Math.floor((p.t + p.waitMs - min) / binMs);
      for (let k = from; k <= to; k++) {
        // A bin with no point of its own sits at the wait's end (the last) or at its start.
        binOf(k, k === to ? p.t + p.waitMs : min + k * binMs).wait = true;
      }
    }
  }
  const keys = [...bins.keys()].sort((a, b) => a - b);
  const out: LaneBins = {
    x: new Array(keys.length),
    lanes: TIMELINE_LANES.map(() => new Array(keys.length).fill(null)),
    waits: new Array(keys.length).fill(null),
    at: new Array(keys.length),
    binMs,
  };
  const errorY = laneY('error');
  const ys = TIMELINE_LANES.map((lane) => laneY(lane));
  for (let i = 0; i < keys.length; i++) {
    const b = bins.get(keys[i])!;
    out.x[i] = b.t;
    out.at[i] = inOrder(b.points) ? b.points : b.points.sort((p, q) => p.t - q.t);
    for (let l = 0; l < ys.length; l++) {
      if (b.lanes & (1 << l)) {
        out.lanes[l][i] = ys[l];
      }
    }
    if (b.wait) {
      out.waits[i] = errorY;
    }
  }
  return out;
}

/** Each lane's bit in a bin's `lanes` mask (its index in {@link TIMELINE_LANES}). */
const LANE_BIT = Object.fromEntries(TIMELINE_LANES.map((lane, i) => [lane, 1 << i])) as Record<TimelineLane, number>;

/** True when points are in time order already (a transcript's usually are: no sort needed). */
function inOrder(points: readonly TimelinePoint[]): boolean {
  for (let i = 1; i < points.length; i++) {
    if (points[i].t < points[i - 1].t) {
      return false;
    }
  }
  return true;
}
