import * as assert from 'assert';
import { dailyResetBoundary, marathonCheck, marathonWarnAt } from '../../../../src/core/checks/marathon';
import { DEFAULT_HEALTH_CONFIG } from '../../../../src/core/engine/activity';
import { harness } from './harness';

describe('checks/marathon', () => {
  it('warns at the warn count (MEDIUM), raises at the limit (HIGH), writes each level once', async () => {
    const h = await harness(marathonCheck(), {}, { maxMessages: 10, messageWarnPercent: 80, idleResetMs: 0, dailyResetHour: -1 });
    const found: string[] = [];
    for (let n = 1; n <= 11; n++) {
      h.clock.advance(1000);
      for (const f of h.feed({ kind: 'user', text: `m${n}` }, { isMessage: true, messageCount: n })) {
        found.push(`${n}:${f.severity}`);
      }
    }
    assert.deepStrictEqual(found, ['8:MEDIUM', '10:HIGH']);
    assert.strictEqual(marathonWarnAt({ ...DEFAULT_HEALTH_CONFIG, maxMessages: 10, messageWarnPercent: 80 }), 8);
  });

  it('resets the count after an idle gap (before the message is counted) and resolves the finding', async () => {
    const h = await harness(marathonCheck(), {}, { maxMessages: 2, messageWarnPercent: 100, idleResetMs: 3_600_000, dailyResetHour: -1 });
    h.feed({ kind: 'user', text: 'a' }, { isMessage: true, messageCount: 1 });
    h.clock.advance(1000);
    const [limit] = h.feed({ kind: 'user', text: 'b' }, { isMessage: true, messageCount: 2 });
    assert.strictEqual(limit?.severity, 'HIGH');
    h.clock.advance(2 * 3_600_000);
    h.feed({ kind: 'user', text: 'c' }, { isMessage: true, messageCount: 3 });
    assert.strictEqual(h.lastFacts?.messageCount, 1, 'counted from one again');
    assert.strictEqual(h.store.messageResets(5)[0].reason, 'idle');
    assert.strictEqual(h.store.finding(limit.id)?.status, 'resolved');
  });

  it('the daily boundary is the latest reset hour at or before the time', () => {
    const t = new Date(2026, 10, 24, 3, 0).getTime();
    assert.strictEqual(dailyResetBoundary(t, 4), new Date(2026, 10, 23, 4, 0).getTime());
  });
});
