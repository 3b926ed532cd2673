/**
 * parseClaudeLine on hand-written lines in the shapes of other Claude Code versions (older nested api_error bodies,
 * titles, bookkeeping, thinking and sidechain lines, SDK result markers) and on odd input; redaction and clipping.
 */
import * as assert from 'assert';
import { AgentEvent, hashToolInput, MAX_EVENT_TEXT } from '../../../../../src/core/model/event';
import { ClaudeLineResult, parseClaudeLine } from '../../../../../src/core/agents/claude/transcript';

/** Where the lines are said to come from. */
const ORIGIN = { file: 'x.jsonl', offset: 0 };

describe('parseClaudeLine on hand-written lines (shapes of other Claude Code versions)', () => {
  const parse = (obj: unknown): ClaudeLineResult => parseClaudeLine(JSON.stringify(obj), ORIGIN, 'sess-fallback');
  const events = (obj: unknown): AgentEvent[] => {
    const r = parse(obj);
    assert.ok(r.ok, r.ok ? '' : r.error);
    return r.events;
  };

  it('never throws on odd input', () => {
    for (const input of [
      undefined,
      null,
      42,
      {},
      [],
      '',
      ' ',
      '\r',
      '{"type":5}',
      '{"type":"user","message":null}',
      '{"type":"assistant","message":{"content":[null,1,"x",{"type":"tool_use"}]}}',
    ]) {
      assert.doesNotThrow(() => parseClaudeLine(input as unknown as string, ORIGIN, 's'));
    }
    assert.deepStrictEqual(parseClaudeLine('{"type":5}', ORIGIN, 's').ok, false);
  });

  it('older nested api_error shape', () => {
    const [e] = events({
      type: 'system',
      subtype: 'api_error',
      level: 'error',
      timestamp: '2025-10-01T10:00:00.000Z',
      sessionId: 'abc',
      error: {
        status: 429,
        error: {
          type: 'error',
          error: { type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit' },
        },
      },
      retryAttempt: 3,
      maxRetries: 10,
      retryInMs: 4123.4,
    });
    assert.strictEqual(e.kind, 'error');
    assert.strictEqual(e.httpStatus, 429);
    assert.strictEqual(
      e.text,
      'API error 429 rate_limit_error: Number of request tokens has exceeded your per-minute rate limit (retry 3/10 in 4123 ms)',
    );
    assert.strictEqual(e.timestamp, Date.UTC(2025, 9, 1, 10));
    assert.strictEqual(e.sessionId, 'abc');
  });

  it('"API Error: 429 {...}" text without isApiErrorMessage', () => {
    const [e] = events({
      type: 'assistant',
      message: {
        model: '<synthetic>',
        role: 'assistant',
        content: [{ type: 'text', text: 'API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"x"}}' }],
      },
    });
    assert.strictEqual(e.kind, 'error');
    assert.strictEqual(e.httpStatus, 429);
    assert.strictEqual(e.sessionId, 'sess-fallback');
  });

  it('titles: summary, ai-title, custom-title', () => {
    const title = (obj: unknown) => {
      const r = parse(obj);
      return r.ok ? [r.info.title, r.events.length] : undefined;
    };
    assert.deepStrictEqual(title({ type: 'summary', summary: 'Fix the login bug', leafUuid: 'u1' }), ['Fix the login bug', 0]);
    assert.deepStrictEqual(title({ type: 'ai-title', aiTitle: 'Login bug', sessionId: 's' }), ['Login bug', 0]);
    assert.deepStrictEqual(title({ type: 'custom-title', customTitle: 'Mine', sessionId: 's' }), ['Mine', 0]);
  });

  it('bookkeeping entries give no events', () => {
    for (const type of ['file-history-snapshot', 'queue-operation', 'attachment', 'last-prompt', 'cost-state', 'api-request', 'progress']) {
      assert.deepStrictEqual(events({ type, sessionId: 's' }), []);
    }
  });

  it('thinking, sidechain, meta and interruption lines', () => {
    const [t, a] = events({
      type: 'assistant',
      isSidechain: true,
      message: {
        model: 'claude-sonnet-4-5',
        content: [
          { type: 'thinking', thinking: 'hmm', signature: 'x' },
          { type: 'text', text: 'ok' },
        ],
        usage: { input_tokens: 3, output_tokens: 4 },
      },
    });
    assert.strictEqual(t.kind, 'assistant');
    assert.strictEqual(t.sidechain, true);
    assert.deepStrictEqual(t.usage, { input: 3, output: 4, cacheRead: 0, cacheCreation: 0 });
    assert.strictEqual(a.usage, undefined);
    const [m] = events({ type: 'user', isMeta: true, message: { role: 'user', content: 'Caveat: injected' } });
    assert.strictEqual(m.kind, 'system');
    const [i] = events({
      type: 'user',
      message: { role: 'user', content: [{ type: 'text', text: '[Request interrupted by user for tool use]' }] },
    });
    assert.strictEqual(i.kind, 'system');
    const [u] = events({
      type: 'assistant',
      apiBlockIndex: 1,
      message: { content: [{ type: 'text', text: 'x' }], usage: { input_tokens: 5 } },
    });
    assert.strictEqual(u.usage, undefined);
    const [only] = events({
      type: 'assistant',
      message: { content: [{ type: 'thinking', thinking: '' }], usage: { input_tokens: 5, output_tokens: 1 } },
    });
    assert.strictEqual(only.kind, 'usage');
  });

  it('SDK result markers: error_during_execution and is_error results', () => {
    const [e] = events({ type: 'result', subtype: 'error_during_execution', is_error: true, session_id: 's1', errors: ['boom'] });
    assert.strictEqual(e.kind, 'error');
    assert.strictEqual(e.text, 'error_during_execution: boom');
    assert.strictEqual(e.sessionId, 's1');
    const [r] = events({
      type: 'result',
      subtype: 'success',
      is_error: true,
      api_error_status: 429,
      result: 'API Error: Request rejected (429) · x',
    });
    assert.strictEqual(r.kind, 'error');
    assert.strictEqual(r.httpStatus, 429);
  });

  it('redacts secrets in prompts and tool inputs, clips long texts', () => {
    const [p] = events({ type: 'user', message: { role: 'user', content: 'use key sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123 please' } });
    assert.strictEqual(p.text, 'use key [REDACTED] please');
    const r = parse({ type: 'user', message: { role: 'user', content: 'token ghp_abcdefghijklmnopqrstuvwxyz0123456789' } });
    assert.ok(r.ok && r.info.firstPrompt === 'token [REDACTED]');
    const [c] = events({
      type: 'assistant',
      message: {
        content: [{ type: 'tool_use', name: 'Bash', input: { command: 'curl -H "x-api-key: sk-ant-api03-zzzzzzzzzzzzzzzzzzzzzzzz" x' } }],
      },
    });
    assert.ok(!c.text.includes('zzzzzzzz'));
    assert.strictEqual(c.toolInputHash, hashToolInput({ command: 'curl -H "x-api-key: sk-ant-api03-zzzzzzzzzzzzzzzzzzzzzzzz" x' }));
    const [long] = events({ type: 'assistant', message: { content: [{ type: 'text', text: 'a'.repeat(MAX_EVENT_TEXT * 2) }] } });
    assert.strictEqual(long.text.length, MAX_EVENT_TEXT);
    assert.ok(long.text.endsWith('…'));
  });
});
