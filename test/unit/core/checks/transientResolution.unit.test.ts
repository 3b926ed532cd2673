import * as assert from 'assert';
import { catalogCheck } from '../../../../src/core/checks/catalog';
import { transientResolutionCheck } from '../../../../src/core/checks/transientResolution';
import { harness } from './harness';

describe('checks/transientResolution', () => {
  it('a successful assistant response resolves the transient findings before it (rate limit), not the others (auth)', async () => {
    const h = await harness(transientResolutionCheck());
    const open = await harness(catalogCheck());
    // the same store for both: open findings with the catalog check's ledger, resolve with this one
    const rl = open.ctx.ledger.record(
      { sessionId: 's1', agent: 'claude-code', timestamp: h.clock.now(), kind: 'error', text: '429' },
      'rate_limit',
    );
    assert.strictEqual(rl.length, 1);
    h.store.ensureSession('s1', 'claude-code', '', 'demo', h.clock.now());
    const rate = h.ctx.ledger.record(
      { sessionId: 's1', agent: 'claude-code', timestamp: h.clock.now(), kind: 'error', text: '429' },
      'rate_limit',
    )[0];
    const auth = h.ctx.ledger.record(
      { sessionId: 's1', agent: 'claude-code', timestamp: h.clock.now(), kind: 'error', text: '401' },
      'auth',
    )[0];
    h.clock.advance(1000);
    h.feed({ kind: 'assistant', text: 'Hello' });
    assert.strictEqual(h.store.finding(rate.id)?.status, 'resolved');
    assert.strictEqual(h.store.finding(auth.id)?.status, 'open');
    assert.match(h.store.audit(10)[0].detail, /successful response/);
  });
});
