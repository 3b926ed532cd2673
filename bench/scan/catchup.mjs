// A catch-up as the extension host does it, measured from inside the process: every file under the folders given read
// into an engine on an in-memory store as the extension's file source reads them on its first scan
// (src/features/transcripts/fileSource.ts: all files at once, one Promise.all, through one shared core Tailer with the
// settings src/extension.ts gives it: the default time slice, nextTurn between slices (src/host/node/nextTurn.ts), a
// turn between opening the store and building the engine, and the parse worker,
// src/host/node/workerLineParser.ts, when the build has it; --in-thread parses on this thread instead), each file's
// kind found by its path and head (src/core/ingest/kinds.ts), then the first snapshot (the tree's first paint), from
// the compiled sources (out/src, or $BENCH_OUT/src). `session-doctor scan` reads with longer slices (it serves nothing
// while it reads), so it is not what is measured here. perf_hooks.monitorEventLoopDelay watches how long the thread is
// blocked at a time from before the store is opened; the heap is sampled every 100 ms, and measured after a full GC
// once it is done. Run with --expose-gc. Prints one JSON line: { ms, files, events, sessions, worker, cpuMs (all
// threads), mainThreadCpuMs (the host's thread alone, Linux), loopDelayMaxMs, loopDelayP99Ms, loopOver50Ms (turns
// blocked longer than 50 ms), heapPeakMb, heapAfterMb, rssPeakMb, storeMb, exportMs (a save's export of the result into
// the store's reused buffer, after a first save: exportFirstMs; exportFreshMs: sql.js's own export, a fresh buffer) }.
// With --long-tasks it adds longTasks: each turn that held the thread longer than 50 ms, with the calls it was made of
// (./longTasks.mjs). The store is the one the extension opens at its first start (openStoreBlob with no store file: pages
// in WebAssembly memory, src/core/store/resident.ts); --store resident: the CLI's memoryStore() (the same kind); --store
// file: a store opened from its file (sql.js's own in-memory file, copied whole each time it outgrows its buffer), which
// the extension moves into WebAssembly memory a slice per turn while the catch-up runs (moveToResident, started as
// src/extension.ts starts it; --no-move leaves it in the file; moveMs says when the move ended, after the store opened).
// --from <store file>: the store is opened from that file's bytes (default: an empty store of the chosen kind).
// --chunk-bytes <n>: the tailer's read size per file (default the tailer's, 256 KiB, as in the extension).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { watchLongTasks } from './longTasks.mjs';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function head(file) {
  const h = await open(file, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await h.read(buf, 0, buf.length, 0);
    return buf
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
  } finally {
    await h.close();
  }
}

/**
 * CPU time of this process's main thread so far (ms; Linux's /proc/self/task/<pid>/stat, user + system; undefined
 * elsewhere): the host thread's own work, whatever the machine's load, apart from the parse worker's.
 */
function mainThreadCpuMs() {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return undefined;
  }
}

async function main() {
  const args = process.argv.slice(2);
  const inThread = args.includes('--in-thread');
  const folders = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--store' && args[i - 1] !== '--from');
  const from = args.includes('--from') ? readFileSync(args[args.indexOf('--from') + 1]) : undefined;
  const outDir = join(root, process.env.BENCH_OUT ?? 'out', 'src');
  const out = (...p) => require(join(outDir, ...p));
  const { memoryStore, loadSqlJs } = out('host', 'node', 'storeFile.js');
  const { openStoreBlob } = out('core', 'store', 'persistence.js');
  const { Store } = out('core', 'store', 'store.js');
  // the extension's first start (no store file yet) opens what openStoreBlob gives; --store file: sql.js's own in-memory
  // file, what a store opened from its file is
  const storeKind = args.includes('--store') ? args[args.indexOf('--store') + 1] : 'extension';
  const noBlob = { read: async () => undefined };
  const blob = from ? { read: async () => from } : noBlob;
  const openStore =
    storeKind === 'resident'
      ? async () => Store.open(await loadSqlJs(), from, undefined, { resident: true })
      : storeKind === 'file'
        ? async () => Store.open(await loadSqlJs(), from)
        : async () => (await openStoreBlob(loadSqlJs(), blob, 'store.sqlite', Date.now())).store;
  // the move of a store opened from its file into WebAssembly memory, when this build has it
  const { moveToResident } = out('core', 'store', 'resident.js');
  const { nextTurn } = out('host', 'node', 'nextTurn.js');
  const move = storeKind === 'file' && !args.includes('--no-move') ? moveToResident : undefined;
  const { ALL_TIME_MS, newEngine } = out('cli', 'common.js');
  const { expandPaths, sessionIdFromFile } = out('cli', 'files.js');
  const { kindForFile } = out('core', 'ingest', 'kinds.js');
  const { Tailer } = out('core', 'ingest', 'tailer.js');
  const { nodeFileAccess } = out('host', 'node', 'nodeFileAccess.js');
  const { systemClock } = out('core', 'engine', 'engine.js');
  const workerScript = join(outDir, 'host', 'node', 'parseWorker.js');
  const parser =
    !inThread && existsSync(workerScript) ? new (out('host', 'node', 'workerLineParser.js').WorkerLineParser)(workerScript) : undefined;
  const MB = 1024 * 1024;
  let heapPeak = 0;
  let rssPeak = 0;
  const sample = () => {
    const m = process.memoryUsage();
    heapPeak = Math.max(heapPeak, m.heapUsed);
    rssPeak = Math.max(rssPeak, m.rss);
  };
  const timer = setInterval(sample, 100);
  const long = args.includes('--long-tasks') ? watchLongTasks() : undefined;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  // turns blocked longer than 50 ms, seen by a 10 ms timer
  let over50 = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const t = performance.now();
    over50 += t - last > 60 ? 1 : 0;
    last = t;
  }, 10);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const main0 = mainThreadCpuMs();
  const store = await (long ? long.timed('store open', openStore) : openStore)();
  const opened = performance.now();
  let moveMs = null;
  const moving = move?.(await loadSqlJs(), store.database, {
    yieldControl: nextTurn,
    now: () => performance.now(),
  }).then((moved) => (moveMs = moved ? performance.now() - opened : null));
  // as src/extension.ts: the engine is built a turn after the store opened
  await nextTurn();
  const engine = newEngine(store, { activeWindowMs: ALL_TIME_MS }, systemClock);
  long?.wrap(engine, ['ingest', 'updateSession', 'setFileState', 'noteSkippedLines', 'snapshot'], 'engine');
  if (long && args.includes('--long-tasks-detail')) {
    // every method of the store, and each check's hooks, named in the long turns they ran in
    long.wrap(
      store,
      Object.getOwnPropertyNames(Object.getPrototypeOf(store)).filter((n) => n !== 'constructor'),
      'store',
    );
    const db = store.db;
    long.wrap(db, ['flushCaches'], 'db');
    for (const m of ['run', 'exec']) {
      const f = db.db[m];
      db.db[m] = function (sql, ...rest) {
        const word = /^\s*(BEGIN|COMMIT|ROLLBACK)/i.exec(sql)?.[1];
        return word ? long.timed(`sql.js ${word}`, f).call(this, sql, ...rest) : f.call(this, sql, ...rest);
      };
    }
    for (const c of engine.checks ?? []) {
      long.wrap(c, ['onEvent', 'before'], `check ${c.id ?? c.constructor.name}`);
    }
  } else {
    long?.wrap(store, ['prune'], 'store');
  }
  // as src/extension.ts: the catch-up ingests once the store's move has ended
  const tailer = new Tailer(nodeFileAccess, engine, {
    yieldControl: nextTurn,
    parser,
    storeReady: moving,
    chunkBytes: args.includes('--chunk-bytes') ? Number(args[args.indexOf('--chunk-bytes') + 1]) : undefined,
  });
  const { files } = await expandPaths(folders, process.cwd());
  const read = await Promise.all(
    files.map(async (f) => {
      const kind = kindForFile(f, await head(f));
      return kind?.reader === 'lines' ? tailer.read(f, kind.format, sessionIdFromFile(f), false) : { events: 0 };
    }),
  );
  await moving;
  const events = read.reduce((n, r) => n + r.events, 0);
  const sessions = engine.snapshot().length;
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const main1 = mainThreadCpuMs();
  loop.disable();
  const longTasks = long?.stop();
  clearInterval(timer);
  clearInterval(ticker);
  sample();
  parser?.dispose();
  const rssPeakMb = Math.max(rssPeak, process.resourceUsage().maxRSS * 1024) / MB;
  // the database's size (its export, taken after the peaks were read), and what a save of this store holds the thread
  // for: the export alone, before any file write, as SharedStore writes it (into its reused buffer,
  // src/core/store/exportBuffer.ts): the first save allocates the buffer, the later ones write into it again
  const { ExportBuffer } = out('core', 'store', 'exportBuffer.js');
  const saves = new ExportBuffer();
  const te = performance.now();
  const storeMb = store.export(saves).length / MB;
  const exportFirstMs = performance.now() - te;
  const te2 = performance.now();
  store.export(saves);
  const exportMs = performance.now() - te2;
  const te3 = performance.now();
  store.export();
  const exportFreshMs = performance.now() - te3;
  // a first save into a buffer reserved ahead, a slice per turn, as SharedStore does when its host yields turns
  const reservedSaves = new ExportBuffer();
  await reservedSaves.reserve(Math.ceil(storeMb * MB * 1.1), () => new Promise((r) => setImmediate(r)));
  const te4 = performance.now();
  store.export(reservedSaves);
  const exportReservedMs = performance.now() - te4;
  store.close();
  globalThis.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  console.log(
    JSON.stringify({
      ms,
      files: files.length,
      events,
      sessions,
      worker: !!parser,
      cpuMs: (cpu.user + cpu.system) / 1000,
      mainThreadCpuMs: main0 === undefined || main1 === undefined ? undefined : main1 - main0,
      loopDelayMaxMs: loop.max / 1e6,
      loopDelayP99Ms: loop.percentile(99) / 1e6,
      loopOver50Ms: over50,
      heapPeakMb: heapPeak / MB,
      heapAfterMb: heapAfter / MB,
      rssPeakMb,
      storeMb,
      exportMs,
      exportFirstMs,
      exportFreshMs,
      exportReservedMs,
      exportReused: saves.reused,
      storeKind,
      moveMs,
      gc: typeof globalThis.gc === 'function',
      ...(longTasks ? { longTasks } : {}),
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
