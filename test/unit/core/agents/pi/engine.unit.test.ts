/**
 * Real pi sessions (test/fixtures/pi; PROVENANCE.md) through the whole core path: the kind's discovery -> tailer -> pi
 * parser -> detector -> checks -> store -> session health.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { piKind } from '../../../../../src/core/agents/pi/kind';
import { piFormat } from '../../../../../src/core/agents/pi/session';
import type { Engine } from '../../../../../src/core/engine/engine';
import { Tailer } from '../../../../../src/core/ingest/tailer';
import type { SessionSnapshot } from '../../../../../src/core/model/snapshot';
import { nodeFileAccess } from '../../../../../src/host/node/nodeFileAccess';
import { FakeClock, newEngine } from '../../../helpers';
import { FIXTURES, REAL, fileNameOf, raw, records, sessionIdOf } from './fixtures';

const open = (s: SessionSnapshot) => s.findings.filter((f) => f.status === 'open');
const types = (s: SessionSnapshot) =>
  open(s)
    .map((f) => f.type)
    .sort();

/** Open findings of each real fixture after it is read whole (the clock one minute after its last record). */
const EXPECTED: Record<string, string[]> = {
  happy: [],
  happy_session_dir: [],
  tool_use: [],
  rate_limit_then_ok: [],
  tool_loop: ['repeated_tool_call'],
  rate_limit_forever: ['rate_limit'],
  quota: ['quota_exhausted'],
  auth_401: ['auth'],
  // pi compacts after the overflow and tries again; the failed retry is not written and `pi -p` exits 0 with no answer
  // (FORMAT.md, "Not visible"): from the file, an overflow the compaction resolved.
  context_too_long: [],
  server_500: ['server_error'],
  overloaded_503: ['overloaded'],
  dropped_connection: ['network'],
  malformed_stream: ['json_parse'],
  // The second prompt and nothing after it: a minute later nothing is stuck yet (scan judges it: test/unit/cli/scanHang).
  hang_after_reply: [],
};

describe('pi sessions into the engine (real files)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-pi-engine-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Lays a fixture out as pi does, finds it through the kind's default roots and tails it into a fresh engine. */
  async function load(name: string): Promise<{ s: SessionSnapshot; engine: Engine; id: string; clock: FakeClock }> {
    const id = sessionIdOf(name);
    const home = fs.mkdtempSync(path.join(dir, 'home-'));
    const folder = path.join(home, '.pi', 'agent', 'sessions', '--home-dev-projects-demo-app--');
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, fileNameOf(name)), raw(name));
    const roots = piKind.defaultRoots({ env: {}, home, workspaceFolders: [], join: (...p: string[]) => path.join(...p) });
    const found = await piKind.discover(nodeFileAccess, roots, 0);
    assert.strictEqual(found.length, 1);
    assert.strictEqual(found[0].sessionIdFromName, id);
    const last = Math.max(...records(name).map((r) => Date.parse(r.timestamp as string)));
    const clock = new FakeClock(last + 60_000);
    const { engine } = await newEngine({}, clock);
    const result = await new Tailer(nodeFileAccess, engine, { chunkBytes: 4096 }).read(found[0].path, piFormat, id, false);
    assert.strictEqual(result.skipped, 0, name);
    const s = engine.session(id);
    assert.ok(s, `session ${id}`);
    return { s, engine, id, clock };
  }

  it('every real fixture has its expected findings listed here', () => {
    assert.deepStrictEqual(Object.keys(EXPECTED).sort(), REAL);
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: ${expected.length ? expected.join(', ') : 'no finding'}`, async () => {
      const { s } = await load(name);
      assert.deepStrictEqual(types(s), expected, JSON.stringify(s.findings.map((f) => [f.type, f.status, f.lastText])));
      assert.strictEqual(s.agent, 'pi');
      assert.strictEqual(s.project, 'demo-app');
      if (expected.length === 0) {
        assert.strictEqual(s.health, 'ok', name);
      }
    });
  }

  it('context_too_long: the overflow opens token_limit, the compaction after it resolves it', async () => {
    const { s } = await load('context_too_long');
    const f = s.findings.find((x) => x.type === 'token_limit')!;
    assert.strictEqual(f.status, 'resolved');
    assert.match(f.lastText, /exceeds the context window/);
  });

  /** The exit code of each fixture's run, as its .stdout.txt recorded it (a kill by SIGKILL as a terminal reports it: 137). */
  function exitCodeOf(name: string): number {
    const m = /^# exit code (\d+|null)(?:, signal (\w+))?/m.exec(fs.readFileSync(path.join(FIXTURES, `${name}.stdout.txt`), 'utf8'));
    assert.ok(m, `${name}: exit code recorded`);
    return m[1] === 'null' ? (m[2] === 'SIGKILL' ? 137 : 143) : Number(m[1]);
  }

  it('an exit 0 with no answer: each run ended as it really did (its exit code), only the overflow retried in silence is no_answer', async () => {
    const withSessionFile = REAL.filter((n) => fs.existsSync(path.join(FIXTURES, `${n}.stdout.txt`)));
    const noAnswer: string[] = [];
    for (const name of withSessionFile) {
      const { engine, id, clock } = await load(name);
      engine.noteAgentProcess(id, { state: 'exited', exitCode: exitCodeOf(name), atMs: clock.now(), source: 'terminal' });
      engine.evaluate();
      assert.ok(!engine.session(id)!.findings.some((f) => f.type === 'no_answer'), `${name}: not judged within the grace period`);
      clock.advance(10_000);
      engine.evaluate();
      const found = engine.session(id)!.findings.filter((f) => f.type === 'no_answer' && f.status === 'open');
      if (found.length > 0) {
        noAnswer.push(name);
        assert.match(found[0].lastText, /ended \(exit code 0\) with no answer after the last API error/);
        assert.strictEqual(found[0].severity, 'HIGH');
      }
    }
    assert.ok(withSessionFile.includes('happy') && withSessionFile.includes('tool_loop'), JSON.stringify(withSessionFile));
    assert.deepStrictEqual(noAnswer, ['context_too_long']);
  });

  it('an exit 0 with no answer is resolved when an answer follows (the session resumed)', async () => {
    const { engine, id, clock } = await load('context_too_long');
    engine.noteAgentProcess(id, { state: 'exited', exitCode: 0, atMs: clock.now(), source: 'terminal' });
    clock.advance(10_000);
    engine.evaluate();
    assert.strictEqual(engine.session(id)!.findings.find((f) => f.type === 'no_answer')?.status, 'open');
    clock.advance(1_000);
    engine.ingest([{ sessionId: id, agent: 'pi', timestamp: clock.now(), kind: 'assistant', text: 'Here is the summary.' }], {
      live: true,
    });
    assert.strictEqual(engine.session(id)!.findings.find((f) => f.type === 'no_answer')?.status, 'resolved');
  });

  it('happy: the tokens of the reply and the model', async () => {
    const { s } = await load('happy');
    const reply = records('happy').find((r) => (r.message as { role?: string } | undefined)?.role === 'assistant')!;
    const u = (reply.message as { usage: { input: number; output: number; cacheRead: number; cacheWrite: number } }).usage;
    assert.deepStrictEqual(s.tokens, { input: u.input, output: u.output, cacheRead: u.cacheRead, cacheCreation: u.cacheWrite });
    assert.strictEqual(s.model, 'gpt-5');
  });
});
