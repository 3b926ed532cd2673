/** Notifications and the snooze picker, shared by every feature. */
import * as vscode from 'vscode';
import { SNOOZE_CHOICES, SnoozeChoice } from '../../core/alerting/alerts';

/** Notification level: `error` for CRITICAL findings and failures, `warning` for other findings, `info` for confirmations. */
export type NotifyLevel = 'error' | 'warning' | 'info';

/** Button that opens the log channel; handled by {@link notify} itself when a `log` is given. */
export const SHOW_LOGS = 'Show Logs';

/**
 * Shows a notification and resolves to the button chosen (undefined when dismissed). When `options.log` is given and
 * `Show Logs` is among the buttons, choosing it opens the log and resolves to `Show Logs`.
 */
export async function notify(
  level: NotifyLevel,
  message: string,
  buttons: readonly string[] = [],
  options: { modal?: boolean; detail?: string; log?: vscode.LogOutputChannel } = {},
): Promise<string | undefined> {
  const show =
    level === 'error'
      ? vscode.window.showErrorMessage
      : level === 'warning'
        ? vscode.window.showWarningMessage
        : vscode.window.showInformationMessage;
  const choice = await show(message, { modal: options.modal ?? false, detail: options.detail }, ...buttons);
  if (choice === SHOW_LOGS && options.log) {
    options.log.show(true);
  }
  return choice;
}

/** The snooze choice named in a command argument (`{ snooze: '15m' | '1h' | 'change' }`), if any. */
export function snoozeChoiceIn(arg: unknown): SnoozeChoice | undefined {
  const v = arg && typeof arg === 'object' ? (arg as { snooze?: unknown }).snooze : undefined;
  return SNOOZE_CHOICES.find((c) => c.choice === v)?.choice;
}

/** Asks how long to snooze (15 min, 1 h, until the session changes); undefined when cancelled. */
export async function pickSnooze(title: string): Promise<SnoozeChoice | undefined> {
  const picked = await vscode.window.showQuickPick(
    SNOOZE_CHOICES.map((c) => ({ label: c.label, detail: c.detail, choice: c.choice })),
    { placeHolder: `Snooze notifications for ${title}` },
  );
  return picked?.choice;
}
