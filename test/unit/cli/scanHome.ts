/**
 * One `session-doctor scan --json` with no paths over a fresh HOME holding real fixtures where their agent writes them:
 * the hang tests of the agents whose plug-ins judge an unanswered prompt (Claude Code, Codex, Copilot CLI, Gemini CLI,
 * Qwen Code) share it, and its per-fixture checks.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** What `scan --json` prints that these tests read: the files read with their kind and sessions, and the findings. */
export interface ScanJson {
  files: { file: string; kind?: string; sessionIds: string[] }[];
  findings: { sessionId: string; type: string; status: string; lastText?: string }[];
}

/** The compiled CLI of this build (out/src/cli/index.js beside out/test/unit/cli). */
const CLI = path.resolve(__dirname, '../../../src/cli/index.js');

/**
 * Copies each fixture `<fixtures>/<name>.jsonl` to `place(home, name)` (a path under `home`: where the agent writes it) in
 * a fresh temporary folder, runs the compiled CLI's `scan --json` there with HOME and the temp folder pointed at it, and
 * returns each fixture's findings. Asserts that the scan exits 0 or 1 and reads every file, each as `kind`. The caller
 * removes `root` when done.
 */
export function scanFixturesInHome(options: {
  prefix: string;
  kind: string;
  fixtures: string;
  names: readonly string[];
  place: (home: string, name: string) => string;
}): { root: string; found: Map<string, ScanJson['findings']> } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), options.prefix));
  const home = path.join(root, 'home');
  const fileOf = new Map<string, string>();
  for (const name of options.names) {
    const file = options.place(home, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.copyFileSync(path.join(options.fixtures, `${name}.jsonl`), file);
    fileOf.set(file, name);
  }
  const env = { HOME: home, USERPROFILE: home, TMPDIR: root, TEMP: root, TMP: root, PATH: process.env.PATH };
  const run = spawnSync(process.execPath, [CLI, 'scan', '--json'], { cwd: home, env, encoding: 'utf8' });
  assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`);
  const out = JSON.parse(run.stdout) as ScanJson;
  const found = new Map<string, ScanJson['findings']>();
  for (const f of out.files) {
    const name = fileOf.get(f.file);
    assert.ok(name && f.kind === options.kind, `read ${f.file} as ${f.kind}`);
    found.set(name, [...(found.get(name) ?? []), ...out.findings.filter((x) => f.sessionIds.includes(x.sessionId))]);
  }
  assert.strictEqual(found.size, fileOf.size, 'every file read');
  return { root, found };
}

/**
 * One test per fixture: its findings (`type/status`, sorted) are `expected[name]`, and a hang's finding carries the
 * watchdog's text. `found` is called when each test runs, after the `before` hook that scanned.
 */
export function itFindsExpected(expected: Record<string, string[]>, found: () => Map<string, ScanJson['findings']>): void {
  for (const [name, want] of Object.entries(expected)) {
    it(`scan with no paths, ${name}: ${want.length ? want.join(', ') : 'no finding'}`, () => {
      const findings = found().get(name) ?? [];
      assert.deepStrictEqual(findings.map((f) => `${f.type}/${f.status}`).sort(), want);
      if (want.includes('session_stuck/open')) {
        assert.match(findings[0].lastText ?? '', /No assistant response after the last prompt/);
      }
    });
  }
}
