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
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { qwenPlugin } from '../../../../../src/core/agents/qwen/plugin';
import { FIXTURES, REAL, records } from './fixtures';

/** The compiled CLI of this build. */
const CLI = path.resolve(__dirname, '../../../../../src/cli/index.js');

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

interface ScanJson {
  files: { file: string; kind?: string; sessionIds: string[] }[];
  findings: { sessionId: string; type: string; status: string; lastText?: string }[];
}

describe('Qwen Code: a request that never answered is a hang', function () {
  this.timeout(60_000);
  let root: string;
  /** Each fixture's findings from one `scan --json` with no paths over a HOME holding every session where Qwen Code writes it. */
  const found = new Map<string, ScanJson['findings']>();
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-qwen-hang-'));
    const home = path.join(root, 'home');
    const chats = path.join(home, '.qwen', 'projects', '-home-dev-projects-demo-app', 'chats');
    fs.mkdirSync(chats, { recursive: true });
    const fileOf = new Map<string, string>();
    for (const name of Object.keys(EXPECTED)) {
      const file = path.join(chats, `${records(name)[0].sessionId as string}.jsonl`);
      fs.copyFileSync(path.join(FIXTURES, `${name}.jsonl`), file);
      fileOf.set(file, name);
    }
    const env = { HOME: home, USERPROFILE: home, TMPDIR: root, TEMP: root, TMP: root, PATH: process.env.PATH };
    const run = spawnSync(process.execPath, [CLI, 'scan', '--json'], { cwd: home, env, encoding: 'utf8' });
    assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`);
    const out = JSON.parse(run.stdout) as ScanJson;
    for (const f of out.files) {
      const name = fileOf.get(f.file);
      assert.ok(name && f.kind === 'qwen', `read ${f.file} as ${f.kind}`);
      found.set(name, [...(found.get(name) ?? []), ...out.findings.filter((x) => f.sessionIds.includes(x.sessionId))]);
    }
    assert.strictEqual(found.size, fileOf.size, 'every session file read');
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

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`scan with no paths, ${name}: ${expected.length ? expected.join(', ') : 'no finding'}`, () => {
      const findings = found.get(name) ?? [];
      assert.deepStrictEqual(findings.map((f) => `${f.type}/${f.status}`).sort(), expected);
      if (expected.includes('session_stuck/open')) {
        assert.match(findings[0].lastText ?? '', /No assistant response after the last prompt/);
      }
    });
  }
});
