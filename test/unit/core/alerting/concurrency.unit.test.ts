import * as assert from 'assert';
import {
  ConcurrencyMonitor,
  ConcurrencySettings,
  DEFAULT_CONCURRENCY_SETTINGS,
  LivenessFacts,
  PriorityMatcher,
  ProcessFacts,
  SessionFacts,
  cleanupPlan,
  isLive,
  predictLimitHit,
  tierOf,
  concurrencyStatusText,
  concurrencyTooltipLines,
  formatIn,
} from '../../../../src/core/alerting/concurrency';
import { FakeClock } from '../../helpers';

const MIN = 60_000;
const HOUR = 3_600_000;

function facts(processes: Record<string, ProcessFacts> = {}, closed: Record<string, number> = {}): LivenessFacts {
  return { process: (id) => processes[id], closedAt: (id) => closed[id] };
}

function session(id: string, lastActivity: number, title = '', project = 'proj'): SessionFacts {
  return { id, lastActivity, title, project };
}

/** `n` sessions active `agoMs` before `now`. */
function fleet(n: number, now: number, agoMs = MIN, prefix = 's'): SessionFacts[] {
  return Array.from({ length: n }, (_, i) => session(`${prefix}${i}`, now - agoMs));
}

describe('concurrency tiers', () => {
  it('starts the tiers at 65, 80 and 90 % and is off without a limit', () => {
    const t = (live: number, limit: number) => tierOf(live, limit)?.tier;
    assert.strictEqual(t(12, 20), undefined);
    assert.strictEqual(t(13, 20), 'notice');
    assert.strictEqual(t(15, 20), 'notice');
    assert.strictEqual(t(16, 20), 'warning');
    assert.strictEqual(t(17, 20), 'warning');
    assert.strictEqual(t(18, 20), 'critical');
    assert.strictEqual(t(25, 20), 'critical');
    assert.strictEqual(t(100, 0), undefined);
  });
});

describe('isLive', () => {
  const now = 1_700_000_000_000;
  const window = 30 * MIN;
  it('counts recent activity or a running agent; not a dead one or one closed by cleanup', () => {
    assert.strictEqual(isLive(session('a', now - 10 * MIN), now, window, facts()), true);
    assert.strictEqual(isLive(session('a', now - 40 * MIN), now, window, facts()), false);
    assert.strictEqual(isLive(session('a', now - 5 * HOUR), now, window, facts({ a: { state: 'running', atMs: now } })), true);
    assert.strictEqual(isLive(session('a', now - 10 * MIN), now, window, facts({ a: { state: 'exited', atMs: now - 5 * MIN } })), false);
    // Activity after the exit was seen: it was resumed elsewhere.
    assert.strictEqual(isLive(session('a', now - MIN), now, window, facts({ a: { state: 'exited', atMs: now - 5 * MIN } })), true);
    assert.strictEqual(isLive(session('a', now - 10 * MIN), now, window, facts({}, { a: now - 2 * MIN })), false);
    assert.strictEqual(isLive(session('a', now - MIN), now, window, facts({}, { a: now - 2 * MIN })), true);
  });
});

describe('ConcurrencyMonitor', () => {
  const settings: ConcurrencySettings = { ...DEFAULT_CONCURRENCY_SETTINGS, limit: 20, liveWindowMs: 30 * MIN };
  const none = () => false;

  it('alerts once per tier cooldown (notice 30 min), and again on a rise', () => {
    const clock = new FakeClock();
    const m = new ConcurrencyMonitor(clock);
    const levels: string[] = [];
    // 13 of 20 live (65 %) evaluated every 30 s for an hour: two notices (t = 0 and t = 30 min).
    for (let i = 0; i < 120; i++) {
      const s = m.evaluate(fleet(13, clock.now()), settings, facts(), none);
      if (s.alert) {
        levels.push(s.alert.level);
      }
      clock.advance(30_000);
    }
    assert.deepStrictEqual(levels, ['MEDIUM', 'MEDIUM']);
    // A rise to 90 %: critical at once, inside the notice's cooldown.
    const s = m.evaluate(fleet(18, clock.now()), settings, facts(), none);
    assert.strictEqual(s.tier?.tier, 'critical');
    assert.strictEqual(s.alert?.level, 'CRITICAL');
    assert.match(s.alert!.title, /^18 of 20 sessions live \(90 %, critical\)$/);
  });

  it('repeats critical every 5 min, and the lower tiers stay inhibited while it fires', () => {
    const clock = new FakeClock();
    const m = new ConcurrencyMonitor(clock);
    const seen: [number, string][] = [];
    for (let i = 0; i < 20; i++) {
      const live = i < 12 ? 19 : 16; // critical for 6 min, then warning
      const s = m.evaluate(fleet(live, clock.now()), settings, facts(), none);
      if (s.alert) {
        seen.push([i, s.alert.level]);
      }
      clock.advance(30_000);
    }
    // Critical at 0 and 5 min; the warning at 6 min is inhibited (within 15 min of the last critical).
    assert.deepStrictEqual(seen, [
      [0, 'CRITICAL'],
      [10, 'CRITICAL'],
    ]);
    clock.advance(15 * MIN);
    assert.strictEqual(m.evaluate(fleet(16, clock.now()), settings, facts(), none).alert?.level, 'HIGH');
  });

  it('says nothing below 65 % or without a limit', () => {
    const clock = new FakeClock();
    const m = new ConcurrencyMonitor(clock);
    assert.strictEqual(m.evaluate(fleet(12, clock.now()), settings, facts(), none).alert, undefined);
    const off = m.evaluate(fleet(40, clock.now()), { ...settings, limit: 0 }, facts(), none);
    assert.strictEqual(off.alert, undefined);
    assert.strictEqual(off.live, 40);
    assert.strictEqual(off.prediction, undefined);
  });

  it('predicts when a growing fleet reaches the limit, from the samples of the last 45 min', () => {
    const clock = new FakeClock();
    const m = new ConcurrencyMonitor(clock);
    // One new session every 5 min: 4 -> 12 over 40 min; 20 is reached 40 min after the last sample.
    let status;
    for (let i = 0; i <= 8; i++) {
      status = m.evaluate(fleet(4 + i, clock.now()), settings, facts(), none);
      clock.advance(5 * MIN);
    }
    clock.advance(-5 * MIN);
    assert.ok(status!.prediction);
    assert.strictEqual(Math.round(status!.prediction.perHour), 12);
    assert.strictEqual(Math.round((status!.prediction.atMs - clock.now()) / MIN), 40);
  });

  it('keeps the samples bounded however often it is called', () => {
    const clock = new FakeClock();
    const m = new ConcurrencyMonitor(clock);
    for (let i = 0; i < 5000; i++) {
      m.evaluate(fleet(3, clock.now()), settings, facts(), none);
      clock.advance(1000);
    }
    assert.ok(m.history().length <= (45 * 60) / 7.5 + 2, `kept ${m.history().length}`);
  });
});

describe('predictLimitHit', () => {
  const now = 1_700_000_000_000;
  const samples = (values: number[], stepMs: number) => values.map((live, i) => ({ at: now - (values.length - 1 - i) * stepMs, live }));
  it('is undefined for flat or falling trends, too few or too close samples, and far-away times', () => {
    assert.strictEqual(predictLimitHit(samples([5, 5, 5, 5], 5 * MIN), 10, now, HOUR), undefined);
    assert.strictEqual(predictLimitHit(samples([8, 7, 6], 5 * MIN), 10, now, HOUR), undefined);
    assert.strictEqual(predictLimitHit(samples([1, 2], 5 * MIN), 10, now, HOUR), undefined);
    assert.strictEqual(predictLimitHit(samples([1, 2, 3], 30_000), 10, now, HOUR), undefined);
    assert.strictEqual(predictLimitHit(samples([1, 1, 2], 20 * MIN), 1000, now, HOUR), undefined);
  });
  it('says "now" when the trend is already at the limit', () => {
    const p = predictLimitHit(samples([6, 8, 10, 12], 5 * MIN), 10, now, HOUR);
    assert.strictEqual(p?.atMs, now);
  });
  it('ignores samples older than the window', () => {
    const old = [{ at: now - 3 * HOUR, live: 0 }];
    const p1 = predictLimitHit([...old, ...samples([5, 6, 7], 5 * MIN)], 10, now, HOUR);
    const p2 = predictLimitHit(samples([5, 6, 7], 5 * MIN), 10, now, HOUR);
    assert.deepStrictEqual(p1, p2);
  });
});

describe('cleanupPlan', () => {
  const now = 1_700_000_000_000;
  const settings: ConcurrencySettings = { limit: 10, liveWindowMs: 3 * HOUR, idleCleanupMs: 2 * HOUR, headroom: 2, prioritySessions: [] };

  it('suggests the longest-idle non-priority sessions needed to restore the headroom', () => {
    // 10 live: 6 busy, 4 idle for 2.5, 2.2, 2.1 and 2.0 h; one of them priority.
    const sessions = [
      ...fleet(6, now, MIN, 'busy'),
      session('i25', now - 2.5 * HOUR),
      session('i22', now - 2.2 * HOUR, 'release'),
      session('i21', now - 2.1 * HOUR),
      session('i20', now - 2 * HOUR),
    ];
    const plan = cleanupPlan(sessions, now, settings, facts(), (s) => s.title === 'release');
    assert.strictEqual(plan.live, 10);
    assert.strictEqual(plan.needed, 2);
    assert.strictEqual(plan.protectedCount, 1);
    assert.deepStrictEqual(
      plan.candidates.map((c) => [c.sessionId, c.suggested]),
      [
        ['i25', true],
        ['i21', true],
        ['i20', false],
      ],
    );
  });

  it('never suggests priority or recently active sessions; without a limit every idle one is suggested', () => {
    const sessions = [session('a', now - 3 * HOUR), session('b', now - 90 * MIN), session('c', now - 2.5 * HOUR, '', 'keep')];
    const running = facts({ a: { state: 'running', atMs: now }, c: { state: 'running', atMs: now } });
    const plan = cleanupPlan(sessions, now, { ...settings, limit: 0 }, running, (s) => s.project === 'keep');
    assert.deepStrictEqual(
      plan.candidates.map((c) => [c.sessionId, c.suggested]),
      [['a', true]],
    );
  });

  it('leaves out sessions already closed or dead', () => {
    const sessions = [session('a', now - 2.5 * HOUR), session('b', now - 2.5 * HOUR)];
    const plan = cleanupPlan(sessions, now, settings, facts({ b: { state: 'exited', atMs: now - HOUR } }, { a: now - HOUR }), () => false);
    assert.deepStrictEqual(plan.candidates, []);
    assert.strictEqual(plan.live, 0);
  });
});

describe('PriorityMatcher', () => {
  const s = (id: string, title = '', project = '') => ({ id, title, project });
  it('matches names, id prefixes, globs and /regex/ (re2js), case-insensitive', () => {
    const m = new PriorityMatcher(['Release', '3f0c2a9e', 'infra-*', '/^deploy.+prod$/', 'api/?ix*']);
    assert.deepStrictEqual(m.problems, []);
    assert.strictEqual(m.matches(s('x', 'release')), true);
    assert.strictEqual(m.matches(s('3f0c2a9e-1111-2222', '')), true);
    assert.strictEqual(m.matches(s('x', '', 'INFRA-core')), true);
    assert.strictEqual(m.matches(s('x', 'Deploy to prod')), true);
    assert.strictEqual(m.matches(s('x', 'fix tests', 'api')), true);
    assert.strictEqual(m.matches(s('x', 'release notes')), false);
    assert.strictEqual(m.matches(s('3f0c', '')), false);
    assert.strictEqual(m.matches(s('x', 'my infra-core', '')), false);
    assert.strictEqual(m.matches(s('x', 'deploy to staging')), false);
  });

  it('treats glob metacharacters other than * and ? literally, and reports bad regexes without throwing', () => {
    const m = new PriorityMatcher(['a.b*', '/(unclosed/', '   ']);
    assert.strictEqual(m.matches(s('x', 'a.b-c')), true);
    assert.strictEqual(m.matches(s('x', 'axb-c')), false);
    assert.strictEqual(m.problems.length, 1);
    assert.match(m.problems[0], /\/\(unclosed\/" is not a valid pattern/);
  });
});

describe('concurrency text', () => {
  const now = 1_700_000_000_000;
  const settings: ConcurrencySettings = { limit: 20, liveWindowMs: 3 * HOUR, idleCleanupMs: 2 * HOUR, headroom: 2, prioritySessions: [] };

  it('shows the tier in the status bar only from 65 %', () => {
    const clock = new FakeClock(now);
    const m = new ConcurrencyMonitor(clock);
    assert.strictEqual(concurrencyStatusText(m.evaluate(fleet(12, now), settings, facts(), () => false)), undefined);
    assert.strictEqual(concurrencyStatusText(m.evaluate(fleet(16, now), settings, facts(), () => false)), '$(layers) 16/20 warning');
  });

  it('words times ahead', () => {
    assert.strictEqual(formatIn(now - 1, now), 'now');
    assert.strictEqual(formatIn(now + 40 * MIN, now), 'in about 40 min');
    assert.strictEqual(formatIn(now + 130 * MIN, now), 'in about 2 h 10 min');
    assert.strictEqual(formatIn(now + 120 * MIN, now), 'in about 2 h');
  });

  it('tells the count, the prediction and the cleanup candidates in the tooltip', () => {
    const clock = new FakeClock(now - 40 * MIN);
    const m = new ConcurrencyMonitor(clock);
    let status;
    for (let i = 0; i <= 8; i++) {
      // 4 -> 12 live over 40 min, plus one session idle for 3 h that a running agent keeps live.
      status = m.evaluate(
        [...fleet(4 + i, clock.now()), session('old', now - 3 * HOUR)],
        settings,
        facts({ old: { state: 'running', atMs: now } }),
        () => false,
      );
      clock.advance(5 * MIN);
    }
    const lines = concurrencyTooltipLines(status!, now, () => '13:40');
    assert.deepStrictEqual(lines, [
      '13 of 20 sessions live (65 %, notice)',
      'At the recent trend (+12.0 per hour) the limit is reached in about 35 min (13:40)',
      '1 idle session can be cleaned up',
    ]);
    assert.deepStrictEqual(
      concurrencyTooltipLines({ ...status!, limit: 0 }, now, () => ''),
      ['13 live sessions (no limit set)'],
    );
  });
});
