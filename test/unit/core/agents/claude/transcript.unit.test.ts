import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { AgentEvent, EventKind, hashToolInput, MAX_EVENT_TEXT } from '../../../../../src/core/model/event';
import { ClaudeLineInfo, ClaudeLineResult, parseClaudeLine } from '../../../../../src/core/agents/claude/transcript';
import { REPO_ROOT } from '../../../helpers';

// Tests compile to out/test/unit/*.js; fixtures stay in the source tree.
const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/claude');

interface ParsedLine {
  raw: string;
  offset: number;
  result: ClaudeLineResult;
}

interface ParsedFile {
  lines: ParsedLine[];
  events: AgentEvent[];
  infos: ClaudeLineInfo[];
  raw: string;
}

/** Splits a transcript into lines (tracking the byte offset of each line start) and parses every line. */
function parseFile(name: string, fallback = 'fallback-session'): ParsedFile {
  const file = path.join(FIXTURES, name);
  const raw = fs.readFileSync(file, 'utf8');
  const lines: ParsedLine[] = [];
  const events: AgentEvent[] = [];
  const infos: ClaudeLineInfo[] = [];
  let offset = 0;
  const parts = raw.split('\n');
  parts.forEach((line, i) => {
    if (i === parts.length - 1 && line === '') {
      return; // after the final newline
    }
    const result = parseClaudeLine(line, { file, offset }, fallback);
    lines.push({ raw: line, offset, result });
    if (result.ok) {
      events.push(...result.events);
      infos.push(result.info);
    }
    offset += Buffer.byteLength(line, 'utf8') + 1;
  });
  return { lines, events, infos, raw };
}

function kinds(events: AgentEvent[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of events) {
    out[e.kind] = (out[e.kind] ?? 0) + 1;
  }
  return out;
}

function ofKind(events: AgentEvent[], kind: EventKind): AgentEvent[] {
  return events.filter((e) => e.kind === kind);
}

function sumUsage(events: AgentEvent[]): { input: number; output: number; cacheRead: number; cacheCreation: number } {
  const s = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 };
  for (const e of events) {
    if (e.usage) {
      s.input += e.usage.input;
      s.output += e.usage.output;
      s.cacheRead += e.usage.cacheRead;
      s.cacheCreation += e.usage.cacheCreation;
    }
  }
  return s;
}

/** The CLI's own totals: a `cost-state` line's modelUsage (the last one by default: one per CLI process), summed over models. */
function costStateTotals(
  raw: string,
  which: 'first' | 'last' = 'last',
): { input: number; output: number; cacheRead: number; cacheCreation: number } {
  const lines = raw.split('\n').filter((l) => l.includes('"type":"cost-state"'));
  const last = JSON.parse(lines[which === 'first' ? 0 : lines.length - 1]) as { modelUsage: Record<string, Record<string, number>> };
  const s = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 };
  for (const m of Object.values(last.modelUsage)) {
    s.input += m.inputTokens;
    s.output += m.outputTokens;
    s.cacheRead += m.cacheReadInputTokens;
    s.cacheCreation += m.cacheCreationInputTokens;
  }
  return s;
}

const REAL = [
  'happy',
  'tool_use',
  'tool_denied',
  'tool_loop',
  'rate_limit_then_ok',
  'rate_limit_forever',
  'auth_401',
  'overloaded_529',
  'prompt_too_long',
  'server_500',
  'hang',
  'compact',
];

const RETRY_TEXT = /^API error (\d{3}) ([a-z_]+): (.+) \(retry (\d+)\/(\d+) in (\d+) ms\)$/;

describe('Claude Code transcript parser (real CLI 2.1.330 fixtures)', () => {
  describe('every real fixture', () => {
    for (const name of REAL) {
      it(`${name}.jsonl: every line parses, events are well formed`, () => {
        const f = parseFile(`${name}.jsonl`);
        assert.ok(f.lines.length > 5, 'fixture has lines');
        for (const l of f.lines) {
          assert.strictEqual(l.result.ok, true, `line at ${l.offset} rejected: ${l.result.ok ? '' : l.result.error}`);
        }
        const sessionIds = new Set(f.infos.map((i) => i.sessionId).filter(Boolean));
        assert.strictEqual(sessionIds.size, 1, 'one session id per transcript');
        const [sessionId] = [...sessionIds];
        assert.ok(f.events.length > 0);
        for (const e of f.events) {
          assert.strictEqual(e.agent, 'claude-code');
          assert.strictEqual(e.sessionId, sessionId);
          assert.ok(e.timestamp > Date.UTC(2024, 0, 1), `timestamp ${e.timestamp}`);
          assert.strictEqual(e.cwd, '/home/dev/projects/demo-app');
          assert.ok(e.origin && e.origin.file.endsWith(`${name}.jsonl`));
          assert.ok(e.text.length <= MAX_EVENT_TEXT);
          assert.notStrictEqual(e.sidechain, true);
        }
        // Origins point at the start of the line that produced the event.
        for (const l of f.lines) {
          if (l.result.ok) {
            for (const e of l.result.events) {
              assert.strictEqual(e.origin?.offset, l.offset);
            }
          }
        }
        const buf = fs.readFileSync(path.join(FIXTURES, `${name}.jsonl`));
        for (const l of f.lines.slice(1)) {
          assert.strictEqual(buf[l.offset - 1], 0x0a, 'offset follows a newline');
        }
        const infoWithVersion = f.infos.find((i) => i.version);
        assert.strictEqual(infoWithVersion?.version, '2.1.330');
        assert.strictEqual(f.infos.find((i) => i.gitBranch)?.gitBranch, 'main');
      });
    }
  });

  it('API request and cost records (type first) are not parsed and give nothing; every other line is read as before', () => {
    const o = { file: '/t/s.jsonl', offset: 0 };
    // the real records, as the CLI writes them (first lines of their kind in happy.jsonl)
    const raw = fs.readFileSync(path.join(FIXTURES, 'happy.jsonl'), 'utf8').split('\n');
    const skipped = raw.filter((l) => /^\{"type":"(?:api-request|api-request-shape|api-request-blob|cost-state|last-prompt)"/.test(l));
    assert.ok(skipped.length >= 3, `real records in happy.jsonl: ${skipped.length}`);
    for (const l of skipped) {
      assert.deepStrictEqual(parseClaudeLine(l, o, 'f'), { ok: true, events: [], info: {} });
    }
    // unread: a broken one is not counted as a bad line (it could not tell anything)
    assert.deepStrictEqual(parseClaudeLine('{"type":"api-request","body":{"trunc', o, 'f'), { ok: true, events: [], info: {} });
    // the same type not first, another type that starts alike, and a record that comes first are parsed
    assert.strictEqual(parseClaudeLine('{"sessionId":"s","type":"api-request","body":{"trunc', o, 'f').ok, false);
    assert.strictEqual(parseClaudeLine('{"type":"api-request-x","body":{"trunc', o, 'f').ok, false);
    const latch = raw.find((l) => l.includes('"type":"atis-latch"'));
    assert.ok(latch);
    const r = parseClaudeLine(latch, o, 'f') as Extract<ClaudeLineResult, { ok: true }>;
    assert.ok(r.ok && r.info.sessionId, 'the first line still tells the session');
  });

  it('happy: one prompt, one reply, title from custom-title, usage equals the CLI cost-state', () => {
    const f = parseFile('happy.jsonl');
    assert.deepStrictEqual(kinds(f.events), { user: 1, assistant: 1 });
    const [user] = ofKind(f.events, 'user');
    assert.strictEqual(user.text, 'Say hello and tell me if the project looks fine');
    const [reply] = ofKind(f.events, 'assistant');
    assert.strictEqual(reply.text, 'Hello! The project looks fine. Nothing else to do.');
    assert.strictEqual(reply.model, 'claude-opus-5-5');
    assert.ok(reply.usage && reply.usage.input > 0 && reply.usage.output > 0 && reply.usage.cacheRead > 0);
    assert.deepStrictEqual(sumUsage(f.events), costStateTotals(f.raw));
    assert.deepStrictEqual(
      f.infos.filter((i) => i.title).map((i) => i.title),
      ['Greeting check'],
    );
    assert.deepStrictEqual(
      f.infos.filter((i) => i.firstPrompt).map((i) => i.firstPrompt),
      ['Say hello and tell me if the project looks fine'],
    );
  });

  it('tool_use: Bash calls with results, a failing command is an is_error result, secrets in tool output are redacted', () => {
    const f = parseFile('tool_use.jsonl');
    assert.deepStrictEqual(kinds(f.events), { user: 1, tool_call: 3, tool_result: 3, assistant: 1 });
    const calls = ofKind(f.events, 'tool_call');
    assert.deepStrictEqual(
      calls.map((c) => [c.toolName, c.text]),
      [
        ['Bash', 'Bash: ls'],
        ['Bash', 'Bash: cat .env'],
        ['Bash', 'Bash: cat missing.txt'],
      ],
    );
    assert.strictEqual(calls[0].toolInputHash, hashToolInput({ command: 'ls', description: 'List files in the working directory' }));
    assert.strictEqual(new Set(calls.map((c) => c.toolInputHash)).size, 3);
    const results = ofKind(f.events, 'tool_result');
    assert.deepStrictEqual(
      results.map((r) => r.isError === true),
      [false, false, true],
    );
    assert.strictEqual(results[0].text, 'README.md\npackage.json\nsrc');
    assert.match(results[2].text, /^Exit code 1\ncat: missing\.txt: No such file or directory$/);
    // The raw transcript holds the fake secrets; no event does.
    assert.ok(f.raw.includes('sk-ant-api03-FAKEfixtureKEYnotREAL'));
    assert.ok(f.raw.includes('ghp_FAKEfixtureTOKENnotREAL'));
    for (const e of f.events) {
      assert.ok(!e.text.includes('FAKEfixture'), `secret leaked in ${e.kind}: ${e.text}`);
    }
    assert.match(results[1].text, /ANTHROPIC_API_KEY=\[REDACTED\]/);
    assert.match(results[1].text, /GITHUB_TOKEN=\[REDACTED\]/);
    assert.match(results[1].text, /DEBUG=1/);
    assert.deepStrictEqual(sumUsage(f.events), costStateTotals(f.raw));
  });

  it('tool_denied: the permission refusal is an is_error tool_result', () => {
    const f = parseFile('tool_denied.jsonl');
    assert.deepStrictEqual(kinds(f.events), { user: 1, tool_call: 1, tool_result: 1, assistant: 1 });
    const [call] = ofKind(f.events, 'tool_call');
    assert.strictEqual(call.text, 'Bash: rm -rf build');
    const [result] = ofKind(f.events, 'tool_result');
    assert.strictEqual(result.isError, true);
    assert.match(result.text, /needs approval/);
  });

  it('tool_loop: six identical Bash ls calls hash alike; usage counted once per message', () => {
    const f = parseFile('tool_loop.jsonl');
    assert.deepStrictEqual(kinds(f.events), { user: 1, assistant: 7, tool_call: 6, tool_result: 6 });
    const calls = ofKind(f.events, 'tool_call');
    const expected = hashToolInput({ description: 'List files in the working directory', command: 'ls' });
    assert.ok(calls.every((c) => c.toolName === 'Bash' && c.toolInputHash === expected));
    assert.ok(ofKind(f.events, 'tool_result').every((r) => !r.isError && r.text === 'README.md\npackage.json\nsrc'));
    // Each reply is written as two lines (text, tool_use) repeating the usage; only the first carries it.
    assert.strictEqual(f.events.filter((e) => e.usage).length, 7);
    assert.deepStrictEqual(sumUsage(f.events), costStateTotals(f.raw));
    const infosWithMsg = f.infos.filter((i) => i.messageId);
    assert.strictEqual(new Set(infosWithMsg.map((i) => i.messageId)).size, 7);
  });

  it('rate_limit_then_ok: three 429 api_error entries with retry attempts 1..3 of 10, then the reply', () => {
    const f = parseFile('rate_limit_then_ok.jsonl');
    assert.deepStrictEqual(kinds(f.events), { user: 1, error: 3, assistant: 1 });
    const errors = ofKind(f.events, 'error');
    errors.forEach((e, i) => {
      assert.strictEqual(e.httpStatus, 429);
      assert.strictEqual(e.isError, true);
      const m = RETRY_TEXT.exec(e.text);
      assert.ok(m, e.text);
      assert.strictEqual(m[1], '429');
      assert.strictEqual(m[2], 'rate_limit_error');
      assert.match(m[3], /^This request would exceed the rate limit for your organization/);
      assert.strictEqual(Number(m[4]), i + 1);
      assert.strictEqual(Number(m[5]), 10);
      assert.ok(Number(m[6]) > 0);
    });
    const last = f.events[f.events.length - 1];
    assert.strictEqual(last.kind, 'assistant');
    assert.strictEqual(last.text, 'Done after the rate limit cleared.');
    assert.ok(errors.every((e) => e.timestamp < last.timestamp));
  });

  it('rate_limit_forever: 3 retries of 3, then the synthetic "API Error: Request rejected (429)" message', () => {
    const f = parseFile('rate_limit_forever.jsonl');
    assert.deepStrictEqual(kinds(f.events), { user: 1, error: 4 });
    const errors = ofKind(f.events, 'error');
    assert.deepStrictEqual(
      errors.slice(0, 3).map((e) => RETRY_TEXT.exec(e.text)?.slice(4, 6)),
      [
        ['1', '3'],
        ['2', '3'],
        ['3', '3'],
      ],
    );
    const final = errors[3];
    assert.strictEqual(final.httpStatus, 429);
    assert.strictEqual(final.model, '<synthetic>');
    assert.strictEqual(final.usage, undefined);
    assert.match(final.text, /^API Error: Request rejected \(429\) · This request would exceed the rate limit/);
    assert.deepStrictEqual(sumUsage(f.events), { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 });
  });

  it('auth_401: authentication_error retried, then "Invalid API key"', () => {
    const f = parseFile('auth_401.jsonl');
    const errors = ofKind(f.events, 'error');
    assert.ok(errors.length >= 2);
    assert.ok(errors.every((e) => e.httpStatus === 401));
    const retries = errors.slice(0, -1);
    for (const e of retries) {
      assert.match(e.text, /^API error 401 authentication_error: invalid x-api-key \(retry \d+\/3 in \d+ ms\)$/);
    }
    assert.strictEqual(errors[errors.length - 1].text, 'Invalid API key · Fix external API key');
    assert.strictEqual(ofKind(f.events, 'assistant').length, 0);
  });

  it('overloaded_529: overloaded_error retries, then "Repeated 529 Overloaded errors"', () => {
    const f = parseFile('overloaded_529.jsonl');
    const errors = ofKind(f.events, 'error');
    assert.ok(errors.length >= 2);
    assert.ok(errors.every((e) => e.httpStatus === 529));
    assert.match(errors[0].text, /^API error 529 overloaded_error: Overloaded \(retry 1\/3 in \d+ ms\)$/);
    assert.match(errors[errors.length - 1].text, /^API Error: Repeated 529 Overloaded errors/);
  });

  it('prompt_too_long: one 400 error naming the token counts, no retries', () => {
    const f = parseFile('prompt_too_long.jsonl');
    assert.deepStrictEqual(kinds(f.events), { user: 1, error: 1 });
    const [e] = ofKind(f.events, 'error');
    assert.strictEqual(e.httpStatus, 400);
    assert.match(e.text, /^Prompt is too long · the request is ~210000 tokens \(limit 200000\)/);
    assert.match(e.text, /prompt is too long: 210000 tokens > 200000 maximum/);
  });

  it('server_500: api_error retries, then the final 500', () => {
    const f = parseFile('server_500.jsonl');
    const errors = ofKind(f.events, 'error');
    assert.strictEqual(errors.length, 4);
    assert.ok(errors.every((e) => e.httpStatus === 500));
    assert.match(errors[0].text, /^API error 500 api_error: Internal server error \(retry 1\/3 in \d+ ms\)$/);
    assert.match(errors[3].text, /^API Error: 500 Internal server error\./);
  });

  it('hang: a timeout is an api_error without status, then "Request timed out."', () => {
    const f = parseFile('hang.jsonl');
    assert.deepStrictEqual(kinds(f.events), { user: 1, error: 2 });
    const [retry, final] = ofKind(f.events, 'error');
    assert.strictEqual(retry.httpStatus, undefined);
    assert.match(retry.text, /^API error: Request timed out\. \(retry 1\/1 in \d+ ms\)$/);
    assert.strictEqual(final.httpStatus, undefined);
    assert.match(final.text, /^Request timed out\./);
  });

  it('compact: boundary flagged, summary and /compact echo are system events, not prompts', () => {
    const f = parseFile('compact.jsonl');
    const boundaries = f.infos.filter((i) => i.isCompactBoundary);
    assert.strictEqual(boundaries.length, 1);
    const users = ofKind(f.events, 'user');
    assert.deepStrictEqual(
      users.map((u) => u.text),
      ['Remember the number 42'],
    );
    const system = ofKind(f.events, 'system').map((e) => e.text);
    assert.ok(
      system.some((t) => /^Conversation compacted \(manual, \d+ tokens before\)$/.test(t)),
      system.join(' | '),
    );
    assert.ok(system.some((t) => t.startsWith('This session is being continued from a previous conversation')));
    assert.ok(system.includes('/compact'));
    assert.ok(system.includes('Compacted (ctrl+o to see full summary)'));
    assert.ok(f.infos.some((i) => i.isMeta));
    // The first process made the only reply in the transcript; the compaction request of the second is not written.
    assert.deepStrictEqual(sumUsage(f.events), costStateTotals(f.raw, 'first'));
  });

  it('stale_resume: the CLI wrote no transcript and said so on stderr', () => {
    assert.ok(!fs.existsSync(path.join(FIXTURES, 'stale_resume.jsonl')));
    const out = fs.readFileSync(path.join(FIXTURES, 'stale_resume.stdout.txt'), 'utf8');
    assert.match(out, /No conversation found with session ID: [0-9a-f-]{36}/);
    assert.match(out, /# exit code 1/);
  });

  it('garbage.jsonl (hand-made): bad lines give ok:false without throwing, good lines still parse', () => {
    const f = parseFile('garbage.jsonl');
    const bad = f.lines.filter((l) => !l.result.ok);
    assert.deepStrictEqual(
      bad.map((l) => l.raw.slice(0, 12)),
      [
        'this is not ',
        '[1,2,3]',
        '"just a stri',
        'null',
        '42',
        '{"type":"use',
        '{}',
        '\u0000\u0001binary\u00ff',
        f.lines[f.lines.length - 1].raw.slice(0, 12),
      ],
    );
    for (const l of bad) {
      assert.ok(!l.result.ok && l.result.error.length > 0);
    }
    // The blank line is harmless; the hand-made odd-but-valid lines give events.
    const blank = f.lines.find((l) => l.raw === '');
    assert.deepStrictEqual(blank?.result, { ok: true, events: [], info: {} });
    const notArray = f.lines.find((l) => l.raw.includes('not an array'));
    assert.ok(notArray?.result.ok && notArray.result.events[0].kind === 'assistant');
    const emptyResult = f.lines.find((l) => l.raw.includes('[{"type":"tool_result"}]'));
    assert.ok(emptyResult?.result.ok && emptyResult.result.events[0].kind === 'tool_result' && emptyResult.result.events[0].text === '');
    assert.ok(f.events.filter((e) => e.kind === 'tool_call').length >= 1);
    // Lines without sessionId take the fallback.
    assert.strictEqual(notArray?.result.ok && notArray.result.events[0].sessionId, 'fallback-session');
    assert.strictEqual(notArray?.result.ok && notArray.result.events[0].timestamp, 0);
  });

  it('crlf_bom.jsonl (hand-made): BOM and CRLF give the same events as the original', () => {
    const a = parseFile('tool_denied.jsonl');
    const b = parseFile('crlf_bom.jsonl');
    assert.ok(b.lines.every((l) => l.result.ok));
    const strip = (e: AgentEvent) => ({ ...e, origin: undefined });
    assert.deepStrictEqual(b.events.map(strip), a.events.map(strip));
  });
});
