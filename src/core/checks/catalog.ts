/** The catalog check: a failure the detector found in one event (an API error, a refusal, a crash) becomes a finding. */
import { FAILURE_CATALOG, FailureType } from '../model/failures';
import type { Check } from './check';

/** Types other checks own although the detector can name them in text (they need their own state or severity floor). */
const OWNED_ELSEWHERE: ReadonlySet<FailureType> = new Set([
  'stale_session',
  'repeated_tool_call',
  'context_pressure',
  'session_stuck',
  'no_answer',
  'marathon_session',
]);

/** The check (stateless). */
export function catalogCheck(): Check {
  return {
    id: 'catalog',
    opens: FAILURE_CATALOG.map((d) => d.type).filter((t) => !OWNED_ELSEWHERE.has(t)),
    onEvent(e, facts, ctx) {
      const d = facts.detection;
      return d && !OWNED_ELSEWHERE.has(d.type) ? ctx.ledger.record(e, d.type, { rule: d.rule }) : [];
    },
  };
}
