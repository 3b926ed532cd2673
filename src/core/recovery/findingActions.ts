/**
 * Which recovery actions the Sessions tree lists under a finding. Pure (no `vscode` import), so it is unit-tested under
 * plain mocha.
 */
import { RecoveryAction, recoveryActionsFor } from '../../core/recovery/recoveryActions';
import type { RecipeTable } from '../../core/recovery/recipes';
import type { FindingSnapshot, SessionSnapshot } from '../../core/model/snapshot';

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
