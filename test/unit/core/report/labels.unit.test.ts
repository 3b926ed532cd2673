import * as assert from 'assert';
import {
  clip,
  codeBlock,
  countHealth,
  formatAgo,
  formatContext,
  formatDuration,
  formatMessages,
  sessionDescription,
  sessionLabel,
  statusBarText,
  worstHealth,
} from '../../../../src/core/report/labels';

describe('view formatting', () => {
  it('writes the status bar text with zero parts left out except ok', () => {
    assert.strictEqual(statusBarText({ ok: 0, warning: 0, critical: 0 }), '$(pulse) Session Doctor');
    assert.strictEqual(statusBarText({ ok: 1, warning: 0, critical: 1 }), '$(pulse) 1 ok · 1 critical');
    assert.strictEqual(statusBarText({ ok: 0, warning: 2, critical: 0 }), '$(pulse) 0 ok · 2 warning');
    assert.strictEqual(statusBarText({ ok: 3, warning: 1, critical: 2 }), '$(pulse) 3 ok · 1 warning · 2 critical');
    assert.strictEqual(statusBarText({ ok: 4, warning: 0, critical: 0 }), '$(pulse) 4 ok');
  });

  it('counts health and finds the worst', () => {
    const counts = countHealth([{ health: 'ok' }, { health: 'critical' }, { health: 'warning' }, { health: 'ok' }]);
    assert.deepStrictEqual(counts, { ok: 2, warning: 1, critical: 1 });
    assert.strictEqual(worstHealth(counts), 'critical');
    assert.strictEqual(worstHealth({ ok: 0, warning: 0, critical: 0 }), undefined);
  });

  it('says how long ago', () => {
    const now = 1_700_000_000_000;
    assert.strictEqual(formatAgo(now - 1000, now), 'just now');
    assert.strictEqual(formatAgo(now - 42_000, now), '42s ago');
    assert.strictEqual(formatAgo(now - 3 * 60_000, now), '3m ago');
    assert.strictEqual(formatAgo(now - 5 * 3_600_000, now), '5h ago');
    assert.strictEqual(formatAgo(now - 3 * 86_400_000, now), '3d ago');
    assert.strictEqual(formatAgo(now + 10_000, now), 'just now');
    assert.strictEqual(formatDuration(2000), '2s');
    assert.strictEqual(formatDuration(1500), '1.5s');
  });

  it('labels sessions with project and clipped title', () => {
    assert.strictEqual(sessionLabel({ project: 'app', title: '', id: 'x' }), 'app');
    assert.strictEqual(sessionLabel({ project: 'app', title: 'Fix the\nlogin bug', id: 'x' }), 'app — Fix the login bug');
    const long = sessionLabel({ project: 'app', title: 'a'.repeat(100), id: 'x' });
    assert.ok(long.endsWith('…') && long.length === 'app — '.length + 60);
    assert.strictEqual(sessionLabel({ project: '', title: '', id: '6f1c2e0a-3b7d' }), '6f1c2e0a');
    assert.strictEqual(clip('  a   b  ', 10), 'a b');
  });

  it('fences untrusted text so its backticks cannot close the block', () => {
    const block = codeBlock('x ``` y');
    assert.ok(block.startsWith('````text\n') && block.endsWith('\n````'));
  });

  it('describes a session row with its state, count / limit and context use', () => {
    const now = Date.UTC(2026, 10, 23, 12);
    const base = {
      lastActivity: now - 7 * 60_000,
      marathon: { count: 171, limit: 200 },
      activity: { state: 'stuck' as const, sinceMs: now - 7 * 60_000, detail: '', processKnown: true },
      context: { percent: 86.4, turnsLeft: 3 },
    };
    assert.strictEqual(
      sessionDescription({ ...base, health: 'critical' }, now),
      'critical · stuck · 171/200 msgs · ctx 86% (~3 turns) · 7m ago',
    );
    // A quiet, healthy session waiting for the person leaves the state out; context under 50 % is not shown.
    const idle = {
      ...base,
      health: 'ok' as const,
      activity: { ...base.activity, state: 'waiting' as const },
      context: { percent: 12, turnsLeft: undefined },
    };
    assert.strictEqual(sessionDescription(idle, now), 'ok · 171/200 msgs · 7m ago');
    assert.strictEqual(sessionDescription({ ...idle, health: 'warning' }, now), 'warning · waiting for you · 171/200 msgs · 7m ago');
    assert.strictEqual(formatMessages({ count: 12, limit: 0 }), '12 msgs');
    assert.strictEqual(formatContext({ percent: 81, turnsLeft: 40 }), 'ctx 81%', 'a far estimate is left out');
    assert.strictEqual(formatContext({ percent: 97.6, turnsLeft: 1 }), 'ctx 98% (~1 turn)');
  });
});
