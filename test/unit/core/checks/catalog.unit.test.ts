import * as assert from 'assert';
import { catalogCheck } from '../../../../src/core/checks/catalog';
import { harness } from './harness';

describe('checks/catalog', () => {
  it('opens a finding for a detected failure, raises it on repeats in the window, and leaves owned types to their checks', async () => {
    const h = await harness(catalogCheck());
    const first = h.feed({ kind: 'error', text: 'API Error: 429' }, { detection: { type: 'rate_limit' } });
    assert.deepStrictEqual(
      first.map((f) => [f.type, f.severity]),
      [['rate_limit', 'LOW']],
    );
    h.clock.advance(1000);
    assert.deepStrictEqual(
      h.feed({ kind: 'error', text: 'API Error: 429' }, { detection: { type: 'rate_limit' } }),
      [],
      'the second occurrence is counted, not new',
    );
    h.clock.advance(1000);
    const third = h.feed({ kind: 'error', text: 'API Error: 429' }, { detection: { type: 'rate_limit' } });
    assert.deepStrictEqual(
      third.map((f) => [f.type, f.severity, f.count]),
      [['rate_limit', 'MEDIUM', 3]],
      'three within the window raise it one level',
    );
    assert.deepStrictEqual(h.feed({ kind: 'error', text: 'loop' }, { detection: { type: 'repeated_tool_call' } }), []);
    assert.deepStrictEqual(h.feed({ kind: 'error', text: 'No conversation found' }, { detection: { type: 'stale_session' } }), []);
  });
});
