/**
 * Decimation of the session panel's line charts: at most four samples per bucket, and in each bucket the same lowest and
 * highest value as the whole series there, so every compaction's drop and every peak is still drawn. On the context
 * samples of a real transcript (test/fixtures/claude/rate_limit_then_ok.jsonl, real Claude Code 2.1.330: too few to
 * decimate) and on a long synthetic session whose context fills and is compacted 40 times.
 */
import * as assert from 'assert';
import { claudeFormat } from '../../../../src/core/agents/claude/kind';
import { decimate, pick } from '../../../../src/core/dashboard/decimate';
import { both } from './fixtures';

/** Checks the kept samples against the whole series, bucket by bucket (`buckets` equal spans of `t`). */
function checkBuckets(t: number[], series: (number | null)[][], buckets: number): number[] {
  const keep = decimate(t, series, buckets);
  for (let i = 1; i < keep.length; i++) {
    assert.ok(keep[i] > keep[i - 1], 'indices ascending, no repeat');
  }
  assert.strictEqual(keep[0], 0, 'the first sample is kept');
  assert.strictEqual(keep[keep.length - 1], t.length - 1, 'the last sample is kept');
  assert.ok(keep.length <= 2 * buckets * (series.length + 1), `${keep.length} kept for ${buckets} buckets`);
  const span = t[t.length - 1] - t[0];
  const bucketOf = (x: number): number => Math.min(buckets - 1, Math.floor((x - t[0]) * (buckets / span)));
  for (const s of series) {
    const all = new Map<number, number[]>();
    const kept = new Map<number, number[]>();
    t.forEach((x, i) => s[i] !== null && all.set(bucketOf(x), [...(all.get(bucketOf(x)) ?? []), s[i] as number]));
    keep.forEach((i) => s[i] !== null && kept.set(bucketOf(t[i]), [...(kept.get(bucketOf(t[i])) ?? []), s[i] as number]));
    for (const [b, values] of all) {
      const k = kept.get(b) ?? [];
      assert.strictEqual(Math.min(...k), Math.min(...values), `lowest of bucket ${b}`);
      assert.strictEqual(Math.max(...k), Math.max(...values), `highest of bucket ${b}`);
    }
  }
  return keep;
}

describe('dashboard decimation', () => {
  it('a real transcript: fewer samples than buckets, all kept', async () => {
    const { t } = await both('claude', 'rate_limit_then_ok.jsonl', () => claudeFormat);
    const c = t.context;
    assert.ok(c.t.length > 0);
    assert.deepStrictEqual(
      decimate(c.t, [c.used], 300),
      c.t.map((_, i) => i),
    );
  });

  it('10,000 context samples with 40 compactions: every drop and peak still drawn', () => {
    const start = Date.UTC(2030, 0, 1);
    const t: number[] = [];
    const used: number[] = [];
    let ctx = 20_000;
    for (let i = 0; i < 10_000; i++) {
      t.push(start + i * 2_000 + (i % 3));
      ctx = i % 250 === 249 ? 15_000 + (i % 7) * 100 : ctx + 700 + (i % 5) * 10;
      used.push(ctx);
    }
    const keep = checkBuckets(t, [used], 340);
    assert.ok(keep.length < 1400, `${keep.length} of 10,000 drawn`);
    const drops = used.map((u, i) => (i > 0 && u < used[i - 1] ? i : -1)).filter((i) => i >= 0);
    assert.strictEqual(drops.length, 40);
    const drawn = pick(used, keep);
    const drawnDrops = drawn.filter((u, i) => i > 0 && u < drawn[i - 1]).length;
    assert.strictEqual(drawnDrops, drops.length, 'each compaction is a drop on the drawn line');
  });

  it('two series (cumulative tokens and cost) and nulls', () => {
    const t = Array.from({ length: 5_000 }, (_, i) => 1_000 + i * 10);
    const tokens = t.map((_, i) => i * 1_000);
    const cost = t.map((_, i) => (i % 97 === 0 ? null : i * 0.01 + (i % 13)));
    const keep = checkBuckets(t, [tokens, cost], 100);
    assert.ok(keep.length <= 600);
  });

  it('one instant, nothing to gain, and a series of the wrong length', () => {
    const t = Array.from({ length: 50 }, () => 7);
    const v = t.map((_, i) => (i * 17 + 5) % 23);
    assert.deepStrictEqual(decimate(t, [v], 10).length, 4, 'one bucket: first, last, lowest, highest');
    assert.deepStrictEqual(decimate([1, 2, 3], [[1, 2, 3]], 2), [0, 1, 2]);
    assert.deepStrictEqual(decimate([], [[]], 5), []);
    assert.throws(() => decimate([1, 2], [[1]], 5), RangeError);
  });
});
