/**
 * Benchmark (figures printed, nothing asserted): `session-doctor statusline` as Claude Code runs it, a new process per
 * status update with the payload on stdin. Measures the wall time of N runs of the compiled executable (the fast path of
 * src/cli/index.ts) and, in the same run and interleaved, of a bare `node -e ""` (the floor any Node command pays), so
 * the ratio holds on a busy machine; also the in-process time of one update (parse, read and write the spool record,
 * render). Target: p95 at most 100 ms. Run: npm run compile-tests && node out/bench/statusline.bench.js [runs]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runStatusLine } from '../src/cli/statusline';

const CLI = path.resolve(__dirname, '../src/cli/index.js');

function payload(used: number, nowMs: number): string {
  return JSON.stringify({
    session_id: '0a1b2c3d-0000-4000-8000-000000000001',
    transcript_path: '/home/dev/.claude/projects/-home-dev-app/0a1b2c3d-0000-4000-8000-000000000001.jsonl',
    cwd: '/home/dev/app',
    model: { id: 'claude-sonnet-4-5', display_name: 'Sonnet 4.5' },
    version: '2.1.330',
    cost: { total_cost_usd: 0.42, total_duration_ms: 1000, total_api_duration_ms: 800, total_lines_added: 1, total_lines_removed: 0 },
    context_window: { total_input_tokens: 50_000, total_output_tokens: 100, context_window_size: 200_000, used_percentage: 25 },
    rate_limits: {
      five_hour: { used_percentage: used, resets_at: Math.floor(nowMs / 1000) + 7200 },
      seven_day: { used_percentage: 12, resets_at: Math.floor(nowMs / 1000) + 86_400 },
    },
  });
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
}

function timeSpawn(args: string[], input: string, env: NodeJS.ProcessEnv): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { input, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) {
    throw new Error(`exit ${r.status}: ${r.stderr}`);
  }
  return ms;
}

function main(): void {
  const runs = Number(process.argv[2] ?? 30);
  const spool = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-bench-statusline-'));
  const env = { ...process.env, SESSION_DOCTOR_SPOOL: spool, TZ: 'UTC' };
  const cli: number[] = [];
  const bare: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      bare.push(timeSpawn(['-e', ''], '', env));
      cli.push(timeSpawn([CLI, 'statusline'], payload(10 + (i % 80), Date.now()), env));
    }
    const inProc: number[] = [];
    for (let i = 0; i < 500; i++) {
      const t0 = process.hrtime.bigint();
      runStatusLine(payload(10 + (i % 80), Date.now()), spool, Date.now(), 'UTC');
      inProc.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const f = (x: number) => x.toFixed(1);
    console.log(
      `statusline (${runs} processes, ${path.relative(process.cwd(), CLI)}): median ${f(quantile(cli, 0.5))} ms, p95 ${f(quantile(cli, 0.95))} ms` +
        ` | bare node -e "" same run: median ${f(quantile(bare, 0.5))} ms, p95 ${f(quantile(bare, 0.95))} ms` +
        ` | ratio median ${(quantile(cli, 0.5) / quantile(bare, 0.5)).toFixed(2)}x, p95 ${(quantile(cli, 0.95) / quantile(bare, 0.95)).toFixed(2)}x` +
        ` | cost over bare node (p95 difference) ${f(quantile(cli, 0.95) - quantile(bare, 0.95))} ms` +
        ` | in-process update (500): median ${quantile(inProc, 0.5).toFixed(2)} ms, p95 ${quantile(inProc, 0.95).toFixed(2)} ms`,
    );
  } finally {
    fs.rmSync(spool, { recursive: true, force: true });
  }
}

main();
