// The "Scan" section of bench/RESULTS.md: formats one run of bench/scan.bench.mjs as Markdown and writes it between
// <!-- scan:start --> and <!-- scan:end --> (added at the end the first time), leaving every other section as it is.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const START = '<!-- scan:start -->';
const END = '<!-- scan:end -->';

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mbps = (bytes, ms) => `${(bytes / 1048576 / (ms / 1000)).toFixed(1)} MB/s`;
const ok = (met) => (met ? 'met' : 'MISSED');
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : 'n/a');

/** The section's Markdown for a run `r`; writes it into `file` when given. Returns the Markdown. */
export function writeSection(r, file) {
  const t = r.targets;
  const bytes = r.history.bytes;
  const rows = [
    ['the floor: read, split lines, `JSON.parse` each line', r.floor],
    [`\`session-doctor scan --json\` (${r.scanCli ?? 'the compiled sources (tsc)'})`, r.scan],
    ...(r.ccusage ? [[`ccusage 18.0.11 \`session --json --offline\``, r.ccusage]] : []),
  ];
  const floorShare = r.floor.wallMs / r.scan.wallMs;
  const floorShareCpu = r.floor.cpuMs / r.scan.cpuMs;
  const vsCcusage = r.ccusage ? r.ccusage.wallMs / r.scan.wallMs : NaN;
  const vsCcusageCpu = r.ccusage ? r.ccusage.cpuMs / r.scan.cpuMs : NaN;
  const lines = [
    START,
    `Measured ${r.date} on ${r.cpus} × ${r.cpu}, Node ${r.node}, with \`npm run bench\` (bench/scan.bench.mjs). History: ` +
      `${r.history.sessions} Claude Code sessions, ${(bytes / 1048576).toFixed(0)} MB, ${r.history.lines.toLocaleString('en-US')} lines, ` +
      `built by scripts/make-history.mjs from the real fixtures. Each tool in its own process, ${r.options.runs} run(s), median; ` +
      `wall time, CPU time (user + system) and peak RSS from GNU time. The machine is shared: wall times move with its load, CPU times less.`,
    '',
    '| What | wall | throughput | CPU | peak RSS |',
    '|---|---|---|---|---|',
    ...rows.map(([name, x]) => `| ${name} | ${s(x.wallMs)} | ${mbps(bytes, x.wallMs)} | ${s(x.cpuMs)} | ${f1(x.rssMb)} MB |`),
    '',
    '| Target (issue 10) | measured | target | |',
    '|---|---|---|---|',
    `| scan throughput / floor throughput | ${(100 * floorShare).toFixed(0)} % (CPU: ${(100 * floorShareCpu).toFixed(0)} %) | ≥ ${100 * t.floorShare} % | ${ok(floorShare >= t.floorShare)} |`,
    ...(r.ccusage
      ? [
          `| scan speed / ccusage speed | ${vsCcusage.toFixed(2)}x (CPU: ${vsCcusageCpu.toFixed(2)}x) | ≥ ${t.ccusageRatio}x | ${ok(vsCcusage >= t.ccusageRatio)} |`,
        ]
      : []),
    `| open a store of ${r.storeBuild.sessions} sessions + first snapshot (median of 5 fresh processes: ${r.storeOpen.runs.join(', ')} ms) | ${Math.round(r.storeOpen.totalMs)} ms (open ${Math.round(r.storeOpen.openMs)}, snapshot ${Math.round(r.storeOpen.snapshotMs)}; CPU ${Math.round(r.storeOpen.cpuMs)} ms) | ≤ ${t.openMs} ms | ${ok(r.storeOpen.totalMs <= t.openMs)} |`,
    `| peak heap during a catch-up of ${(r.catchup.history.bytes / 1048576).toFixed(0)} MB (heap after GC; peak RSS) | ${f1(r.catchup.heapPeakMb)} MB (${f1(r.catchup.heapAfterMb)} MB; ${f1(r.catchup.rssPeakMb)} MB) | ≤ ${t.heapMb} MB after 1 GB | ${r.catchup.history.bytes >= 1e9 ? ok(r.catchup.heapPeakMb <= t.heapMb) : 'not measured at 1 GB (`--catchup-mb 1024`)'} |`,
    `| event loop blocked during that catch-up, first start: a new store, pages in WebAssembly memory (max; p99) | ${f1(r.catchup.loopDelayMaxMs)} ms; ${f1(r.catchup.loopDelayP99Ms)} ms | ≤ ${t.loopMs} ms | ${ok(r.catchup.loopDelayMaxMs <= t.loopMs)} |`,
    `| one save of that catch-up's store (${f1(r.catchup.storeMb)} MB): its export, which holds the host's thread at each sync of the store file, into the store's reused buffer (docs/store.md; the first save, which allocates it: ${f1(r.catchup.exportFirstMs)} ms; sql.js's own export into a fresh buffer: ${f1(r.catchup.exportFreshMs)} ms) | ${f1(r.catchup.exportMs)} ms | ≤ ${t.loopMs} ms | ${ok(r.catchup.exportMs <= t.loopMs)} |`,
    ...(r.catchupFile
      ? [
          `| the same catch-up into a store opened from its file, sql.js's in-memory file (max; p99; peak RSS) | ${f1(r.catchupFile.loopDelayMaxMs)} ms; ${f1(r.catchupFile.loopDelayP99Ms)} ms; ${f1(r.catchupFile.rssPeakMb)} MB | ≤ ${t.loopMs} ms | ${ok(r.catchupFile.loopDelayMaxMs <= t.loopMs)} |`,
        ]
      : []),
    `| live latency, appended line → finding printed by \`watch\`, ${r.live.sessions} live sessions (p50; p99; max; ${r.live.missed} of ${r.live.probes} missed) | ${Math.round(r.live.p50Ms)} ms; ${Math.round(r.live.p99Ms)} ms; ${Math.round(r.live.maxMs)} ms | p99 ≤ ${t.p99Ms} ms | ${ok(r.live.p99Ms <= t.p99Ms && r.live.missed === 0)} |`,
    `| idle CPU of \`watch\` over ${r.live.idleSeconds} s, nothing changing | ${r.live.idleCpuPct === null ? 'n/a' : r.live.idleCpuPct.toFixed(2) + ' %'} | (reported) | |`,
    '',
    `scan found ${r.scanFindings} findings${r.ccusage ? `; ccusage listed ${r.ccusageSessions} sessions` : ''}.`,
    END,
  ];
  const md = lines.join('\n');
  if (file) {
    const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results\n';
    const i = old.indexOf(START);
    const j = old.indexOf(END);
    const next = i >= 0 && j > i ? old.slice(0, i) + md + old.slice(j + END.length) : `${old.trimEnd()}\n\n## Scan\n\n${md}\n`;
    writeFileSync(file, next);
  }
  return md;
}
