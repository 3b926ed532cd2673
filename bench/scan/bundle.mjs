// The CLI as it ships: the webpack bundle of src/cli/index.ts (package.json `bin`, dist/cli.js) and its parse worker
// (dist/parseWorker.js, which `scan` runs beside it), built from the repository's own webpack.config.js (its CLI and
// parseWorker entries) into a folder of the benchmark's (default .cache/bench/cli) rather than dist/, with sql.js's glue
// and .wasm beside them as in dist/. Built again when any file under src/ is newer than the bundle.
// Also the store-open bundle (storeOpenBundle; built again also when its entry changed): the modules that
// bench/scan/storeOpen.mjs times at activation (the store file and the engine: src/host/node/storeFile.ts,
// src/core/engine/engine.ts; for its --as-extension open also src/core/store/sharedStore.ts, src/host/node/blobStorage.ts
// and sql.js) bundled as the CLI and the extension ship them (the CLI configuration of webpack.config.js, `npm run
// build`'s production mode), instead of tsc's ~130 files.
//   node bench/scan/bundle.mjs [out folder]              prints the CLI bundle's path
//   node bench/scan/bundle.mjs --store-open [out folder] prints the store-open bundle's path
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Newest modification time (ms) of the files under `dir`. */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** True when every file of `files` exists and is newer than every file under src/. */
function fresh(files) {
  const built = Math.min(...files.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  return built >= newest(join(root, 'src'));
}

/** The CLI's configuration of webpack.config.js and the others named by their `entry`. */
function configsFor(entries) {
  const configs = require(join(root, 'webpack.config.js'));
  const chosen = entries.map((e) => (Array.isArray(configs) ? configs : [configs]).find((c) => c.entry === e));
  if (chosen.some((c) => !c)) {
    throw new Error(`webpack.config.js has no configuration with entry ${entries[chosen.indexOf(undefined)]}`);
  }
  return chosen;
}

/** Runs webpack on `configs` (production mode, as `npm run build`) into `out`, with sql.js's glue and .wasm beside. */
async function build(configs, out) {
  const webpack = require(join(root, 'node_modules', 'webpack'));
  mkdirSync(out, { recursive: true });
  const config = configs.map((c) => ({ ...c, mode: 'production', context: root, output: { ...c.output, path: out } }));
  await new Promise((resolve, reject) =>
    webpack(config, (err, stats) => (err || stats.hasErrors() ? reject(err ?? new Error(stats.toString('errors-only'))) : resolve())),
  );
  for (const f of ['sql-wasm.js', 'sql-wasm.wasm']) {
    copyFileSync(join(root, 'node_modules', 'sql.js', 'dist', f), join(out, f));
  }
}

/** Builds (when stale) and returns the path of the CLI bundle in `out`. */
export async function cliBundle(out = join(root, '.cache', 'bench', 'cli')) {
  const file = join(out, 'cli.js');
  if (!fresh([file, join(out, 'parseWorker.js')])) {
    await build(configsFor(['./src/cli/index.ts', './src/host/node/parseWorker.ts']), out);
  }
  return file;
}

/**
 * Builds (when stale) and returns the path of the store-open bundle in `out` (storeOpen.js): a CommonJS module exporting
 * what src/host/node/storeFile.ts, src/core/engine/engine.ts, src/core/store/sharedStore.ts and
 * src/host/node/blobStorage.ts export, and sql.js's init function as `initSqlJs`, built with the CLI's webpack
 * configuration from an entry written into `out`, sql.js external and beside it as in dist/.
 */
export async function storeOpenBundle(out = join(root, '.cache', 'bench', 'store-open')) {
  const file = join(out, 'storeOpen.js');
  const entry = join(out, 'storeOpenEntry.js');
  const src = (p) => JSON.stringify(join(root, 'src', p));
  const modules = ['host/node/storeFile.ts', 'core/engine/engine.ts', 'core/store/sharedStore.ts', 'host/node/blobStorage.ts'];
  const text = `module.exports = { ${modules.map((m) => `...require(${src(m)})`).join(', ')}, initSqlJs: require('sql.js') };\n`;
  if (!fresh([file]) || !existsSync(entry) || readFileSync(entry, 'utf8') !== text) {
    mkdirSync(out, { recursive: true });
    writeFileSync(entry, text);
    const [cli] = configsFor(['./src/cli/index.ts']);
    await build([{ ...cli, entry, output: { ...cli.output, filename: 'storeOpen.js' }, plugins: [] }], out);
  }
  return file;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const storeOpen = process.argv[2] === '--store-open';
  const out = process.argv[storeOpen ? 3 : 2];
  console.log(storeOpen ? await storeOpenBundle(out) : await cliBundle(out));
}
