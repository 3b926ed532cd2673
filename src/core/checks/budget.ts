/** The budget cap: a session whose cost reaches `budget.capUsd` is halted (CRITICAL). */
import type { Check } from './check';

/** The check (stateless). */
export function budgetCheck(): Check {
  return {
    id: 'budget',
    opens: ['budget_exceeded'],
    onEvent(e, facts, ctx) {
      const cap = ctx.config().budgetCapUsd;
      if (!facts.cost || cap <= 0) {
        return [];
      }
      const s = ctx.store.session(e.sessionId);
      if (!s || s.costUsd < cap || ctx.store.activeFinding(e.sessionId, 'budget_exceeded')) {
        return [];
      }
      return ctx.ledger.record(e, 'budget_exceeded', {
        text: `Session cost $${s.costUsd.toFixed(2)} reached the cap of $${cap.toFixed(2)}`,
      });
    },
  };
}
