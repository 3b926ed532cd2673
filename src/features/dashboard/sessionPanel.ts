/**
 * The session panel (`Session Doctor: Open Session Panel`, a click on a session in the tree, a row of the overview): one
 * session's timeline, context use, cumulative tokens and cost, and its findings with their evidence and recovery
 * buttons. One panel, pointed at another session when another one is opened (as a preview editor is). Updates are
 * deltas: the page keeps the timeline it has and gets the new tail.
 */
import * as vscode from 'vscode';
import type { TimelineCursor } from '../../core/dashboard/protocol';
import { cursorOf } from '../../core/dashboard/protocol';
import { SessionPanelInput, buildSessionDelta, buildSessionPanel } from '../../core/dashboard/sessionPanel';
import { clip, sessionLabel } from '../../core/report/labels';
import { DashboardDeps, DashboardPanel } from './panel';
import { TimelineSource } from './timelineSource';

/** The webview type of the session panel (also its serializer's key and activation event). */
export const SESSION_VIEW_TYPE = 'sessionDoctor.session';

/** Delay between an engine change and the panel's update, ms (a 429 must show within 2 s). */
const SESSION_DEBOUNCE_MS = 200;

/** Audit rows read for the recovery markers. */
const AUDIT_ROWS = 200;

/** The session panel. */
export class SessionPanel extends DashboardPanel {
  private source: TimelineSource;
  /** Where the page's timeline ends, and the source generation it belongs to; undefined until the page has it all. */
  private sent: { cursor: TimelineCursor; generation: number } | undefined;

  constructor(
    panel: vscode.WebviewPanel,
    deps: DashboardDeps,
    private sessionIdNow: string,
  ) {
    super(panel, deps, 'session', SESSION_DEBOUNCE_MS);
    this.source = this.sourceFor(sessionIdNow);
    this.disposables.push(
      deps.engine.onDidChange((ids) => {
        if (ids.length === 0 || ids.includes(this.sessionIdNow)) {
          this.schedule();
        }
      }),
    );
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'session-doctor.svg');
    this.load(this.titleOf(sessionIdNow), sessionIdNow);
  }

  /** Opens a new session panel. */
  static create(deps: DashboardDeps, sessionId: string, preserveFocus: boolean): SessionPanel {
    const panel = vscode.window.createWebviewPanel(SESSION_VIEW_TYPE, 'Session', { viewColumn: vscode.ViewColumn.Active, preserveFocus });
    return new SessionPanel(panel, deps, sessionId);
  }

  /** The session shown. */
  get sessionId(): string {
    return this.sessionIdNow;
  }

  /** Shows `sessionId` (pointing the panel at it if it shows another one) and reveals the panel. */
  show(sessionId: string, preserveFocus: boolean): void {
    if (sessionId !== this.sessionIdNow) {
      this.retarget(sessionId);
      void this.sendAll();
    }
    this.panel.reveal(undefined, preserveFocus);
  }

  private retarget(sessionId: string): void {
    this.sessionIdNow = sessionId;
    this.source = this.sourceFor(sessionId);
    this.sent = undefined;
    this.panel.title = this.titleOf(sessionId);
  }

  private sourceFor(sessionId: string): TimelineSource {
    const s = this.deps.engine.session(sessionId);
    const file = s?.file ?? '';
    const kind = file ? this.deps.sources.files().find((f) => f.path === file)?.kind : undefined;
    return new TimelineSource(this.deps.fs, sessionId, file, kind);
  }

  private titleOf(sessionId: string): string {
    const s = this.deps.engine.session(sessionId);
    return s ? `Session: ${clip(sessionLabel(s), 40)}` : 'Session';
  }

  private input(fromTranscript: boolean): SessionPanelInput {
    const config = this.deps.config.current();
    return {
      now: Date.now(),
      warnPercent: config.health.contextWarnPercent,
      recipes: config.recipes,
      audit: this.deps.engine.audit(AUDIT_ROWS, this.sessionIdNow),
      fromTranscript,
    };
  }

  protected override async onReady(): Promise<void> {
    // The host decides which session the panel shows (a restored panel got it from the page state at revival); the page
    // takes it from the model.
    this.sent = undefined;
    await this.sendAll();
  }

  private async sendAll(): Promise<void> {
    const id = this.sessionIdNow;
    const source = this.source;
    await source.refresh();
    if (id !== this.sessionIdNow) {
      return; // retargeted meanwhile; that one sends
    }
    const s = this.deps.engine.session(id);
    if (!s) {
      await this.post({ type: 'sessionGone', sessionId: id });
      return;
    }
    const timeline = source.timeline();
    const model = buildSessionPanel(s, timeline, this.input(source.readable));
    const cursor = cursorOf(timeline);
    if (await this.post({ type: 'session', model })) {
      this.sent = { cursor, generation: source.generation };
    }
  }

  protected override async update(): Promise<void> {
    const id = this.sessionIdNow;
    const source = this.source;
    await source.refresh();
    if (id !== this.sessionIdNow) {
      return;
    }
    if (!this.sent || this.sent.generation !== source.generation) {
      await this.sendAll();
      return;
    }
    const s = this.deps.engine.session(id);
    if (!s) {
      await this.post({ type: 'sessionGone', sessionId: id });
      return;
    }
    this.panel.title = this.titleOf(id);
    const timeline = source.timeline();
    const delta = buildSessionDelta(s, timeline, this.sent.cursor, this.input(source.readable));
    const cursor = cursorOf(timeline);
    if (await this.post({ type: 'sessionDelta', sessionId: id, delta })) {
      this.sent = { cursor, generation: source.generation };
    }
  }
}
