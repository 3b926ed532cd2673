/**
 * Notifications of findings: {@link Notifier}, a thin adapter over the alert center (src/core/alerting/alerts.ts): silences, per-level cooldowns with inhibition, escalation
 * only on a real rise, and grouping of findings detected together into one notification (CRITICAL: an error message;
 * otherwise a warning; with the worst finding's recovery buttons, a snooze and "Show Session"). Nothing is shown while
 * catching up on old lines, nor for snoozed or acknowledged findings.
 */
import * as vscode from 'vscode';
import { AlertCenter, AlertGroup, alertOfFinding, isNotifiable, liftedSilences, uniformCooldown } from '../../core/alerting/alerts';
import { ACTION_INFO, RecoveryAction, recoveryFlagsOf, recoveryStepsFor } from '../../core/recovery/recoveryActions';
import { COMMAND_IDS, RECOVERY_ACTION_COMMANDS } from '../../manifest/commands';
import type { Config } from '../../host/vscode/config';
import type { DetectionEvent, EngineApi } from '../../host/vscode/engineApi';
import { sessionLabel } from '../../core/report/labels';
import { notify } from '../../host/vscode/notify';

/** Snooze button text: it opens the snooze choices (15 min, 1 h, until the session changes). */
export const SNOOZE_BUTTON = 'Snooze…';
/** Button revealing the session in the Sessions view. */
export const SHOW_SESSION_BUTTON = 'Show Session';

/** What the notifier needs. */
export interface NotifierDeps {
  engine: EngineApi;
  /** Current settings (read on every detection). */
  config(): Config;
  /** Reveals a session (and finding) in the Sessions view. */
  reveal(sessionId: string, findingId?: number): Promise<void>;
  log?: vscode.LogOutputChannel;
  /** Clock, epoch ms; default `Date.now`. */
  now?: () => number;
}

/** Turns live detections into grouped notifications with recovery buttons. */
export class Notifier implements vscode.Disposable {
  private readonly center: AlertCenter;
  private readonly subscription: { dispose(): void };
  private readonly now: () => number;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: NotifierDeps) {
    this.now = deps.now ?? Date.now;
    const engine = deps.engine;
    this.center = new AlertCenter(
      Notifier.optionsOf(deps.config()),
      { silences: () => engine.silences(), messageCount: (id) => engine.session(id)?.messageCount },
      { now: this.now },
    );
    this.subscription = engine.onDidDetect((e) => this.handle(e));
  }

  private static optionsOf(config: Config): { groupWindowMs: number; cooldownOf: ReturnType<typeof uniformCooldown> } {
    return {
      groupWindowMs: config.notifications.groupWindowMs,
      cooldownOf: uniformCooldown(config.notifications.cooldownMinutes * 60_000),
    };
  }

  /** Applies new settings (cooldown, group window). */
  configure(config: Config): void {
    this.center.configure(Notifier.optionsOf(config));
  }

  /**
   * Handles one detection: offers it to the alert center when it is notifiable; the group is shown when its window ends.
   * Never throws (failures are logged).
   */
  handle(e: DetectionEvent): void {
    try {
      const { finding, session, live } = e;
      if (!isNotifiable(finding, live, this.deps.config().notifications.minimumSeverity, this.now())) {
        return;
      }
      this.liftSilences();
      const verdict = this.center.offer(alertOfFinding(finding, sessionLabel(session)));
      if (verdict !== 'queued') {
        this.deps.log?.debug(`Notification for ${finding.type} (${finding.severity}) in ${session.id} held back: ${verdict}`);
        return;
      }
      this.schedule();
    } catch (err) {
      this.deps.log?.error('Notification failed', err);
    }
  }

  /** Deletes silences that no longer hold (their time is over, or their session changed). */
  private liftSilences(): void {
    const engine = this.deps.engine;
    for (const s of liftedSilences(engine.silences(), this.now(), (id) => engine.session(id)?.messageCount)) {
      engine.removeSilence(s.id);
      this.deps.log?.debug(`Silence ${s.id} of ${s.sessionId} lifted`);
    }
  }

  private schedule(): void {
    const due = this.center.dueAt();
    if (due === undefined || this.timer !== undefined) {
      return;
    }
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        const group = this.center.flush(true);
        if (group) {
          void this.show(group);
        }
      },
      Math.max(0, due - this.now()),
    );
  }

  /** Shows one group and runs the chosen button. Resolves when the notification is closed; never rejects. */
  async show(group: AlertGroup): Promise<void> {
    try {
      const { worst } = group;
      const session = this.deps.engine.session(worst.sessionId);
      const finding = session?.findings.find((f) => f.id === worst.findingId);
      const config = this.deps.config();
      const steps: RecoveryAction[] =
        !session || !finding || config.recovery.mode === 'off'
          ? []
          : recoveryStepsFor(finding.strategy, session.agent, config.recipes, recoveryFlagsOf(session));
      const buttons = [...steps.map((a) => ACTION_INFO[a].label), SNOOZE_BUTTON, SHOW_SESSION_BUTTON];
      const message = `Session Doctor: ${group.message}`;
      this.deps.log?.info(message);
      if (session && finding && steps.length > 0) {
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
      const choice = await notify(worst.level === 'CRITICAL' ? 'error' : 'warning', message, buttons);
      if (choice === undefined) {
        return;
      }
      // The argument the finding commands take (the shape of a finding node of the Sessions tree).
      const target = { kind: 'finding', sessionId: worst.sessionId, findingId: worst.findingId ?? -1 };
      if (choice === SNOOZE_BUTTON) {
        await vscode.commands.executeCommand(COMMAND_IDS.snoozeFinding, target);
      } else if (choice === SHOW_SESSION_BUTTON) {
        await this.deps.reveal(worst.sessionId, worst.findingId);
      } else {
        const action = steps.find((a) => ACTION_INFO[a].label === choice);
        if (action) {
          await vscode.commands.executeCommand(RECOVERY_ACTION_COMMANDS[action], target);
        }
      }
    } catch (err) {
      this.deps.log?.error('Notification failed', err);
    }
  }

  dispose(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    this.subscription.dispose();
  }
}
