// The scan benchmark (issue 10), one command: node bench/scan.bench.mjs [options] (npm run bench runs it after compiling).
// In one run, on a Claude Code history built by scripts/make-history.mjs from the real fixtures:
//   the floor (read, split, JSON.parse every line), `session-doctor scan --json`, ccusage 18.0.11 `session --json
//   --offline` (installed by this script with npm into .cache/ccusage-18.0.11), each in its own process, timed wall and
//   CPU, with peak RSS (GNU time's %M when /usr/bin/time exists, else the process's own maxRSS); the ratios; a catch-up
//   in-process (event-loop delay max and p99, peak heap, heap after GC); opening a store of 1,000 sessions and building
//   the first snapshot (median of 5 fresh processes); live latency from an appended line to the printed finding with 200
//   live sessions under the real `watch`, and watch's idle CPU over a minute. Writes the "Scan" section of
//   bench/RESULTS.md between <!-- scan:start --> and <!-- scan:end --> (other sections are left as they are).
// Options (sizes): --mb 180 --sessions 60 (the history), --catchup-mb 180 (history of the catch-up; 1024 for the 1 GB
// target, built once under .cache), --store-sessions 1000, --live-sessions 200, --idle-seconds 60, --runs 1 (runs of
// each of the three timed tools; the median is kept), --out <folder> (default .cache/bench), --no-ccusage, --no-write,
// --help (prints this). `scan` is timed as it ships: the webpack bundle of the CLI (dist/cli.js's build, made by
// bench/scan/bundle.mjs into <out>/cli when src/ changed), as ccusage is timed from its published bundle; --tsc-cli times
// the compiled sources instead ($BENCH_OUT or out/src/cli/index.js), which load slower. The store open is timed as it
// ships too: the store file and engine modules bundled by webpack with the CLI's settings (bench/scan/bundle.mjs
// storeOpenBundle, into <out>/store-open); with --tsc-cli from the compiled sources. The table's row is sql.js started as
// the CLI starts it; 5 more processes start it as the extension does (bench/scan/storeOpen.mjs --as-extension), printed
// on stderr and kept as storeOpenExtension. The other in-process pieces (catch-up, live) always use the compiled sources.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSection } from './scan/results.mjs';
import { cliBundle, storeOpenBundle } from './scan/bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CCUSAGE = '18.0.11';
const TARGETS = { floorShare: 0.4, ccusageRatio: 2, openMs: 300, heapMb: 200, p99Ms: 200, loopMs: 50 };

function options() {
  const a = process.argv.slice(2);
  if (a.includes('--help')) {
    const head = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
    process.stdout.write(
      head
        .slice(
          0,
          head.findIndex((l) => !l.startsWith('//')),
        )
        .map((l) => l.slice(3))
        .join('\n') + '\n',
    );
    process.exit(0);
  }
  const num = (name, dflt) => {
    const i = a.indexOf(name);
    return i < 0 ? dflt : Number(a[i + 1]);
  };
  const str = (name, dflt) => {
    const i = a.indexOf(name);
    return i < 0 ? dflt : a[i + 1];
  };
  return {
    mb: num('--mb', 180),
    sessions: num('--sessions', 60),
    catchupMb: num('--catchup-mb', 180),
    storeSessions: num('--store-sessions', 1000),
    liveSessions: num('--live-sessions', 200),
    idleSeconds: num('--idle-seconds', 60),
    runs: num('--runs', 1),
    out: str('--out', join(root, '.cache', 'bench')),
    ccusage: !a.includes('--no-ccusage'),
    tscCli: a.includes('--tsc-cli'),
    write: !a.includes('--no-write'),
  };
}

const log = (s) => process.stderr.write(s + '\n');

/** The history of `mb` MB and `sessions` sessions under `out`, built once (history.json says what was built). */
function history(out, sessions, mb) {
  const dir = join(out, `history-${sessions}s-${mb}mb`);
  const meta = join(dir, 'history.json');
  if (existsSync(meta)) {
    const m = JSON.parse(readFileSync(meta, 'utf8'));
    if (m.sessions === sessions && m.targetMB === mb) {
      return { dir, ...m };
    }
  }
  log(`building a ${mb} MB history of ${sessions} sessions in ${dir} ...`);
  mkdirSync(dir, { recursive: true });
  execFileSync(process.execPath, [join(root, 'scripts', 'make-history.mjs'), String(sessions), String(mb), dir], { stdio: 'inherit' });
  return { dir, ...JSON.parse(readFileSync(meta, 'utf8')) };
}

/** ccusage's bin, installed with npm into .cache/ccusage-<version> on the first run. */
function ccusageBin() {
  const prefix = join(root, '.cache', `ccusage-${CCUSAGE}`);
  const bin = join(prefix, 'node_modules', 'ccusage', 'dist', 'index.js');
  if (!existsSync(bin)) {
    log(`installing ccusage ${CCUSAGE} into ${prefix} ...`);
    mkdirSync(prefix, { recursive: true });
    execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', `ccusage@${CCUSAGE}`], {
      stdio: 'inherit',
    });
  }
  if (!existsSync(bin)) {
    const pkg = JSON.parse(readFileSync(join(prefix, 'node_modules', 'ccusage', 'package.json'), 'utf8'));
    const b = typeof pkg.bin === 'string' ? pkg.bin : Object.values(pkg.bin)[0];
    return join(prefix, 'node_modules', 'ccusage', b);
  }
  return bin;
}

const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Runs `node args` once: wall ms, CPU ms (user + sys), peak RSS MB, exit code, stdout. */
function timed(args, env = {}) {
  const cmd = GNU_TIME ? GNU_TIME : process.execPath;
  const argv = GNU_TIME ? ['-f', '@@time %e %U %S %M', process.execPath, ...args] : args;
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { env: { ...process.env, ...env }, maxBuffer: 1 << 30, encoding: 'utf8' });
  const wallMs = performance.now() - t0;
  const m = /@@time ([\d.]+) ([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  return {
    wallMs,
    cpuMs: m ? (Number(m[2]) + Number(m[3])) * 1000 : NaN,
    rssMb: m ? Number(m[4]) / 1024 : NaN,
    code: r.status,
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
  };
}

/** The median run (by wall time) of `runs` runs. */
function median(runs, f) {
  const all = [];
  for (let i = 0; i < runs; i++) {
    all.push(f());
  }
  all.sort((a, b) => a.wallMs - b.wallMs);
  return all[Math.floor((all.length - 1) / 2)];
}

function node(args) {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  }
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

async function main() {
  const o = options();
  mkdirSync(o.out, { recursive: true });
  const h = history(o.out, o.sessions, o.mb);
  const projects = join(h.dir, '.claude', 'projects');
  if (!o.tscCli) {
    log('the CLI bundle (webpack, when src/ changed) ...');
  }
  const cli = o.tscCli ? join(root, process.env.BENCH_OUT ?? 'out', 'src', 'cli', 'index.js') : await cliBundle(join(o.out, 'cli'));
  const res = {
    date: new Date().toISOString().slice(0, 10),
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? '',
    history: h,
    options: o,
    scanCli: o.tscCli ? 'the compiled sources (tsc)' : 'the webpack bundle, as shipped',
  };

  log('floor, scan, ccusage ...');
  res.floor = median(o.runs, () => timed([join(root, 'bench', 'scan', 'floor.mjs'), projects]));
  res.scan = median(o.runs, () => timed([cli, 'scan', '--json', projects]));
  if (res.scan.code !== 0 && res.scan.code !== 1) {
    throw new Error(`scan failed (${res.scan.code}): ${res.scan.stderr}`);
  }
  res.scanFindings = JSON.parse(res.scan.stdout).findings.length;
  if (o.ccusage) {
    const bin = ccusageBin();
    res.ccusage = median(o.runs, () =>
      timed([bin, 'session', '--json', '--offline'], { CLAUDE_CONFIG_DIR: join(h.dir, '.claude'), HOME: h.dir }),
    );
    if (res.ccusage.code !== 0) {
      throw new Error(`ccusage failed (${res.ccusage.code}): ${res.ccusage.stderr}`);
    }
    res.ccusageSessions = (JSON.parse(res.ccusage.stdout).sessions ?? []).length;
  }
  for (const k of ['floor', 'scan', 'ccusage']) {
    if (res[k]) {
      delete res[k].stdout;
      delete res[k].stderr;
    }
  }

  log('catch-up (event-loop delay, heap) ...');
  const c = o.catchupMb === o.mb ? h : history(o.out, Math.max(o.sessions, Math.round((o.sessions * o.catchupMb) / o.mb)), o.catchupMb);
  res.catchup = { history: c, ...node(['--expose-gc', join(root, 'bench', 'scan', 'catchup.mjs'), join(c.dir, '.claude', 'projects')]) };
  // the same catch-up into a store opened from its file (a restart of the extension with a store on disk)
  res.catchupFile = node([
    '--expose-gc',
    join(root, 'bench', 'scan', 'catchup.mjs'),
    '--store',
    'file',
    join(c.dir, '.claude', 'projects'),
  ]);

  log(`store of ${o.storeSessions} sessions: open + first snapshot ...`);
  const storeFile = join(o.out, `store-${o.storeSessions}.sqlite`);
  res.storeBuild = node([join(root, 'bench', 'scan', 'storeOpen.mjs'), 'build', storeFile, String(o.storeSessions)]);
  // as shipped: the store file and engine modules in one webpack bundle (--tsc-cli: the compiled sources)
  const storeModules = o.tscCli ? [] : [await storeOpenBundle(join(o.out, 'store-open'))];
  const opens = [];
  for (let i = 0; i < 5; i++) {
    opens.push(node([join(root, 'bench', 'scan', 'storeOpen.mjs'), 'open', storeFile, ...storeModules]));
  }
  opens.sort((a, b) => a.totalMs - b.totalMs);
  res.storeOpen = { ...opens[2], runs: opens.map((x) => Math.round(x.totalMs)) };
  // the same with sql.js started as the extension starts it (storeOpen.mjs --as-extension: no V8 flags, lazy compile)
  const asExtension = [];
  for (let i = 0; i < 5; i++) {
    asExtension.push(node([join(root, 'bench', 'scan', 'storeOpen.mjs'), 'open', storeFile, ...storeModules, '--as-extension']));
  }
  asExtension.sort((a, b) => a.totalMs - b.totalMs);
  res.storeOpenExtension = { ...asExtension[2], runs: asExtension.map((x) => Math.round(x.totalMs)) };
  log(
    `  as the CLI opens it: ${res.storeOpen.runs.join(', ')} ms; as the extension does: ${res.storeOpenExtension.runs.join(', ')} ms` +
      ` (${o.tscCli ? 'compiled sources' : 'webpack bundle'})`,
  );

  log(`live latency with ${o.liveSessions} sessions, then ${o.idleSeconds} s idle ...`);
  res.live = node([
    join(root, 'bench', 'scan', 'live.mjs'),
    join(o.out, 'live'),
    '--sessions',
    String(o.liveSessions),
    '--idle-seconds',
    String(o.idleSeconds),
  ]);

  res.targets = TARGETS;
  const text = writeSection(res, o.write ? join(root, 'bench', 'RESULTS.md') : undefined);
  process.stdout.write(text + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
