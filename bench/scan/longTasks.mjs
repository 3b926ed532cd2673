// The long tasks of a catch-up, each with what it was (bench/scan/catchup.mjs --long-tasks): a 5 ms ticker notes every
// turn of the event loop that held the thread longer than 50 ms, and the calls that ran in it are named from wrappers
// put around the engine's and store's methods the tailer drives (ingest, updateSession, setFileState, snapshot, prune,
// opening the store), WebAssembly memory growth (sql.js's heap: WebAssembly.Memory.prototype.grow) and garbage
// collections (PerformanceObserver 'gc'). Time in a long turn that none of them covers is "other" (a worker message's
// deserialization, the tailer's own work, a timer's callback): a --cpu-prof of the same run names it.
import { PerformanceObserver, constants } from 'node:perf_hooks';

const LONG_MS = 50;

/** Starts watching; returns { wrap(obj, names, prefix), stop() -> report }. Call before sql.js is loaded. */
export function watchLongTasks() {
  const calls = []; // { what, start, end }
  const gaps = []; // { start, end }
  const stack = [];
  const record = (what, start, end) => {
    if (end - start >= 1) {
      calls.push({ what, start, end, depth: stack.length });
    }
  };
  const timed = (what, fn) =>
    function (...args) {
      const start = performance.now();
      stack.push(what);
      try {
        return fn.apply(this, args);
      } finally {
        stack.pop();
        record(what, start, performance.now());
      }
    };
  const grow = WebAssembly.Memory.prototype.grow;
  WebAssembly.Memory.prototype.grow = function (pages) {
    const start = performance.now();
    try {
      return grow.call(this, pages);
    } finally {
      record(
        `wasm memory.grow(+${((pages * 65536) / 1048576).toFixed(0)} MB to ${(this.buffer.byteLength / 1048576).toFixed(0)} MB)`,
        start,
        performance.now(),
      );
    }
  };
  const gcKinds = {
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
  };
  const gcObs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      calls.push({ what: `gc ${gcKinds[e.detail?.kind] ?? e.detail?.kind}`, start: e.startTime, end: e.startTime + e.duration, depth: 0 });
    }
  });
  gcObs.observe({ entryTypes: ['gc'] });
  let last = performance.now();
  const ticker = setInterval(() => {
    const t = performance.now();
    if (t - last > LONG_MS + 5) {
      gaps.push({ start: last, end: t });
    }
    last = t;
  }, 5);
  return {
    /** Replaces obj[name] for each name with a timed wrapper labelled `${prefix}.${name}`. */
    wrap(obj, names, prefix) {
      for (const n of names) {
        if (typeof obj[n] === 'function') {
          obj[n] = timed(`${prefix}.${n}`, obj[n]);
        }
      }
    },
    /** Times one call. */
    timed,
    /** Stops watching; returns the long turns, each with the calls in it (ms each, summed by name) and the rest. */
    stop() {
      clearInterval(ticker);
      gcObs.disconnect();
      WebAssembly.Memory.prototype.grow = grow;
      return gaps.map((g) => {
        const parts = {};
        let covered = 0;
        for (const c of calls) {
          const ms = Math.min(c.end, g.end) - Math.max(c.start, g.start);
          if (ms > 0.5) {
            parts[c.what] = (parts[c.what] ?? 0) + ms;
            if (c.depth === 0 && !c.what.startsWith('gc')) {
              covered += ms;
            }
          }
        }
        const what = Object.fromEntries(
          Object.entries(parts)
            .map(([k, v]) => [k, Math.round(v)])
            .sort((a, b) => b[1] - a[1]),
        );
        return { atMs: Math.round(g.start), ms: Math.round(g.end - g.start), what, otherMs: Math.round(g.end - g.start - covered) };
      });
    },
  };
}
