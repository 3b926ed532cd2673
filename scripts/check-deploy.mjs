#!/usr/bin/env node
// Validates the shipped fleet configuration (deploy/) with the real tools, from Debian's packages:
//   promtool check rules / check config / test rules (the rules' unit tests), amtool check-config, systemd-analyze
//   verify (when present), then a live Alertmanager on 127.0.0.1: alerts posted as Prometheus would send them, the
//   inhibition of lower tiers by higher ones and of a session's HIGH finding by its CRITICAL one read back from its API,
//   and the silence example applied.
// The binaries come from `apt-get download prometheus prometheus-alertmanager` (Debian 12: 2.42.0, 0.25.0), unpacked
// with dpkg-deb into the cache ($SESSION_DOCTOR_CACHE or ~/.cache/session-doctor). Debian's Alertmanager reads its
// built-in notification templates from /usr/share/prometheus/alertmanager/*.tmpl: when they are missing, the
// package's own copies are put there (the only files this writes outside the cache; the live check is skipped when it cannot).
// Exit 0 when everything passes, 1 when a check fails, 2 when the tools cannot be had. `--json` prints a summary.
// `--tools` only fills the cache and prints its bin folder (the tests that run a real Prometheus use it).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const deploy = join(root, 'deploy');
const cache = process.env.SESSION_DOCTOR_CACHE || join(homedir(), '.cache', 'session-doctor');
const toolsDir = join(cache, 'prometheus-debian12');
const bin = (name) => join(toolsDir, 'usr', 'bin', name);
const results = [];

/** Unpacks Debian's prometheus and prometheus-alertmanager into the cache, once. */
function ensureTools() {
  if (['promtool', 'amtool', 'prometheus-alertmanager'].every((b) => existsSync(bin(b)))) {
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'sd-debs-'));
  const download = () => spawnSync('apt-get', ['download', 'prometheus', 'prometheus-alertmanager'], { cwd: work, encoding: 'utf8' });
  let r = download();
  if (r.status !== 0) {
    spawnSync('apt-get', ['update'], { stdio: 'ignore' });
    r = download();
  }
  if (r.status !== 0) {
    console.error(`Cannot download Debian's prometheus packages: ${r.stderr || r.error}`);
    process.exit(2);
  }
  const staging = `${toolsDir}.tmp-${process.pid}`;
  mkdirSync(staging, { recursive: true });
  for (const deb of readdirSync(work).filter((f) => f.endsWith('.deb'))) {
    execFileSync('dpkg-deb', ['-x', join(work, deb), staging]);
  }
  rmSync(toolsDir, { recursive: true, force: true });
  renameSync(staging, toolsDir);
  rmSync(work, { recursive: true, force: true });
}

/** Puts the package's templates where Debian's Alertmanager looks for them; false when that is not possible. */
function ensureTemplates() {
  const dir = '/usr/share/prometheus/alertmanager';
  const files = readdirSync(join(toolsDir, dir)).filter((f) => f.endsWith('.tmpl'));
  try {
    mkdirSync(dir, { recursive: true });
    for (const f of files.filter((f) => !existsSync(join(dir, f)))) {
      copyFileSync(join(toolsDir, dir, f), join(dir, f));
    }
    return true;
  } catch (e) {
    results.push({ name: 'alertmanager live (skipped)', ok: true, output: `cannot write ${dir}: ${e.message}` });
    return false;
  }
}

/** Runs one tool; records pass/fail with its output. */
function check(name, cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: deploy, ...opts });
  const ok = r.status === 0 && !(opts.noStderr && r.stderr.trim());
  results.push({ name, ok, output: `${r.stdout}${r.stderr}`.trim() });
  return ok;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function api(base, path, body) {
  const res = await fetch(
    base + path,
    body ? { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : {},
  );
  if (!res.ok) {
    throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  }
  return res.json().catch(() => ({}));
}

async function until(what, probe, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      last = await probe();
      if (last) {
        return last;
      }
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out: ${what} (${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

/** Starts the shipped Alertmanager configuration on 127.0.0.1 and checks inhibition and the silence example. */
async function liveAlertmanager() {
  const port = await freePort();
  const clusterOff = '--cluster.listen-address=';
  const data = mkdtempSync(join(tmpdir(), 'sd-am-'));
  const am = spawn(
    bin('prometheus-alertmanager'),
    [
      `--config.file=${join(deploy, 'alertmanager', 'alertmanager.yml')}`,
      `--storage.path=${data}`,
      `--web.listen-address=127.0.0.1:${port}`,
      clusterOff,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  am.stderr.on('data', (c) => (log += c));
  const base = `http://127.0.0.1:${port}/api/v2`;
  try {
    await until('Alertmanager ready', async () => (await fetch(`http://127.0.0.1:${port}/-/ready`)).ok);
    const now = new Date();
    const endsAt = new Date(now.getTime() + 3_600_000).toISOString();
    const alert = (labels) => ({
      labels: { job: 'session-doctor', ...labels },
      annotations: { summary: 'test' },
      startsAt: now.toISOString(),
      endsAt,
    });
    const tiers = ['critical', 'warning', 'notice'].map((tier) =>
      alert({ alertname: 'SessionDoctorConcurrency', machine: 'build-01', tier, severity: tier === 'notice' ? 'info' : tier }),
    );
    const findings = [
      alert({ alertname: 'SessionDoctorCriticalFinding', machine: 'build-02', session: 's-auth', type: 'auth', severity: 'critical' }),
      alert({ alertname: 'SessionDoctorHighFinding', machine: 'build-02', session: 's-auth', type: 'rate_limit', severity: 'warning' }),
      alert({
        alertname: 'SessionDoctorHighFinding',
        machine: 'build-02',
        session: 's-loop',
        type: 'repeated_tool_call',
        severity: 'warning',
      }),
      alert({ alertname: 'SessionDoctorConcurrency', machine: 'build-02', tier: 'notice', severity: 'info' }),
    ];
    const usage = (alertname, window, tier) => {
      const labels = { alertname, machine: 'build-01', agent: 'claude-code', account: 'claude-code', window, severity: 'info' };
      return alert(tier ? { ...labels, tier, ...(tier === 'high' ? { severity: 'warning' } : {}) } : labels);
    };
    const limits = [
      usage('SessionDoctorUsageLimit', 'five_hour', 'high'),
      usage('SessionDoctorUsageLimit', 'five_hour', 'elevated'),
      usage('SessionDoctorUsageLimitForecast', 'five_hour'),
      usage('SessionDoctorUsageLimit', 'seven_day', 'elevated'),
    ];
    await api(base, '/alerts', [...tiers, ...findings, ...limits]);
    const states = await until('inhibitions applied', async () => {
      const got = await api(base, '/alerts');
      const key = (a) =>
        `${a.labels.alertname}/${a.labels.machine}/${a.labels.window ? `${a.labels.window}/` : ''}${a.labels.tier ?? a.labels.session ?? ''}`;
      const m = Object.fromEntries(got.map((a) => [key(a), a.status.state]));
      return got.length === 11 &&
        m['SessionDoctorConcurrency/build-01/warning'] === 'suppressed' &&
        m['SessionDoctorUsageLimitForecast/build-01/five_hour/'] === 'suppressed'
        ? m
        : undefined;
    });
    const expect = {
      'SessionDoctorConcurrency/build-01/critical': 'active',
      'SessionDoctorConcurrency/build-01/warning': 'suppressed',
      'SessionDoctorConcurrency/build-01/notice': 'suppressed',
      'SessionDoctorCriticalFinding/build-02/s-auth': 'active',
      'SessionDoctorHighFinding/build-02/s-auth': 'suppressed',
      'SessionDoctorHighFinding/build-02/s-loop': 'active',
      'SessionDoctorConcurrency/build-02/notice': 'active',
      'SessionDoctorUsageLimit/build-01/five_hour/high': 'active',
      'SessionDoctorUsageLimit/build-01/five_hour/elevated': 'suppressed',
      'SessionDoctorUsageLimitForecast/build-01/five_hour/': 'suppressed',
      'SessionDoctorUsageLimit/build-01/seven_day/elevated': 'active',
    };
    const wrong = Object.entries(expect).filter(([k, v]) => states[k] !== v);
    results.push({
      name: "alertmanager inhibition (live, higher tier and CRITICAL finding inhibit the lower ones, per machine and session; the 95 % usage tier its window's 80 % tier and forecast)",
      ok: wrong.length === 0,
      output: wrong.map(([k, v]) => `${k}: expected ${v}, got ${states[k]}`).join('\n') || JSON.stringify(states),
    });
    const silence = JSON.parse(readFileSync(join(deploy, 'alertmanager', 'silence-example.json'), 'utf8'));
    silence.matchers = silence.matchers.map((m) => (m.name === 'machine' ? { ...m, value: 'build-02' } : m));
    const created = await api(base, '/silences', { ...silence, startsAt: now.toISOString(), endsAt });
    const silenced = await until('silence applied', async () => {
      const got = await api(base, '/alerts');
      const a = got.find((x) => x.labels.alertname === 'SessionDoctorConcurrency' && x.labels.machine === 'build-02');
      return a?.status.silencedBy?.includes(created.silenceID) ? a : undefined;
    });
    results.push({
      name: 'alertmanager silence example (POST /api/v2/silences)',
      ok: silenced.status.state === 'suppressed',
      output: created.silenceID,
    });
  } catch (e) {
    results.push({ name: 'alertmanager live', ok: false, output: `${e instanceof Error ? e.message : e}\n${log.slice(-2000)}` });
  } finally {
    if (am.exitCode === null && am.signalCode === null) {
      const exited = new Promise((r) => am.once('exit', r));
      am.kill('SIGTERM');
      await exited;
    }
    rmSync(data, { recursive: true, force: true });
  }
}

ensureTools();
if (process.argv.includes('--tools')) {
  ensureTemplates(); // for a live Alertmanager; best effort
  console.log(join(toolsDir, 'usr', 'bin'));
  process.exit(0);
}
check('promtool check rules', bin('promtool'), ['check', 'rules', 'prometheus/session-doctor.rules.yml']);
check('promtool check config', bin('promtool'), ['check', 'config', 'prometheus/prometheus.yml']);
check('promtool test rules', bin('promtool'), ['test', 'rules', 'prometheus/tests/session-doctor.rules.test.yml']);
check('amtool check-config', bin('amtool'), ['check-config', 'alertmanager/alertmanager.yml']);
if (spawnSync('systemd-analyze', ['--version']).status === 0) {
  check('systemd-analyze verify', 'systemd-analyze', ['verify', 'systemd/session-doctor-watch.service'], { noStderr: true });
}
if (ensureTemplates()) {
  await liveAlertmanager();
}
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(results));
} else {
  for (const r of results) {
    console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}${r.ok ? '' : `\n${r.output}`}`);
  }
}
process.exit(results.every((r) => r.ok) ? 0 : 1);
