/**
 * The Gemini CLI session parser on real files (@google/gemini-cli 0.61.0; ./geminiFixtures.ts), and the failures the
 * CLI prints on its terminal through classifyLine.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { hashToolInput } from '../../../../../src/core/model/event';
import { GeminiSessionParser, geminiUsage, MAX_IDS_PER_FILE, workspaceFromContext } from '../../../../../src/core/agents/gemini/session';
import { classifyLine } from '../../../../../src/core/detection/detector';
import {
  FIXTURES,
  FILE,
  parseFixture,
  records,
  kinds,
  ofKind,
  expectedUsage,
  usageOf,
  toolCallIds,
  FAILED_TURNS,
  REAL,
  INTERACTIVE,
} from './geminiFixtures';

describe('Gemini CLI session parser (real files from @google/gemini-cli 0.61.0)', () => {
  for (const name of [...REAL, ...INTERACTIVE]) {
    it(`${name}.jsonl: every line parses, the session id is the metadata's, events carry it`, () => {
      const p = parseFixture(`${name}.jsonl`);
      assert.deepStrictEqual(p.failed, []);
      const meta = records(`${name}.jsonl`)[0];
      assert.strictEqual(p.sessionId, meta.sessionId);
      assert.match(p.sessionId ?? '', /^[0-9a-f-]{36}$/);
      assert.strictEqual(p.cwd, '/home/dev/projects/demo-app', 'cwd from the <session_context> setup message');
      assert.ok(p.events.length > 0);
      for (const e of p.events) {
        assert.strictEqual(e.sessionId, meta.sessionId);
        assert.strictEqual(e.agent, 'gemini');
        assert.ok(e.timestamp > Date.UTC(2026, 0, 1), `timestamp of ${e.kind}`);
        assert.ok(!e.sidechain);
      }
      // The user's prompt, once, although the history is restated in `$set.messages` after the turn.
      const users = ofKind(p.events, 'user');
      assert.strictEqual(users.length, 1);
      const prompt = records(`${name}.jsonl`).find((r) => r.type === 'user') as { content: Array<{ text: string }> };
      assert.strictEqual(users[0].text, prompt.content[0].text);
    });
  }

  it('happy: one prompt, one answer with the model and the usage of its tokens', () => {
    const p = parseFixture('happy.jsonl');
    assert.deepStrictEqual(kinds(p.events), { user: 1, assistant: 1 });
    const a = ofKind(p.events, 'assistant')[0];
    assert.strictEqual(a.text, 'Hello! The project looks fine. Nothing else to do.');
    assert.strictEqual(a.model, 'gemini-2.5-pro');
    assert.deepStrictEqual(usageOf(p.events), expectedUsage('happy.jsonl'));
    assert.ok(a.usage && a.usage.input > 0 && a.usage.cacheRead > 0 && a.usage.output > 0);
  });

  it('tool_use: each tool call once (though its message is written twice), results with errors flagged, secrets redacted', () => {
    const p = parseFixture('tool_use.jsonl');
    const calls = ofKind(p.events, 'tool_call');
    assert.deepStrictEqual(
      calls.map((c) => c.toolName),
      ['list_directory', 'run_shell_command', 'read_file'],
    );
    assert.strictEqual(calls.length, toolCallIds('tool_use.jsonl').length);
    assert.strictEqual(calls[2].toolInputHash, hashToolInput({ file_path: 'missing.txt' }));
    const results = ofKind(p.events, 'tool_result');
    assert.deepStrictEqual(
      results.map((r) => [r.toolName, !!r.isError]),
      [
        ['list_directory', false],
        ['run_shell_command', false],
        ['read_file', true],
      ],
    );
    assert.match(results[2].text, /File not found/);
    // The raw file holds the fake secrets of .env; no event does.
    const raw = fs.readFileSync(path.join(FIXTURES, 'tool_use.jsonl'), 'utf8');
    assert.match(raw, /AIzaSyFAKE/);
    assert.match(raw, /ghp_FAKE/);
    for (const e of p.events) {
      assert.doesNotMatch(e.text, /AIzaSyFAKE|ghp_FAKE/);
    }
    assert.match(results[1].text, /GEMINI_API_KEY=\[REDACTED\]/);
    assert.deepStrictEqual(usageOf(p.events), expectedUsage('tool_use.jsonl'));
    // Each call comes before its result.
    for (const r of results) {
      const ci = p.events.findIndex((e) => e.kind === 'tool_call' && e.toolName === r.toolName);
      assert.ok(ci < p.events.indexOf(r));
    }
  });

  it('tool_loop: the same call four times with one input hash, and the CLI notice of its own loop detection as system', () => {
    const p = parseFixture('tool_loop.jsonl');
    const calls = ofKind(p.events, 'tool_call');
    assert.strictEqual(calls.length, toolCallIds('tool_loop.jsonl').length);
    assert.ok(calls.length >= 3);
    assert.strictEqual(new Set(calls.map((c) => c.toolInputHash)).size, 1);
    assert.strictEqual(calls[0].toolInputHash, hashToolInput({ dir_path: '.' }));
    assert.ok(ofKind(p.events, 'system').some((e) => /Potential loop detected/.test(e.text)));
    assert.deepStrictEqual(usageOf(p.events), expectedUsage('tool_loop.jsonl'));
  });

  it('rate_limit_then_ok: the answer after the retried 429s is saved; the 429s are not', () => {
    const p = parseFixture('rate_limit_then_ok.jsonl');
    assert.deepStrictEqual(kinds(p.events), { user: 1, assistant: 1 });
    assert.strictEqual(ofKind(p.events, 'assistant')[0].text, 'Done after the rate limit cleared.');
  });

  it('hang: killed while it waited, the prompt is the last thing in the file (hang.unit.test.ts judges it)', () => {
    const p = parseFixture('hang.jsonl');
    assert.deepStrictEqual(kinds(p.events), { user: 1 });
  });

  for (const name of FAILED_TURNS) {
    it(`${name}: the failed turn leaves only the prompt in the file, then takes it out of the history (the error is printed, not saved)`, () => {
      const p = parseFixture(`${name}.jsonl`);
      assert.deepStrictEqual(kinds(p.events), { user: 1, system: 1 });
      assert.match(ofKind(p.events, 'system')[0].text, /^\[Request interrupted\] Gemini CLI took the prompt out of its history/);
    });
  }

  it('garbage.jsonl (hand-made): bad lines fail with a reason, good lines still give events, nothing throws', () => {
    const p = parseFixture('garbage.jsonl');
    const reasons = p.failed.map((f) => f.error);
    // 9 garbage lines, plus the half-written last line.
    assert.strictEqual(p.failed.length, 10, reasons.join('\n'));
    assert.ok(reasons.some((r) => /^invalid JSON/.test(r)));
    assert.ok(reasons.some((r) => /not a JSON object \(array\)/.test(r)));
    assert.ok(reasons.some((r) => /not a JSON object \(null\)/.test(r)));
    assert.ok(reasons.some((r) => /content is neither a string nor a list/.test(r)));
    assert.ok(reasons.some((r) => /not a Gemini CLI session record/.test(r)));
    assert.ok(ofKind(p.events, 'user').length >= 1);
    assert.ok(ofKind(p.events, 'tool_call').length >= 1);
  });

  it('never throws on arbitrary input', () => {
    const parser = new GeminiSessionParser();
    const inputs = [
      '',
      '   ',
      '\uFEFF',
      '{',
      '}',
      'null',
      'true',
      '"x"',
      '[]',
      '{"id":1}',
      '{"id":"a","type":"gemini","toolCalls":[null,1,"x",{"name":5}]}',
      '{"$set":null}',
      '{"$set":{"messages":[null,{"id":3}]}}',
      '{"$rewindTo":"nope"}',
      '\u0000'.repeat(50),
    ];
    for (const s of inputs) {
      const r = parser.parseLine(s, { file: FILE, offset: 0 }, 's');
      assert.ok(typeof r.ok === 'boolean');
    }
    const odd = parser.parseLine(
      '{"id":"a2","type":"gemini","toolCalls":[null,{"name":"x","args":{"b":1,"a":2},"status":"error"}]}',
      { file: FILE, offset: 0 },
      's',
    );
    assert.ok(odd.ok);
    assert.deepStrictEqual(odd.ok && odd.events.map((e) => [e.kind, e.toolName, !!e.isError]), [
      ['tool_call', 'x', false],
      ['tool_result', 'x', true],
    ]);
  });

  it('a message written again adds only what is new: its usage, then its tool call, then the result', () => {
    const parser = new GeminiSessionParser();
    const at = (offset: number) => ({ file: FILE, offset });
    const base = { id: 'm1', timestamp: '2026-11-23T12:00:00.000Z', type: 'gemini', content: 'Looking.', model: 'gemini-2.5-flash' };
    const r1 = parser.parseLine(JSON.stringify(base), at(0), 's');
    const r2 = parser.parseLine(
      JSON.stringify({ ...base, tokens: { input: 100, output: 10, cached: 40, thoughts: 5, tool: 0, total: 115 } }),
      at(1),
      's',
    );
    const call = { id: 'c1', name: 'glob', args: { pattern: '*.ts' }, status: 'executing' };
    const r3 = parser.parseLine(JSON.stringify({ ...base, tokens: {}, toolCalls: [call] }), at(2), 's');
    const r4 = parser.parseLine(
      JSON.stringify({
        ...base,
        toolCalls: [{ ...call, status: 'success', result: [{ functionResponse: { response: { output: 'a.ts' } } }] }],
      }),
      at(3),
      's',
    );
    const r5 = parser.parseLine(JSON.stringify({ ...base, toolCalls: [{ ...call, status: 'success' }] }), at(4), 's');
    const ev = (r: ReturnType<typeof parser.parseLine>) => (r.ok ? r.events.map((e) => e.kind) : ['FAILED']);
    assert.deepStrictEqual([ev(r1), ev(r2), ev(r3), ev(r4), ev(r5)], [['assistant'], ['usage'], ['tool_call'], ['tool_result'], []]);
    assert.deepStrictEqual(r2.ok && r2.events[0].usage, { input: 60, output: 15, cacheRead: 40, cacheCreation: 0 });
    assert.strictEqual(r4.ok && r4.events[0].text, 'a.ts');
    // Another file has its own memory.
    const other = parser.parseLine(JSON.stringify(base), { file: FILE + '2', offset: 0 }, 's');
    assert.deepStrictEqual(ev(other), ['assistant']);
    // A rewind forgets the message: written again after it, it counts again.
    parser.parseLine(JSON.stringify({ $rewindTo: 'm1' }), at(5), 's');
    assert.deepStrictEqual(ev(parser.parseLine(JSON.stringify(base), at(6), 's')), ['assistant']);
  });

  it('keeps a bounded memory per file', () => {
    const parser = new GeminiSessionParser();
    for (let i = 0; i <= MAX_IDS_PER_FILE; i++) {
      parser.parseLine(JSON.stringify({ id: `u${i}`, type: 'user', content: [{ text: `prompt ${i}` }] }), { file: FILE, offset: i }, 's');
    }
    // The oldest id was dropped: written again it counts again; a recent one does not.
    const again = parser.parseLine(
      JSON.stringify({ id: 'u0', type: 'user', content: [{ text: 'prompt 0' }] }),
      { file: FILE, offset: 0 },
      's',
    );
    const recent = parser.parseLine(
      JSON.stringify({ id: `u${MAX_IDS_PER_FILE}`, type: 'user', content: [{ text: 'x' }] }),
      { file: FILE, offset: 0 },
      's',
    );
    assert.strictEqual(again.ok && again.events.length, 1);
    assert.strictEqual(recent.ok && recent.events.length, 0);
  });

  it('a subagent file (chats/<parent>/<id>.jsonl) stays in the parent session, marked sidechain', () => {
    const parser = new GeminiSessionParser();
    const file = '/h/.gemini/tmp/p/chats/0f0e0d0c-parent/sub-1.jsonl';
    const meta = parser.parseLine(
      JSON.stringify({ sessionId: 'sub-1', projectHash: 'x', kind: 'subagent', directories: ['/w'] }),
      { file, offset: 0 },
      'parent',
    );
    assert.ok(meta.ok && meta.info.sessionId === undefined && meta.info.cwd === '/w');
    const r = parser.parseLine(JSON.stringify({ id: 'a', type: 'gemini', content: 'hi' }), { file, offset: 10 }, 'parent');
    assert.ok(r.ok && r.events[0].sidechain === true && r.events[0].sessionId === 'parent');
  });

  it('geminiUsage and workspaceFromContext', () => {
    assert.deepStrictEqual(geminiUsage({ input: 10, output: 2, cached: 4, thoughts: 1 }), {
      input: 6,
      output: 3,
      cacheRead: 4,
      cacheCreation: 0,
    });
    assert.strictEqual(geminiUsage(null), undefined);
    assert.strictEqual(workspaceFromContext('- **Workspace Directories:**\n  - /a/b c\n- **Directory'), '/a/b c');
    assert.strictEqual(workspaceFromContext('nothing'), undefined);
  });
});

describe('Gemini CLI: failures printed on the terminal, through classifyLine', () => {
  /** The CLI's stderr lines of a fixture run that report API errors. */
  function printed(name: string): string[] {
    const text = fs.readFileSync(path.join(FIXTURES, `${name}.stdout.txt`), 'utf8');
    const stderr = text.slice(text.indexOf('--- stderr ---'), text.indexOf('--- fake server requests ---'));
    return stderr.split('\n').filter((l) => /^(Attempt \d+ failed|Error when talking to Gemini API|Error resuming session)/.test(l));
  }

  // The lines DETECTOR-GAPS.md listed (auth bodies, quota wording, malformed stream, stale resume) are in detector.unit.test.ts.
  const cases: Array<[string, RegExp, string]> = [
    ['context_too_long', /^Error when talking/, 'token_limit'],
    ['overloaded_503', /^Attempt 1 failed with status 503/, 'overloaded'],
    ['server_500', /^Attempt 1 failed with status 500/, 'server_error'],
    ['dropped_connection', /^Attempt 1 failed\. Retrying/, 'network'],
    ['dropped_connection', /^Error when talking/, 'network'],
  ];
  for (const [name, which, type] of cases) {
    it(`${name}: "${which.source}" -> ${type}`, () => {
      const line = printed(name).find((l) => which.test(l));
      assert.ok(line, `no such line in ${name}.stdout.txt`);
      assert.strictEqual(classifyLine(line)?.type, type);
    });
  }

  it('rate limits: every 429 attempt line is classified as a rate limit (the CLI retries it)', () => {
    for (const name of ['rate_limit_forever', 'rate_limit_then_ok']) {
      const lines = printed(name).filter((l) => /^Attempt/.test(l));
      assert.ok(lines.length >= 2);
      for (const l of lines) {
        assert.strictEqual(classifyLine(l)?.type, 'rate_limit', l);
      }
    }
  });
});
