/**
 * Which recovery actions are offered under a finding, in the Sessions tree and in the dashboard's session panel alike.
 * Pure module.
 */
import { RecoveryAction, recoveryActionsFor } from './recoveryActions';
import type { RecipeTable } from './recipes';
import type { FindingSnapshot, SessionSnapshot } from '../model/snapshot';

/** True when a finding is open and its notifications are snoozed at `nowMs`. */
export function isSnoozed(f: Pick<FindingSnapshot, 'status' | 'snoozedUntil'>, nowMs: number): boolean {
  return f.status === 'open' && f.snoozedUntil > nowMs;
}

/**
 * The actions listed under a finding: none when resolved; no acknowledge once acknowledged; no snooze once snoozed or
 * acknowledged; never "restart with resume" for a session whose resume failed (`resumeBroken`: only a fresh start helps).
 */
export function actionsForFinding(
  f: FindingSnapshot,
  session: Pick<SessionSnapshot, 'agent'> & Partial<Pick<SessionSnapshot, 'resumeBroken'>>,
  nowMs: number,
  recipes?: RecipeTable,
): RecoveryAction[] {
  if (f.status === 'resolved') {
    return [];
  }
  return recoveryActionsFor(f.strategy, session.agent, recipes, { resumeBroken: !!session.resumeBroken }).filter((a) => {
    if (a === 'acknowledge') {
      return f.status === 'open';
    }
    if (a === 'snooze') {
      return f.status === 'open' && !isSnoozed(f, nowMs);
    }
    return true;
  });
}
