/**
 * Session health on real Claude Code transcripts (test/fixtures/claude, written by the real CLI 2.1.330; see PROVENANCE.md):
 * the hang watchdog, marathon sessions and their count resets, stale-session resume loops and context pressure. Longer
 * sessions are built by replaying real lines (timestamps shifted, message ids made unique per copy), never invented
 * shapes. Time moves with a FakeClock.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseClaudeLine } from '../../../../src/core/agents/claude/transcript';
import { CLAUDE_1M_WINDOW, contextTokensOf, contextWindowFor, turnsLeft } from '../../../../src/core/agents/contextWindows';
import { Engine, dailyResetBoundary, staleSessionIdIn } from '../../../../src/core/engine/engine';
import type { AgentEvent } from '../../../../src/core/model/event';
import { failureDefinition } from '../../../../src/core/model/failures';
import { resolveRecipes } from '../../../../src/core/recovery/recipes';
import { Store } from '../../../../src/core/store/store';
import { TOOL_PENDING_GRACE_MS, activityOf, turnKindOf } from '../../../../src/core/engine/activity';
import { actionsForFinding } from '../../../../src/core/recovery/findingActions';
import { formatContext, sessionDescription } from '../../../../src/core/report/labels';
import { FakeClock, newEngine, sqlJs, REPO_ROOT } from '../../helpers';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/claude');
const MIN = 60_000;

/** The non-blank lines of a fixture. */
function lines(name: string): string[] {
  return fs
    .readFileSync(path.join(FIXTURES, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim());
}

/** Events of real transcript lines, in order (as the tailer hands them to the engine). */
function eventsOf(ls: readonly string[], file = 'fixture.jsonl'): AgentEvent[] {
  const out: AgentEvent[] = [];
  let offset = 0;
  for (const l of ls) {
    const r = parseClaudeLine(l, { file, offset }, 'fallback');
    offset += Buffer.byteLength(l) + 1;
    if (r.ok) {
      out.push(...r.events);
    }
  }
  return out;
}

/**
 * A fixture replayed `copies` times in a row as one session: copy k has its timestamps moved by k * `stepMs`, its
 * Anthropic message ids suffixed with `_k` (so the copies are distinct messages) and its session id set to `sessionId`.
 */
function replay(name: string, copies: number, stepMs: number, sessionId: string): string[] {
  const out: string[] = [];
  const src = lines(name);
  const original = /"sessionId":"([^"]+)"/.exec(src.join('\n'))![1];
  for (let k = 0; k < copies; k++) {
    for (const l of src) {
      out.push(
        l
          .replace(/"timestamp":"([^"]+)"/g, (_a, iso: string) => `"timestamp":"${new Date(Date.parse(iso) + k * stepMs).toISOString()}"`)
          .replace(/"(msg_01FAKE\w+)"/g, `"$1_${k}"`)
          .split(original)
          .join(sessionId),
      );
    }
  }
  return out;
}

/** The epoch ms of a line's timestamp. */
function tsOf(line: string): number {
  return Date.parse(/"timestamp":"([^"]+)"/.exec(line)![1]);
}

/** The latest and the earliest timestamp of some lines (bookkeeping lines have none). */
function lastTs(ls: readonly string[]): number {
  return Math.max(...ls.filter((l) => l.includes('"timestamp"')).map(tsOf));
}
function firstTs(ls: readonly string[]): number {
  return Math.min(...ls.filter((l) => l.includes('"timestamp"')).map(tsOf));
}

const open = (e: Engine, id: string) => e.session(id)!.findings.filter((f) => f.status === 'open');

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

describe('marathon sessions', () => {
  it('counts messages, not transcript lines (tool_loop.jsonl: 1 prompt, 7 assistant messages in 13 lines, 6 tool results)', async () => {
    const ls = lines('tool_loop.jsonl');
    const { engine } = await newEngine({}, new FakeClock(lastTs(ls)));
    const events = eventsOf(ls);
    engine.ingest(events, { live: false });
    const ids = new Set(events.filter((e) => e.messageId).map((e) => e.messageId));
    assert.strictEqual(ids.size, 7);
    const s = engine.session(events[0].sessionId)!;
    assert.strictEqual(s.messageCount, 1 + 7 + 6);
    assert.strictEqual(s.marathon.count, 14);
    assert.strictEqual(s.marathon.limit, 200);
    assert.strictEqual(s.marathon.warnAt, 170);
  });

  it('warns at 85 % with the messages remaining, and at the limit recommends checkpoint and rotate (HIGH)', async () => {
    // tool_use.jsonl is 8 messages (prompt, 4 assistant messages, 3 tool results); 3 copies are 24.
    const ls = replay('tool_use.jsonl', 3, 10 * MIN, 'marathon-1');
    const { engine } = await newEngine({ health: { maxMessages: 20, messageWarnPercent: 85 } }, new FakeClock(lastTs(ls)));
    const seen: { count: number; severity: string; text: string }[] = [];
    for (const e of eventsOf(ls)) {
      for (const f of engine.ingest([e], { live: true }).filter((x) => x.type === 'marathon_session')) {
        seen.push({ count: engine.session('marathon-1')!.marathon.count, severity: f.severity, text: f.lastText });
      }
    }
    assert.deepStrictEqual(
      seen.map((x) => [x.count, x.severity]),
      [
        [17, 'MEDIUM'],
        [20, 'HIGH'],
      ],
    );
    assert.match(seen[0].text, /^17 of 20 messages \(85 %\): 3 messages remain before the limit/);
    assert.match(seen[1].text, /limit of 20 is reached\. Checkpoint and rotate: compact the context, or restart the session with resume/);
    const s = engine.session('marathon-1')!;
    const f = s.findings.find((x) => x.type === 'marathon_session')!;
    assert.strictEqual(f.strategy, 'compact_context');
    assert.match(f.escalation, /at the message limit \(20\)/);
    assert.match(f.lastText, /^20 messages/, 'the text is written when the level changes; the live count is in the snapshot');
    assert.strictEqual(s.marathon.count, 24);
    assert.match(sessionDescription(s, s.lastActivity), /24\/20 msgs/);
  });

  it('a compaction at the limit resets the count (message_limit), resolves the finding and shows in the report', async () => {
    const ls = replay('tool_use.jsonl', 3, 10 * MIN, 'fee0e41f-758e-49d2-abd6-9f6209904185');
    const compact = lines('compact.jsonl');
    const boundary = compact.find((l) => l.includes('"compact_boundary"'))!;
    const { engine, clock } = await newEngine({ health: { maxMessages: 20 } }, new FakeClock(lastTs(ls)));
    engine.ingest(eventsOf(ls), { live: true });
    clock.advance(MIN);
    engine.ingest(
      eventsOf([boundary]).map((e) => ({ ...e, timestamp: clock.now() })),
      { live: true },
    );
    const s = engine.session('fee0e41f-758e-49d2-abd6-9f6209904185')!;
    assert.strictEqual(s.marathon.count, 0);
    assert.deepStrictEqual(s.marathon.lastReset, { reason: 'message_limit', timestamp: clock.now() });
    assert.strictEqual(s.findings.find((f) => f.type === 'marathon_session')!.status, 'resolved');
    assert.deepStrictEqual(
      engine.messageResets().map((r) => [r.reason, r.countBefore]),
      [['message_limit', 24]],
    );
    const md = engine.report();
    assert.match(md, /## Message count resets/);
    assert.match(md, /\| message_limit \| 24 \|/);
    assert.match(md, /\| 0 \/ 20 \(reset: message_limit\) \|/);
    assert.match(md, /\| Session \| Agent \| Health \| State \| Open findings \| Messages \| Context \|/);
    assert.match(md, /Session health: a prompt or tool result with no assistant response for 5 min while the agent runs is stuck/);
    assert.match(md, /Message limit: 20 per session, warning at 85 %/);
  });

  it('a compaction far below the limit does not reset the count', async () => {
    const ls = lines('compact.jsonl');
    const { engine } = await newEngine({}, new FakeClock(lastTs(ls)));
    const events = eventsOf(ls);
    engine.ingest(events, { live: true });
    const s = engine.session(events[0].sessionId)!;
    assert.ok(s.marathon.count > 0);
    assert.strictEqual(s.marathon.lastReset, undefined);
  });

  it('resets after an idle gap (idle) and at the daily hour (daily)', async () => {
    const ls = replay('tool_use.jsonl', 2, 25 * 60 * MIN, 'idle-1');
    const { engine } = await newEngine({ health: { dailyResetHour: -1 } }, new FakeClock(lastTs(ls)));
    engine.ingest(eventsOf(ls), { live: false });
    const s = engine.session('idle-1')!;
    assert.strictEqual(s.marathon.lastReset?.reason, 'idle');
    assert.strictEqual(s.marathon.count, 8, 'the second copy counts from 0');
    assert.strictEqual(s.messageCount, 16, 'the total is kept');

    // Daily: the same replay 2 h apart across 04:00 local time (idle reset off).
    const threeAm = new Date(2026, 10, 24, 3, 0, 0).getTime();
    const src = replay('tool_use.jsonl', 2, 2 * 60 * MIN, 'daily-1');
    const shift = threeAm - firstTs(src);
    const shifted = src.map((l) =>
      l.replace(/"timestamp":"([^"]+)"/g, (_a, iso: string) => `"timestamp":"${new Date(Date.parse(iso) + shift).toISOString()}"`),
    );
    const d = await newEngine({ health: { idleResetMs: 0, dailyResetHour: 4 } }, new FakeClock(threeAm + 3 * 60 * MIN));
    d.engine.ingest(eventsOf(shifted), { live: false });
    const ds = d.engine.session('daily-1')!;
    assert.strictEqual(ds.marathon.lastReset?.reason, 'daily');
    assert.strictEqual(ds.marathon.count, 8);
  });

  it('the daily boundary is the latest local reset hour at or before the time', () => {
    const t = new Date(2026, 10, 24, 3, 30).getTime();
    assert.strictEqual(dailyResetBoundary(t, 4), new Date(2026, 10, 23, 4, 0).getTime());
    assert.strictEqual(dailyResetBoundary(new Date(2026, 10, 24, 4, 0).getTime(), 4), new Date(2026, 10, 24, 4, 0).getTime());
  });

  it('0 means unlimited', async () => {
    const ls = replay('tool_use.jsonl', 30, 10 * MIN, 'unlimited');
    const { engine } = await newEngine({ health: { maxMessages: 0 } }, new FakeClock(lastTs(ls)));
    engine.ingest(eventsOf(ls), { live: false });
    const s = engine.session('unlimited')!;
    assert.strictEqual(s.marathon.count, 240);
    assert.ok(!s.findings.some((f) => f.type === 'marathon_session'));
  });
});

describe('stale sessions and resume loops (stale_resume.stdout.txt)', () => {
  const printed = lines('stale_resume.stdout.txt').find((l) => l.startsWith('No conversation found'))!;
  const staleId = '9b0e5b6b-f7f3-462d-85c4-c8c66e1ab348';

  it('names the id the error is about', () => {
    assert.strictEqual(staleSessionIdIn(printed), staleId);
    assert.strictEqual(staleSessionIdIn('error_during_execution'), undefined);
  });

  it('one failed resume: HIGH, clear stale session, resume broken; a second: a resume loop, CRITICAL', async () => {
    const { engine, clock } = await newEngine();
    engine.updateSession(staleId, { agent: 'claude-code', title: 'the session that expired' });
    const first = engine.ingestText('terminal-1', printed, { agent: 'claude-code' });
    assert.strictEqual(first[0].type, 'stale_session');
    assert.strictEqual(first[0].severity, 'HIGH');
    assert.strictEqual(first[0].strategy, 'clear_stale_session');
    assert.strictEqual(engine.session('terminal-1')!.resumeBroken, true);
    assert.strictEqual(engine.session(staleId)!.resumeBroken, true, 'the dead id itself is marked');
    clock.advance(10 * MIN);
    const second = engine.ingestText('terminal-1', printed, { agent: 'claude-code' });
    assert.strictEqual(second[0].severity, 'CRITICAL');
    assert.strictEqual(second[0].strategy, 'clear_stale_session', 'never retry the same id');
    assert.match(second[0].escalation, new RegExp(`resume of ${staleId} failed 2 times: a resume loop`));
    // A session the error did not name is not marked.
    engine.updateSession('other', { agent: 'claude-code' });
    assert.strictEqual(engine.session('other')!.resumeBroken, false);
  });

  it('a session that appears after its id failed to resume is marked too', async () => {
    const { engine } = await newEngine();
    engine.ingestText('terminal-3', printed, { agent: 'claude-code' });
    engine.updateSession(staleId, { agent: 'claude-code' });
    assert.strictEqual(engine.session(staleId)!.resumeBroken, true);
  });

  it('the tree never offers restart-with-resume for a session whose resume failed', async () => {
    const { engine, clock } = await newEngine({ health: { maxMessages: 20 } });
    const ls = replay('tool_use.jsonl', 3, 10 * MIN, 'resumable');
    clock.t = lastTs(ls);
    engine.ingest(eventsOf(ls), { live: true });
    const marathon = () => engine.session('resumable')!.findings.find((f) => f.type === 'marathon_session')!;
    assert.deepStrictEqual(actionsForFinding(marathon(), engine.session('resumable')!, clock.now()), [
      'compact',
      'restart',
      'acknowledge',
      'snooze',
    ]);
    engine.ingestText('resumable', 'No conversation found with session ID: resumable-0000', { agent: 'claude-code' });
    const s = engine.session('resumable')!;
    assert.strictEqual(s.resumeBroken, true);
    assert.deepStrictEqual(actionsForFinding(marathon(), s, clock.now()), ['compact', 'acknowledge', 'snooze']);
    const stale = s.findings.find((f) => f.type === 'stale_session')!;
    assert.deepStrictEqual(actionsForFinding(stale, s, clock.now()), ['clearStale', 'acknowledge', 'snooze']);
  });

  it("the tree follows the user's recipes: a step the user's recipe leaves empty is not offered", async () => {
    const { engine, clock } = await newEngine({ health: { maxMessages: 20 } });
    const ls = replay('tool_use.jsonl', 3, 10 * MIN, 'no-compact');
    clock.t = lastTs(ls);
    engine.ingest(eventsOf(ls), { live: true });
    const s = engine.session('no-compact')!;
    const marathon = s.findings.find((f) => f.type === 'marathon_session')!;
    const { recipes, problems } = resolveRecipes({ 'claude-code': { compact: '' } });
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(actionsForFinding(marathon, s, clock.now(), recipes), ['restart', 'acknowledge', 'snooze']);
  });

  it('stays marked after a restart of the extension (store round trip)', async () => {
    const { engine, store } = await newEngine();
    engine.ingestText('terminal-2', printed, { agent: 'claude-code' });
    const reopened = new Engine(Store.open(await sqlJs(), store.export()));
    assert.strictEqual(reopened.session('terminal-2')!.resumeBroken, true);
  });
});

describe('context pressure', () => {
  /**
   * tool_use.jsonl replayed as one long session whose context grows: each copy's real assistant lines get the usage of a
   * conversation `base + k * step` tokens deep (cache read), the rest of the usage object as the CLI wrote it.
   */
  function growing(copies: number, base: number, step: number, sessionId: string): string[] {
    const out: string[] = [];
    replay('tool_use.jsonl', copies, 5 * MIN, sessionId).forEach((l, i, all) => {
      const k = Math.floor(i / (all.length / copies));
      out.push(l.replace(/"cache_read_input_tokens":\d+/, `"cache_read_input_tokens":${base + k * step}`));
    });
    return out;
  }

  it('warns at 80 % of the window with the turns left, and a compaction resolves it', async () => {
    const ls = growing(6, 100_000, 15_000, 'ctx-1');
    const { engine, clock } = await newEngine({}, new FakeClock(lastTs(ls)));
    const found = [];
    for (const e of eventsOf(ls)) {
      found.push(...engine.ingest([e], { live: true }).filter((f) => f.type === 'context_pressure'));
    }
    assert.strictEqual(found.length, 1, 'one detection (the text follows the usage without new notifications)');
    assert.strictEqual(found[0].severity, 'MEDIUM');
    assert.strictEqual(found[0].strategy, 'compact_context');
    assert.match(found[0].lastText, /of the 200000-token context window of claude-opus-5-5 \(8\d %\)/);
    const s = engine.session('ctx-1')!;
    assert.ok(s.context && s.context.percent >= 80 && s.context.percent < 90, JSON.stringify(s.context));
    assert.strictEqual(s.context.windowTokens, 200_000);
    assert.ok(s.context.turnsLeft !== undefined && s.context.turnsLeft >= 1, 'an estimate from the recent growth');
    const f = s.findings.find((x) => x.type === 'context_pressure')!;
    assert.match(f.lastText, /About \d+ turns? left at \+\d+ tokens per turn/);
    assert.match(formatContext(s.context), /^ctx 8\d%/);
    assert.match(sessionDescription(s, clock.now()), /ctx 8\d%/);

    const boundary = lines('compact.jsonl').find((l) => l.includes('"compact_boundary"'))!;
    clock.advance(MIN);
    engine.ingest(
      eventsOf([boundary]).map((e) => ({ ...e, sessionId: 'ctx-1', timestamp: clock.now() })),
      { live: true },
    );
    const after = engine.session('ctx-1')!;
    assert.strictEqual(after.context, undefined, 'no usage since the compaction');
    assert.strictEqual(after.findings.find((x) => x.type === 'context_pressure')!.status, 'resolved');
  });

  it('nearly full is HIGH', async () => {
    const ls = growing(2, 150_000, 42_000, 'ctx-2');
    const { engine } = await newEngine({}, new FakeClock(lastTs(ls)));
    engine.ingest(eventsOf(ls), { live: true });
    const f = open(engine, 'ctx-2').find((x) => x.type === 'context_pressure')!;
    assert.strictEqual(f.severity, 'HIGH');
    assert.match(f.escalation, /nearly full/);
  });

  it('a drop in usage resolves it; subagent usage does not count', async () => {
    const ls = growing(2, 170_000, -120_000, 'ctx-3');
    const { engine } = await newEngine({}, new FakeClock(lastTs(ls)));
    const events = eventsOf(ls);
    const half = events.length / 2;
    engine.ingest(events.slice(0, half), { live: true });
    assert.ok(open(engine, 'ctx-3').some((x) => x.type === 'context_pressure'));
    // A subagent (sidechain) at 190k does not speak for the main context.
    engine.ingest(
      events
        .slice(half)
        .map((e) => (e.usage ? { ...e, sidechain: true, usage: { ...e.usage, cacheRead: 190_000 } } : e))
        .slice(0, 3),
      { live: true },
    );
    engine.ingest(events.slice(half), { live: true });
    assert.ok(!open(engine, 'ctx-3').some((x) => x.type === 'context_pressure'));
    assert.ok(engine.session('ctx-3')!.context!.percent < 80);
  });

  it('under the warning threshold there is no finding (real happy.jsonl usage)', async () => {
    const ls = lines('happy.jsonl');
    const { engine } = await newEngine({}, new FakeClock(lastTs(ls)));
    const events = eventsOf(ls);
    engine.ingest(events, { live: true });
    const s = engine.session(events[0].sessionId)!;
    assert.strictEqual(s.context!.usedTokens, 174 + 19 + 2761 + 517);
    assert.deepStrictEqual(s.findings, []);
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
