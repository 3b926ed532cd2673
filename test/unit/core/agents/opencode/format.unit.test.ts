/**
 * opencode's database (src/core/agents/opencode/format.ts) on the real databases opencode 1.18.33 wrote (test/fixtures/
 * opencode, PROVENANCE.md), read with the real sql.js; and with its log, through the engine: the events a reader of the
 * database's bytes and the log's tailer would feed it.
 */
import * as assert from 'assert';
import { parseOpencodeDatabase } from '../../../../../src/core/agents/opencode/format';
import { OVERFLOW_TEXT } from '../../../../../src/core/agents/opencode/events';
import { classifyLine } from '../../../../../src/core/detection/detector';
import type { Engine } from '../../../../../src/core/engine/engine';
import type { AgentEvent } from '../../../../../src/core/model/event';
import type { SessionSnapshot } from '../../../../../src/core/model/snapshot';
import { FakeClock, newEngine, sqlJs } from '../../../helpers';
import { DB_FILE, REAL, document, logEvents, ofKind, parseDb } from './fixtures';

const open = (s: SessionSnapshot) => s.findings.filter((f) => f.status === 'open');
const types = (s: SessionSnapshot) =>
  open(s)
    .map((f) => f.type)
    .sort();

/** The fault each failing scenario served, as the detector names it. */
const FAULT: Record<string, string> = {
  rate_limit_forever: 'rate_limit',
  auth_401: 'auth',
  server_500: 'server_error',
  overloaded_529: 'overloaded',
  dropped_connection: 'network',
  malformed_stream: 'json_parse',
  context_too_long_then_ok: 'token_limit',
};

/** Open findings of each real fixture, its database and log read whole (the clock one minute after the last event). */
const EXPECTED: Record<string, string[]> = {
  happy: [],
  happy_xdg: [],
  tool_use: [],
  rate_limit_then_ok: [],
  context_too_long_then_ok: [],
  hang: [],
  resume: [],
  tool_loop: ['repeated_tool_call'],
  rate_limit_forever: ['rate_limit'],
  auth_401: ['auth'],
  context_too_long: ['token_limit'],
  server_500: ['server_error'],
  overloaded_529: ['overloaded'],
  dropped_connection: ['network'],
  malformed_stream: ['json_parse'],
};

/** The database's and the log's events of a fixture, in time order, into a fresh engine. */
async function load(name: string): Promise<{ engine: Engine; clock: FakeClock; ids: string[] }> {
  const db = await parseDb(name);
  const events: AgentEvent[] = [...db.events, ...logEvents(name)].sort((a, b) => a.timestamp - b.timestamp);
  const clock = new FakeClock(Math.max(...events.map((e) => e.timestamp)) + 60_000);
  const { engine } = await newEngine({}, clock);
  for (const s of db.sessions) {
    engine.updateSession(s.id, { agent: 'opencode', file: DB_FILE, cwd: s.cwd, title: s.title });
  }
  engine.ingest(events, { live: false });
  return { engine, clock, ids: db.sessions.map((s) => s.id) };
}

describe('opencode database: the parser on real files', () => {
  for (const name of REAL) {
    it(`${name}: its sessions with their folder, events in time order, each of a listed session`, async () => {
      const r = await parseDb(name);
      assert.strictEqual(r.sessions.length, name === 'resume' ? 2 : 1, name);
      for (const s of r.sessions) {
        assert.match(s.cwd ?? '', /[\\/]home[\\/]dev[\\/]projects[\\/]demo-app$/);
      }
      const ids = new Set(r.sessions.map((s) => s.id));
      assert.ok(r.events.every((e) => e.agent === 'opencode' && ids.has(e.sessionId)));
      const ts = r.events.map((e) => e.timestamp);
      assert.deepStrictEqual(
        ts,
        [...ts].sort((a, b) => a - b),
      );
      assert.ok(r.walFrames > 0, 'opencode leaves its pages in the WAL');
      assert.ok(ofKind(r.events, 'user').length >= r.sessions.length);
    });
  }

  it('happy: the prompt, one model call with its tokens and cost, the answer', async () => {
    const r = await parseDb('happy');
    assert.deepStrictEqual(
      r.events.map((e) => e.kind),
      ['user', 'assistant', 'usage'],
    );
    const u = ofKind(r.events, 'usage')[0];
    assert.ok(u.usage && u.usage.input > 0 && u.usage.output > 0, JSON.stringify(u.usage));
    assert.strictEqual(u.model, 'claude-sonnet-4-5');
  });

  it('tool_use and tool_loop: each tool call with its result and an input hash; the loop repeats one hash', async () => {
    const use = await parseDb('tool_use');
    assert.strictEqual(ofKind(use.events, 'tool_call').length, ofKind(use.events, 'tool_result').length);
    assert.ok(!JSON.stringify(use.events).includes('sk-FAKE'), 'secrets of the project .env redacted');
    const loop = ofKind((await parseDb('tool_loop')).events, 'tool_call');
    assert.ok(loop.length >= 3);
    assert.strictEqual(new Set(loop.map((c) => c.toolInputHash)).size, 1);
  });

  it('the error that ended the turn is in the database with its status, and the detector names the fault served', async () => {
    for (const [name, type] of Object.entries(FAULT)) {
      const errors = ofKind((await parseDb(name)).events, 'error');
      assert.strictEqual(errors.length, 1, name);
      assert.strictEqual(classifyLine(errors[0].text)?.type, type, `${name}: ${errors[0].text}`);
    }
    assert.strictEqual(ofKind((await parseDb('context_too_long_then_ok')).events, 'error')[0].text, OVERFLOW_TEXT);
    assert.strictEqual(ofKind((await parseDb('auth_401')).events, 'error')[0].httpStatus, 401);
  });

  it('a hang: the prompt and nothing after it', async () => {
    assert.deepStrictEqual(
      (await parseDb('hang')).events.map((e) => e.kind),
      ['user'],
    );
  });
});

describe('opencode database: bad input', () => {
  it('bytes that are not SQLite, a database cut short, and a WAL cut mid-frame: clear errors or fewer frames, never a throw', async () => {
    const sql = await sqlJs();
    const doc = document('tool_use');
    const garbage = parseOpencodeDatabase({ bytes: new TextEncoder().encode('not a database'), companions: {} }, 'f', 'f', sql);
    assert.strictEqual(garbage.ok, false);
    const whole = parseOpencodeDatabase(doc, 'f', 'f', sql);
    const wal = doc.companions['-wal']!;
    const cut = parseOpencodeDatabase(
      { bytes: doc.bytes, companions: { '-wal': wal.subarray(0, Math.floor(wal.length / 2) + 100) } },
      'f',
      'f',
      sql,
    );
    assert.ok(whole.ok);
    if (cut.ok) {
      assert.ok(cut.walFrames < whole.walFrames, `${cut.walFrames} < ${whole.walFrames}`);
      assert.ok(cut.events.length <= whole.events.length);
      assert.deepStrictEqual(
        cut.events.map((e) => e.text),
        whole.events.slice(0, cut.events.length).map((e) => e.text),
        'a shorter WAL gives a prefix of the events',
      );
    } else {
      assert.match(cut.error, /\S/);
    }
  });
});

describe('opencode database and log into the engine (real files)', () => {
  it('every real fixture has its expected findings listed here', () => {
    assert.deepStrictEqual(Object.keys(EXPECTED).sort(), REAL);
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: ${expected.length ? expected.join(', ') : 'no finding'}`, async () => {
      const { engine, ids } = await load(name);
      assert.ok(ids.length > 0, name);
      for (const id of ids) {
        const s = engine.session(id)!;
        assert.deepStrictEqual(types(s), expected, JSON.stringify(s.findings.map((f) => [f.type, f.status, f.lastText])));
        assert.strictEqual(s.agent, 'opencode');
        assert.strictEqual(s.project, 'demo-app');
      }
    });
  }

  it('resume: the run with --session adds to the first session; --continue to the latest', async () => {
    const r = await parseDb('resume');
    const prompts = ofKind(r.events, 'user');
    const bySession = new Map<string, string[]>();
    for (const p of prompts) {
      bySession.set(p.sessionId, [...(bySession.get(p.sessionId) ?? []), p.text]);
    }
    assert.deepStrictEqual([...bySession.values()].map((t) => t.length).sort(), [2, 2]);
    // `opencode run` quotes an argument that holds a space when it joins them into the message.
    assert.ok([...bySession.values()].some((t) => t[0] === '"Say hello"' && t[1] === '"And now say goodbye"'));
    assert.ok([...bySession.values()].some((t) => t[0] === '"Another task: say hi"' && t[1] === 'Continue'));
  });

  it('a hang: stuck once the watchdog threshold passes', async () => {
    const { engine, ids, clock } = await load('hang');
    clock.advance(10 * 60_000);
    engine.evaluate();
    assert.deepStrictEqual(types(engine.session(ids[0])!), ['session_stuck']);
  });
});
