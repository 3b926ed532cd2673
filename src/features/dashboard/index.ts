/**
 * The dashboard feature: the overview panel (Open Dashboard) and the session panel (Open Session Panel), two webviews
 * drawn by the web bundle (src/web), restored after a reload by their serializers, updated live from the engine.
 */
import * as vscode from 'vscode';
import type { LiveSample } from '../../core/alerting/limitTrend';
import { agentName, formatAgo, sessionLabel } from '../../core/report/labels';
import { registerCommand } from '../../host/vscode/commands';
import type { ServicesWithViews } from '../../host/vscode/services';
import { COMMAND_IDS } from '../../manifest/commands';
import { OVERVIEW_VIEW_TYPE, OverviewPanel } from './overviewPanel';
import type { DashboardDeps } from './panel';
import { SESSION_VIEW_TYPE, SessionPanel } from './sessionPanel';

/** Live-count samples kept for the overview (one per evaluation, every 30 s or on change: about a day). */
const MAX_SAMPLES = 3000;

/** The dashboard as the tests see it. */
export interface Dashboard {
  openOverview(): void;
  openSession(sessionId: string, preserveFocus?: boolean): void;
}

/** The session id a command argument names: a tree node or `{ sessionId }`, or a session id. */
export function sessionIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string' && arg) {
    return arg;
  }
  if (arg && typeof arg === 'object' && typeof (arg as { sessionId?: unknown }).sessionId === 'string') {
    return (arg as { sessionId: string }).sessionId;
  }
  return undefined;
}

/** Registers the commands and the panels' serializers. Call once from `activate`. */
export function register(context: vscode.ExtensionContext, services: ServicesWithViews): Dashboard {
  const samples: LiveSample[] = [];
  let overview: OverviewPanel | undefined;
  let session: SessionPanel | undefined;

  const deps: DashboardDeps = {
    extensionUri: context.extensionUri,
    engine: services.engine,
    config: services.config,
    concurrency: services.concurrency,
    sources: services.sources,
    fs: services.fs,
    log: services.log,
    samples: () => samples,
    openOverview: () => openOverview(),
    openSession: (id, preserveFocus) => openSession(id, preserveFocus ?? false),
  };

  const track = <P extends OverviewPanel | SessionPanel>(panel: P, clear: () => void): P => {
    panel.onDidDispose(clear);
    return panel;
  };

  const openOverview = (): void => {
    if (overview) {
      overview.reveal();
      return;
    }
    overview = track(OverviewPanel.create(deps), () => (overview = undefined));
  };

  const openSession = (sessionId: string, preserveFocus: boolean): void => {
    if (!services.engine.session(sessionId)) {
      throw new Error(`Session ${sessionId} is no longer known.`);
    }
    if (session) {
      session.show(sessionId, preserveFocus);
      return;
    }
    session = track(SessionPanel.create(deps, sessionId, preserveFocus), () => (session = undefined));
  };

  const pickSession = async (): Promise<string | undefined> => {
    const sessions = services.engine.snapshot();
    if (sessions.length === 0) {
      void vscode.window.showInformationMessage('Session Doctor: no agent session is shown (none active in the configured window).');
      return undefined;
    }
    const now = Date.now();
    const picked = await vscode.window.showQuickPick(
      sessions.map((s) => ({
        label: sessionLabel(s),
        description: `${s.health} · ${formatAgo(s.lastActivity, now)} · ${agentName(s.agent)}`,
        id: s.id,
      })),
      { placeHolder: 'Session to show', matchOnDescription: true },
    );
    return picked?.id;
  };

  context.subscriptions.push(
    services.concurrency.onDidChange((s) => {
      samples.push({ at: s.at, live: s.live });
      if (samples.length > MAX_SAMPLES) {
        samples.splice(0, samples.length - MAX_SAMPLES);
      }
    }),
    registerCommand(COMMAND_IDS.openDashboard, () => openOverview(), services.log),
    registerCommand(
      COMMAND_IDS.openSessionPanel,
      async (arg, options) => {
        const id = sessionIdOf(arg) ?? (await pickSession());
        if (id) {
          openSession(id, !!(options as { preserveFocus?: boolean } | undefined)?.preserveFocus);
        }
      },
      services.log,
    ),
    vscode.window.registerWebviewPanelSerializer(OVERVIEW_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => {
        if (overview) {
          panel.dispose();
          return;
        }
        overview = track(new OverviewPanel(panel, deps), () => (overview = undefined));
      },
    }),
    vscode.window.registerWebviewPanelSerializer(SESSION_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        const id = sessionIdOf(state);
        if (session || !id) {
          panel.dispose();
          return;
        }
        session = track(new SessionPanel(panel, deps, id), () => (session = undefined));
      },
    }),
    new vscode.Disposable(() => {
      overview?.dispose();
      session?.dispose();
    }),
  );
  return { openOverview, openSession: (id, preserveFocus) => openSession(id, preserveFocus ?? false) };
}
