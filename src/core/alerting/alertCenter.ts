/**
 * The alert center: silences first, then the cooldowns ({@link TieredGate}), then alerts admitted within a short window
 * grouped into one notification. Timers belong to the adapter (src/features/notifications/notifier.ts), which asks
 * {@link AlertCenter.dueAt}.
 */
import { severityRank } from '../model/failures';
import { Alert, AlertClock, CooldownOf, GateVerdict, TieredGate, pairKey } from './cooldowns';
import { Silence, silences } from './silences';

/** Alerts shown as one notification. */
export interface AlertGroup {
  /** The alerts, worst first (then the newest). One per (session, type): the highest level admitted. */
  alerts: Alert[];
  /** The worst alert (its actions are offered). */
  worst: Alert;
  /** Distinct sessions among the alerts. */
  sessionCount: number;
  /** The notification text, e.g. "3 findings in 2 sessions: Rate limit (429) in api — fix tests (CRITICAL); ...". */
  message: string;
}

/** Alerts named in a group's message before "and N more". */
const GROUP_MESSAGE_MAX = 3;

/**
 * The group of `alerts` (non-empty): one per (session, type) keeping the highest level, worst first.
 * @throws Error when `alerts` is empty.
 */
export function groupAlerts(alerts: readonly Alert[]): AlertGroup {
  if (alerts.length === 0) {
    throw new Error('groupAlerts needs at least one alert');
  }
  const byPair = new Map<string, { a: Alert; order: number }>();
  alerts.forEach((a, order) => {
    const k = pairKey(a);
    const prev = byPair.get(k);
    if (!prev || severityRank(a.level) >= severityRank(prev.a.level)) {
      byPair.set(k, { a, order });
    }
  });
  const sorted = [...byPair.values()]
    .sort((x, y) => severityRank(y.a.level) - severityRank(x.a.level) || y.order - x.order)
    .map((x) => x.a);
  const sessionCount = new Set(sorted.map((a) => a.sessionId)).size;
  const describe = (a: Alert): string => `${a.title}${a.sessionLabel ? ` in ${a.sessionLabel}` : ''} (${a.level})`;
  let message: string;
  if (sorted.length === 1) {
    message = describe(sorted[0]);
  } else {
    const named = sorted.slice(0, GROUP_MESSAGE_MAX).map(describe).join('; ');
    const more = sorted.length > GROUP_MESSAGE_MAX ? `; and ${sorted.length - GROUP_MESSAGE_MAX} more` : '';
    message = `${sorted.length} findings in ${sessionCount} session${sessionCount === 1 ? '' : 's'}: ${named}${more}`;
  }
  return { alerts: sorted, worst: sorted[0], sessionCount, message };
}

// ---- the center ------------------------------------------------------------------------------------------------------

/** What the alert center reads about silences and sessions. */
export interface AlertContext {
  /** Current silences (from the store). */
  silences(): readonly Silence[];
  /** The session's message count, or undefined when the session is unknown. */
  messageCount(sessionId: string): number | undefined;
}

/** Settings of the alert center. */
export interface AlertCenterOptions {
  /** Alerts admitted within this many ms of the first pending one become one notification (default 1500). */
  groupWindowMs: number;
  /** Cooldown per type and level, ms. */
  cooldownOf: CooldownOf;
}

/** What happened to an offered alert. */
export type OfferResult = 'queued' | 'silenced' | GateVerdict;

/**
 * Silences, then the tiered gate, then grouping. {@link offer} queues admitted alerts; {@link flush} returns the group
 * once {@link dueAt} has passed (the adapter sets a timer for it). Pure: the clock is injected.
 */
export class AlertCenter {
  private readonly gate: TieredGate;
  private pending: Alert[] = [];
  private firstAt = 0;
  private groupWindowMs: number;

  constructor(
    options: AlertCenterOptions,
    private readonly context: AlertContext,
    private readonly clock: AlertClock = { now: () => Date.now() },
  ) {
    this.gate = new TieredGate(options.cooldownOf, clock);
    this.groupWindowMs = Math.max(0, options.groupWindowMs);
  }

  /** Applies new settings. */
  configure(options: AlertCenterOptions): void {
    this.gate.setCooldowns(options.cooldownOf);
    this.groupWindowMs = Math.max(0, options.groupWindowMs);
  }

  /** Offers an alert: `silenced`, held back by the gate (`cooldown`, `inhibited`), or `queued` for the next group. */
  offer(a: Alert): OfferResult {
    const now = this.clock.now();
    const count = a.sessionId ? this.context.messageCount(a.sessionId) : undefined;
    if (this.context.silences().some((s) => silences(s, a, now, count))) {
      return 'silenced';
    }
    const verdict = this.gate.admit(a);
    if (verdict !== 'admitted') {
      return verdict;
    }
    if (this.pending.length === 0) {
      this.firstAt = now;
    }
    this.pending.push(a);
    return 'queued';
  }

  /** Epoch ms when the pending group is due, or undefined when nothing is pending. */
  dueAt(): number | undefined {
    return this.pending.length > 0 ? this.firstAt + this.groupWindowMs : undefined;
  }

  /** The pending group when due (`force`: even before), emptying the queue; undefined otherwise. */
  flush(force = false): AlertGroup | undefined {
    const due = this.dueAt();
    if (due === undefined || (!force && this.clock.now() < due)) {
      return undefined;
    }
    const group = groupAlerts(this.pending);
    this.pending = [];
    return group;
  }

  /** Alerts waiting for their group. */
  get pendingCount(): number {
    return this.pending.length;
  }
}
