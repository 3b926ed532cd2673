/**
 * A GitHub Copilot CLI request that never answered (test/fixtures/copilot/hang.events.jsonl: the real 1.0.102 CLI,
 * `copilot -p`, against a server that never answers, killed after 60 s; PROVENANCE.md): the event log ends at the prompt,
 * its `system.message` and `assistant.turn_start`. Every other ending of a turn is logged (an answer and
 * `assistant.turn_end`; `session.error` after its retries; `abort` on Ctrl+C in the TUI). So the plug-in sets
 * `unansweredIsHang`: `session-doctor scan` with no paths reports `session_stuck` for the hang once older than the
 * watchdog threshold; the clean, answered, interrupted and failed runs keep their own findings only.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { copilotCliPlugin } from '../../../../../src/core/agents/copilot/plugin';
import { copilotFormat } from '../../../../../src/core/agents/copilot/events';
import { DEFAULT_HEALTH_CONFIG } from '../../../../../src/core/engine/engine';
import { Tailer } from '../../../../../src/core/ingest/tailer';
import { nodeFileAccess } from '../../../../../src/host/node/nodeFileAccess';
import { FakeClock, REPO_ROOT, newEngine } from '../../../helpers';
import { itFindsExpected, ScanJson, scanFixturesInHome } from '../../../cli/scanHome';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/copilot');

/** Findings `scan` reports for each real event log, as `type/status` (every real fixture is listed). */
const EXPECTED: Record<string, string[]> = {
  hang: ['session_stuck/open'],
  happy: [],
  rate_limit_then_ok: [],
  // The TUI session: answered turns, Ctrl+C on a request that hung (`abort`), /compact, a resume: nothing awaited.
  tui_recipes: [],
  tool_loop: ['repeated_tool_call/open'],
  rate_limit_forever: ['rate_limit/open'],
  auth_401: ['auth/open'],
  context_too_long: ['token_limit/open'],
  server_500: ['server_error/open'],
  overloaded_503: ['overloaded/open'],
  dropped_connection: ['network/open'],
  malformed_stream: ['json_parse/open'],
};

/** The record types of a fixture's event log, in order. */
function types(name: string): string[] {
  return fs
    .readFileSync(path.join(FIXTURES, `${name}.events.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { type: string }).type);
}

/** Where Copilot CLI keeps a session's event log: `~/.copilot/session-state/<session id>/events.jsonl`. */
function place(home: string, name: string): string {
  const first = JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.events.jsonl`), 'utf8').split('\n')[0]) as {
    data: { sessionId: string };
  };
  return path.join(home, '.copilot', 'session-state', first.data.sessionId, 'events.jsonl');
}

describe('Copilot CLI: a request that never answered is a hang', function () {
  this.timeout(60_000);
  let root: string;
  /** Each fixture's findings from one `scan --json` with no paths over a HOME holding every event log where the CLI writes it. */
  let found = new Map<string, ScanJson['findings']>();
  before(() => {
    // scanFixturesInHome copies `<name>.jsonl`: a folder of links under those names to the `.events.jsonl` files.
    const links = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-copilot-fixtures-'));
    for (const name of Object.keys(EXPECTED)) {
      fs.copyFileSync(path.join(FIXTURES, `${name}.events.jsonl`), path.join(links, `${name}.jsonl`));
    }
    try {
      ({ root, found } = scanFixturesInHome({
        prefix: 'sd-copilot-hang-',
        kind: 'copilot-cli',
        fixtures: links,
        names: Object.keys(EXPECTED),
        place,
      }));
    } finally {
      fs.rmSync(links, { recursive: true, force: true });
    }
  });
  after(() => root && fs.rmSync(root, { recursive: true, force: true }));

  it('the plug-in judges an unanswered prompt as a hang', () => {
    assert.strictEqual(copilotCliPlugin.unansweredIsHang, true);
  });

  it('every real event log fixture is listed here', () => {
    const real = fs
      .readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.events.jsonl'))
      .map((f) => f.slice(0, -'.events.jsonl'.length))
      .sort();
    assert.deepStrictEqual(Object.keys(EXPECTED).sort(), real);
  });

  it('the hang ends at the prompt, its system message and the turn start; each failed run ends its turn and logs the error', () => {
    assert.deepStrictEqual(types('hang'), ['session.start', 'user.message', 'system.message', 'assistant.turn_start']);
    for (const name of ['rate_limit_forever', 'auth_401', 'server_500', 'dropped_connection']) {
      assert.deepStrictEqual(types(name).slice(-3), ['assistant.turn_end', 'session.error', 'session.shutdown'], name);
    }
  });

  itFindsExpected(EXPECTED, () => found);

  it('judged at scan time only once the threshold has passed since the prompt', async () => {
    const file = path.join(FIXTURES, 'hang.events.jsonl');
    const last = Math.max(
      ...[...fs.readFileSync(file, 'utf8').matchAll(/"timestamp":"([^"]+)"/g)].map((m) => Date.parse(m[1])).filter(Number.isFinite),
    );
    const clock = new FakeClock(last + 60_000);
    const { engine } = await newEngine({}, clock);
    const read = await new Tailer(nodeFileAccess, engine, { chunkBytes: 4096 }).read(file, copilotFormat, 'copilot-hang', false);
    const id = read.sessionIds[0];
    assert.deepStrictEqual(engine.judgeUnanswered([id]), [], 'a minute after the prompt: not yet');
    clock.advance(DEFAULT_HEALTH_CONFIG.stuckMs);
    assert.deepStrictEqual(
      engine.judgeUnanswered([id]).map((f) => [f.sessionId, f.type]),
      [[id, 'session_stuck']],
    );
  });
});
