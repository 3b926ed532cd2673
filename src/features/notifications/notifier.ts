/**
 * Notifications. Every message Session Doctor shows goes through {@link notify}. Detections go through {@link Notifier},
 * a thin adapter over the alert center (src/core/alerting/alerts.ts): silences, per-level cooldowns with inhibition, escalation
 * only on a real rise, and grouping of findings detected together into one notification (CRITICAL: an error message;
 * otherwise a warning; with the worst finding's recovery buttons, a snooze and "Show Session"). Nothing is shown while
 * catching up on old lines, nor for snoozed or acknowledged findings. {@link ConcurrencyWatch} counts live sessions
 * against `concurrency.limit` and raises the tiered concurrency alerts (src/core/alerting/concurrency.ts).
 */
import * as vscode from 'vscode';
import { AlertCenter, AlertGroup, SNOOZE_CHOICES, SnoozeChoice, alertOfFinding, isNotifiable, liftedSilences, uniformCooldown } from '../../core/alerting/alerts';
import { ConcurrencyMonitor, ConcurrencySettings, ConcurrencyStatus, PriorityMatcher, SessionFacts } from '../../core/alerting/concurrency';
import { ACTION_INFO, COMMAND_IDS, RecoveryAction, recoveryFlagsOf, recoveryStepsFor } from '../../core/recovery/recoveryActions';
import type { Config } from '../../host/vscode/config';
import type { DetectionEvent, EngineApi } from '../../host/vscode/engineApi';
import { formatAgo, sessionLabel } from '../../core/report/labels';
import type { FindingNode } from '../sessions/treeNodes';

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

/** Snooze button text: it opens the snooze choices (15 min, 1 h, until the session changes). */
export const SNOOZE_BUTTON = 'Snooze…';
/** Button revealing the session in the Sessions view. */
export const SHOW_SESSION_BUTTON = 'Show Session';
/** Button of the concurrency alert that focuses the Sessions view. */
export const SHOW_SESSIONS_BUTTON = 'Show Sessions';
/** Button of the concurrency alert that runs the cleanup command. */
export const CLEAN_UP_BUTTON = 'Clean Up Idle Sessions';
/** Command id of the cleanup (registered in src/features/recovery/sessionCleanup.ts). */
export const CLEAN_UP_COMMAND = 'sessionDoctor.cleanUpIdleSessions';

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
    return { groupWindowMs: config.notifications.groupWindowMs, cooldownOf: uniformCooldown(config.notifications.cooldownMinutes * 60_000) };
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
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const group = this.center.flush(true);
      if (group) {
        void this.show(group);
      }
    }, Math.max(0, due - this.now()));
  }

  /** Shows one group and runs the chosen button. Resolves when the notification is closed; never rejects. */
  async show(group: AlertGroup): Promise<void> {
    try {
      const { worst } = group;
      const session = this.deps.engine.session(worst.sessionId);
      const finding = session?.findings.find((f) => f.id === worst.findingId);
      const config = this.deps.config();
      const steps: RecoveryAction[] = !session || !finding || config.recovery.mode === 'off' ? [] : recoveryStepsFor(finding.strategy, session.agent, config.recipes, recoveryFlagsOf(session));
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
      const target: FindingNode = { kind: 'finding', sessionId: worst.sessionId, findingId: worst.findingId ?? -1 };
      if (choice === SNOOZE_BUTTON) {
        await vscode.commands.executeCommand(COMMAND_IDS.snoozeFinding, target);
      } else if (choice === SHOW_SESSION_BUTTON) {
        await this.deps.reveal(worst.sessionId, worst.findingId);
      } else {
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
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    this.subscription.dispose();
  }
}

// ---- concurrency -----------------------------------------------------------------------------------------------------

/** The concurrency settings of the core from {@link Config}. */
export function concurrencySettingsOf(config: Config): ConcurrencySettings {
  const c = config.concurrency;
  return { limit: c.limit, liveWindowMs: c.liveWindowMinutes * 60_000, idleCleanupMs: c.idleCleanupHours * 3_600_000, headroom: c.headroom, prioritySessions: c.prioritySessions };
}

/** What the concurrency watch and the cleanup command share: liveness facts and the priority rule, from the engine. */
export interface FleetView {
  sessions: SessionFacts[];
  facts: { process(id: string): { state: 'running' | 'exited'; atMs: number } | undefined; closedAt(id: string): number | undefined };
  isPriority(s: SessionFacts): boolean;
  /** Problems in `concurrency.prioritySessions` (bad patterns). */
  problems: string[];
}

/** The matcher of the current `concurrency.prioritySessions` (compiled again only when the setting changes). */
let lastMatcher: { key: string; matcher: PriorityMatcher } | undefined;

/** The fleet as the engine sees it now: shown sessions, process states, cleanup closures, priority marks and patterns. */
export function fleetView(engine: EngineApi, config: Config): FleetView {
  const marks = engine.sessionMarks();
  const key = config.concurrency.prioritySessions.join('\n');
  if (!lastMatcher || lastMatcher.key !== key) {
    lastMatcher = { key, matcher: new PriorityMatcher(config.concurrency.prioritySessions) };
  }
  const matcher = lastMatcher.matcher;
  const priority = new Set(marks.priority);
  return {
    sessions: engine.snapshot().map((s) => ({ id: s.id, lastActivity: s.lastActivity, title: s.title, project: s.project })),
    facts: { process: (id) => engine.agentProcess(id), closedAt: (id) => marks.closed.get(id) },
    isPriority: (s) => priority.has(s.id) || matcher.matches(s),
    problems: matcher.problems,
  };
}

/** What the concurrency watch needs: the notifier's dependencies without `reveal`. */
export type ConcurrencyWatchDeps = Omit<NotifierDeps, 'reveal'>;

/** Time between evaluations of the live count, ms (the seed's monitor checks every 30 s). */
const CONCURRENCY_INTERVAL_MS = 30_000;
/** Delay between an engine change and a re-evaluation, ms. */
const CONCURRENCY_DEBOUNCE_MS = 1000;

/**
 * Counts live sessions every 30 s and after changes, keeps the trend, shows the tiered concurrency alerts (with a
 * "Clean Up Idle Sessions" button when there are candidates) and writes suggested cleanups to the audit log.
 */
export class ConcurrencyWatch implements vscode.Disposable {
  private readonly monitor: ConcurrencyMonitor;
  private current: ConcurrencyStatus | undefined;
  private readonly listeners = new Set<(s: ConcurrencyStatus) => void>();
  private readonly interval: ReturnType<typeof setInterval>;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private readonly subscription: { dispose(): void };
  private lastProblems = '';
  private started = false;

  /**
   * @param ready resolves when the sources have caught up on existing transcripts; counting starts then, so the trend
   *   does not read the catch-up as a rise.
   */
  constructor(
    private readonly deps: ConcurrencyWatchDeps,
    ready: Promise<void> = Promise.resolve(),
  ) {
    const now = deps.now ?? Date.now;
    this.monitor = new ConcurrencyMonitor({ now });
    this.interval = setInterval(() => this.evaluate(), CONCURRENCY_INTERVAL_MS);
    this.subscription = deps.engine.onDidChange(() => {
      if (this.started && this.debounce === undefined) {
        this.debounce = setTimeout(() => {
          this.debounce = undefined;
          this.evaluate();
        }, CONCURRENCY_DEBOUNCE_MS);
      }
    });
    void ready.then(
      () => {
        this.started = true;
        this.evaluate();
      },
      () => {
        this.started = true;
      },
    );
  }

  /** The last evaluation (undefined before the first). */
  status(): ConcurrencyStatus | undefined {
    return this.current;
  }

  /** Listens for each evaluation. */
  onDidChange(listener: (s: ConcurrencyStatus) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Evaluates now; shows the tier alert when one is due. Never throws (failures are logged). */
  evaluate(): ConcurrencyStatus | undefined {
    if (!this.started) {
      return undefined;
    }
    try {
      const config = this.deps.config();
      const fleet = fleetView(this.deps.engine, config);
      const problems = fleet.problems.join('\n');
      if (problems && problems !== this.lastProblems) {
        fleet.problems.forEach((p) => this.deps.log?.warn(`Settings: ${p}`));
      }
      this.lastProblems = problems;
      const status = this.monitor.evaluate(fleet.sessions, concurrencySettingsOf(config), fleet.facts, fleet.isPriority);
      this.current = status;
      for (const l of [...this.listeners]) {
        l(status);
      }
      if (status.alert) {
        void this.showAlert(status);
      }
      return status;
    } catch (err) {
      this.deps.log?.error('Counting live sessions failed', err);
      return undefined;
    }
  }

  private async showAlert(status: ConcurrencyStatus): Promise<void> {
    const tier = status.tier!;
    const suggested = status.cleanup.candidates.filter((c) => c.suggested);
    const now = (this.deps.now ?? Date.now)();
    const cleanupText = status.cleanup.candidates.length > 0 ? ` ${status.cleanup.candidates.length} session(s) idle for ${this.deps.config().concurrency.idleCleanupHours} h or more can be cleaned up.` : '';
    const message = `Session Doctor: ${status.alert!.title}. ${tier.advice}${cleanupText}`;
    this.deps.log?.info(message);
    for (const c of suggested) {
      this.deps.engine.recordRecovery({
        sessionId: c.sessionId,
        strategy: 'cleanup',
        outcome: 'offered',
        actor: 'system',
        detail: `Cleanup suggested at ${status.live} of ${status.limit} live sessions (${tier.tier}): idle since ${formatAgo(now - c.idleMs, now)}.`,
      });
    }
    const buttons = status.cleanup.candidates.length > 0 ? [CLEAN_UP_BUTTON, SHOW_SESSIONS_BUTTON] : [SHOW_SESSIONS_BUTTON];
    const choice = await notify(tier.tier === 'critical' ? 'error' : tier.tier === 'warning' ? 'warning' : 'info', message, buttons);
    if (choice === CLEAN_UP_BUTTON) {
      await vscode.commands.executeCommand(CLEAN_UP_COMMAND);
    } else if (choice === SHOW_SESSIONS_BUTTON) {
      await vscode.commands.executeCommand('sessionDoctor.sessions.focus');
    }
  }

  dispose(): void {
    clearInterval(this.interval);
    if (this.debounce !== undefined) {
      clearTimeout(this.debounce);
    }
    this.subscription.dispose();
    this.listeners.clear();
  }
}

// ---- snooze ----------------------------------------------------------------------------------------------------------

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
