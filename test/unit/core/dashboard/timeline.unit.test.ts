/**
 * The session timeline on real transcripts (test/fixtures/claude, written by the real Claude Code CLI 2.1.330, and
 * test/fixtures/codex, by the real Codex CLI; see each PROVENANCE.md): each file is read twice, once by the tailer into a
 * real engine on a real sql.js store, once by the tailer into a {@link TimelineBuilder}; the timeline's messages, tokens
 * and cost must equal the engine's snapshot of the same session, and its errors, retries and compactions must equal what
 * the file holds.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { claudeFormat } from '../../../../src/core/agents/claude/kind';
import { createCodexFormat } from '../../../../src/core/agents/codex/kind';
import { TimelineBuilder, oneLine, predictOverflow, retryOf } from '../../../../src/core/dashboard/timeline';
import { totalTokens } from '../../../../src/core/dashboard/overview';
import { REPO_ROOT } from '../../helpers';
import { both } from './fixtures';

const count = (file: string, needle: string): number =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.includes(needle)).length;

describe('dashboard timeline', () => {
  const claude = fs.readdirSync(path.join(REPO_ROOT, 'test/fixtures/claude')).filter((f) => f.endsWith('.jsonl'));
  const codex = fs.readdirSync(path.join(REPO_ROOT, 'test/fixtures/codex')).filter((f) => f.endsWith('.jsonl'));

  for (const [dir, names, format] of [
    ['claude', claude, () => claudeFormat],
    ['codex', codex, createCodexFormat],
  ] as const) {
    for (const name of names) {
      it(`${dir}/${name}: messages, tokens and cost equal the engine's snapshot`, async () => {
        const { s, t } = await both(dir, name, format);
        assert.strictEqual(t.totals.messages, s.messageCount, 'messages');
        assert.strictEqual(t.totals.tokens, totalTokens(s), 'tokens');
        assert.ok(Math.abs(t.totals.costUsd - s.costUsd) < 1e-9, `cost ${t.totals.costUsd} vs ${s.costUsd}`);
        // The cumulative series ends at the totals and never decreases.
        const c = t.cumulative;
        if (c.t.length > 0) {
          assert.strictEqual(c.messages[c.messages.length - 1], t.totals.messages);
          assert.strictEqual(c.tokens[c.tokens.length - 1], t.totals.tokens);
          for (let i = 1; i < c.t.length; i++) {
            assert.ok(c.tokens[i] >= c.tokens[i - 1] && c.cost[i] >= c.cost[i - 1] && c.messages[i] >= c.messages[i - 1]);
          }
        }
      });
    }
  }

  for (const name of claude) {
    it(`claude/${name}: API errors, the agent's retries and compactions as the file holds them`, async () => {
      const { t, file } = await both('claude', name, () => claudeFormat);
      const errors = t.points.filter((p) => p.lane === 'error');
      // The CLI's retries (system api_error records) and the error it finally shows (a synthetic assistant message).
      assert.strictEqual(errors.length, count(file, '"subtype":"api_error"') + count(file, '"isApiErrorMessage":true'));
      assert.strictEqual(t.totals.retries, count(file, 'retryAttempt'));
      assert.strictEqual(t.totals.compactions, count(file, '"subtype":"compact_boundary"'));
      for (const e of errors) {
        assert.ok(e.offset !== undefined, 'an error point can jump to its line');
      }
    });
  }

  it('a 429 with retries: status, attempt and the announced wait on each error point', async () => {
    const { t, file } = await both('claude', 'rate_limit_then_ok.jsonl', () => claudeFormat);
    const lines = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"subtype":"api_error"'));
    const errors = t.points.filter((p) => p.lane === 'error' && p.attempt !== undefined);
    assert.strictEqual(errors.length, lines.length);
    let waited = 0;
    errors.forEach((p, i) => {
      const rec = JSON.parse(lines[i]) as { retryAttempt: number; maxRetries?: number; retryInMs: number };
      assert.strictEqual(p.status, 429);
      assert.strictEqual(p.attempt, rec.retryAttempt);
      assert.strictEqual(p.waitMs, Math.round(rec.retryInMs));
      waited += Math.round(rec.retryInMs);
    });
    assert.strictEqual(t.totals.waitMs, waited);
  });

  it('a compaction: a point on the compaction lane and the context drops after it', async () => {
    const { t } = await both('claude', 'compact.jsonl', () => claudeFormat);
    const compaction = t.points.find((p) => p.lane === 'compaction');
    assert.ok(compaction);
    assert.ok(t.context.t.length > 0);
  });

  it('tool calls whose result is an error are marked failed', async () => {
    const { t, file } = await both('claude', 'tool_use.jsonl', () => claudeFormat);
    const tools = t.points.filter((p) => p.lane === 'tool');
    assert.strictEqual(tools.length, t.totals.toolCalls);
    assert.strictEqual(tools.length, count(file, '"type":"tool_use"'));
    assert.strictEqual(tools.filter((p) => p.failed).length, count(file, '"is_error":true'));
  });

  it('a denied tool call is marked failed, the others not', async () => {
    const { t, file } = await both('claude', 'tool_denied.jsonl', () => claudeFormat);
    const tools = t.points.filter((p) => p.lane === 'tool');
    assert.ok(tools.length > 0);
    assert.strictEqual(tools.filter((p) => p.failed).length, count(file, '"is_error":true'));
  });

  it('events of another session in the same file are left out', () => {
    const b = new TimelineBuilder('a', () => 5);
    b.add([
      { sessionId: 'b', agent: 'claude-code', timestamp: 1, kind: 'user', text: 'other' },
      { sessionId: 'a', agent: 'claude-code', timestamp: 0, kind: 'user', text: 'mine\n  two lines' },
    ]);
    assert.deepStrictEqual(
      b.timeline().points.map((p) => [p.t, p.label]),
      [[5, 'mine two lines']],
    );
  });

  it('oneLine folds whitespace and cuts with an ellipsis; retryOf reads the parser’s retry suffix', () => {
    assert.strictEqual(oneLine('a\n\tb  c'), 'a b c');
    assert.strictEqual(oneLine('x'.repeat(10), 5), 'xxxx…');
    assert.deepStrictEqual(retryOf('API error 429: slow down (retry 3/10 in 4123 ms)'), { attempt: 3, maxAttempts: 10, waitMs: 4123 });
    assert.deepStrictEqual(retryOf('(retry 2)'), { attempt: 2 });
    assert.strictEqual(retryOf('no retry here'), undefined);
  });

  it('predictOverflow: a line through the samples since the last drop', () => {
    // 1000 tokens a second from 10,000 at t=0: 100,000 at t=90 s.
    const t = [0, 1000, 2000, 3000];
    assert.strictEqual(predictOverflow({ t, used: [10_000, 11_000, 12_000, 13_000] }, 100_000), 90_000);
    // A drop (compaction) at the third sample leaves two samples after it: too few.
    assert.strictEqual(predictOverflow({ t, used: [50_000, 60_000, 5_000, 6_000] }, 100_000), undefined);
    assert.strictEqual(predictOverflow({ t, used: [10, 9, 8, 7] }, 100_000), undefined, 'falling use');
    assert.strictEqual(predictOverflow({ t, used: [1, 2, 3, 4] }, 0), undefined, 'no window');
  });
});
