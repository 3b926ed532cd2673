#!/usr/bin/env node
// Writes the metrics table (src/core/metrics/catalog.ts `metricsTable()`, compiled) into docs/fleet.md and README.md
// between <!-- metrics:start --> and <!-- metrics:end -->. `--check` exits 1 when either is out of date.
// The compiled catalog is read from out/ (`npm run compile-tests` first) or from the folder given with --from <dir>.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fromArg = process.argv.indexOf('--from');
const out = fromArg > 0 ? resolve(process.argv[fromArg + 1]) : join(root, 'out');
const compiled = join(out, 'src', 'core', 'metrics', 'catalog.js');
if (!existsSync(compiled)) {
  console.error(`${compiled} is missing: run \`npm run compile-tests\` first`);
  process.exit(2);
}
const { metricsTable } = createRequire(import.meta.url)(compiled);
const block = `<!-- metrics:start -->\n${metricsTable()}\n<!-- metrics:end -->`;
let stale = false;
for (const rel of ['docs/fleet.md', 'README.md']) {
  const file = join(root, rel);
  const text = readFileSync(file, 'utf8');
  if (!text.includes('<!-- metrics:start -->')) {
    continue;
  }
  const next = text.replace(/<!-- metrics:start -->[\s\S]*?<!-- metrics:end -->/, block);
  if (next !== text) {
    stale = true;
    if (!process.argv.includes('--check')) {
      writeFileSync(file, next);
      console.log(`${rel}: metrics table updated`);
    }
  }
}
if (stale && process.argv.includes('--check')) {
  console.error('The metrics tables are out of date: run node scripts/metrics-table.mjs');
  process.exit(1);
}
