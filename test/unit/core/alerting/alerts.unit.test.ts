import * as assert from 'assert';
import {
  Alert,
  AlertCenter,
  AlertGroup,
  TieredGate,
  alertOfFinding,
  applySnooze,
  groupAlerts,
  isNotifiable,
  liftedSilences,
  silenceFor,
  silenceHolds,
  uniformCooldown,
} from '../../../../src/core/alerting/alerts';
import type { Engine } from '../../../../src/core/engine/engine';
import type { Severity } from '../../../../src/core/model/failures';
import { Store } from '../../../../src/core/store/store';
import { FakeClock, ev, newEngine, sqlJs } from '../../helpers';

const TEN_MINUTES = 10 * 60_000;
const alert = (level: Severity, sessionId = 's1', type = 'rate_limit'): Alert => ({
  sessionId,
  type,
  level,
  title: type,
  sessionLabel: sessionId,
});

describe('TieredGate', () => {
  it('admits one of 100 identical alerts in one minute', () => {
    const clock = new FakeClock();
    const gate = new TieredGate(uniformCooldown(TEN_MINUTES), clock);
    let admitted = 0;
    for (let i = 0; i < 100; i++) {
      admitted += gate.admit(alert('CRITICAL')) === 'admitted' ? 1 : 0;
      clock.advance(600);
    }
    assert.strictEqual(admitted, 1);
  });

  it('admits a rise LOW -> CRITICAL, inhibits the fall back to HIGH', () => {
    const clock = new FakeClock();
    const gate = new TieredGate(uniformCooldown(TEN_MINUTES), clock);
    assert.strictEqual(gate.admit(alert('LOW')), 'admitted');
    clock.advance(1000);
    assert.strictEqual(gate.admit(alert('LOW')), 'cooldown');
    assert.strictEqual(gate.admit(alert('CRITICAL')), 'admitted');
    assert.strictEqual(gate.admit(alert('HIGH')), 'inhibited');
    assert.strictEqual(gate.admit(alert('LOW')), 'inhibited');
    clock.advance(TEN_MINUTES);
    assert.strictEqual(gate.admit(alert('HIGH')), 'admitted');
  });

  it("uses each level's own cooldown", () => {
    const clock = new FakeClock();
    const cooldowns: Record<Severity, number> = { LOW: 0, MEDIUM: 30 * 60_000, HIGH: 15 * 60_000, CRITICAL: 5 * 60_000 };
    const gate = new TieredGate((_t, l) => cooldowns[l], clock);
    assert.strictEqual(gate.admit(alert('CRITICAL')), 'admitted');
    clock.advance(5 * 60_000 - 1);
    assert.strictEqual(gate.admit(alert('CRITICAL')), 'cooldown');
    clock.advance(1);
    assert.strictEqual(gate.admit(alert('CRITICAL')), 'admitted');
    // Falling to HIGH: HIGH counts as sent with the last CRITICAL, for HIGH's 15 min.
    clock.advance(14 * 60_000);
    assert.strictEqual(gate.admit(alert('HIGH')), 'inhibited');
    clock.advance(60_000);
    assert.strictEqual(gate.admit(alert('HIGH')), 'admitted');
  });

  it('keeps sessions and types apart', () => {
    const gate = new TieredGate(uniformCooldown(TEN_MINUTES), new FakeClock());
    assert.strictEqual(gate.admit(alert('HIGH', 's1', 'auth')), 'admitted');
    assert.strictEqual(gate.admit(alert('HIGH', 's2', 'auth')), 'admitted');
    assert.strictEqual(gate.admit(alert('HIGH', 's1', 'timeout')), 'admitted');
    assert.strictEqual(gate.admit(alert('HIGH', 's1', 'auth')), 'cooldown');
  });
});

describe('groupAlerts', () => {
  it('names the findings and sessions, worst first, one per session and type', () => {
    const g = groupAlerts([
      alert('LOW', 'a', 'rate_limit'),
      alert('CRITICAL', 'b', 'auth'),
      alert('MEDIUM', 'a', 'rate_limit'),
      alert('HIGH', 'a', 'timeout'),
    ]);
    assert.strictEqual(g.alerts.length, 3);
    assert.strictEqual(g.worst.type, 'auth');
    assert.strictEqual(g.sessionCount, 2);
    assert.strictEqual(g.message, '3 findings in 2 sessions: auth in b (CRITICAL); timeout in a (HIGH); rate_limit in a (MEDIUM)');
  });

  it('shows a single alert as itself and cuts long lists', () => {
    assert.strictEqual(groupAlerts([alert('HIGH')]).message, 'rate_limit in s1 (HIGH)');
    const many = groupAlerts(['a', 'b', 'c', 'd', 'e'].map((s) => alert('HIGH', s)));
    assert.match(many.message, /^5 findings in 5 sessions: .*; and 2 more$/);
    assert.throws(() => groupAlerts([]));
  });
});

describe('silences', () => {
  const now = 1_700_000_000_000;
  it('a timed silence holds until its end', () => {
    const s = silenceFor('15m', 's1', 'auth', 4, now);
    assert.strictEqual(silenceHolds(s, now + 15 * 60_000 - 1, 4), true);
    assert.strictEqual(silenceHolds(s, now + 15 * 60_000, 4), false);
    assert.strictEqual(silenceFor('1h', 's1', 'auth', 4, now).untilMs, now + 3_600_000);
  });

  it('an until-change silence holds until the message count grows, or the session is gone', () => {
    const s = silenceFor('change', 's1', '', 4, now);
    assert.strictEqual(silenceHolds(s, now + 86_400_000, 4), true);
    assert.strictEqual(silenceHolds(s, now, 5), false);
    assert.strictEqual(silenceHolds(s, now, undefined), false);
    assert.deepStrictEqual(
      liftedSilences([s, silenceFor('1h', 's2', 'auth', 0, now)], now + 1, (id) => (id === 's1' ? 5 : 0)).map((x) => x.sessionId),
      ['s1'],
    );
  });
});

describe('isNotifiable', () => {
  const now = 1_700_000_000_000;
  const open = { severity: 'CRITICAL' as const, status: 'open' as const, snoozedUntil: 0 };
  it('offers live, open, unsnoozed findings at or above the minimum only', () => {
    assert.strictEqual(isNotifiable(open, true, 'CRITICAL', now), true);
    assert.strictEqual(isNotifiable(open, false, 'LOW', now), false);
    assert.strictEqual(isNotifiable({ ...open, severity: 'HIGH' }, true, 'CRITICAL', now), false);
    assert.strictEqual(isNotifiable({ ...open, snoozedUntil: now + 1 }, true, 'LOW', now), false);
    assert.strictEqual(isNotifiable({ ...open, status: 'acknowledged' }, true, 'LOW', now), false);
  });
});

/**
 * The real engine wired to the alert center the way src/features/notifications/notifier.ts wires it: live, notifiable detections are
 * offered; the adapter's timer is played by `tick`, which flushes due groups.
 */
function wire(
  engine: Engine,
  clock: FakeClock,
  minimumSeverity: Severity = 'LOW',
  groupWindowMs = 1500,
): { groups: AlertGroup[]; tick(): void; center: AlertCenter } {
  const center = new AlertCenter(
    { groupWindowMs, cooldownOf: uniformCooldown(TEN_MINUTES) },
    { silences: () => engine.silences(), messageCount: (id) => engine.session(id)?.messageCount },
    clock,
  );
  const groups: AlertGroup[] = [];
  engine.onDidDetect((e) => {
    if (isNotifiable(e.finding, e.live, minimumSeverity, clock.now())) {
      center.offer(alertOfFinding(e.finding, e.session.id));
    }
  });
  const tick = (): void => {
    const g = center.flush();
    if (g) {
      groups.push(g);
    }
  };
  return { groups, tick, center };
}

const RATE_LIMIT =
  'API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}';
const AUTH = 'API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}';

describe('alerting through the real engine', () => {
  for (const [name, text, status] of [
    ['a CRITICAL auth error', AUTH, 401],
    ['a rate limit that escalates LOW -> MEDIUM inside the group window', RATE_LIMIT, 429],
  ] as const) {
    it(`a burst of 100 identical errors in one minute (${name}) gives exactly one notification`, async () => {
      const { engine, clock } = await newEngine();
      const { groups, tick } = wire(engine, clock);
      for (let i = 0; i < 100; i++) {
        engine.ingest([ev(clock, { kind: 'error', text, httpStatus: status, isError: true })], { live: true });
        clock.advance(600);
        tick();
      }
      clock.advance(60_000);
      tick();
      assert.strictEqual(groups.length, 1);
      assert.strictEqual(groups[0].alerts.length, 1);
    });
  }

  it('a rise to CRITICAL notifies again inside the cooldown', async () => {
    const { engine, clock } = await newEngine();
    const { groups, tick } = wire(engine, clock);
    const [first] = engine.ingest([ev(clock, { kind: 'error', text: RATE_LIMIT, httpStatus: 429, isError: true })], { live: true });
    assert.strictEqual(first.severity, 'LOW');
    clock.advance(2000);
    tick();
    assert.strictEqual(groups.length, 1);
    // Two recoveries taken: the next occurrence escalates the session to CRITICAL / halt (maxAutoRetries 2).
    for (let i = 0; i < 2; i++) {
      engine.recordRecovery({
        sessionId: 's1',
        findingId: first.id,
        failureType: 'rate_limit',
        strategy: 'backoff',
        outcome: 'taken',
        actor: 'user',
        detail: '',
      });
    }
    clock.advance(60_000);
    engine.ingest([ev(clock, { kind: 'error', text: RATE_LIMIT, httpStatus: 429, isError: true })], { live: true });
    clock.advance(2000);
    tick();
    assert.strictEqual(groups.length, 2);
    assert.strictEqual(groups[1].worst.level, 'CRITICAL');
    // More of the same inside the cooldown: nothing.
    engine.ingest([ev(clock, { kind: 'error', text: RATE_LIMIT, httpStatus: 429, isError: true })], { live: true });
    clock.advance(2000);
    tick();
    assert.strictEqual(groups.length, 2);
  });

  it('groups findings of several sessions arriving together into one notification with the worst first', async () => {
    const { engine, clock } = await newEngine();
    const { groups, tick } = wire(engine, clock);
    engine.ingest([ev(clock, { sessionId: 'a', kind: 'error', text: RATE_LIMIT, httpStatus: 429, isError: true })], { live: true });
    clock.advance(500);
    engine.ingest([ev(clock, { sessionId: 'b', kind: 'error', text: AUTH, httpStatus: 401, isError: true })], { live: true });
    clock.advance(500);
    engine.ingest([ev(clock, { sessionId: 'b', kind: 'error', text: 'API Error: Request timed out.' })], { live: true });
    tick();
    assert.strictEqual(groups.length, 0, 'not due before the window ends');
    clock.advance(500);
    tick();
    assert.strictEqual(groups.length, 1);
    assert.strictEqual(groups[0].alerts.length, 3);
    assert.strictEqual(groups[0].sessionCount, 2);
    assert.strictEqual(groups[0].worst.type, 'auth');
    assert.match(groups[0].message, /^3 findings in 2 sessions: Authentication failed/);
  });

  it('a silence until the session changes holds through more errors and lifts on new activity', async () => {
    const { engine, clock } = await newEngine();
    const { groups, tick, center } = wire(engine, clock);
    engine.ingest([ev(clock, { kind: 'user', text: 'fix the tests' }), ev(clock, { kind: 'assistant', text: 'On it.' })], { live: true });
    const count = engine.session('s1')!.messageCount;
    engine.addSilence(silenceFor('change', 's1', '', count, clock.now()));
    engine.ingest([ev(clock, { kind: 'error', text: AUTH, httpStatus: 401, isError: true })], { live: true });
    clock.advance(60 * 60_000);
    engine.ingest([ev(clock, { kind: 'error', text: RATE_LIMIT, httpStatus: 429, isError: true })], { live: true });
    clock.advance(2000);
    tick();
    assert.strictEqual(groups.length, 0);
    assert.strictEqual(center.pendingCount, 0);
    // The user answers: the session changed, the silence lifts.
    engine.ingest([ev(clock, { kind: 'user', text: 'I rotated the key, go on' })], { live: true });
    assert.strictEqual(liftedSilences(engine.silences(), clock.now(), (id) => engine.session(id)?.messageCount).length, 1);
    engine.ingest([ev(clock, { kind: 'error', text: 'API Error: Request timed out.' })], { live: true });
    clock.advance(2000);
    tick();
    assert.strictEqual(groups.length, 1);
    assert.strictEqual(groups[0].worst.type, 'timeout');
  });

  it('a timed silence of one type silences only that type, and only until it ends', async () => {
    const { engine, clock } = await newEngine();
    const { groups, tick } = wire(engine, clock);
    engine.addSilence(silenceFor('15m', 's1', 'auth', 0, clock.now()));
    engine.ingest(
      [
        ev(clock, { kind: 'error', text: AUTH, httpStatus: 401, isError: true }),
        ev(clock, { kind: 'error', text: 'API Error: Request timed out.' }),
      ],
      { live: true },
    );
    clock.advance(2000);
    tick();
    assert.deepStrictEqual(
      groups.map((g) => g.alerts.map((a) => a.type)),
      [['timeout']],
    );
  });
});

describe('applySnooze on the real engine', () => {
  it('15 min: a stored silence and the finding marked snoozed; until change: a silence and an audit row', async () => {
    const { engine, clock } = await newEngine();
    engine.ingest([ev(clock, { kind: 'user', text: 'go' }), ev(clock, { kind: 'error', text: AUTH, httpStatus: 401, isError: true })], {
      live: true,
    });
    const session = engine.session('s1')!;
    const finding = session.findings[0];
    assert.strictEqual(applySnooze(engine, session, finding, '15m', clock.now()), 'for 15 minutes');
    assert.strictEqual(engine.session('s1')!.findings[0].snoozedUntil, clock.now() + 15 * 60_000);
    assert.deepStrictEqual(
      engine.silences().map((s) => [s.sessionId, s.type, s.untilMs, s.untilChange]),
      [['s1', 'auth', clock.now() + 15 * 60_000, false]],
    );
    assert.strictEqual(applySnooze(engine, session, finding, 'change', clock.now()), 'until the session changes');
    const change = engine.silences()[1];
    assert.strictEqual(change.untilChange, true);
    assert.strictEqual(change.messageCount, 1);
    assert.strictEqual(engine.audit(1)[0].detail, 'until the session changes');
    assert.strictEqual(engine.audit(1)[0].strategy, 'snooze');
  });
});

describe('store: silences and session marks', () => {
  it('opens a store file written before the tables existed, and keeps silences and marks across a restart', async () => {
    const sql = await sqlJs();
    const old = Store.open(sql);
    old.ensureSession('s1', 'claude-code', '', 'p', 1);
    const bytes = old.export();
    const reopened = Store.open(sql, bytes);
    assert.deepStrictEqual(reopened.silences(), []);
    assert.deepStrictEqual(reopened.sessionMarks().priority, []);
    const s = reopened.insertSilence(silenceFor('change', 's1', 'auth', 7, 1000));
    assert.ok(s.id > 0);
    reopened.setPriorityMark('s1', true);
    reopened.setClosedMark('s2', 5000);
    const again = Store.open(sql, reopened.export());
    assert.deepStrictEqual(again.silences(), [s]);
    assert.deepStrictEqual(again.sessionMarks().priority, ['s1']);
    assert.deepStrictEqual([...again.sessionMarks().closed], [['s2', 5000]]);
    again.setPriorityMark('s1', false);
    again.setClosedMark('s2', undefined);
    again.deleteSilence(s.id);
    assert.deepStrictEqual(again.sessionMarks(), { priority: [], closed: new Map() });
    assert.deepStrictEqual(again.silences(), []);
  });
});
