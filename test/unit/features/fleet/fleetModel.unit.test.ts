import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { Readable, Writable } from 'stream';
import { main } from '../../../../src/cli/main';
import { buildFleet, loadFleet } from '../../../../src/features/fleet/fleetModel';
import { FakeClock, REPO_ROOT } from '../../helpers';

/**
 * Debian's Prometheus from the cache of scripts/check-deploy.mjs (`--tools` downloads and unpacks it on a fresh machine,
 * as CI does); the path of its binary.
 */
function prometheusBinary(): string {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'check-deploy.mjs'), '--tools'], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  assert.strictEqual(r.status, 0, `scripts/check-deploy.mjs --tools: ${r.stderr}`);
  const bin = path.join(r.stdout.trim().split('\n').pop()!, 'prometheus');
  assert.ok(fs.existsSync(bin), bin);
  return bin;
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await probe();
      if (v !== undefined) {
        return v;
      }
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return assert.fail(`timed out: ${what} (${last instanceof Error ? last.message : String(last)})`);
}

describe('features/fleet/fleetModel', () => {
  it('groups troubled sessions under their machines, worst first; a machine that is down first of all', () => {
    const fleet = buildFleet({
      up: [
        { labels: { machine: 'b', instance: 'b:9464', job: 'session-doctor' }, value: 1 },
        { labels: { machine: 'a', instance: 'a:9464', job: 'session-doctor' }, value: 1 },
        { labels: { machine: 'z', instance: 'z:9464', job: 'session-doctor' }, value: 0 },
      ],
      live: [
        { labels: { machine: 'a' }, value: 3 },
        { labels: { machine: 'b' }, value: 9 },
      ],
      ratio: [
        { labels: { machine: 'a' }, value: 0.3 },
        { labels: { machine: 'b' }, value: 0.9 },
      ],
      findings: [
        { labels: { machine: 'a', session: 's2', agent: 'codex', type: 'repeated_tool_call', severity: 'HIGH' }, value: 1 },
        { labels: { machine: 'b', session: 's9', agent: 'claude-code', type: 'rate_limit', severity: 'HIGH' }, value: 1 },
        { labels: { machine: 'b', session: 's1', agent: 'claude-code', type: 'auth', severity: 'CRITICAL' }, value: 1 },
        { labels: { machine: 'b', session: 's1', agent: 'claude-code', type: 'rate_limit', severity: 'HIGH' }, value: 1 },
      ],
      stuck: [{ labels: { instance: 'c:9464', session: 's7', agent: 'gemini', state: 'stuck' }, value: 400 }],
    });
    assert.deepStrictEqual(
      fleet.map((m) => [m.machine, m.up, m.live]),
      [
        ['z', false, 0],
        ['b', true, 9],
        ['a', true, 3],
        ['c:9464', true, 0],
      ],
    );
    assert.deepStrictEqual(
      fleet[1].sessions.map((s) => [s.session, s.findings.map((f) => f.severity)]),
      [
        ['s1', ['CRITICAL', 'HIGH']],
        ['s9', ['HIGH']],
      ],
    );
    assert.strictEqual(fleet[1].usedRatio, 0.9);
    assert.strictEqual(fleet[3].sessions[0].stuck, true);
  });

  it('lists two machines and their findings from a real Prometheus scraping two real watchers', async function () {
    this.timeout(270_000);
    const PROMETHEUS = prometheusBinary();
    const watchers: { abort: AbortController; done: Promise<number>; dir: string; port: number }[] = [];
    const prom = { dir: fs.mkdtempSync(path.join(os.tmpdir(), 'sd-prom-')), port: await freePort() };
    let proc: ReturnType<typeof spawn> | undefined;
    try {
      for (const [file, fixture] of [
        ['auth.jsonl', 'claude/auth_401.jsonl'],
        ['loop.jsonl', 'codex/tool_loop.jsonl'],
      ]) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-machine-'));
        fs.copyFileSync(path.join(REPO_ROOT, 'test', 'fixtures', fixture), path.join(dir, file));
        fs.copyFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'claude', 'happy.jsonl'), path.join(dir, 'happy.jsonl'));
        const port = await freePort();
        const abort = new AbortController();
        const stderr = new Capture();
        const done = main(['watch', '--poll', '50', '--metrics', String(port), dir], {
          stdout: new Capture(),
          stderr,
          stdin: Readable.from(['']),
          env: {},
          cwd: dir,
          home: dir,
          tmpdir: dir,
          signal: abort.signal,
          clock: new FakeClock(Date.UTC(2026, 10, 23, 17, 0, 0)),
        });
        watchers.push({ abort, done, dir, port });
        await waitFor(async () => (/Watching/.test(stderr.text) ? true : undefined), `watcher ${fixture}`, 20_000);
      }
      fs.writeFileSync(
        path.join(prom.dir, 'prometheus.yml'),
        [
          'global: { scrape_interval: 1s, evaluation_interval: 1s }',
          'scrape_configs:',
          '  - job_name: session-doctor',
          '    static_configs:',
          `      - { targets: ['127.0.0.1:${watchers[0].port}'], labels: { machine: build-01 } }`,
          `      - { targets: ['127.0.0.1:${watchers[1].port}'], labels: { machine: build-02 } }`,
        ].join('\n'),
      );
      proc = spawn(
        PROMETHEUS,
        [
          `--config.file=${path.join(prom.dir, 'prometheus.yml')}`,
          `--storage.tsdb.path=${path.join(prom.dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${prom.port}`,
        ],
        { stdio: 'ignore' },
      );
      const url = `http://127.0.0.1:${prom.port}`;
      const fleet = await waitFor(
        async () => {
          const f = await loadFleet({ url, timeoutMs: 2000 });
          return f.length === 2 && f.every((m) => m.sessions.length > 0) ? f : undefined;
        },
        'both machines with their troubled sessions',
        60_000,
      );
      const byName = Object.fromEntries(fleet.map((m) => [m.machine, m]));
      assert.deepStrictEqual(Object.keys(byName).sort(), ['build-01', 'build-02']);
      assert.deepStrictEqual(
        byName['build-01'].sessions.map((s) => [s.session, s.agent, s.findings[0]]),
        [['a5c02b0f-6d0f-4f4d-b003-aec0568bb3c5', 'claude-code', { type: 'auth', severity: 'CRITICAL' }]],
      );
      assert.ok(
        byName['build-02'].sessions.some((s) => s.agent === 'codex' && s.findings.some((f) => f.type === 'repeated_tool_call')),
        JSON.stringify(byName['build-02']),
      );
      assert.ok(
        fleet.every((m) => m.up && m.live === 2),
        JSON.stringify(fleet.map((m) => [m.machine, m.up, m.live])),
      );
    } finally {
      if (proc && proc.exitCode === null) {
        const exited = new Promise((r) => proc!.once('exit', r));
        proc.kill('SIGTERM');
        await exited;
      }
      for (const w of watchers) {
        w.abort.abort();
        await w.done;
        fs.rmSync(w.dir, { recursive: true, force: true });
      }
      fs.rmSync(prom.dir, { recursive: true, force: true });
    }
  });
});
