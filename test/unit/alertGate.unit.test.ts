import * as assert from 'assert';
import { AlertGate, alertKey, isNotifiable } from '../../src/core/alertGate';

/** A clock the test moves by hand (epoch ms). */
class FakeClock {
  constructor(public t = 1_700_000_000_000) {}
  now(): number {
    return this.t;
  }
}

describe('AlertGate', () => {
  const TEN_MINUTES = 10 * 60_000;

  it('lets one of 100 identical detections in one minute through', () => {
    const clock = new FakeClock();
    const gate = new AlertGate(TEN_MINUTES, clock);
    const key = alertKey('session-a', 'rate_limit');
    let shown = 0;
    for (let i = 0; i < 100; i++) {
      if (gate.tryPass(key, 'CRITICAL')) {
        shown++;
      }
      clock.t += 600; // 100 detections over 60 s
    }
    assert.strictEqual(shown, 1);
  });

  it('lets a rise in severity through within the cooldown, and not a fall', () => {
    const clock = new FakeClock();
    const gate = new AlertGate(TEN_MINUTES, clock);
    const key = alertKey('session-a', 'timeout');
    assert.strictEqual(gate.tryPass(key, 'MEDIUM'), true);
    clock.t += 1000;
    assert.strictEqual(gate.tryPass(key, 'MEDIUM'), false);
    assert.strictEqual(gate.tryPass(key, 'HIGH'), true);
    assert.strictEqual(gate.tryPass(key, 'HIGH'), false);
    assert.strictEqual(gate.tryPass(key, 'MEDIUM'), false);
    assert.strictEqual(gate.tryPass(key, 'CRITICAL'), true);
  });

  it('passes again once the cooldown is over', () => {
    const clock = new FakeClock();
    const gate = new AlertGate(TEN_MINUTES, clock);
    const key = alertKey('s', 'auth');
    assert.strictEqual(gate.tryPass(key, 'CRITICAL'), true);
    clock.t += TEN_MINUTES - 1;
    assert.strictEqual(gate.tryPass(key, 'CRITICAL'), false);
    clock.t += 1;
    assert.strictEqual(gate.tryPass(key, 'CRITICAL'), true);
  });

  it('keeps sessions and failure types apart', () => {
    const gate = new AlertGate(TEN_MINUTES, new FakeClock());
    assert.strictEqual(gate.tryPass(alertKey('s1', 'auth'), 'CRITICAL'), true);
    assert.strictEqual(gate.tryPass(alertKey('s2', 'auth'), 'CRITICAL'), true);
    assert.strictEqual(gate.tryPass(alertKey('s1', 'budget_exceeded'), 'CRITICAL'), true);
    assert.strictEqual(gate.tryPass(alertKey('s1', 'auth'), 'CRITICAL'), false);
  });

  it('a zero cooldown lets everything through; reset forgets a key', () => {
    const gate = new AlertGate(0, new FakeClock());
    assert.strictEqual(gate.tryPass('k', 'LOW'), true);
    assert.strictEqual(gate.tryPass('k', 'LOW'), true);
    gate.setCooldown(TEN_MINUTES);
    assert.strictEqual(gate.tryPass('k', 'LOW'), false);
    gate.reset('k');
    assert.strictEqual(gate.tryPass('k', 'LOW'), true);
  });
});

describe('isNotifiable', () => {
  const now = 1_700_000_000_000;
  const open = { severity: 'CRITICAL' as const, status: 'open' as const, snoozedUntil: 0 };

  it('notifies live, open, unsnoozed findings at or above the minimum', () => {
    assert.strictEqual(isNotifiable(open, true, 'CRITICAL', now), true);
    assert.strictEqual(isNotifiable({ ...open, severity: 'HIGH' }, true, 'MEDIUM', now), true);
  });

  it('stays quiet while catching up, below the minimum, snoozed, acknowledged or resolved', () => {
    assert.strictEqual(isNotifiable(open, false, 'LOW', now), false);
    assert.strictEqual(isNotifiable({ ...open, severity: 'HIGH' }, true, 'CRITICAL', now), false);
    assert.strictEqual(isNotifiable({ ...open, snoozedUntil: now + 1 }, true, 'LOW', now), false);
    assert.strictEqual(isNotifiable({ ...open, snoozedUntil: now }, true, 'LOW', now), true);
    assert.strictEqual(isNotifiable({ ...open, status: 'acknowledged' }, true, 'LOW', now), false);
    assert.strictEqual(isNotifiable({ ...open, status: 'resolved' }, true, 'LOW', now), false);
  });
});
