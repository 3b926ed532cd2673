// Live latency and idle CPU of the scan benchmark, with the real `session-doctor watch` (out/src/cli/index.js):
//   node bench/scan/live.mjs <work folder> [--sessions 200] [--idle-seconds 60]
// Writes <sessions> live Claude Code sessions (the real happy-path transcript of test/fixtures/claude, each with its own
// session id, stamped a few minutes ago) under <work folder>/projects, starts `watch --json` on them, waits until it has
// caught up, then appends to each session in turn one real rate-limit line (the CLI's own 429 `api_error` record from
// rate_limit_forever.jsonl, with the session's id and the time of the append) and measures the time from the append
// to the finding printed on watch's stdout. Then, nothing changing, reads watch's CPU time from /proc over
// `--idle-seconds`. Stops watch (SIGTERM, by its pid). Prints one JSON line:
// { sessions, probes, missed, p50Ms, p99Ms, maxMs, idleSeconds, idleCpuPct }.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function arg(name, dflt) {
  const i = process.argv.indexOf(name);
  return i < 0 ? dflt : Number(process.argv[i + 1]);
}

/** Process CPU time (user + system, ms) from /proc/<pid>/stat; undefined where /proc is missing. */
function cpuMs(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100 on Linux)
  } catch {
    return undefined;
  }
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
}

async function main() {
  const work = process.argv[2];
  const sessions = arg('--sessions', 200);
  const idleSeconds = arg('--idle-seconds', 60);
  const fixtures = join(root, 'test', 'fixtures', 'claude');
  const happy = readFileSync(join(fixtures, 'happy.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  const limit = readFileSync(join(fixtures, 'rate_limit_forever.jsonl'), 'utf8')
    .split('\n')
    .find((l) => l.includes('"subtype":"api_error"') && l.includes('"status":429'));
  const oldId = JSON.parse(happy[0]).sessionId;
  const limitId = JSON.parse(limit).sessionId;
  const dir = join(work, 'projects', '-home-dev-projects-live');
  rmSync(join(work, 'projects'), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const ids = [];
  const start = Date.now() - 5 * 60_000;
  for (let i = 0; i < sessions; i++) {
    const id = `${String(i).padStart(8, '0')}-1111-4111-8111-111111111111`;
    ids.push(id);
    const lines = happy.map((l) => {
      const o = JSON.parse(l.replaceAll(oldId, id));
      if (typeof o.timestamp === 'string') {
        o.timestamp = new Date(start + i).toISOString();
      }
      return JSON.stringify(o);
    });
    writeFileSync(join(dir, `${id}.jsonl`), lines.join('\n') + '\n');
  }
  const watch = spawn(
    process.execPath,
    [join(root, process.env.BENCH_OUT ?? 'out', 'src', 'cli', 'index.js'), 'watch', '--json', join(work, 'projects')],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const seen = new Map();
  let buffered = '';
  watch.stdout.on('data', (d) => {
    const now = performance.now();
    buffered += d;
    const lines = buffered.split('\n');
    buffered = lines.pop();
    for (const l of lines) {
      try {
        const f = JSON.parse(l);
        if (f.live && !seen.has(f.sessionId)) {
          seen.set(f.sessionId, now);
        }
      } catch {
        // not a finding
      }
    }
  });
  watch.stderr.on('data', () => {});
  const wait = async (id, ms) => {
    const until = performance.now() + ms;
    while (!seen.has(id) && performance.now() < until) {
      await sleep(2);
    }
    return seen.get(id);
  };
  const append = (id) => {
    const o = JSON.parse(limit.replaceAll(limitId, id));
    o.timestamp = new Date().toISOString();
    o.uuid = `${id.slice(0, 8)}-2222-4222-8222-${String(Date.now()).slice(-12)}`;
    appendFileSync(join(dir, `${id}.jsonl`), JSON.stringify(o) + '\n');
  };
  // Caught up: wait until watch's CPU time stops growing.
  let last = -1;
  for (let i = 0; i < 600; i++) {
    await sleep(500);
    const c = cpuMs(watch.pid);
    if (c !== undefined && c === last) {
      break;
    }
    last = c ?? -1;
  }
  const latencies = [];
  let missed = 0;
  for (const id of ids) {
    const t0 = performance.now();
    append(id);
    const t1 = await wait(id, 5000);
    if (t1 === undefined) {
      missed++;
    } else {
      latencies.push(t1 - t0);
    }
    await sleep(20);
  }
  await sleep(1000);
  const c0 = cpuMs(watch.pid);
  const w0 = performance.now();
  await sleep(idleSeconds * 1000);
  const c1 = cpuMs(watch.pid);
  const w1 = performance.now();
  watch.kill('SIGTERM');
  await new Promise((r) => watch.once('exit', r));
  latencies.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      sessions,
      probes: ids.length,
      missed,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: latencies[latencies.length - 1],
      idleSeconds,
      idleCpuPct: c0 === undefined || c1 === undefined ? null : (100 * (c1 - c0)) / (w1 - w0),
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
