import * as assert from 'assert';
import { forecastPace } from '../../../../src/core/limits/paceForecast';

const MIN = 60_000;
const now = Date.parse('2026-11-30T14:00:00Z');

describe('core/limits/paceForecast', () => {
  it('forecasts the hit from the recent slope and says how long before the reset it comes', () => {
    // 10 points in 30 min = 20 %/h; at 60 % now, 100 % in 2 h (16:00); the window resets at 16:50.
    const samples = [0, 10, 20, 30].map((m) => ({ at: now - (30 - m) * MIN, usedPercent: 50 + m / 3 }));
    const f = forecastPace(samples, now, now + 170 * MIN);
    assert.ok(f);
    assert.ok(Math.abs(f.perHour - 20) < 1e-9);
    assert.strictEqual(f.hitsAt, now + 120 * MIN);
    assert.strictEqual(f.beforeReset, true);
    assert.strictEqual(f.marginMs, 50 * MIN);
  });

  it('says not before the reset when the window resets first', () => {
    const samples = [
      { at: now - 20 * MIN, usedPercent: 40 },
      { at: now, usedPercent: 42 },
    ];
    const f = forecastPace(samples, now, now + 30 * MIN);
    assert.strictEqual(f?.beforeReset, false);
    assert.strictEqual(f?.marginMs, 0);
  });

  it('uses only the samples after a reset (a drop) and ignores old ones', () => {
    const samples = [
      { at: now - 50 * MIN, usedPercent: 90 },
      { at: now - 40 * MIN, usedPercent: 98 },
      { at: now - 20 * MIN, usedPercent: 2 },
      { at: now, usedPercent: 12 },
      { at: now - 5 * 3_600_000, usedPercent: 1 },
    ];
    const f = forecastPace(samples, now);
    assert.ok(f);
    assert.ok(Math.abs(f.perHour - 30) < 1e-9);
    assert.strictEqual(f.beforeReset, true);
  });

  it('makes no forecast from one sample, a short span, or a flat pace', () => {
    assert.strictEqual(forecastPace([{ at: now, usedPercent: 5 }], now), undefined);
    assert.strictEqual(
      forecastPace(
        [
          { at: now - MIN, usedPercent: 5 },
          { at: now, usedPercent: 9 },
        ],
        now,
      ),
      undefined,
    );
    assert.strictEqual(
      forecastPace(
        [
          { at: now - 30 * MIN, usedPercent: 5 },
          { at: now, usedPercent: 5 },
        ],
        now,
      ),
      undefined,
    );
  });
});
