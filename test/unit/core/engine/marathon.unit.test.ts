/**
 * Marathon sessions and their message-count resets (idle, daily, message limit) on real Claude Code transcripts replayed
 * into long sessions (./healthFixtures.ts). Time moves with a FakeClock.
 */
import * as assert from 'assert';
import { dailyResetBoundary } from '../../../../src/core/engine/engine';
import { sessionDescription } from '../../../../src/core/report/labels';
import { FakeClock, newEngine } from '../../helpers';
import { MIN, lines, eventsOf, replay, lastTs, firstTs } from './healthFixtures';

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
