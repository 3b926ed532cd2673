/**
 * The cleanup plan: which live sessions idle for hours could be closed (never priority ones), and how many must go to
 * keep a headroom of free slots under the limit.
 */
import { ConcurrencySettings, LivenessFacts, SessionFacts, isLive } from './liveSessions';

/** A session cleanup may close. */
export interface CleanupCandidate {
  sessionId: string;
  /** ms since its last activity. */
  idleMs: number;
  /** True when the plan suggests closing it (to restore the headroom); the others are idle but not needed. */
  suggested: boolean;
}

/** The cleanup plan: idle, live, non-priority sessions, longest idle first. */
export interface CleanupPlan {
  candidates: CleanupCandidate[];
  /** Live sessions now. */
  live: number;
  /** Sessions to close to get back to `limit - headroom` live sessions (0 when within it, or no limit). */
  needed: number;
  /** Idle sessions left alone because they are priority. */
  protectedCount: number;
}

/**
 * Which live sessions idle for at least `idleCleanupMs` could be closed. Priority sessions are never candidates.
 * The longest-idle candidates needed to bring the live count down to `limit - headroom` are `suggested`; with no limit
 * (0), every candidate is suggested (the seed's rule: idle for 2 h means a leftover).
 */
export function cleanupPlan(
  sessions: readonly SessionFacts[],
  nowMs: number,
  settings: ConcurrencySettings,
  facts: LivenessFacts,
  isPriority: (s: SessionFacts) => boolean,
): CleanupPlan {
  const live = sessions.filter((s) => isLive(s, nowMs, settings.liveWindowMs, facts));
  let protectedCount = 0;
  const idle = live
    .filter((s) => nowMs - s.lastActivity >= settings.idleCleanupMs)
    .filter((s) => {
      if (isPriority(s)) {
        protectedCount++;
        return false;
      }
      return true;
    })
    .sort((a, b) => a.lastActivity - b.lastActivity);
  const needed = settings.limit > 0 ? Math.max(0, live.length - Math.max(0, settings.limit - settings.headroom)) : idle.length;
  return {
    candidates: idle.map((s, i) => ({ sessionId: s.id, idleMs: nowMs - s.lastActivity, suggested: i < needed })),
    live: live.length,
    needed,
    protectedCount,
  };
}
