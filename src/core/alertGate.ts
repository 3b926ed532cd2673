/**
 * The alert gate: decides whether a detection may notify, so a failure that repeats a hundred times gives one
 * notification per cooldown, while a rise in severity still gets through. Pure module: the clock is injected.
 */
import { Severity, severityRank } from './failures';

/** Time source, epoch ms. */
export interface GateClock {
  now(): number;
}

interface Entry {
  /** Epoch ms of the last notification let through. */
  at: number;
  /** Severity rank of that notification. */
  rank: number;
}

/** The gate key of a (session, failure type) pair. */
export function alertKey(sessionId: string, failureType: string): string {
  return `${sessionId}\u0000${failureType}`;
}

/**
 * One notification per key per cooldown. A detection passes when the key has not notified within `cooldownMs`, or when
 * its severity is higher than the severity last let through for the key (then the cooldown restarts).
 */
export class AlertGate {
  private readonly entries = new Map<string, Entry>();

  /**
   * @param cooldownMs cooldown per key, ms (negative values count as 0: everything passes).
   * @param clock time source; tests pass a fake one.
   */
  constructor(
    private cooldownMs: number,
    private readonly clock: GateClock = { now: () => Date.now() },
  ) {
    this.cooldownMs = Math.max(0, cooldownMs);
  }

  /** Changes the cooldown (ms); entries already recorded are judged against the new value. */
  setCooldown(cooldownMs: number): void {
    this.cooldownMs = Math.max(0, cooldownMs);
  }

  /**
   * True when a notification for `key` at `severity` may be shown now; a `true` answer is recorded (the caller is expected
   * to show it). `false` answers change nothing.
   */
  tryPass(key: string, severity: Severity): boolean {
    const now = this.clock.now();
    const rank = severityRank(severity);
    const last = this.entries.get(key);
    if (last && now - last.at < this.cooldownMs && rank <= last.rank) {
      return false;
    }
    this.entries.set(key, { at: now, rank });
    if (this.entries.size > 1000) {
      this.prune(now);
    }
    return true;
  }

  /** Forgets a key (the next detection for it passes). */
  reset(key: string): void {
    this.entries.delete(key);
  }

  /** Forgets every key. */
  clear(): void {
    this.entries.clear();
  }

  /** Keys currently remembered (for tests and diagnostics). */
  get size(): number {
    return this.entries.size;
  }

  private prune(now: number): void {
    for (const [k, e] of this.entries) {
      if (now - e.at >= this.cooldownMs) {
        this.entries.delete(k);
      }
    }
  }
}

/** The parts of a finding the notification rule reads. */
export interface NotifiableFinding {
  severity: Severity;
  status: 'open' | 'acknowledged' | 'resolved';
  /** Epoch ms until which notifications are silenced (0: not snoozed). */
  snoozedUntil: number;
}

/**
 * True when a detection deserves a notification (before the cooldown is asked): it is live (not catching up on old
 * lines), at or above `minimumSeverity`, open, and not snoozed at `nowMs`.
 */
export function isNotifiable(finding: NotifiableFinding, live: boolean, minimumSeverity: Severity, nowMs: number): boolean {
  return live && finding.status === 'open' && finding.snoozedUntil <= nowMs && severityRank(finding.severity) >= severityRank(minimumSeverity);
}
