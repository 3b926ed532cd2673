/**
 * Alerting without storms: the rules that turn detections (findings, concurrency tiers) into few, useful notifications.
 * Every alert has a key (session, type, level). A level has its own cooldown; sending a level also counts as sending
 * every lower level of the same (session, type), so a higher level inhibits the lower ones for their cooldowns (as
 * Prometheus Alertmanager's inhibition rules do) and only a real rise in level notifies again. Alerts admitted within a
 * short window are grouped into one notification. Silences (snooze for a while, or until the session changes) are
 * checked first; they are kept in the store by the caller so they survive a restart.
 *
 * Pure module: the clock is injected; timers belong to the adapter (src/features/notifications/notifier.ts), which asks {@link AlertCenter.dueAt}.
 */
import { FailureType, SEVERITIES, Severity, severityRank } from '../model/failures';


/** What a process or terminal source knows of a session's agent process (the engine's `agentProcess`). */
export interface ProcessFacts {
  state: 'running' | 'exited';
  /** Epoch ms it was observed. */
  atMs: number;
}

/** Time source, epoch ms. */
export interface AlertClock {
  now(): number;
}

/** One alert: something that may deserve a notification. */
export interface Alert {
  /** Session id; "" for fleet-wide alerts (concurrency). */
  sessionId: string;
  /** What it is about: a failure type (`rate_limit`, ...) or `concurrency`. */
  type: string;
  /** Its level (severity). */
  level: Severity;
  /** Short title, e.g. "Rate limit (429)". */
  title: string;
  /** How the session is named to a person (project — title), or "" for fleet-wide alerts. */
  sessionLabel: string;
  /** The finding behind it, when there is one. */
  findingId?: number;
}

/** The key of an alert: session, type and level, joined with NUL. */
export function alertKeyOf(a: Pick<Alert, 'sessionId' | 'type' | 'level'>): string {
  return `${a.sessionId}\u0000${a.type}\u0000${a.level}`;
}

/** Why an alert was not admitted; `admitted` when it was. */
export type GateVerdict = 'admitted' | 'cooldown' | 'inhibited';

/** Cooldown of an alert (ms) by its type and level. */
export type CooldownOf = (type: string, level: Severity) => number;

interface Sent {
  /** Epoch ms the level was last counted as sent. */
  at: number;
  /** The level actually sent then (equal to the key's level, or a higher one that inhibits it). */
  by: Severity;
}

/** Most (session, type) pairs remembered before entries past every cooldown are dropped. */
const GATE_PRUNE_AT = 2000;

/**
 * Per-level cooldowns with inhibition. An alert of level L for (session, type) is admitted when neither L nor a higher
 * level of the same pair was sent within L's cooldown. Admitting it records L and every lower level as sent now.
 * Examples (cooldown 10 min for every level): 100 identical CRITICAL alerts in a minute admit 1; LOW then CRITICAL admits
 * both (a rise); CRITICAL then HIGH within 10 min admits only the first (a fall is inhibited).
 */
export class TieredGate {
  private readonly sent = new Map<string, Map<Severity, Sent>>();

  /** @param cooldownOf cooldown per type and level, ms (negative counts as 0). */
  constructor(
    private cooldownOf: CooldownOf,
    private readonly clock: AlertClock = { now: () => Date.now() },
  ) {}

  /** Replaces the cooldowns (on a settings change); what was sent is judged against the new values. */
  setCooldowns(cooldownOf: CooldownOf): void {
    this.cooldownOf = cooldownOf;
  }

  /** What {@link admit} would answer now, without recording anything. */
  check(a: Pick<Alert, 'sessionId' | 'type' | 'level'>): GateVerdict {
    const entry = this.sent.get(pairKey(a))?.get(a.level);
    const cooldown = Math.max(0, this.cooldownOf(a.type, a.level));
    if (entry && this.clock.now() - entry.at < cooldown) {
      return entry.by === a.level ? 'cooldown' : 'inhibited';
    }
    return 'admitted';
  }

  /** Admits the alert when {@link check} allows it, recording it (and its lower levels) as sent now. */
  admit(a: Pick<Alert, 'sessionId' | 'type' | 'level'>): GateVerdict {
    const verdict = this.check(a);
    if (verdict !== 'admitted') {
      return verdict;
    }
    const now = this.clock.now();
    const key = pairKey(a);
    let levels = this.sent.get(key);
    if (!levels) {
      levels = new Map();
      this.sent.set(key, levels);
    }
    const rank = severityRank(a.level);
    for (const l of SEVERITIES) {
      if (severityRank(l) <= rank) {
        levels.set(l, { at: now, by: a.level });
      }
    }
    if (this.sent.size > GATE_PRUNE_AT) {
      this.prune(now);
    }
    return 'admitted';
  }

  /** Forgets what was sent for a (session, type) pair. */
  reset(sessionId: string, type: string): void {
    this.sent.delete(pairKey({ sessionId, type }));
  }

  /** (session, type) pairs remembered. */
  get size(): number {
    return this.sent.size;
  }

  private prune(now: number): void {
    for (const [key, levels] of this.sent) {
      const type = key.split('\u0000')[1] ?? '';
      if ([...levels].every(([l, s]) => now - s.at >= this.cooldownOf(type, l))) {
        this.sent.delete(key);
      }
    }
  }
}

function pairKey(a: Pick<Alert, 'sessionId' | 'type'>): string {
  return `${a.sessionId}\u0000${a.type}`;
}

// ---- silences --------------------------------------------------------------------------------------------------------

/**
 * A silence: no alerts for a session (one type, or all) until a time, or until the session changes. Kept in the store
 * (table `alert_silences`) so it survives a restart of VS Code.
 */
export interface Silence {
  /** Row id in the store (0 before it is stored). */
  id: number;
  sessionId: string;
  /** Failure type silenced, or "" for every type of the session. */
  type: string;
  /** Epoch ms the silence ends; ignored when `untilChange`. */
  untilMs: number;
  /** True: the silence lasts until the session changes (a new message after the silence was set). */
  untilChange: boolean;
  /** The session's message count when the silence was set (for `untilChange`). */
  messageCount: number;
  /** Epoch ms it was set. */
  createdAt: number;
}

/** How long a snooze lasts: 15 min, 1 h, or until the session changes. */
export type SnoozeChoice = '15m' | '1h' | 'change';

/** Snooze choices as offered to a person, in order. */
export const SNOOZE_CHOICES: readonly { choice: SnoozeChoice; label: string; detail: string }[] = [
  { choice: '15m', label: 'For 15 minutes', detail: 'No notifications for this failure in this session for 15 minutes.' },
  { choice: '1h', label: 'For 1 hour', detail: 'No notifications for this failure in this session for 1 hour.' },
  { choice: 'change', label: 'Until the session changes', detail: 'No notifications until the session has new messages (the agent or you moved on).' },
];

/** Duration of a timed snooze, ms (0 for `change`). */
export function snoozeDurationMs(choice: SnoozeChoice): number {
  return choice === '15m' ? 15 * 60_000 : choice === '1h' ? 3_600_000 : 0;
}

/**
 * The silence a snooze creates for a session and type at `nowMs`, given the session's current message count (not yet
 * stored: `id` 0).
 */
export function silenceFor(choice: SnoozeChoice, sessionId: string, type: string, messageCount: number, nowMs: number): Silence {
  return { id: 0, sessionId, type, untilMs: choice === 'change' ? 0 : nowMs + snoozeDurationMs(choice), untilChange: choice === 'change', messageCount, createdAt: nowMs };
}

/**
 * True while a silence still holds at `nowMs`: a timed one until `untilMs`; an until-change one while the session's
 * message count (`currentMessageCount`; undefined when the session is gone) has not grown since it was set. Errors the
 * agent writes are not messages, so a burst of 429s does not lift it; a new prompt, reply or tool call does.
 */
export function silenceHolds(s: Silence, nowMs: number, currentMessageCount: number | undefined): boolean {
  if (s.untilChange) {
    return currentMessageCount !== undefined && currentMessageCount <= s.messageCount;
  }
  return nowMs < s.untilMs;
}

/** True when the silence applies to the alert (same session; its type or every type) and still holds. */
export function silences(s: Silence, a: Pick<Alert, 'sessionId' | 'type'>, nowMs: number, currentMessageCount: number | undefined): boolean {
  return s.sessionId === a.sessionId && (s.type === '' || s.type === a.type) && silenceHolds(s, nowMs, currentMessageCount);
}

// ---- grouping --------------------------------------------------------------------------------------------------------

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
  const sorted = [...byPair.values()].sort((x, y) => severityRank(y.a.level) - severityRank(x.a.level) || y.order - x.order).map((x) => x.a);
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

/** The silences that no longer hold at `nowMs` (to delete from the store). */
export function liftedSilences(all: readonly Silence[], nowMs: number, messageCount: (sessionId: string) => number | undefined): Silence[] {
  return all.filter((s) => !silenceHolds(s, nowMs, messageCount(s.sessionId)));
}

// ---- findings as alerts ----------------------------------------------------------------------------------------------

/** The parts of a finding the notification rule reads. */
export interface NotifiableFinding {
  severity: Severity;
  status: 'open' | 'acknowledged' | 'resolved';
  /** Epoch ms until which notifications are silenced on the finding itself (0: not snoozed). */
  snoozedUntil: number;
}

/**
 * True when a detection deserves to be offered as an alert: it is live (not catching up on old lines), at or above
 * `minimumSeverity`, open, and not snoozed at `nowMs`.
 */
export function isNotifiable(finding: NotifiableFinding, live: boolean, minimumSeverity: Severity, nowMs: number): boolean {
  return live && finding.status === 'open' && finding.snoozedUntil <= nowMs && severityRank(finding.severity) >= severityRank(minimumSeverity);
}

/** The alert of a finding (key: its session, its failure type, its severity). */
export function alertOfFinding(f: { id: number; sessionId: string; type: string; title: string; severity: Severity }, sessionLabel: string): Alert {
  return { sessionId: f.sessionId, type: f.type, level: f.severity, title: f.title, sessionLabel, findingId: f.id };
}

/** The same cooldown for every type and level (the `notifications.cooldownMinutes` setting), ms. */
export function uniformCooldown(ms: number): CooldownOf {
  return () => Math.max(0, ms);
}

// ---- what the adapters need from the engine --------------------------------------------------------------------------

/**
 * The engine's alerting and concurrency methods (src/core/engine/engine.ts implements them; the views and commands use them
 * through `EngineApi`).
 */
export interface AlertsEngineApi {
  /** Stores a silence (its `id` is ignored) and returns it with its id; it survives a restart. */
  addSilence(s: Silence): Silence;
  /** Every stored silence, oldest first. */
  silences(): Silence[];
  /** Deletes a silence by id. */
  removeSilence(id: number): void;
  /** Marks a session priority (never cleaned up) or clears the mark. */
  setPriority(sessionId: string, priority: boolean): void;
  /** Records that a cleanup closed the session now (it stops counting as live until new activity). */
  closeSession(sessionId: string): void;
  /** Sessions marked priority, and when sessions were closed by a cleanup (epoch ms). */
  sessionMarks(): { priority: string[]; closed: Map<string, number> };
  /** The last known state of the session's agent process (from a terminal or process source), if any. */
  agentProcess(sessionId: string): ProcessFacts | undefined;
}

/** What {@link applySnooze} writes to: the engine's silences, finding snooze and audit log. */
export interface SnoozeTarget {
  addSilence(s: Silence): Silence;
  snooze(findingId: number, untilMs: number): void;
  recordRecovery(entry: { sessionId: string; findingId?: number; failureType?: FailureType; strategy: 'snooze'; outcome: 'taken'; actor: 'user'; detail: string }): void;
}

/**
 * Snoozes a finding's notifications at `nowMs`: stores a silence for its session and failure type (it survives a
 * restart). A timed snooze also marks the finding snoozed (the tree shows it; the engine audits it); a snooze until the
 * session changes is audited here. Returns how long, in words ("for 15 minutes", "until the session changes").
 */
export function applySnooze(
  engine: SnoozeTarget,
  session: { id: string; messageCount: number },
  finding: { id: number; type: FailureType },
  choice: SnoozeChoice,
  nowMs: number,
): string {
  const silence = engine.addSilence(silenceFor(choice, session.id, finding.type, session.messageCount, nowMs));
  if (silence.untilChange) {
    engine.recordRecovery({ sessionId: session.id, findingId: finding.id, failureType: finding.type, strategy: 'snooze', outcome: 'taken', actor: 'user', detail: 'until the session changes' });
    return 'until the session changes';
  }
  engine.snooze(finding.id, silence.untilMs);
  return SNOOZE_CHOICES.find((c) => c.choice === choice)!.label.toLowerCase();
}
