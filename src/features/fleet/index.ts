/**
 * The Fleet feature: with `sessionDoctor.fleet.prometheusUrl` set, the Fleet view lists the machines whose Session
 * Doctor watchers Prometheus scrapes, and their troubled sessions, from Prometheus's HTTP API (read-only), refreshed
 * every `sessionDoctor.fleet.refreshSeconds`. Credentials written into the URL are moved to SecretStorage and removed
 * from the setting; `Session Doctor: Set Fleet Credentials` stores them there directly (./credentials.ts). Queries run off
 * the extension host's critical path (fetch; one at a time; errors shown in the view).
 */
import * as vscode from 'vscode';
import { registerCommand } from '../../host/vscode/commands';
import type { Services } from '../../host/vscode/services';
import { COMMAND_IDS } from '../../manifest/commands';
import { VIEW_IDS } from '../../manifest/viewIds';
import { FLEET_SECRET_KEY, setFleetCredentials } from './credentials';
import { loadFleet } from './fleetModel';
import { FleetTreeProvider } from './fleetTree';
import { PrometheusError, splitCredentials } from './prometheusApi';

/** The Fleet view's id (contributed in src/manifest/views.ts). */
export const FLEET_VIEW_ID = VIEW_IDS.fleet;
const SECRET_KEY = FLEET_SECRET_KEY;
/**
 * While no URL is set, how often the settings are read again (ms; an in-memory read, no request). In code-server the
 * user value was sometimes not visible when the view registered, and no configuration change event followed within a
 * minute (2 of 4 e2e runs); this picks it up within seconds.
 */
const UNSET_RECHECK_MS = 5_000;

/** Registers the Fleet view and its refresh timer (both disposed with the extension). */
export function register(context: vscode.ExtensionContext, services: Pick<Services, 'log'>): void {
  const tree = new FleetTreeProvider();
  const view = vscode.window.createTreeView(FLEET_VIEW_ID, { treeDataProvider: tree });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  /** The message shown while no URL is set (not shown again on each recheck). */
  let unsetShown: string | undefined;

  const settings = () => {
    const c = vscode.workspace.getConfiguration('sessionDoctor.fleet');
    // Only the user's own settings: a workspace must not point the extension at a server of its choosing.
    const i = c.inspect<string>('prometheusUrl');
    return {
      url: (i?.globalValue ?? '').trim(),
      inWorkspace: !!(i?.workspaceValue || i?.workspaceFolderValue),
      refreshMs: Math.max(10, c.get<number>('refreshSeconds', 60)) * 1000,
    };
  };

  const refresh = async () => {
    const { url, inWorkspace } = settings();
    if (!url) {
      const text = inWorkspace
        ? 'sessionDoctor.fleet.prometheusUrl is set in workspace settings, which the Fleet view ignores: set it in your user settings.'
        : 'Set sessionDoctor.fleet.prometheusUrl (user settings) to see the machines Prometheus scrapes.';
      if (text !== unsetShown) {
        unsetShown = text;
        tree.show(text);
        view.message = undefined;
      }
      return;
    }
    unsetShown = undefined;
    if (running) {
      return;
    }
    running = true;
    try {
      const split = splitCredentials(url);
      if (split.authorization) {
        await context.secrets.store(SECRET_KEY, split.authorization);
        await vscode.workspace
          .getConfiguration('sessionDoctor.fleet')
          .update('prometheusUrl', split.url, vscode.ConfigurationTarget.Global);
        services.log.info('Fleet: the credentials of the Prometheus URL were moved to SecretStorage.');
      }
      const machines = await loadFleet({ url: split.url, authorization: await context.secrets.get(SECRET_KEY) });
      tree.show(machines.length ? machines : 'Prometheus knows no Session Doctor watcher (job="session-doctor").');
      const troubled = machines.reduce((a, m) => a + m.sessions.length, 0);
      view.badge = troubled ? { value: troubled, tooltip: `${troubled} troubled sessions in the fleet` } : undefined;
      view.message = `${split.url}, ${new Date().toLocaleTimeString()}`;
    } catch (e) {
      const msg = e instanceof PrometheusError ? e.message : `Fleet refresh failed: ${e instanceof Error ? e.message : String(e)}`;
      services.log.warn(msg);
      tree.show(msg);
    } finally {
      running = false;
    }
  };

  // Refresh now, then again after the refresh interval (read each time), or soon while no URL is set.
  const schedule = () => {
    if (timer) {
      clearTimeout(timer);
    }
    const { url, refreshMs } = settings();
    timer = setTimeout(schedule, url ? refreshMs : UNSET_RECHECK_MS);
    void refresh();
  };

  context.subscriptions.push(
    tree,
    view,
    registerCommand(
      COMMAND_IDS.setFleetCredentials,
      async () => {
        const done = await setFleetCredentials(context.secrets);
        if (done !== 'cancelled') {
          services.log.info(`Fleet: Prometheus credentials ${done} (SecretStorage).`);
          void refresh();
        }
      },
      services.log,
    ),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('sessionDoctor.fleet')) {
        schedule();
      }
    }),
    { dispose: () => timer && clearTimeout(timer) },
  );
  schedule();
}
