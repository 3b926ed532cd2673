/**
 * A Codex CLI request that never answered (test/fixtures/codex/hang*.jsonl, the real 0.169.0 CLI against a server that
 * never answers; PROVENANCE.md): the rollout keeps the turn open at the prompt (`task_started`, the prompt, nothing
 * after), while every other way a turn ends is written (an answer, `task_complete` with the error, `turn_aborted` on
 * Ctrl+C). So the Codex plug-in sets `unansweredIsHang`: `session-doctor scan` with no paths reports `session_stuck` for
 * the hangs once older than the watchdog threshold, and the live watchdog (`Engine.evaluate`) does too; the interrupted
 * run and the clean runs give none, and the faults Codex recorded keep their own findings and no stuck one beside them.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { codexPlugin } from '../../../../../src/core/agents/codex/plugin';
import { createCodexFormat } from '../../../../../src/core/agents/codex/kind';
import { DEFAULT_HEALTH_CONFIG } from '../../../../../src/core/engine/engine';
import { Tailer } from '../../../../../src/core/ingest/tailer';
import { nodeFileAccess } from '../../../../../src/host/node/nodeFileAccess';
import { FakeClock, REPO_ROOT, newEngine } from '../../../helpers';
import { itFindsExpected, ScanJson, scanFixturesInHome } from '../../../cli/scanHome';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/codex');

/** Findings `scan` reports for each real rollout, as `type/status` (every real fixture with a rollout is listed). */
const EXPECTED: Record<string, string[]> = {
  hang: ['session_stuck/open'],
  hang_after_reply: ['session_stuck/open'],
  // Ctrl+C while it waited: `turn_aborted`, the person stopped it; not a hang.
  hang_interrupted: [],
  happy: [],
  tool_use: [],
  auto_compact: [],
  rate_limit_then_ok: [],
  rate_limits: [],
  tool_loop: ['repeated_tool_call/open'],
  rate_limit_forever: ['rate_limit/open'],
  usage_limit: ['quota_exhausted/open'],
  auth_401: ['auth/open'],
  context_too_long: ['token_limit/open'],
  server_500: ['server_error/open'],
  overloaded_503: ['overloaded/open'],
  stream_idle_timeout: ['timeout/open'],
  dropped: ['network/open'],
  malformed: ['network/open'],
  tui_rate_limit: ['rate_limit/open'],
};

/** Where Codex wrote a fixture's rollout, relative to CODEX_HOME (its `.stdout.txt` names it), else a dated path. */
function rolloutPath(name: string): string {
  const out = path.join(FIXTURES, `${name}.stdout.txt`);
  const named = fs.existsSync(out) ? /^# rollout: \$CODEX_HOME\/(\S+)$/m.exec(fs.readFileSync(out, 'utf8'))?.[1] : undefined;
  if (named) {
    return named;
  }
  const first = JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.jsonl`), 'utf8').split('\n')[0]) as {
    timestamp: string;
    payload: { id: string };
  };
  const [day, time] = first.timestamp.split('T');
  return path.join('sessions', ...day.split('-'), `rollout-${day}T${time.slice(0, 8).replace(/:/g, '-')}-${first.payload.id}.jsonl`);
}

describe('Codex CLI: a request that never answered is a hang', function () {
  this.timeout(60_000);
  let root: string;
  /** Each fixture's findings from one `scan --json` with no paths over a HOME holding every rollout where Codex writes it. */
  let found = new Map<string, ScanJson['findings']>();
  before(() => {
    ({ root, found } = scanFixturesInHome({
      prefix: 'sd-codex-hang-',
      kind: 'codex',
      fixtures: FIXTURES,
      names: Object.keys(EXPECTED),
      place: (home, name) => path.join(home, '.codex', rolloutPath(name)),
    }));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('the plug-in judges an unanswered prompt as a hang', () => {
    assert.strictEqual(codexPlugin.unansweredIsHang, true);
  });

  it('every real rollout fixture is listed here', () => {
    const real = fs
      .readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.jsonl') && f !== 'garbage.jsonl')
      .map((f) => f.slice(0, -'.jsonl'.length))
      .sort();
    assert.deepStrictEqual(Object.keys(EXPECTED).sort(), real);
  });

  itFindsExpected(EXPECTED, () => found);

  /** Tails a fixture into an engine whose clock sits one minute after the rollout's last line. */
  async function tail(name: string) {
    const file = path.join(FIXTURES, `${name}.jsonl`);
    const last = Math.max(
      ...fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .map((l) => Date.parse(/"timestamp":"([^"]+)"/.exec(l)?.[1] ?? ''))
        .filter((t) => !Number.isNaN(t)),
    );
    const clock = new FakeClock(last + 60_000);
    const { engine } = await newEngine({}, clock);
    const read = await new Tailer(nodeFileAccess, engine, { chunkBytes: 4096 }).read(
      file,
      createCodexFormat(),
      'rollout-file-name-id',
      false,
    );
    assert.strictEqual(read.sessionIds.length, 1);
    return { engine, clock, id: read.sessionIds[0] };
  }

  for (const name of ['hang', 'hang_after_reply']) {
    it(`live watchdog, ${name}: working a minute after the prompt, session_stuck once the threshold passes`, async () => {
      const { engine, clock, id } = await tail(name);
      assert.deepStrictEqual(engine.evaluate(), []);
      assert.strictEqual(engine.session(id)!.activity.state, 'working');
      clock.advance(DEFAULT_HEALTH_CONFIG.stuckMs);
      const found = engine.evaluate();
      assert.deepStrictEqual(
        found.map((f) => [f.sessionId, f.type]),
        [[id, 'session_stuck']],
      );
      assert.strictEqual(engine.session(id)!.activity.state, 'stuck');
    });
  }

  it('live watchdog, hang_interrupted: the turn aborted by Ctrl+C waits for the person, never stuck', async () => {
    const { engine, clock, id } = await tail('hang_interrupted');
    clock.advance(DEFAULT_HEALTH_CONFIG.stuckMs * 4);
    assert.deepStrictEqual(engine.evaluate(), []);
    assert.strictEqual(engine.session(id)!.activity.state, 'waiting');
  });

  it('live watchdog, a turn Codex ended with its error (401): waiting with the auth finding, not stuck', async () => {
    const { engine, clock, id } = await tail('auth_401');
    clock.advance(DEFAULT_HEALTH_CONFIG.stuckMs * 4);
    assert.deepStrictEqual(engine.evaluate(), []);
    const s = engine.session(id)!;
    assert.strictEqual(s.activity.state, 'waiting');
    assert.deepStrictEqual(
      s.findings.map((f) => f.type),
      ['auth'],
    );
  });
});
