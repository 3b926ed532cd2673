import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { Readable, Writable } from 'stream';
import { EXIT, main } from '../../../src/cli/main';
import { parseListenAddress } from '../../../src/cli/metricsServer';
import { AGENT_IDS } from '../../../src/core/agents';
import { FAILURE_TYPES, SEVERITIES } from '../../../src/core/model/failures';
import { FakeClock, REPO_ROOT } from '../helpers';

const fixtures = path.join(REPO_ROOT, 'test', 'fixtures');

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** One sample of a parsed exposition. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus text exposition (format 0.0.4): comments skipped, `name{l="v",...} value` lines read. */
function parseExposition(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) {
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    assert.ok(m, `exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[l[1]] = l[2].replace(/\\(.)/g, (_s, c: string) => (c === 'n' ? '\n' : c));
    }
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

function get(url: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
      })
      .on('error', reject);
  });
}

async function waitFor(cond: () => boolean | Promise<boolean>, what: () => string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) {
      assert.fail(`timed out waiting: ${what()}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

const value = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((a, s) => a + s.value, 0);

/** Starts `watch --metrics` on a copy of some fixtures; returns the metrics URL, the folder and a stop function. */
async function startWatcher(metricsArg: string, files: [string, string][]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-metrics-'));
  for (const [from, to] of files) {
    fs.copyFileSync(path.join(fixtures, from), path.join(dir, to));
  }
  const stdout = new Capture();
  const stderr = new Capture();
  const abort = new AbortController();
  // The fixtures were written on 2026-11-23 around 16:12 UTC: at 17:00 they are live (activity within 3 h).
  const clock = new FakeClock(Date.UTC(2026, 10, 23, 17, 0, 0));
  const done = main(['watch', '--poll', '20', '--metrics', metricsArg, dir], {
    stdout,
    stderr,
    stdin: Readable.from(['']),
    env: {},
    cwd: dir,
    home: dir,
    tmpdir: dir,
    signal: abort.signal,
    clock,
  });
  await waitFor(
    () => /Watching/.test(stderr.text) || /Cannot serve/.test(stderr.text),
    () => stderr.text,
  );
  const url = /Serving metrics on (\S+)/.exec(stderr.text)?.[1];
  const stop = async () => {
    abort.abort();
    const code = await done;
    fs.rmSync(dir, { recursive: true, force: true });
    return code;
  };
  return { url, dir, stderr, stop, done };
}

describe('cli/metricsServer', () => {
  it('parses host:port, [v6]:port and a bare port (127.0.0.1), and rejects anything else', () => {
    assert.deepStrictEqual(parseListenAddress('9464'), { host: '127.0.0.1', port: 9464 });
    assert.deepStrictEqual(parseListenAddress('0.0.0.0:9464'), { host: '0.0.0.0', port: 9464 });
    assert.deepStrictEqual(parseListenAddress('localhost:0'), { host: 'localhost', port: 0 });
    assert.deepStrictEqual(parseListenAddress('[::1]:9464'), { host: '::1', port: 9464 });
    for (const bad of ['', 'host', 'host:', ':9464x', '1.2.3.4:70000', 'http://x:1']) {
      assert.throws(() => parseListenAddress(bad), /Expected host:port/, bad);
    }
  });

  it('serves the engine state of real transcripts on 127.0.0.1, live, with no transcript text in any label', async () => {
    const w = await startWatcher('0', [
      ['claude/auth_401.jsonl', 'auth.jsonl'],
      ['claude/happy.jsonl', 'happy.jsonl'],
      ['claude/garbage.jsonl', 'garbage.jsonl'],
      ['claude/tool_loop.jsonl', 'loop.jsonl'],
    ]);
    try {
      assert.ok(w.url, w.stderr.text);
      assert.match(w.url!, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const first = await get(w.url!);
      assert.strictEqual(first.status, 200);
      assert.match(first.type, /^text\/plain; version=0\.0\.4/);
      const s = parseExposition(first.body);
      assert.strictEqual(value(s, 'session_doctor_open_findings', { agent: 'claude-code', type: 'auth', severity: 'CRITICAL' }), 1);
      assert.strictEqual(
        value(s, 'session_doctor_session_open_findings', { session: 'a5c02b0f-6d0f-4f4d-b003-aec0568bb3c5', severity: 'CRITICAL' }),
        1,
      );
      assert.ok(value(s, 'session_doctor_failures_detected_total', { type: 'repeated_tool_call' }) >= 1);
      assert.ok(value(s, 'session_doctor_skipped_lines_total', { agent: 'claude-code' }) > 0);
      assert.strictEqual(value(s, 'session_doctor_concurrency_limit'), 10);
      const live = value(s, 'session_doctor_live_sessions');
      assert.ok(live >= 3, `live ${live}`);
      assert.strictEqual(value(s, 'session_doctor_concurrency_used_ratio'), live / 10);
      assert.ok(value(s, 'session_doctor_last_ingest_timestamp_seconds') > 0);

      // Labels: only the bounded vocabularies and session ids; never text of the transcripts.
      const allowed = new Set<string>([...AGENT_IDS, ...FAILURE_TYPES, ...SEVERITIES, 'ok', 'warning', 'critical']);
      ['working', 'waiting', 'stuck', 'dead', 'unknown'].forEach((x) => allowed.add(x));
      const transcripts = fs.readdirSync(w.dir).map((f) => fs.readFileSync(path.join(w.dir, f), 'utf8'));
      for (const sample of s) {
        for (const [k, v] of Object.entries(sample.labels)) {
          if (k === 'session') {
            assert.match(v, /^(?:[0-9a-f-]{36}|[A-Za-z0-9._:@-]{1,64})$/, `${sample.name} session=${v}`);
          } else if (k === 'version' || k === 'le' || k === 'quantile') {
            assert.match(v, /^[\w.+-]+$/);
          } else {
            assert.ok(allowed.has(v), `${sample.name} ${k}=${v}`);
          }
          if (v.length > 8 && k !== 'session') {
            assert.ok(!transcripts.some((t) => t.includes(v) && !allowed.has(v)), `${k}=${v} appears in a transcript`);
          }
        }
      }

      // A critical line appended to the healthy session: the counter and the gauges follow.
      const before = value(s, 'session_doctor_failures_detected_total', { type: 'auth' });
      // The 401 line of the auth fixture, as the healthy session's own next line (its session id, a new uuid).
      const line =
        fs
          .readFileSync(path.join(fixtures, 'claude', 'auth_401.jsonl'), 'utf8')
          .split('\n')[16]
          .replace(/a5c02b0f-6d0f-4f4d-b003-aec0568bb3c5/g, '27539745-bd38-45aa-961f-c3b7c4f98429')
          .replace(/"uuid":"[^"]+"/, '"uuid":"0a1b2c3d-0000-4000-8000-000000000001"') + '\n';
      fs.appendFileSync(path.join(w.dir, 'happy.jsonl'), line);
      await waitFor(
        async () => value(parseExposition((await get(w.url!)).body), 'session_doctor_failures_detected_total', { type: 'auth' }) > before,
        () => 'the appended 401 is counted',
      );
      const after = parseExposition((await get(w.url!)).body);
      assert.strictEqual(value(after, 'session_doctor_sessions', { health: 'critical' }), 2);

      const other = await get(w.url!.replace('/metrics', '/'));
      assert.strictEqual(other.status, 404);
    } finally {
      assert.strictEqual(await w.stop(), EXIT.ok);
    }
  });

  it('reports a port it cannot bind as a usage error, exit code 2', async () => {
    const busy = http.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const port = (busy.address() as { port: number }).port;
    try {
      const w = await startWatcher(`127.0.0.1:${port}`, [['claude/happy.jsonl', 'a.jsonl']]);
      assert.strictEqual(w.url, undefined);
      assert.strictEqual(await w.done, EXIT.error);
      assert.match(w.stderr.text, /Cannot serve metrics on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
    } finally {
      busy.close();
    }
  });
});
