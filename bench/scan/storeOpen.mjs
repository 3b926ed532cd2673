// Activation-time work of the scan benchmark: opening a store of N sessions and building the first snapshot.
//   node bench/scan/storeOpen.mjs build <store file> <sessions>   builds the store from the real Claude Code fixtures
//   node bench/scan/storeOpen.mjs open <store file> [<bundle>] [--as-extension]
//                                                                 times open + first snapshot in this fresh process
// `build` replays the real transcripts of test/fixtures/claude (each session one of them, with its own id, its events
// moved into the last 20 hours so every session is in the default 24-hour window) through the engine and writes the
// store; prints { sessions, events, bytes }. `open` prints { openMs, snapshotMs, totalMs, loadMs, cpuMs, mainCpuMs,
// runWaitMs, mainCpuLoadMs, mainCpuOpenMs, mainCpuSnapshotMs, sessions, findings }: the modules and sql.js loaded and the
// file read and opened (openMs, of which loadMs the `require` of the store-file and engine modules), then the engine's
// first snapshot (snapshotMs); cpuMs is the process's CPU time (every thread: V8 compiles WebAssembly in the
// background), and on Linux mainCpuMs / runWaitMs the main thread's time on a CPU and waiting for one
// (/proc/<pid>/task/<pid>/schedstat, ns), so that a run on a loaded machine tells how much of its wall time was the
// machine's load; mainCpuLoadMs / mainCpuOpenMs / mainCpuSnapshotMs split mainCpuMs into the module load, the open and
// the snapshot (the kernel counts it in scheduler ticks here: a few ms each); modules: what was loaded, 'bundle' (the
// store-open bundle of bench/scan/bundle.mjs, the store file and engine modules as the CLI and the extension ship them,
// given as <bundle>) or 'tsc' (the compiled sources, $BENCH_OUT or out/, without <bundle>); sqlInit: how sql.js was
// started, 'cli' (openStoreFile, src/host/node/storeFile.ts: V8's eager-compile flags set, the store file read while
// the WebAssembly compiles) or, with --as-extension, 'extension' (as src/extension.ts activates: the .wasm's bytes read,
// sql.js initialised from them with V8's defaults, as the extension host is shared and gets no flags, then the store
// file read and opened by SharedStore.open; the open takes no lock, so none is given). The extension's own bundle, with
// every feature, is bigger than the store-open bundle: its load is not in these figures.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = (...p) => require(join(root, process.env.BENCH_OUT ?? 'out', 'src', ...p));

async function build(file, sessions) {
  const { memoryStore, saveStoreFile } = out('host', 'node', 'storeFile.js');
  const { Engine, DEFAULT_ENGINE_CONFIG } = out('core', 'engine', 'engine.js');
  const { parseClaudeLine } = out('core', 'agents', 'claude', 'transcript.js');
  const dir = join(root, 'test', 'fixtures', 'claude');
  const convs = readdirSync(dir)
    .filter((n) => n.endsWith('.jsonl') && n !== 'garbage.jsonl' && n !== 'crlf_bom.jsonl')
    .sort()
    .map((n) =>
      readFileSync(join(dir, n), 'utf8')
        .split('\n')
        .filter((l) => l.trim()),
    );
  const store = await memoryStore();
  const now = Date.now();
  const engine = new Engine(store, { ...DEFAULT_ENGINE_CONFIG }, { now: () => now });
  let events = 0;
  for (let i = 0; i < sessions; i++) {
    const id = `bench-${String(i).padStart(5, '0')}-0000-4000-8000-000000000000`;
    const lines = convs[i % convs.length];
    const parsed = lines.map((l, k) => parseClaudeLine(l, { file: `/bench/${id}.jsonl`, offset: k }, id)).filter((r) => r.ok);
    const evs = parsed.flatMap((r) => r.events.map((e) => ({ ...e, sessionId: id })));
    const first = evs.find((e) => e.timestamp > 0)?.timestamp ?? now;
    const start = now - 20 * 3600_000 + Math.floor((i * 20 * 3600_000) / sessions);
    engine.updateSession(id, { agent: 'claude-code', file: `/bench/${id}.jsonl`, cwd: `/home/dev/projects/app-${i % 40}` });
    engine.ingest(
      evs.map((e) => ({ ...e, timestamp: e.timestamp > 0 ? start + (e.timestamp - first) : start })),
      { live: false },
    );
    events += evs.length;
  }
  await saveStoreFile(store, file, true);
  store.close();
  console.log(JSON.stringify({ sessions, events, bytes: statSync(file).size }));
}

/** The main thread's [on-CPU ns, run-queue wait ns] (Linux), or undefined elsewhere. */
function schedstat() {
  try {
    const [run, wait] = readFileSync(`/proc/${process.pid}/task/${process.pid}/schedstat`, 'utf8').split(' ').map(Number);
    return [run, wait];
  } catch {
    return undefined;
  }
}

/** The store at `file` opened as src/extension.ts opens it at activation (see the header); `mods`: the loaded modules. */
async function openAsExtension(mods, file, bundle) {
  const bytes = await readFile(bundle ? join(dirname(bundle), 'sql-wasm.wasm') : require.resolve('sql.js/dist/sql-wasm.wasm'));
  const SQL = await mods.initSqlJs({ wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
  const { storage, name } = mods.NodeBlobStorage.forFile(file);
  const noLock = { acquire: async () => async () => undefined };
  return (await mods.SharedStore.open(SQL, storage, noLock, name)).shared.store;
}

async function open(file, bundle, asExtension) {
  const s0 = schedstat();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const mods = bundle
    ? require(bundle)
    : {
        ...out('host', 'node', 'storeFile.js'),
        ...out('core', 'engine', 'engine.js'),
        ...(asExtension
          ? { ...out('core', 'store', 'sharedStore.js'), ...out('host', 'node', 'blobStorage.js'), initSqlJs: require('sql.js') }
          : {}),
      };
  const { openStoreFile, Engine, DEFAULT_ENGINE_CONFIG } = mods;
  const tl = performance.now();
  const sl = schedstat();
  const store = asExtension ? await openAsExtension(mods, file, bundle) : (await openStoreFile(file)).store;
  const t1 = performance.now();
  const so = schedstat();
  const engine = new Engine(store, { ...DEFAULT_ENGINE_CONFIG });
  const snap = engine.snapshot();
  const t2 = performance.now();
  const c = process.cpuUsage(c0);
  const s1 = schedstat();
  store.close();
  const cpu = (a, b) => (b[0] - a[0]) / 1e6;
  console.log(
    JSON.stringify({
      openMs: t1 - t0,
      snapshotMs: t2 - t1,
      totalMs: t2 - t0,
      loadMs: tl - t0,
      cpuMs: (c.user + c.system) / 1000,
      ...(s0 && s1 ? { mainCpuMs: cpu(s0, s1), runWaitMs: (s1[1] - s0[1]) / 1e6 } : {}),
      ...(s0 && sl && so && s1 ? { mainCpuLoadMs: cpu(s0, sl), mainCpuOpenMs: cpu(sl, so), mainCpuSnapshotMs: cpu(so, s1) } : {}),
      modules: bundle ? 'bundle' : 'tsc',
      sqlInit: asExtension ? 'extension' : 'cli',
      sessions: snap.length,
      findings: snap.reduce((n, s) => n + s.findings.length, 0),
    }),
  );
}

const args = process.argv.slice(2);
const asExtension = args.includes('--as-extension');
const [mode, file, n] = args.filter((a) => a !== '--as-extension');
(mode === 'build' ? build(file, Number(n)) : open(file, n, asExtension)).catch((e) => {
  console.error(e);
  process.exit(2);
});
