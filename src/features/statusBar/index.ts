/** The status bar feature: one item with the worst health and the live-session count; it opens the Sessions view. */
import type * as vscode from 'vscode';
import type { Services } from '../../host/vscode/services';
import { HealthStatusBar } from './statusBar';

/** Creates the status bar item (disposed with the extension). Call once from `activate`. */
export function register(context: vscode.ExtensionContext, services: Pick<Services, 'engine' | 'concurrency'>): void {
  context.subscriptions.push(new HealthStatusBar(services.engine, services.concurrency));
}
