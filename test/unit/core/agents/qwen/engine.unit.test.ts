/**
 * Real Qwen Code sessions (test/fixtures/qwen; see PROVENANCE.md) through the whole core path: discovery -> tailer ->
 * Qwen parser -> detector -> checks -> store -> session health; and what the CLI printed, through classifyLine.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { qwenKind } from '../../../../../src/core/agents/qwen/kind';
import { qwenFormat } from '../../../../../src/core/agents/qwen/session';
import { classifyLine } from '../../../../../src/core/detection/detector';
import type { Engine } from '../../../../../src/core/engine/engine';
import { Tailer } from '../../../../../src/core/ingest/tailer';
import type { SessionSnapshot } from '../../../../../src/core/model/snapshot';
import { nodeFileAccess } from '../../../../../src/host/node/nodeFileAccess';
import { FakeClock, newEngine } from '../../../helpers';
import { FIXTURES, REAL, records } from './fixtures';

const open = (s: SessionSnapshot) => s.findings.filter((f) => f.status === 'open');
const types = (s: SessionSnapshot) =>
  open(s)
    .map((f) => f.type)
    .sort();

/** Open findings of each real fixture after it is read whole (the clock one minute after its last record). */
const EXPECTED: Record<string, string[]> = {
  happy: [],
  happy_runtime_dir: [],
  tool_use: [],
  rate_limit_then_ok: [],
  compress: [],
  hang: [],
  hang_interrupted: [],
  tool_loop: ['repeated_tool_call'],
  rate_limit_forever: ['rate_limit'],
  quota: ['quota_exhausted'],
  auth_401: ['auth'],
  context_too_long: ['token_limit'],
  server_500: ['server_error'],
  overloaded_503: ['overloaded'],
  dropped_connection: ['network'],
  malformed_stream: ['json_parse'],
};

describe('Qwen Code sessions into the engine (real files)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-qwen-engine-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /**
   * Lays a fixture out as the CLI does, finds it with the kind's discovery and tails it (in 4 KiB chunks) into a fresh
   * engine whose clock sits one minute after the file's last record.
   */
  async function load(name: string): Promise<{ s: SessionSnapshot; engine: Engine; id: string; clock: FakeClock }> {
    const id = records(name)[0].sessionId as string;
    const root = path.join(dir, '.qwen', 'projects');
    const chats = path.join(root, '-home-dev-projects-demo-app', 'chats');
    fs.mkdirSync(chats, { recursive: true });
    fs.copyFileSync(path.join(FIXTURES, `${name}.jsonl`), path.join(chats, `${id}.jsonl`));
    const [found] = await qwenKind.discover(nodeFileAccess, [root], 0);
    assert.strictEqual(found.sessionIdFromName, id);
    const last = Math.max(...records(name).map((r) => Date.parse(r.timestamp as string)));
    const clock = new FakeClock(last + 60_000);
    const { engine } = await newEngine({}, clock);
    const result = await new Tailer(nodeFileAccess, engine, { chunkBytes: 4096 }).read(
      found.path,
      qwenFormat,
      found.sessionIdFromName,
      false,
    );
    assert.strictEqual(result.skipped, 0, name);
    assert.deepStrictEqual(result.sessionIds, [id]);
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
      assert.deepStrictEqual(types(s), expected, JSON.stringify(s.findings.map((f) => [f.type, f.status])));
      assert.strictEqual(s.agent, 'qwen');
      assert.strictEqual(s.cwd, '/home/dev/projects/demo-app');
      assert.strictEqual(s.project, 'demo-app');
      if (expected.length === 0) {
        assert.strictEqual(s.health, 'ok', name);
      }
    });
  }

  it('happy: tokens from the saved usage, no cost (no price table), the context window the CLI saved', async () => {
    const { s } = await load('happy');
    const u = records('happy').find((r) => r.type === 'assistant')!.usageMetadata!;
    assert.deepStrictEqual(s.tokens, {
      input: u.promptTokenCount - u.cachedContentTokenCount,
      output: u.candidatesTokenCount,
      cacheRead: u.cachedContentTokenCount,
      cacheCreation: 0,
    });
    assert.strictEqual(s.costUsd, 0);
    assert.strictEqual(s.model, 'qwen3-coder-plus');
    assert.strictEqual(s.context?.windowTokens, 1_000_000);
    assert.strictEqual(s.activity.state, 'waiting');
  });

  it('401 and context too long end the turn (the CLI gives up at once): waiting, not working', async () => {
    for (const name of ['auth_401', 'context_too_long']) {
      const { s } = await load(name);
      assert.strictEqual(s.activity.state, 'waiting', name);
      assert.match(s.activity.detail, /API error/);
    }
    const auth = (await load('auth_401')).s;
    assert.strictEqual(open(auth)[0].severity, 'CRITICAL');
    assert.ok(!auth.lastError.includes('sk-FAKE'), auth.lastError);
  });

  it('a hang: only the prompt, no finding at first; stuck once the watchdog threshold passes', async () => {
    const { engine, id, clock } = await load('hang');
    assert.strictEqual(engine.session(id)!.activity.state, 'working');
    clock.advance(10 * 60_000);
    engine.evaluate();
    const s = engine.session(id)!;
    assert.strictEqual(s.activity.state, 'stuck');
    assert.deepStrictEqual(types(s), ['session_stuck']);
  });

  it('garbage.jsonl (hand-made) through the tailer: the bad complete lines are counted in the session health', async () => {
    const file = path.join(dir, '11111111-2222-4333-8444-555555555555.jsonl');
    fs.copyFileSync(path.join(FIXTURES, 'garbage.jsonl'), file);
    const { engine } = await newEngine();
    const r = await new Tailer(nodeFileAccess, engine).read(file, qwenFormat, '11111111-2222-4333-8444-555555555555', true);
    // 10 bad complete lines; the 11th, the half-written last line, waits for its newline.
    assert.strictEqual(r.skipped, 10);
    const id = records('tool_use')[0].sessionId as string;
    assert.deepStrictEqual(r.sessionIds, [id]);
    assert.strictEqual(engine.session(id)?.skippedLines, 10);
  });

  it('tool_loop: the repeated glob call, HIGH, break the loop', async () => {
    const { s } = await load('tool_loop');
    const f = open(s).find((x) => x.type === 'repeated_tool_call')!;
    assert.strictEqual(f.severity, 'HIGH');
    assert.strictEqual(f.strategy, 'break_loop_and_notify');
    assert.match(f.lastText, /glob/);
  });
});

describe('Qwen Code: what the CLI printed (stderr of the fixture runs), through classifyLine', () => {
  /** The distinct stderr lines of a fixture run, without the CLI's two start-up notices. */
  function printed(name: string): string[] {
    const text = fs.readFileSync(path.join(FIXTURES, `${name}.stdout.txt`), 'utf8');
    const stderr = text.slice(text.indexOf('--- stderr ---') + 15, text.indexOf('--- fake server requests ---'));
    return [...new Set(stderr.split('\n').filter((l) => l.trim() && !/^(Ripgrep not available|Warning: running headless)/.test(l)))];
  }

  const cases: Array<[string, RegExp, string]> = [
    ['auth_401', /^\[API Error: 401 /, 'auth'],
    ['context_too_long', /^\[API Error: 400 /, 'token_limit'],
    ['server_500', /^\[API Error: 500 /, 'server_error'],
    ['overloaded_503', /^Retrying in \d+s \(attempt 1\/10\): \[API Error: 503 /, 'overloaded'],
    ['rate_limit_forever', /^Retrying in \d+s \(attempt \d+\/10\): \[API Error: 429 /, 'rate_limit'],
    ['dropped_connection', /^\[API Error: terminated \(cause: UND_ERR_SOCKET/, 'network'],
    ['malformed_stream', /^\[API Error: Unterminated string in JSON/, 'json_parse'],
    ['malformed_stream', /^Could not parse message into JSON/, 'json_parse'],
    ['stale_resume', /^No saved session found with ID /, 'stale_session'],
    ['tool_loop', /^Loop detection halted the run/, 'repeated_tool_call'],
  ];
  for (const [name, which, type] of cases) {
    it(`${name}: "${which.source}" -> ${type}`, () => {
      const lines = printed(name).filter((l) => which.test(l));
      assert.ok(lines.length > 0, `no such line in ${name}.stdout.txt`);
      for (const l of lines) {
        assert.strictEqual(classifyLine(l)?.type, type, l);
      }
    });
  }

  it('happy, tool_use, rate_limit_then_ok and compress printed no error line', () => {
    for (const name of ['happy', 'tool_use', 'rate_limit_then_ok', 'compress']) {
      assert.deepStrictEqual(
        printed(name).filter((l) => classifyLine(l)),
        [],
        name,
      );
    }
  });
});
