/**
 * The overview's model from a real engine on a real sql.js store that read several real transcripts
 * (test/fixtures/claude and test/fixtures/codex, written by the real CLIs; see each PROVENANCE.md): the table rows are
 * the snapshot's numbers, the findings chart counts every finding once, the spend chart spreads every session's cost
 * and tokens without losing any, and the live chart counts the sessions live at each sample.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { claudeFormat } from '../../../../src/core/agents/claude/kind';
import { createCodexFormat } from '../../../../src/core/agents/codex/kind';
import {
  buildOverview,
  findingsChart,
  liveChart,
  localDayStart,
  sessionRow,
  spendChart,
  totalTokens,
} from '../../../../src/core/dashboard/overview';
import { Tailer } from '../../../../src/core/ingest/tailer';
import type { SessionSnapshot } from '../../../../src/core/model/snapshot';
import { nodeFileAccess } from '../../../../src/host/node/nodeFileAccess';
import { FakeClock, REPO_ROOT, newEngine } from '../../helpers';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** One engine that read these fixtures, its clock after the last one. */
async function engineOf(files: [string, typeof claudeFormat][]): Promise<{ sessions: SessionSnapshot[]; now: number }> {
  const last = files
    .flatMap(([f]) => fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures', f), 'utf8').match(/"timestamp":"[^"]+"/g) ?? [])
    .map((m) => Date.parse(m.slice(13, -1)))
    .reduce((a, b) => Math.max(a, b), 0);
  const clock = new FakeClock(last + 60_000);
  const { engine } = await newEngine({}, clock);
  const tailer = new Tailer(nodeFileAccess, engine, { chunkBytes: 4096 });
  for (const [f, format] of files) {
    await tailer.read(path.join(REPO_ROOT, 'test/fixtures', f), format, path.basename(f, '.jsonl'), false);
  }
  const sessions = engine.snapshot();
  return { sessions, now: clock.now() };
}

const FILES: [string, typeof claudeFormat][] = [
  ['claude/happy.jsonl', claudeFormat],
  ['claude/rate_limit_forever.jsonl', claudeFormat],
  ['claude/auth_401.jsonl', claudeFormat],
  ['claude/tool_loop.jsonl', claudeFormat],
  ['codex/rate_limit_then_ok.jsonl', createCodexFormat()],
  ['codex/happy.jsonl', createCodexFormat()],
];

describe('dashboard overview', () => {
  it('table rows are the snapshot’s numbers', async () => {
    const { sessions, now } = await engineOf(FILES);
    assert.ok(sessions.length >= FILES.length, `${sessions.length} sessions`);
    const model = buildOverview(sessions, { now, limit: 4, liveWindowMs: 30 * 60_000 });
    assert.strictEqual(model.sessions.length, sessions.length);
    for (const s of sessions) {
      const row = model.sessions.find((r) => r.id === s.id)!;
      assert.strictEqual(row.messages, s.messageCount);
      assert.strictEqual(row.costUsd, s.costUsd);
      assert.strictEqual(row.tokens, totalTokens(s));
      assert.strictEqual(row.findings, s.findings.length);
      assert.strictEqual(row.openFindings, s.findings.filter((f) => f.status === 'open').length);
      assert.strictEqual(row.health, s.health);
      assert.strictEqual(row.agent, s.agent);
      assert.strictEqual(row.lastActivity, s.lastActivity);
    }
    // The failing fixtures have findings, the happy ones none.
    const failing = model.sessions.filter((r) => r.openFindings > 0);
    assert.ok(failing.length >= 2, 'the 429 and 401 sessions have open findings');
    assert.ok(failing.every((r) => r.worstFinding.length > 0));
  });

  it('findings chart: every finding counted once, in its bucket, and by type', async () => {
    const { sessions, now } = await engineOf(FILES);
    const all = sessions.flatMap((s) => s.findings);
    assert.ok(all.length > 0);
    const chart = findingsChart(sessions, now);
    const total = chart.severities.reduce((a, s) => a + s.counts.reduce((x, y) => x + y, 0), 0);
    assert.strictEqual(total, all.length);
    assert.strictEqual(
      chart.byType.reduce((a, r) => a + r.findings, 0),
      all.length,
    );
    for (const row of chart.byType) {
      const ofType = all.filter((f) => f.type === row.type);
      assert.strictEqual(row.findings, ofType.length);
      assert.strictEqual(
        row.occurrences,
        ofType.reduce((a, f) => a + f.count, 0),
      );
      assert.strictEqual(row.sessions, new Set(ofType.map((f) => f.sessionId)).size);
    }
    for (let i = 1; i < chart.buckets.length; i++) {
      assert.ok(chart.buckets[i] > chart.buckets[i - 1]);
    }
    for (const f of all) {
      const i = chart.buckets.findIndex(
        (b, k) => f.firstSeen >= b && (k + 1 === chart.buckets.length || f.firstSeen < chart.buckets[k + 1]),
      );
      assert.ok(i >= 0, 'a bucket holds each finding');
    }
  });

  it('spend chart: per-day shares add up to each agent’s cost and tokens', async () => {
    const { sessions, now } = await engineOf(FILES);
    const chart = spendChart(sessions, now);
    const agents = new Set(sessions.map((s) => s.agent));
    assert.deepStrictEqual(new Set(chart.agents.map((a) => a.agent)), agents);
    for (const a of chart.agents) {
      const mine = sessions.filter((s) => s.agent === a.agent);
      const cost = mine.reduce((x, s) => x + s.costUsd, 0);
      const tokens = mine.reduce((x, s) => x + totalTokens(s), 0);
      assert.ok(Math.abs(a.cost.reduce((x, y) => x + y, 0) - cost) < 1e-6, `${a.agent} cost`);
      assert.ok(Math.abs(a.tokens.reduce((x, y) => x + y, 0) - tokens) < 1e-3, `${a.agent} tokens`);
      assert.strictEqual(a.cost.length, chart.days.length);
    }
    assert.ok(
      chart.agents.some((a) => a.cost.some((c) => c > 0)),
      'the real transcripts cost something',
    );
  });

  it('a session spanning midnight is split by its time on each day', () => {
    const day = Date.UTC(2030, 0, 2);
    const utc = (ms: number): number => Math.floor(ms / DAY) * DAY;
    const s = {
      ...stub('x', day - 6 * HOUR, day + 2 * HOUR),
      costUsd: 8,
      tokens: { input: 800, output: 0, cacheRead: 0, cacheCreation: 0 },
    };
    const chart = spendChart([s], day + 3 * HOUR, utc);
    assert.deepStrictEqual(chart.days, [day - DAY, day]);
    assert.deepStrictEqual(chart.agents[0].cost, [6, 2]);
    assert.deepStrictEqual(chart.agents[0].tokens, [600, 200]);
  });

  it('live chart: sessions live at each sample, then the measured counts, the tiers and the prediction', () => {
    const now = Date.UTC(2030, 0, 1, 12);
    const window = 10 * 60_000;
    const sessions = [
      stub('a', now - 2 * HOUR, now - HOUR),
      stub('b', now - 90 * 60_000, now - 5 * 60_000),
      stub('c', now - 30 * 60_000, now),
    ];
    const chart = liveChart(sessions, { now, limit: 10, liveWindowMs: window });
    assert.strictEqual(chart.t[chart.t.length - 1], now);
    assert.strictEqual(chart.live[chart.live.length - 1], 2, 'b (within its live window) and c');
    chart.t.forEach((t, i) => {
      const expected = sessions.filter((s) => s.firstSeen <= t && t <= s.lastActivity + window).length;
      assert.strictEqual(chart.live[i], expected, `at ${i}`);
    });
    assert.deepStrictEqual(
      chart.tiers.map((x) => x.atLive).sort((a, b) => a - b),
      [7, 8, 9],
    );
    const measured = [
      { at: now - 10 * 60_000, live: 5 },
      { at: now - 60_000, live: 6 },
    ];
    const withMeasured = liveChart(sessions, {
      now,
      limit: 10,
      liveWindowMs: window,
      measured,
      prediction: { atMs: now + HOUR, perHour: 4 },
    });
    assert.strictEqual(withMeasured.current, 6);
    assert.deepStrictEqual(withMeasured.t.slice(-3), [now - 10 * 60_000, now - 60_000, now]);
    assert.deepStrictEqual(withMeasured.live.slice(-3), [5, 6, 6]);
    assert.deepStrictEqual(withMeasured.prediction, { atMs: now + HOUR, perHour: 4 });
    assert.deepStrictEqual(liveChart(sessions, { now, limit: 0, liveWindowMs: window }).tiers, []);
  });

  it('no sessions: empty table and charts that still have an x axis', () => {
    const now = Date.UTC(2030, 0, 1, 12);
    const m = buildOverview([], { now, limit: 0, liveWindowMs: 60_000 });
    assert.deepStrictEqual(m.sessions, []);
    assert.ok(m.live.t.length > 0);
    assert.ok(m.findings.buckets.length > 0);
    assert.deepStrictEqual(m.spend.agents, []);
    assert.strictEqual(m.spend.days[0], localDayStart(now));
  });

  it('sessionRow: the worst open finding names the row', async () => {
    const { sessions } = await engineOf([['claude/auth_401.jsonl', claudeFormat]]);
    const s = sessions[0];
    const row = sessionRow(s);
    const open = s.findings.filter((f) => f.status === 'open');
    assert.ok(open.length > 0);
    assert.ok(open.some((f) => f.title === row.worstFinding));
  });
});

/** A session with only the times set (what the live and spend charts read). */
function stub(id: string, firstSeen: number, lastActivity: number): SessionSnapshot {
  return {
    id,
    agent: 'claude-code',
    project: 'p',
    title: id,
    cwd: '',
    file: '',
    firstSeen,
    lastActivity,
    messageCount: 0,
    tokens: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 },
    costUsd: 0,
    model: '',
    skippedLines: 0,
    lastError: '',
    lastErrorAt: 0,
    health: 'ok',
    findings: [],
    activity: { state: 'unknown', sinceMs: lastActivity, detail: '', processKnown: false },
    marathon: { count: 0, limit: 0, warnAt: 0 },
    resumeBroken: false,
  };
}
