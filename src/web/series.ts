/** Series helpers shared by the pages' charts: stacked bars, constant lines, colours with alpha. */
import uPlot from 'uplot';
import type { Theme } from './theme';

/** Cumulative sums of rows (row i = sum of rows 0..i), for stacked bars drawn tallest first. */
export function stack(rows: readonly (readonly number[])[]): number[][] {
  const out: number[][] = [];
  rows.forEach((r, i) => out.push(r.map((v, j) => v + (i > 0 ? out[i - 1][j] : 0))));
  return out;
}

/** A colour with an alpha, for fills: `#rrggbb` and `rgb(...)` get one; anything else is kept. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    const n = parseInt(hex[1], 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  const rgb = /^rgba?\(([^,]+),([^,]+),([^,)]+)/i.exec(color.trim());
  return rgb ? `rgba(${rgb[1].trim()}, ${rgb[2].trim()}, ${rgb[3].trim()}, ${alpha})` : color;
}

/** Bars of a stacked bar chart. */
export function barPaths(): uPlot.Series.PathBuilder {
  return uPlot.paths.bars!({ size: [0.7, 48], gap: 1 });
}

/**
 * Series of a stacked bar chart: `names` bottom first; the returned series are tallest (the total) first, so each
 * lower stack is drawn over the one above it. `raw` gives the legend the unstacked value.
 */
export function stackedBarSeries(
  names: readonly string[],
  colors: readonly string[],
  raw: (row: number, idx: number) => number,
  format: (v: number) => string,
): uPlot.Series[] {
  return names
    .map((name, i) => ({
      label: name,
      stroke: colors[i],
      fill: withAlpha(colors[i], 0.85),
      width: 0,
      paths: barPaths(),
      points: { show: false },
      value: (_u: uPlot, _v: number | null, _si: number, idx: number | null) =>
        idx === null || idx === undefined ? '–' : format(raw(i, idx)),
    }))
    .reverse();
}

/** A dashed constant line (a limit or a threshold). */
export function levelSeries(label: string, color: string, dash: number[] = [6, 4]): uPlot.Series {
  return { label, stroke: color, width: 1.5, dash, points: { show: false }, spanGaps: true };
}

/** The time axis scale in ms, with a range padded by `pad` ms each side. */
export function timeScale(pad = 0): uPlot.Scale {
  return {
    time: true,
    range: (_u, min, max) => (min === max ? [min - Math.max(pad, 60_000), max + Math.max(pad, 60_000)] : [min - pad, max + pad]),
  };
}

/** Options every chart shares: ms timestamps, the theme's cursor and legend. */
export function baseOptions(t: Theme): Pick<uPlot.Options, 'ms' | 'cursor' | 'legend' | 'focus'> {
  return {
    ms: 1,
    cursor: { points: { size: 8 }, drag: { x: false, y: false }, focus: { prox: 16 } },
    legend: { live: true },
    focus: { alpha: t.kind.startsWith('high-contrast') ? 1 : 0.4 },
  };
}
