#!/usr/bin/env node
// Writes the generated parts of package.json from the tables in src/manifest (compiled to out/: run
// `npm run compile-tests` first, or `npm run manifest`, which also regenerates the README tables):
// `contributes.viewsContainers`, `views`, `viewsWelcome`, `commands`, `menus`, `configuration` and
// `capabilities.untrustedWorkspaces.restrictedConfigurations`. Everything else in package.json is kept as it is (key
// order, 2-space JSON, trailing newline). `--check` writes nothing and exits 1 when package.json is out of date.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const compiled = join(root, 'out', 'src', 'manifest', 'contributes.js');
if (!existsSync(compiled)) {
  console.error('out/src/manifest/contributes.js is missing: run `npm run compile-tests` first (or `npm run manifest`)');
  process.exit(2);
}
const { applyGeneratedManifest } = createRequire(import.meta.url)(compiled);

const pkgPath = join(root, 'package.json');
const current = readFileSync(pkgPath, 'utf8');
const next = JSON.stringify(applyGeneratedManifest(JSON.parse(current)), null, 2) + '\n';

if (process.argv.includes('--check')) {
  if (next !== current) {
    const a = current.split('\n');
    const b = next.split('\n');
    let line = 0;
    while (line < a.length && a[line] === b[line]) {
      line++;
    }
    console.error(
      `package.json is out of date with src/manifest (first difference at line ${line + 1}: ` +
        `${JSON.stringify((a[line] ?? '').trim())} should be ${JSON.stringify((b[line] ?? '').trim())}).\n` +
        'Run `npm run manifest` (compiles, writes package.json from src/manifest, then regenerates the README tables).',
    );
    process.exit(1);
  }
  console.log('package.json is up to date with src/manifest');
} else if (next !== current) {
  writeFileSync(pkgPath, next);
  console.log('package.json written from src/manifest');
} else {
  console.log('package.json is already up to date with src/manifest');
}
