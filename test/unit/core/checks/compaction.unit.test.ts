import * as assert from 'assert';
import { compactionCheck } from '../../../../src/core/checks/compaction';
import { harness } from './harness';

describe('checks/compaction', () => {
  it('a compaction resolves the context overflow and the context pressure, and starts a new context epoch', async () => {
    const h = await harness(compactionCheck());
    h.store.ensureSession('s1', 'claude-code', '', 'demo', h.clock.now());
    const e = {
      sessionId: 's1',
      agent: 'claude-code' as const,
      timestamp: h.clock.now(),
      kind: 'error' as const,
      text: 'prompt is too long',
    };
    const overflow = h.ctx.ledger.record(e, 'token_limit')[0];
    const pressure = h.ctx.ledger.upsert('s1', 'context_pressure', h.clock.now(), '90 % used')[0];
    h.store.setContext('s1', 180_000, 200_000, 'claude');
    h.clock.advance(1000);
    assert.deepStrictEqual(h.feed({ kind: 'system', text: 'compacted' }), [], 'it opens nothing');
    assert.strictEqual(h.store.finding(overflow.id)?.status, 'open', 'only a compaction event does it');
    h.feed({ kind: 'system', text: 'Conversation compacted', compaction: true });
    assert.strictEqual(h.store.finding(overflow.id)?.status, 'resolved');
    assert.strictEqual(h.store.finding(pressure.id)?.status, 'resolved');
    assert.deepStrictEqual(h.store.contextSamples('s1', 10), [], 'the new epoch has no samples yet');
  });
});
