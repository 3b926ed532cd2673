/** The sessions feature: the Sessions tree view (sessions, their findings, the recoveries each offers). */
import * as vscode from 'vscode';
import type { ServicesWithSources, SessionsViewService } from '../../host/vscode/services';
import { VIEW_IDS, focusCommand } from '../../manifest/viewIds';
import { SessionTree } from './sessionTree';
import type { TreeNode } from './treeNodes';

/** The Sessions view as this feature gives it to the others, with the tree view itself (for tests). */
export interface SessionsView extends SessionsViewService {
  readonly treeView: vscode.TreeView<TreeNode>;
}

/** Creates the Sessions tree view and pushes its disposables to `context.subscriptions`. Call once from `activate`. */
export function register(context: vscode.ExtensionContext, services: ServicesWithSources): SessionsView {
  const config = () => services.config.current();
  const tree = new SessionTree(services.engine, Date.now, () => config().recipes);
  tree.setRecoveryOff(config().recovery.mode === 'off');
  context.subscriptions.push(
    tree,
    services.config.onDidChange((next) => {
      tree.setRecoveryOff(next.recovery.mode === 'off');
      tree.provider.refresh(); // recipes may have changed what each session offers
    }),
  );
  return {
    refresh: () => tree.provider.refresh(),
    addSection: (section) => tree.provider.addSection(section),
    reveal: async (sessionId, findingId) => {
      await vscode.commands.executeCommand(focusCommand(VIEW_IDS.sessions));
      await tree.reveal(sessionId, findingId);
    },
    treeView: tree.view,
  };
}
