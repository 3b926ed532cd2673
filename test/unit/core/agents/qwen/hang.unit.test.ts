/**
 * A Qwen Code request that never answered (test/fixtures/qwen/hang.jsonl: the real 0.24.4 CLI in headless mode against a
 * server that never answers, killed after 45 s; PROVENANCE.md): the session file ends at the prompt and its
 * `attribution_snapshot`, while every failed attempt is written (`ui_telemetry` `qwen-code.api_error` records). So the
 * plug-in sets `unansweredIsHang`: `session-doctor scan` with no paths reports `session_stuck` for it once older than
 * the watchdog threshold; the clean and answered runs and the faults it recorded give their own findings only. A
 * headless run stopped with Ctrl+C while it waited (hang_interrupted.jsonl) writes nothing more: the same file, the same
 * finding ("a hang, or the agent was stopped while it waited").
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { qwenPlugin } from '../../../../../src/core/agents/qwen/plugin';
import { FIXTURES, REAL, records } from './fixtures';
import { itFindsExpected, ScanJson, scanFixturesInHome } from '../../../cli/scanHome';

/** Findings `scan` reports for each real session file, as `type/status` (every real fixture is listed). */
const EXPECTED: Record<string, string[]> = {
  hang: ['session_stuck/open'],
  hang_interrupted: ['session_stuck/open'],
  happy: [],
  happy_runtime_dir: [],
  tool_use: [],
  compress: [],
  rate_limit_then_ok: [],
  rate_limit_forever: ['rate_limit/open'],
  // Killed after 200 s while it still retried: its recorded 429s explain the silence.
  quota: ['quota_exhausted/open'],
  auth_401: ['auth/open'],
  context_too_long: ['token_limit/open'],
  server_500: ['server_error/open'],
  overloaded_503: ['overloaded/open'],
  dropped_connection: ['network/open'],
  malformed_stream: ['json_parse/open'],
  tool_loop: ['repeated_tool_call/open'],
};

describe('Qwen Code: a request that never answered is a hang', function () {
  this.timeout(60_000);
  let root: string;
  /** Each fixture's findings from one `scan --json` with no paths over a HOME holding every session where Qwen Code writes it. */
  let found = new Map<string, ScanJson['findings']>();
  before(() => {
    ({ root, found } = scanFixturesInHome({
      prefix: 'sd-qwen-hang-',
      kind: 'qwen',
      fixtures: FIXTURES,
      names: Object.keys(EXPECTED),
      place: (home, name) =>
        path.join(home, '.qwen', 'projects', '-home-dev-projects-demo-app', 'chats', `${records(name)[0].sessionId as string}.jsonl`),
    }));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('the plug-in judges an unanswered prompt as a hang', () => {
    assert.strictEqual(qwenPlugin.unansweredIsHang, true);
  });

  it('every real session fixture is listed here', () => {
    assert.deepStrictEqual(Object.keys(EXPECTED).sort(), REAL);
  });

  it('the hang and the interrupted run hold the prompt and its attribution snapshot, nothing after', () => {
    for (const name of ['hang', 'hang_interrupted']) {
      assert.deepStrictEqual(
        records(name).map((r) => `${r.type as string}${r.subtype ? `/${r.subtype as string}` : ''}`),
        ['user', 'system/attribution_snapshot'],
        name,
      );
    }
  });

  itFindsExpected(EXPECTED, () => found);
});
