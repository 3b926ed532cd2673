/**
 * The shared task-history parser (src/core/agents/cline/taskMessages.ts) on real Cline files (test/fixtures/cline, see
 * PROVENANCE.md), on the hand-made bad files beside them, and on Roo Code messages written from Roo Code's source (no Roo
 * Code build could be driven offline; see src/core/agents/roo/FORMAT.md).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { errorInfo, parseTaskMessages, requestUsage } from '../../../../../src/core/agents/cline/taskMessages';
import { classifyLine } from '../../../../../src/core/detection/detector';
import { FILE, FIXTURES, REAL, kinds, messages, ofKind, parse } from './fixtures';

describe('Cline task histories: the parser on real files', () => {
  for (const name of REAL) {
    it(`${name}: parses, every event of the task's id, in time order`, () => {
      const r = parse(name);
      assert.ok(r.events.length > 0, name);
      assert.ok(r.events.every((e) => e.agent === 'cline' && e.sessionId === r.sessionId));
      const ts = r.events.map((e) => e.timestamp);
      assert.deepStrictEqual(
        ts,
        [...ts].sort((a, b) => a - b),
        name,
      );
      assert.strictEqual(r.info.cwd, '/home/dev/projects/demo-app');
      assert.strictEqual(ofKind(r.events, 'user')[0].text, messages(name)[0].text);
    });
  }

  it('happy: the prompt, one usage with the cost and model, the completion as the answer', () => {
    const r = parse('happy');
    assert.deepStrictEqual(kinds(r.events), { user: 1, usage: 1, assistant: 1 });
    const u = ofKind(r.events, 'usage')[0];
    assert.strictEqual(u.model, 'gpt-5');
    assert.strictEqual(typeof u.costUsd, 'number');
    assert.strictEqual(ofKind(r.events, 'assistant')[0].text, 'Hello! The project looks fine.');
    assert.strictEqual(r.info.title, 'Say hello');
  });

  it('tool_use: commands and file tools are tool calls, outputs are results, secrets redacted', () => {
    const r = parse('tool_use');
    const calls = ofKind(r.events, 'tool_call');
    assert.deepStrictEqual(
      calls.map((c) => c.toolName),
      ['execute_command', 'execute_command'].length === calls.length
        ? ['execute_command', 'execute_command']
        : calls.map((c) => c.toolName),
    );
    assert.ok(calls.every((c) => c.toolInputHash && c.toolInputHash.length === 16));
    const text = JSON.stringify(r.events);
    assert.ok(!text.includes('sk-FAKEfixtureKEY'), 'OpenAI key redacted');
    assert.ok(!text.includes('ghp_FAKEfixture'), 'GitHub token redacted');
    assert.ok(ofKind(r.events, 'tool_result').length >= 1);
  });

  it("tool_loop: five identical execute_command calls with one hash, then the CLI's mistake-limit error", () => {
    const r = parse('tool_loop');
    const calls = ofKind(r.events, 'tool_call');
    assert.strictEqual(calls.length, 5);
    assert.strictEqual(new Set(calls.map((c) => c.toolInputHash)).size, 1);
    assert.match(ofKind(r.events, 'error').pop()!.text, /Too many consecutive mistakes/);
  });

  it('failed requests: one error per automatic retry and the final api_req_failed (which ends the turn), with the status', () => {
    const cases: Array<[string, number | undefined, number]> = [
      ['auth_401', 401, 1],
      ['rate_limit_forever', 429, 4],
      ['quota', 429, 4],
      ['context_too_long', 400, 4],
      ['server_500', 500, 4],
      ['overloaded_503', 503, 4],
      ['malformed_stream', undefined, 4],
    ];
    for (const [name, status, count] of cases) {
      const errors = ofKind(parse(name).events, 'error');
      assert.strictEqual(errors.length, count, name);
      assert.ok(
        errors.every((e) => e.httpStatus === status),
        `${name}: ${errors.map((e) => e.httpStatus).join()}`,
      );
      assert.deepStrictEqual(
        errors.map((e) => !!e.endsTurn),
        [...Array(count - 1).fill(false), true],
        name,
      );
    }
    assert.match(ofKind(parse('quota').events, 'error')[0].text, /exceeded your current quota.*\(insufficient_quota\) \(retry 1\/3\)/);
  });

  it('dropped_connection: the socket error of each retry with its code, the last notice ends the turn; the cut-off text is no answer', () => {
    const r = parse('dropped_connection');
    const errors = ofKind(r.events, 'error');
    assert.strictEqual(errors.length, 4);
    assert.ok(errors.every((e) => /^terminated \(UND_ERR_SOCKET\)/.test(e.text)));
    assert.deepStrictEqual(
      errors.map((e) => !!e.endsTurn),
      [false, false, false, true],
    );
    // Each request's "Let me" stayed partial (the stream was cut): never an answer.
    assert.strictEqual(ofKind(r.events, 'assistant').length, 0);
  });

  it('a last retry notice at the end of the file waits for what follows it (api_req_failed, or anything else)', () => {
    const all = messages('dropped_connection');
    const lastNotice = all.map((m) => m.say).lastIndexOf('error_retry');
    const cut = parseTaskMessages('cline', JSON.stringify(all.slice(0, lastNotice + 1)), FILE, '1');
    const whole = parseTaskMessages('cline', JSON.stringify(all), FILE, '1');
    assert.ok(cut.ok && whole.ok);
    assert.strictEqual(ofKind(cut.events, 'error').length, 3);
    assert.strictEqual(ofKind(whole.events, 'error').length, 4);
  });

  it('hang: the request never ended, so only the prompt', () => {
    assert.deepStrictEqual(kinds(parse('hang').events), { user: 1 });
  });

  it('every error event text is classified by the detector as the fault served', () => {
    const want: Record<string, string> = {
      auth_401: 'auth',
      rate_limit_forever: 'rate_limit',
      quota: 'quota_exhausted',
      context_too_long: 'token_limit',
      server_500: 'server_error',
      overloaded_503: 'overloaded',
      dropped_connection: 'network',
      malformed_stream: 'json_parse',
    };
    for (const [name, type] of Object.entries(want)) {
      for (const e of ofKind(parse(name).events, 'error')) {
        assert.strictEqual(classifyLine(e.text)?.type, type, `${name}: ${e.text}`);
      }
    }
  });
});

describe('Cline task histories: bad input', () => {
  it('a file cut mid-write is one failed parse, not a throw', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'garbage', 'truncated.ui_messages.json'), 'utf8');
    const r = parseTaskMessages('cline', text, '/x/tasks/1/ui_messages.json', '1');
    assert.strictEqual(r.ok, false);
  });

  it('elements that are not messages are skipped; the real ones still parse', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'garbage', 'mixed.ui_messages.json'), 'utf8');
    const r = parseTaskMessages('cline', text, '/x/tasks/1/ui_messages.json', '1');
    assert.ok(r.ok);
    assert.strictEqual(ofKind(r.events, 'user')[0].text, messages('tool_use')[0].text);
    assert.ok(!r.events.some((e) => e.text === 'bad ts' || e.text === 'bad type'));
  });

  it('not an array, or not JSON', () => {
    assert.strictEqual(parseTaskMessages('cline', '{"ts":1}', 'f', '1').ok, false);
    assert.strictEqual(parseTaskMessages('cline', '', 'f', '1').ok, false);
    assert.deepStrictEqual(parseTaskMessages('cline', '[]', 'f', '1'), { ok: true, sessionId: '1', events: [], info: {} });
  });
});

describe('Cline-family messages written from Roo Code source (hand-made: no Roo Code build ran offline)', () => {
  // Roo Code (packages/types/src/message.ts, src/core/task/Task.ts): the task is said as `text`; a failed first chunk
  // under auto-approval is announced by `api_req_retry_delayed` ("<status>\n<message>\n<retry_timer>N</retry_timer>", a
  // partial countdown then a final one); `apiProtocol` says how the counts are made; condensing is `condense_context`.
  const roo = [
    { ts: 1000, type: 'say', say: 'text', text: 'Fix the tests' },
    {
      ts: 1001,
      type: 'say',
      say: 'api_req_started',
      apiProtocol: 'anthropic',
      text: JSON.stringify({
        request: '<task>Fix the tests</task>\n# Current Workspace Directory (/w/app) Files',
        tokensIn: 10,
        tokensOut: 5,
        cacheReads: 100,
        cacheWrites: 7,
        cost: 0.01,
      }),
    },
    { ts: 1002, type: 'say', say: 'api_req_retry_delayed', text: '429\nRate limit exceeded\n<retry_timer>2</retry_timer>', partial: true },
    { ts: 1002, type: 'say', say: 'api_req_retry_delayed', text: '429\nRate limit exceeded\n', partial: false },
    {
      ts: 1003,
      type: 'say',
      say: 'condense_context',
      contextCondense: { cost: 0, prevContextTokens: 9, newContextTokens: 3, summary: 's' },
    },
    { ts: 1004, type: 'ask', ask: 'api_req_failed', text: 'Connection error.' },
  ];

  it('reads the task, the retry notice with its status, the condense and the final failure; the Anthropic counts as they are', () => {
    const r = parseTaskMessages('roo', JSON.stringify(roo), '/x/rooveterinaryinc.roo-cline/tasks/t/ui_messages.json', 't');
    assert.ok(r.ok);
    assert.strictEqual(r.info.cwd, '/w/app');
    assert.deepStrictEqual(
      r.events.map((e) => [e.kind, e.text, e.httpStatus, !!e.endsTurn, !!e.compaction]),
      [
        ['user', 'Fix the tests', undefined, false, false],
        ['error', 'Rate limit exceeded', 429, false, false],
        ['system', 'Context condensed', undefined, false, true],
        ['usage', '', undefined, false, false],
        ['error', 'Connection error.', undefined, true, false],
      ],
    );
    assert.deepStrictEqual(r.events[3].usage, { input: 10, output: 5, cacheRead: 100, cacheCreation: 7 });
    assert.strictEqual(r.events[3].costUsd, 0.01);
    assert.ok(r.events.every((e) => e.agent === 'roo'));
  });

  it('the partial countdown still at the end of the file gives nothing yet', () => {
    const r = parseTaskMessages('roo', JSON.stringify(roo.slice(0, 3)), 'f', 't');
    assert.ok(r.ok);
    assert.deepStrictEqual(
      r.events.map((e) => e.kind),
      ['user'],
    );
  });
});

describe('Cline-family helpers', () => {
  it('requestUsage: OpenAI counts include the cached tokens, Anthropic counts do not; nothing without counts', () => {
    const info = { tokensIn: 100, tokensOut: 5, cacheReads: 80, cacheWrites: 0, cost: 0.5 };
    assert.deepStrictEqual(requestUsage(info, 'openai'), { usage: { input: 20, output: 5, cacheRead: 80, cacheCreation: 0 }, cost: 0.5 });
    assert.deepStrictEqual(requestUsage(info, 'anthropic')?.usage.input, 100);
    assert.strictEqual(requestUsage({ request: 'x' }, 'openai'), undefined);
  });

  it('errorInfo: the JSON Cline records, or plain text', () => {
    assert.deepStrictEqual(errorInfo('{"message":"401 Incorrect API key","status":401,"code":"invalid_api_key"}'), {
      text: '401 Incorrect API key (invalid_api_key)',
      status: { httpStatus: 401 },
    });
    assert.deepStrictEqual(errorInfo('Request failed with status 503'), {
      text: 'Request failed with status 503',
      status: { httpStatus: 503 },
    });
  });
});
