/**
 * `session-doctor scan` with no paths finds opencode's sessions where opencode keeps them: each real fixture
 * (test/fixtures/opencode, opencode 1.18.33, PROVENANCE.md) laid out in a fresh HOME as opencode writes it
 * (`~/.local/share/opencode/opencode.db` with its `-wal`, `log/opencode.log`), the CLI run in its own process with that
 * HOME. The database is read from its bytes (src/core/ingest/documentReader.ts) and the log as lines; the findings
 * are those of the fault each run was served.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REAL } from '../core/agents/opencode/fixtures';
import { layOutOpencode, opencodeDataFolder } from './agentHomes';

/** The compiled CLI beside this compiled test (whichever folder the tests were compiled into). */
const CLI = path.resolve(__dirname, '../../../src/cli/index.js');

/** The findings `scan` reports per fixture, as `type/status` (a retried fault the run got past is resolved). */
const EXPECTED: Record<string, string[]> = {
  auth_401: ['auth/open'],
  context_too_long: ['token_limit/open'],
  context_too_long_then_ok: ['token_limit/resolved'],
  dropped_connection: ['network/open'],
  // A hang: the database holds the prompt and nothing after it (src/core/agents/opencode/FORMAT.md); scan judges the
  // request that nothing answered for longer than the watchdog threshold (Engine.judgeUnanswered).
  hang: ['session_stuck/open'],
  happy: [],
  happy_xdg: [],
  malformed_stream: ['json_parse/open'],
  overloaded_529: ['overloaded/open'],
  rate_limit_forever: ['rate_limit/open'],
  rate_limit_then_ok: ['rate_limit/resolved'],
  resume: [],
  server_500: ['server_error/open'],
  tool_loop: ['repeated_tool_call/open'],
  tool_use: [],
};

interface ScanJson {
  files: { file: string; kind?: string; events: number; skipped: number; sessionIds: string[] }[];
  sessions: { id: string; agent: string; messageCount?: number }[];
  findings: { sessionId: string; type: string; status: string }[];
}

describe('cli: scan without paths reads opencode (database with its WAL, and log) where opencode keeps them', function () {
  this.timeout(60_000);
  let root: string;
  before(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-scan-opencode-'))));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  /** Lays a fixture out in a HOME of its own and runs `scan --json` there. */
  function scan(name: string): { out: ScanJson; data: string } {
    const home = path.join(root, name);
    const tmp = path.join(home, 'tmp');
    const data = opencodeDataFolder(home);
    layOutOpencode(home, name);
    fs.mkdirSync(tmp);
    const env = { HOME: home, USERPROFILE: home, TMPDIR: tmp, TEMP: tmp, TMP: tmp, PATH: process.env.PATH };
    const run = spawnSync(process.execPath, [CLI, 'scan', '--json'], { cwd: home, env, encoding: 'utf8' });
    assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`);
    return { out: JSON.parse(run.stdout) as ScanJson, data };
  }

  it('every real fixture is listed here', () => {
    assert.deepStrictEqual(Object.keys(EXPECTED).sort(), REAL);
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: ${expected.length ? expected.join(', ') : 'no finding'}`, () => {
      const { out, data } = scan(name);
      const db = out.files.find((f) => f.file === path.join(data, 'opencode.db'));
      assert.ok(db, JSON.stringify(out.files.map((f) => f.file)));
      assert.strictEqual(db.kind, 'opencode');
      assert.strictEqual(db.skipped, 0);
      assert.ok(db.events > 0, `${db.events} events from the database`);
      assert.strictEqual(db.sessionIds.length, name === 'resume' ? 2 : 1);
      assert.ok(out.files.some((f) => f.kind === 'opencode-log'));
      for (const id of db.sessionIds) {
        assert.strictEqual(out.sessions.find((s) => s.id === id)?.agent, 'opencode');
      }
      const found = out.findings.filter((f) => db.sessionIds.includes(f.sessionId)).map((f) => `${f.type}/${f.status}`);
      assert.deepStrictEqual(found.sort(), expected);
    });
  }
});
