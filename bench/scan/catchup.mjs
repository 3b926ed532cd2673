// A catch-up as the extension host does it, measured from inside the process: `session-doctor scan --json` run
// in-process (out/src/cli/main.js, the compiled sources) over the folders given, with
// perf_hooks.monitorEventLoopDelay watching how long the thread is blocked at a time, the heap sampled every 100 ms,
// and the heap after a full GC once it is done. Run with --expose-gc. Prints one JSON line:
// { ms, exitCode, stdoutBytes, loopDelayMaxMs, loopDelayP99Ms, heapPeakMb, heapAfterMb, rssPeakMb }.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Writable, Readable } from 'node:stream';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

async function main() {
  const { main: cli } = require(join(root, process.env.BENCH_OUT ?? 'out', 'src', 'cli', 'main.js'));
  let stdoutBytes = 0;
  const sink = new Writable({
    write(chunk, _enc, done) {
      stdoutBytes += chunk.length;
      done();
    },
  });
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
  const exitCode = await cli(['scan', '--json', ...process.argv.slice(2)], {
    stdout: sink,
    stderr: new Writable({ write: (_c, _e, done) => done() }),
    stdin: Readable.from([]),
    env: process.env,
    cwd: process.cwd(),
  });
  const ms = performance.now() - t0;
  loop.disable();
  clearInterval(timer);
  sample();
  globalThis.gc?.();
  const heapAfter = process.memoryUsage().heapUsed;
  console.log(
    JSON.stringify({
      ms,
      exitCode,
      stdoutBytes,
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
