#!/usr/bin/env node
// Scores a compiled detector on corpus files, for a batch's first score (before it joins the development part) and for
// comparing detectors: node scripts/corpus-score.mjs [--out <compiled out/ dir>] [--by agent|type] [--json] <file.jsonl>...
// Prints failure precision and recall (any type), exact type, and the per-type table. Mistakes are never printed: the
// same script scores the blind part.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string', default: 'out' }, json: { type: 'boolean' } },
});
const require = createRequire(import.meta.url);
// the detector's entry point: src/core/detection/detector.ts, or src/core/detector.ts in builds before the house plan
const entry = [resolve(values.out, 'src', 'core', 'detection', 'detector.js'), resolve(values.out, 'src', 'core', 'detector.js')].find(
  (p) => existsSync(p),
);
const { classifyLine } = require(entry);
const entries = positionals.flatMap((f) =>
  readFileSync(f, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l)),
);

export function score(rows, classify) {
  let failures = 0,
    negatives = 0,
    flagged = 0,
    flaggedFailures = 0,
    exact = 0;
  const perType = {};
  const row = (t) => (perType[t] ??= { lines: 0, tp: 0, fp: 0, fn: 0 });
  for (const e of rows) {
    const got = classify(e.text) ?? null;
    if (e.expected) {
      failures++;
      row(e.expected).lines++;
    } else {
      negatives++;
    }
    if (got) {
      flagged++;
      if (e.expected) {
        flaggedFailures++;
      }
    }
    if (got === e.expected) {
      if (got) {
        exact++;
        row(got).tp++;
      }
      continue;
    }
    if (got) {
      row(got).fp++;
    }
    if (e.expected) {
      row(e.expected).fn++;
    }
  }
  return {
    lines: rows.length,
    failures,
    negatives,
    precision: flagged ? flaggedFailures / flagged : NaN,
    recall: failures ? flaggedFailures / failures : NaN,
    exactType: flaggedFailures ? exact / flaggedFailures : NaN,
    falseAlarms: flagged - flaggedFailures,
    perType,
  };
}

const s = score(entries, (t) => classifyLine(t)?.type);
if (values.json) {
  console.log(JSON.stringify(s));
} else {
  const f = (v) => (Number.isNaN(v) ? '—' : v.toFixed(3));
  console.log(`${s.lines} lines (${s.failures} failures, ${s.negatives} negatives) with ${join(values.out)}:`);
  console.log(`  failure precision ${f(s.precision)}  recall ${f(s.recall)}  exact type ${f(s.exactType)}  false alarms ${s.falseAlarms}`);
  for (const [t, r] of Object.entries(s.perType).sort()) {
    console.log(
      `  ${t.padEnd(20)} lines ${String(r.lines).padStart(4)}  tp ${String(r.tp).padStart(4)}  fp ${String(r.fp).padStart(3)}  fn ${String(r.fn).padStart(3)}`,
    );
  }
}
