'use strict';
/**
 * A fake OpenAI API server for tests and fixture generation. Plain CommonJS, no dependencies. Binds 127.0.0.1. The
 * answers' bodies and event streams are written by openaiReplies.js.
 *
 * It speaks enough of the API for the real Codex CLI (`@openai/codex`, 0.169.x) to run turns against it:
 * - POST /v1/responses (Responses API): JSON, or SSE when `stream: true` with the events the real API sends, in order:
 *   response.created, response.in_progress, response.output_item.added, response.content_part.added,
 *   response.output_text.delta (x2), response.output_text.done, response.content_part.done, response.output_item.done
 *   (for a function call: output_item.added, response.function_call_arguments.delta/.done, output_item.done), and
 *   response.completed with `usage` {input_tokens, input_tokens_details.cached_tokens, output_tokens,
 *   output_tokens_details.reasoning_tokens, total_tokens};
 * - POST /v1/chat/completions (Chat Completions): JSON, or streaming `chat.completion.chunk`s ending in `data: [DONE]`,
 *   with `tool_calls` deltas and a final usage chunk (Codex 0.169 refuses `wire_api = "chat"`; this is for other
 *   OpenAI-compatible agents);
 * - GET /v1/models: a small model list; anything else: 200 `{}`, recorded.
 *
 * "Main" requests (the ones carrying tools, i.e. the agent loop) take their reply from the scenario script, one step per
 * request; once the script is exhausted its last step repeats. "Side" requests (no tools: titles, summaries) get a short
 * plain text, so fixtures stay deterministic.
 *
 * Script steps (a string is shorthand for `{type: <string>}`):
 * - `{type:'text', text?}`                    an assistant text reply with usage
 * - `{type:'tool_call', name?, args?, text?}` a reply asking for one function call (default: the first tool the request
 *                                             offers, with a shell-ish `ls` argument object that fits its name)
 * - `{type:'429', retryAfter?}`               429 `rate_limit_exceeded` with `retry-after` (seconds, default 1)
 * - `{type:'401'}`                            401 `invalid_api_key`
 * - `{type:'400-context'}`                    400 `context_length_exceeded`
 * - `{type:'500'}`                            500 `server_error`
 * - `{type:'503'}`                            503 overloaded (`Service Unavailable`, "The server is overloaded")
 * - `{type:'hang'}`                           never answers (the socket is closed by close())
 * - `{type:'stall'}`                          starts a 200 SSE stream, sends response.created, then goes silent (idle stream)
 * - `{type:'drop'}`                           starts a 200 SSE stream, sends response.created, then destroys the socket
 * - `{type:'malformed'}`                      a 200 SSE stream whose data lines are broken JSON, then ends
 * - `{type:'usage_limit', resetsIn?}`         429 with the ChatGPT-plan body Codex reads as a usage limit:
 *                                             `{error: {type: 'usage_limit_reached', plan_type, resets_at, resets_in_seconds}}`
 *                                             (reset `resetsIn` seconds ahead, default 60), primary window at 100 %
 *
 * Rate-limit headers (option `rateLimits`): every answer then carries the headers the real Codex CLI reads into its
 * rollouts' `rate_limits` (codex-rs/codex-api/src/rate_limits.rs): `x-codex-primary-used-percent`,
 * `x-codex-primary-window-minutes`, `x-codex-primary-reset-at` (epoch s), the same for `secondary`, and
 * `x-codex-credits-has-credits`, `x-codex-credits-unlimited`, `x-codex-credits-balance`. `rateLimits` is
 * `{primary?: {usedPercent, windowMinutes, resetsIn (s)}, secondary?: ..., credits?: {hasCredits, unlimited, balance}}`;
 * each main request adds `stepPercent` (default 0) to the primary window's used percent, so the usage grows.
 *
 * Usage:
 *   const { startFakeOpenAI } = require('./fakeOpenAI');
 *   const srv = await startFakeOpenAI({ port: 0, script: 'tool_loop' });  // or an array of steps
 *   ... srv.url (http://127.0.0.1:<port>; the API base is srv.url + '/v1'), srv.requests ...; await srv.close();
 * CLI:
 *   node test/harness/fakeOpenAI.js --port 0 --scenario happy   -> prints "listening http://127.0.0.1:<port>"
 *   node test/harness/fakeOpenAI.js --port 0 --script '["429",{"type":"text","text":"hi"}]' [--verbose: log requests to stderr]
 *   node test/harness/fakeOpenAI.js --port 0 --scenario tool_loop --codex-home <dir>  -> also writes <dir>/config.toml
 *   (see codexConfigToml), so `CODEX_HOME=<dir> FAKE_OPENAI_KEY=sk-test codex ...` runs against it.
 */

const { resolveScript, runFakeServerCli, startFakeServer } = require('./fakeServer');
const { sendChat, sendResponse } = require('./openaiReplies');

/** Named scenarios: sequences of steps for the main conversation requests. */
const SCENARIOS = {
  happy: [{ type: 'text', text: 'Hello! The project looks fine. Nothing else to do.' }],
  tool_use: [{ type: 'tool_call' }, { type: 'text', text: 'The directory contains the files listed above.' }],
  tool_loop: [
    ...Array.from({ length: 6 }, () => ({ type: 'tool_call' })),
    { type: 'text', text: 'I keep seeing the same listing; stopping here.' },
  ],
  rate_limit_then_ok: [{ type: '429' }, { type: '429' }, { type: '429' }, { type: 'text', text: 'Done after the rate limit cleared.' }],
  rate_limit_forever: [{ type: '429' }],
  usage_limit: [{ type: 'usage_limit' }],
  auth_401: [{ type: '401' }],
  context_too_long: [{ type: '400-context' }],
  server_500: [{ type: '500' }],
  overloaded_503: [{ type: '503' }],
  hang: [{ type: 'hang' }],
  stall: [{ type: 'stall' }],
  dropped: [{ type: 'drop' }],
  malformed: [{ type: 'malformed' }],
};

/** HTTP faults: status, OpenAI error body fields, extra headers. */
const ERRORS = {
  429: {
    status: 429,
    type: 'requests',
    code: 'rate_limit_exceeded',
    message:
      'Rate limit reached for gpt-5-codex in organization org-FAKE on tokens per min (TPM): Limit 30000, Used 30000, Requested 1200. Please try again in 1s.',
  },
  401: {
    status: 401,
    type: 'invalid_request_error',
    code: 'invalid_api_key',
    message: 'Incorrect API key provided: sk-test-*****0000. You can find your API key at https://platform.openai.com/account/api-keys.',
  },
  '400-context': {
    status: 400,
    type: 'invalid_request_error',
    code: 'context_length_exceeded',
    message: 'Your input exceeds the context window of this model. Please adjust your input and try again.',
    param: 'input',
  },
  500: {
    status: 500,
    type: 'server_error',
    code: 'server_error',
    message: 'The server had an error while processing your request. Sorry about that!',
  },
  503: {
    status: 503,
    type: 'server_error',
    code: 'server_is_overloaded',
    message: 'The server is overloaded. Please try again later. (503 Service Unavailable)',
  },
};

/** Is this a main agent-loop request (takes a scripted step) rather than a side request? */
function isMainRequest(body) {
  return !!body && typeof body === 'object' && Array.isArray(body.tools) && body.tools.length > 0;
}

/**
 * Starts the fake server.
 * @param {{port?: number, host?: string, script?: string | Array<string|object>, sideText?: string, log?: (line: string) => void, rateLimits?: object}} opts
 * @returns {Promise<{url: string, port: number, close: () => Promise<void>, requests: object[], mainCount: () => number}>}
 */
function startFakeOpenAI(opts = {}) {
  const steps = resolveScript(opts.script, SCENARIOS);
  const sideText = opts.sideText || 'Checking the project';
  const log = opts.log || (() => {});
  let mainIndex = 0;
  let counter = 0;
  let reqCounter = 0;

  const nextId = (prefix) => `${prefix}_FAKE${String(++counter).padStart(20, '0')}`;
  const reqId = () => `req_FAKE${String(++reqCounter).padStart(20, '0')}`;

  const limits = opts.rateLimits;
  let primaryUsed = limits && limits.primary ? Number(limits.primary.usedPercent) || 0 : 0;

  /** The `x-codex-*` rate-limit headers of an answer (none without the `rateLimits` option). */
  function limitHeaders(overPrimary) {
    if (!limits) return {};
    const h = {};
    const now = Math.floor(Date.now() / 1000);
    const win = (name, w, used) => {
      h[`x-codex-${name}-used-percent`] = String(used);
      if (w.windowMinutes != null) h[`x-codex-${name}-window-minutes`] = String(w.windowMinutes);
      if (w.resetsIn != null) h[`x-codex-${name}-reset-at`] = String(now + Number(w.resetsIn));
    };
    if (limits.primary) win('primary', limits.primary, overPrimary != null ? overPrimary : primaryUsed);
    if (limits.secondary) win('secondary', limits.secondary, Number(limits.secondary.usedPercent) || 0);
    if (limits.credits) {
      h['x-codex-credits-has-credits'] = String(!!limits.credits.hasCredits);
      h['x-codex-credits-unlimited'] = String(!!limits.credits.unlimited);
      if (limits.credits.balance != null) h['x-codex-credits-balance'] = String(limits.credits.balance);
    }
    return h;
  }

  function sendJson(res, status, obj, headers = {}) {
    const body = JSON.stringify(obj);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'x-request-id': reqId(),
      ...limitHeaders(),
      ...headers,
    });
    res.end(body);
  }

  function sendError(res, kind, step) {
    const e = ERRORS[kind];
    const headers = {};
    if (kind === '429') {
      const s = step.retryAfter != null ? step.retryAfter : 1;
      headers['retry-after'] = String(s);
      headers['retry-after-ms'] = String(s * 1000);
      headers['x-ratelimit-limit-tokens'] = '30000';
      headers['x-ratelimit-remaining-tokens'] = '0';
      headers['x-ratelimit-reset-tokens'] = `${s}s`;
    }
    sendJson(res, e.status, { error: { message: e.message, type: e.type, param: e.param || null, code: e.code } }, headers);
  }

  function sseHead(res) {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-request-id': reqId(),
      ...limitHeaders(),
    });
  }

  /** What the reply writers (openaiReplies.js) use of this server. */
  const replies = { nextId, sendJson, sseHead, sideText };

  function handleModelRequest(req, res, body, record, api) {
    const main = isMainRequest(body);
    record.main = main;
    let step;
    if (main) {
      step = steps[Math.min(mainIndex, steps.length - 1)];
      record.step = step.type;
      record.mainIndex = mainIndex;
      mainIndex++;
    } else {
      step = { type: 'text', text: sideText };
      record.step = 'side';
    }
    log(`${record.method} ${record.path} model=${body.model} main=${main} step=${record.step} stream=${!!body.stream}`);
    if (step.type === 'hang') {
      record.hung = true;
      return; // never answered; close() destroys the socket
    }
    if (main && limits && limits.primary) primaryUsed += Number(limits.stepPercent) || 0;
    if (step.type === 'usage_limit') {
      const inS = step.resetsIn != null ? Number(step.resetsIn) : 60;
      const resetsAt = Math.floor(Date.now() / 1000) + inS;
      const error = {
        type: 'usage_limit_reached',
        message: 'The usage limit has been reached',
        plan_type: 'plus',
        resets_at: resetsAt,
        resets_in_seconds: inS,
      };
      sendJson(res, 429, { error }, limitHeaders(100));
      return;
    }
    if (ERRORS[step.type]) {
      sendError(res, step.type, step);
      return;
    }
    if (step.type === 'drop' || step.type === 'stall') {
      sseHead(res);
      if (api === 'responses') {
        res.write(
          `event: response.created\ndata: ${JSON.stringify({ type: 'response.created', sequence_number: 0, response: { id: nextId('resp'), object: 'response', status: 'in_progress', model: body.model, output: [] } })}\n\n`,
        );
      } else {
        res.write(
          `data: ${JSON.stringify({ id: nextId('chatcmpl'), object: 'chat.completion.chunk', model: body.model, choices: [{ index: 0, delta: { role: 'assistant', content: 'Let me' }, finish_reason: null }] })}\n\n`,
        );
      }
      if (step.type === 'stall') {
        record.hung = true;
        return; // silent from here on; close() destroys the socket
      }
      // Let the bytes leave, then cut the connection mid-stream.
      setTimeout(() => res.socket && res.socket.destroy(), 50);
      return;
    }
    if (step.type === 'malformed') {
      sseHead(res);
      if (api === 'responses') {
        res.write('event: response.created\ndata: {"type":"response.created","response":{"id":"resp_broken",\n\n');
        res.write(
          'event: response.output_item.done\ndata: {"type":"response.output_item.done","item":{"type":"message","content":[{"type":"output_text","text":"Hel\n\n',
        );
      } else {
        res.write('data: {"id":"chatcmpl-broken","choices":[{"delta":{"content":"Hel\n\n');
      }
      res.end();
      return;
    }
    if (step.type === 'text' || step.type === 'tool_call') {
      if (api === 'responses') sendResponse(replies, res, body, step, main);
      else sendChat(replies, res, body, step, main);
      return;
    }
    sendError(res, '500', step);
  }

  return startFakeServer({
    host: opts.host || '127.0.0.1',
    port: opts.port || 0,
    log,
    redactHeaders: ['authorization', 'api-key', 'openai-api-key'],
    errorBody: { error: { message: 'fake server error', type: 'server_error', code: null } },
    route: (req, res, body, record, url) => {
      if (req.method === 'POST' && /\/responses$/.test(url.pathname)) {
        handleModelRequest(req, res, body || {}, record, 'responses');
      } else if (req.method === 'POST' && /\/chat\/completions$/.test(url.pathname)) {
        handleModelRequest(req, res, body || {}, record, 'chat');
      } else if (req.method === 'GET' && /\/models$/.test(url.pathname)) {
        log(`GET ${url.pathname}`);
        sendJson(res, 200, {
          object: 'list',
          data: [
            { id: 'gpt-5-codex', object: 'model', created: 1757894400, owned_by: 'openai' },
            { id: 'gpt-5', object: 'model', created: 1754524800, owned_by: 'openai' },
          ],
        });
      } else if (req.method === 'HEAD') {
        res.writeHead(200);
        res.end();
      } else {
        log(`other ${req.method} ${url.pathname}`);
        sendJson(res, 200, {});
      }
    },
  }).then((srv) => ({ ...srv, mainCount: () => mainIndex }));
}

/**
 * The `$CODEX_HOME/config.toml` that points the Codex CLI (0.169.x) at this server, offline: a `fake` model provider on
 * `<url>/v1` speaking the Responses API, the key read from the environment variable `FAKE_OPENAI_KEY` (no login), no
 * approvals, no sandbox, no update check, analytics and OpenTelemetry off, one retry and a 10 s stream idle timeout.
 * @param {string} url the server's url (`http://127.0.0.1:<port>`)
 * @param {{model?: string}} [opts]
 * @returns {string} TOML text
 */
function codexConfigToml(url, opts = {}) {
  return [
    `model = "${opts.model || 'gpt-5-codex'}"`,
    'model_provider = "fake"',
    'approval_policy = "never"',
    'sandbox_mode = "danger-full-access"',
    'check_for_update_on_startup = false',
    '',
    '[model_providers.fake]',
    'name = "Fake OpenAI (Session Doctor fixtures)"',
    `base_url = "${url}/v1"`,
    'env_key = "FAKE_OPENAI_KEY"',
    'wire_api = "responses"',
    'request_max_retries = 1',
    'stream_max_retries = 1',
    'stream_idle_timeout_ms = 10000',
    '',
    '[analytics]',
    'enabled = false',
    '',
    '[otel]',
    'exporter = "none"',
    '',
  ].join('\n');
}

module.exports = { startFakeOpenAI, codexConfigToml, SCENARIOS, ERRORS, isMainRequest };

if (require.main === module) {
  runFakeServerCli('fakeOpenAI', startFakeOpenAI, {
    extraOptions: { 'codex-home': { type: 'string' } },
    onListening: (srv, values) => {
      if (values['codex-home']) {
        require('fs').mkdirSync(values['codex-home'], { recursive: true });
        require('fs').writeFileSync(require('path').join(values['codex-home'], 'config.toml'), codexConfigToml(srv.url));
      }
    },
  });
}
