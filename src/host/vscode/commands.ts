/** The one command wrapper: every Session Doctor command is registered through {@link registerCommand}. */
import * as vscode from 'vscode';
import { SHOW_LOGS, notify } from './notify';

/**
 * Registers command `id` and returns its disposable (push it to `context.subscriptions`). A handler that throws or
 * rejects is caught: the error is logged with its stack and shown once with a "Show Logs" button; the command then
 * resolves to undefined.
 */
export function registerCommand(id: string, handler: (...args: unknown[]) => unknown, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log.error(`${id} failed: ${message}`, err instanceof Error && err.stack ? err.stack : '');
      void notify('error', `Session Doctor: ${message}`, [SHOW_LOGS], { log });
      return undefined;
    }
  });
}
