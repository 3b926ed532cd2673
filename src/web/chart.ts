/**
 * A chart card: a heading, a uPlot chart drawn in the theme's colours, and a "Table" toggle that shows the same data as an
 * accessible table (screen readers; the choice is kept in the page state). The chart itself is keyboard navigable: it
 * takes focus, the arrow keys (Home, End, Page Up/Down) move the cursor from point to point and the live region reads
 * each point out; Enter activates the point (e.g. opens its transcript line).
 */
import uPlot from 'uplot';
import { announce, h } from './dom';
import { Column, renderTable } from './table';
import { Theme, currentTheme } from './theme';

/** What a chart shows. */
export interface ChartSpec {
  id: string;
  title: string;
  /** One sentence on what the chart shows now (its accessible name). */
  summary(): string;
  /** uPlot options for a theme (width and height are the card's). */
  options(theme: Theme): Omit<uPlot.Options, 'width' | 'height'>;
  /** The data to draw on a plot `width` CSS pixels wide (a chart may decimate it to what that width can show). */
  data(width: number): uPlot.AlignedData;
  /** The table view's columns and rows. */
  table(): { columns: Column<number>[]; rows: number[]; pageSize?: number };
  /** Words for the point at data index `i` (the keyboard cursor). */
  describe(i: number): string;
  /** Enter (or a click) on the point at data index `i`. */
  activate?(i: number): void;
  /** Height of the plot, CSS pixels (default 220). */
  height?: number;
}

/** Axis options in the theme's colours. */
export function axis(t: Theme, extra: Partial<uPlot.Axis> = {}): uPlot.Axis {
  return {
    stroke: t.foreground,
    font: t.font,
    labelFont: t.font,
    grid: { stroke: t.grid, width: 1 },
    ticks: { stroke: t.grid, width: 1 },
    ...extra,
  };
}

/**
 * Draws (or updates) several charts, reading every width and the theme before the first draw: one layout and one style
 * computation of the page instead of one per chart. `rebuild(i)` says whether chart `i` is drawn from scratch.
 */
export function drawAll(charts: readonly ChartCard[], rebuild: (i: number) => boolean): void {
  const widths = charts.map((c, i) => (rebuild(i) ? c.measure() : undefined));
  const theme = charts.some((_, i) => rebuild(i)) ? currentTheme() : undefined;
  charts.forEach((c, i) => c.update(rebuild(i), widths[i], theme));
}

/** A chart with its table view. */
export class ChartCard {
  readonly el: HTMLElement;
  private readonly plotEl: HTMLElement;
  private readonly tableEl: HTMLElement;
  private readonly toggle: HTMLElement;
  private plot: uPlot | undefined;
  private cursor = -1;
  /** A width measured by {@link drawAll} for the next draw. */
  private measured: number | undefined;
  private readonly resize: ResizeObserver;

  constructor(
    private readonly spec: ChartSpec,
    private tableShown: boolean,
    private readonly onToggle: (shown: boolean) => void,
  ) {
    const headingId = `h-${spec.id}`;
    this.toggle = h('vscode-button', {
      secondary: true,
      'aria-pressed': String(tableShown),
      'data-role': 'table-toggle',
      onClick: () => this.setTableShown(!this.tableShown),
      text: 'Table',
    });
    this.plotEl = h('div', {
      class: 'plot',
      tabindex: 0,
      role: 'img',
      'data-chart': spec.id,
      onKeydown: (ev) => this.key(ev as KeyboardEvent),
    });
    this.tableEl = h('div', { class: 'table-view', 'data-table': spec.id });
    this.el = h(
      'section',
      { class: 'card', 'aria-labelledby': headingId, 'data-card': spec.id },
      h('header', { class: 'card-head' }, h('h2', { id: headingId, text: spec.title }), this.toggle),
      this.plotEl,
      this.tableEl,
    );
    this.resize = new ResizeObserver(() => {
      const w = this.width();
      if (this.plot && w > 0 && Math.abs(this.plot.width - w) > 1) {
        this.plot.setSize({ width: w, height: this.height() });
        this.plot.setData(this.spec.data(w));
      }
    });
    this.resize.observe(this.el);
  }

  /**
   * The plot's width, CSS pixels. Reading it lays the page out: a page with several charts reads all widths first
   * ({@link drawAll}), so the page is laid out once, not once per chart.
   */
  measure(): number {
    return Math.max(200, Math.floor(this.plotEl.clientWidth || this.el.clientWidth || 600));
  }

  private width(): number {
    return this.measured ?? this.measure();
  }

  private height(): number {
    return this.spec.height ?? 220;
  }

  /** Draws the chart (again, e.g. after a theme change) and the table view when it is shown. */
  render(width?: number, theme: Theme = currentTheme()): void {
    this.measured = width;
    this.plot?.destroy();
    const opts: uPlot.Options = {
      ...this.spec.options(theme),
      width: this.width(),
      height: this.height(),
    };
    this.plot = new uPlot(opts, this.spec.data(opts.width), this.plotEl);
    this.plot.over.addEventListener('click', () => {
      const i = this.plot?.cursor.idx;
      if (i !== undefined && i !== null && i >= 0) {
        this.spec.activate?.(i);
      }
    });
    this.measured = undefined;
    this.describeChart();
    this.renderTable();
  }

  /** New data: redrawn in place (same series), or from scratch when `rebuild` (at `width` and in `theme` when given). */
  update(rebuild = false, width?: number, theme?: Theme): void {
    if (!this.plot || rebuild) {
      this.render(width, theme);
      return;
    }
    this.plot.setData(this.spec.data(this.plot.width));
    this.describeChart();
    this.renderTable();
  }

  private describeChart(): void {
    this.plotEl.setAttribute('aria-label', `${this.spec.title}: ${this.spec.summary()} Arrow keys read the points.`);
  }

  private renderTable(): void {
    this.tableEl.hidden = !this.tableShown;
    this.plotEl.hidden = false;
    if (!this.tableShown) {
      this.tableEl.replaceChildren();
      return;
    }
    const t = this.spec.table();
    this.tableEl.replaceChildren(renderTable(t.columns, t.rows, { caption: this.spec.title, pageSize: t.pageSize }));
  }

  private setTableShown(shown: boolean): void {
    this.tableShown = shown;
    this.toggle.setAttribute('aria-pressed', String(shown));
    this.renderTable();
    this.onToggle(shown);
  }

  private key(ev: KeyboardEvent): void {
    const plot = this.plot;
    if (!plot) {
      return;
    }
    const n = plot.data[0].length;
    if (n === 0) {
      return;
    }
    const page = Math.max(1, Math.round(n / 10));
    const moves: Record<string, number> = {
      ArrowRight: this.cursor + 1,
      ArrowLeft: this.cursor - 1,
      PageDown: this.cursor + page,
      PageUp: this.cursor - page,
      Home: 0,
      End: n - 1,
    };
    if (ev.key === 'Enter' && this.cursor >= 0) {
      this.spec.activate?.(this.cursor);
      ev.preventDefault();
      return;
    }
    if (!(ev.key in moves)) {
      return;
    }
    ev.preventDefault();
    this.cursor = Math.min(n - 1, Math.max(0, this.cursor < 0 && ev.key === 'ArrowLeft' ? n - 1 : moves[ev.key]));
    const x = plot.data[0][this.cursor];
    plot.setCursor({ left: plot.valToPos(x, 'x'), top: plot.bbox.height / devicePixelRatio / 2 });
    announce(this.spec.describe(this.cursor));
  }

  destroy(): void {
    this.resize.disconnect();
    this.plot?.destroy();
    this.plot = undefined;
  }
}
