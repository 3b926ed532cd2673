/**
 * The views feature: the Sessions tree, the status bar item and the notifier, registered together.
 */
import * as vscode from 'vscode';
import { Config, onConfigChange, readConfig } from '../host/vscode/config';
import type { EngineApi } from '../host/vscode/engineApi';
import { ConcurrencyWatch, Notifier } from './notifications/notifier';
import { SessionTree } from './sessions/sessionTree';
import { HealthStatusBar } from './statusBar/statusBar';

export type { EngineApi, DetectionEvent } from '../host/vscode/engineApi';

/** What the views need. */
export interface ViewsDeps {
  engine: EngineApi;
  /** The "Session Doctor" log channel (`{ log: true }`); notifications are logged to it. */
  log?: vscode.LogOutputChannel;
  /** Resolves when the sources have caught up on existing transcripts (the live-session count starts then). */
  ready?: Promise<void>;
}

/** What the views offer the rest of the extension (and tests). */
export interface Views {
  /** Refreshes the tree and the status bar now (no debounce). */
  refresh(): void;
  /** Opens the Sessions view and reveals a session (and one of its findings). Resolves when shown. */
  reveal(sessionId: string, findingId?: number): Promise<void>;
  /** The tree view (for `message`, `badge`, `visible`, selection). */
  readonly treeView: vscode.TreeView<import('./sessions/treeNodes').TreeNode>;
  /** The live-session count against `concurrency.limit` (tiers, trend, cleanup candidates). */
  readonly concurrency: ConcurrencyWatch;
}

/**
 * Creates the Sessions tree view, the status bar item and the notifier, and pushes every disposable to
 * `context.subscriptions`. Call once from `activate`.
 */
export function registerViews(context: vscode.ExtensionContext, deps: ViewsDeps): Views {
  let config: Config = readConfig();
  const tree = new SessionTree(deps.engine, Date.now, () => config.recipes);
  const concurrency = new ConcurrencyWatch({ engine: deps.engine, config: () => config, log: deps.log }, deps.ready);
  const statusBar = new HealthStatusBar(deps.engine, concurrency);
  const reveal = async (sessionId: string, findingId?: number): Promise<void> => {
    await vscode.commands.executeCommand('sessionDoctor.sessions.focus');
    await tree.reveal(sessionId, findingId);
  };
  const notifier = new Notifier({ engine: deps.engine, config: () => config, reveal, log: deps.log });
  tree.setRecoveryOff(config.recovery.mode === 'off');
  context.subscriptions.push(
    tree,
    concurrency,
    statusBar,
    notifier,
    onConfigChange(undefined, (next) => {
      config = next;
      notifier.configure(next);
      tree.setRecoveryOff(next.recovery.mode === 'off');
      tree.provider.refresh(); // recipes may have changed what each session offers
    }),
  );
  return {
    refresh: () => {
      tree.provider.refresh();
      statusBar.update();
    },
    reveal,
    treeView: tree.view,
    concurrency,
  };
}
