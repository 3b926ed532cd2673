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
  const all = points.concat(markers);
  const empty: LaneBins = { x: [], lanes: TIMELINE_LANES.map(() => []), waits: [], at: [], binMs: 1 };
  if (all.length === 0) {
    return empty;
  }
  let min = Infinity;
  let max = -Infinity;
  for (const p of all) {
    const end = p.lane === 'error' && p.waitMs ? p.t + p.waitMs : p.t;
    min = Math.min(min, p.t);
    max = Math.max(max, end);
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
  for (const p of all) {
    const k = Math.floor((p.t - min) / binMs);
    const b = binOf(k, p.t);
    if (b.points.length === 0 || p.t < b.t) {
      b.t = p.t;
    }
    b.points.push(p);
    b.lanes |= 1 << TIMELINE_LANES.indexOf(p.lane);
  }
  for (const p of all) {
    if (p.lane === 'error' && p.waitMs) {
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
  keys.forEach((k, i) => {
    const b = bins.get(k)!;
    out.x[i] = b.t;
    out.at[i] = b.points.length > 1 ? b.points.sort((p, q) => p.t - q.t) : b.points;
    TIMELINE_LANES.forEach((lane, l) => {
      if (b.lanes & (1 << l)) {
        out.lanes[l][i] = laneY(lane);
      }
    });
    if (b.wait) {
      out.waits[i] = errorY;
    }
  });
  return out;
}
