/** pi's session parser (src/core/agents/pi/session.ts) on the files the real pi 0.73.1 wrote (test/fixtures/pi). */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { errorText, parsePiLine, piUsage } from '../../../../../src/core/agents/pi/session';
import { classifyLine } from '../../../../../src/core/detection/detector';
import { FIXTURES, REAL, ofKind, parse, records } from './fixtures';

/** The fault each failing scenario served, as the detector names it. */
const FAULT: Record<string, string> = {
  rate_limit_forever: 'rate_limit',
  quota: 'quota_exhausted',
  auth_401: 'auth',
  context_too_long: 'token_limit',
  server_500: 'server_error',
  overloaded_503: 'overloaded',
  dropped_connection: 'network',
  malformed_stream: 'json_parse',
};

describe('pi sessions: the parser on real files', () => {
  for (const name of REAL) {
    it(`${name}: every line parses, one session, its folder, the prompt first`, () => {
      const r = parse(name);
      assert.deepStrictEqual(r.failed, []);
      assert.deepStrictEqual([...r.sessionIds], [records(name)[0].id]);
      assert.strictEqual(r.cwd, '/home/dev/projects/demo-app');
      assert.strictEqual(r.events[0].kind, 'user');
      assert.ok(r.events.every((e) => e.agent === 'pi' && e.sessionId === records(name)[0].id));
    });
  }

  it('happy: the prompt, then the answer with its tokens and model', () => {
    const r = parse('happy');
    assert.deepStrictEqual(
      r.events.map((e) => e.kind),
      ['user', 'assistant'],
    );
    const a = r.events[1];
    assert.strictEqual(a.model, 'gpt-5');
    assert.ok(a.usage && a.usage.input > 0 && a.usage.output > 0, JSON.stringify(a.usage));
  });

  it('tool_use and tool_loop: each tool call with its result and an input hash; the loop repeats one hash; secrets redacted', () => {
    const use = parse('tool_use');
    assert.strictEqual(ofKind(use.events, 'tool_call').length, 3);
    assert.strictEqual(ofKind(use.events, 'tool_result').length, 3);
    assert.ok(
      ofKind(use.events, 'tool_result').some((e) => e.isError),
      'missing.txt: an error result',
    );
    const text = JSON.stringify(use.events);
    assert.ok(!text.includes('sk-FAKEfixtureKEY'), 'OpenAI key redacted');
    assert.ok(!text.includes('ghp_FAKEfixture'), 'GitHub token redacted');
    const loop = ofKind(parse('tool_loop').events, 'tool_call');
    assert.strictEqual(loop.length, 12);
    assert.strictEqual(new Set(loop.map((c) => c.toolInputHash)).size, 1);
  });

  it('each failed model call (the retries too) is an error the detector names as the fault served', () => {
    for (const [name, type] of Object.entries(FAULT)) {
      const errors = ofKind(parse(name).events, 'error');
      assert.ok(errors.length >= 1, name);
      for (const e of errors) {
        assert.strictEqual(classifyLine(e.text)?.type, type, `${name}: ${e.text}`);
      }
    }
    assert.ok(ofKind(parse('rate_limit_forever').events, 'error').length > 1, 'a retry storm: every attempt is in the file');
    assert.ok(ofKind(parse('auth_401').events, 'error').every((e) => e.httpStatus === 401 && e.endsTurn));
  });

  it('rate_limit_then_ok: the retried 429s, then the answer', () => {
    const kinds = parse('rate_limit_then_ok').events.map((e) => e.kind);
    assert.strictEqual(kinds[kinds.length - 1], 'assistant');
    assert.ok(kinds.filter((k) => k === 'error').length >= 1);
  });

  it('a hang before the first reply leaves no session file at all (pi writes the file once a reply exists)', () => {
    assert.ok(!REAL.includes('hang'));
    assert.match(fs.readFileSync(path.join(FIXTURES, 'hang.stdout.txt'), 'utf8'), /# session file: \(none\)/);
  });
});

describe('pi sessions: bad input', () => {
  it('lines that are not pi entries fail with a reason; a cut line fails; nothing throws', () => {
    const lines = fs.readFileSync(path.join(FIXTURES, 'garbage.jsonl'), 'utf8').split('\n');
    const results = lines.map((l, i) => parsePiLine(l, { file: 'f', offset: i }, 's'));
    assert.ok(results.some((r) => !r.ok));
    for (const r of results) {
      if (!r.ok) {
        assert.match(r.error, /\S/);
      }
    }
    assert.strictEqual(parsePiLine('{"type":"message","id":"x"}', { file: 'f', offset: 0 }, 's').ok, false);
    assert.strictEqual(parsePiLine('{"type":"weird"}', { file: 'f', offset: 0 }, 's').ok, false);
    assert.deepStrictEqual(parsePiLine('', { file: 'f', offset: 0 }, 's'), { ok: true, events: [], info: {} });
  });

  it("errorText: undici's bare 'terminated' says the connection closed; other messages as they are", () => {
    assert.strictEqual(errorText('terminated'), 'terminated (the connection closed before the reply ended)');
    assert.strictEqual(errorText('429 Rate limit reached'), '429 Rate limit reached');
  });

  it('piUsage: counts and cost; nothing when all zero or not an object', () => {
    assert.deepStrictEqual(piUsage({ input: 10, output: 2, cacheRead: 5, cacheWrite: 1, cost: { total: 0.5 } }), {
      usage: { input: 10, output: 2, cacheRead: 5, cacheCreation: 1 },
      cost: 0.5,
    });
    assert.strictEqual(piUsage({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }), undefined);
    assert.strictEqual(piUsage('x'), undefined);
  });
});
