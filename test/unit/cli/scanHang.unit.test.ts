/**
 * A hang with nothing written after the prompt, found by `session-doctor scan` with no paths (Engine.judgeUnanswered):
 * the real Cline CLI 2.18.0 task histories (test/fixtures/cline, PROVENANCE.md) laid out in a fresh HOME where the CLI
 * keeps them (`~/.cline/data/tasks/<id>/`), the CLI run in its own process with that HOME. The hang run's request never
 * answered: `session_stuck`; the clean runs (an answer last) and a fault the agent recorded keep their findings. The
 * same judgement in process, with a clock, shows the watchdog threshold is honoured (opencode's database is covered by
 * scanOpencode.unit.test.ts).
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEFAULT_HEALTH_CONFIG } from '../../../src/core/engine/engine';
import { newEngine } from '../helpers';
import { clineTaskFolder, layOutCline, layOutPi } from './agentHomes';

/** The compiled CLI beside this compiled test. */
const CLI = path.resolve(__dirname, '../../../src/cli/index.js');

/** Findings `scan` reports per Cline fixture, as `type/status`. */
const EXPECTED: Record<string, string[]> = {
  hang: ['session_stuck/open'],
  happy: [],
  tool_use: [],
  rate_limit_then_ok: [],
  // The agent recorded why it stopped (429s): that explains the silence, no stuck finding beside it.
  rate_limit_forever: ['rate_limit/open'],
};

/** Findings `scan` reports per pi fixture (pi 0.73.1, test/fixtures/pi). */
const PI_EXPECTED: Record<string, string[]> = {
  // A hang after the first reply: the second prompt and nothing after it (before the first reply pi writes no file).
  hang_after_reply: ['session_stuck/open'],
  happy: [],
  tool_use: [],
  rate_limit_forever: ['rate_limit/open'],
};

interface ScanJson {
  files: { file: string; kind?: string; sessionIds: string[] }[];
  findings: { sessionId: string; type: string; status: string; lastText?: string }[];
}

describe('cli: scan finds a hang that left nothing after the prompt', function () {
  this.timeout(60_000);
  let root: string;
  before(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-scan-hang-'))));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  /** Lays a Cline fixture out in a HOME of its own and runs `scan --json` there. */
  function scanCline(name: string): ScanJson {
    const home = path.join(root, name);
    const task = clineTaskFolder(home, name);
    layOutCline(home, name);
    fs.mkdirSync(path.join(home, 'tmp'));
    const tmp = path.join(home, 'tmp');
    const env = { HOME: home, USERPROFILE: home, TMPDIR: tmp, TEMP: tmp, TMP: tmp, PATH: process.env.PATH };
    const run = spawnSync(process.execPath, [CLI, 'scan', '--json'], { cwd: home, env, encoding: 'utf8' });
    assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`);
    const out = JSON.parse(run.stdout) as ScanJson;
    assert.ok(
      out.files.some((f) => f.kind === 'cline' && f.file.startsWith(task)),
      JSON.stringify(out.files.map((f) => [f.file, f.kind])),
    );
    return out;
  }

  /** Lays a pi fixture out where pi keeps it (`~/.pi/agent/sessions/--<cwd>--/<file>`) and runs `scan --json`. */
  function scanPi(name: string): ScanJson {
    const home = path.join(root, `pi-${name}`);
    layOutPi(home, name);
    const env = { HOME: home, USERPROFILE: home, TMPDIR: home, TEMP: home, TMP: home, PATH: process.env.PATH };
    const run = spawnSync(process.execPath, [CLI, 'scan', '--json'], { cwd: home, env, encoding: 'utf8' });
    assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`);
    const out = JSON.parse(run.stdout) as ScanJson;
    assert.ok(
      out.files.some((f) => f.kind === 'pi'),
      JSON.stringify(out.files.map((f) => [f.file, f.kind])),
    );
    return out;
  }

  for (const [name, expected] of Object.entries(PI_EXPECTED)) {
    it(`pi ${name}: ${expected.length ? expected.join(', ') : 'no finding'}`, () => {
      const out = scanPi(name);
      assert.deepStrictEqual(out.findings.map((f) => `${f.type}/${f.status}`).sort(), expected);
    });
  }

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`Cline ${name}: ${expected.length ? expected.join(', ') : 'no finding'}`, () => {
      const out = scanCline(name);
      assert.deepStrictEqual(out.findings.map((f) => `${f.type}/${f.status}`).sort(), expected);
      if (name === 'hang') {
        assert.match(out.findings[0].lastText ?? '', /No assistant response after the last prompt/);
      }
    });
  }

  it('in process: not before the watchdog threshold, then once; an answer, another finding or an agent whose files miss errors means none', async () => {
    const { engine, clock } = await newEngine();
    const t0 = clock.now();
    const base = { agent: 'cline' as const, timestamp: t0 };
    engine.ingest([{ ...base, sessionId: 'waits', kind: 'user', text: 'Say hello' }], { live: false });
    engine.ingest(
      [
        { ...base, sessionId: 'answered', kind: 'user', text: 'Say hello' },
        { ...base, sessionId: 'answered', kind: 'assistant', text: 'Hello' },
      ],
      { live: false },
    );
    engine.ingest(
      [
        { ...base, sessionId: 'refused', kind: 'user', text: 'Say hello' },
        { ...base, sessionId: 'refused', kind: 'error', text: '401 Incorrect API key provided', httpStatus: 401 },
      ],
      { live: false },
    );
    // An agent whose plug-in does not set unansweredIsHang (Aider: no real fault runs show what its history records).
    engine.ingest([{ ...base, sessionId: 'aider', agent: 'aider', kind: 'user', text: 'Say hello' }], { live: false });
    const ids = ['waits', 'answered', 'refused', 'aider'];
    clock.advance(DEFAULT_HEALTH_CONFIG.stuckMs - 1000);
    assert.deepStrictEqual(engine.judgeUnanswered(ids), []);
    clock.advance(2000);
    const found = engine.judgeUnanswered(ids);
    assert.deepStrictEqual(
      found.map((f) => [f.sessionId, f.type]),
      [['waits', 'session_stuck']],
    );
    assert.deepStrictEqual(engine.judgeUnanswered(ids), [], 'opened once');
    assert.deepStrictEqual(
      engine.session('refused')!.findings.map((f) => f.type),
      ['auth'],
    );
  });
});
