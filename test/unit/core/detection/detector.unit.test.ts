/**
 * The detector gaps the parser helpers found (test/fixtures/gemini/DETECTOR-GAPS.md, the Aider, Hermes and Codex
 * fixtures), on the real lines of those fixture files: what each one is, and the near misses that must stay what they are.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { classifyLine, classifyText, detectEvent } from '../../../../src/core/detection/detector';
import { VOCABULARIES } from '../../../../src/core/detection/vocabularies';
import * as gateways from '../../../../src/core/detection/vocab/gatewayMessages';
import * as nativeAgents from '../../../../src/core/detection/vocab/nativeAgentMessages';
import * as servers from '../../../../src/core/detection/vocab/serverMessages';
import type { Vocabulary } from '../../../../src/core/detection/vocabulary';
import { statusIn } from '../../../../src/core/detection/status';
import { REPO_ROOT } from '../../helpers';

const FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures');

/** The first line of `test/fixtures/<file>` that starts with `prefix` (after leading spaces). Fails when there is none. */
function fixtureLine(file: string, prefix: string): string {
  const line = fs
    .readFileSync(path.join(FIXTURES, file), 'utf8')
    .split('\n')
    .find((l) => l.trimStart().startsWith(prefix));
  assert.ok(line, `no line starting "${prefix}" in ${file}`);
  return line;
}

/** The text of the first message in a Gemini CLI session file whose content starts with `prefix`. */
function geminiMessage(file: string, prefix: string): string {
  for (const l of fs.readFileSync(path.join(FIXTURES, 'gemini', file), 'utf8').split('\n')) {
    const content = l.trim() ? (JSON.parse(l) as { content?: unknown }).content : undefined;
    if (typeof content === 'string' && content.startsWith(prefix)) {
      return content;
    }
  }
  assert.fail(`no message starting "${prefix}" in ${file}`);
}

describe('detector gaps: Gemini CLI 0.61 (test/fixtures/gemini, DETECTOR-GAPS.md)', () => {
  const cases: Array<[string, string, string]> = [
    ['gemini/api_key_invalid.stdout.txt', 'Error when talking to Gemini API', 'auth'],
    ['gemini/auth_401.stdout.txt', 'Error when talking to Gemini API', 'auth'],
    ['gemini/auth_403.stdout.txt', 'Error when talking to Gemini API', 'auth'],
    ['gemini/malformed_stream.stdout.txt', 'Error when talking to Gemini API', 'json_parse'],
    ['gemini/server_500.stdout.txt', 'Attempt 3 failed:', 'server_error'],
    ['gemini/overloaded_503.stdout.txt', 'Attempt 3 failed:', 'overloaded'],
    ['gemini/rate_limit_forever.stdout.txt', 'Attempt 1 failed:', 'rate_limit'],
    ['gemini/rate_limit_forever.stdout.txt', 'Attempt 3 failed:', 'rate_limit'],
    ['gemini/rate_limit_forever.stdout.txt', 'Error when talking to Gemini API', 'rate_limit'],
    ['gemini/rate_limit_then_ok.stdout.txt', 'Attempt 2 failed:', 'rate_limit'],
    ['gemini/stale_resume.stdout.txt', 'Error resuming session', 'stale_session'],
  ];
  for (const [file, prefix, type] of cases) {
    it(`${file}: "${prefix}..." is ${type}`, () => {
      assert.strictEqual(classifyLine(fixtureLine(file, prefix))?.type, type);
    });
  }

  it('the TUI\'s saved errors: a 400 that says "API key not valid" is auth; a cut stream is json_parse', () => {
    const badKey = geminiMessage('interactive_api_key_invalid.jsonl', '[API Error');
    assert.strictEqual(
      detectEvent({ sessionId: 's', agent: 'gemini', timestamp: 0, kind: 'error', text: badKey, httpStatus: 400 })?.type,
      'auth',
    );
    const cut = geminiMessage('interactive_malformed_stream.jsonl', '[API Error');
    assert.strictEqual(detectEvent({ sessionId: 's', agent: 'gemini', timestamp: 0, kind: 'error', text: cut })?.type, 'json_parse');
    // a plain 400 stays a bad request
    assert.strictEqual(
      detectEvent({
        sessionId: 's',
        agent: 'gemini',
        timestamp: 0,
        kind: 'error',
        text: '[API Error: {"error":{"code":400,"status":"INVALID_ARGUMENT"}}]',
        httpStatus: 400,
      })?.type,
      'bad_request',
    );
  });

  it('a JSON error body gives its status ("code":401, escaped "code": 429), other numbers called code do not', () => {
    assert.strictEqual(statusIn(fixtureLine('gemini/auth_401.stdout.txt', 'Error when talking')), 401);
    assert.strictEqual(statusIn(fixtureLine('gemini/server_500.stdout.txt', 'Attempt 3 failed:')), 500);
    assert.strictEqual(statusIn('[API Error: {"error":{"message":"{\\n  \\"error\\": {\\n    \\"code\\": 429,\\n'), 429);
    assert.strictEqual(statusIn('✕ [API Error: [{ "error": { "code": 429, "message": "Resource exhausted."'), 429);
    assert.strictEqual(statusIn('"API Error: 529" then {"error":{"code":401}}'), 529, 'the named status comes first');
    for (const notAStatus of [
      '{"code": 429}',
      '{"exit":{"code":500}}',
      '{"error":{"details":{"code":500}}}',
      '{"error":{"code":4290}}',
      '{"error":{"code":"insufficient_quota"}}',
      '{"error":{"code":429.5}}',
    ]) {
      assert.strictEqual(statusIn(notAStatus), undefined, notAStatus);
    }
  });

  it('Gemini quota wording: a limit the CLI retries (per minute, seconds) is a rate limit; a daily or billing one stays a quota', () => {
    const gemini429 =
      'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.';
    assert.strictEqual(classifyText(gemini429), 'quota_exhausted', 'the bare message does not say when it lifts');
    assert.strictEqual(
      classifyText(`Attempt 1 failed: ${gemini429}`),
      'rate_limit',
      'Gemini CLI prints "Attempt N failed: ..." only for RetryableQuotaError',
    );
    assert.strictEqual(classifyText(`${gemini429} Please retry in 25.465784708s.`), 'rate_limit');
    assert.strictEqual(classifyText(`${gemini429} "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"`), 'rate_limit');
    assert.strictEqual(
      classifyText(`${gemini429} "quotaId": "GenerateRequestsPerDayPerProjectPerModel-FreeTier" Please retry in 25s.`),
      'quota_exhausted',
      'a daily limit wins',
    );
    assert.strictEqual(classifyText('TerminalQuotaError: You have exhausted your daily quota on this model.'), 'quota_exhausted');
    assert.strictEqual(
      classifyText('You have exhausted your capacity on this model. Your quota will reset after 8h44m7s.'),
      'quota_exhausted',
    );
    assert.strictEqual(
      classifyText(
        'Attempt 1 failed: You have exhausted your capacity on this model. Your quota will reset after 5s.. Retrying after 6173ms...',
      ),
      'rate_limit',
    );
    // OpenAI's identical words are billing, even inside a retry loop's message
    assert.strictEqual(
      classifyText(
        "Attempt 1 failed: Error code: 429 - {'error': {'message': 'You exceeded your current quota, please check your plan and billing details.', 'type': 'insufficient_quota'}}",
      ),
      'quota_exhausted',
    );
    // the rate-limit reading is only ever a refinement of a quota match: the retry words alone classify nothing
    assert.strictEqual(classifyText('Suggested retry after 1s.. Retrying after 5436ms...'), undefined);
  });
});

describe('detector gaps: Aider (litellm), Hermes-style logs, Codex', () => {
  it('litellm.RateLimitError "Tokens per minute limit exceeded - too many tokens" is a rate limit, not the context window', () => {
    const line = fixtureLine('aider/rate_limit_openai.aider.chat.history.md', '> litellm.RateLimitError');
    assert.strictEqual(classifyLine(line)?.type, 'rate_limit');
    assert.strictEqual(
      classifyText('Request too large: too many tokens in the prompt'),
      'token_limit',
      'without a rate-limit word it stays a context overflow',
    );
  });

  it("Aider's own token-limit reports and ContextWindowExceededError are token_limit, not a bad request", () => {
    assert.strictEqual(classifyLine('Model azure/gpt-4o-2024-05-13 has hit a token limit!')?.type, 'token_limit');
    assert.strictEqual(
      classifyLine('Your estimated chat context of 131,083 tokens exceeds the 128,000 token limit for gpt-4o!')?.type,
      'token_limit',
    );
    const ctx =
      'litellm.BadRequestError: litellm.ContextWindowExceededError: ContextWindowExceededError: OpenAIException - Input tokens exceed the configured limit of 272000 tokens.';
    assert.strictEqual(classifyLine(ctx)?.type, 'token_limit');
    assert.strictEqual(
      detectEvent({ sessionId: 's', agent: 'aider', timestamp: 0, kind: 'error', text: ctx, httpStatus: 400 })?.type,
      'token_limit',
    );
  });

  it("Aider's failed version check over SSL at startup is no failure of the session", () => {
    assert.strictEqual(classifyLine(fixtureLine('aider/sessions_interrupted.aider.chat.history.md', '> Error checking pypi')), undefined);
  });

  it('Hermes: "[SSL] record layer failure" is network; the summary line names the error; the bare "API call failed" line does not', () => {
    const log = 'generic/hermes_agent.log';
    assert.strictEqual(
      classifyLine(fixtureLine(log, 'WARNING agent.chat_completion_helpers: Streaming failed before delivery: [SSL]'))?.type,
      'network',
    );
    assert.strictEqual(classifyLine(fixtureLine(log, 'error_type=ReadError'))?.type, 'network');
    assert.strictEqual(classifyLine(fixtureLine(log, 'error_type=APIStatusError'))?.type, 'content_filter');
    assert.strictEqual(classifyLine(fixtureLine(log, "{'type': 'error'"))?.type, 'content_filter');
    // Hermes logs the cause on the indented summary line under it; typing the bare line too would count one failure twice
    // (and call a 1027 refusal a network error)
    assert.strictEqual(classifyLine(fixtureLine(log, 'WARNING [session_id] agent.conversation_loop: API call failed')), undefined);
    // the summary decides when the text holds both, and a summary that names nothing known still says what failed
    assert.strictEqual(
      classifyLine(
        'API call failed (attempt 2/3) error_type=APIStatusError provider=minimax-cn summary=HTTP 200: output new_sensitive (1027)',
      )?.type,
      'content_filter',
    );
    assert.strictEqual(
      classifyLine('  error_type=APIStatusError provider=openrouter summary=HTTP 502: upstream said no')?.type,
      'server_error',
    );
    assert.strictEqual(
      classifyLine('  error_type=APIStatusError provider=minimax-cn summary=HTTP 200: unexpected finish')?.type,
      'server_error',
    );
    assert.strictEqual(classifyLine('  error_type=APIStatusError provider=anthropic summary=HTTP 401: invalid x-api-key')?.type, 'auth');
    assert.strictEqual(classifyLine('  error_type=LocalProtocolError summary=Illegal header value')?.type, 'network');
    assert.strictEqual(classifyLine('  error_type=ReadTimeout summary=The read operation timed out')?.type, 'timeout');
    assert.strictEqual(
      classifyLine('INFO agent.conversation_loop: turn done status=ok error_type=none'),
      undefined,
      'a field that names no exception',
    );
  });

  it('Codex: every final error line of the real-CLI runs classifies, the 500 ("high demand") included', () => {
    const expect: Array<[string, string]> = [
      ['server_500.stdout.txt', 'server_error'],
      ['rate_limit_forever.stdout.txt', 'rate_limit'],
      ['auth_401.stdout.txt', 'auth'],
      ['overloaded_503.stdout.txt', 'overloaded'],
      ['context_too_long.stdout.txt', 'token_limit'],
      ['malformed.stdout.txt', 'network'],
      ['dropped.stdout.txt', 'network'],
      ['stream_idle_timeout.stdout.txt', 'timeout'],
    ];
    for (const [file, type] of expect) {
      const stderr = fs
        .readFileSync(path.join(FIXTURES, 'codex', file), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('ERROR: ') && !/Reconnecting/.test(l));
      assert.ok(stderr.length > 0, file);
      assert.strictEqual(classifyLine(stderr[stderr.length - 1])?.type, type, `${file}: ${stderr[stderr.length - 1]}`);
    }
    assert.strictEqual(classifyLine('ERROR: Reconnecting... 1/4'), undefined, 'a retry in progress names no failure');
  });
});

describe('detector: published vocabularies and printed errors (2026-11-30, the development part)', () => {
  it('Connect RPC codes, Go runtime crashes, one-api / new-api gateway messages and Ollama messages name their types', () => {
    for (const [line, type] of [
      ['Failed to log in: [deadline_exceeded] deadline_exceeded: Post "https://example.invalid/x": dial tcp: i/o timeout', 'timeout'],
      ['Serialization error in aiserver.v1.StreamUnifiedChatRequestWithTools [internal]', 'server_error'],
      ['runtime error: invalid memory address or nil pointer dereference', 'process_crash'],
      ['429 当前分组上游负载已饱和，请稍后再试 (request id: 20250423020142736330894dLoIRrS6)', 'rate_limit'],
      ['{"error":{"message":"该令牌额度已用尽 TokenStatusExhausted[sk-x***y]"}}', 'quota_exhausted'],
      ['ollama._types.ResponseError: codegemma:2b-code does not support tools', 'bad_request'],
      ['3: operation timeout (all attempts including retries) occurred after 1.8s', 'timeout'],
      ['Error: Failed to condense context', 'token_limit'],
    ] as const) {
      assert.strictEqual(classifyLine(line)?.type, type, line);
    }
  });

  it("Go's net errors, .NET's HttpRequestException, an SDK's status-first message and a spent usage limit name their types (2026-12-02)", () => {
    for (const [line, type] of [
      ['Error: pull manifest: Get "https://registry.example.invalid/v2/x": dial tcp 10.0.0.1:443: i/o timeout', 'timeout'],
      [
        'Error: Get "https://registry.example.invalid/v2/x": dial tcp: lookup registry.example.invalid on 10.0.0.2:53: no such host',
        'network',
      ],
      ['dial tcp: lookup api.example.invalid on 127.0.0.53:53: server misbehaving', 'network'],
      ['System.Net.Http.HttpRequestException: Response status code does not indicate success: 401 (Unauthorized).', 'auth'],
      ['429 You exceeded your current rate limit, please slow down', 'rate_limit'],
      ['401: Invalid credentials for this key', 'auth'],
      ['You have exhausted the monthly premium usage limit for this account.', 'quota_exhausted'],
    ] as const) {
      assert.strictEqual(classifyLine(line)?.type, type, line);
    }
    // a number at the start of a sentence about counts is still no status
    assert.strictEqual(classifyLine('500 Lines of output were printed'), undefined);
  });

  it("vLLM's and Moonshot's context messages, Groq's tool_use_failed, Model Studio's and Moonshot's content filters, Go's url.Error EOF and header timeout, a shell's trace trap name their types (2026-12-02)", () => {
    for (const [line, type] of [
      ['ValueError: The decoder prompt (length 9000) is longer than the maximum model length of 8192.', 'token_limit'],
      ['{"error":{"type":"invalid_request_error","message":"Input token length too long"}}', 'token_limit'],
      [
        '{"error":{"message":"Failed to call a function. Please adjust your prompt.","type":"invalid_request_error","code":"tool_use_failed"}}',
        'json_parse',
      ],
      ['<400> InternalError.Algo.DataInspectionFailed: Input text data may contain inappropriate content.', 'content_filter'],
      ['Error: 400 The request was rejected because it was considered high risk', 'content_filter'],
      ['Error: POST predict: Post "http://127.0.0.1:41000/completion": EOF', 'network'],
      ['net/http: timeout awaiting response headers', 'timeout'],
      ['zsh: trace trap  codex', 'process_crash'],
    ] as const) {
      assert.strictEqual(classifyLine(line)?.type, type, line);
    }
  });

  it('an error line that opens its JSON body or is pasted as a list bullet is kept when a status and a failure name agree', () => {
    assert.strictEqual(classifyLine('Claude: quota unavailable. Anthropic API error 429: rate_limit_error {')?.type, 'rate_limit');
    assert.strictEqual(
      classifyLine('* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 0')?.type,
      'quota_exhausted',
    );
    // code that ends in a brace, and a list item without a failure name, stay no failure
    assert.strictEqual(classifyLine('if (response.status === 429) {'), undefined);
    assert.strictEqual(classifyLine('- we saw a 429 yesterday'), undefined);
  });
});

/** Asserts each line classifies as its type, and each term of `vocabs` is linear, registered and pinned to a commit and line. */
function checkMessageVocabularies(vocabs: readonly Vocabulary[], lines: readonly (readonly [string, string])[]): void {
  for (const [line, type] of lines) {
    assert.strictEqual(classifyLine(line)?.type, type, line);
  }
  for (const v of vocabs) {
    assert.ok(VOCABULARIES.includes(v), `${v.id} is registered`);
    assert.ok(v.terms.length > 0, `${v.id} has terms`);
    for (const t of v.terms) {
      assert.doesNotMatch(t.pattern.source, /\([^()]*[*+}][^()]*\)[*+{]/, `nested quantifier in /${t.pattern.source}/`);
      assert.match(t.source ?? '', /^https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/[0-9a-f]{40}\/.+#L\d+$/, `${t.id} source`);
    }
  }
}

describe('detector: messages of native agents, local model servers and gateways, read in their source', () => {
  it('Amazon Q Developer CLI, Plandex, SWE-agent, mini-swe-agent, OpenAI Agents SDK, smolagents, Kimi CLI, Open Interpreter and Void messages, as printed, name their types', () => {
    checkMessageVocabularies(Object.values(nativeAgents), [
      // Amazon Q / Kiro print an eyre report: `Amazon Q is having trouble responding right now:`, then one numbered line per cause
      ['   0: INSUFFICIENT_MODEL_CAPACITY', 'overloaded'],
      [
        '{"__type":"ThrottlingException","message":"Maximum Request reached for this month.","reason":"MONTHLY_REQUEST_COUNT"}',
        'quota_exhausted',
      ],
      ['The conversation history has overflowed.', 'token_limit'],
      ['Authentication expired - please log in again', 'auth'],
      ['ERROR Exiting due to multiple consecutive command timeouts', 'timeout'],
      ['Exit due to cost limit', 'budget_exceeded'],
      ['exit_status: exit_context', 'token_limit'],
      ['Exit due to repeated format/blocklist/bash syntax errors', 'json_parse'],
      ["The command 'pytest -x' was cancelled because it took more than 1800 seconds.", 'timeout'],
      ['Please decrease input length and try again', 'token_limit'],
      ['Error: The tool input does not match the tool schema: missing field `path`', 'json_parse'],
      ['Error: cloud_monthly_max_reached', 'budget_exceeded'],
      ["Your org's Plandex Cloud subscription is overdue.", 'quota_exhausted'],
      ['{"role": "exit", "content": "RepeatedFormatError"}', 'json_parse'],
      ['agents.exceptions.MaxTurnsExceeded: Max turns (10) exceeded', 'repeated_tool_call'],
      ['agents.exceptions.InputGuardrailTripwireTriggered: Guardrail InputGuardrail triggered tripwire', 'content_filter'],
      ['smolagents.utils.AgentMaxStepsError: Reached max steps.', 'repeated_tool_call'],
      ['Membership expired, please renew your plan', 'quota_exhausted'],
      ['kimi_cli.soul.MaxStepsReached: Max number of steps reached: 100', 'repeated_tool_call'],
      [" > You ran out of current quota for OpenAI's API, please check your plan and billing details.", 'quota_exhausted'],
      [
        "Failed to fetch from Ollama. This likely means you specified the wrong endpoint in Void's Settings, or your local model provider like Ollama is powered off.",
        'network',
      ],
    ]);
  });

  it('Ollama (with the runtime errors its runner watches for), vLLM and text-generation-inference messages name their types', () => {
    checkMessageVocabularies(Object.values(servers), [
      ['Error: llama-server process has terminated: exit status 2', 'process_crash'],
      ['Error: 500 Internal Server Error: llama-server process no longer running: exit status 1', 'process_crash'],
      ['error: model "qwen3:8b" not found, try pulling it first', 'bad_request'],
      ['Error: "nomic-embed-text" does not support chat', 'bad_request'],
      ['Error: plan upgrade required: kimi-k2:1t-cloud needs plan pro, you have free', 'quota_exhausted'],
      [
        'vllm.v1.engine.exceptions.EngineDeadError: EngineCore encountered an issue. See stack trace (above) for the root cause.',
        'process_crash',
      ],
    ]);
  });

  it('one-api, new-api and Portkey gateway messages, as answered, name their types', () => {
    checkMessageVocabularies(Object.values(gateways), [
      ['当前分组 default 下对于模型 gpt-4o 无可用渠道', 'overloaded'],
      ['{"error":{"message":"无效的令牌 (request id: 2025)","type":"one_api_error"}}', 'auth'],
      ['{"error":{"message":"user quota is not enough","type":"one_api_error","code":"insufficient_user_quota"}}', 'quota_exhausted'],
      ['No available channel for model claude-sonnet-4 under group default (distributor)', 'overloaded'],
      ['This token has no access to model gpt-5', 'auth'],
      ['You have reached the request limit: maximum 60 requests in 1 minutes', 'rate_limit'],
      ['{"error":{"message":"The guardrail checks defined in the config failed.","type":"hooks_failed"}}', 'content_filter'],
      ['{"error":{"message":"您已达到请求数限制：1分钟内最多请求60次"}}', 'rate_limit'],
      ['{"error":{"message":"该令牌无权访问模型 gpt-5"}}', 'auth'],
      ['upstream error: 已欠费', 'quota_exhausted'],
    ]);
  });
});

describe('catalog hygiene', () => {
  it('every vocabulary pattern is linear: no quantified group that itself holds a quantifier', () => {
    const all = VOCABULARIES.flatMap((v) => v.terms.map((t) => t.pattern));
    assert.ok(all.length > 300, `${all.length} terms`);
    for (const p of all) {
      assert.doesNotMatch(p.source, /\([^()]*[*+}][^()]*\)[*+{]/, `nested quantifier in /${p.source}/`);
    }
  });
});
