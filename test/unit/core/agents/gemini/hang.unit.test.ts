/**
 * A Gemini CLI request that never answered (test/fixtures/gemini/hang.jsonl: the real 0.61.0 CLI in headless mode
 * against a server that never answers, killed after 40 s; PROVENANCE.md): the session file ends at the prompt. Every
 * other way a turn ends is written: an answer; a headless run that gives up on an API error takes its prompt out of the
 * history (a `$set` restating the history without it, at the time of its error report); the TUI's Escape saves "Request
 * cancelled.". So the plug-in sets `unansweredIsHang`: `session-doctor scan` with no paths reports `session_stuck` for
 * the hang once older than the watchdog threshold, and nothing for the failed or cancelled runs' session files (a failed
 * headless run's error is in its report, a session of its own: errorReports.unit.test.ts).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { geminiPlugin } from '../../../../../src/core/agents/gemini/plugin';
import { geminiFormat } from '../../../../../src/core/agents/gemini/session';
import { DEFAULT_HEALTH_CONFIG } from '../../../../../src/core/engine/engine';
import { Tailer } from '../../../../../src/core/ingest/tailer';
import { nodeFileAccess } from '../../../../../src/host/node/nodeFileAccess';
import { FakeClock, newEngine } from '../../../helpers';
import { itFindsExpected, ScanJson, scanFixturesInHome } from '../../../cli/scanHome';
import { FAILED_TURNS, FIXTURES } from './geminiFixtures';

/** Findings `scan` reports for each real session file (no error report beside it), as `type/status`. */
const EXPECTED: Record<string, string[]> = {
  hang: ['session_stuck/open'],
  happy: [],
  tool_use: [],
  rate_limit_then_ok: [],
  tool_loop: ['repeated_tool_call/open'],
  ...Object.fromEntries(FAILED_TURNS.map((n) => [n, []])),
  interactive_happy: [],
  interactive_rate_limit_then_ok: [],
  interactive_tool_loop: ['repeated_tool_call/open'],
  interactive_auth_401: ['auth/open'],
  interactive_api_key_invalid: ['auth/open'],
  interactive_context_too_long: ['token_limit/open'],
  interactive_dropped_connection: ['network/open'],
  interactive_malformed_stream: ['json_parse/open'],
  // Escape after 45-100 s of retries (or of a dialog): "Request cancelled." saved, the person stopped it; not a hang.
  interactive_rate_limit_forever: [],
  interactive_server_500: [],
  interactive_overloaded_503: [],
  interactive_quota: [],
  interactive_hang: [],
  // The TUI killed as it waited (no Escape): the prompt last, as while a request hangs.
  interactive_hang_killed: ['session_stuck/open'],
  // The daily quota's dialog answered Stop: the TUI saves the error ("You have exhausted your daily quota").
  interactive_quota_stop: ['quota_exhausted/open'],
};

/** Where the run wrote its session file (its `.stdout.txt` names it: `/home/dev/...`), under `home`. */
function sessionPath(home: string, name: string): string {
  const recorded = /^# session file: (\/home\/dev\/\S+)$/m.exec(fs.readFileSync(path.join(FIXTURES, `${name}.stdout.txt`), 'utf8'))?.[1];
  assert.ok(recorded, `${name}.stdout.txt names its session file`);
  return path.join(home, recorded.slice('/home/dev/'.length));
}

describe('Gemini CLI: a request that never answered is a hang', function () {
  this.timeout(60_000);
  let root: string;
  /** Each fixture's findings from one `scan --json` with no paths over a HOME holding every session file where the CLI wrote it. */
  let found = new Map<string, ScanJson['findings']>();
  before(() => {
    ({ root, found } = scanFixturesInHome({
      prefix: 'sd-gemini-hang-',
      kind: 'gemini',
      fixtures: FIXTURES,
      names: Object.keys(EXPECTED),
      place: sessionPath,
    }));
  });
  after(() => root && fs.rmSync(root, { recursive: true, force: true }));

  it('the plug-in judges an unanswered prompt as a hang', () => {
    assert.strictEqual(geminiPlugin.unansweredIsHang, true);
  });

  it('every real session fixture is listed here', () => {
    const real = fs
      .readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.jsonl') && f !== 'garbage.jsonl')
      .map((f) => f.slice(0, -'.jsonl'.length))
      .sort();
    assert.deepStrictEqual(Object.keys(EXPECTED).sort(), real);
  });

  it('the hang ends at the prompt; each failed headless run restates its history without the prompt, at its report time', () => {
    const lines = (name: string) =>
      fs
        .readFileSync(path.join(FIXTURES, `${name}.jsonl`), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { type?: string; $set?: { messages?: { id: string }[]; lastUpdated?: string } });
    assert.strictEqual(
      lines('hang')
        .filter((r) => r.type)
        .pop()?.type,
      'user',
    );
    assert.ok(!lines('hang').some((r, i) => i > 1 && r.$set?.messages), 'no history restated after the prompt');
    for (const name of FAILED_TURNS) {
      const recs = lines(name);
      const prompt = recs.filter((r) => r.type === 'user').pop() as { id: string } | undefined;
      const last = recs[recs.length - 1].$set;
      assert.ok(prompt && last?.messages && !last.messages.some((m) => m.id === prompt.id), `${name}: the prompt taken out`);
      const report = fs.readFileSync(path.join(FIXTURES, `${name}.client-error.json`), 'utf8');
      assert.ok(report.length > 0, `${name}: its error report`);
    }
  });

  itFindsExpected(EXPECTED, () => found);

  /** Reads a fixture into an engine whose clock sits one minute after the file's last time. */
  async function tail(name: string) {
    const file = path.join(FIXTURES, `${name}.jsonl`);
    const last = Math.max(
      ...[...fs.readFileSync(file, 'utf8').matchAll(/"(?:timestamp|lastUpdated)":"([^"]+)"/g)]
        .map((m) => Date.parse(m[1]))
        .filter(Number.isFinite),
    );
    const clock = new FakeClock(last + 60_000);
    const { engine } = await newEngine({}, clock);
    const read = await new Tailer(nodeFileAccess, engine, { chunkBytes: 4096 }).read(file, geminiFormat, `gemini-${name}`, false);
    assert.strictEqual(read.sessionIds.length, 1);
    return { engine, clock, id: read.sessionIds[0] };
  }

  for (const name of ['hang', 'interactive_hang_killed']) {
    it(`${name}: judged at scan time only once the threshold has passed since the prompt`, async () => {
      const { engine, clock, id } = await tail(name);
      assert.deepStrictEqual(engine.judgeUnanswered([id]), [], 'a minute after the prompt: not yet');
      clock.advance(DEFAULT_HEALTH_CONFIG.stuckMs);
      assert.deepStrictEqual(
        engine.judgeUnanswered([id]).map((f) => [f.sessionId, f.type]),
        [[id, 'session_stuck']],
      );
    });
  }

  for (const name of ['server_500', 'interactive_hang', 'interactive_quota']) {
    it(`${name}: the turn ended with no answer (prompt taken out, or "Request cancelled."), never judged a hang`, async () => {
      const { engine, clock, id } = await tail(name);
      clock.advance(DEFAULT_HEALTH_CONFIG.stuckMs * 4);
      assert.deepStrictEqual(engine.judgeUnanswered([id]), []);
      assert.notStrictEqual(engine.session(id)!.activity.state, 'stuck');
    });
  }
});
