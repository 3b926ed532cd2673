#!/usr/bin/env node
// Trains the detector's gate (src/core/detection/gate.ts) on the development part of the labelled corpus and writes
// src/core/detection/gateModel.json. Deterministic: the same corpus and options give the same file (`--check` exits 1 when
// the committed model differs). `--cv <k>` prints k-fold cross-validation by source thread instead (nothing written).
// Never reads the blind part. Run `npm run compile-tests` first (features come from the compiled gate.js).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { foldOf, readDevelopmentPart, trainLogistic } from './detection/logistic.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
// the compiled detector: out/ (npm run compile-tests), or another build folder with SESSION_DOCTOR_OUT
const outDir = process.env.SESSION_DOCTOR_OUT || 'out';
const { gateFeatures, gateProbability, readsLikeProse } = require(join(root, outDir, 'src/core/detection/gate.js'));
const { detect } = require(join(root, outDir, 'src/core/detection/detect.js'));
const { values } = parseArgs({
  options: {
    cv: { type: 'string' },
    check: { type: 'boolean' },
    lambda: { type: 'string', default: '0.001' },
    iterations: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '2' },
    'min-threads': { type: 'string', default: '2' },
  },
});
const LAMBDA = Number(values.lambda);
const ITERATIONS = Number(values.iterations);
const RATE = Number(values.rate);
const MIN_THREADS = Number(values['min-threads']);

const rows = readDevelopmentPart(root).map((e) => {
  const verdict = detect(e.text, { raw: true, gate: false, explain: true });
  return {
    text: e.text,
    y: e.expected === null ? 0 : 1,
    thread: e.thread,
    flagged: !!verdict.type,
    prose: readsLikeProse(e.text) && !verdict.evidence.some((x) => x.kind === 'term' && x.vocabulary.id === 'session-doctor'),
    verdict,
    features: gateFeatures(e.text, verdict),
  };
});

/** The gate's logistic regression (scripts/detection/logistic.mjs) with this script's options. */
const train = (data) => trainLogistic(data, (r) => r.y, { lambda: LAMBDA, iterations: ITERATIONS, rate: RATE, minThreads: MIN_THREADS });

/**
 * The threshold (a multiple of 0.05) with the best F1 of failure precision and recall over all development lines, the
 * gate's probabilities measured out of fold (`scored`: the flagged prose lines; `flaggedOther`: flagged lines the gate
 * does not see; `failures`: all failure lines). Where the F1 curve is flat (within 0.001 of the best, as at 0.55-0.65 on
 * 2026-12-01: 0.9389 / 0.9389 / 0.9390) the lowest such threshold is taken: the gate is there to drop people's
 * sentences, and a tie is not a reason to drop more failures. `GATE_F1=1` prints the curve.
 */
function chooseThreshold(scored, flaggedOther, failures) {
  const curve = [];
  for (let k = 0; k <= 19; k++) {
    const t = k * 0.05;
    const kept = scored.filter((s) => s.p >= t);
    const tp = kept.filter((s) => s.y === 1).length + flaggedOther.tp;
    const flagged = kept.length + flaggedOther.n;
    const precision = tp / flagged;
    const recall = tp / failures;
    const f1 = (2 * precision * recall) / (precision + recall);
    if (process.env.GATE_F1)
      console.error(`threshold ${t.toFixed(2)}: precision ${precision.toFixed(4)} recall ${recall.toFixed(4)} F1 ${f1.toFixed(4)}`);
    curve.push({ t, f1 });
  }
  const best = Math.max(...curve.map((c) => c.f1));
  const chosen = curve.find((c) => c.f1 >= best - 0.001);
  return Math.round(chosen.t * 100) / 100;
}

const fold = foldOf;
if (values.cv) {
  const k = Number(values.cv);
  const scored = [];
  for (let i = 0; i < k; i++) {
    const model = { ...train(rows.filter((r) => fold(r.thread, k) !== i)), threshold: 0, trainedOn: '' };
    for (const r of rows.filter((r) => fold(r.thread, k) === i)) {
      scored.push({ ...r, p: r.prose ? gateProbability(r.text, r.verdict, model) : 1 });
    }
  }
  const flagged = scored.filter((s) => s.flagged);
  const failures = rows.filter((r) => r.y === 1).length;
  for (const t of [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]) {
    const kept = flagged.filter((s) => s.p >= t);
    const tp = kept.filter((s) => s.y === 1).length;
    console.log(
      `threshold ${t.toFixed(2)}: failure precision ${(tp / kept.length).toFixed(3)} recall ${(tp / failures).toFixed(3)} (${kept.length - tp} false alarms)`,
    );
  }
  if (process.env.GATE_DUMP) {
    const t = Number(process.env.GATE_DUMP);
    for (const s of flagged.filter((s) => (s.y === 0) === s.p >= t).sort((a, b) => a.p - b.p)) {
      console.log(`${s.y ? 'LOST' : 'FA  '} ${s.p.toFixed(2)} ${s.text.slice(0, 160)}`);
    }
  }
  process.exit(0);
}
const flaggedRows = rows.filter((r) => r.flagged && r.prose);
const other = rows.filter((r) => r.flagged && !r.prose);
const model = train(rows);
// the threshold: the best F1 over the development lines, the gate measured out of fold (5 folds by thread)
const outOfFold = [];
for (let i = 0; i < 5; i++) {
  const m = { ...train(rows.filter((r) => fold(r.thread, 5) !== i)), threshold: 0, trainedOn: '' };
  for (const r of flaggedRows.filter((r) => fold(r.thread, 5) === i)) outOfFold.push({ y: r.y, p: gateProbability(r.text, r.verdict, m) });
}
const threshold = chooseThreshold(
  outOfFold,
  { n: other.length, tp: other.filter((r) => r.y === 1).length },
  rows.filter((r) => r.y === 1).length,
);
const trainedOn = `${rows.length} development lines (${rows.filter((r) => r.y).length} failures), ${Object.keys(model.weights).length} features; lambda ${LAMBDA}, ${ITERATIONS} iterations, rate ${RATE}, features in >= ${MIN_THREADS} threads, threshold: the lowest within 0.001 of the best F1 out of fold`;
const body =
  JSON.stringify({
    generatedBy: 'scripts/train-gate.mjs from test/fixtures/corpus/dev: do not edit',
    bias: model.bias,
    threshold,
    trainedOn,
    weights: model.weights,
  }) + '\n';
const target = join(root, 'src/core/detection/gateModel.json');
if (values.check) {
  if (readFileSync(target, 'utf8') !== body) {
    console.error('src/core/detection/gateModel.json is not what scripts/train-gate.mjs trains from the development part');
    process.exit(1);
  }
  console.log('gate model is up to date');
} else {
  writeFileSync(target, body);
  console.log(trainedOn);
}
