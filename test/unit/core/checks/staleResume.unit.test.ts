import * as assert from 'assert';
import { staleResumeCheck, staleSessionIdIn } from '../../../../src/core/checks/staleResume';
import { harness } from './harness';

describe('checks/staleResume', () => {
  it('counts failed resumes per resumed id; the second is a CRITICAL resume loop and the session is never resumed again', async () => {
    const h = await harness(staleResumeCheck());
    const text = 'No conversation found with session ID: 0b5c6f1e-1111-4222-8333-444455556666';
    const first = h.feed({ kind: 'error', text }, { detection: { type: 'stale_session' } });
    assert.deepStrictEqual(
      first.map((f) => [f.type, f.severity]),
      [['stale_session', 'HIGH']],
    );
    assert.strictEqual(h.store.session('s1')?.resumeBroken, true);
    h.clock.advance(60_000);
    const second = h.feed({ kind: 'error', text }, { detection: { type: 'stale_session' } });
    assert.deepStrictEqual(
      second.map((f) => f.severity),
      ['CRITICAL'],
    );
    assert.match(second[0].escalation, /resume of 0b5c6f1e-1111-4222-8333-444455556666 failed 2 times/);
    assert.deepStrictEqual(h.feed({ kind: 'error', text: 'x' }, { detection: { type: 'auth' } }), [], 'other types are not its own');
  });

  it('reads the resumed id from the error text', () => {
    assert.strictEqual(staleSessionIdIn('No conversation found with session ID: abc12345-x'), 'abc12345-x');
    assert.strictEqual(staleSessionIdIn('error_during_execution'), undefined);
  });
});
