/** The notifications feature: one editor notification per group of findings detected together, with their recoveries. */
import type * as vscode from 'vscode';
import type { ServicesWithViews } from '../../host/vscode/services';
import { Notifier } from './notifier';

/** Creates the notifier (disposed with the extension). Call once from `activate`. */
export function register(context: vscode.ExtensionContext, services: ServicesWithViews): void {
  const notifier = new Notifier({
    engine: services.engine,
    config: () => services.config.current(),
    reveal: (id, finding) => services.sessionsView.reveal(id, finding),
    log: services.log,
  });
  context.subscriptions.push(
    notifier,
    services.config.onDidChange((next) => notifier.configure(next)),
  );
}
