import * as assert from 'assert';
import { parseCodexRateLimits } from '../../../../src/core/limits/codexRateLimits';

describe('core/limits/codexRateLimits', () => {
  it('reads primary and secondary windows (resets_at in seconds) and credits', () => {
    const r = parseCodexRateLimits(
      {
        limit_id: 'codex',
        limit_name: null,
        primary: { used_percent: 42.5, window_minutes: 300, resets_at: 1_796_050_800 },
        secondary: { used_percent: 12, window_minutes: 10_080, resets_at: 1_796_400_000 },
        credits: { has_credits: true, unlimited: false, balance: '17.50' },
        plan_type: 'plus',
        rate_limit_reached_type: null,
      },
      7,
      'sess',
    );
    assert.ok(r);
    assert.deepStrictEqual(
      r.gauges.map((g) => [g.account, g.window, g.usedPercent, g.windowMinutes, g.resetsAt, g.sessionId]),
      [
        ['codex', 'primary', 42.5, 300, 1_796_050_800_000, 'sess'],
        ['codex', 'secondary', 12, 10_080, 1_796_400_000_000, 'sess'],
      ],
    );
    assert.deepStrictEqual(r.credits, { hasCredits: true, unlimited: false, balance: '17.50' });
    assert.strictEqual(r.planType, 'plus');
  });

  it('is undefined for the all-null object Codex writes when the server sent no limit headers, and for non-objects', () => {
    const nulls = { limit_id: 'codex', limit_name: null, primary: null, secondary: null, credits: null, plan_type: null };
    assert.strictEqual(parseCodexRateLimits(nulls, 1), undefined);
    assert.strictEqual(parseCodexRateLimits(null, 1), undefined);
    assert.strictEqual(parseCodexRateLimits('x', 1), undefined);
  });

  it('names the account by a limit id other than codex', () => {
    const r = parseCodexRateLimits({ limit_id: 'codex_other', primary: { used_percent: 80 } }, 1);
    assert.strictEqual(r?.gauges[0].account, 'codex:codex_other');
  });
});
