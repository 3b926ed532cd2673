/**
 * The timeline chart's bins: at most `maxBins` x positions, every point kept in exactly one bin, lanes marked where they
 * have a point, retry waits covering the bins they span, and exact (one bin per distinct time) for short spans. On the
 * timeline of a real transcript (test/fixtures/claude/rate_limit_then_ok.jsonl, real Claude Code 2.1.330) and on a long
 * synthetic one.
 */
import * as assert from 'assert';
import { claudeFormat } from '../../../../src/core/agents/claude/kind';
import { laneBins, laneY } from '../../../../src/core/dashboard/lanes';
import { TIMELINE_LANES, TimelinePoint } from '../../../../src/core/dashboard/protocol';
import { both } from './fixtures';

/** Checks what holds for any binning. */
function checkInvariants(points: TimelinePoint[], markers: TimelinePoint[], maxBins: number): ReturnType<typeof laneBins> {
  const b = laneBins(points, markers, maxBins);
  assert.ok(b.x.length <= maxBins + 1, `${b.x.length} bins`);
  for (let i = 1; i < b.x.length; i++) {
    assert.ok(b.x[i] > b.x[i - 1], 'x strictly ascending');
  }
  assert.strictEqual(b.at.flat().length, points.length + markers.length, 'each point in one bin');
  b.at.forEach((pts, i) => {
    TIMELINE_LANES.forEach((lane, l) => {
      assert.strictEqual(
        b.lanes[l][i] !== null,
        pts.some((p) => p.lane === lane),
        `lane ${lane} at ${i}`,
      );
      if (b.lanes[l][i] !== null) {
        assert.strictEqual(b.lanes[l][i], laneY(lane));
      }
    });
    for (const p of pts) {
      assert.ok(Math.abs(p.t - b.x[i]) < b.binMs, 'a point sits within its bin');
    }
  });
  return b;
}

describe('dashboard timeline lanes', () => {
  it('a real transcript: exact bins, the 429s on the error lane with their waits', async () => {
    const { t } = await both('claude', 'rate_limit_then_ok.jsonl', () => claudeFormat);
    const markers: TimelinePoint[] = [{ t: t.points[0].t, lane: 'finding', label: 'Rate limit', findingId: 1, severity: 'HIGH' }];
    const b = checkInvariants(t.points, markers, 1_000_000);
    assert.strictEqual(b.binMs, 1, 'a short session is not binned');
    const errors = t.points.filter((p) => p.lane === 'error' && p.waitMs);
    assert.ok(errors.length > 0);
    for (const e of errors) {
      const from = b.x.indexOf(e.t);
      const to = b.x.indexOf(e.t + e.waitMs!);
      assert.ok(from >= 0 && to > from, 'the wait has a start and an end');
      for (let i = from; i <= to; i++) {
        assert.strictEqual(b.waits[i], laneY('error'), 'the wait covers its span');
      }
    }
    const l = TIMELINE_LANES.indexOf('finding');
    assert.strictEqual(b.lanes[l].filter((v) => v !== null).length, 1);
  });

  it('10,000 events over six hours: at most maxBins positions, nothing lost', () => {
    const lanes = ['prompt', 'assistant', 'tool', 'error'] as const;
    const start = Date.UTC(2030, 0, 1);
    const points: TimelinePoint[] = Array.from({ length: 10_000 }, (_, i) => ({
      t: start + i * 2_000 + (i % 7),
      lane: lanes[i % lanes.length],
      label: `e${i}`,
      ...(i % 40 === 3 ? { waitMs: 30_000 } : {}),
    }));
    const b = checkInvariants(points, [], 1500);
    assert.ok(b.binMs > 1);
    assert.ok(b.x.length > 1000, 'the bins are used');
    // Every bin a wait spans is marked.
    for (const p of points.filter((q) => q.waitMs)) {
      const first = b.x.findIndex((x, i) => b.at[i].includes(p));
      assert.strictEqual(b.waits[first], laneY('error'));
    }
  });

  it('nothing to show: no bins', () => {
    const b = laneBins([], []);
    assert.deepStrictEqual(b.x, []);
    assert.strictEqual(b.lanes.length, TIMELINE_LANES.length);
  });
});
