import * as assert from 'assert';
import { clockTime, duration, forecastText, renderGauges, shortWindow } from '../../../../src/core/limits/limitsText';

const NOW = Date.parse('2026-11-30T14:00:00Z');

describe('core/limits/limitsText', () => {
  it('prints clock times in the zone, with the date on another day', () => {
    assert.strictEqual(clockTime(Date.parse('2026-11-30T15:40:00Z'), NOW, 'UTC'), '15:40');
    assert.strictEqual(clockTime(Date.parse('2026-11-30T15:40:00Z'), NOW, 'Europe/Berlin'), '16:40');
    assert.strictEqual(clockTime(Date.parse('2026-12-04T09:05:00Z'), NOW, 'UTC'), 'Dec 4 09:05');
  });

  it("without a zone, prints clock times in the process's TZ (the status line's way)", () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'Asia/Tokyo'; // 14:00Z is 23:00 there; 15:40Z is 00:40 the next day
      assert.strictEqual(clockTime(Date.parse('2026-11-30T14:30:00Z'), NOW), '23:30');
      assert.strictEqual(clockTime(Date.parse('2026-11-30T15:40:00Z'), NOW), 'Dec 1 00:40');
      process.env.TZ = 'America/New_York';
      assert.strictEqual(clockTime(Date.parse('2026-11-30T15:40:00Z'), NOW), '10:40');
    } finally {
      if (saved === undefined) {
        delete process.env.TZ;
      } else {
        process.env.TZ = saved;
      }
    }
  });

  it('prints durations and window names', () => {
    assert.deepStrictEqual(
      [duration(40_000), duration(12 * 60_000), duration(65 * 60_000), duration(4 * 86_400_000)],
      ['40 s', '12 min', '1 h 05 min', '4 d'],
    );
    assert.strictEqual(shortWindow({ window: 'five_hour', windowMinutes: 300 }), '5h');
  });

  it('words the forecast as the issue asks, and renders the gauges table', () => {
    const gauge = {
      agent: 'claude-code',
      account: 'claude-code',
      window: 'five_hour',
      usedPercent: 70,
      windowMinutes: 300,
      resetsAt: Date.parse('2026-11-30T16:30:00Z'),
      observedAt: NOW,
    };
    const row = {
      gauge,
      forecast: {
        perHour: 30,
        hitsAt: Date.parse('2026-11-30T15:40:00Z'),
        resetsAt: gauge.resetsAt,
        beforeReset: true,
        marginMs: 50 * 60_000,
      },
    };
    assert.strictEqual(forecastText(row, NOW, 'UTC'), 'at this pace the 5 h limit is reached at 15:40, 50 min before it resets');
    const table = renderGauges([row], NOW, 'UTC');
    assert.match(table, /^claude-code +5 h +███████░░░ 70% +resets 16:30 \(in 2 h 30 min\) +at this pace/);
    assert.match(renderGauges([], NOW), /^No limit readings yet/);
  });
});
