/**
 * Benchmarks (figures printed, nothing asserted): engine ingest throughput, tailing a large transcript incrementally,
 * store export size and time, and heap growth. Run: npm run bench.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import initSqlJs from 'sql.js';
import { Engine, DEFAULT_ENGINE_CONFIG } from '../src/core/engine/engine';
import type { AgentEvent } from '../src/core/model/event';
import { Store } from '../src/core/store/store';
import { Tailer, TranscriptFormat } from '../src/core/ingest/tailer';
import { nodeFileAccess } from '../src/host/node/nodeFileAccess';

const format: TranscriptFormat = {
  agent: 'claude-code',
  parseLine(line, origin, id) {
    const o = JSON.parse(line);
    return {
      ok: true,
      info: {},
      events: [{ sessionId: id, agent: 'claude-code', timestamp: o.t, kind: o.k, text: o.x, httpStatus: o.s, origin }],
    };
  },
};

function mb(n: number): string {
  return (n / 1024 / 1024).toFixed(1) + ' MiB';
}

async function main(): Promise<void> {
  const SQL = await initSqlJs();
  const heap0 = process.memoryUsage().heapUsed;

  // 1. Ingest throughput.
  const engine = new Engine(Store.open(SQL), DEFAULT_ENGINE_CONFIG);
  const N = 20_000;
  const events: AgentEvent[] = [];
  const t0 = Date.now();
  for (let i = 0; i < N; i++) {
    events.push({
      sessionId: 's' + (i % 20),
      agent: 'claude-code',
      timestamp: t0 + i,
      kind: i % 50 === 0 ? 'error' : i % 2 ? 'assistant' : 'user',
      text: i % 50 === 0 ? 'API Error: 429 rate_limit_error' : 'message ' + i,
      httpStatus: i % 50 === 0 ? 429 : undefined,
    });
  }
  let start = process.hrtime.bigint();
  for (let i = 0; i < N; i += 100) {
    engine.ingest(events.slice(i, i + 100), { live: false });
  }
  let ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`ingest: ${N} events in ${ms.toFixed(0)} ms = ${((N / ms) * 1000).toFixed(0)} events/s`);

  start = process.hrtime.bigint();
  const snap = engine.snapshot();
  ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`snapshot: ${snap.length} sessions in ${ms.toFixed(1)} ms`);

  // 2. Tailing a 20 MB transcript, then one appended line.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-bench-'));
  const file = path.join(dir, 'big.jsonl');
  const fd = fs.openSync(file, 'w');
  const filler = 'x'.repeat(1000);
  let lines = 0;
  while (fs.fstatSync(fd).size < 20 * 1024 * 1024) {
    fs.writeSync(fd, JSON.stringify({ t: t0 + lines, k: lines % 2 ? 'assistant' : 'user', x: filler }) + '\n');
    lines++;
  }
  fs.closeSync(fd);
  const engine2 = new Engine(Store.open(SQL), DEFAULT_ENGINE_CONFIG);
  const tailer = new Tailer(nodeFileAccess, engine2, { yieldControl: () => new Promise((r) => setImmediate(r)) });
  start = process.hrtime.bigint();
  const r = await tailer.read(file, format, 'big', false);
  ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(
    `tail catch-up: ${mb(r.bytes)} / ${r.lines} lines in ${ms.toFixed(0)} ms = ${(r.bytes / 1024 / 1024 / (ms / 1000)).toFixed(1)} MiB/s`,
  );
  fs.appendFileSync(file, JSON.stringify({ t: t0, k: 'error', x: 'API Error: 429', s: 429 }) + '\n');
  start = process.hrtime.bigint();
  await tailer.read(file, format, 'big', true);
  ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`tail one appended line to a 20 MiB file: ${ms.toFixed(2)} ms`);
  fs.rmSync(dir, { recursive: true, force: true });

  // 3. Export (what the debounced writer does).
  start = process.hrtime.bigint();
  const bytes = (engine2 as unknown as { store: Store }).store.export();
  ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(
    `store export: ${mb(bytes.length)} in ${ms.toFixed(1)} ms (events kept per session: ${DEFAULT_ENGINE_CONFIG.maxEventsPerSession})`,
  );

  global.gc?.();
  console.log(`heap growth: ${mb(process.memoryUsage().heapUsed - heap0)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
