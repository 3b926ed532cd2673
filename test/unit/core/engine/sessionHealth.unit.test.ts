/**
 * Session health on real Claude Code transcripts (./healthFixtures.ts): context windows, the watchdog's rules and the
 * hang watchdog, the store's migration to the health schema, and the catalog's health entries. Time moves with a
 * FakeClock. Marathon sessions, stale sessions and context pressure have their own files.
 */
import * as assert from 'assert';
import { CLAUDE_1M_WINDOW, contextTokensOf, contextWindowFor, turnsLeft } from '../../../../src/core/agents/contextWindows';
import { Engine } from '../../../../src/core/engine/engine';
import { failureDefinition } from '../../../../src/core/model/failures';
import { Store } from '../../../../src/core/store/store';
import { TOOL_PENDING_GRACE_MS, activityOf, turnKindOf } from '../../../../src/core/engine/activity';
import { FakeClock, newEngine, sqlJs } from '../../helpers';
import { MIN, lines, eventsOf, tsOf, lastTs, open } from './healthFixtures';

describe('context windows', () => {
  it('looks up windows by model, with the documented fallbacks', () => {
    assert.strictEqual(contextWindowFor('claude-sonnet-4-5-20250929'), 200_000);
    assert.strictEqual(contextWindowFor('claude-sonnet-4-5[1m]'), CLAUDE_1M_WINDOW);
    assert.strictEqual(contextWindowFor('claude-opus-5-5', 250_000), CLAUDE_1M_WINDOW, 'a Claude session seen over 200k runs with 1M');
    assert.strictEqual(contextWindowFor('gpt-5-codex'), 272_000);
    assert.strictEqual(contextWindowFor('openai/gpt-4o-2024-08-06'), 128_000);
    assert.strictEqual(contextWindowFor('gemini-2.5-pro'), 1_048_576);
    assert.strictEqual(contextWindowFor('models/gemini-1.5-pro-002'), 2_097_152);
    assert.strictEqual(contextWindowFor('some-local-model'), 200_000);
    assert.strictEqual(contextWindowFor(undefined), 200_000);
    assert.strictEqual(contextWindowFor('gpt-4o', 300_000), 128_000, 'a known non-Claude window is kept');
  });

  it('estimates the turns left from the mean growth of the last samples', () => {
    assert.strictEqual(turnsLeft([100_000, 110_000, 120_000], 200_000), 8);
    assert.strictEqual(turnsLeft([150_000, 150_000], 200_000), undefined, 'no growth, no estimate');
    assert.strictEqual(turnsLeft([150_000], 200_000), undefined);
    assert.strictEqual(turnsLeft([190_000, 210_000], 200_000), 0);
    // Only the last 10 samples count: an early jump does not dilute the recent growth.
    const samples = [0, 100_000, ...Array.from({ length: 10 }, (_, i) => 100_000 + i * 1000)];
    assert.strictEqual(turnsLeft(samples, 200_000), 91);
  });

  it('counts input, cache read, cache creation and output as context', () => {
    assert.strictEqual(contextTokensOf({ input: 174, output: 19, cacheRead: 2761, cacheCreation: 517 }), 3471);
  });
});

describe('watchdog rules', () => {
  const now = Date.UTC(2026, 10, 23, 12);
  const running = { state: 'running' as const, atMs: now - 10 * MIN };
  it('tells working, waiting, stuck, dead and unknown apart', () => {
    const at = (
      turnKind: Parameters<typeof activityOf>[0]['turnKind'],
      ago: number,
      process?: typeof running | { state: 'exited'; atMs: number; exitCode: number },
    ) => activityOf({ turnKind, turnAt: now - ago, process, now, stuckMs: 5 * MIN }).state;
    assert.strictEqual(at('user', 4 * MIN, running), 'working');
    assert.strictEqual(at('user', 6 * MIN, running), 'stuck');
    assert.strictEqual(at('tool_result', 6 * MIN, running), 'stuck');
    assert.strictEqual(at('assistant', 60 * MIN, running), 'waiting');
    assert.strictEqual(at('interrupted', 60 * MIN, running), 'waiting');
    assert.strictEqual(at('error_end', 60 * MIN, running), 'waiting');
    assert.strictEqual(at('tool_call', TOOL_PENDING_GRACE_MS - 1000, running), 'working');
    assert.strictEqual(
      at('tool_call', 10 * MIN, running),
      'waiting',
      'a pending tool call past the grace is a permission prompt or a long tool',
    );
    assert.strictEqual(at('user', 6 * MIN, { state: 'exited', atMs: now - MIN, exitCode: 1 }), 'dead');
    assert.strictEqual(at('user', 6 * MIN), 'stuck', 'transcript only: judged from the transcript');
    assert.strictEqual(at('user', 2 * 60 * MIN), 'unknown', 'transcript only, an hour without anything: presumed ended');
    assert.strictEqual(at('user', 2 * 60 * MIN, running), 'stuck', 'a running process keeps it stuck');
    assert.strictEqual(at('', 0), 'unknown');
  });

  it('reads the turn from events: interruptions and synthetic API errors end a turn, subagents and retries do not', () => {
    const base = { text: '', sidechain: false, model: undefined, isError: false };
    assert.strictEqual(turnKindOf({ ...base, kind: 'system', text: '[Request interrupted by user for tool use]' }), 'interrupted');
    assert.strictEqual(turnKindOf({ ...base, kind: 'system', text: 'Conversation compacted' }), undefined);
    assert.strictEqual(turnKindOf({ ...base, kind: 'error', model: '<synthetic>', isError: true }), 'error_end');
    assert.strictEqual(turnKindOf({ ...base, kind: 'error', isError: true }), undefined);
    assert.strictEqual(turnKindOf({ ...base, kind: 'error', isError: true, endsTurn: true }), 'error_end', "another agent's final error");
    assert.strictEqual(turnKindOf({ ...base, kind: 'assistant', sidechain: true }), undefined);
    assert.strictEqual(turnKindOf({ ...base, kind: 'tool_result' }), 'tool_result');
  });
});

describe('hang watchdog on hang.jsonl', () => {
  const hang = lines('hang.jsonl');
  const userIdx = hang.findIndex((l) => l.includes('"type":"user"'));
  const retryIdx = hang.findIndex((l) => l.includes('"subtype":"api_error"'));
  const sessionId = '7f431d1a-45be-44ff-b531-482243319c38';

  async function atPrompt(): Promise<{ engine: Engine; store: Store; clock: FakeClock; promptAt: number }> {
    const promptAt = tsOf(hang[userIdx]);
    const { engine, store, clock } = await newEngine({}, new FakeClock(promptAt));
    engine.noteAgentProcess(sessionId, { state: 'running', atMs: promptAt, source: 'terminal:1' });
    engine.ingest(eventsOf(hang.slice(0, userIdx + 1)), { live: true });
    return { engine, store, clock, promptAt };
  }

  it('a prompt without a response is working, then stuck (HIGH, restart) after 5 minutes, once', async () => {
    const { engine, clock } = await atPrompt();
    clock.advance(4 * MIN);
    assert.deepStrictEqual(engine.evaluate(), []);
    assert.strictEqual(engine.session(sessionId)!.activity.state, 'working');
    clock.advance(2 * MIN);
    const found = engine.evaluate();
    assert.strictEqual(found.length, 1);
    assert.strictEqual(found[0].type, 'session_stuck');
    assert.strictEqual(found[0].severity, 'HIGH');
    assert.strictEqual(found[0].strategy, 'restart_session');
    assert.match(found[0].lastText, /No assistant response for 6 min after the last prompt while the agent runs/);
    assert.strictEqual(engine.session(sessionId)!.activity.state, 'stuck');
    clock.advance(20_000);
    assert.deepStrictEqual(engine.evaluate(), [], 'no new detection on the next tick');
    assert.strictEqual(open(engine, sessionId).filter((f) => f.type === 'session_stuck').length, 1);
  });

  it('stuck with the API errors the CLI retried is CRITICAL', async () => {
    const { engine, clock, promptAt } = await atPrompt();
    // The retry entry ("Request timed out", retry 1/1), as the CLI wrote it; the turn has not ended.
    engine.ingest(eventsOf([hang[retryIdx]]), { live: true });
    clock.t = promptAt + 6 * MIN;
    const found = engine.evaluate();
    assert.strictEqual(found[0]?.type, 'session_stuck');
    assert.strictEqual(found[0].severity, 'CRITICAL');
    assert.match(found[0].escalation, /stuck with 1 API error in the last 30 min/);
    assert.strictEqual(engine.session(sessionId)!.health, 'critical');
  });

  it('rises from HIGH to CRITICAL when an API error comes while stuck', async () => {
    const { engine, clock } = await atPrompt();
    clock.advance(6 * MIN);
    assert.strictEqual(engine.evaluate()[0].severity, 'HIGH');
    engine.ingest(
      eventsOf([hang[retryIdx]]).map((e) => ({ ...e, timestamp: clock.now() })),
      { live: true },
    );
    clock.advance(20_000);
    const risen = engine.evaluate();
    assert.strictEqual(risen[0]?.severity, 'CRITICAL');
  });

  it('the whole transcript (the CLI gave up with an API error) waits for the user: not stuck', async () => {
    const { engine, clock } = await newEngine({}, new FakeClock(tsOf(hang[userIdx])));
    engine.noteAgentProcess(sessionId, { state: 'running', atMs: clock.now(), source: 'terminal:1' });
    engine.ingest(eventsOf(hang), { live: true });
    clock.advance(30 * MIN);
    assert.ok(!engine.evaluate().some((f) => f.type === 'session_stuck'));
    assert.strictEqual(engine.session(sessionId)!.activity.state, 'waiting');
  });

  it('resolves when the assistant answers, and when the process ends', async () => {
    const { engine, clock } = await atPrompt();
    clock.advance(6 * MIN);
    engine.evaluate();
    // The answer: happy.jsonl's real assistant reply, moved into this session.
    const happy = lines('happy.jsonl');
    const reply = happy
      .find((l) => l.includes('"type":"assistant"'))!
      .split('"sessionId":"')
      .join('"sessionId":"' + sessionId + '","x":"');
    engine.ingest(
      eventsOf([reply]).map((e) => ({ ...e, sessionId, timestamp: clock.now() })),
      { live: true },
    );
    const s = engine.session(sessionId)!;
    assert.strictEqual(s.findings.find((f) => f.type === 'session_stuck')!.status, 'resolved');
    assert.strictEqual(s.activity.state, 'waiting');
    assert.match(engine.audit(5, sessionId)[0].detail, /The agent answered/);

    const second = await atPrompt();
    second.clock.advance(6 * MIN);
    second.engine.evaluate();
    second.engine.noteAgentProcess(sessionId, { state: 'exited', exitCode: 1, atMs: second.clock.now(), source: 'terminal:1' });
    second.engine.evaluate();
    const d = second.engine.session(sessionId)!;
    assert.strictEqual(d.activity.state, 'dead');
    assert.match(d.activity.detail, /exit code 1/);
    assert.strictEqual(d.findings.find((f) => f.type === 'session_stuck')!.status, 'resolved');
  });

  it('after a restart of the extension, an answer read on catch-up resolves the stuck finding kept in the store', async () => {
    const { engine, store, clock } = await atPrompt();
    clock.advance(6 * MIN);
    engine.evaluate();
    const reopened = new Engine(Store.open(await sqlJs(), store.export()), undefined, clock);
    const happy = lines('happy.jsonl');
    const reply = happy.find((l) => l.includes('"type":"assistant"'))!;
    reopened.ingest(
      eventsOf([reply]).map((e) => ({ ...e, sessionId, timestamp: clock.now() })),
      { live: false },
    );
    assert.strictEqual(reopened.session(sessionId)!.findings.find((f) => f.type === 'session_stuck')!.status, 'resolved');
  });

  it('a transcript-only session is judged from the transcript, and presumed ended after an hour', async () => {
    const promptAt = tsOf(hang[userIdx]);
    const { engine, clock } = await newEngine({}, new FakeClock(promptAt));
    engine.ingest(eventsOf(hang.slice(0, userIdx + 1)), { live: true });
    clock.advance(6 * MIN);
    assert.strictEqual(engine.evaluate()[0]?.type, 'session_stuck');
    const s = engine.session(sessionId)!;
    assert.strictEqual(s.activity.processKnown, false);
    assert.match(s.activity.detail, /judged from the transcript/);
    clock.advance(2 * 60 * MIN);
    engine.evaluate();
    assert.strictEqual(engine.session(sessionId)!.activity.state, 'unknown');
    assert.deepStrictEqual(
      open(engine, sessionId).filter((f) => f.type === 'session_stuck'),
      [],
    );
  });

  it('a finished session (happy.jsonl) waits for the user and is never stuck', async () => {
    const happy = lines('happy.jsonl');
    const { engine, clock } = await newEngine({}, new FakeClock(lastTs(happy)));
    const events = eventsOf(happy);
    engine.noteAgentProcess(events[0].sessionId, { state: 'running', atMs: clock.now(), source: 'terminal:1' });
    engine.ingest(events, { live: true });
    clock.advance(3 * 60 * MIN);
    assert.deepStrictEqual(engine.evaluate(), []);
    assert.strictEqual(engine.session(events[0].sessionId)!.activity.state, 'waiting');
  });
});

describe('store schema migration', () => {
  /** The version-1 schema, as stores written before session health hold it (src/core/store/store.ts at 5d012c0). */
  const V1 = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE sessions (
  id TEXT PRIMARY KEY, agent TEXT NOT NULL, project TEXT NOT NULL DEFAULT '', title TEXT NOT NULL DEFAULT '',
  first_prompt TEXT NOT NULL DEFAULT '', cwd TEXT NOT NULL DEFAULT '', file TEXT NOT NULL DEFAULT '',
  first_seen INTEGER NOT NULL DEFAULT 0, last_activity INTEGER NOT NULL DEFAULT 0, message_count INTEGER NOT NULL DEFAULT 0,
  input_tokens INTEGER NOT NULL DEFAULT 0, output_tokens INTEGER NOT NULL DEFAULT 0, cache_read INTEGER NOT NULL DEFAULT 0,
  cache_creation INTEGER NOT NULL DEFAULT 0, cost_usd REAL NOT NULL DEFAULT 0, model TEXT NOT NULL DEFAULT '',
  skipped_lines INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '', last_error_at INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, ts INTEGER NOT NULL, kind TEXT NOT NULL,
  text TEXT NOT NULL, tool_name TEXT, tool_hash TEXT, http_status INTEGER, failure_type TEXT, sidechain INTEGER NOT NULL DEFAULT 0,
  file TEXT, offset INTEGER
);
CREATE TABLE findings (
  id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL, type TEXT NOT NULL, severity TEXT NOT NULL,
  strategy TEXT NOT NULL, count INTEGER NOT NULL, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,
  last_text TEXT NOT NULL, file TEXT, offset INTEGER, status TEXT NOT NULL DEFAULT 'open',
  snoozed_until INTEGER NOT NULL DEFAULT 0, escalation TEXT NOT NULL DEFAULT ''
);
CREATE TABLE audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT, ts INTEGER NOT NULL, session_id TEXT NOT NULL, finding_id INTEGER,
  failure_type TEXT, strategy TEXT NOT NULL, outcome TEXT NOT NULL, actor TEXT NOT NULL, detail TEXT NOT NULL DEFAULT ''
);
CREATE TABLE files (path TEXT PRIMARY KEY, session_id TEXT NOT NULL, offset INTEGER NOT NULL, size INTEGER NOT NULL, mtime INTEGER NOT NULL);
INSERT INTO meta VALUES ('schema', '1');
INSERT INTO sessions (id, agent, project, first_seen, last_activity, message_count, model) VALUES ('old', 'claude-code', 'demo-app', 1795450000000, 1795450300000, 42, 'claude-opus-5-5');
INSERT INTO findings (session_id, type, severity, strategy, count, first_seen, last_seen, last_text) VALUES ('old', 'rate_limit', 'LOW', 'backoff', 3, 1795450000000, 1795450300000, 'API Error: 429');
`;

  it('opens a version-1 store, adds the health columns and tables, and keeps its data', async () => {
    const sql = await sqlJs();
    const db = new sql.Database();
    db.exec(V1);
    const bytes = db.export();
    db.close();
    const clock = new FakeClock(1795450300000 + MIN);
    const store = Store.open(sql, bytes);
    const engine = new Engine(store, undefined, clock);
    const s = engine.session('old')!;
    assert.strictEqual(s.messageCount, 42);
    assert.strictEqual(s.marathon.count, 0, 'the new count starts at 0');
    assert.strictEqual(s.resumeBroken, false);
    assert.strictEqual(s.findings[0].type, 'rate_limit');
    // The migrated store takes the new data and survives a round trip; opening it again is a no-op.
    engine.ingest(
      eventsOf(lines('happy.jsonl')).map((e) => ({ ...e, sessionId: 'old' })),
      { live: false },
    );
    const again = Store.open(sql, store.export());
    const after = new Engine(again, undefined, clock).session('old')!;
    assert.ok(after.context && after.context.usedTokens > 0);
    assert.strictEqual(after.marathon.count, 2);
    const version = new sql.Database(again.export()).exec("SELECT value FROM meta WHERE key = 'schema'")[0].values[0][0];
    assert.strictEqual(version, '2');
  });
});

describe('catalog entries of session health', () => {
  it('are structural, with the documented severity and strategy', () => {
    assert.deepStrictEqual(
      (['session_stuck', 'marathon_session', 'context_pressure'] as const).map((t) => {
        const d = failureDefinition(t);
        return [t, d.severity, d.strategy, d.structural];
      }),
      [
        ['session_stuck', 'HIGH', 'restart_session', true],
        ['marathon_session', 'MEDIUM', 'compact_context', true],
        ['context_pressure', 'MEDIUM', 'compact_context', true],
      ],
    );
  });
});
