/**
 * Notifications. Every message Session Doctor shows goes through {@link notify}; detections go through {@link Notifier},
 * which shows at most one notification per (session, failure type) per cooldown (a rise in severity may notify again),
 * nothing while catching up on old lines, and nothing for snoozed or acknowledged findings.
 */
import * as vscode from 'vscode';
import { AlertGate, alertKey, isNotifiable } from '../core/alertGate';
import { ACTION_INFO, COMMAND_IDS, RecoveryAction, recoveryFlagsOf, recoveryStepsFor } from '../core/recoveryActions';
import type { Config } from '../config';
import type { DetectionEvent, EngineApi } from './engineApi';
import { sessionLabel } from './format';
import type { FindingNode } from './treeNodes';

/** Notification level: `error` for CRITICAL findings and failures, `warning` for other findings, `info` for confirmations. */
export type NotifyLevel = 'error' | 'warning' | 'info';

/** Button that opens the log channel; handled by {@link notify} itself when a `log` is given. */
export const SHOW_LOGS = 'Show Logs';

/**
 * Shows a notification and resolves to the button chosen (undefined when dismissed). When `options.log` is given and
 * `Show Logs` is among the buttons, choosing it opens the log and resolves to `Show Logs`.
 */
export async function notify(level: NotifyLevel, message: string, buttons: readonly string[] = [], options: { modal?: boolean; detail?: string; log?: vscode.LogOutputChannel } = {}): Promise<string | undefined> {
  const show = level === 'error' ? vscode.window.showErrorMessage : level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const choice = await show(message, { modal: options.modal ?? false, detail: options.detail }, ...buttons);
  if (choice === SHOW_LOGS && options.log) {
    options.log.show(true);
  }
  return choice;
}

/** Snooze button text and duration (ms). */
export const SNOOZE_BUTTON = 'Snooze 1 Hour';
export const SNOOZE_MS = 3_600_000;
/** Button revealing the session in the Sessions view. */
export const SHOW_SESSION_BUTTON = 'Show Session';

/** What the notifier needs. */
export interface NotifierDeps {
  engine: EngineApi;
  /** Current settings (the notifier reads `notifications.*` on every detection). */
  config(): Config;
  /** Reveals a session (and finding) in the Sessions view. */
  reveal(sessionId: string, findingId?: number): Promise<void>;
  log?: vscode.LogOutputChannel;
  /** Clock, epoch ms; default `Date.now`. */
  now?: () => number;
}

/** Turns live detections into notifications with recovery buttons. */
export class Notifier implements vscode.Disposable {
  private readonly gate: AlertGate;
  private readonly subscription: { dispose(): void };
  private readonly now: () => number;

  constructor(private readonly deps: NotifierDeps) {
    this.now = deps.now ?? Date.now;
    this.gate = new AlertGate(deps.config().notifications.cooldownMinutes * 60_000, { now: this.now });
    this.subscription = deps.engine.onDidDetect((e) => void this.handle(e));
  }

  /** Applies a new cooldown (after a settings change). */
  configure(config: Config): void {
    this.gate.setCooldown(config.notifications.cooldownMinutes * 60_000);
  }

  /**
   * Handles one detection: notifies when it passes {@link isNotifiable} and the cooldown, then runs the chosen button.
   * Resolves when the notification is closed; never rejects (failures are logged).
   */
  async handle(e: DetectionEvent): Promise<void> {
    try {
      const { finding, session, live } = e;
      const config = this.deps.config();
      if (!isNotifiable(finding, live, config.notifications.minimumSeverity, this.now())) {
        return;
      }
      if (!this.gate.tryPass(alertKey(session.id, finding.type), finding.severity)) {
        this.deps.log?.debug(`Notification for ${finding.type} in ${session.id} held back by the cooldown`);
        return;
      }
      const steps: RecoveryAction[] = config.recovery.mode === 'off' ? [] : recoveryStepsFor(finding.strategy, session.agent, config.recipes, recoveryFlagsOf(session));
      const buttons = [...steps.map((a) => ACTION_INFO[a].label), SNOOZE_BUTTON, SHOW_SESSION_BUTTON];
      const message = `Session Doctor: ${finding.title} in ${sessionLabel(session)} (${finding.severity})`;
      this.deps.log?.info(message);
      if (steps.length > 0) {
        this.deps.engine.recordRecovery({
          sessionId: session.id,
          findingId: finding.id,
          failureType: finding.type,
          strategy: finding.strategy,
          outcome: 'offered',
          actor: 'system',
          detail: `Notification offered: ${steps.map((a) => ACTION_INFO[a].label).join(', ')}`,
        });
      }
      const choice = await notify(finding.severity === 'CRITICAL' ? 'error' : 'warning', message, buttons);
      const target: FindingNode = { kind: 'finding', sessionId: session.id, findingId: finding.id };
      if (choice === SNOOZE_BUTTON) {
        await vscode.commands.executeCommand(COMMAND_IDS.snoozeFinding, target);
      } else if (choice === SHOW_SESSION_BUTTON) {
        await this.deps.reveal(session.id, finding.id);
      } else if (choice !== undefined) {
        const action = steps.find((a) => ACTION_INFO[a].label === choice);
        if (action) {
          await vscode.commands.executeCommand(ACTION_INFO[action].command, target);
        }
      }
    } catch (err) {
      this.deps.log?.error('Notification failed', err);
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
