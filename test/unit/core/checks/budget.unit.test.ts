import * as assert from 'assert';
import { budgetCheck } from '../../../../src/core/checks/budget';
import { harness } from './harness';

describe('checks/budget', () => {
  it('opens a CRITICAL budget finding once the session cost reaches the cap, once; off when the cap is 0', async () => {
    const h = await harness(budgetCheck(), { budgetCapUsd: 1 });
    assert.deepStrictEqual(h.feed({ kind: 'assistant', text: 'a' }, { cost: 0.6 }), []);
    const found = h.feed({ kind: 'assistant', text: 'b' }, { cost: 0.6 });
    assert.deepStrictEqual(
      found.map((f) => [f.type, f.severity, f.strategy]),
      [['budget_exceeded', 'CRITICAL', 'halt_and_notify']],
    );
    assert.match(found[0].lastText, /\$1\.20 reached the cap of \$1\.00/);
    assert.deepStrictEqual(h.feed({ kind: 'assistant', text: 'c' }, { cost: 0.6 }), [], 'not again while open');
    const off = await harness(budgetCheck(), { budgetCapUsd: 0 });
    assert.deepStrictEqual(off.feed({ kind: 'assistant', text: 'a' }, { cost: 100 }), []);
  });
});
