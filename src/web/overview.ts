/**
 * The overview page: live sessions against the limit, findings over time by severity (and a table by type), cost and
 * tokens per day by agent, and the sessions table (sortable, filterable; a row opens the session panel).
 */
import type uPlot from 'uplot';
import type { OverviewModel, SessionRow } from '../core/dashboard/protocol';
import { ChartCard, ChartSpec, axis, drawAll } from './chart';
import { h } from './dom';
import * as fmt from './format';
import { PageState, loadState, post, saveState } from './host';
import { baseOptions, levelSeries, stack, stackedBarSeries, timeScale, withAlpha } from './series';
import { Column, renderTable, sortRows } from './table';

import { severityColor } from './theme';

/** Rows of the sessions table per page. */
const SESSIONS_PAGE = 50;

const SEVERITY_ORDER = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
const HEALTH_RANK: Record<string, number> = { critical: 0, warning: 1, ok: 2 };

/** The sessions table's columns. */
const SESSION_COLUMNS: Column<SessionRow>[] = [
  {
    key: 'label',
    label: 'Session',
    value: (r) => r.label,
    cell: (r) =>
      h(
        'button',
        { class: 'link', type: 'button', 'data-open-session': r.id, onClick: () => post({ type: 'openSession', sessionId: r.id }) },
        r.label,
      ),
  },
  { key: 'agent', label: 'Agent', value: (r) => r.agentName },
  { key: 'project', label: 'Project', value: (r) => r.project },
  {
    key: 'health',
    label: 'Health',
    value: (r) => HEALTH_RANK[r.health],
    cell: (r) => h('span', { class: `health ${r.health}`, text: r.health }),
  },
  { key: 'state', label: 'State', value: (r) => r.stateLabel },
  { key: 'messages', label: 'Messages', numeric: true, value: (r) => r.messages },
  { key: 'context', label: 'Context', numeric: true, value: (r) => r.contextPercent ?? -1, cell: (r) => fmt.percent(r.contextPercent) },
  { key: 'cost', label: 'Cost', numeric: true, value: (r) => r.costUsd, cell: (r) => fmt.usd(r.costUsd) },
  { key: 'lastActivity', label: 'Last activity', numeric: true, value: (r) => r.lastActivity, cell: (r) => fmt.ago(r.lastActivity) },
  {
    key: 'openFindings',
    label: 'Open findings',
    numeric: true,
    value: (r) => r.openFindings,
    cell: (r) => `${r.openFindings} of ${r.findings}`,
  },
];

/** The overview page. */
export class OverviewView {
  private model: OverviewModel | undefined;
  private readonly charts: ChartCard[] = [];
  private state: PageState;
  private readonly summary = h('p', { class: 'summary', 'data-field': 'summary' });
  private readonly sessionsEl = h('div', { class: 'sessions' });
  private readonly byTypeEl = h('div', { class: 'by-type' });
  private readonly filterText: HTMLElement;
  private readonly filterHealth: HTMLElement;
  private readonly filterAgent: HTMLElement;
  private agentsListed = '';

  constructor(private readonly root: HTMLElement) {
    this.state = loadState('overview');
    const filter = this.state.filter ?? { text: '', health: '', agent: '' };
    this.filterText = h('vscode-textfield', {
      placeholder: 'Filter sessions',
      'aria-label': 'Filter sessions by text',
      value: filter.text,
    });
    this.filterText.addEventListener('input', () => this.filtersChanged());
    this.filterHealth = this.select('Health', ['', 'critical', 'warning', 'ok'], filter.health);
    this.filterAgent = this.select('Agent', [''], filter.agent);
    for (const spec of [this.liveSpec(), this.findingsSpec(), this.costSpec(), this.tokensSpec()]) {
      this.charts.push(new ChartCard(spec, !!this.state.tables?.[spec.id], (shown) => this.tableToggled(spec.id, shown)));
    }
    root.replaceChildren(
      h('header', { class: 'page-head' }, h('h1', { text: 'Session Doctor' }), this.summary),
      h('div', { class: 'grid' }, ...this.charts.map((c) => c.el)),
      h(
        'section',
        { class: 'card wide', 'aria-labelledby': 'h-sessions', 'data-card': 'sessions' },
        h('header', { class: 'card-head' }, h('h2', { id: 'h-sessions', text: 'Sessions' })),
        h('div', { class: 'filters', role: 'search' }, this.filterText, this.filterHealth, this.filterAgent),
        this.sessionsEl,
      ),
      h(
        'section',
        { class: 'card wide', 'aria-labelledby': 'h-by-type', 'data-card': 'by-type' },
        h('header', { class: 'card-head' }, h('h2', { id: 'h-by-type', text: 'Findings by type' })),
        this.byTypeEl,
      ),
    );
  }

  private select(label: string, values: string[], selected: string): HTMLElement {
    // A native select in VS Code's dropdown colours: vscode-single-select reads each option's innerText (a forced layout
    // of the whole page per option), which cost more than the rest of the overview put together (measured in the bench).
    const el = h('select', { class: 'dropdown', 'aria-label': `Filter by ${label.toLowerCase()}` });
    this.fillSelect(el, label, values, selected);
    el.addEventListener('change', () => this.filtersChanged());
    return el;
  }

  private fillSelect(el: HTMLElement, label: string, values: string[], selected: string): void {
    el.replaceChildren(...values.map((v) => h('option', { value: v, selected: v === selected, text: v || `${label}: all` })));
    (el as HTMLElement & { value: string }).value = selected;
  }

  private filtersChanged(): void {
    const value = (el: HTMLElement): string => (el as HTMLElement & { value?: string }).value ?? '';
    this.state = {
      ...this.state,
      filter: { text: value(this.filterText), health: value(this.filterHealth), agent: value(this.filterAgent) },
    };
    saveState({ filter: this.state.filter }, 'overview');
    this.renderSessions();
  }

  private tableToggled(id: string, shown: boolean): void {
    this.state = { ...this.state, tables: { ...(this.state.tables ?? {}), [id]: shown } };
    saveState({ tables: this.state.tables }, 'overview');
  }

  /** Shows a model (first or updated). */
  show(model: OverviewModel): void {
    const first = !this.model;
    const reshaped =
      !this.model || this.model.spend.agents.length !== model.spend.agents.length || this.model.live.limit !== model.live.limit;
    this.model = model;
    this.root.setAttribute('aria-busy', 'false');
    const open = model.sessions.reduce((a, s) => a + s.openFindings, 0);
    const cost = model.sessions.reduce((a, s) => a + s.costUsd, 0);
    const live = model.live.current ?? model.live.live[model.live.live.length - 1] ?? 0;
    this.summary.textContent =
      `${model.sessions.length} session${model.sessions.length === 1 ? '' : 's'} · ${live} live` +
      (model.live.limit > 0 ? ` of ${model.live.limit}` : '') +
      ` · ${open} open finding${open === 1 ? '' : 's'} · ${fmt.usd(cost)} · updated ${new Date(model.generatedAt).toLocaleTimeString()}`;
    const agents = [...new Set(model.sessions.map((s) => s.agentName))].sort();
    const filter = this.state.filter ?? { text: '', health: '', agent: '' };
    if (agents.join('\n') !== this.agentsListed) {
      this.agentsListed = agents.join('\n');
      this.fillSelect(this.filterAgent, 'Agent', ['', ...agents], agents.includes(filter.agent) ? filter.agent : '');
    }
    this.renderSessions();
    this.byTypeEl.replaceChildren(
      renderTable(
        [
          { key: 'title', label: 'Failure', value: (i: number) => model.findings.byType[i].title },
          { key: 'worst', label: 'Worst severity', value: (i: number) => model.findings.byType[i].worst },
          { key: 'findings', label: 'Findings', numeric: true, value: (i: number) => model.findings.byType[i].findings },
          { key: 'occurrences', label: 'Occurrences', numeric: true, value: (i: number) => model.findings.byType[i].occurrences },
          { key: 'sessions', label: 'Sessions', numeric: true, value: (i: number) => model.findings.byType[i].sessions },
        ],
        model.findings.byType.map((_, i) => i),
        { caption: 'Findings by failure type', empty: 'No finding.' },
      ),
    );
    // Every DOM write above comes before the charts read their widths, so the page is laid out once.
    drawAll(this.charts, () => first || reshaped);
    if (first && this.state.scrollY) {
      window.scrollTo(0, this.state.scrollY);
    }
  }

  /** Redraws the charts (theme change). */
  redraw(): void {
    drawAll(this.charts, () => true);
  }

  private renderSessions(): void {
    if (!this.model) {
      return;
    }
    const f = this.state.filter ?? { text: '', health: '', agent: '' };
    const text = f.text.trim().toLowerCase();
    const rows = this.model.sessions.filter(
      (s) =>
        (!f.health || s.health === f.health) &&
        (!f.agent || s.agentName === f.agent) &&
        (!text || `${s.label} ${s.project} ${s.agentName} ${s.worstFinding} ${s.id}`.toLowerCase().includes(text)),
    );
    const sort = this.state.sort ?? { key: 'health', dir: 'asc' };
    this.sessionsEl.replaceChildren(
      renderTable(SESSION_COLUMNS, sortRows(rows, SESSION_COLUMNS, sort), {
        caption: `Sessions (${rows.length} of ${this.model.sessions.length})`,
        sort,
        onSort: (s) => {
          this.state = { ...this.state, sort: s };
          saveState({ sort: s }, 'overview');
          this.renderSessions();
        },
        rowAttrs: (r) => ({ 'data-session-id': r.id, class: `row ${r.health}` }),
        // 50 rows a page, the top of the order first: 200 rows laid out at once cost a third of the overview's first render
        pageSize: SESSIONS_PAGE,
        pageFrom: 'start',
        empty: 'No session matches.',
      }),
    );
  }

  // ---- charts ----------------------------------------------------------------------------------------------------------

  private liveSpec(): ChartSpec {
    const m = (): OverviewModel['live'] => this.model!.live;
    const xs = (): number[] => {
      const l = m();
      const last = l.t[l.t.length - 1] ?? 0;
      return l.prediction && l.prediction.atMs > last ? [...l.t, l.prediction.atMs] : l.t;
    };
    return {
      id: 'live',
      title: 'Live sessions',
      summary: () => {
        const l = m();
        const now = l.live[l.live.length - 1] ?? 0;
        const until = l.prediction ? ` At the current trend the limit is reached at ${fmt.time(l.prediction.atMs)}.` : '';
        return `${now} sessions live now${l.limit > 0 ? ` of a limit of ${l.limit}` : ''}.${until}`;
      },
      options: (t) => {
        const l = m();
        const tierColors: Record<string, string> = { notice: t.yellow, warning: t.orange, critical: t.red };
        return {
          ...baseOptions(t),
          scales: { x: timeScale(), y: { range: (_u, _min, max) => [0, Math.max(l.limit, max, 1) + 1] } },
          axes: [
            axis(t),
            axis(t, { label: 'sessions', values: (_u: uPlot, v: number[]) => v.map((x) => (Number.isInteger(x) ? String(x) : '')) }),
          ],
          series: [
            {},
            { label: 'Live', stroke: t.blue, fill: withAlpha(t.blue, 0.2), width: 2, points: { show: false } },
            ...(l.limit > 0
              ? [
                  levelSeries('Limit', t.red, []),
                  ...l.tiers.map((tier) => levelSeries(`${tier.tier} (${tier.atLive})`, tierColors[tier.tier] ?? t.muted)),
                ]
              : []),
            { label: 'Predicted', stroke: t.purple, width: 2, dash: [2, 4], points: { show: true, size: 6 } },
          ],
        };
      },
      data: () => {
        const l = m();
        const x = xs();
        const live = x.map((_, i) => (i < l.live.length ? l.live[i] : null));
        const level = (v: number): number[] => x.map(() => v);
        const predicted = x.map(() => null as number | null);
        if (l.prediction && x.length > l.t.length) {
          predicted[l.t.length - 1] = l.live[l.live.length - 1];
          predicted[x.length - 1] = l.limit;
        }
        const levels = l.limit > 0 ? [level(l.limit), ...l.tiers.map((tier) => level(tier.atLive))] : [];
        return [x, live, ...levels, predicted] as uPlot.AlignedData;
      },
      table: () => ({
        columns: [
          { key: 't', label: 'Time', value: (i) => fmt.time(m().t[i]) },
          { key: 'live', label: 'Live sessions', numeric: true, value: (i) => m().live[i] },
        ],
        rows: m().t.map((_, i) => i),
        limit: 500,
      }),
      describe: (i) => {
        const l = m();
        return i < l.t.length ? `${fmt.time(l.t[i])}: ${l.live[i]} live` : `Predicted: the limit of ${l.limit} at ${fmt.time(xs()[i])}`;
      },
    };
  }

  private findingsSpec(): ChartSpec {
    const m = (): OverviewModel['findings'] => this.model!.findings;
    const raw = (row: number, idx: number): number => m().severities[row]?.counts[idx] ?? 0;
    return {
      id: 'findings',
      title: 'Findings over time',
      summary: () => {
        const total = m().severities.reduce((a, s) => a + s.counts.reduce((x, y) => x + y, 0), 0);
        return `${total} findings opened, per ${m().bucketMs >= 86_400_000 ? 'day' : 'hour'}, by severity.`;
      },
      options: (t) => ({
        ...baseOptions(t),
        scales: { x: timeScale(m().bucketMs / 2), y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] } },
        axes: [axis(t), axis(t, { label: 'findings' })],
        series: [
          {},
          ...stackedBarSeries(
            SEVERITY_ORDER,
            SEVERITY_ORDER.map((s) => severityColor(t, s)),
            raw,
            (v) => String(v),
          ),
        ],
      }),
      data: () => [m().buckets, ...stack(m().severities.map((s) => s.counts)).reverse()] as uPlot.AlignedData,
      table: () => ({
        columns: [
          { key: 't', label: m().bucketMs >= 86_400_000 ? 'Day' : 'Hour', value: (i) => fmt.time(m().buckets[i]) },
          ...SEVERITY_ORDER.map((s, row) => ({ key: s, label: s, numeric: true, value: (i: number) => raw(row, i) })),
        ],
        rows: m().buckets.map((_, i) => i),
      }),
      describe: (i) => `${fmt.time(m().buckets[i])}: ${SEVERITY_ORDER.map((s, row) => `${raw(row, i)} ${s}`).join(', ')}`,
    };
  }

  private spendSpec(id: 'cost' | 'tokens', title: string, format: (v: number) => string): ChartSpec {
    const m = (): OverviewModel['spend'] => this.model!.spend;
    const raw = (row: number, idx: number): number => m().agents[row]?.[id][idx] ?? 0;
    return {
      id,
      title,
      summary: () =>
        `${format(m().agents.reduce((a, ag) => a + ag[id].reduce((x, y) => x + y, 0), 0))} over ${m().days.length} days, by agent.`,
      options: (t) => ({
        ...baseOptions(t),
        scales: { x: timeScale(43_200_000), y: { range: (_u, _min, max) => [0, Math.max(max, 1e-9) * 1.1] } },
        axes: [axis(t), axis(t, { label: id === 'cost' ? 'USD' : 'tokens', size: 60, values: (_u: uPlot, v: number[]) => v.map(format) })],
        series: [
          {},
          ...stackedBarSeries(
            m().agents.map((a) => a.name),
            m().agents.map((_, i) => t.palette[i % t.palette.length]),
            raw,
            format,
          ),
        ],
      }),
      data: () => [m().days, ...stack(m().agents.map((a) => a[id])).reverse()] as uPlot.AlignedData,
      table: () => ({
        columns: [
          { key: 'day', label: 'Day', value: (i) => fmt.day(m().days[i]) },
          ...m().agents.map((a, row) => ({ key: a.agent, label: a.name, numeric: true, value: (i: number) => format(raw(row, i)) })),
        ],
        rows: m().days.map((_, i) => i),
      }),
      describe: (i) =>
        `${fmt.day(m().days[i])}: ${
          m()
            .agents.map((a, row) => `${a.name} ${format(raw(row, i))}`)
            .join(', ') || 'nothing'
        }`,
    };
  }

  private costSpec(): ChartSpec {
    return this.spendSpec('cost', 'Cost per day', fmt.usd);
  }

  private tokensSpec(): ChartSpec {
    return this.spendSpec('tokens', 'Tokens per day', fmt.tokens);
  }

  /** Remembers the scroll position (state survives hide/show). */
  rememberScroll(): void {
    saveState({ scrollY: Math.round(window.scrollY) }, 'overview');
  }
}
