/**
 * The Qwen Code session parser on real files (test/fixtures/qwen, written by @qwen-code/qwen-code 0.24.4 against our
 * fault-injecting fake OpenAI server; see PROVENANCE.md), plus the record shapes headless runs do not write, built from
 * the CLI's source (marked as such).
 */
import * as assert from 'assert';
import { hashToolInput } from '../../../../../src/core/model/event';
import { apiErrorText, endsTurnOnStatus, parseQwenLine, qwenUsage } from '../../../../../src/core/agents/qwen/session';
import { detectEvent } from '../../../../../src/core/detection/detector';
import { cleanText } from '../../../../../src/core/ingest/jsonLine';
import { FILE, REAL, apiErrors, kinds, ofKind, parse, records } from './fixtures';

describe('Qwen Code session parser (real files from @qwen-code/qwen-code 0.24.4)', () => {
  it('the fixtures are there (every scenario of scripts/make-qwen-fixtures.mjs that writes a session file)', () => {
    const expected = [
      'auth_401',
      'compress',
      'context_too_long',
      'dropped_connection',
      'hang',
      'hang_interrupted',
      'happy',
      'happy_runtime_dir',
      'malformed_stream',
      'overloaded_503',
      'quota',
      'rate_limit_forever',
      'rate_limit_then_ok',
      'server_500',
      'tool_loop',
      'tool_use',
    ];
    assert.deepStrictEqual(REAL, expected);
  });

  for (const name of REAL) {
    it(`${name}.jsonl: every line parses, one session id (the records'), events carry it and the cwd`, () => {
      const p = parse(name);
      assert.deepStrictEqual(p.failed, []);
      assert.ok(p.lines > 0);
      const ids = new Set(records(name).map((r) => r.sessionId));
      assert.strictEqual(ids.size, 1);
      assert.deepStrictEqual([...p.sessionIds], [...ids]);
      assert.strictEqual(p.cwd, '/home/dev/projects/demo-app');
      for (const e of p.events) {
        assert.strictEqual(e.agent, 'qwen');
        assert.ok(ids.has(e.sessionId));
        assert.ok(e.timestamp > 0, `${name}: a timestamp on every event`);
        assert.strictEqual(e.cwd, '/home/dev/projects/demo-app');
      }
    });
  }

  it('happy: the prompt, one answer with model, usage (prompt minus cache as input) and the window the CLI saved; no error', () => {
    for (const name of ['happy', 'happy_runtime_dir', 'rate_limit_then_ok']) {
      const { events } = parse(name);
      assert.deepStrictEqual(kinds(events), { user: 1, assistant: 1 }, name);
      const [a] = ofKind(events, 'assistant');
      const meta = records(name).find((r) => r.type === 'assistant')!;
      assert.strictEqual(a.model, 'qwen3-coder-plus');
      assert.strictEqual(a.text, meta.message!.parts[0].text);
      const u = meta.usageMetadata!;
      assert.deepStrictEqual(a.usage, {
        input: u.promptTokenCount - u.cachedContentTokenCount,
        output: u.candidatesTokenCount,
        cacheRead: u.cachedContentTokenCount,
        cacheCreation: 0,
      });
      assert.strictEqual(a.contextWindow, 1_000_000);
      assert.strictEqual(a.messageId, meta.uuid);
    }
    // The three 429s of rate_limit_then_ok were retried inside the OpenAI SDK: nothing of them reached the file.
    assert.deepStrictEqual(apiErrors('rate_limit_then_ok'), []);
  });

  it('tool_use: three calls with name and input hash, their results (two failed ones flagged), the answer; secrets redacted', () => {
    const { events } = parse('tool_use');
    assert.deepStrictEqual(kinds(events), { user: 1, usage: 3, tool_call: 3, tool_result: 3, assistant: 1 });
    const calls = ofKind(events, 'tool_call');
    assert.deepStrictEqual(
      calls.map((c) => c.toolName),
      ['glob', 'run_shell_command', 'read_file'],
    );
    const fc = records('tool_use').flatMap((r) =>
      r.type === 'assistant' ? r.message!.parts.flatMap((p) => (p.functionCall ? [p.functionCall] : [])) : [],
    );
    assert.strictEqual(fc.length, 3);
    calls.forEach((c, i) => assert.strictEqual(c.toolInputHash, hashToolInput(fc[i].args)));
    const results = ofKind(events, 'tool_result');
    assert.deepStrictEqual(
      results.map((r) => [r.toolName, !!r.isError]),
      [
        ['glob', false],
        ['run_shell_command', false],
        ['read_file', true],
      ],
    );
    assert.match(results[2].text, /File not found: .*missing\.txt/);
    // `cat .env` printed fake keys: the event text keeps the variable names, not the values.
    assert.match(results[1].text, /OPENAI_API_KEY=\[REDACTED\]/);
    assert.ok(!/sk-FAKE|ghp_FAKE/.test(JSON.stringify(events)), 'no secret in any event');
    // A tool-call-only reply carries its usage on a usage event.
    assert.ok(ofKind(events, 'usage').every((u) => u.usage && u.usage.input > 0 && u.model === 'qwen3-coder-plus'));
    for (const e of results) {
      assert.strictEqual(detectEvent(e)?.type === 'auth', false, 'a failed read is not an API failure');
    }
  });

  it('tool_loop: the same glob call four times, one input hash (the CLI halted the run on its own; that is on stderr only)', () => {
    const { events } = parse('tool_loop');
    const calls = ofKind(events, 'tool_call');
    assert.strictEqual(calls.length, 4);
    assert.deepStrictEqual([...new Set(calls.map((c) => c.toolName))], ['glob']);
    assert.strictEqual(new Set(calls.map((c) => c.toolInputHash)).size, 1);
    assert.strictEqual(calls[0].toolInputHash, hashToolInput({ pattern: '**/config*' }));
    assert.strictEqual(ofKind(events, 'tool_result').length, 4);
    assert.strictEqual(ofKind(events, 'error').length, 0);
  });

  // [fixture, HTTP status, detector type, error count]: each saved api_error record is one error event.
  const errorCases: Array<[string, number | undefined, string, number]> = [
    ['rate_limit_forever', 429, 'rate_limit', apiErrors('rate_limit_forever').length],
    ['auth_401', 401, 'auth', 1],
    ['context_too_long', 400, 'token_limit', 1],
    ['server_500', 500, 'server_error', 7],
    ['overloaded_503', 503, 'overloaded', apiErrors('overloaded_503').length],
    ['dropped_connection', undefined, 'network', 4],
    ['malformed_stream', undefined, 'json_parse', 1],
  ];
  for (const [name, status, type, count] of errorCases) {
    it(`${name}: ${count} error event(s), httpStatus ${status}, the CLI's "[API Error: ...]" text, classified ${type}`, () => {
      const { events } = parse(name);
      const errors = ofKind(events, 'error');
      assert.ok(count >= 1);
      assert.strictEqual(errors.length, count);
      const raw = apiErrors(name);
      errors.forEach((e, i) => {
        assert.strictEqual(e.httpStatus, status);
        assert.strictEqual(e.isError, true);
        assert.strictEqual(e.model, 'qwen3-coder-plus');
        assert.strictEqual(e.text, cleanText(`[API Error: ${raw[i].error_message}]`));
        assert.strictEqual(detectEvent(e)?.type, type, e.text);
      });
      assert.deepStrictEqual(kinds(events), { user: 1, error: count });
    });
  }

  it('a 4xx the CLI does not retry ends the turn (endsTurn); 429, 5xx and transport errors do not', () => {
    assert.ok(ofKind(parse('auth_401').events, 'error').every((e) => e.endsTurn === true));
    assert.ok(ofKind(parse('context_too_long').events, 'error').every((e) => e.endsTurn === true));
    for (const name of ['rate_limit_forever', 'server_500', 'overloaded_503', 'dropped_connection', 'malformed_stream']) {
      assert.ok(
        ofKind(parse(name).events, 'error').every((e) => e.endsTurn === undefined),
        name,
      );
    }
  });

  it('hang: only the prompt (the request never answered)', () => {
    assert.deepStrictEqual(kinds(parse('hang').events), { user: 1 });
  });

  it('compress: the resumed run appends the compaction, with its token counts, to the same file', () => {
    const { events } = parse('compress');
    assert.deepStrictEqual(kinds(events), { user: 1, assistant: 1, system: 1 });
    const [c] = ofKind(events, 'system');
    assert.strictEqual(c.compaction, true);
    const info = records('compress').find((r) => r.subtype === 'chat_compression')!.systemPayload!.info!;
    assert.strictEqual(c.text, `Chat compressed from ${info.originalTokenCount} to ${info.newTokenCount} tokens (manual)`);
  });

  it('garbage.jsonl (hand-made): bad lines fail with a reason, good lines still give events, nothing throws', () => {
    const p = parse('garbage');
    assert.strictEqual(p.failed.length, 11);
    for (const f of p.failed) {
      assert.ok(f.error.length > 0);
    }
    assert.match(p.failed.map((f) => f.error).join('\n'), /invalid JSON/);
    assert.match(p.failed.map((f) => f.error).join('\n'), /message is not \{role, parts/);
    assert.match(p.failed.map((f) => f.error).join('\n'), /uiEvent is not an object/);
    assert.ok(p.events.length >= 3);
  });

  it('never throws on arbitrary input', () => {
    const inputs = [
      '',
      ' ',
      '\uFEFF',
      '{',
      '[]',
      'null',
      '1',
      '{"uuid":1}',
      '{"uuid":"u","type":{}}',
      '{"uuid":"u","type":"assistant","message":{"parts":[null,1,{"functionCall":null},{"functionCall":{"args":{"a":[1,{"b":null}]}}}]}}',
    ];
    for (let i = 0; i < 300; i++) {
      inputs.push(String.fromCharCode(...Array.from({ length: i % 40 }, (_, j) => (i * 31 + j * 7) % 256)));
    }
    for (const line of inputs) {
      const r = parseQwenLine(line, { file: FILE, offset: 0 }, 'f');
      assert.ok(r.ok === true || typeof r.error === 'string');
    }
  });
});

describe('Qwen Code records headless runs do not write (shapes from the 0.24.4 source)', () => {
  const base = { uuid: 'u1', parentUuid: null, sessionId: 's1', timestamp: '2026-11-30T12:00:00.000Z', cwd: '/w', version: '0.24.4' };
  const one = (rec: object) => {
    const r = parseQwenLine(JSON.stringify({ ...base, ...rec }), { file: FILE, offset: 0 }, 'f');
    assert.ok(r.ok, JSON.stringify(r));
    return r;
  };

  it('slash_command invocation is a user event; its result, titles, rewinds and bookkeeping are not', () => {
    const inv = one({ type: 'system', subtype: 'slash_command', systemPayload: { phase: 'invocation', rawCommand: '/compress' } });
    assert.deepStrictEqual(
      inv.events.map((e) => [e.kind, e.text]),
      [['user', '/compress']],
    );
    assert.deepStrictEqual(
      one({ type: 'system', subtype: 'slash_command', systemPayload: { phase: 'result', rawCommand: '/about', outputHistoryItems: [] } })
        .events,
      [],
    );
    const title = one({ type: 'system', subtype: 'custom_title', systemPayload: { customTitle: 'Fix the build', titleSource: 'auto' } });
    assert.deepStrictEqual([title.events, title.info.title], [[], 'Fix the build']);
    assert.deepStrictEqual(
      one({ type: 'system', subtype: 'rewind', systemPayload: {} }).events.map((e) => e.kind),
      ['system'],
    );
    for (const subtype of ['attribution_snapshot', 'session_model', 'file_history_snapshot', 'turn_result']) {
      assert.deepStrictEqual(one({ type: 'system', subtype, systemPayload: {} }).events, [], subtype);
    }
  });

  it("cron and notification prompts are the CLI's, mid-turn messages the person's; thoughts are not answers", () => {
    const msg = (text: string) => ({ role: 'user', parts: [{ text }] });
    assert.strictEqual(one({ type: 'user', subtype: 'cron', message: msg('every hour') }).events[0].kind, 'system');
    assert.strictEqual(one({ type: 'user', subtype: 'notification', message: msg('task done') }).events[0].kind, 'system');
    assert.strictEqual(one({ type: 'user', subtype: 'mid_turn_user_message', message: msg('also this') }).events[0].kind, 'user');
    const a = one({
      type: 'assistant',
      model: 'm',
      message: { role: 'model', parts: [{ text: 'thinking...', thought: true }, { text: 'Done.' }] },
    });
    assert.deepStrictEqual(
      a.events.map((e) => [e.kind, e.text]),
      [['assistant', 'Done.']],
    );
  });

  it('records copied by --fork-session (forkedFrom) give no event; an api_error without a status has none', () => {
    assert.deepStrictEqual(
      one({ type: 'user', forkedFrom: { sessionId: 'old', messageUuid: 'm' }, message: { role: 'user', parts: [{ text: 'hi' }] } }).events,
      [],
    );
    const e = one({
      type: 'system',
      subtype: 'ui_telemetry',
      systemPayload: { uiEvent: { 'event.name': 'qwen-code.api_error', error_message: 'fetch failed', error_type: 'TypeError' } },
    }).events[0];
    assert.deepStrictEqual([e.kind, e.httpStatus, e.text], ['error', undefined, '[API Error: fetch failed]']);
  });

  it('qwenUsage, apiErrorText and endsTurnOnStatus', () => {
    // OpenAI-compatible: the completion includes the reasoning (total = prompt + completion).
    assert.deepStrictEqual(
      qwenUsage({
        promptTokenCount: 100,
        candidatesTokenCount: 30,
        thoughtsTokenCount: 10,
        totalTokenCount: 130,
        cachedContentTokenCount: 40,
      }),
      { input: 60, output: 30, cacheRead: 40, cacheCreation: 0 },
    );
    // Gemini API: thoughts on top of the candidates (total = prompt + candidates + thoughts).
    assert.deepStrictEqual(qwenUsage({ promptTokenCount: 100, candidatesTokenCount: 30, thoughtsTokenCount: 10, totalTokenCount: 140 }), {
      input: 100,
      output: 40,
      cacheRead: 0,
      cacheCreation: 0,
    });
    assert.strictEqual(qwenUsage('x'), undefined);
    assert.strictEqual(apiErrorText('x'), '[API Error: x]');
    assert.strictEqual(apiErrorText('[API Error: x]'), '[API Error: x]');
    assert.deepStrictEqual([400, 401, 403, 404, 408, 409, 429, 500, 503, undefined].map(endsTurnOnStatus), [
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
