/**
 * Real Cline task histories (test/fixtures/cline; see PROVENANCE.md) through the whole core path: the kind's default roots
 * and discovery -> document reader -> the shared task parser -> detector -> checks -> store -> session health.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { clineTaskKind } from '../../../../../src/core/agents/cline/plugin';
import type { Engine } from '../../../../../src/core/engine/engine';
import { DocumentReader } from '../../../../../src/core/ingest/documentReader';
import type { DocumentFormat } from '../../../../../src/core/ingest/kinds';
import type { SessionSnapshot } from '../../../../../src/core/model/snapshot';
import { nodeFileAccess } from '../../../../../src/host/node/nodeFileAccess';
import { FakeClock, newEngine } from '../../../helpers';
import { FIXTURES, REAL, messages, taskId } from './fixtures';

const open = (s: SessionSnapshot) => s.findings.filter((f) => f.status === 'open');
const types = (s: SessionSnapshot) =>
  open(s)
    .map((f) => f.type)
    .sort();

/** Open findings of each real fixture after it is read whole (the clock one minute after its last message). */
const EXPECTED: Record<string, string[]> = {
  happy: [],
  happy_cline_dir: [],
  tool_use: [],
  rate_limit_then_ok: [],
  hang: [],
  tool_loop: ['repeated_tool_call'],
  // The model answered without a tool three times; the CLI halted the task itself ("Too many consecutive mistakes",
  // exit 1, no answer): the detector's vocabulary calls an agent's own loop halt a repeated tool call.
  mistake_limit: ['repeated_tool_call'],
  rate_limit_forever: ['rate_limit'],
  quota: ['quota_exhausted'],
  auth_401: ['auth'],
  context_too_long: ['token_limit'],
  server_500: ['server_error'],
  overloaded_503: ['overloaded'],
  dropped_connection: ['network'],
  malformed_stream: ['json_parse'],
};

/** The document format of the kind (the `document` reader's). */
const format = (clineTaskKind as { format: DocumentFormat }).format;

describe('Cline task histories into the engine (real files)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-cline-engine-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /**
   * Lays a fixture out as the CLI does (`~/.cline/data/tasks/<id>/`), finds it through the kind's default roots and
   * discovery, and reads it into a fresh engine whose clock sits one minute after the file's last message.
   */
  async function load(name: string): Promise<{ s: SessionSnapshot; engine: Engine; id: string; clock: FakeClock }> {
    const id = taskId(name);
    const home = fs.mkdtempSync(path.join(dir, 'home-'));
    const task = path.join(home, '.cline', 'data', 'tasks', id);
    fs.mkdirSync(task, { recursive: true });
    for (const f of fs.readdirSync(path.join(FIXTURES, name))) {
      fs.copyFileSync(path.join(FIXTURES, name, f), path.join(task, f));
    }
    const ctx = { env: {}, home, workspaceFolders: [], join: (...p: string[]) => path.join(...p) };
    const roots = clineTaskKind.defaultRoots(ctx);
    const found = await clineTaskKind.discover(nodeFileAccess, roots, 0);
    assert.strictEqual(found.length, 1, JSON.stringify(found));
    assert.strictEqual(found[0].sessionIdFromName, id);
    assert.ok(clineTaskKind.matchesPath(found[0].path), found[0].path);
    const last = Math.max(...messages(name).map((m) => m.ts));
    const clock = new FakeClock(last + 60_000);
    const { engine } = await newEngine({}, clock);
    const r = await new DocumentReader(nodeFileAccess, engine).read(found[0].path, format, id, false);
    assert.strictEqual(r.error, undefined, name);
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
      assert.strictEqual(s.agent, 'cline');
      assert.strictEqual(s.cwd, '/home/dev/projects/demo-app');
      assert.strictEqual(s.project, 'demo-app');
      if (expected.length === 0) {
        assert.strictEqual(s.health, 'ok', name);
      }
    });
  }

  it('happy: tokens and cost from the task history, the model from modelInfo, waiting after the completion', async () => {
    const { s } = await load('happy');
    const started = messages('happy').filter((m) => m.say === 'api_req_started');
    const info = JSON.parse(started[0].text!) as { tokensIn: number; tokensOut: number; cacheReads: number; cost: number };
    // OpenAI-compatible provider: the prompt count includes the cached tokens.
    assert.deepStrictEqual(s.tokens, {
      input: info.tokensIn - info.cacheReads,
      output: info.tokensOut,
      cacheRead: info.cacheReads,
      cacheCreation: 0,
    });
    assert.strictEqual(s.costUsd, info.cost);
    assert.strictEqual(s.model, 'gpt-5');
    assert.strictEqual(s.activity.state, 'waiting');
  });

  it('401 and the failed retries end the turn (api_req_failed waits for a click): waiting, not working', async () => {
    for (const name of ['auth_401', 'server_500', 'rate_limit_forever']) {
      const { s } = await load(name);
      assert.strictEqual(s.activity.state, 'waiting', name);
    }
    const auth = (await load('auth_401')).s;
    assert.strictEqual(open(auth)[0].severity, 'CRITICAL');
  });

  it('a hang: the request never ends, nothing after the prompt; stuck once the watchdog threshold passes', async () => {
    const { engine, id, clock } = await load('hang');
    assert.strictEqual(engine.session(id)!.activity.state, 'working');
    clock.advance(10 * 60_000);
    engine.evaluate();
    const s = engine.session(id)!;
    assert.strictEqual(s.activity.state, 'stuck');
    assert.deepStrictEqual(types(s), ['session_stuck']);
  });

  it('tool_loop: the repeated `ls -la` opens the loop before the CLI halts it; the halt is its last occurrence', async () => {
    const { s } = await load('tool_loop');
    const f = open(s).find((x) => x.type === 'repeated_tool_call')!;
    assert.strictEqual(f.severity, 'HIGH');
    const halt = messages('tool_loop').find((m) => m.say === 'error')!;
    const commands = messages('tool_loop').filter((m) => m.say === 'command');
    assert.ok(f.firstSeen < halt.ts && f.firstSeen >= commands[1].ts, `${f.firstSeen} vs ${halt.ts}`);
    assert.strictEqual(f.lastSeen, halt.ts);
    assert.match(f.lastText, /Too many consecutive mistakes/);
    assert.ok(f.count >= 2, String(f.count));
  });

  it('mistake_limit: no tool loop before the halt; the finding is the halt itself', async () => {
    const { s } = await load('mistake_limit');
    const f = open(s).find((x) => x.type === 'repeated_tool_call')!;
    assert.strictEqual(f.firstSeen, messages('mistake_limit').find((m) => m.say === 'error')!.ts);
    assert.strictEqual(f.count, 1);
  });

  it('dropped_connection: the retries, then the last notice (no api_req_failed follows) leaves the network finding open', async () => {
    const { s } = await load('dropped_connection');
    const f = open(s).find((x) => x.type === 'network')!;
    assert.match(f.lastText, /UND_ERR_SOCKET/);
    assert.notStrictEqual(s.health, 'ok');
  });

  it('a file read while it grows: each message gives its events once, in order (the document reader skips the ingested ones)', async () => {
    const id = taskId('tool_use');
    const file = path.join(dir, 'tasks', id, 'ui_messages.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const all = messages('tool_use');
    const whole = await newEngine();
    fs.writeFileSync(file, JSON.stringify(all));
    await new DocumentReader(nodeFileAccess, whole.engine).read(file, format, id, false);
    const { engine } = await newEngine();
    const reader = new DocumentReader(nodeFileAccess, engine);
    for (let n = 1; n <= all.length; n++) {
      // As the extension saves it: the last message may still be streaming (partial).
      const snapshot = all.slice(0, n).map((m, i) => (i === n - 1 && m.say === 'text' ? { ...m, partial: true } : m));
      fs.writeFileSync(file, JSON.stringify(snapshot));
      fs.utimesSync(file, new Date(), new Date(Date.now() + n * 1000));
      await reader.read(file, format, id, false);
    }
    const a = whole.engine.session(id)!;
    const b = engine.session(id)!;
    assert.deepStrictEqual(b.tokens, a.tokens);
    assert.strictEqual(b.costUsd, a.costUsd);
    assert.deepStrictEqual(types(b), types(a));
  });
});
