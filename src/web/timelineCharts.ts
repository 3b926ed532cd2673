/**
 * The session panel's three charts: the timeline (one lane per kind of event: prompts, replies, tool calls, API errors
 * with the agent's retry waits drawn as bars after them, compactions, findings, recoveries), context window use with the
 * warning line and the predicted overflow, and cumulative tokens and cost.
 */
import uPlot from 'uplot';
import { LANE_LABELS, SessionPanelModel, TIMELINE_LANES, TimelineLane, TimelinePoint } from '../core/dashboard/protocol';
import { ChartSpec, axis } from './chart';
import { decimate, pick, PIXELS_PER_BUCKET } from '../core/dashboard/decimate';
import { DEFAULT_MAX_BINS, LaneBins, laneBins, laneY } from '../core/dashboard/lanes';
import * as fmt from './format';
import { post } from './host';
import { baseOptions, levelSeries, timeScale, withAlpha } from './series';
import type { Theme } from './theme';

function laneColor(t: Theme, lane: TimelineLane): string {
  return {
    prompt: t.blue,
    assistant: t.green,
    tool: t.purple,
    error: t.red,
    compaction: t.yellow,
    finding: t.orange,
    recovery: t.foreground,
  }[lane];
}

/** Context samples up to which each sample is drawn as a dot (beyond, the line alone: dots would merge anyway). */
const MAX_DOTTED = 300;

/** Pixels between two timeline bins: a point is drawn 7 to 9 pixels wide, so closer bins would draw over each other. */
const PIXELS_PER_BIN = 6;

/** Timeline bins for a plot `width` CSS pixels wide. */
export function binsFor(width: number): number {
  return Math.max(20, Math.min(DEFAULT_MAX_BINS, Math.floor(width / PIXELS_PER_BIN)));
}

/**
 * The samples of a line chart to draw at a width (see {@link decimate}), cached while the samples and the width stay
 * the same: `key` changes whenever the samples do.
 */
function decimated(): (key: string, width: number, t: readonly number[], series: readonly (readonly number[])[]) => number[] {
  let cache: { key: string; keep: number[] } | undefined;
  return (key, width, t, series) => {
    const k = `${key}@${width}`;
    if (!cache || cache.key !== k) {
      cache = { key: k, keep: decimate(t, series, Math.max(1, Math.floor(width / PIXELS_PER_BUCKET))) };
    }
    return cache.keep;
  };
}

/** Rows per page of the charts' table views. */
const TABLE_PAGE = 200;

/** Points named one by one when the keyboard cursor lands on a bin; the rest are counted. */
const DESCRIBED_POINTS = 3;

/** Words for one point. */
export function describePoint(p: TimelinePoint): string {
  const extra = [
    p.status !== undefined ? `HTTP ${p.status}` : '',
    p.attempt !== undefined ? `retry ${p.attempt}${p.maxAttempts ? ` of ${p.maxAttempts}` : ''}` : '',
    p.waitMs !== undefined ? `wait ${fmt.duration(p.waitMs)}` : '',
    p.failed ? 'failed' : '',
  ].filter(Boolean);
  return `${LANE_LABELS[p.lane]}: ${p.label}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

/** Runs a point's action: its transcript line, or its finding's evidence line. */
function openPoint(sessionId: string, points: readonly TimelinePoint[]): void {
  const line = points.find((p) => p.offset !== undefined);
  if (line) {
    post({ type: 'openLine', sessionId, offset: line.offset! });
    return;
  }
  const finding = points.find((p) => p.findingId !== undefined);
  if (finding) {
    post({ type: 'openTranscript', sessionId, findingId: finding.findingId });
  }
}

/** The timeline chart. `model` is read on every draw. */
export function timelineSpec(model: () => SessionPanelModel): ChartSpec {
  // Both caches are keyed by what the page's model holds: the timeline only grows, and markers come whole with each update.
  const keyOf = (m: SessionPanelModel): string =>
    `${m.timeline.points.length}/${m.markers.length}/${m.markers[m.markers.length - 1]?.t}/${m.header.id}`;
  let cache: { key: string; lanes: LaneBins } | undefined;
  /** The plot's width at the last draw: the bins are as many as it can show. */
  let width = 0;
  const lanes = (): LaneBins => {
    const m = model();
    const key = `${keyOf(m)}@${width}`;
    if (!cache || cache.key !== key) {
      cache = { key, lanes: laneBins(m.timeline.points, m.markers, binsFor(width)) };
    }
    return cache.lanes;
  };
  let sorted: { key: string; rows: TimelinePoint[] } | undefined;
  const rows = (): TimelinePoint[] => {
    const m = model();
    const key = keyOf(m);
    if (!sorted || sorted.key !== key) {
      sorted = { key, rows: m.timeline.points.concat(m.markers).sort((a, b) => a.t - b.t) };
    }
    return sorted.rows;
  };
  return {
    id: 'timeline',
    title: 'Timeline',
    height: 260,
    summary: () => {
      const t = model().timeline.totals;
      return `${t.events} events: ${t.messages} messages, ${t.toolCalls} tool calls, ${t.errors} API errors with ${t.retries} retries, ${t.compactions} compactions; ${model().findings.length} findings.`;
    },
    options: (t) => ({
      ...baseOptions(t),
      scales: { x: timeScale(), y: { range: [0.5, TIMELINE_LANES.length + 0.5] } },
      axes: [
        axis(t),
        axis(t, {
          size: 96,
          splits: () => TIMELINE_LANES.map((l) => laneY(l)),
          values: (_u: uPlot, v: number[]) => v.map((y) => LANE_LABELS[TIMELINE_LANES[TIMELINE_LANES.length - y]] ?? ''),
          grid: { stroke: withAlpha(t.grid, 0.5), width: 1 },
        }),
      ],
      series: [
        {},
        ...TIMELINE_LANES.map((lane): uPlot.Series => ({
          label: LANE_LABELS[lane],
          stroke: laneColor(t, lane),
          paths: () => null,
          points: {
            show: true,
            size: lane === 'finding' || lane === 'error' ? 9 : 7,
            fill: laneColor(t, lane),
            stroke: laneColor(t, lane),
          },
          value: (_u, v, _si, idx) => (v === null || idx === null ? '–' : (lanes().at[idx].find((p) => p.lane === lane)?.label ?? '')),
        })),
        { label: 'Retry wait', stroke: withAlpha(t.red, 0.45), width: 6, points: { show: false }, spanGaps: false, value: () => '' },
      ],
    }),
    data: (w) => {
      width = w;
      const l = lanes();
      return [l.x, ...l.lanes, l.waits] as uPlot.AlignedData;
    },
    table: () => ({
      columns: [
        { key: 't', label: 'Time', value: (i) => fmt.time(rows()[i].t) },
        { key: 'lane', label: 'Kind', value: (i) => LANE_LABELS[rows()[i].lane] },
        { key: 'label', label: 'What', value: (i) => rows()[i].label },
        { key: 'status', label: 'Status', value: (i) => rows()[i].status ?? rows()[i].severity ?? '' },
        {
          key: 'retry',
          label: 'Retry',
          value: (i) =>
            rows()[i].attempt !== undefined ? `${rows()[i].attempt}${rows()[i].maxAttempts ? `/${rows()[i].maxAttempts}` : ''}` : '',
        },
        {
          key: 'wait',
          label: 'Wait',
          numeric: true,
          value: (i) => (rows()[i].waitMs !== undefined ? fmt.duration(rows()[i].waitMs!) : ''),
        },
      ],
      rows: rows().map((_, i) => i),
      pageSize: TABLE_PAGE,
    }),
    describe: (i) => {
      const l = lanes();
      const points = l.at[i];
      const named = points.slice(0, DESCRIBED_POINTS).map(describePoint).join('; ');
      return `${fmt.time(l.x[i])}: ${named}${points.length > DESCRIBED_POINTS ? `; and ${points.length - DESCRIBED_POINTS} more` : ''}`;
    },
    activate: (i) => openPoint(model().header.id, lanes().at[i]),
  };
}

/** The context window chart: use in percent of the window (tokens when the window is unknown). */
export function contextSpec(model: () => SessionPanelModel): ChartSpec {
  const percentMode = (): boolean => model().header.windowTokens > 0;
  const value = (tokens: number): number => (percentMode() ? (tokens / model().header.windowTokens) * 100 : tokens);
  const keepAt = decimated();
  /** The samples drawn at the last draw (indices into the context samples). */
  let kept: number[] = [];
  /** The drawn times: the kept samples', then the predicted overflow when it is later. */
  const xs = (): number[] => {
    const m = model();
    const t = pick(m.timeline.context.t, kept);
    return m.overflowAt !== undefined && t.length > 0 && m.overflowAt > t[t.length - 1] ? [...t, m.overflowAt] : t;
  };
  return {
    id: 'context',
    title: 'Context window',
    summary: () => {
      const m = model();
      const used = m.timeline.context.used;
      const last = used.length ? value(used[used.length - 1]) : undefined;
      const now =
        last === undefined
          ? 'no response with usage yet'
          : percentMode()
            ? `${fmt.percent(last)} of ${fmt.tokens(m.header.windowTokens)} tokens`
            : `${fmt.tokens(last)} tokens`;
      return `Context use ${now}; warning at ${m.header.warnPercent}%.${m.overflowAt ? ` At the recent rate it is full at ${fmt.time(m.overflowAt)}.` : ''}`;
    },
    options: (t) => ({
      ...baseOptions(t),
      scales: { x: timeScale(), y: { range: (_u, _min, max) => [0, percentMode() ? Math.max(105, max * 1.05) : Math.max(1, max * 1.1)] } },
      axes: [
        axis(t),
        axis(t, {
          label: percentMode() ? '% of window' : 'tokens',
          size: 60,
          values: (_u: uPlot, v: number[]) => v.map((x) => (percentMode() ? `${x}%` : fmt.tokens(x))),
        }),
      ],
      series: [
        {},
        {
          label: 'Context',
          stroke: t.blue,
          fill: withAlpha(t.blue, 0.2),
          width: 2,
          points: { show: model().timeline.context.t.length <= MAX_DOTTED, size: 4 },
          value: (_u, v) => (v === null ? '–' : percentMode() ? fmt.percent(v) : fmt.tokens(v)),
        },
        ...(percentMode() ? [levelSeries(`Warning (${model().header.warnPercent}%)`, t.yellow), levelSeries('Full', t.red, [])] : []),
        { label: 'Predicted', stroke: t.purple, width: 2, dash: [2, 4], points: { show: true, size: 6 } },
      ],
    }),
    data: (w) => {
      const m = model();
      const c = m.timeline.context;
      kept = keepAt(`${m.header.id}/${c.t.length}`, w, c.t, [c.used]);
      const x = xs();
      const used = pick(c.used, kept);
      const series = x.map((_, i) => (i < used.length ? value(used[i]) : null));
      const predicted = x.map(() => null as number | null);
      if (x.length > used.length && used.length > 0) {
        predicted[used.length - 1] = value(used[used.length - 1]);
        predicted[x.length - 1] = 100;
      }
      const levels = percentMode() ? [x.map(() => m.header.warnPercent), x.map(() => 100)] : [];
      return [x, series, ...levels, predicted] as uPlot.AlignedData;
    },
    table: () => ({
      columns: [
        { key: 't', label: 'Time', value: (i) => fmt.time(model().timeline.context.t[i]) },
        { key: 'used', label: 'Tokens', numeric: true, value: (i) => model().timeline.context.used[i] },
        {
          key: 'pct',
          label: '% of window',
          numeric: true,
          value: (i) => (percentMode() ? fmt.percent(value(model().timeline.context.used[i])) : '–'),
        },
      ],
      rows: model().timeline.context.t.map((_, i) => i),
      pageSize: TABLE_PAGE,
    }),
    describe: (i) => {
      const used = pick(model().timeline.context.used, kept);
      const x = xs();
      return i < used.length
        ? `${fmt.time(x[i])}: ${fmt.tokens(used[i])} tokens${percentMode() ? `, ${fmt.percent(value(used[i]))}` : ''}`
        : `Predicted full at ${fmt.time(x[i])}`;
    },
  };
}

/** Cumulative tokens (left axis) and cost (right axis). */
export function spendSpec(model: () => SessionPanelModel): ChartSpec {
  const c = (): SessionPanelModel['timeline']['cumulative'] => model().timeline.cumulative;
  const keepAt = decimated();
  /** The samples drawn at the last draw (indices into the cumulative samples). */
  let kept: number[] = [];
  return {
    id: 'spend',
    title: 'Tokens and cost',
    summary: () => {
      const t = model().timeline.totals;
      return `${fmt.tokens(t.tokens)} tokens and ${fmt.usd(t.costUsd)} so far; ${t.messages} messages.`;
    },
    options: (t) => ({
      ...baseOptions(t),
      scales: {
        x: timeScale(),
        tokens: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
        usd: { range: (_u, _min, max) => [0, Math.max(0.01, max * 1.1)] },
      },
      axes: [
        axis(t),
        axis(t, { scale: 'tokens', label: 'tokens', size: 60, values: (_u: uPlot, v: number[]) => v.map(fmt.tokens) }),
        axis(t, {
          scale: 'usd',
          side: 1,
          label: 'USD',
          size: 60,
          grid: { show: false },
          values: (_u: uPlot, v: number[]) => v.map(fmt.usd),
        }),
      ],
      series: [
        {},
        {
          label: 'Tokens',
          scale: 'tokens',
          stroke: t.blue,
          width: 2,
          points: { show: false },
          value: (_u, v) => (v === null ? '–' : fmt.tokens(v)),
        },
        {
          label: 'Cost',
          scale: 'usd',
          stroke: t.green,
          width: 2,
          points: { show: false },
          value: (_u, v) => (v === null ? '–' : fmt.usd(v)),
        },
      ],
    }),
    data: (w) => {
      const s = c();
      kept = keepAt(`${model().header.id}/${s.t.length}`, w, s.t, [s.tokens, s.cost]);
      return [pick(s.t, kept), pick(s.tokens, kept), pick(s.cost, kept)] as uPlot.AlignedData;
    },
    table: () => ({
      columns: [
        { key: 't', label: 'Time', value: (i) => fmt.time(c().t[i]) },
        { key: 'messages', label: 'Messages', numeric: true, value: (i) => c().messages[i] },
        { key: 'tokens', label: 'Tokens', numeric: true, value: (i) => c().tokens[i] },
        { key: 'cost', label: 'Cost', numeric: true, value: (i) => fmt.usd(c().cost[i]) },
      ],
      rows: c().t.map((_, i) => i),
      pageSize: TABLE_PAGE,
    }),
    describe: (d) => {
      const i = kept[d];
      return `${fmt.time(c().t[i])}: ${c().messages[i]} messages, ${fmt.tokens(c().tokens[i])} tokens, ${fmt.usd(c().cost[i])}`;
    },
  };
}
