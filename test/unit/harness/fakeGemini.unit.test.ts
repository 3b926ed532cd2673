import * as assert from 'assert';
import * as http from 'http';
import * as path from 'path';
import { REPO_ROOT } from '../helpers';

/** The harness is plain CommonJS, outside the compiled tree. */
interface FakeGemini {
  url: string;
  requests: Array<{ path: string; step?: string; main?: boolean; headers: Record<string, unknown>; query: string }>;
  mainCount(): number;
  close(): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const harness = require(path.join(REPO_ROOT, 'test/harness/fakeGemini.js')) as {
  startFakeGemini(opts: { script?: unknown }): Promise<FakeGemini>;
};

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const TOOLS = [
  { functionDeclarations: [{ name: 'list_directory', description: 'List a folder', parameters: { type: 'OBJECT', properties: {} } }] },
];
const MAIN_BODY = { contents: [{ role: 'user', parts: [{ text: 'Say hello' }] }], tools: TOOLS };

/** One request with Node's plain HTTP client; resolves with the reply, rejects on a socket error. */
function request(url: string, method: string, urlPath: string, body?: unknown): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}${urlPath}`,
      { method, headers: { 'content-type': 'application/json', 'x-goog-api-key': 'fake-key' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

const generate = (url: string, body: unknown = MAIN_BODY): Promise<Reply> =>
  request(url, 'POST', '/v1beta/models/gemini-2.5-pro:generateContent', body);
const stream = (url: string, body: unknown = MAIN_BODY): Promise<Reply> =>
  request(url, 'POST', '/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse', body);

/** The `data:` payloads of an SSE body. */
function sseData(body: string): string[] {
  return body
    .split(/\r?\n\r?\n/)
    .map((e) => e.trim())
    .filter((e) => e.startsWith('data: '))
    .map((e) => e.slice('data: '.length));
}

async function withServer<T>(script: unknown, fn: (srv: FakeGemini) => Promise<T>): Promise<T> {
  const srv = await harness.startFakeGemini({ script });
  try {
    return await fn(srv);
  } finally {
    await srv.close();
  }
}

describe('fakeGemini harness (plain HTTP client)', () => {
  it('binds to 127.0.0.1 and answers a text turn with usageMetadata, as JSON and as SSE', async () => {
    await withServer(['text', { type: 'text', text: 'Second.' }], async (srv) => {
      assert.match(srv.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const r = await generate(srv.url);
      assert.strictEqual(r.status, 200);
      const json = JSON.parse(r.body);
      assert.strictEqual(json.candidates[0].content.role, 'model');
      assert.strictEqual(json.candidates[0].finishReason, 'STOP');
      assert.ok(json.usageMetadata.promptTokenCount > 0 && json.usageMetadata.candidatesTokenCount > 0);
      assert.strictEqual(json.usageMetadata.totalTokenCount, json.usageMetadata.promptTokenCount + json.usageMetadata.candidatesTokenCount);
      const s = await stream(srv.url);
      assert.strictEqual(s.status, 200);
      assert.match(String(s.headers['content-type']), /text\/event-stream/);
      const events = sseData(s.body).map((d) => JSON.parse(d));
      assert.strictEqual(events.length, 2);
      assert.strictEqual(events[0].candidates[0].content.parts[0].text, 'Second.');
      assert.strictEqual(events[1].candidates[0].finishReason, 'STOP');
      assert.ok(events[1].usageMetadata.candidatesTokenCount > 0);
      assert.strictEqual(srv.mainCount(), 2);
      assert.strictEqual(srv.requests[0].headers['x-goog-api-key'], '[REDACTED]', 'the key is not kept');
    });
  });

  it('gives side requests (no function declarations) a plain answer without taking a script step', async () => {
    await withServer(['429'], async (srv) => {
      const r = await generate(srv.url, { contents: [{ role: 'user', parts: [{ text: 'Title?' }] }] });
      assert.strictEqual(r.status, 200);
      assert.strictEqual(srv.mainCount(), 0);
      const schema = {
        generationConfig: { responseMimeType: 'application/json', responseJsonSchema: { properties: { next_speaker: {} } } },
      };
      const j = await generate(srv.url, { contents: [], ...schema });
      assert.strictEqual(JSON.parse(JSON.parse(j.body).candidates[0].content.parts[0].text).next_speaker, 'user');
    });
  });

  it('answers countTokens and the model list', async () => {
    await withServer('happy', async (srv) => {
      const c = await request(srv.url, 'POST', '/v1beta/models/gemini-2.5-pro:countTokens', { contents: MAIN_BODY.contents });
      assert.ok(JSON.parse(c.body).totalTokens > 0);
      const m = await request(srv.url, 'GET', '/v1beta/models');
      assert.ok(JSON.parse(m.body).models.some((x: { name: string }) => x.name === 'models/gemini-2.5-pro'));
    });
  });

  it('asks for the same function call again and again in the loop scenario', async () => {
    await withServer('tool_loop', async (srv) => {
      const calls: string[] = [];
      for (let i = 0; i < 4; i++) {
        const parts = JSON.parse((await generate(srv.url)).body).candidates[0].content.parts as Array<{ functionCall?: unknown }>;
        calls.push(JSON.stringify(parts.find((p) => p.functionCall)?.functionCall));
      }
      assert.strictEqual(new Set(calls).size, 1);
      assert.deepStrictEqual(JSON.parse(calls[0]), { name: 'list_directory', args: { dir_path: '.' } });
    });
  });

  const errorCases: Array<[string, number, string, RegExp]> = [
    ['429', 429, 'RESOURCE_EXHAUSTED', /exceeded your current quota/],
    ['401', 401, 'UNAUTHENTICATED', /invalid authentication credentials/],
    ['403', 403, 'PERMISSION_DENIED', /unregistered callers/],
    ['400-api-key', 400, 'INVALID_ARGUMENT', /API key not valid/],
    ['400-context', 400, 'INVALID_ARGUMENT', /input token count \(\d+\) exceeds the maximum number of tokens allowed/],
    ['500', 500, 'INTERNAL', /internal error/],
    ['503', 503, 'UNAVAILABLE', /overloaded/],
  ];
  for (const [step, status, rpcStatus, message] of errorCases) {
    it(`injects ${step} as HTTP ${status} ${rpcStatus}, then goes on with the script`, async () => {
      await withServer([step, 'text'], async (srv) => {
        const r = await stream(srv.url);
        assert.strictEqual(r.status, status);
        const err = JSON.parse(r.body).error;
        assert.strictEqual(err.code, status);
        assert.strictEqual(err.status, rpcStatus);
        assert.match(err.message, message);
        if (step === '429') {
          const retry = err.details.find((d: Record<string, string>) => d['@type'] === 'type.googleapis.com/google.rpc.RetryInfo');
          assert.strictEqual(retry.retryDelay, '1s');
        }
        assert.strictEqual((await stream(srv.url)).status, 200);
      });
    });
  }

  it('drops the connection without an answer', async () => {
    await withServer(['drop'], async (srv) => {
      await assert.rejects(generate(srv.url), (e: NodeJS.ErrnoException) => e.code === 'ECONNRESET' || /socket hang up/.test(e.message));
    });
  });

  it('sends a malformed stream: a good event, then cut JSON', async () => {
    await withServer(['malformed'], async (srv) => {
      const r = await stream(srv.url);
      assert.strictEqual(r.status, 200);
      const data = sseData(r.body);
      assert.strictEqual(data.length, 2);
      assert.doesNotThrow(() => JSON.parse(data[0]));
      assert.throws(() => JSON.parse(data[1]), SyntaxError);
    });
  });

  it('hangs: no answer until the server closes', async () => {
    const srv = await harness.startFakeGemini({ script: ['hang'] });
    let settled = false;
    const pending = generate(srv.url).then(
      () => (settled = true),
      () => (settled = true),
    );
    // Wait until the server has the request (an event, not a sleep), then check nothing was answered.
    while (srv.requests.length === 0) {
      await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setImmediate(r));
    assert.strictEqual(settled, false);
    assert.strictEqual(srv.requests[0].step, 'hang');
    await srv.close();
    await pending;
    assert.strictEqual(settled, true);
  });

  it('rejects an unknown scenario name', async () => {
    await assert.rejects(async () => harness.startFakeGemini({ script: 'nope' }), /unknown scenario "nope"/);
  });
});
