/**
 * The live-session count against `concurrency.limit`, shared by the status bar, the notifications and the cleanup command:
 * {@link ConcurrencyWatch} counts every 30 s and after changes, keeps the trend and shows the tiered alerts;
 * {@link fleetView} is the fleet as the engine sees it.
 */
import * as vscode from 'vscode';
import { ConcurrencyMonitor, ConcurrencySettings, ConcurrencyStatus, PriorityMatcher, SessionFacts } from '../../core/alerting/concurrency';
import { formatAgo } from '../../core/report/labels';
import { COMMAND_IDS } from '../../manifest/commands';
import { VIEW_IDS, focusCommand } from '../../manifest/viewIds';
import type { Config } from './config';
import type { EngineApi } from './engineApi';
import { notify } from './notify';

/** Button of the concurrency alert that focuses the Sessions view. */
export const SHOW_SESSIONS_BUTTON = 'Show Sessions';
/** Button of the concurrency alert that runs the cleanup command. */
export const CLEAN_UP_BUTTON = 'Clean Up Idle Sessions';
/** Command id of the cleanup (registered in src/features/recovery/sessionCleanup.ts). */
export const CLEAN_UP_COMMAND = COMMAND_IDS.cleanUpIdleSessions;

/** The concurrency settings of the core from {@link Config}. */
export function concurrencySettingsOf(config: Config): ConcurrencySettings {
  const c = config.concurrency;
  return {
    limit: c.limit,
    liveWindowMs: c.liveWindowMinutes * 60_000,
    idleCleanupMs: c.idleCleanupHours * 3_600_000,
    headroom: c.headroom,
    prioritySessions: c.prioritySessions,
  };
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

/** What the concurrency watch needs. */
export interface ConcurrencyWatchDeps {
  engine: EngineApi;
  /** Current settings (read on every evaluation). */
  config(): Config;
  log?: vscode.LogOutputChannel;
  /** Clock, epoch ms; default `Date.now`. */
  now?: () => number;
}

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
    const cleanupText =
      status.cleanup.candidates.length > 0
        ? ` ${status.cleanup.candidates.length} session(s) idle for ${this.deps.config().concurrency.idleCleanupHours} h or more can be cleaned up.`
        : '';
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
      await vscode.commands.executeCommand(focusCommand(VIEW_IDS.sessions));
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
