/**
 * Context pressure on real Claude Code transcripts replayed into long sessions (./healthFixtures.ts): samples, the turns
 * left and the finding. Time moves with a FakeClock.
 */
import * as assert from 'assert';
import { formatContext, sessionDescription } from '../../../../src/core/report/labels';
import { FakeClock, newEngine } from '../../helpers';
import { MIN, lines, eventsOf, replay, lastTs, open } from './healthFixtures';

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
