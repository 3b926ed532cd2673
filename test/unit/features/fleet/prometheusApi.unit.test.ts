import * as assert from 'assert';
import * as http from 'http';
import { PrometheusError, fleetAuthorization, queryVector, splitCredentials } from '../../../../src/features/fleet/prometheusApi';

/** A fake Prometheus on 127.0.0.1 answering /api/v1/query with `answer(query)` (status, body); records the requests. */
async function fakePrometheus(answer: (q: string) => [number, string]) {
  const seen: { query: string; authorization?: string }[] = [];
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const q = u.searchParams.get('query') ?? '';
    seen.push({ query: q, authorization: req.headers.authorization });
    const [status, body] = u.pathname === '/prefix/api/v1/query' ? answer(q) : [404, '404 page not found'];
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/prefix`;
  return { url, seen, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('features/fleet/prometheusApi', () => {
  it('reads an instant vector (labels, values, NaN kept) and sends the authorization from SecretStorage', async () => {
    const p = await fakePrometheus(() => [
      200,
      JSON.stringify({
        status: 'success',
        data: {
          resultType: 'vector',
          result: [
            { metric: { __name__: 'session_doctor_live_sessions', machine: 'build-01' }, value: [1764500000.5, '3'] },
            { metric: { machine: 'build-02' }, value: [1764500000.5, 'NaN'] },
          ],
        },
      }),
    ]);
    try {
      const r = await queryVector({ url: p.url + '/', authorization: 'Bearer t0k' }, 'session_doctor_live_sessions{machine=~"build-.*"}');
      assert.deepStrictEqual(r[0], { labels: { __name__: 'session_doctor_live_sessions', machine: 'build-01' }, value: 3 });
      assert.ok(Number.isNaN(r[1].value));
      assert.deepStrictEqual(p.seen, [{ query: 'session_doctor_live_sessions{machine=~"build-.*"}', authorization: 'Bearer t0k' }]);
    } finally {
      await p.close();
    }
  });

  it("turns Prometheus's errors, other result types, non-JSON answers and a dead server into a PrometheusError", async () => {
    const p = await fakePrometheus((q) =>
      q === 'bad('
        ? [400, JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": 1:5: parse error' })]
        : q === 'scalar(1)'
          ? [200, JSON.stringify({ status: 'success', data: { resultType: 'scalar', result: [1, '1'] } })]
          : [502, '<html>Bad Gateway</html>'],
    );
    try {
      await assert.rejects(
        queryVector({ url: p.url }, 'bad('),
        (e) => e instanceof PrometheusError && /bad_data: invalid parameter/.test(e.message),
      );
      await assert.rejects(queryVector({ url: p.url }, 'scalar(1)'), /expected a vector, got scalar/);
      await assert.rejects(queryVector({ url: p.url }, 'up'), /HTTP 502 with no JSON/);
    } finally {
      await p.close();
    }
    await assert.rejects(queryVector({ url: p.url, timeoutMs: 2000 }, 'up'), /did not answer/);
  });

  it('moves credentials out of the URL into a Basic authorization, and refuses what is not http(s)', () => {
    assert.deepStrictEqual(splitCredentials('https://ops:s%40cret@prom.example:9090/'), {
      url: 'https://prom.example:9090',
      authorization: `Basic ${Buffer.from('ops:s@cret').toString('base64')}`,
    });
    assert.deepStrictEqual(splitCredentials('http://127.0.0.1:9090/prom'), { url: 'http://127.0.0.1:9090/prom' });
    assert.throws(() => splitCredentials('file:///etc/passwd'), /Only http and https/);
    assert.throws(
      () => splitCredentials('not a url with user:pw@x'),
      (e: Error) => e instanceof PrometheusError && !e.message.includes('user:pw'),
    );
  });
});

describe('features/fleet/prometheusApi fleetAuthorization', () => {
  it('makes a Basic authorization from a user and password, a Bearer one from a token alone, nothing from empty answers', () => {
    assert.strictEqual(fleetAuthorization('ops', 's@cret:x'), `Basic ${Buffer.from('ops:s@cret:x').toString('base64')}`);
    assert.strictEqual(fleetAuthorization(' ops ', ''), `Basic ${Buffer.from('ops:').toString('base64')}`);
    assert.strictEqual(fleetAuthorization('', 'tok-123'), 'Bearer tok-123');
    assert.strictEqual(fleetAuthorization('  ', ''), undefined);
    assert.throws(() => fleetAuthorization('a:b', 'x'), /cannot contain ":"/);
  });
});
