import * as assert from 'assert';
import { readStatus, statusIn, statusType } from '../../../../src/core/detection/status';

describe('detection/status: the HTTP status in any phrasing', () => {
  it('reads a status named by the words that introduce it', () => {
    for (const [text, status] of [
      ['API Error: 429 {"type":"error"}', 429],
      ['Request failed with status code 503', 503],
      ['openai.RateLimitError: Error code: 429 - {...}', 429],
      ['HTTP/1.1 502 Bad Gateway', 502],
      ['upstream http 429', 429],
      ['exceeded retry limit, last status: 429 Too Many Requests', 429],
      ['the server responded with a status of 400 ()', 400],
      ['Failed to get copilot token due to 401 status.', 401],
      ['statusCode=503', 503],
      ['upstream_status=401', 401],
      ['Run failed: Request to Plugin Daemon Service failed-500', 500],
      ['MultiAgent request failed after 3 retries: ErrorStatus(500, "")', 500],
      ["relay error happen, status code is 400, won't retry in this case", 400],
      ['Details: unhandled status from server: 408', 408],
      ['模型 Qwen/Qwen2.5-7B-Instruct 错误码: 503, 等待 15秒后重试', 503],
      ['error code: 524', 524],
      ['Upstream provider OPENROUTER returned HTTP 402.', 402],
      ['Last error: CAPIError: 503 {"error":{}}', 503],
      ['Error from OpenAI: 401  {', 401],
    ] as const) {
      assert.strictEqual(readStatus(text)?.status, status, text);
      assert.strictEqual(readStatus(text)?.how, 'named', text);
    }
  });

  it('reads the status after "failed:" (the colon is no word boundary)', () => {
    assert.strictEqual(readStatus('Execution failed: 421 421 Misdirected Request')?.status, 421);
    assert.strictEqual(readStatus('Condensing API call failed: 500 "Internal server error"')?.how, 'named');
    assert.strictEqual(readStatus('3 checks failed: 500 tokens left'), undefined);
  });

  it('reads a status with its reason phrase, a reason phrase alone, a JSON body and a model API request log', () => {
    assert.deepStrictEqual(readStatus('<html><head><title>504 Gateway Time-out</title>'), {
      status: 504,
      phrase: '504 Gateway Time-out',
      how: 'reason',
    });
    assert.strictEqual(readStatus('Service Unavailable (503)')?.status, 503);
    assert.strictEqual(readStatus('404 Client Error: Not Found for url: https://x')?.status, 404);
    assert.strictEqual(readStatus("httpx.HTTPStatusError: Server error '529 ' for url")?.status, 529);
    assert.strictEqual(readStatus('Too Many Requests')?.status, 429);
    assert.strictEqual(readStatus('{"error":{"code":401,"message":"x"}}')?.how, 'body');
    assert.strictEqual(readStatus("{'status_code': 429, 'detail': 'x'}")?.status, 429);
    assert.strictEqual(readStatus('--> POST /v1/messages?beta=true 500 301s')?.status, 500);
    assert.strictEqual(readStatus('[ERROR] [POST] /v1/messages?beta=true 500 (12515ms)')?.status, 500);
    assert.strictEqual(readStatus('error requesting https://example.invalid/x.tar.gz: 504 <html>')?.how, 'body');
    // .NET's HttpRequestException; Gin's access log line (Ollama, Go relays) for a model API path, not for another path
    assert.strictEqual(readStatus('Response status code does not indicate success: 404 (Not Found).')?.how, 'named');
    assert.strictEqual(readStatus('[GIN] 2026/01/02 - 10:00:00 | 500 |  1.2s |  127.0.0.1 | POST  "/api/chat"')?.status, 500);
    assert.strictEqual(readStatus('[GIN] 2026/01/02 - 10:00:00 | 500 |  1.2s |  127.0.0.1 | POST  "/checkout"')?.how, undefined);
  });

  it('reads bare statuses as bare, and a number with a unit or outside the known set as no status', () => {
    assert.strictEqual(readStatus('Error (429)')?.how, 'bare');
    assert.strictEqual(statusIn('Error (429)'), undefined, 'statusIn leaves out bare readings unless asked');
    assert.strictEqual(statusIn('Error (429)', true), 429);
    assert.strictEqual(readStatus('Warning: Invalid token: missing token: 403')?.how, 'bare');
    assert.strictEqual(readStatus('Warning: Invalid token: missing token: 403')?.status, 403);
    assert.strictEqual(readStatus('retried: 403 times'), undefined);
    for (const text of [
      'returned 500 tokens',
      'took 429 ms',
      'got 503 lines',
      'status 487',
      'returned HTTP 429.5',
      'a TypeError: 500 lines',
      'line 429 of the file',
      '{"code": 429}',
      '{"error":{"code":4290}}',
    ]) {
      assert.strictEqual(statusIn(text), undefined, text);
    }
  });

  it('maps statuses to types: 401/403 auth, 402 quota, 408/504/522/524 timeout, 413 context, 429 rate limit, 503/529 overloaded, other 4xx/5xx', () => {
    assert.deepStrictEqual([401, 402, 403, 404, 408, 413, 422, 429, 500, 502, 503, 504, 520, 523, 524, 529].map(statusType), [
      'auth',
      'quota_exhausted',
      'auth',
      'bad_request',
      'timeout',
      'token_limit',
      'bad_request',
      'rate_limit',
      'server_error',
      'server_error',
      'overloaded',
      'timeout',
      'server_error',
      'network',
      'timeout',
      'overloaded',
    ]);
  });
});
