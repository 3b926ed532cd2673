import * as assert from 'assert';
import fc from 'fast-check';
import { ANY_NEGATIVE_SHAPE, NEGATIVE_RULES, negativeEvidence } from '../../../../src/core/detection/negatives';

describe('detection/negatives: shapes that are no error report', () => {
  it('names the shape of code, grep hits, test verdicts, docs, diffs, tracker tags and the user app request log', () => {
    for (const [line, id] of [
      ['except openai.RateLimitError as e:', 'code-statement'],
      ['src/client.py:88:        raise RateLimitError("429")', 'grep-hit'],
      ['logger.warning("429 Too Many Requests, backing off")', 'code-call'],
      ['FAILED tests/test_client.py::test_retries_on_429 - openai.RateLimitError', 'test-verdict'],
      ['| 429 | rate_limit_error | Your account has hit a rate limit. |', 'markdown-table'],
      ['+Handle invalid JSON in tool call arguments gracefully', 'diff-line'],
      ['[Bug] Anthropic API Error: 529 Overloaded', 'issue-title'],
      ["module 'openai' has no attribute 'RateLimitError'", 'program-error'],
      ['INFO:     127.0.0.1:5000 - "GET /api/users HTTP/1.1" 500 Internal Server Error', 'app-request-log'],
      ['Request succeeded after 2 retries (429 Too Many Requests)', 'went-away'],
      ['[08/Dec/2021 09:28:10] ERROR [django.request:222] Internal Server Error: /api/orders/', 'web-framework-error-log'],
      ['ERROR in app: Exception on /checkout [POST]', 'web-framework-error-log'],
      ['Completed 500 Internal Server Error in 31ms (ActiveRecord: 2.1ms)', 'web-framework-error-log'],
      ['you exceeded your current quota怎么回事', 'question-cjk'],
      ['调用提示rate_limit_error，直连就没问题，这是为什么？', 'question-cjk'],
      ['1P event logging: 3 events failed to export (code=ECONNRESET)', 'telemetry-export'],
      [
        '[cause]: ConnectTimeoutError: Connect Timeout Error (attempted address: telemetry.business.githubcopilot.com:443)',
        'telemetry-export',
      ],
      [
        '⚠ Your conversations have multiple flags for possible cybersecurity risk. Responses may take longer because extra safety checks are on.',
        'slower-answers-notice',
      ],
      ['  ⎿  [output truncated]', 'display-marker'],
      ['grep -i "agent executor error\\|UNAVAILABLE\\|503" \\', 'search-command'],
    ] as const) {
      assert.strictEqual(negativeEvidence(line)?.id, id, line);
    }
  });

  it('keeps error reports whose start looks like code or a log of its own: an exception repr, a Rust log, a panic, a model API request log', () => {
    for (const line of [
      'openai.RateLimitError("Error code: 429")',
      'ERROR goose::agents::truncate: Error: Request failed with status: 400 Bad Request',
      'panic(main thread): Segmentation fault at address 0x0',
      'litellm.proxy.proxy_server._handle_llm_api_exception(): Exception occured - litellm.NotFoundError',
      'INFO:     127.0.0.1:42832 - "POST /chat/completions HTTP/1.1" 401 Unauthorized',
      'unexpected status 400 Bad Request: {',
      'ChatGPT error 429: {',
      'ERROR Internal Server Error: /v1/chat/completions',
      // llama.cpp's GGML_ABORT: a file and line but no column, unlike a compiler's diagnostic
      'llama.cpp/ggml/src/ggml-cpu/ggml-cpu.c:3996: fatal error',
      // Ollama's request log (GIN) draws columns with pipes, like a Markdown table
      '[GIN] 2025/07/16 - 20:07:57 | 500 |    720.9988ms |       127.0.0.1 | POST     "/api/generate"',
    ]) {
      assert.strictEqual(negativeEvidence(line), undefined, line);
    }
  });

  it('every rule that matches a line is matched by the one-search prefilter first', () => {
    const pieces = [
      'if ',
      'except ',
      'src/a.ts:12:',
      'FAILED ',
      'tests/x.py::t',
      '--- FAIL:',
      '| ',
      ' | ',
      '`a`',
      '`b`',
      '+ ',
      '[Bug] ',
      'fix',
      'GET /x HTTP/1.1 ',
      '500',
      ';',
      '{',
      'x = ',
      'f(',
      ')',
      'Raised when ',
      '429 - rate_limit_error: ',
      'error TS2339',
      'checking pypi',
      'succeeded',
      'not fixed',
      'Error: ',
      '@retry(',
      'Internal Server Error: /',
      'Exception on /x [GET]',
      'Completed 500 OK in 3ms',
      '？',
      '为什么',
      ' ',
    ];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 3 })), { maxLength: 10 }), (parts) => {
        const line = parts.join('');
        if (NEGATIVE_RULES.some((r) => r.test(line))) {
          assert.ok(ANY_NEGATIVE_SHAPE.test(line), line);
        }
      }),
      { numRuns: 5000, seed: 20261130 },
    );
  });
});
