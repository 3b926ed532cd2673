import * as assert from 'assert';
import { addDays, epochOfWallTime, isKnownTimeZone, wallTimeAt } from '../../../../src/core/limits/zonedTime';

describe('core/limits/zonedTime', () => {
  it('converts a wall time in a zone to epoch ms in winter and summer', () => {
    assert.strictEqual(
      epochOfWallTime({ year: 2026, month: 1, day: 15, hour: 15, minute: 0 }, 'Europe/Berlin'),
      Date.parse('2026-01-15T14:00:00Z'),
    );
    assert.strictEqual(
      epochOfWallTime({ year: 2026, month: 7, day: 15, hour: 15, minute: 0 }, 'Europe/Berlin'),
      Date.parse('2026-07-15T13:00:00Z'),
    );
  });

  it('round-trips through wallTimeAt on the day clocks change', () => {
    // Europe/Berlin moves to summer time on 2026-03-29 at 02:00 local.
    for (const hour of [0, 1, 3, 4, 12, 23]) {
      const w = { year: 2026, month: 3, day: 29, hour, minute: 30 };
      const t = epochOfWallTime(w, 'Europe/Berlin');
      assert.deepStrictEqual(wallTimeAt(t!, 'Europe/Berlin'), w);
    }
  });

  it('knows IANA names and rejects others', () => {
    assert.strictEqual(isKnownTimeZone('Etc/GMT+5'), true);
    assert.strictEqual(isKnownTimeZone('Mars/Olympus'), false);
    assert.strictEqual(epochOfWallTime({ year: 2026, month: 1, day: 1, hour: 0, minute: 0 }, 'Mars/Olympus'), undefined);
  });

  it('adds days across month and year ends', () => {
    assert.deepStrictEqual(addDays({ year: 2026, month: 12, day: 31, hour: 5, minute: 1 }, 1), {
      year: 2027,
      month: 1,
      day: 1,
      hour: 5,
      minute: 1,
    });
    assert.deepStrictEqual(addDays({ year: 2028, month: 2, day: 28, hour: 0, minute: 0 }, 1).day, 29);
  });
});
