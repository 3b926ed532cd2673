import * as assert from 'assert';
import { classifyEvent, classifyText } from '../../../../src/core/detection/detector';
import { backoffDelayMs, parsePolicyOverrides, Policy, DEFAULT_POLICY_CONFIG } from '../../../../src/core/engine/policy';
import { costOf } from '../../../../src/core/agents/pricing';
import { redactSecrets } from '../../../../src/core/ingest/redact';
import { Store, CorruptStoreError } from '../../../../src/core/store/store';
import { FAILURE_TYPES } from '../../../../src/core/model/failures';
import { ev, FakeClock, newEngine, sqlJs } from '../../helpers';

describe('detector', () => {
  const clock = new FakeClock();
  const cases: [string, number | undefined, string][] = [
    ['API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"Rate limited"}}', 429, 'rate_limit'],
    ['API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}', 401, 'auth'],
    [
      'API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}',
      400,
      'token_limit',
    ],
    [
      'API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"messages: text content blocks must be non-empty"}}',
      400,
      'bad_request',
    ],
    ['API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', 529, 'overloaded'],
    ['API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}', 500, 'server_error'],
    ['API Error: 500 output new_sensitive (1027)', 500, 'content_filter'],
    ['API Error: Connection error. SSL routines:ssl3_get_record:wrong version number', undefined, 'network'],
    ['Error: read ECONNRESET', undefined, 'network'],
    ['API Error: Request timed out.', undefined, 'timeout'],
    ['No conversation found with session ID: 3f0c', undefined, 'stale_session'],
    ['429 {"error":{"message":"You exceeded your current quota","type":"insufficient_quota"}}', 429, 'quota_exhausted'],
    ['Claude AI usage limit reached|1767225600', undefined, 'quota_exhausted'],
    ['Budget exceeded: $2.10 of $2.00', undefined, 'budget_exceeded'],
  ];
  for (const [text, status, type] of cases) {
    it(`classifies "${text.slice(0, 60)}" as ${type}`, () => {
      assert.strictEqual(classifyEvent(ev(clock, { kind: 'error', text, httpStatus: status })), type);
    });
  }

  it('ignores assistant prose and user prompts that mention errors', () => {
    assert.strictEqual(
      classifyEvent(ev(clock, { kind: 'assistant', text: 'The server returns 429 Too Many Requests when rate limited.' })),
      undefined,
    );
    assert.strictEqual(classifyEvent(ev(clock, { kind: 'user', text: 'fix the ECONNRESET handling' })), undefined);
  });

  it('takes only timeout and JSON failures from failed tool results', () => {
    assert.strictEqual(
      classifyEvent(ev(clock, { kind: 'tool_result', isError: true, text: 'FAILED test_rate_limit: expected 429 got 200' })),
      undefined,
    );
    assert.strictEqual(
      classifyEvent(ev(clock, { kind: 'tool_result', isError: true, text: 'Command timed out after 2m 0.0s' })),
      'timeout',
    );
    assert.strictEqual(
      classifyEvent(ev(clock, { kind: 'tool_result', isError: true, text: 'InputValidationError: Edit failed' })),
      'json_parse',
    );
    assert.strictEqual(classifyEvent(ev(clock, { kind: 'tool_result', isError: false, text: 'Command timed out after 2m' })), undefined);
  });

  it('an unknown error text classifies as nothing', () => {
    assert.strictEqual(classifyText('something odd happened'), undefined);
  });
});

describe('policy', () => {
  it('backs off 2, 4, 8, 16, 32 s and stays at 32 s', () => {
    assert.deepStrictEqual([0, 1, 2, 3, 4, 5, 9].map(backoffDelayMs), [2000, 4000, 8000, 16000, 32000, 32000, 32000]);
  });

  it("has session-doctor's table for its eight types", () => {
    const p = new Policy(DEFAULT_POLICY_CONFIG);
    const t = (x: Parameters<Policy['row']>[0]) => [p.row(x).severity, p.row(x).strategy];
    assert.deepStrictEqual(t('bad_request'), ['HIGH', 'restart_session']);
    assert.deepStrictEqual(t('token_limit'), ['HIGH', 'compact_context']);
    assert.deepStrictEqual(t('json_parse'), ['MEDIUM', 'retry_with_prompt_fix']);
    assert.deepStrictEqual(t('timeout'), ['MEDIUM', 'backoff']);
    assert.deepStrictEqual(t('repeated_tool_call'), ['HIGH', 'break_loop_and_notify']);
    assert.deepStrictEqual(t('rate_limit'), ['LOW', 'backoff']);
    assert.deepStrictEqual(t('auth'), ['CRITICAL', 'halt_and_notify']);
    assert.deepStrictEqual(t('budget_exceeded'), ['CRITICAL', 'halt_and_notify']);
    assert.strictEqual(p.table().length, FAILURE_TYPES.length);
  });

  it('applies overrides and reports bad ones', () => {
    const { overrides, problems } = parsePolicyOverrides({ rate_limit: { severity: 'HIGH' }, nope: {}, timeout: { strategy: 'dance' } });
    assert.deepStrictEqual(overrides.rate_limit, { severity: 'HIGH' });
    assert.strictEqual(problems.length, 2);
    const p = new Policy({ ...DEFAULT_POLICY_CONFIG, overrides });
    assert.strictEqual(p.row('rate_limit').severity, 'HIGH');
    assert.strictEqual(p.row('rate_limit').overridden, true);
  });

  it('escalates repeats one level and too many recoveries to CRITICAL halt', () => {
    const p = new Policy(DEFAULT_POLICY_CONFIG);
    assert.strictEqual(p.decide('rate_limit', 2, 0).severity, 'LOW');
    assert.strictEqual(p.decide('rate_limit', 3, 0).severity, 'MEDIUM');
    assert.match(p.decide('rate_limit', 3, 0).escalation, /3 times in 300 s/);
    const halted = p.decide('token_limit', 1, 2);
    assert.deepStrictEqual([halted.severity, halted.strategy], ['CRITICAL', 'halt_and_notify']);
  });
});

describe('pricing and redaction', () => {
  it('prices Sonnet usage in USD per million tokens', () => {
    const c = costOf('claude-sonnet-4-5-20250929', { input: 1_000_000, output: 100_000, cacheRead: 1_000_000, cacheCreation: 0 });
    assert.ok(Math.abs(c! - (3 + 1.5 + 0.3)) < 1e-9);
    assert.strictEqual(costOf('some-unknown-model', { input: 1, output: 1, cacheRead: 0, cacheCreation: 0 }), undefined);
  });

  it('redacts keys and bearer tokens', () => {
    const s = redactSecrets('ANTHROPIC_API_KEY=sk-ant-api03-abcdefghijklmnopqrstuvwxyz and Authorization: Bearer abcdef123456789 ok');
    assert.ok(!s.includes('abcdefghijklmnop'));
    assert.ok(!s.includes('abcdef123456789'));
    assert.ok(s.includes('[REDACTED]'));
    assert.strictEqual(redactSecrets('nothing secret here'), 'nothing secret here');
  });
});

describe('engine', () => {
  it('escalates three 429s within the window, then resolves them on a successful response', async () => {
    const { engine, clock } = await newEngine();
    const detections = [];
    for (let i = 0; i < 3; i++) {
      detections.push(
        ...engine.ingest([ev(clock, { kind: 'error', text: 'API Error: 429 rate_limit_error', httpStatus: 429 })], { live: true }),
      );
      clock.advance(30_000);
    }
    assert.deepStrictEqual(
      detections.map((f) => f.severity),
      ['LOW', 'MEDIUM'],
    );
    let s = engine.session('s1')!;
    assert.strictEqual(s.findings[0].count, 3);
    assert.strictEqual(s.findings[0].backoffMs, 8000);
    assert.strictEqual(s.health, 'warning');
    engine.ingest([ev(clock, { kind: 'assistant', text: 'Done.' })], { live: true });
    s = engine.session('s1')!;
    assert.strictEqual(s.findings[0].status, 'resolved');
    assert.strictEqual(s.health, 'ok');
    assert.strictEqual(engine.audit(10)[0].actor, 'agent');
  });

  it('does not escalate repeats spread wider than the window', async () => {
    const { engine, clock } = await newEngine();
    for (let i = 0; i < 3; i++) {
      engine.ingest([ev(clock, { kind: 'error', text: 'API Error: 429', httpStatus: 429 })], { live: true });
      clock.advance(200_000);
    }
    assert.strictEqual(engine.session('s1')!.findings[0].severity, 'LOW');
  });

  it('detects the same tool call three times in a row as a loop, not three different ones', async () => {
    const { engine, clock } = await newEngine();
    const call = (hash: string) => ev(clock, { kind: 'tool_call', text: 'Bash ls', toolName: 'Bash', toolInputHash: hash });
    engine.ingest([call('a'), call('b'), call('a')], { live: true });
    assert.strictEqual(engine.session('s1')!.findings.length, 0);
    const found = engine.ingest([call('a'), call('a')], { live: true });
    assert.strictEqual(found[0]?.type, 'repeated_tool_call');
    assert.strictEqual(engine.session('s1')!.worstSeverity, 'HIGH');
  });

  it('raises a CRITICAL budget finding when the session cost reaches the cap', async () => {
    const { engine, clock } = await newEngine({ budgetCapUsd: 1 });
    const usage = { input: 200_000, output: 10_000, cacheRead: 0, cacheCreation: 0 }; // $0.75 on Sonnet
    engine.ingest([ev(clock, { usage, model: 'claude-sonnet-4-5' })], { live: true });
    assert.strictEqual(engine.session('s1')!.findings.length, 0);
    const found = engine.ingest([ev(clock, { usage, model: 'claude-sonnet-4-5' })], { live: true });
    assert.strictEqual(found[0].type, 'budget_exceeded');
    assert.strictEqual(found[0].severity, 'CRITICAL');
    assert.strictEqual(engine.session('s1')!.health, 'critical');
    assert.ok(Math.abs(engine.session('s1')!.costUsd - 1.5) < 1e-9);
  });

  it('escalates to CRITICAL halt after maxAutoRetries recoveries', async () => {
    const { engine, clock } = await newEngine();
    const [f] = engine.ingest([ev(clock, { kind: 'error', text: 'prompt is too long', httpStatus: 400 })], { live: true });
    engine.recordRecovery({
      sessionId: 's1',
      findingId: f.id,
      failureType: f.type,
      strategy: 'compact_context',
      outcome: 'taken',
      actor: 'user',
      detail: '',
    });
    engine.recordRecovery({
      sessionId: 's1',
      findingId: f.id,
      failureType: f.type,
      strategy: 'compact_context',
      outcome: 'taken',
      actor: 'user',
      detail: '',
    });
    clock.advance(1000);
    const [again] = engine.ingest([ev(clock, { kind: 'error', text: 'prompt is too long', httpStatus: 400 })], { live: true });
    assert.strictEqual(again.severity, 'CRITICAL');
    assert.strictEqual(again.strategy, 'halt_and_notify');
  });

  it('tells listeners about detections once per ingest, with live flag', async () => {
    const { engine, clock } = await newEngine();
    const seen: boolean[] = [];
    engine.onDidDetect((d) => seen.push(d.live));
    engine.ingest([ev(clock, { kind: 'error', text: 'API Error: 401 authentication_error', httpStatus: 401 })], { live: false });
    engine.injectTestError('s2', 'auth');
    assert.deepStrictEqual(seen, [false, true]);
  });

  it('acknowledged findings stay quiet until their severity rises', async () => {
    const { engine, clock } = await newEngine();
    const [f] = engine.ingest([ev(clock, { kind: 'error', text: 'API Error: 429', httpStatus: 429 })], { live: true });
    engine.acknowledge(f.id, 'user');
    assert.strictEqual(engine.session('s1')!.health, 'ok');
    assert.deepStrictEqual(engine.ingest([ev(clock, { kind: 'error', text: 'API Error: 429', httpStatus: 429 })], { live: true }), []);
    const risen = engine.ingest([ev(clock, { kind: 'error', text: 'API Error: 429', httpStatus: 429 })], { live: true });
    assert.strictEqual(risen[0].status, 'open');
    assert.strictEqual(risen[0].severity, 'MEDIUM');
  });

  it('injects every failure type as a finding of that type', async () => {
    const { engine } = await newEngine();
    for (const t of FAILURE_TYPES) {
      const found = engine.injectTestError('inject-' + t, t);
      assert.strictEqual(found[0]?.type, t, t);
    }
  });

  it('keeps events bounded per session', async () => {
    const { engine, store, clock } = await newEngine({ maxEventsPerSession: 100 });
    const events = [];
    for (let i = 0; i < 600; i++) {
      events.push(ev(clock, { kind: 'user', text: 'm' + i }));
    }
    engine.ingest(events, { live: false });
    assert.ok(store.eventCount('s1') <= 100 + 250, `kept ${store.eventCount('s1')}`);
    assert.strictEqual(engine.session('s1')!.messageCount, 600);
  });

  it('updateSession writes only what changes: told the same again, the store stays clean', async () => {
    const { engine, store } = await newEngine();
    const info = { agent: 'claude-code' as const, file: '/p/.claude/projects/-w-app/s1.jsonl', cwd: '/w/app', title: 'Fix the build' };
    engine.updateSession('s1', info);
    store.export();
    engine.updateSession('s1', info);
    engine.updateSession('s1', { agent: 'claude-code', file: info.file });
    assert.strictEqual(store.dirty, false, 'the same cwd and title again wrote to the store');
    engine.updateSession('s1', { ...info, title: 'Fix the build, take two' });
    assert.strictEqual(store.dirty, true);
    assert.strictEqual(engine.session('s1')!.title, 'Fix the build, take two');
    // A session created without a cwd gets it (and its project) when one is told; a set cwd is kept.
    engine.updateSession('s2', { agent: 'claude-code', file: '/p/.claude/projects/-w-app/s2.jsonl' });
    store.export();
    engine.updateSession('s2', { agent: 'claude-code', cwd: '/w/other' });
    assert.strictEqual(store.dirty, true);
    assert.deepStrictEqual([engine.session('s2')!.cwd, engine.session('s2')!.project], ['/w/other', 'other']);
    engine.updateSession('s2', { agent: 'claude-code', cwd: '/w/third' });
    assert.deepStrictEqual([engine.session('s2')!.cwd, engine.session('s2')!.project], ['/w/other', 'third']);
  });

  it('renders a report with sessions, findings, history and the policy table', async () => {
    const { engine } = await newEngine();
    engine.injectTestError(undefined, 'token_limit');
    const md = engine.report();
    assert.match(md, /## Sessions/);
    assert.match(md, /Context window exceeded/);
    assert.match(md, /## Recovery history/);
    assert.match(md, /\| token_limit \| Context window exceeded \| HIGH \| Compact Context \|/);
  });
});

describe('store', () => {
  it('round-trips through export and refuses a corrupt file', async () => {
    const sql = await sqlJs();
    const clock = new FakeClock();
    const { engine, store } = await newEngine({}, clock);
    engine.injectTestError('persist', 'auth');
    const bytes = store.export();
    assert.strictEqual(store.dirty, false);
    const reopened = Store.open(sql, bytes);
    assert.strictEqual(reopened.findings('persist')[0].type, 'auth');
    const garbage = new TextEncoder().encode('this is not a sqlite database, just text pretending to be one'.repeat(100));
    assert.throws(() => Store.open(sql, garbage), CorruptStoreError);
  });
});
