import * as assert from 'assert';
import { AlertCenter } from '../../../../src/core/alerting/alertCenter';
import { uniformCooldown } from '../../../../src/core/alerting/cooldowns';
import type { Silence } from '../../../../src/core/alerting/silences';
import { limitAlerts } from '../../../../src/core/limits/limitAlerts';
import type { LimitGauge } from '../../../../src/core/limits/gauge';

const g = (used: number): LimitGauge => ({
  agent: 'claude-code',
  account: 'claude-code',
  window: 'five_hour',
  windowMinutes: 300,
  usedPercent: used,
  resetsAt: 10_000_000,
  observedAt: 0,
});
const clock = (ms: number) => `t${ms}`;

describe('core/limits/limitAlerts', () => {
  it('alerts at the thresholds and on a forecast that beats the reset', () => {
    const f = { perHour: 30, hitsAt: 5_000_000, resetsAt: 10_000_000, beforeReset: true, marginMs: 5_000_000 };
    const out = limitAlerts(
      [
        { gauge: g(96) },
        { gauge: { ...g(81), window: 'seven_day', windowMinutes: 10_080 } },
        { gauge: { ...g(40), account: 'codex' }, forecast: f },
        { gauge: { ...g(40), account: 'x' } },
      ],
      clock,
    );
    assert.deepStrictEqual(
      out.map((a) => [a.type, a.level, a.title]),
      [
        ['usage_limit:claude-code:five_hour', 'HIGH', 'claude-code 5 h limit at 96 %'],
        ['usage_limit:claude-code:seven_day', 'MEDIUM', 'claude-code 7 d limit at 81 %'],
        ['usage_limit:codex:five_hour', 'MEDIUM', 'At this pace the codex 5 h limit is reached at t5000000, before it resets at t10000000'],
      ],
    );
  });

  it('goes through the alert center: a repeat is held by the cooldown, a rise passes, a silence mutes', () => {
    let now = 0;
    let silenced = false;
    // A silence of the window's alert type, fleet-wide (session ""), for an hour.
    const mute: Silence = {
      id: 1,
      sessionId: '',
      type: 'usage_limit:claude-code:five_hour',
      untilMs: 1e12,
      untilChange: false,
      messageCount: 0,
      createdAt: 0,
    };
    const center = new AlertCenter(
      { groupWindowMs: 0, cooldownOf: uniformCooldown(600_000) },
      { silences: () => (silenced ? [mute] : []), messageCount: () => undefined },
      { now: () => now },
    );
    const offer = (used: number) => limitAlerts([{ gauge: g(used) }], clock).map((a) => center.offer(a));
    assert.deepStrictEqual(offer(82), ['queued']);
    now += 60_000;
    assert.deepStrictEqual(offer(85), ['cooldown']);
    assert.deepStrictEqual(offer(97), ['queued']);
    silenced = true;
    now += 3_600_000;
    assert.deepStrictEqual(offer(97), ['silenced']);
  });
});
