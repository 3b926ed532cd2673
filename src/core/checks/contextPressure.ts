/**
 * Context pressure: the latest response's usage against the model's context window, from `context.warnPercent`
 * (MEDIUM; HIGH from 95 % or with one turn left); resolved when usage drops below or the context is compacted. The
 * agent's own warning ("Context low") opens it too.
 */
import { contextWindowFor, turnsLeft } from '../agents/contextWindows';
import type { Check } from './check';

/** The check (stateless). */
export function contextPressureCheck(): Check {
  return {
    id: 'context-pressure',
    opens: ['context_pressure'],
    onEvent(e, facts, ctx) {
      if (facts.detection?.type === 'context_pressure') {
        return ctx.ledger.record(e, 'context_pressure', { rule: facts.detection.rule });
      }
      const used = facts.contextTokens;
      if (used <= 0) {
        return [];
      }
      const h = ctx.health();
      ctx.store.setContext(e.sessionId, used, e.contextWindow ?? 0, e.model ?? '');
      const model = e.model ?? '';
      const windowTokens = e.contextWindow || facts.before?.contextWindow || contextWindowFor(model, used);
      const percent = (used / windowTokens) * 100;
      if (percent < h.contextWarnPercent) {
        ctx.ledger.resolveAll(
          e.sessionId,
          ['context_pressure'],
          e.timestamp,
          `Context use dropped to ${Math.round(percent)} % of the window.`,
          'agent',
        );
        return [];
      }
      const samples = ctx.store.contextSamples(e.sessionId, 10);
      const left = turnsLeft(samples, windowTokens);
      const growth = samples.length >= 2 ? Math.round((samples[samples.length - 1] - samples[0]) / (samples.length - 1)) : 0;
      const estimate = left !== undefined ? ` About ${left} turn${left === 1 ? '' : 's'} left at +${growth} tokens per turn.` : '';
      const text = `The latest response used ${used} of the ${windowTokens}-token context window of ${model || 'the model'} (${Math.round(percent)} %).${estimate} Compact the context before it overflows.`;
      const nearlyFull = percent >= 95 || (left !== undefined && left <= 1);
      return ctx.ledger.upsert(
        e.sessionId,
        'context_pressure',
        e.timestamp,
        text,
        nearlyFull ? { severity: 'HIGH', reason: 'the context window is nearly full' } : undefined,
      );
    },
  };
}
