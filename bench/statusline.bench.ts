/**
 * Benchmark (figures printed, nothing asserted): Claude Code's status line as it runs it, a new process per status update
 * with the payload on stdin. Spawns the shipped entry, the webpack bundle dist/statusline.js (`session-doctor-statusline`;
 * built here with `webpack --config-name statusline` when missing or older than its sources), interleaved in the same
 * run with a bare `node -e ""` (the floor any Node program pays) and with the whole CLI bundle's `statusline` fast path
 * (`node dist/cli.js statusline`, when dist/cli.js exists), so the ratios hold on a busy machine. Each is spawned twice per
 * round: with the environment as it is, and with NODE_EXTRA_CA_CERTS removed from the child's environment (when set, Node
 * reads that whole CA bundle at every start, before any of our code runs; most users' machines do not set it). Also the
 * in-process time of one update (parse, read and rewrite the spool record, render).
 * Target (issue 12): p95 at most 100 ms for the shipped entry.
 * Run: npm run compile-tests && node out/bench/statusline.bench.js [rounds, default 50]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runStatusLine } from '../src/cli/statusline';

/** The repository: compiled to <outDir>/bench/, so two folders up. */
const ROOT = path.resolve(__dirname, '..', '..');
const ENTRY = path.join(ROOT, 'dist', 'statusline.js');
const CLI_BUNDLE = path.join(ROOT, 'dist', 'cli.js');
/** What dist/statusline.js is built from (src/cli/statuslineMain.ts and what it imports). */
const SOURCES = ['src/cli/statuslineMain.ts', 'src/cli/statusline.ts', 'src/core/ingest/redact.ts', 'src/core/limits'];

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

function newestMtime(p: string): number {
  const st = fs.statSync(p);
  if (!st.isDirectory()) {
    return st.mtimeMs;
  }
  return Math.max(0, ...fs.readdirSync(p).map((f) => newestMtime(path.join(p, f))));
}

/** Builds dist/statusline.js when it is missing or older than one of its sources; returns what was done. */
function ensureEntry(): string {
  const built = fs.existsSync(ENTRY) ? fs.statSync(ENTRY).mtimeMs : 0;
  const sources = Math.max(...SOURCES.map((s) => newestMtime(path.join(ROOT, s))));
  if (built >= sources) {
    return `bundle up to date (${fs.statSync(ENTRY).size} bytes)`;
  }
  const webpackCli = require.resolve('webpack-cli/bin/cli.js', { paths: [ROOT] });
  const r = spawnSync(process.execPath, [webpackCli, '--mode', 'production', '--config-name', 'statusline'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    throw new Error(`webpack --config-name statusline failed: ${r.stdout}\n${r.stderr}`);
  }
  return `bundle built by the bench (${fs.statSync(ENTRY).size} bytes)`;
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
    throw new Error(`${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
  }
  if (args[0] !== '-e' && !r.stdout.startsWith('SD ')) {
    throw new Error(`${args.join(' ')} printed no status line: ${r.stdout} ${r.stderr}`);
  }
  return ms;
}

function main(): void {
  const rounds = Number(process.argv[2] ?? 50);
  const built = ensureEntry();
  const spool = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-bench-statusline-'));
  const withCa: NodeJS.ProcessEnv = { ...process.env, SESSION_DOCTOR_SPOOL: spool };
  const withoutCa: NodeJS.ProcessEnv = { ...withCa };
  delete withoutCa.NODE_EXTRA_CA_CERTS;
  const envs: [string, NodeJS.ProcessEnv][] = [
    [`environment as is (NODE_EXTRA_CA_CERTS=${process.env.NODE_EXTRA_CA_CERTS ?? 'unset'})`, withCa],
  ];
  if (process.env.NODE_EXTRA_CA_CERTS !== undefined) {
    envs.push(['NODE_EXTRA_CA_CERTS removed from the child', withoutCa]);
  }
  const commands: [string, string[]][] = [
    ['bare node -e ""', ['-e', '']],
    ['dist/statusline.js (shipped entry)', [ENTRY]],
  ];
  if (fs.existsSync(CLI_BUNDLE)) {
    commands.push(['node dist/cli.js statusline (fast path of the whole CLI bundle)', [CLI_BUNDLE, 'statusline']]);
  }
  const times = new Map<string, number[]>();
  try {
    for (let i = 0; i < rounds; i++) {
      for (const [envName, env] of envs) {
        for (const [name, args] of commands) {
          const input = args[0] === '-e' ? '' : payload(10 + (i % 80), Date.now());
          const key = `${envName}\t${name}`;
          times.set(key, [...(times.get(key) ?? []), timeSpawn(args, input, env)]);
        }
      }
    }
    const inProc: number[] = [];
    for (let i = 0; i < 500; i++) {
      const t0 = process.hrtime.bigint();
      runStatusLine(payload(10 + (i % 80), Date.now()), spool, Date.now(), 'UTC');
      inProc.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const f = (x: number) => x.toFixed(1);
    console.log(
      `statusline: ${rounds} rounds, each command spawned once per environment per round, interleaved; ${built}; load ${os.loadavg()[0].toFixed(1)}`,
    );
    for (const [envName] of envs) {
      const bare = times.get(`${envName}\tbare node -e ""`) ?? [];
      console.log(`  ${envName}:`);
      for (const [name] of commands) {
        const xs = times.get(`${envName}\t${name}`) ?? [];
        const ratio = name.startsWith('bare')
          ? ''
          : ` | ratio to bare median ${(quantile(xs, 0.5) / quantile(bare, 0.5)).toFixed(2)}x, p95 ${(quantile(xs, 0.95) / quantile(bare, 0.95)).toFixed(2)}x`;
        console.log(`    ${name}: median ${f(quantile(xs, 0.5))} ms, p95 ${f(quantile(xs, 0.95))} ms${ratio}`);
      }
    }
    console.log(`  in-process update (500): median ${quantile(inProc, 0.5).toFixed(2)} ms, p95 ${quantile(inProc, 0.95).toFixed(2)} ms`);
  } finally {
    fs.rmSync(spool, { recursive: true, force: true });
  }
}

main();
