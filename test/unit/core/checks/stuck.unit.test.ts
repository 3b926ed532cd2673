import * as assert from 'assert';
import { stuckCheck } from '../../../../src/core/checks/stuck';
import { harness } from './harness';

describe('checks/stuck', () => {
  it('on a tick: a prompt without an answer past the limit while the agent runs is stuck; the answer resolves it', async () => {
    const h = await harness(stuckCheck(), {}, { stuckMs: 5 * 60_000 });
    h.processes.set('s1', { state: 'running', atMs: h.clock.now(), source: 'terminal:1' });
    h.feed({ kind: 'user', text: 'fix it' }, { turn: 'user' });
    h.clock.advance(4 * 60_000);
    assert.deepStrictEqual(h.check.onTick!(h.ctx, h.clock.now()).detections, []);
    h.clock.advance(2 * 60_000);
    const tick = h.check.onTick!(h.ctx, h.clock.now());
    assert.deepStrictEqual(
      tick.detections.map((f) => [f.type, f.severity]),
      [['session_stuck', 'HIGH']],
    );
    assert.deepStrictEqual(tick.changed, ['s1']);
    h.clock.advance(1000);
    h.feed({ kind: 'assistant', text: 'done' }, { turn: 'assistant' });
    assert.strictEqual(h.store.findings('s1')[0].status, 'resolved');
  });

  it('is CRITICAL with API errors in the last 30 minutes', async () => {
    const h = await harness(stuckCheck(), {}, { stuckMs: 60_000 });
    h.processes.set('s1', { state: 'running', atMs: h.clock.now(), source: 'terminal:1' });
    h.feed({ kind: 'user', text: 'go' }, { turn: 'user' });
    h.feed({ kind: 'error', text: 'API Error: 500' }, { detection: { type: 'server_error' } });
    h.clock.advance(2 * 60_000);
    assert.deepStrictEqual(
      h.check.onTick!(h.ctx, h.clock.now()).detections.map((f) => f.severity),
      ['CRITICAL'],
    );
  });
});
