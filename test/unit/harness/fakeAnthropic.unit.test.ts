/**
 * The fake Anthropic server (test/harness/fakeAnthropic.js), driven by fetch: the usage-limit step answers like the API
 * refusing a subscriber's request (the unified rate-limit headers Claude Code 2.1.330 reads), then the script goes on.
 */
import * as assert from 'assert';
import * as path from 'path';
import { REPO_ROOT } from '../helpers';

interface FakeServer {
  url: string;
  requests: Array<{ path: string; step?: string; main?: boolean }>;
  close(): Promise<void>;
}
// The harness is plain CommonJS outside the TypeScript tree.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startFakeAnthropic } = require(path.join(REPO_ROOT, 'test/harness/fakeAnthropic.js')) as {
  startFakeAnthropic: (opts: { script?: unknown }) => Promise<FakeServer>;
};

const MAIN = { model: 'claude-sonnet-4-5', max_tokens: 1024, tools: [{ name: 'Bash' }], messages: [{ role: 'user', content: 'hi' }] };

async function post(srv: FakeServer, body: unknown): Promise<Response> {
  return fetch(`${srv.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('harness/fakeAnthropic', () => {
  it('refuses with a five-hour usage limit (unified headers, reset in epoch seconds, no retry-after), then answers', async () => {
    const resetsAt = Math.floor(Date.now() / 1000) + 120;
    const srv = await startFakeAnthropic({
      script: [
        { type: 'usage_limit', resetsAt },
        { type: 'text', text: 'Back.' },
      ],
    });
    try {
      const refused = await post(srv, MAIN);
      assert.strictEqual(refused.status, 429);
      const h = refused.headers;
      assert.strictEqual(h.get('anthropic-ratelimit-unified-status'), 'rejected');
      assert.strictEqual(h.get('anthropic-ratelimit-unified-reset'), String(resetsAt));
      assert.strictEqual(h.get('anthropic-ratelimit-unified-representative-claim'), 'five_hour');
      assert.strictEqual(h.get('anthropic-ratelimit-unified-5h-status'), 'rejected');
      assert.strictEqual(h.get('anthropic-ratelimit-unified-5h-reset'), String(resetsAt));
      assert.strictEqual(h.get('anthropic-ratelimit-unified-7d-status'), 'allowed');
      assert.strictEqual(h.get('retry-after'), null);
      const body = (await refused.json()) as { type: string; error: { type: string } };
      assert.deepStrictEqual([body.type, body.error.type], ['error', 'rate_limit_error']);
      // A side request (no tools) is not refused; the next main request takes the next step.
      assert.strictEqual((await post(srv, { ...MAIN, tools: [] })).status, 200);
      const ok = await post(srv, MAIN);
      assert.strictEqual(ok.status, 200);
      assert.match(JSON.stringify(await ok.json()), /Back\./);
      assert.deepStrictEqual(
        srv.requests.filter((r) => r.main).map((r) => r.step),
        ['usage_limit', 'text'],
      );
    } finally {
      await srv.close();
    }
  });

  it('names the weekly window when the claim is seven_day, and defaults the reset to 60 s ahead', async () => {
    const srv = await startFakeAnthropic({ script: [{ type: 'usage_limit', claim: 'seven_day' }] });
    try {
      const before = Date.now() / 1000;
      const h = (await post(srv, MAIN)).headers;
      assert.strictEqual(h.get('anthropic-ratelimit-unified-representative-claim'), 'seven_day');
      assert.strictEqual(h.get('anthropic-ratelimit-unified-7d-status'), 'rejected');
      const reset = Number(h.get('anthropic-ratelimit-unified-reset'));
      assert.ok(reset >= Math.round(before + 59) && reset <= Math.round(before + 62), `reset ${reset - before} s ahead`);
    } finally {
      await srv.close();
    }
  });
});
