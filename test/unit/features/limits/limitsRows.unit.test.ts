import * as assert from 'assert';
import { LIMITS_ROW_ID, RESUME_ROW_CONTEXT, countdown, limitsRows } from '../../../../src/features/limits/limitsRows';
import type { GaugeRow } from '../../../../src/core/limits/limitsText';
import type { ScheduledResume } from '../../../../src/core/recovery/resumeAtReset';

const NOW = Date.parse('2026-11-30T14:00:00Z');
const row = (account: string, window: string, minutes: number, used: number, forecast?: GaugeRow['forecast']): GaugeRow => ({
  gauge: { agent: 'codex', account, window, windowMinutes: minutes, usedPercent: used, resetsAt: NOW + 3_900_000, observedAt: NOW },
  ...(forecast ? { forecast } : {}),
});
const resume = (sessionId: string, dueIn: number): ScheduledResume => ({
  sessionId,
  agent: 'claude-code',
  account: 'claude-code',
  resetsAt: NOW + dueIn - 5_000,
  haltedAt: NOW - 60_000,
  dueAt: NOW + dueIn,
  state: 'scheduled',
  changedAt: NOW - 60_000,
});

describe('features/limits/limitsRows', () => {
  it('formats countdowns as m:ss or h:mm:ss, rounding up and stopping at 0:00', () => {
    assert.strictEqual(countdown(45_000), '0:45');
    assert.strictEqual(countdown(44_001), '0:45');
    assert.strictEqual(countdown(725_000), '12:05');
    assert.strictEqual(countdown(3_723_000), '1:02:03');
    assert.strictEqual(countdown(-5_000), '0:00');
  });

  it('shows nothing without gauges or resumes', () => {
    assert.deepStrictEqual(limitsRows([], [], NOW), []);
  });

  it('has one gauge row per account and window with used %, reset and pace, warning at 80 % and erroring at 100 %', () => {
    const f = { perHour: 60, hitsAt: NOW + 1_800_000, resetsAt: NOW + 3_900_000, beforeReset: true, marginMs: 2_100_000 };
    const [top] = limitsRows(
      [row('codex', 'primary', 300, 40), row('codex', 'secondary', 10_080, 85), row('claude', 'five_hour', 300, 100)],
      [],
      NOW,
      undefined,
      'UTC',
    );
    assert.strictEqual(top.id, LIMITS_ROW_ID);
    assert.strictEqual(top.description, '5 h 100%');
    const rows = top.children ?? [];
    assert.deepStrictEqual(
      rows.map((r) => [r.label, r.description, r.icon]),
      [
        ['codex · 5 h', '40% used · resets 15:05 (in 1 h 05 min)', 'dashboard'],
        ['codex · 7 d', '85% used · resets 15:05 (in 1 h 05 min)', 'warning'],
        ['claude · 5 h', '100% used · resets 15:05 (in 1 h 05 min)', 'error'],
      ],
    );
    const [paced] = limitsRows([row('codex', 'primary', 300, 40, f)], [], NOW, undefined, 'UTC')[0].children ?? [];
    assert.strictEqual(paced.icon, 'warning');
    assert.match(paced.tooltip ?? '', /at this pace the 5 h limit is reached at 14:30, 35 min before it resets/);
    assert.strictEqual(paced.contextValue, undefined);
  });

  it('has one row per resume to come with its countdown, the cancel context and the session id as argument', () => {
    const label = (id: string) => (id.startsWith('aaaa') ? { agentName: 'Claude Code', project: 'shop' } : { agentName: 'Claude Code' });
    const [top] = limitsRows([], [resume('aaaaaaaa-1111', 45_000), resume('bbbbbbbb-2222', 55_000)], NOW, label, 'UTC');
    assert.strictEqual(top.description, '2 resumes in 0:45');
    const rows = top.children ?? [];
    assert.deepStrictEqual(
      rows.map((r) => [r.id, r.label, r.description, r.contextValue, r.arg]),
      [
        ['limits:resume:aaaaaaaa-1111', 'Resume Claude Code shop aaaaaaaa', 'in 0:45 · at 14:00', RESUME_ROW_CONTEXT, 'aaaaaaaa-1111'],
        ['limits:resume:bbbbbbbb-2222', 'Resume Claude Code bbbbbbbb', 'in 0:55 · at 14:00', RESUME_ROW_CONTEXT, 'bbbbbbbb-2222'],
      ],
    );
    // A second later the countdown moved on.
    assert.strictEqual(
      limitsRows([], [resume('aaaaaaaa-1111', 45_000)], NOW + 1000, label, 'UTC')[0].children?.[0].description,
      'in 0:44 · at 14:00',
    );
  });

  it('escapes Markdown in tooltips', () => {
    const [g] = limitsRows([row('a*b', 'primary', 300, 10)], [], NOW, undefined, 'UTC')[0].children ?? [];
    assert.match(g.tooltip ?? '', /\*\*a\\\*b\*\*/);
  });
});
