/**
 * Live sessions: the concurrency settings, the facts about a session the counting reads, and when a session counts as
 * live ({@link isLive}). Pure: time comes in as arguments, the process state through a function.
 */
import type { ProcessFacts } from './alerts';

/** Concurrency settings (`sessionDoctor.concurrency.*`). */
export interface ConcurrencySettings {
  /** Live sessions allowed; 0 turns counting alerts off. */
  limit: number;
  /** A session with activity within this many ms counts as live (also without a known running process). */
  liveWindowMs: number;
  /** Sessions idle at least this many ms are cleanup candidates. */
  idleCleanupMs: number;
  /** Free slots under the limit the cleanup aims to keep. */
  headroom: number;
  /** Names or patterns of sessions never cleaned up (see `PriorityMatcher` in priorityMatcher.ts). */
  prioritySessions: readonly string[];
}

/** Defaults (see docs/alerts.md for why). */
export const DEFAULT_CONCURRENCY_SETTINGS: ConcurrencySettings = {
  limit: 10,
  liveWindowMs: 180 * 60_000,
  idleCleanupMs: 2 * 3_600_000,
  headroom: 2,
  prioritySessions: [],
};

/** The parts of a session the counting reads. */
export interface SessionFacts {
  id: string;
  /** Epoch ms of the last event. */
  lastActivity: number;
  /** For priority patterns and the quick pick. */
  title: string;
  project: string;
}

/** What decides liveness besides activity. */
export interface LivenessFacts {
  /** The agent process state, when a source knows it. */
  process(sessionId: string): ProcessFacts | undefined;
  /** Epoch ms the session was closed by a cleanup, when it was. */
  closedAt(sessionId: string): number | undefined;
}

/**
 * True when a session counts as live at `nowMs`: not closed by a cleanup (unless active again after it), not dead (its
 * agent process exited, with no activity after that), and either its agent process runs or it had activity within the
 * live window.
 */
export function isLive(s: SessionFacts, nowMs: number, liveWindowMs: number, facts: LivenessFacts): boolean {
  const closed = facts.closedAt(s.id);
  if (closed !== undefined && s.lastActivity <= closed) {
    return false;
  }
  const p = facts.process(s.id);
  if (p?.state === 'running') {
    return true;
  }
  if (p?.state === 'exited' && s.lastActivity <= p.atMs) {
    return false;
  }
  return nowMs - s.lastActivity <= liveWindowMs;
}
