/**
 * The fake OpenAI server (test/harness/fakeOpenAI.js), driven by a plain HTTP client: every fault on cue, the Responses
 * API stream shape Codex reads, and Chat Completions chunks.
 */
import * as assert from 'assert';
import * as http from 'http';
import * as path from 'path';
import { REPO_ROOT } from '../helpers';

interface FakeServer {
  url: string;
  port: number;
  requests: Array<{ path: string; step?: string; hung?: boolean; headers: Record<string, unknown> }>;
  mainCount(): number;
  close(): Promise<void>;
}
type Start = (opts: { script?: unknown; log?: (line: string) => void; rateLimits?: unknown }) => Promise<FakeServer>;
// The harness is plain CommonJS outside the TypeScript tree.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startFakeOpenAI, codexConfigToml } = require(path.join(REPO_ROOT, 'test/harness/fakeOpenAI.js')) as {
  startFakeOpenAI: Start;
  codexConfigToml: (url: string, opts?: { model?: string }) => string;
};

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Set when the connection broke: before a response (no status) or in the middle of the body. */
  error?: string;
}

function post(srv: FakeServer, urlPath: string, body: unknown): Promise<Reply> {
  return new Promise((resolve) => {
    const data = JSON.stringify(body);
    const req = http.request(
      `${srv.url}${urlPath}`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: 'Bearer sk-test-unit-0000000000000000',
          'content-length': Buffer.byteLength(data),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        res.on('aborted', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, error: 'aborted' }));
        res.on('error', (e) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, error: e.message }));
      },
    );
    req.on('error', (e) => resolve({ status: 0, headers: {}, body: '', error: e.message }));
    req.end(data);
  });
}

const TOOLS = [{ type: 'function', name: 'exec_command', parameters: { type: 'object' } }];
const responsesRequest = { model: 'gpt-5-codex', stream: true, input: [{ role: 'user', content: 'hi' }], tools: TOOLS };

/** The SSE events of a Responses stream: [event name, parsed data]. Throws on a data line that is not JSON. */
function sse(body: string): Array<[string, Record<string, unknown>]> {
  return body
    .split('\n\n')
    .filter((b) => b.trim())
    .map((block) => {
      const name = /^event: (.*)$/m.exec(block)?.[1] ?? '';
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? '';
      return [name, JSON.parse(data) as Record<string, unknown>];
    });
}

async function withServer(script: unknown, fn: (srv: FakeServer) => Promise<void>, log?: (line: string) => void): Promise<void> {
  const srv = await startFakeOpenAI({ script, log });
  try {
    await fn(srv);
  } finally {
    await srv.close();
  }
}

describe('fake OpenAI server (test/harness/fakeOpenAI.js)', () => {
  it('binds 127.0.0.1 and streams a Responses API text reply in the real event order, with usage', () =>
    withServer('happy', async (srv) => {
      assert.match(srv.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const r = await post(srv, '/v1/responses', responsesRequest);
      assert.strictEqual(r.status, 200);
      assert.match(String(r.headers['content-type']), /text\/event-stream/);
      const events = sse(r.body);
      assert.deepStrictEqual(
        events.map(([n]) => n),
        [
          'response.created',
          'response.in_progress',
          'response.output_item.added',
          'response.content_part.added',
          'response.output_text.delta',
          'response.output_text.delta',
          'response.output_text.done',
          'response.content_part.done',
          'response.output_item.done',
          'response.completed',
        ],
      );
      assert.ok(events.every(([n, d]) => d.type === n));
      const deltas = events
        .filter(([n]) => n === 'response.output_text.delta')
        .map(([, d]) => d.delta)
        .join('');
      assert.strictEqual(deltas, 'Hello! The project looks fine. Nothing else to do.');
      const done = events[events.length - 1][1].response as {
        status: string;
        usage: { input_tokens: number; output_tokens: number; input_tokens_details: { cached_tokens: number } };
      };
      assert.strictEqual(done.status, 'completed');
      assert.ok(done.usage.input_tokens > done.usage.input_tokens_details.cached_tokens && done.usage.output_tokens > 0);
      assert.strictEqual(srv.requests[0].headers.authorization, '[REDACTED]', 'the key is not kept');
    }));

  it('tool loop: the same function call on every main request; side requests (no tools) do not take a step', () =>
    withServer('tool_loop', async (srv) => {
      const side = await post(srv, '/v1/responses', { model: 'gpt-5-codex', stream: false, input: 'title?' });
      assert.strictEqual(JSON.parse(side.body).output[0].content[0].text, 'Checking the project');
      assert.strictEqual(srv.mainCount(), 0);
      const calls: string[] = [];
      for (let i = 0; i < 3; i++) {
        const events = sse((await post(srv, '/v1/responses', responsesRequest)).body);
        assert.ok(events.some(([n]) => n === 'response.function_call_arguments.delta'));
        const item = events.find(([n, d]) => n === 'response.output_item.done' && (d.item as { type: string }).type === 'function_call')![1]
          .item as { name: string; arguments: string; call_id: string };
        assert.strictEqual(item.name, 'exec_command', 'a tool the request offers');
        calls.push(item.arguments);
      }
      assert.deepStrictEqual(
        calls.map((c) => JSON.parse(c)),
        [
          { cmd: 'ls', yield_time_ms: 1000 },
          { cmd: 'ls', yield_time_ms: 1000 },
          { cmd: 'ls', yield_time_ms: 1000 },
        ],
      );
    }));

  it('HTTP faults on cue: 429 with retry-after, 401, 400 context_length_exceeded, 500, 503; then the script goes on', () =>
    withServer(['429', '401', '400-context', '500', '503', { type: 'text', text: 'recovered' }], async (srv) => {
      const expect: Array<[number, string]> = [
        [429, 'rate_limit_exceeded'],
        [401, 'invalid_api_key'],
        [400, 'context_length_exceeded'],
        [500, 'server_error'],
        [503, 'server_is_overloaded'],
      ];
      for (const [status, code] of expect) {
        const r = await post(srv, '/v1/responses', responsesRequest);
        assert.strictEqual(r.status, status);
        assert.strictEqual(JSON.parse(r.body).error.code, code);
        if (status === 429) {
          assert.strictEqual(r.headers['retry-after'], '1');
        }
      }
      const ok = await post(srv, '/v1/responses', responsesRequest);
      assert.strictEqual(ok.status, 200);
      assert.match(ok.body, /recovered/);
      assert.deepStrictEqual(
        srv.requests.map((q) => q.step),
        ['429', '401', '400-context', '500', '503', 'text'],
      );
    }));

  it('a dropped connection: 200 and response.created, then the socket is destroyed mid-stream', () =>
    withServer('dropped', async (srv) => {
      const r = await post(srv, '/v1/responses', responsesRequest);
      assert.strictEqual(r.status, 200);
      assert.ok(r.error, 'the stream broke');
      assert.match(r.body, /event: response\.created/);
      assert.doesNotMatch(r.body, /response\.completed/);
    }));

  it('a malformed stream: data lines that are not JSON, and no response.completed', () =>
    withServer('malformed', async (srv) => {
      const r = await post(srv, '/v1/responses', responsesRequest);
      assert.strictEqual(r.status, 200);
      assert.strictEqual(r.error, undefined);
      assert.throws(() => sse(r.body), SyntaxError);
      assert.doesNotMatch(r.body, /response\.completed/);
    }));

  it('a hang: the request is taken and never answered until the server closes', async () => {
    let taken!: () => void;
    const seen = new Promise<void>((resolve) => (taken = resolve));
    const srv = await startFakeOpenAI({ script: 'hang', log: (l) => l.includes('step=hang') && taken() });
    const reply = post(srv, '/v1/responses', responsesRequest);
    await seen;
    assert.strictEqual(srv.requests[0].hung, true);
    await srv.close();
    const r = await reply;
    assert.strictEqual(r.status, 0, 'no response ever started');
    assert.ok(r.error);
  });

  it('a stall: the stream starts, then goes silent until the server closes', async () => {
    let taken!: () => void;
    const seen = new Promise<void>((resolve) => (taken = resolve));
    const srv = await startFakeOpenAI({ script: 'stall', log: (l) => l.includes('step=stall') && taken() });
    const reply = post(srv, '/v1/responses', responsesRequest);
    await seen;
    await srv.close();
    const r = await reply;
    assert.strictEqual(r.status, 200);
    assert.match(r.body, /response\.created/);
    assert.ok(r.error);
  });

  it('the Codex config points a Responses provider at the server, key from the environment, analytics off', () =>
    withServer('happy', async (srv) => {
      const toml = codexConfigToml(srv.url);
      assert.ok(toml.includes(`base_url = "${srv.url}/v1"`), toml);
      assert.match(toml, /^model_provider = "fake"$/m);
      assert.match(toml, /^wire_api = "responses"$/m);
      assert.match(toml, /^env_key = "FAKE_OPENAI_KEY"$/m);
      assert.match(toml, /\[analytics\]\nenabled = false/);
    }));

  it('Chat Completions: streamed chunks with tool_calls, a usage chunk and [DONE]; JSON when not streaming', () =>
    withServer(
      [
        { type: 'tool_call', name: 'shell', args: { command: ['ls'] } },
        { type: 'text', text: 'done' },
      ],
      async (srv) => {
        const r = await post(srv, '/v1/chat/completions', {
          model: 'gpt-5',
          stream: true,
          messages: [{ role: 'user', content: 'hi' }],
          tools: [{ type: 'function', function: { name: 'shell' } }],
        });
        assert.strictEqual(r.status, 200);
        const datas = r.body
          .split('\n\n')
          .filter((b) => b.startsWith('data: '))
          .map((b) => b.slice(6));
        assert.strictEqual(datas[datas.length - 1], '[DONE]');
        const chunks = datas.slice(0, -1).map(
          (d) =>
            JSON.parse(d) as {
              choices: Array<{
                delta: { tool_calls?: Array<{ function: { name?: string; arguments: string } }> };
                finish_reason: string | null;
              }>;
              usage?: unknown;
            },
        );
        const args = chunks
          .flatMap((c) => c.choices.flatMap((ch) => (ch.delta.tool_calls ?? []).map((t) => t.function.arguments)))
          .join('');
        assert.deepStrictEqual(JSON.parse(args), { command: ['ls'] });
        assert.ok(chunks.some((c) => c.choices.some((ch) => ch.finish_reason === 'tool_calls')));
        assert.ok(chunks[chunks.length - 1].usage);
        const plain = await post(srv, '/v1/chat/completions', {
          model: 'gpt-5',
          messages: [],
          tools: [{ type: 'function', function: { name: 'shell' } }],
        });
        assert.strictEqual(JSON.parse(plain.body).choices[0].message.content, 'done');
      },
    ));

  it('sends the x-codex-* rate-limit headers Codex reads, growing by stepPercent, and a usage_limit 429 with its reset', async () => {
    const rateLimits = {
      primary: { usedPercent: 40, windowMinutes: 300, resetsIn: 3600 },
      secondary: { usedPercent: 12, windowMinutes: 10080, resetsIn: 86400 },
      credits: { hasCredits: true, unlimited: false, balance: '5.00' },
      stepPercent: 5,
    };
    const srv = await startFakeOpenAI({ script: ['text', 'usage_limit'], rateLimits });
    try {
      const before = Math.floor(Date.now() / 1000);
      const ok = await post(srv, '/v1/responses', responsesRequest);
      assert.strictEqual(ok.status, 200);
      assert.strictEqual(ok.headers['x-codex-primary-used-percent'], '45');
      assert.strictEqual(ok.headers['x-codex-primary-window-minutes'], '300');
      const reset = Number(ok.headers['x-codex-primary-reset-at']);
      assert.ok(reset >= before + 3600 && reset <= before + 3602, String(reset));
      assert.strictEqual(ok.headers['x-codex-secondary-used-percent'], '12');
      assert.strictEqual(ok.headers['x-codex-secondary-window-minutes'], '10080');
      assert.strictEqual(ok.headers['x-codex-credits-has-credits'], 'true');
      assert.strictEqual(ok.headers['x-codex-credits-unlimited'], 'false');
      assert.strictEqual(ok.headers['x-codex-credits-balance'], '5.00');
      const limited = await post(srv, '/v1/responses', responsesRequest);
      assert.strictEqual(limited.status, 429);
      assert.strictEqual(limited.headers['x-codex-primary-used-percent'], '100');
      const error = JSON.parse(limited.body).error;
      assert.strictEqual(error.type, 'usage_limit_reached');
      assert.strictEqual(error.resets_in_seconds, 60);
      assert.ok(error.resets_at >= before + 60 && error.resets_at <= before + 62);
    } finally {
      await srv.close();
    }
    // Without the option: no limit headers (the fixtures made before stay as they were).
    await withServer('happy', async (plain) => {
      const r = await post(plain, '/v1/responses', responsesRequest);
      assert.strictEqual(r.headers['x-codex-primary-used-percent'], undefined);
    });
  });
});
