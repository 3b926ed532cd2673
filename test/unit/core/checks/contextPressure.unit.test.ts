import * as assert from 'assert';
import { contextPressureCheck } from '../../../../src/core/checks/contextPressure';
import { harness } from './harness';

describe('checks/contextPressure', () => {
  it('warns from the warn percent (MEDIUM), HIGH from 95 %, and resolves when use drops below', async () => {
    const h = await harness(contextPressureCheck(), {}, { contextWarnPercent: 80 });
    const usage = (t: number) => ({
      kind: 'assistant' as const,
      text: 'ok',
      model: 'claude-sonnet-4-5',
      contextWindow: 200_000,
      usage: { input: t, output: 10, cacheRead: 0, cacheCreation: 0 },
    });
    assert.deepStrictEqual(h.feed(usage(150_000), { contextTokens: 150_000 }), []);
    h.clock.advance(1000);
    assert.deepStrictEqual(
      h.feed(usage(165_000), { contextTokens: 165_000 }).map((f) => f.severity),
      ['MEDIUM'],
      '82 %, two turns left at +15k a turn',
    );
    h.clock.advance(1000);
    assert.deepStrictEqual(
      h.feed(usage(192_000), { contextTokens: 192_000 }).map((f) => f.severity),
      ['HIGH'],
    );
    h.clock.advance(1000);
    h.feed(usage(50_000), { contextTokens: 50_000 });
    assert.strictEqual(h.store.findings('s1')[0].status, 'resolved');
  });

  it('opens one for the agent\'s own warning (Claude Code\'s "Context low")', async () => {
    const h = await harness(contextPressureCheck());
    assert.deepStrictEqual(
      h.feed({ kind: 'error', text: 'Context low · Run /compact' }, { detection: { type: 'context_pressure' } }).map((f) => f.type),
      ['context_pressure'],
    );
  });
});
