/**
 * The session panel's model from a real engine (real sql.js store) that read a real Claude Code transcript
 * (test/fixtures/claude, written by the real CLI 2.1.330; see PROVENANCE.md), and the timeline read from the same file:
 * the header equals the snapshot, each finding carries the recovery actions the Sessions tree offers for it, recovery
 * audit rows become markers, and a delta appended to the page's copy gives the same timeline as a full read.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { claudeFormat } from '../../../../src/core/agents/claude/kind';
import { appendTimeline, cursorOf, emptyTimeline, timelineTail } from '../../../../src/core/dashboard/protocol';
import { buildSessionDelta, buildSessionPanel, markersOf } from '../../../../src/core/dashboard/sessionPanel';
import { totalTokens } from '../../../../src/core/dashboard/overview';
import { actionsForFinding } from '../../../../src/core/recovery/findingActions';
import { recoveryFlagsOf, sessionContextValue } from '../../../../src/core/recovery/recoveryActions';
import { REPO_ROOT, newEngine, FakeClock } from '../../helpers';
import { Tailer } from '../../../../src/core/ingest/tailer';
import { nodeFileAccess } from '../../../../src/host/node/nodeFileAccess';
import { both, readTimeline } from './fixtures';

describe('dashboard session panel', () => {
  it('header and findings from the snapshot, actions as the tree offers them', async () => {
    const { s, t } = await both('claude', 'rate_limit_forever.jsonl', () => claudeFormat);
    assert.ok(s.findings.length > 0, 'the 429 session has findings');
    const now = s.lastActivity + 60_000;
    const m = buildSessionPanel(s, t, { now, warnPercent: 80, audit: [], fromTranscript: true });
    assert.strictEqual(m.source, 'transcript');
    assert.strictEqual(m.header.id, s.id);
    assert.strictEqual(m.header.messages, s.messageCount);
    assert.strictEqual(m.header.costUsd, s.costUsd);
    assert.strictEqual(m.header.tokens, totalTokens(s));
    assert.strictEqual(m.header.findings, s.findings.length);
    assert.strictEqual(m.header.warnPercent, 80);
    assert.strictEqual(m.header.file, s.file);
    assert.ok(m.header.windowTokens > 0, 'the model’s context window is known');
    assert.strictEqual(m.timeline.totals.messages, m.header.messages, 'timeline and header agree');
    assert.strictEqual(m.findings.length, s.findings.length);
    for (const f of s.findings) {
      const v = m.findings.find((x) => x.id === f.id)!;
      assert.strictEqual(v.severity, f.severity);
      assert.strictEqual(v.count, f.count);
      assert.strictEqual(v.evidence, f.lastText);
      assert.deepStrictEqual(
        v.actions.map((a) => a.action),
        actionsForFinding(f, s, now),
      );
      assert.ok(v.actions.filter((a) => a.recommended).length <= 1);
    }
    // The session's own buttons are the tree's session menu: the `can-` capabilities of its contextValue, compact included.
    const menu = sessionContextValue(s.agent, undefined, recoveryFlagsOf(s))
      .split('.')
      .filter((c) => c.startsWith('can-'))
      .map((c) => c.slice(4));
    assert.deepStrictEqual(
      m.header.actions.map((a) => a.action),
      menu,
    );
    assert.ok(menu.includes('compact'), `Claude Code can compact: ${menu.join(', ')}`);
    assert.ok(m.header.actions.every((a) => a.label && a.detail && !a.recommended));
    // Each finding is marked where it was first seen.
    for (const f of s.findings) {
      assert.ok(m.markers.some((p) => p.lane === 'finding' && p.findingId === f.id && p.t === f.firstSeen));
    }
  });

  it('recovery audit rows become markers; "offered" rows and other sessions do not', async () => {
    const { s } = await both('claude', 'rate_limit_forever.jsonl', () => claudeFormat);
    const f = s.findings[0];
    const base = { sessionId: s.id, findingId: f.id, failureType: f.type, strategy: f.strategy, actor: 'user' as const, detail: '' };
    const markers = markersOf(s, [
      { ...base, id: 1, timestamp: 10, outcome: 'offered' },
      { ...base, id: 2, timestamp: 20, outcome: 'taken', detail: 'typed /compact' },
      { ...base, id: 3, timestamp: 30, outcome: 'succeeded', sessionId: 'other' },
    ]);
    const recoveries = markers.filter((p) => p.lane === 'recovery');
    assert.strictEqual(recoveries.length, 1);
    assert.strictEqual(recoveries[0].t, 20);
    assert.match(recoveries[0].label, /taken \(user\) — typed \/compact/);
    for (let i = 1; i < markers.length; i++) {
      assert.ok(markers[i].t >= markers[i - 1].t, 'sorted by time');
    }
  });

  it('a growing transcript: the delta appended to the page’s copy equals the whole timeline', async () => {
    const src = path.join(REPO_ROOT, 'test/fixtures/claude/rate_limit_then_ok.jsonl');
    const lines = fs
      .readFileSync(src, 'utf8')
      .split('\n')
      .filter((l) => l.trim());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-dash-'));
    const file = path.join(dir, 'live.jsonl');
    try {
      const half = Math.floor(lines.length / 2);
      fs.writeFileSync(file, lines.slice(0, half).join('\n') + '\n');
      const stamps = lines.map((l) => /"timestamp":"([^"]+)"/.exec(l)?.[1]).filter((x): x is string => !!x);
      const { engine } = await newEngine({}, new FakeClock(Date.parse(stamps[stamps.length - 1]) + 60_000));
      const tailer = new Tailer(nodeFileAccess, engine, { chunkBytes: 4096 });
      await tailer.read(file, claudeFormat, 'live', false);
      const id = engine.snapshot()[0].id;
      const first = await readTimeline(file, claudeFormat, id, 'live', 0);
      const input = { now: Date.UTC(2030, 0, 1), warnPercent: 80, audit: [], fromTranscript: true };
      const page = buildSessionPanel(engine.session(id)!, structuredClone(first), input);
      const cursor = cursorOf(page.timeline);

      fs.appendFileSync(file, lines.slice(half).join('\n') + '\n');
      await tailer.read(file, claudeFormat, 'live', false);
      const whole = await readTimeline(file, claudeFormat, id, 'live', 0);
      const s = engine.session(id)!;
      const delta = buildSessionDelta(s, whole, cursor, input);
      assert.ok(delta.tail.points.length > 0, 'the appended lines add points');
      assert.ok(appendTimeline(page.timeline, delta.from, delta.tail));
      assert.deepStrictEqual(page.timeline, whole);
      assert.strictEqual(page.timeline.totals.messages, s.messageCount);
      assert.strictEqual(delta.header.messages, s.messageCount);
      assert.strictEqual(delta.findings.length, s.findings.length);
      // A delta that does not start where the page's copy ends is refused and changes nothing.
      const before = structuredClone(page.timeline);
      assert.strictEqual(appendTimeline(page.timeline, cursor, delta.tail), false);
      assert.deepStrictEqual(page.timeline, before);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('no transcript: the source says so and the timeline is empty', async () => {
    const { s } = await both('claude', 'auth_401.jsonl', () => claudeFormat);
    const m = buildSessionPanel({ ...s, file: '' }, emptyTimeline(), {
      now: s.lastActivity,
      warnPercent: 80,
      audit: [],
      fromTranscript: false,
    });
    assert.strictEqual(m.source, 'none');
    assert.strictEqual(m.timeline.points.length, 0);
    assert.ok(m.markers.length >= s.findings.length);
    assert.strictEqual(m.findings.length, s.findings.length, 'the findings are still listed');
  });

  it('timelineTail of the end is empty but carries the totals', async () => {
    const { t } = await both('claude', 'happy.jsonl', () => claudeFormat);
    const tail = timelineTail(t, cursorOf(t));
    assert.deepStrictEqual(tail.points, []);
    assert.deepStrictEqual(tail.totals, t.totals);
  });
});
