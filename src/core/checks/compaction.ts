/** A compaction: the context starts over, so a context overflow and the pressure before it are resolved. */
import type { Check } from './check';

/** The check (stateless). */
export function compactionCheck(): Check {
  return {
    id: 'compaction',
    opens: [],
    onEvent(e, _facts, ctx) {
      if (!e.compaction) {
        return [];
      }
      ctx.ledger.resolveSeenBy(e, ['token_limit'], 'The context was compacted.');
      ctx.store.startContextEpoch(e.sessionId);
      ctx.ledger.resolveAll(e.sessionId, ['context_pressure'], e.timestamp, 'The context was compacted.', 'agent');
      return [];
    },
  };
}
