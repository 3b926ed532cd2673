import * as assert from 'assert';
import { limitsStatusText, limitsTooltipMarkdown, limitsWarn } from '../../../../src/features/limits/limitsTooltip';
import type { GaugeRow } from '../../../../src/core/limits/limitsText';
import type { ScheduledResume } from '../../../../src/core/recovery/resumeAtReset';

const NOW = Date.parse('2026-11-30T14:00:00Z');
const row = (window: string, minutes: number, used: number, forecast?: GaugeRow['forecast']): GaugeRow => ({
  gauge: {
    agent: 'codex',
    account: 'codex',
    window,
    windowMinutes: minutes,
    usedPercent: used,
    resetsAt: NOW + 3_600_000,
    observedAt: NOW,
  },
  ...(forecast ? { forecast } : {}),
});

describe('features/limits/limitsTooltip', () => {
  it('shows the fullest window in the status text, and nothing without gauges', () => {
    assert.strictEqual(limitsStatusText([row('primary', 300, 40), row('secondary', 10_080, 72)]), '$(dashboard) 7d 72%');
    assert.strictEqual(limitsStatusText([]), undefined);
  });

  it('warns at 80 % or when the pace reaches the limit before the reset', () => {
    assert.strictEqual(limitsWarn([row('primary', 300, 40)]), false);
    assert.strictEqual(limitsWarn([row('primary', 300, 85)]), true);
    const f = { perHour: 60, hitsAt: NOW + 1_800_000, resetsAt: NOW + 3_600_000, beforeReset: true, marginMs: 1_800_000 };
    assert.strictEqual(limitsWarn([row('primary', 300, 40, f)]), true);
  });

  it('lists gauges with reset and pace, and the resumes with their countdown', () => {
    const f = { perHour: 60, hitsAt: NOW + 1_800_000, resetsAt: NOW + 3_600_000, beforeReset: true, marginMs: 1_800_000 };
    const resume = {
      sessionId: 'abcdef12-3456',
      agent: 'claude-code',
      account: 'claude-code',
      resetsAt: NOW + 600_000,
      haltedAt: NOW,
      dueAt: NOW + 615_000,
      state: 'scheduled',
      changedAt: NOW,
    } as ScheduledResume;
    const md = limitsTooltipMarkdown([row('primary', 300, 40, f)], [resume], NOW, 'UTC');
    assert.match(
      md,
      /\| codex \| 5h \| 40% \| 15:00 \(in 1 h 00 min\) \| at this pace the 5 h limit is reached at 14:30, 30 min before it resets \|/,
    );
    assert.match(md, /- claude\\-code abcdef12: at 14:10 \(in 10 min\)/);
  });
});
