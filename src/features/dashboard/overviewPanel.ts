/**
 * The overview panel (`Session Doctor: Open Dashboard`): every shown session in a sortable, filterable table, live
 * sessions against the concurrency limit, findings over time, cost and tokens per day. One panel; opening it again
 * reveals it.
 */
import * as vscode from 'vscode';
import { buildOverview } from '../../core/dashboard/overview';
import type { OverviewModel } from '../../core/dashboard/protocol';
import { DashboardDeps, DashboardPanel } from './panel';

/** The webview type of the overview (also its serializer's key and activation event). */
export const OVERVIEW_VIEW_TYPE = 'sessionDoctor.dashboard';

/** Delay between an engine change and the overview's update, ms. */
const OVERVIEW_DEBOUNCE_MS = 500;

/** The model of the overview now. */
export function overviewModel(deps: Pick<DashboardDeps, 'engine' | 'config' | 'concurrency' | 'samples'>, now = Date.now()): OverviewModel {
  const c = deps.config.current().concurrency;
  const status = deps.concurrency.status();
  return buildOverview(deps.engine.snapshot(), {
    now,
    limit: c.limit,
    liveWindowMs: c.liveWindowMinutes * 60_000,
    measured: deps.samples(),
    prediction: status?.prediction,
  });
}

/** The overview panel. */
export class OverviewPanel extends DashboardPanel {
  constructor(panel: vscode.WebviewPanel, deps: DashboardDeps) {
    super(panel, deps, 'overview', OVERVIEW_DEBOUNCE_MS);
    this.disposables.push(
      deps.engine.onDidChange(() => this.schedule()),
      deps.concurrency.onDidChange(() => this.schedule()),
    );
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'session-doctor.svg');
    this.load('Session Doctor');
  }

  /** Opens a new overview panel in the active editor group. */
  static create(deps: DashboardDeps): OverviewPanel {
    const panel = vscode.window.createWebviewPanel(OVERVIEW_VIEW_TYPE, 'Session Doctor', vscode.ViewColumn.Active);
    return new OverviewPanel(panel, deps);
  }

  /** Shows the panel. */
  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  protected override async onReady(): Promise<void> {
    await this.post({ type: 'overview', model: overviewModel(this.deps) });
  }

  protected override async update(): Promise<void> {
    await this.post({ type: 'overview', model: overviewModel(this.deps) });
  }
}
