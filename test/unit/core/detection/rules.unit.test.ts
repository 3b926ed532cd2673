import * as assert from 'assert';
import { detect } from '../../../../src/core/detection/detect';
import { whenLimitLifts } from '../../../../src/core/detection/rules';

describe('detection/rules: the close calls', () => {
  it('tells when a limit lifts: a named period first, then a reset hours away, then a retry in seconds', () => {
    assert.strictEqual(whenLimitLifts('Rate limit reached for gpt-4 on requests per day (RPD). Please try again in 8.64s.'), 'late');
    assert.strictEqual(whenLimitLifts('Rate limit reached on tokens per min (TPM): Limit 30000'), 'soon');
    assert.strictEqual(whenLimitLifts("You've hit your usage limit · resets 3pm (Europe/Berlin)"), 'late');
    assert.strictEqual(whenLimitLifts('Please try again in 58 hours.'), 'late');
    assert.strictEqual(whenLimitLifts('You exceeded your current quota. Please retry in 25.4s.'), 'soon');
    assert.strictEqual(whenLimitLifts('API Error: Server is temporarily limiting requests (not your usage limit)'), undefined);
  });

  it("Codex's last status decides its retry-limit and rejected-request messages", () => {
    const type = (text: string) => detect(text, { raw: true }).type;
    assert.strictEqual(type('ERROR: exceeded retry limit, last status: 401 Unauthorized, request id: 9a4a'), 'auth');
    assert.strictEqual(type('exceeded retry limit, last status: 429 Too Many Requests, request id: c4fc'), 'rate_limit');
    assert.strictEqual(type('exceeded retry limit, last status: 503 Service Unavailable'), 'overloaded');
    assert.strictEqual(type('OpenAI rejected the request. Status: 401, Message: "Unauthorized"'), 'auth');
    assert.strictEqual(type('OpenAI rejected the request. Please check your account.'), 'bad_request');
  });

  it('quota or rate limit, output or context, status over generic words', () => {
    const type = (text: string, status?: number) => detect(text, { raw: false, status }).type;
    assert.strictEqual(type('429 Too Many Requests: Rate limit reached for requests per day (RPD)'), 'quota_exhausted');
    assert.strictEqual(
      type('You exceeded your current quota, please check your plan and billing details. Please retry in 25s.'),
      'rate_limit',
    );
    assert.strictEqual(type('You exceeded your current quota, please check your plan and billing details.'), 'quota_exhausted');
    assert.strictEqual(type('Request too large for gpt-4 in organization org-X on tokens per min (TPM): Limit 10000'), 'rate_limit');
    assert.strictEqual(type('prompt is too long: 210000 tokens > 200000 maximum'), 'token_limit');
    assert.strictEqual(type("API Error: Claude's response exceeded the 32000 output token maximum."), 'output_limit');
    assert.strictEqual(type('input length and `max_tokens` exceed context limit: 190000 + 32000 > 200000'), 'token_limit');
    assert.strictEqual(type('InternalError.Algo.InvalidParameter: bad value', 400), 'bad_request');
    assert.strictEqual(type('API Error: 500 {"type":"error","error":{"type":"api_error","message":"Overloaded"}}', 500), 'overloaded');
  });

  it("Ollama's request log: a 5xx on a model route is a server error, a 2xx or the user's own route is nothing", () => {
    const raw = (text: string) => detect(text, { raw: true }).type;
    assert.strictEqual(
      raw('[GIN] 2025/07/16 - 20:07:57 | 500 |    720.9988ms |       127.0.0.1 | POST     "/api/generate"'),
      'server_error',
    );
    assert.strictEqual(raw('[GIN] 2025/07/16 - 20:07:57 | 200 |    720.9988ms |       127.0.0.1 | POST     "/api/generate"'), undefined);
    assert.strictEqual(raw('| 500 | Internal Server Error | retry later |'), undefined);
  });

  it('a connection answered with 401 or 403 is auth, not the network', () => {
    const raw = (text: string) => detect(text, { raw: true }).type;
    assert.strictEqual(raw('failed to connect to websocket: HTTP error: 401 Unauthorized, url: wss://example.invalid/responses'), 'auth');
    assert.strictEqual(raw('failed to connect to websocket: connection refused'), 'network');
  });

  it("a connection answered with any status is that status's; a Connect code decides over its class; max_tokens above the model's is a bad request", () => {
    const raw = (text: string) => detect(text, { raw: true }).type;
    assert.strictEqual(raw('Failed to connect to API: 400 Bad Request {"error":'), 'bad_request');
    assert.strictEqual(raw('Failed to connect to API: connection refused'), 'network');
    assert.strictEqual(raw('ConnectError: [invalid_argument] Error'), 'bad_request');
    assert.strictEqual(raw('ConnectError: [unauthenticated] Error'), 'auth');
    assert.strictEqual(raw('httpx.ConnectError: [Errno 111] Connection refused'), 'network');
    assert.strictEqual(
      raw(
        'ValidationException: The maximum tokens you requested exceeds the model limit of 4096. Try again with a maximum tokens value that is lower than 4096.',
      ),
      'bad_request',
    );
    assert.strictEqual(raw("Error: prompt is too long: This model's maximum context length is 8192 tokens"), 'token_limit');
  });

  it("a model server's failure to parse a tool call stays a parse failure inside its 500; an agent's message quoting names as code is kept", () => {
    const raw = (text: string) => detect(text, { raw: true }).type;
    assert.strictEqual(
      raw(
        'srv    operator(): got exception: {"error":{"code":500,"message":"Failed to parse input at pos 12: </tool_call>","type":"server_error"}}',
      ),
      'json_parse',
    );
    assert.strictEqual(
      raw('⚠ MCP client for `context7` timed out after 10 seconds. Add or adjust `startup_timeout_sec` in your config.toml:'),
      'timeout',
    );
    // prose that quotes two error names as code is still prose
    assert.strictEqual(raw('We should retry on `rate_limit_error` and `overloaded_error` here'), undefined);
  });

  it('a line that opens with a published error code as its label is printed output, not prose for the gate to judge', () => {
    const raw = (text: string) => detect(text, { raw: true });
    const printed = raw(
      'ECONNRESET: The socket connection was closed unexpectedly. For more information, pass `verbose: true` in the second argument to fetch()',
    );
    assert.strictEqual(printed.type, 'network');
    // whatever the gate makes of it (it may be asked, as the rules look at it only once it says no), it does not drop it
    assert.ok(!printed.evidence.some((e) => e.kind === 'gate' && !e.accepted), 'the gate did not drop it');
  });
});
