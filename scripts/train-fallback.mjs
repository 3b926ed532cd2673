#!/usr/bin/env node
// Trains the detector's learned fallback (src/core/detection/fallback.ts) on the development part of the labelled corpus
// and writes src/core/detection/fallbackModel.json: whether a line the rules left undecided is a failure report (trained
// on those lines of the development part), and its type (one model per type, trained on every failure line). The
// threshold: the multiple of 0.05 with the best F1 of failure precision and recall over all development lines, the
// fallback measured out of fold (5 folds by source thread; on 2026-12-02 the curve was flat from 0.30 to 0.75, best at
// 0.50: 0.930 / 0.961). Deterministic (`--check` exits 1 when
// the committed model differs); `--cv` prints the out-of-fold curve. Never reads the blind part. Compile first
// (`npm run compile-tests`, or SESSION_DOCTOR_OUT=<build folder>).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { foldOf, readDevelopmentPart, trainLogistic } from './detection/logistic.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const outDir = process.env.SESSION_DOCTOR_OUT || 'out';
const { fallbackFeatures, fallbackReading, inFallbackDomain } = require(join(root, outDir, 'src/core/detection/fallback.js'));
const { detect } = require(join(root, outDir, 'src/core/detection/detect.js'));
const { values } = parseArgs({
  options: {
    cv: { type: 'boolean' },
    check: { type: 'boolean' },
    lambda: { type: 'string', default: '0.001' },
    iterations: { type: 'string', default: '600' },
    rate: { type: 'string', default: '2' },
    'min-threads': { type: 'string', default: '2' },
  },
});
const options = {
  lambda: Number(values.lambda),
  iterations: Number(values.iterations),
  rate: Number(values.rate),
  minThreads: Number(values['min-threads']),
};
const FOLDS = 5;

const rows = readDevelopmentPart(root).map((e) => {
  const verdict = detect(e.text, { raw: true, fallback: false });
  return {
    expected: e.expected,
    y: e.expected === null ? 0 : 1,
    thread: e.thread,
    flagged: !!verdict.type,
    domain: !verdict.type && verdict.decidedBy === 'nothing' && inFallbackDomain(e.text),
    features: fallbackFeatures(e.text),
    text: e.text,
  };
});
const domain = rows.filter((r) => r.domain);
const failures = rows.filter((r) => r.y === 1);
const ruleHits = { n: rows.filter((r) => r.flagged).length, tp: rows.filter((r) => r.flagged && r.y === 1).length };

// out of fold: the failure model trained without the fold's threads scores the fold's undecided lines
const outOfFold = [];
for (let i = 0; i < FOLDS; i++) {
  const model = trainLogistic(
    domain.filter((r) => foldOf(r.thread, FOLDS) !== i),
    (r) => r.y,
    options,
  );
  const reading = { failure: model, threshold: 2, types: {}, trainedOn: '' };
  for (const r of domain.filter((r) => foldOf(r.thread, FOLDS) === i)) {
    outOfFold.push({ y: r.y, p: fallbackReading(r.text, undefined, reading).probability });
  }
}
const curve = [];
for (let k = 0; k <= 20; k++) {
  const t = k * 0.05;
  const kept = outOfFold.filter((s) => s.p >= t);
  const tp = ruleHits.tp + kept.filter((s) => s.y === 1).length;
  const precision = tp / (ruleHits.n + kept.length);
  const recall = tp / failures.length;
  curve.push({ t, precision, recall, f1: (2 * precision * recall) / (precision + recall) });
}
if (values.cv) {
  for (const c of curve)
    console.log(`threshold ${c.t.toFixed(2)}: precision ${c.precision.toFixed(4)} recall ${c.recall.toFixed(4)} F1 ${c.f1.toFixed(4)}`);
  process.exit(0);
}
const best = Math.max(...curve.map((c) => c.f1));
const threshold = Math.round(curve.find((c) => c.f1 === best).t * 100) / 100;
const failure = trainLogistic(domain, (r) => r.y, options);
const types = {};
for (const type of [...new Set(failures.map((r) => r.expected))].sort()) {
  types[type] = trainLogistic(failures, (r) => (r.expected === type ? 1 : 0), { ...options, digits: 2, minWeight: 0.05 });
}
const trainedOn = `${domain.length} undecided development lines in its domain (${domain.filter((r) => r.y).length} failures) for the failure model, ${failures.length} failure lines for the type models; lambda ${options.lambda}, ${options.iterations} iterations, rate ${options.rate}, features in >= ${options.minThreads} threads; threshold: the best F1 out of fold (${FOLDS} folds by thread)`;
const body =
  JSON.stringify({
    generatedBy: 'scripts/train-fallback.mjs from test/fixtures/corpus/dev: do not edit',
    threshold,
    trainedOn,
    failure,
    types,
  }) + '\n';
const target = join(root, 'src/core/detection/fallbackModel.json');
if (values.check) {
  if (readFileSync(target, 'utf8') !== body) {
    console.error('src/core/detection/fallbackModel.json is not what scripts/train-fallback.mjs trains from the development part');
    process.exit(1);
  }
  console.log('fallback model is up to date');
} else {
  writeFileSync(target, body);
  console.log(`${trainedOn}; threshold ${threshold}`);
}
