/** Transient failures end on their own: a successful assistant response resolves the rate limits, overloads, timeouts before it. */
import { FAILURE_CATALOG, FailureType } from '../model/failures';
import type { Check } from './check';

/** Types an agent gets past on its own (the catalog's `transient`). */
const TRANSIENT_TYPES: readonly FailureType[] = FAILURE_CATALOG.filter((d) => d.transient).map((d) => d.type);

/** The check (stateless). */
export function transientResolutionCheck(): Check {
  return {
    id: 'transient-resolution',
    opens: [],
    onEvent(e, _facts, ctx) {
      if (e.kind === 'assistant' && !e.isError) {
        ctx.ledger.resolveSeenBy(e, TRANSIENT_TYPES, 'The agent got a successful response after the failure.');
      }
      return [];
    },
  };
}
