/**
 * Every check, in the order the engine runs them on each event (the order matters only where two checks touch the same
 * session on one event: a resolution before a count, a count before a new finding). Adding a check: one file here, one
 * line below, one test file.
 */
import { budgetCheck } from './budget';
import { catalogCheck } from './catalog';
import type { Check } from './check';
import { compactionCheck } from './compaction';
import { contextPressureCheck } from './contextPressure';
import { marathonCheck } from './marathon';
import { noAnswerCheck } from './noAnswer';
import { staleResumeCheck } from './staleResume';
import { stuckCheck } from './stuck';
import { toolLoopCheck } from './toolLoop';
import { transientResolutionCheck } from './transientResolution';

/** A fresh set of checks (each with its own state) for one engine. */
export function createChecks(): Check[] {
  return [
    stuckCheck(),
    noAnswerCheck(),
    staleResumeCheck(),
    catalogCheck(),
    toolLoopCheck(),
    transientResolutionCheck(),
    compactionCheck(),
    marathonCheck(),
    contextPressureCheck(),
    budgetCheck(),
  ];
}
