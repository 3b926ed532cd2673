// What the detector's two learned models share in training (scripts/train-gate.mjs, scripts/train-fallback.mjs): the
// development part of the labelled corpus read with each line's source thread, logistic regression by full-batch
// gradient descent, and folds by thread for out-of-fold figures. Never reads the blind part.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The thread a corpus line came from (an issue, pull request or discussion; else its source without the fragment). */
export const threadOf = (source) => {
  const m = /github\.com\/([^/]+\/[^/#?]+)\/(?:issues|pull|discussions)\/(\d+)/.exec(source);
  return m ? `${m[1].toLowerCase()}#${m[2]}` : source.replace(/#.*$/, '');
};

/** Every line of test/fixtures/corpus/dev/*.jsonl under `root`, files in name order: `{ text, expected, source, thread }`. */
export function readDevelopmentPart(root) {
  const devDir = join(root, 'test/fixtures/corpus/dev');
  return readdirSync(devDir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) =>
      readFileSync(join(devDir, f), 'utf8')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l)),
    )
    .map((e) => ({ ...e, thread: threadOf(e.source) }));
}

/** The fold (0..k-1) of a thread: a hash, so a thread's lines are never split between training and scoring. */
export const foldOf = (thread, k) => createHash('sha256').update(thread).digest().readUInt32BE(0) % k;

/**
 * Logistic regression over `data` (`{ features: string[], thread }`) with labels `y(row)` (0 or 1): full-batch gradient
 * descent with L2 (`lambda`), `iterations` steps of `rate`; features seen in fewer than `minThreads` threads are dropped.
 * Returns `{ bias, weights }`, weights rounded to `digits` decimals and those under `minWeight` dropped.
 */
export function trainLogistic(data, y, { lambda, iterations, rate, minThreads, digits = 3, minWeight = 0.01 }) {
  const threads = new Map();
  for (const r of data) {
    for (const f of r.features) {
      (threads.get(f) ?? threads.set(f, new Set()).get(f)).add(r.thread);
    }
  }
  const kept = [...threads.keys()].filter((f) => threads.get(f).size >= minThreads).sort();
  const index = new Map(kept.map((f, i) => [f, i]));
  const xs = data.map((r) => r.features.map((f) => index.get(f)).filter((i) => i !== undefined));
  const ys = data.map(y);
  const w = new Float64Array(kept.length);
  let b = 0;
  for (let it = 0; it < iterations; it++) {
    const g = new Float64Array(kept.length);
    let gb = 0;
    for (let k = 0; k < data.length; k++) {
      let z = b;
      for (const i of xs[k]) z += w[i];
      const err = 1 / (1 + Math.exp(-z)) - ys[k];
      gb += err;
      for (const i of xs[k]) g[i] += err;
    }
    const n = data.length;
    b -= (rate * gb) / n;
    for (let i = 0; i < w.length; i++) w[i] -= rate * (g[i] / n + lambda * w[i]);
  }
  const scale = 10 ** digits;
  const weights = {};
  kept.forEach((f, i) => {
    const v = Math.round(w[i] * scale) / scale;
    if (Math.abs(v) >= minWeight) weights[f] = v;
  });
  return { bias: Math.round(b * 1e4) / 1e4, weights };
}
