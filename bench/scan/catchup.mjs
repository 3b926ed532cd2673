// A catch-up as the extension host does it, measured from inside the process: every file under the folders given read
// into an engine on an in-memory store through the CLI's FileIngestor with the extension's reader settings (the core
// Tailer's default time slice, setImmediate between slices: what src/extension.ts builds), all files at once as the
// extension's file source reads them on its first scan (src/features/transcripts/fileSource.ts: one Promise.all over
// the files found, through one shared Tailer), then the first snapshot (the tree's first paint), from the compiled
// sources (out/src, or $BENCH_OUT/src). `session-doctor scan` reads the same way
// with longer slices (it serves nothing while it reads), so it is not what is measured here. perf_hooks.
// monitorEventLoopDelay watches how long the thread is blocked at a time from before the store is opened; the heap is
// sampled every 100 ms, and measured after a full GC once it is done. Run with --expose-gc. Prints one JSON line:
// { ms, files, events, sessions, loopDelayMaxMs, loopDelayP99Ms, heapPeakMb, heapAfterMb, rssPeakMb }.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main() {
  const out = (...p) => require(join(root, process.env.BENCH_OUT ?? 'out', 'src', ...p));
  const { memoryStore } = out('host', 'node', 'storeFile.js');
  const { ALL_TIME_MS, newEngine } = out('cli', 'common.js');
  const { FileIngestor, expandPaths } = out('cli', 'files.js');
  const { systemClock } = out('core', 'engine', 'engine.js');
  const MB = 1024 * 1024;
  let heapPeak = 0;
  let rssPeak = 0;
  const sample = () => {
    const m = process.memoryUsage();
    heapPeak = Math.max(heapPeak, m.heapUsed);
    rssPeak = Math.max(rssPeak, m.rss);
  };
  const timer = setInterval(sample, 100);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const t0 = performance.now();
  const store = await memoryStore();
  const engine = newEngine(store, { activeWindowMs: ALL_TIME_MS }, systemClock);
  const ingestor = new FileIngestor(engine);
  const { files } = await expandPaths(process.argv.slice(2), process.cwd());
  const read = await Promise.all(files.map((f) => ingestor.read(f, false)));
  const events = read.reduce((n, r) => n + r.events, 0);
  const sessions = engine.snapshot().length;
  const ms = performance.now() - t0;
  loop.disable();
  clearInterval(timer);
  sample();
  store.close();
  globalThis.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  console.log(
    JSON.stringify({
      ms,
      files: files.length,
      events,
      sessions,
      loopDelayMaxMs: loop.max / 1e6,
      loopDelayP99Ms: loop.percentile(99) / 1e6,
      heapPeakMb: heapPeak / MB,
      heapAfterMb: heapAfter / MB,
      rssPeakMb: Math.max(rssPeak, process.resourceUsage().maxRSS * 1024) / MB,
      gc: typeof globalThis.gc === 'function',
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
