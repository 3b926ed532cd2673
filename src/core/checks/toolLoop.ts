/** Tool loops: the same tool called with the same input `detection.toolLoopCount` times in a row, or the agent's own loop report. */
import { clipText } from '../model/event';
import type { Check } from './check';

/** The check (stateless). */
export function toolLoopCheck(): Check {
  return {
    id: 'tool-loop',
    opens: ['repeated_tool_call'],
    onEvent(e, facts, ctx) {
      if (facts.detection?.type === 'repeated_tool_call') {
        return ctx.ledger.record(e, 'repeated_tool_call', { rule: facts.detection.rule });
      }
      if (e.kind !== 'tool_call' || !e.toolInputHash) {
        return [];
      }
      const n = Math.max(2, ctx.config().toolLoopCount);
      const calls = ctx.store.lastToolCalls(e.sessionId, !!e.sidechain, n);
      if (calls.length < n || !calls.every((c) => c.toolName === calls[0].toolName && c.toolHash === calls[0].toolHash)) {
        return [];
      }
      return ctx.ledger.record(e, 'repeated_tool_call', {
        text: clipText(`${e.toolName ?? 'tool'} called ${n} times in a row with the same input: ${e.text}`, 500),
      });
    },
  };
}
