/**
 * Terminal output -> plain lines, on real captured Claude Code 2.1.330 TUI output (test/fixtures/terminal, made by
 * scripts/make-terminal-fixtures.mjs; see PROVENANCE.md there) and on small hand-written sequences for each redraw idiom.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { classifyLine } from '../../../../src/core/detection/detector';
import { TerminalTextReader, lineKey, looksLikeAgentError } from '../../../../src/core/terminals/terminalText';
import { eventsOfLines } from '../../../../src/core/terminals/terminalLines';
import { REPO_ROOT } from '../../helpers';
import { replayTimed } from './captureReplay';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'terminal');

/**
 * Replays a capture. `timed`: in the chunks the pty delivered them (the `.timing` log), settling after each chunk, with
 * a final settle when the next chunk came 150 ms or more later (as the terminal source's quiet timer does). A number:
 * in chunks of that many bytes (cut anywhere, even inside an escape sequence), settling after each.
 */
async function replay(name: string, chunking: 'timed' | number): Promise<string[]> {
  const raw = fs.readFileSync(path.join(FIXTURES, `${name}.raw`));
  if (chunking !== 'timed') {
    return feed([raw], chunking);
  }
  return replayTimed(FIXTURES, name);
}

async function feed(parts: Array<string | Uint8Array>, chunk = Infinity, options = { cols: 100, rows: 30 }): Promise<string[]> {
  const r = new TerminalTextReader(options);
  const lines: string[] = [];
  for (const part of parts) {
    const data = typeof part === 'string' ? new TextEncoder().encode(part) : part;
    const step = Math.min(chunk, data.length) || 1;
    for (let i = 0; i < data.length; i += step) {
      await r.write(new Uint8Array(data.subarray(i, i + step)));
      lines.push(...r.settle(false));
    }
  }
  lines.push(...r.settle(true));
  r.dispose();
  return lines;
}

/** The agent error lines of a capture with their failure types, as the terminal source would ingest them. */
function errors(lines: string[]): Array<[string, string]> {
  return lines.filter(looksLikeAgentError).flatMap((l) => {
    const c = classifyLine(l);
    return c ? [[l, c.type] as [string, string]] : [];
  });
}

/** Lines with words that come out more than once (rules like `────` legitimately appear twice on one screen). */
const duplicates = (lines: string[]): string[] => lines.filter((l, i) => /\p{L}/u.test(l) && lines.indexOf(l) !== i);
const count = (lines: string[], pred: (l: string) => boolean): number => lines.filter(pred).length;

describe('terminalText: real Claude Code TUI captures', () => {
  for (const chunking of ['timed', 64, 256] as const) {
    it(`rate limit (429, 3 retries), ${chunking} chunks: the final 429 line once, every line once`, async () => {
      const lines = await replay('claude_rate_limit', chunking);
      const errs = errors(lines);
      assert.strictEqual(
        count(lines, (l) => l.startsWith('● API Error: Request rejected (429)')),
        1,
        lines.join('\n'),
      );
      assert.ok(errs.length >= 1 && errs.every(([, type]) => type === 'rate_limit'), JSON.stringify(errs));
      assert.strictEqual(
        count(lines, (l) => l === '❯ Say hello'),
        1,
      );
      // The resume hint printed at exit, on the normal screen after the TUI left the alternate screen.
      assert.ok(lines.some((l) => /^claude --resume [0-9a-f-]{36}$/.test(l)));
      // The full-screen frame was redrawn many times; each of its lines comes out once.
      assert.deepStrictEqual(duplicates(lines), []);
    });

    it(`authentication failure (401), ${chunking} chunks: the 401 retry status, only auth errors, every line once`, async () => {
      const lines = await replay('claude_auth_401', chunking);
      const errs = errors(lines);
      assert.strictEqual(
        count(lines, (l) => /^✻ 401 invalid x-api-key · retrying in \ds · attempt 3\/3$/.test(l)),
        1,
        lines.join('\n'),
      );
      assert.ok(
        errs.every(([, type]) => type === 'auth'),
        JSON.stringify(errs),
      );
      assert.deepStrictEqual(duplicates(lines), []);
    });

    it(`happy path, ${chunking} chunks: the reply once, no error line`, async () => {
      const lines = await replay('claude_happy', chunking);
      assert.strictEqual(
        count(lines, (l) => l === '● Hello! The project looks fine. Nothing else to do.'),
        1,
        lines.join('\n'),
      );
      assert.deepStrictEqual(errors(lines), []);
      assert.deepStrictEqual(duplicates(lines), []);
    });
  }

  it('the timed replay of the 401 shows the final "Invalid API key" line once (it is on screen for less than one 256-byte chunk)', async () => {
    const lines = await replay('claude_auth_401', 'timed');
    assert.strictEqual(
      count(lines, (l) => l === '⎿  Invalid API key · Fix external API key'),
      1,
      lines.join('\n'),
    );
    assert.deepStrictEqual(
      errors(lines).map(([, t]) => t),
      ['auth', 'auth'],
    );
  });

  it('the timed replay of the rate limit shows each retry status once, with its attempt number', async () => {
    const lines = await replay('claude_rate_limit', 'timed');
    const attempts = lines.map((l) => /attempt (\d)\/3/.exec(l)?.[1]).filter((a): a is string => !!a);
    assert.deepStrictEqual(attempts, [...new Set(attempts)]);
    assert.ok(attempts.length >= 2, lines.join('\n'));
  });
});

describe('terminalText: real Continue CLI 1.5.47 TUI captures (test/fixtures/continue, PROVENANCE.md there)', () => {
  const CONTINUE = path.join(REPO_ROOT, 'test', 'fixtures', 'continue');

  it('429 on every request: each "Retrying request (n/9). Error: 429 ..." notice is an agent error line read as rate_limit', async () => {
    const lines = await replayTimed(CONTINUE, 'tui_rate_limit_forever');
    const retries = lines.filter((l) => /^Retrying request \(\d+\/9\)\. Error: 429\b/.test(l));
    assert.ok(retries.length >= 5, `retry notices seen: ${retries.length}`);
    const found = errors(lines);
    assert.deepStrictEqual([...new Set(found.map(([, type]) => type))], ['rate_limit'], JSON.stringify(found));
    assert.ok(
      retries.every((l) => found.some(([line]) => line === l)),
      'every retry notice is counted',
    );
  });

  it('429: the line policy turns them into rate_limit error events of the untied run, one per retry', async () => {
    const lines = await replayTimed(CONTINUE, 'tui_rate_limit_forever');
    const run = { command: { agent: 'continue' as const }, terminalSessionId: 'terminal:cn:1', errorLines: 0, pendingRetries: [] };
    const events = eventsOfLines(
      run,
      lines,
      1_000,
      (l) => classifyLine(l),
      () => undefined,
    );
    assert.deepStrictEqual(
      events.map((e) => /^Retrying request \((\d+)\/9\)/.exec(e.text)?.[1]),
      ['1', '2', '3', '4', '5'],
    );
    assert.ok(events.every((e) => e.agent === 'continue' && e.sessionId === 'terminal:cn:1' && e.kind === 'error'));
    assert.ok(events.every((e) => classifyLine(e.text)?.type === 'rate_limit'));
  });

  for (const [run, type] of [
    ['tui_server_500', 'server_error'],
    ['tui_overloaded_503', 'overloaded'],
    ['tui_context_too_long', 'token_limit'],
    ['tui_dropped_connection', 'network'],
    ['tui_malformed_stream', 'json_parse'],
  ]) {
    it(`${run}: the error lines on screen are read as ${type} only`, async () => {
      const found = errors(await replayTimed(CONTINUE, run));
      assert.ok(found.length >= 1, run);
      assert.deepStrictEqual([...new Set(found.map(([, t]) => t))], [type], JSON.stringify(found));
    });
  }

  it('the hang shows no error line; the 401 shows its error once, as auth', async () => {
    assert.deepStrictEqual(errors(await replayTimed(CONTINUE, 'tui_hang')), []);
    assert.deepStrictEqual(
      errors(await replayTimed(CONTINUE, 'tui_auth_401')).map(([, type]) => type),
      ['auth'],
    );
  });
});

describe('terminalText: redraw idioms', () => {
  it('a spinner redrawn with carriage returns comes out once per distinct status, the final line once', async () => {
    const frames = ['⠋', '⠙', '⠹', '⠸'].map((g, i) => `\r\x1b[2K${g} Working… (${i}s)`).join('');
    const lines = await feed([frames, '\r\x1b[2K\x1b[32m✔ Done\x1b[0m\r\n'], 1 << 20);
    assert.deepStrictEqual(lines, ['✔ Done']);
  });

  it('frames settled one by one: the counter-only changes of a status line are one line', async () => {
    const parts = ['⠋ Working… (1s)', '\r\x1b[2K⠙ Working… (2s)', '\r\x1b[2K⠹ Working… (3s)'];
    const r = new TerminalTextReader({ cols: 80, rows: 10 });
    const out: string[] = [];
    for (const p of parts) {
      await r.write(p);
      out.push(...r.settle(true));
    }
    r.dispose();
    assert.deepStrictEqual(out, ['⠋ Working… (1s)']);
  });

  it('an Ink-style frame erased with cursor-up and rewritten emits only what changed', async () => {
    const frame = (status: string) => `Task list\r\n  - build\r\n${status}\r\n`;
    const erase = '\x1b[2K\x1b[1A\x1b[2K\x1b[1A\x1b[2K\x1b[1A\x1b[2K\x1b[G';
    const r = new TerminalTextReader({ cols: 80, rows: 20 });
    const out: string[] = [];
    await r.write(frame('status: thinking'));
    out.push(...r.settle(true));
    await r.write(erase + frame('status: thinking'));
    out.push(...r.settle(true));
    await r.write(erase + frame('API Error: 529 Overloaded'));
    out.push(...r.settle(true));
    r.dispose();
    assert.deepStrictEqual(out, ['Task list', '- build', 'status: thinking', 'API Error: 529 Overloaded']);
  });

  it('a genuine repeat of the same error (both on screen) is emitted twice', async () => {
    const lines = await feed(['API Error: 429 rate_limit_error\r\n', 'retrying\r\n', 'API Error: 429 rate_limit_error\r\n']);
    assert.strictEqual(
      count(lines, (l) => l === 'API Error: 429 rate_limit_error'),
      2,
    );
  });

  it('lines that scroll far off the screen between settles are not lost (bounded scrollback)', async () => {
    const r = new TerminalTextReader({ cols: 80, rows: 10, scrollback: 100 });
    const body = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\r\n') + '\r\n';
    await r.write(body);
    const lines = r.settle(true);
    r.dispose();
    assert.strictEqual(lines.length, 1000);
    assert.strictEqual(lines[0], 'line 0');
    assert.strictEqual(lines[999], 'line 999');
  });

  it('leaving the alternate screen does not repeat what was on the normal screen', async () => {
    const lines = await feed(['$ agent\r\n', '\x1b[?1049h\x1b[H\x1b[2JFULL SCREEN UI\r\n', '\x1b[?1049l', 'bye\r\n'], 1 << 20);
    assert.deepStrictEqual(lines, ['$ agent', 'FULL SCREEN UI', 'bye']);
  });

  it('soft-wrapped rows are one line; a line over the limit is clipped', async () => {
    const long = 'x'.repeat(150);
    const lines = await feed([long + '\r\n'], 1 << 20, { cols: 40, rows: 10 });
    assert.deepStrictEqual(lines, [long]);
    const r = new TerminalTextReader({ cols: 40, rows: 10, maxLineChars: 50 });
    await r.write(long + '\r\n');
    const clipped = r.settle(true);
    r.dispose();
    assert.strictEqual(clipped[0].length, 50);
    assert.ok(clipped[0].endsWith('…'));
  });

  it('a half-written last line waits for the final settle', async () => {
    const r = new TerminalTextReader({ cols: 80, rows: 10 });
    await r.write('API Err');
    assert.deepStrictEqual(r.settle(false), []);
    await r.write('or: 401 invalid x-api-key\r\n');
    assert.deepStrictEqual(r.settle(false), ['API Error: 401 invalid x-api-key']);
    r.dispose();
  });
});

describe('terminalText: lineKey and looksLikeAgentError', () => {
  it('lineKey ignores spinner glyphs and time/token counters but not attempt numbers', () => {
    assert.strictEqual(lineKey('✻ API error · retrying in 1s · attempt 1/3'), lineKey('✢ API error · retrying in 4s · attempt 1/3'));
    assert.notStrictEqual(lineKey('retrying in 1s · attempt 1/3'), lineKey('retrying in 1s · attempt 2/3'));
    assert.strictEqual(lineKey('· Thinking… (3s · ↓ 1.2k tokens)'), lineKey('✶ Thinking… (12s · ↓ 3.4k tokens)'));
  });

  it("counts the agents' own error lines (Claude Code, Codex, Gemini, Aider markers)", () => {
    for (const l of [
      '● API Error: Request rejected (429) · This request would exceed the rate limit',
      '⎿  Invalid API key · Fix external API key',
      '✻ 401 invalid x-api-key · retrying in 3s · attempt 3/3',
      '■ stream error: exceeded retry limit, last status: 429 Too Many Requests',
      'ERROR: unexpected status 401 Unauthorized',
      '✕ [API Error: got status: 429 Too Many Requests]',
      'litellm.RateLimitError: AnthropicException - rate_limit_error',
      'Error: 529 {"type":"error","error":{"type":"overloaded_error"}}',
      'Retrying request (2/9). Error: 500 Internal Server Error',
      'Failed after 10 attempts. Last error: 429 Rate limit reached for gpt-5-codex',
    ]) {
      assert.ok(looksLikeAgentError(l), l);
    }
  });

  it('ignores prose, tool output and code that mention failures', () => {
    for (const l of [
      'I will add handling for HTTP 429 rate limits in the client.',
      '⎿  Error: connect ECONNREFUSED 127.0.0.1:5432',
      '⎿  FAILED tests/test_api.py::test_rate_limit - AssertionError',
      '    if (res.status === 429) { throw new Error("rate limited"); }',
      '● Bash(grep -rn "API Error" src)',
      'Tests: 3 failed, 12 passed',
      'The client logs "Retrying request (2/9). Error: 429" when it backs off.',
    ]) {
      assert.ok(!looksLikeAgentError(l), l);
    }
  });
});
