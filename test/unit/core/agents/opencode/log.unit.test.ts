/** opencode's log (src/core/agents/opencode/log.ts) on the logs the real opencode 1.18.33 wrote (test/fixtures/opencode). */
import * as assert from 'assert';
import { parseLogfmt, parseOpencodeLogLine } from '../../../../../src/core/agents/opencode/log';
import { classifyLine } from '../../../../../src/core/detection/detector';
import { REAL, logEvents, logText, parseDb } from './fixtures';

/**
 * The stream errors of each scenario's log: at least how many (opencode retries 429, 5xx, 529 and broken streams with
 * backoff, so a fault served on every request leaves several; 401 is not retried: exactly one), and the fault the
 * detector names. These retries are in no other file: the database keeps only the error that ended the turn.
 */
const RETRIED: Record<string, [number, number, string | undefined]> = {
  happy: [0, 0, undefined],
  tool_loop: [0, 0, undefined],
  rate_limit_then_ok: [3, 3, 'rate_limit'],
  rate_limit_forever: [4, Infinity, 'rate_limit'],
  server_500: [4, Infinity, 'server_error'],
  overloaded_529: [4, Infinity, 'overloaded'],
  auth_401: [1, 1, 'auth'],
  malformed_stream: [2, Infinity, 'json_parse'],
  context_too_long: [2, Infinity, 'token_limit'],
};

describe('opencode log', () => {
  it('parseLogfmt: bare and quoted values, dotted keys, escapes', () => {
    const f = parseLogfmt(
      'timestamp=2026-11-30T15:16:50.554Z level=ERROR run=3dfed328 message="stream error" session.id=ses_1 error.error="a \\"b\\" = c"',
    );
    assert.strictEqual(f.get('message'), 'stream error');
    assert.strictEqual(f.get('session.id'), 'ses_1');
    assert.strictEqual(f.get('error.error'), 'a "b" = c');
    assert.strictEqual(parseLogfmt('no pairs here').size, 0);
  });

  it('a stream error of each retried request is an error event of its session, classified as the fault served', async () => {
    for (const [name, [min, max, type]] of Object.entries(RETRIED)) {
      const events = logEvents(name);
      assert.ok(events.length >= min && events.length <= max, `${name}: ${events.length}`);
      const session = (await parseDb(name)).sessions[0].id;
      for (const e of events) {
        assert.strictEqual(e.sessionId, session, name);
        assert.strictEqual(e.kind, 'error');
        assert.strictEqual(classifyLine(e.text)?.type, type, `${name}: ${e.text}`);
        assert.ok(e.timestamp > Date.parse('2026-01-01'), name);
      }
    }
  });

  it('every line of every real log is read (no line fails), and only stream errors give events', () => {
    for (const name of REAL) {
      const lines = logText(name).split('\n');
      for (const [i, line] of lines.entries()) {
        const r = parseOpencodeLogLine(line, { file: 'f', offset: i });
        assert.ok(r.ok, `${name}:${i}`);
        if (r.events.length) {
          assert.match(line, /message="stream error"/);
        }
      }
    }
  });

  it('bad lines: cut, not logfmt, a stream error without a session: no event, no failure', () => {
    for (const line of [
      '',
      'timestamp=2026-11-30T15:16:50.554Z level=ERROR run=3dfed328 message="stream err',
      'garbage "" ==',
      'timestamp=2026-11-30T15:16:50.554Z level=ERROR run=3dfed328 message="stream error" error.error=x',
    ]) {
      const r = parseOpencodeLogLine(line, { file: 'f', offset: 0 });
      assert.deepStrictEqual(r, { ok: true, events: [], info: {} }, line);
    }
  });
});
