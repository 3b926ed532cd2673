/**
 * Benchmark of `watch --metrics` (figures printed and written to bench/RESULTS.md between the metrics markers; nothing
 * asserted): one engine holding N live Claude Code sessions made from the real fixtures (each fixture's lines under a
 * new session id), then the scrape: time of `MetricsServer.scrape()` (median of 30), series count and exposition size.
 * Baseline measured in the same run: `engine.snapshot()` alone, which every scrape needs (the ratio is scrape / snapshot).
 * Run: npm run compile-tests && node out/bench/metrics.bench.js [--write]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import initSqlJs from 'sql.js';
import { claudeFormat } from '../src/core/agents/claude/kind';
import { DEFAULT_ENGINE_CONFIG, Engine } from '../src/core/engine/engine';
import { Tailer } from '../src/core/ingest/tailer';
import { Store } from '../src/core/store/store';
import { MetricsServer } from '../src/cli/metricsServer';
import { nodeFileAccess } from '../src/host/node/nodeFileAccess';

const root = path.join(__dirname, '..', '..');
const fixtures = path.join(root, 'test', 'fixtures', 'claude');
/** The fixtures were written on 2026-11-23 between 16:00 and 16:30 UTC; at 17:00 every session is live (3 h window). */
const clock = { now: () => Date.UTC(2026, 10, 23, 17, 0, 0) };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function fleetOf(n: number, SQL: Awaited<ReturnType<typeof initSqlJs>>, dir: string): Promise<Engine> {
  const engine = new Engine(Store.open(SQL), { ...DEFAULT_ENGINE_CONFIG, activeWindowMs: 365 * 86_400_000 }, clock);
  const tailer = new Tailer(nodeFileAccess, engine, { chunkBytes: 65_536 });
  const files = fs.readdirSync(fixtures).filter((f) => f.endsWith('.jsonl') && f !== 'garbage.jsonl' && f !== 'crlf_bom.jsonl');
  for (let i = 0; i < n; i++) {
    const text = fs.readFileSync(path.join(fixtures, files[i % files.length]), 'utf8');
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const rewritten = text.replace(/"sessionId":"[^"]+"/g, `"sessionId":"${id}"`).replace(/"uuid":"([^"]+)"/g, `"uuid":"$1-${i}"`);
    const file = path.join(dir, `${id}.jsonl`);
    fs.writeFileSync(file, rewritten);
    await tailer.read(file, claudeFormat, id, false);
  }
  return engine;
}

async function main(): Promise<void> {
  const SQL = await initSqlJs();
  const rows: string[] = [];
  for (const n of [1, 10, 100, 200]) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-metrics-bench-'));
    const engine = await fleetOf(n, SQL, dir);
    const server = new MetricsServer({ engine, clock, version: '0.0.0' });
    const text = await server.scrape();
    const series = text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length;
    const live = /^session_doctor_live_sessions (\d+)$/m.exec(text)?.[1];
    const dropped = /^session_doctor_session_labels_dropped (\d+)$/m.exec(text)?.[1];
    const scrapeMs: number[] = [];
    const snapMs: number[] = [];
    for (let i = 0; i < 30; i++) {
      let t = process.hrtime.bigint();
      engine.snapshot();
      snapMs.push(Number(process.hrtime.bigint() - t) / 1e6);
      t = process.hrtime.bigint();
      await server.scrape();
      scrapeMs.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
    const sc = median(scrapeMs);
    const sn = median(snapMs);
    rows.push(
      `| ${n} | ${live} | ${dropped} | ${series} | ${(Buffer.byteLength(text) / 1024).toFixed(1)} KB | ${sc.toFixed(1)} ms | ${sn.toFixed(1)} ms | ${(sc / sn).toFixed(2)} |`,
    );
    console.log(rows[rows.length - 1]);
  }
  const table = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} × ${os.cpus()[0]?.model.split(' ').slice(0, 2).join(' ')}, Node ${process.version}; sessions made from the Claude Code fixtures (test/fixtures/claude), all live, session label cap 50. Baseline: \`engine.snapshot()\` alone, in the same run.`,
    '',
    '| Live sessions | live (gauge) | labels dropped | series | exposition | scrape (median of 30) | snapshot alone | scrape / snapshot |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  console.log('\n' + table);
  if (process.argv.includes('--write')) {
    const file = path.join(root, 'bench', 'RESULTS.md');
    const md = fs.readFileSync(file, 'utf8');
    const block = `<!-- metrics:start -->\n${table}\n<!-- metrics:end -->`;
    fs.writeFileSync(
      file,
      md.includes('<!-- metrics:start -->')
        ? md.replace(/<!-- metrics:start -->[\s\S]*<!-- metrics:end -->/, block)
        : `${md.trimEnd()}\n\n## Metrics (watch --metrics)\n\n${block}\n`,
    );
  }
}

void main();
