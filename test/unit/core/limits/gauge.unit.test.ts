import * as assert from 'assert';
import { LimitGauge, latestGauges, windowLabel } from '../../../../src/core/limits/gauge';

const g = (over: Partial<LimitGauge>): LimitGauge => ({
  agent: 'codex',
  account: 'codex',
  window: 'primary',
  usedPercent: 10,
  observedAt: 0,
  ...over,
});

describe('core/limits/gauge', () => {
  it('labels windows by their length', () => {
    assert.strictEqual(windowLabel({ window: 'primary', windowMinutes: 300 }), '5 h');
    assert.strictEqual(windowLabel({ window: 'secondary', windowMinutes: 10_080 }), '7 d');
    assert.strictEqual(windowLabel({ window: 'x', windowMinutes: 1440 }), '24 h');
    assert.strictEqual(windowLabel({ window: 'x', windowMinutes: 90 }), '90 min');
    assert.strictEqual(windowLabel({ window: 'spend_limit' }), 'spend limit');
  });

  it('keeps the newest reading per account and window, and zeroes a window whose reset has passed', () => {
    const out = latestGauges(
      [
        g({ usedPercent: 10, observedAt: 1, resetsAt: 1000 }),
        g({ usedPercent: 30, observedAt: 5, resetsAt: 1000 }),
        g({ window: 'secondary', windowMinutes: 10_080, usedPercent: 70, observedAt: 2, resetsAt: 50 }),
      ],
      100,
    );
    assert.deepStrictEqual(
      out.map((x) => [x.window, x.usedPercent, x.resetsAt]),
      [
        ['primary', 30, 1000],
        ['secondary', 0, undefined],
      ],
    );
  });
});
