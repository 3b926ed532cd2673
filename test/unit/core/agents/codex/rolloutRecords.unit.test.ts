/**
 * The rate limits a Codex rollout carries (`token_count` `rate_limits`), on real rollouts written by Codex CLI 0.169.0
 * against test/harness/fakeOpenAI.js sending the x-codex-* limit headers (rate_limits.jsonl, usage_limit.jsonl; see
 * test/fixtures/codex/PROVENANCE.md), and the usage-limit message of the same run read into its reset time.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CodexParseState, CodexLineInfo, parseCodexLine } from '../../../../../src/core/agents/codex/rollout';
import { parseLimitMessage } from '../../../../../src/core/limits/limitMessages';
import { REPO_ROOT } from '../../../helpers';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/codex');

/** The info of every line that has rate limits, in order. */
function limitsOf(name: string): NonNullable<CodexLineInfo['rateLimits']>[] {
  const state = new CodexParseState();
  const out: NonNullable<CodexLineInfo['rateLimits']>[] = [];
  for (const line of fs
    .readFileSync(path.join(FIXTURES, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim())) {
    const r = parseCodexLine(line, { file: name, offset: 0 }, 'session-of-the-file', state);
    if (r.ok && r.info.rateLimits) {
      out.push(r.info.rateLimits);
    }
  }
  return out;
}

describe('core/agents/codex/rolloutRecords: rate_limits', () => {
  it('reads non-null primary and secondary windows and credits, the primary growing per request', () => {
    const all = limitsOf('rate_limits.jsonl');
    assert.ok(all.length >= 2, `${all.length} token_count lines with limits`);
    const primary = all.map((l) => l.gauges.find((g) => g.window === 'primary')!);
    assert.deepStrictEqual([...new Set(primary.map((g) => g.usedPercent))], [45, 50]);
    assert.ok(primary.every((g) => g.windowMinutes === 300 && g.account === 'codex' && g.agent === 'codex'));
    const last = all[all.length - 1];
    const secondary = last.gauges.find((g) => g.window === 'secondary')!;
    assert.deepStrictEqual([secondary.usedPercent, secondary.windowMinutes], [12, 10_080]);
    // The server said "reset in 3 h" / "in 4 days" when it answered; Codex wrote epoch seconds, read as ms.
    assert.ok(Math.abs(primary[0].resetsAt! - primary[0].observedAt - 3 * 3_600_000) < 60_000);
    assert.ok(Math.abs(secondary.resetsAt! - secondary.observedAt - 4 * 86_400_000) < 60_000);
    assert.deepStrictEqual(last.credits, { hasCredits: true, unlimited: false, balance: '17.50' });
    assert.strictEqual(primary[0].sessionId, 'session-of-the-file');
  });

  it('has none where the server sent no limit headers (the all-null object of the older fixtures)', () => {
    assert.deepStrictEqual(limitsOf('happy.jsonl'), []);
    assert.deepStrictEqual(limitsOf('tool_use.jsonl'), []);
  });

  it('shows the usage limit coming to 100 % and the printed "try again at" time matching the reset header', () => {
    const all = limitsOf('usage_limit.jsonl');
    const used = all.map((l) => l.gauges.find((g) => g.window === 'primary')!.usedPercent);
    assert.strictEqual(used[0], 95);
    assert.strictEqual(used[used.length - 1], 100);
    const resetsAt = all[all.length - 1].gauges.find((g) => g.window === 'primary')!.resetsAt!;
    const line = fs
      .readFileSync(path.join(FIXTURES, 'usage_limit.jsonl'), 'utf8')
      .split('\n')
      .find((l) => l.includes('usage_limit_exceeded'))!;
    const o = JSON.parse(line) as { timestamp: string; payload: { error: { message: string } } };
    // The fixture run had no TZ set: Codex printed the reset in UTC, to the minute.
    const parsed = parseLimitMessage(o.payload.error.message, { at: Date.parse(o.timestamp), timeZone: 'UTC' });
    assert.strictEqual(parsed?.agent, 'codex');
    assert.strictEqual(parsed?.resetsAt, Math.floor(resetsAt / 60_000) * 60_000);
  });
});
