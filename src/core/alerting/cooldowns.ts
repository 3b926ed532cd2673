/**
 * Cooldown policy: the alert and its key (session, type, level), and the per-level cooldowns with inhibition
 * ({@link TieredGate}) that keep an alert from repeating unless its level rises. Pure: the clock is injected.
 */
import { SEVERITIES, Severity, severityRank } from '../model/failures';

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

/** The key of a (session, type) pair: the two joined with NUL. */
export function pairKey(a: Pick<Alert, 'sessionId' | 'type'>): string {
  return `${a.sessionId}\u0000${a.type}`;
}

/** The same cooldown for every type and level (the `notifications.cooldownMinutes` setting), ms. */
export function uniformCooldown(ms: number): CooldownOf {
  return () => Math.max(0, ms);
}
