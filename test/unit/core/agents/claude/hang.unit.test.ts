/**
 * A Claude Code request that never answered (test/fixtures/claude/hang_no_timeout.jsonl: the real 2.1.330 CLI in print
 * mode against a server that never answers, its default request timeout kept, killed after 15 s; PROVENANCE.md): the
 * transcript ends at the prompt and the `api-request` bookkeeping, while every failed request Claude Code gave up on is
 * written (`api_error` retries, the synthetic "API Error: ..." message, its own timeout in hang.jsonl). So the plug-in
 * sets `unansweredIsHang`: `session-doctor scan` with no paths reports `session_stuck` for it once older than the watchdog
 * threshold, and the live watchdog does too; the faults it recorded keep their own findings and no stuck one beside them.
 * A print-mode run stopped with Ctrl+C while it waited (hang_interrupted.jsonl) writes no interruption line, only the
 * exit's `last-prompt` / `cost-state` bookkeeping: it reads the same way ("a hang, or the agent was stopped while it
 * waited", as the finding says).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { claudePlugin } from '../../../../../src/core/agents/claude/plugin';
import { claudeFormat } from '../../../../../src/core/agents/claude/kind';
import { DEFAULT_HEALTH_CONFIG } from '../../../../../src/core/engine/engine';
import { Tailer } from '../../../../../src/core/ingest/tailer';
import { nodeFileAccess } from '../../../../../src/host/node/nodeFileAccess';
import { FakeClock, REPO_ROOT, newEngine } from '../../../helpers';
import { itFindsExpected, ScanJson, scanFixturesInHome } from '../../../cli/scanHome';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/claude');
/** Hand-made from real transcripts (PROVENANCE.md), not runs of the CLI: left out. */
const HAND_MADE = new Set(['garbage', 'crlf_bom']);

/** Findings `scan` reports for each real transcript, as `type/status` (every real transcript fixture is listed). */
const EXPECTED: Record<string, string[]> = {
  hang_no_timeout: ['session_stuck/open'],
  // Ctrl+C in print mode while it waited: nothing but the exit's bookkeeping after the prompt.
  hang_interrupted: ['session_stuck/open'],
  // API_TIMEOUT_MS=4000: Claude Code wrote its own request timeout, which explains the silence.
  hang: ['timeout/open'],
  happy: [],
  tool_use: [],
  tool_denied: [],
  compact: [],
  rate_limit_then_ok: ['rate_limit/resolved'],
  rate_limit_forever: ['rate_limit/open'],
  // With an API key Claude Code words a used-up plan window as "Request rejected (429) · ... rate limit".
  quota_usage_limit: ['rate_limit/open'],
  quota: ['quota_exhausted/open'],
  auth_401: ['auth/open'],
  overloaded_529: ['overloaded/open'],
  prompt_too_long: ['token_limit/open'],
  server_500: ['server_error/open'],
  dropped_connection: ['network/open'],
  malformed_stream: ['json_parse/open'],
  tool_loop: ['repeated_tool_call/open'],
};

/** A transcript's records. */
function records(name: string): Record<string, unknown>[] {
  return fs
    .readFileSync(path.join(FIXTURES, `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The last timestamp of a transcript (epoch ms). */
function lastTime(name: string): number {
  return Math.max(
    ...records(name)
      .map((r) => (typeof r.timestamp === 'string' ? Date.parse(r.timestamp) : NaN))
      .filter((t) => t > 0),
  );
}

describe('Claude Code: a request that never answered is a hang', function () {
  this.timeout(60_000);
  let root: string;
  /** Each fixture's findings from one `scan --json` with no paths over a HOME holding every transcript where Claude Code writes it. */
  let found = new Map<string, ScanJson['findings']>();
  before(() => {
    ({ root, found } = scanFixturesInHome({
      prefix: 'sd-claude-hang-',
      kind: 'claude-code',
      fixtures: FIXTURES,
      names: Object.keys(EXPECTED),
      place: (home, name) =>
        path.join(
          home,
          '.claude',
          'projects',
          '-home-dev-projects-demo-app',
          `${records(name).find((r) => typeof r.sessionId === 'string')!.sessionId as string}.jsonl`,
        ),
    }));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('the plug-in judges an unanswered prompt as a hang', () => {
    assert.strictEqual(claudePlugin.unansweredIsHang, true);
  });

  it('every real transcript fixture is listed here', () => {
    const real = fs
      .readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => f.slice(0, -'.jsonl'.length))
      .filter((n) => !HAND_MADE.has(n))
      .sort();
    assert.deepStrictEqual(Object.keys(EXPECTED).sort(), real);
  });

  it('the hang run wrote nothing after the request; the interrupted run only the exit bookkeeping', () => {
    const after = (name: string) => {
      const all = records(name);
      const prompt = all.map((r) => r.type).lastIndexOf('user');
      return all.slice(prompt + 1).map((r) => r.type);
    };
    assert.ok(after('hang_no_timeout').every((t) => t === 'attachment' || String(t).startsWith('api-request')));
    assert.deepStrictEqual(after('hang_interrupted').slice(-2), ['last-prompt', 'cost-state']);
  });

  itFindsExpected(EXPECTED, () => found);

  /** Tails a fixture into an engine whose clock sits one minute after the transcript's last timestamp. */
  async function tail(name: string) {
    const clock = new FakeClock(lastTime(name) + 60_000);
    const { engine } = await newEngine({}, clock);
    const read = await new Tailer(nodeFileAccess, engine, { chunkBytes: 4096 }).read(
      path.join(FIXTURES, `${name}.jsonl`),
      claudeFormat,
      'file-name-id',
      false,
    );
    assert.strictEqual(read.sessionIds.length, 1);
    return { engine, clock, id: read.sessionIds[0] };
  }

  it('live watchdog, hang_no_timeout: working a minute after the prompt, session_stuck once the threshold passes', async () => {
    const { engine, clock, id } = await tail('hang_no_timeout');
    assert.deepStrictEqual(engine.evaluate(), []);
    assert.strictEqual(engine.session(id)!.activity.state, 'working');
    clock.advance(DEFAULT_HEALTH_CONFIG.stuckMs);
    assert.deepStrictEqual(
      engine.evaluate().map((f) => [f.sessionId, f.type]),
      [[id, 'session_stuck']],
    );
  });

  it('live watchdog, a turn Claude Code ended with its error (quota): waiting with that finding, not stuck', async () => {
    const { engine, clock, id } = await tail('quota');
    clock.advance(DEFAULT_HEALTH_CONFIG.stuckMs * 4);
    assert.deepStrictEqual(engine.evaluate(), []);
    const s = engine.session(id)!;
    assert.strictEqual(s.activity.state, 'waiting');
    assert.deepStrictEqual(
      s.findings.map((f) => f.type),
      ['quota_exhausted'],
    );
  });
});
