import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { Readable, Writable } from 'stream';
import { gunzipSync } from 'zlib';
import { EXIT, main } from '../../../src/cli/main';
import { otlpMetricsUrl } from '../../../src/cli/otlpPush';
import { FakeClock, REPO_ROOT } from '../helpers';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** One data point as the collector received it: metric name, kind, attributes and value. */
interface Point {
  name: string;
  kind: 'gauge' | 'sum';
  monotonic?: boolean;
  temporality?: number;
  unit: string;
  attributes: Record<string, string>;
  value: number;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
}
interface OtlpDataPoint {
  attributes?: { key: string; value: OtlpValue }[];
  asDouble?: number;
  asInt?: string | number;
}
interface OtlpMetric {
  name: string;
  unit?: string;
  gauge?: { dataPoints: OtlpDataPoint[] };
  sum?: { dataPoints: OtlpDataPoint[]; isMonotonic?: boolean; aggregationTemporality?: number };
}
interface OtlpRequest {
  resourceMetrics: { resource?: { attributes?: { key: string; value: OtlpValue }[] }; scopeMetrics: { metrics: OtlpMetric[] }[] }[];
}

const attrs = (list: { key: string; value: OtlpValue }[] = []) =>
  Object.fromEntries(list.map((a) => [a.key, String(a.value.stringValue ?? a.value.intValue ?? a.value.doubleValue)]));

/** A fake OTLP/HTTP collector on 127.0.0.1: keeps each POST to /v1/metrics (JSON, gzip or not), answers 200. */
async function fakeCollector() {
  const requests: { type: string; body: OtlpRequest }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/metrics') {
        res.writeHead(404).end();
        return;
      }
      let raw = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') {
        raw = gunzipSync(raw);
      }
      requests.push({ type: String(req.headers['content-type']), body: JSON.parse(raw.toString('utf8')) as OtlpRequest });
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const points = (i: number): Point[] =>
    requests[i].body.resourceMetrics.flatMap((rm) =>
      rm.scopeMetrics.flatMap((sm) =>
        sm.metrics.flatMap((m) => {
          const kind = m.gauge ? 'gauge' : 'sum';
          return (m.gauge ?? m.sum)!.dataPoints.map((p) => ({
            name: m.name,
            kind,
            monotonic: m.sum?.isMonotonic,
            temporality: m.sum?.aggregationTemporality,
            unit: m.unit ?? '',
            attributes: attrs(p.attributes),
            value: Number(p.asDouble ?? p.asInt),
          })) as Point[];
        }),
      ),
    );
  return { url, requests, points, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('cli/otlpPush', () => {
  it('takes an http(s) collector URL, adding /v1/metrics to a bare one; refuses other schemes and credentials', () => {
    assert.strictEqual(otlpMetricsUrl('http://127.0.0.1:4318'), 'http://127.0.0.1:4318/v1/metrics');
    assert.strictEqual(otlpMetricsUrl('https://otel.example/'), 'https://otel.example/v1/metrics');
    assert.strictEqual(otlpMetricsUrl('http://c:4318/custom/metrics'), 'http://c:4318/custom/metrics');
    assert.throws(() => otlpMetricsUrl('127.0.0.1:4318'), /Expected an http\(s\) URL/);
    assert.throws(() => otlpMetricsUrl('grpc://c:4317'), /Expected an http\(s\) URL/);
    assert.throws(() => otlpMetricsUrl('http://user:pw@c:4318'), /OTEL_EXPORTER_OTLP_HEADERS/);
  });

  it('pushes the metrics of real transcripts to a collector (gauges, cumulative monotonic sums, resource) every interval', async function () {
    this.timeout(30_000);
    const collector = await fakeCollector();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-otlp-'));
    fs.copyFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'claude', 'auth_401.jsonl'), path.join(dir, 'auth.jsonl'));
    fs.copyFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'claude', 'happy.jsonl'), path.join(dir, 'happy.jsonl'));
    const stderr = new Capture();
    const abort = new AbortController();
    const done = main(['watch', '--poll', '50', '--otlp', collector.url, '--otlp-interval', '0.3', dir], {
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
    try {
      const end = Date.now() + 20_000;
      const hasAuth = () =>
        collector.requests.some((_r, i) =>
          collector.points(i).some((p) => p.name === 'session_doctor_open_findings' && p.attributes.type === 'auth' && p.value === 1),
        );
      while (!hasAuth() && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.ok(hasAuth(), `no push with the auth finding (${collector.requests.length} requests; ${stderr.text})`);
      assert.match(stderr.text, /Pushing metrics to http:\/\/127\.0\.0\.1:\d+\/v1\/metrics every 0\.3 s/);
      assert.doesNotMatch(stderr.text, /Serving metrics/, 'no HTTP endpoint without --metrics');
      const i = collector.requests.length - 1;
      assert.match(collector.requests[i].type, /^application\/json/);
      const points = collector.points(i);
      const one = (name: string, a: Record<string, string> = {}) =>
        points.filter((p) => p.name === name && Object.entries(a).every(([k, v]) => p.attributes[k] === v));
      assert.deepStrictEqual(
        one('session_doctor_open_findings', { type: 'auth' }).map((p) => [p.kind, p.attributes, p.value]),
        [['gauge', { agent: 'claude-code', type: 'auth', severity: 'CRITICAL' }, 1]],
      );
      const critical = one('session_doctor_session_open_findings', { severity: 'CRITICAL' });
      assert.deepStrictEqual(
        critical.map((p) => p.attributes.session),
        ['a5c02b0f-6d0f-4f4d-b003-aec0568bb3c5'],
      );
      const detected = one('session_doctor_failures_detected_total', { type: 'auth' });
      assert.strictEqual(detected.length, 1);
      assert.ok(detected[0].value >= 1);
      assert.strictEqual(detected[0].kind, 'sum');
      assert.strictEqual(detected[0].monotonic, true);
      assert.strictEqual(detected[0].temporality, 2, 'cumulative');
      assert.strictEqual(one('session_doctor_live_sessions')[0].value, 2);
      assert.strictEqual(one('session_doctor_concurrency_limit')[0].value, 10);
      assert.strictEqual(one('session_doctor_concurrency_used_ratio')[0].unit, '1');
      assert.strictEqual(one('session_doctor_build_info')[0].value, 1);
      const resource = attrs(collector.requests[i].body.resourceMetrics[0].resource?.attributes);
      assert.strictEqual(resource['service.name'], 'session-doctor');
      assert.strictEqual(resource['host.name'], os.hostname());
    } finally {
      abort.abort();
      const before = collector.requests.length;
      assert.strictEqual(await done, EXIT.ok);
      assert.ok(collector.requests.length > before, 'a last push on exit');
      await collector.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a URL that is not http(s) as a usage error before watching', async () => {
    const stderr = new Capture();
    const code = await main(['watch', '--otlp', 'collector:4318', REPO_ROOT], {
      stdout: new Capture(),
      stderr,
      stdin: Readable.from(['']),
      env: {},
      cwd: REPO_ROOT,
      home: os.tmpdir(),
      clock: new FakeClock(0),
    });
    assert.strictEqual(code, EXIT.error);
    assert.match(stderr.text, /Expected an http\(s\) URL/);
  });
});
