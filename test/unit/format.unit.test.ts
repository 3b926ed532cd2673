import * as assert from 'assert';
import { clip, codeBlock, countHealth, formatAgo, formatDuration, sessionLabel, statusBarText, worstHealth } from '../../src/views/format';

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
});
