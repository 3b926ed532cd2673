// The CLI as it ships: the webpack bundle of src/cli/index.ts (package.json `bin`, dist/cli.js) and its parse worker
// (dist/parseWorker.js, which `scan` runs beside it), built from the repository's own webpack.config.js (its CLI and
// parseWorker entries) into a folder of the benchmark's (default .cache/bench/cli) rather than dist/, with sql.js's glue
// and .wasm beside them as in dist/. Built again when any file under src/ is newer than the bundle.
//   node bench/scan/bundle.mjs [out folder]   prints the bundle's path
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
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

/** Builds (when stale) and returns the path of the CLI bundle in `out`. */
export async function cliBundle(out = join(root, '.cache', 'bench', 'cli')) {
  const file = join(out, 'cli.js');
  const worker = join(out, 'parseWorker.js');
  const built = Math.min(...[file, worker].map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  if (built >= newest(join(root, 'src'))) {
    return file;
  }
  const webpack = require(join(root, 'node_modules', 'webpack'));
  const configs = require(join(root, 'webpack.config.js'));
  const entries = ['./src/cli/index.ts', './src/host/node/parseWorker.ts'];
  const chosen = entries.map((e) => (Array.isArray(configs) ? configs : [configs]).find((c) => c.entry === e));
  if (chosen.some((c) => !c)) {
    throw new Error(`webpack.config.js has no configuration with entry ${entries[chosen.indexOf(undefined)]}`);
  }
  mkdirSync(out, { recursive: true });
  const config = chosen.map((c) => ({ ...c, mode: 'production', context: root, output: { ...c.output, path: out } }));
  await new Promise((resolve, reject) =>
    webpack(config, (err, stats) => (err || stats.hasErrors() ? reject(err ?? new Error(stats.toString('errors-only'))) : resolve())),
  );
  for (const f of ['sql-wasm.js', 'sql-wasm.wasm']) {
    copyFileSync(join(root, 'node_modules', 'sql.js', 'dist', f), join(out, f));
  }
  return file;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await cliBundle(process.argv[2]));
}
