/**
 * Resume at reset: the scheduling policy for sessions halted by a usage limit (`quota_exhausted`). A halted session gets
 * a resume at its reset time plus a small random delay; sessions waiting on the same account go one after another with
 * a gap (no burst of 429s right after the reset); a session that hits the limit again soon after its resume is not
 * scheduled again (no retry loop); every step is an audit entry (scheduled, done, cancelled, skipped, failed). The clock
 * and the random source are injected. Pure module: what the resume does (type the continue text into the agent's
 * terminal, or start `<agent> --resume <id>`) is the host's.
 */
import type { AgentKind } from '../model/event';
import type { AuditEntry } from '../model/snapshot';

/** `sessionDoctor.recovery.resumeAtReset`: never, ask at reset time (a notification with Resume / Not now), or resume. */
export type ResumeAtResetMode = 'off' | 'ask' | 'auto';

/** The modes, for the settings table. */
export const RESUME_AT_RESET_MODES: readonly ResumeAtResetMode[] = ['off', 'ask', 'auto'];

/** A session halted by a usage limit. */
export interface HaltedSession {
  sessionId: string;
  agent: AgentKind;
  /** Whose limit: sessions of one account resume one after another. */
  account: string;
  /** When the limit resets, epoch ms. */
  resetsAt: number;
  /** When the limit was hit, epoch ms. */
  haltedAt: number;
}

/** State of a scheduled resume. */
export type ResumeState = 'scheduled' | 'done' | 'cancelled' | 'skipped' | 'failed';

/** One session's resume. */
export interface ScheduledResume extends HaltedSession {
  /** When to resume, epoch ms: the reset, plus the random delay, plus the gap after the account's previous one. */
  dueAt: number;
  state: ResumeState;
  /** When the state last changed, epoch ms. */
  changedAt: number;
}

/** Tuning of {@link ResumeScheduler}. */
export interface ResumeAtResetOptions {
  /** Largest random delay after the reset, ms (default 30 s). */
  maxDelayMs?: number;
  /** Least time between two resumes of one account, ms (default 60 s). */
  gapMs?: number;
  /** A limit hit again within this long after a resume is not scheduled again, ms (default 30 min). */
  loopWindowMs?: number;
  /** Random number in [0, 1) (default Math.random). */
  random?: () => number;
}

/** The audit detail's prefix of every entry this policy writes. */
export const RESUME_AUDIT_PREFIX = 'resume at reset';

/** An audit entry of a resume step (strategy halt_and_notify, failure quota_exhausted). */
export type ResumeAudit = Omit<AuditEntry, 'id'>;

const OUTCOME: Readonly<Record<Exclude<ResumeState, 'scheduled'> | 'scheduled', AuditEntry['outcome']>> = {
  scheduled: 'offered',
  done: 'taken',
  cancelled: 'declined',
  skipped: 'declined',
  failed: 'failed',
};

/**
 * The resumes of one process (the extension host, or a test). Methods never throw; each change is reported to the
 * `audit` callback given to the constructor.
 */
export class ResumeScheduler {
  private readonly entries = new Map<string, ScheduledResume>();
  private maxDelayMs: number;
  private gapMs: number;
  private readonly loopWindowMs: number;
  private readonly random: () => number;

  constructor(
    private readonly audit: (entry: ResumeAudit) => void,
    opts: ResumeAtResetOptions = {},
  ) {
    this.maxDelayMs = Math.max(0, opts.maxDelayMs ?? 30_000);
    this.gapMs = Math.max(0, opts.gapMs ?? 60_000);
    this.loopWindowMs = Math.max(0, opts.loopWindowMs ?? 30 * 60_000);
    this.random = opts.random ?? Math.random;
  }

  /**
   * Changes the random delay after the reset and the gap between two resumes of one account (ms, negative read as 0;
   * an option left out keeps its value) for the resumes scheduled from now on; those already scheduled keep their time.
   */
  retune(opts: Pick<ResumeAtResetOptions, 'maxDelayMs' | 'gapMs'>): void {
    if (opts.maxDelayMs !== undefined) {
      this.maxDelayMs = Math.max(0, opts.maxDelayMs);
    }
    if (opts.gapMs !== undefined) {
      this.gapMs = Math.max(0, opts.gapMs);
    }
  }

  /**
   * Schedules the resume of a halted session (mode `ask` or `auto`; `off` schedules nothing and returns undefined).
   * A halt already seen (same session and reset: scheduled, or already done, cancelled, failed or skipped) keeps its
   * entry and is not scheduled again. A session resumed less than `loopWindowMs` before
   * `nowMs` that hit the limit again is skipped (returned with state `skipped`).
   */
  schedule(h: HaltedSession, mode: ResumeAtResetMode, nowMs: number): ScheduledResume | undefined {
    if (mode === 'off') {
      return undefined;
    }
    const prev = this.entries.get(h.sessionId);
    if (prev && prev.resetsAt === h.resetsAt) {
      // The same halt: still to come, or handled already (done, cancelled, failed, skipped): never scheduled twice.
      return prev;
    }
    if (prev && prev.state === 'done' && nowMs - prev.changedAt < this.loopWindowMs) {
      const skipped: ScheduledResume = { ...h, dueAt: prev.dueAt, state: 'skipped', changedAt: nowMs };
      this.entries.set(h.sessionId, skipped);
      this.write(
        skipped,
        nowMs,
        `the limit was hit again ${Math.round((nowMs - prev.changedAt) / 1000)} s after the last resume; not retried`,
      );
      return skipped;
    }
    let dueAt = Math.max(h.resetsAt, nowMs) + Math.floor(this.random() * this.maxDelayMs);
    // One after another per account: at least the gap after every other resume of the account that is still to come.
    const others = [...this.entries.values()].filter(
      (e) => e.account === h.account && e.sessionId !== h.sessionId && e.state === 'scheduled',
    );
    for (const e of others.sort((a, b) => a.dueAt - b.dueAt)) {
      if (Math.abs(dueAt - e.dueAt) < this.gapMs) {
        dueAt = e.dueAt + this.gapMs;
      }
    }
    const entry: ScheduledResume = { ...h, dueAt, state: 'scheduled', changedAt: nowMs };
    this.entries.set(h.sessionId, entry);
    this.write(
      entry,
      nowMs,
      `${mode === 'auto' ? 'resumes' : 'asks'} at ${new Date(dueAt).toISOString()} (reset ${new Date(h.resetsAt).toISOString()})`,
    );
    return entry;
  }

  /** Resumes due at `nowMs` (state `scheduled`, due time reached), earliest first. */
  due(nowMs: number): ScheduledResume[] {
    return [...this.entries.values()].filter((e) => e.state === 'scheduled' && e.dueAt <= nowMs).sort((a, b) => a.dueAt - b.dueAt);
  }

  /** Every resume still to come, earliest first (the countdowns). */
  pending(): ScheduledResume[] {
    return [...this.entries.values()].filter((e) => e.state === 'scheduled').sort((a, b) => a.dueAt - b.dueAt);
  }

  /** The entry of a session, in whatever state. */
  get(sessionId: string): ScheduledResume | undefined {
    return this.entries.get(sessionId);
  }

  /**
   * The resume was carried out (`how`: what was typed or run). False when the session had no scheduled resume. The
   * account's other resumes still to come move to at least the gap after this one (and after one another), so that
   * resumes carried out late (a notification answered late, a host timer) still keep the gap.
   */
  markDone(sessionId: string, nowMs: number, how: string): boolean {
    const e = this.entries.get(sessionId);
    if (!this.finish(sessionId, 'done', nowMs, how) || !e) {
      return false;
    }
    let last = nowMs;
    const rest = [...this.entries.values()]
      .filter((x) => x.account === e.account && x.state === 'scheduled')
      .sort((a, b) => a.dueAt - b.dueAt);
    for (const x of rest) {
      const dueAt = Math.max(x.dueAt, last + this.gapMs);
      if (dueAt !== x.dueAt) {
        this.entries.set(x.sessionId, { ...x, dueAt });
      }
      last = dueAt;
    }
    return true;
  }

  /** The user or the host cancelled it (`why`). False when the session had no scheduled resume. */
  cancel(sessionId: string, nowMs: number, why: string): boolean {
    return this.finish(sessionId, 'cancelled', nowMs, why);
  }

  /** It could not be carried out (no terminal runs the agent any more, ...). */
  markFailed(sessionId: string, nowMs: number, why: string): boolean {
    return this.finish(sessionId, 'failed', nowMs, why);
  }

  private finish(sessionId: string, state: ResumeState, nowMs: number, detail: string): boolean {
    const e = this.entries.get(sessionId);
    if (!e || e.state !== 'scheduled') {
      return false;
    }
    const next: ScheduledResume = { ...e, state, changedAt: nowMs };
    this.entries.set(sessionId, next);
    this.write(next, nowMs, detail);
    return true;
  }

  private write(e: ScheduledResume, nowMs: number, detail: string): void {
    this.audit({
      timestamp: nowMs,
      sessionId: e.sessionId,
      failureType: 'quota_exhausted',
      strategy: 'halt_and_notify',
      outcome: OUTCOME[e.state],
      actor: e.state === 'cancelled' ? 'user' : 'system',
      detail: `${RESUME_AUDIT_PREFIX} ${e.state}: ${detail}`,
    });
  }
}
