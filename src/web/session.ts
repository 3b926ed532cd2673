/**
 * The session panel page: the session's numbers, its timeline, context and spend charts, and its findings with the
 * evidence line and the recovery buttons (which run the Sessions tree's commands through the host).
 */
import type { FindingView, SessionDelta, SessionPanelModel } from '../core/dashboard/protocol';
import { appendTimeline } from '../core/dashboard/protocol';
import { ChartCard, drawAll } from './chart';
import { announce, h } from './dom';
import * as fmt from './format';
import { PageState, loadState, post, saveState } from './host';
import { contextSpec, spendSpec, timelineSpec } from './timelineCharts';

/** The session panel page. */
export class SessionView {
  private model: SessionPanelModel | undefined;
  private charts: ChartCard[] = [];
  private state: PageState;
  private readonly head = h('header', { class: 'page-head' });
  private readonly facts = h('dl', { class: 'facts' });
  private readonly totals = h('p', { class: 'summary', 'data-field': 'timeline-totals' });
  private readonly findingsEl = h('div', { class: 'findings' });
  private readonly body = h('div', { class: 'session-body' });

  constructor(
    private readonly root: HTMLElement,
    sessionId: string | undefined,
  ) {
    this.state = loadState('session');
    // A page shown again keeps the session it showed last (the host may have pointed the panel at another one since
    // the HTML was written); a new page starts with the one in its HTML.
    if (!this.state.sessionId && sessionId) {
      this.state = { ...this.state, sessionId };
      saveState(this.state, 'session');
    }
    const get = (): SessionPanelModel => this.model!;
    this.charts = [timelineSpec(get), contextSpec(get), spendSpec(get)].map(
      (spec) => new ChartCard(spec, !!this.state.tables?.[spec.id], (shown) => this.tableToggled(spec.id, shown)),
    );
    this.body.replaceChildren(
      this.facts,
      this.charts[0].el,
      this.totals,
      h('div', { class: 'grid' }, this.charts[1].el, this.charts[2].el),
      h(
        'section',
        { class: 'card wide', 'aria-labelledby': 'h-findings', 'data-card': 'findings' },
        h('header', { class: 'card-head' }, h('h2', { id: 'h-findings', text: 'Findings' })),
        this.findingsEl,
      ),
    );
    root.replaceChildren(this.head, this.body);
  }

  /** The session this page shows (from its saved state), for the `ready` message. */
  get sessionId(): string | undefined {
    return this.state.sessionId;
  }

  private tableToggled(id: string, shown: boolean): void {
    this.state = { ...this.state, tables: { ...(this.state.tables ?? {}), [id]: shown } };
    saveState({ tables: this.state.tables }, 'session');
  }

  /** Shows a whole model. */
  show(model: SessionPanelModel): void {
    const first = !this.model || this.model.header.id !== model.header.id;
    this.model = model;
    this.state = { ...this.state, sessionId: model.header.id };
    saveState({ sessionId: model.header.id }, 'session');
    this.root.setAttribute('aria-busy', 'false');
    this.renderHead();
    this.renderFindings();
    drawAll(this.charts, () => first);
    if (first && this.state.scrollY) {
      window.scrollTo(0, this.state.scrollY);
    }
  }

  /** Applies an update; false when it does not fit the page's timeline (the page then asks for everything). */
  apply(delta: SessionDelta): boolean {
    const m = this.model;
    if (!m || m.header.id !== delta.header.id || !appendTimeline(m.timeline, delta.from, delta.tail)) {
      return false;
    }
    const added = delta.tail.points.length;
    const newErrors = delta.tail.points.filter((p) => p.lane === 'error').length;
    const percentModeChanged = delta.header.windowTokens > 0 !== m.header.windowTokens > 0;
    m.header = delta.header;
    m.markers = delta.markers;
    m.findings = delta.findings;
    m.overflowAt = delta.overflowAt;
    this.renderHead();
    this.renderFindings();
    drawAll(this.charts, (i) => i === 1 && percentModeChanged);
    if (added > 0) {
      announce(`${added} new event${added === 1 ? '' : 's'}${newErrors ? `, ${newErrors} API error${newErrors === 1 ? '' : 's'}` : ''}.`);
    }
    return true;
  }

  /** The session is no longer listed. */
  gone(sessionId: string): void {
    this.root.setAttribute('aria-busy', 'false');
    this.head.replaceChildren(h('h1', { text: 'Session' }), this.backButton());
    this.body.replaceChildren(
      h('p', { class: 'empty', text: `Session ${sessionId} is no longer listed (it is older than the active window, or was removed).` }),
    );
  }

  /** Redraws the charts (theme change). */
  redraw(): void {
    if (this.model) {
      drawAll(this.charts, () => true);
    }
  }

  /** Remembers the scroll position. */
  rememberScroll(): void {
    saveState({ scrollY: Math.round(window.scrollY) }, 'session');
  }

  private backButton(): HTMLElement {
    return h('vscode-button', {
      secondary: true,
      'data-role': 'overview',
      onClick: () => post({ type: 'openOverview' }),
      text: 'Open Dashboard',
    });
  }

  private renderHead(): void {
    const m = this.model!;
    const s = m.header;
    this.head.replaceChildren(
      h('h1', { text: s.label }),
      h(
        'div',
        { class: 'actions' },
        this.backButton(),
        s.file
          ? h('vscode-button', {
              secondary: true,
              onClick: () => post({ type: 'openTranscript', sessionId: s.id }),
              text: 'Open Transcript',
            })
          : undefined,
      ),
    );
    if (s.actions.length > 0) {
      // The session menu's recoveries (a finding's own come with the finding below).
      this.head.append(
        h(
          'div',
          { class: 'actions', role: 'group', 'aria-label': 'Recovery', 'data-role': 'session-actions' },
          ...s.actions.map((a) =>
            h('vscode-button', {
              secondary: true,
              title: a.detail,
              'data-action': a.action,
              onClick: () => post({ type: 'runAction', action: a.action, sessionId: s.id }),
              text: a.label,
            }),
          ),
        ),
      );
    }
    const fact = (label: string, field: string, value: string, title?: string): Node[] => [
      h('dt', { text: label }),
      h('dd', { 'data-field': field, title }, value),
    ];
    this.facts.replaceChildren(
      ...fact('Agent', 'agent', `${s.agentName}${s.model ? ` · ${s.model}` : ''}`),
      ...fact('Health', 'health', s.health),
      ...fact('State', 'state', s.stateLabel, s.activityDetail),
      ...fact('Messages', 'messages', String(s.messages)),
      ...fact(
        'Context',
        'context',
        s.contextPercent === null
          ? '–'
          : `${fmt.percent(s.contextPercent)}${s.turnsLeft !== undefined ? ` (~${s.turnsLeft} turns left)` : ''}`,
      ),
      ...fact('Tokens', 'tokens', fmt.tokens(s.tokens), String(s.tokens)),
      ...fact('Cost', 'cost', fmt.usd(s.costUsd), String(s.costUsd)),
      ...fact('Findings', 'findings', `${s.findings} (${s.openFindings} open)`),
      ...fact('Last activity', 'lastActivity', fmt.ago(s.lastActivity), fmt.time(s.lastActivity)),
    );
    const t = m.timeline.totals;
    this.totals.replaceChildren(
      m.source === 'none'
        ? 'No transcript is known for this session: the timeline shows its findings and recoveries only.'
        : `From the transcript: ${t.events} events · `,
      ...(m.source === 'none'
        ? []
        : [
            h('span', { 'data-timeline-field': 'messages', text: String(t.messages) }),
            ' messages · ',
            h('span', { 'data-timeline-field': 'cost', title: String(t.costUsd), text: fmt.usd(t.costUsd) }),
            ` · ${fmt.tokens(t.tokens)} tokens · ${t.toolCalls} tool calls · `,
            h('span', { 'data-timeline-field': 'errors', text: String(t.errors) }),
            ` API errors (${t.retries} retries, ${fmt.duration(t.waitMs)} waited) · ${t.compactions} compactions · `,
            h('span', { 'data-timeline-field': 'findings', text: String(m.findings.length) }),
            ' findings',
          ]),
    );
  }

  private renderFindings(): void {
    const m = this.model!;
    if (m.findings.length === 0) {
      this.findingsEl.replaceChildren(h('p', { class: 'empty', text: 'No finding: this session looks healthy.' }));
      return;
    }
    this.findingsEl.replaceChildren(...m.findings.map((f) => this.finding(m.header.id, f)));
  }

  private finding(sessionId: string, f: FindingView): HTMLElement {
    const when = f.lastSeen > f.firstSeen ? `${fmt.time(f.firstSeen)} – ${fmt.time(f.lastSeen)}` : fmt.time(f.firstSeen);
    const buttons = f.actions.map((a) =>
      h('vscode-button', {
        secondary: !a.recommended,
        title: a.detail,
        'data-action': a.action,
        onClick: () => post({ type: 'runAction', action: a.action, sessionId, findingId: f.id }),
        text: a.recommended ? `${a.label} (recommended)` : a.label,
      }),
    );
    const line = f.hasLine
      ? h('vscode-button', {
          secondary: true,
          'data-role': 'line',
          onClick: () => post({ type: 'openTranscript', sessionId, findingId: f.id }),
          text: 'Go to Line',
        })
      : undefined;
    return h(
      'article',
      { class: `finding ${f.severity.toLowerCase()} ${f.status}`, 'data-finding-id': f.id, 'aria-labelledby': `f-${f.id}` },
      h(
        'h3',
        { id: `f-${f.id}` },
        h('span', { class: `severity ${f.severity.toLowerCase()}`, text: f.severity }),
        ` ${f.title}`,
        h('span', { class: 'status', text: ` · ${f.status} · ×${f.count}` }),
      ),
      h('p', { class: 'meta', text: `${when} · ${f.strategy}${f.escalation ? ` · ${f.escalation}` : ''}` }),
      f.evidence ? h('pre', { class: 'evidence', tabindex: 0, 'aria-label': 'Evidence line' }, f.evidence) : undefined,
      buttons.length || line ? h('div', { class: 'actions' }, ...buttons, line) : undefined,
    );
  }
}
