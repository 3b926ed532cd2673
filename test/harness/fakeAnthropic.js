'use strict';
/**
 * A fake Anthropic Messages API server for tests and fixture generation. Plain CommonJS, no dependencies. The answers'
 * bodies, event streams and usage-limit headers are written by anthropicReplies.js.
 *
 * It speaks enough of the API for the real Claude Code CLI to run turns against it:
 * - POST /v1/messages (JSON, or SSE when `stream: true`: message_start, content_block_start, ping,
 *   content_block_delta, content_block_stop, message_delta with usage, message_stop),
 * - POST /v1/messages/count_tokens,
 * - GET /v1/models, and anything else: a harmless JSON answer (200 `{}`), recorded.
 *
 * "Main" conversation requests (the ones carrying tools, i.e. the agent loop) take their reply from the scenario
 * script, one step per request; once the script is exhausted its last step repeats. "Side" requests (title or topic
 * generation on a small model, quota checks with max_tokens 1, requests without tools) get a short plain text so
 * fixtures stay deterministic.
 *
 * Script steps (a string is shorthand for `{type: <string>}`):
 * - `{type:'text', text?}`                     an assistant text reply with realistic usage numbers
 * - `{type:'tool_use', name?, input?, text?}`  a reply asking for one tool call (default Bash `ls`)
 * - `{type:'429', retryAfter?}`                rate_limit_error with a `retry-after` header (seconds, default 1)
 * - `{type:'usage_limit', resetInSeconds?, resetsAt?, claim?}`  a subscription usage limit: 429 rate_limit_error with the
 *   unified rate-limit headers Claude Code reads (`anthropic-ratelimit-unified-status: rejected`, `-reset` epoch seconds,
 *   `-representative-claim` five_hour or seven_day, the per-window `-5h-*` / `-7d-*` status, utilization and reset; no
 *   retry-after). Default: the five-hour window, resetting 60 s after the request.
 * - `{type:'credit_balance'}`                  a prepaid API account out of credit: 400 invalid_request_error "Your credit
 *   balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits." (the
 *   API's own words for an API-key account with no credit left; no retry-after)
 * - `{type:'401'}`                             authentication_error
 * - `{type:'529'}`                             overloaded_error
 * - `{type:'400-prompt-too-long'}`             invalid_request_error "prompt is too long: 210000 tokens > 200000 maximum"
 * - `{type:'500'}`                             api_error (Internal server error)
 * - `{type:'hang'}`                            never answers (the socket is closed by close())
 * - `{type:'drop'}`                            accepts, sends the SSE head and message_start, then destroys the socket
 * - `{type:'malformed'}`                       a 200 SSE stream whose second event carries broken JSON, then ends
 *
 * The script can be replaced while the server runs (the agent keeps its connection settings): `srv.setScript(steps)`,
 * or `POST /__control/script` with a JSON body (a scenario name or an array of steps); both restart at the first step.
 *
 * Usage:
 *   const { startFakeAnthropic } = require('./fakeAnthropic');
 *   const srv = await startFakeAnthropic({ port: 0, script: 'tool_loop' });  // or an array of steps
 *   ... srv.url, srv.requests ...; await srv.close();
 * CLI:
 *   node test/harness/fakeAnthropic.js --port 0 --scenario happy   -> prints "listening http://127.0.0.1:<port>"
 *   node test/harness/fakeAnthropic.js --port 0 --script '["429",{"type":"text","text":"hi"}]' [--verbose: log requests to stderr]
 */

const { resolveScript, runFakeServerCli, startFakeServer } = require('./fakeServer');
const { sendMessage, usageLimitHeaders } = require('./anthropicReplies');

/** Named scenarios: sequences of steps for the main conversation requests. */
const SCENARIOS = {
  happy: [{ type: 'text', text: 'Hello! The project looks fine. Nothing else to do.' }],
  tool_use: [
    { type: 'tool_use', name: 'Bash', input: { command: 'ls', description: 'List files in the working directory' } },
    { type: 'text', text: 'The directory contains the files listed above.' },
  ],
  tool_loop: [
    ...Array.from({ length: 6 }, () => ({
      type: 'tool_use',
      name: 'Bash',
      input: { command: 'ls', description: 'List files in the working directory' },
      text: 'Let me list the files again.',
    })),
    { type: 'text', text: 'I keep seeing the same listing; stopping here.' },
  ],
  rate_limit_then_ok: [{ type: '429' }, { type: '429' }, { type: '429' }, { type: 'text', text: 'Done after the rate limit cleared.' }],
  rate_limit_forever: [{ type: '429' }],
  auth_401: [{ type: '401' }],
  overloaded_529: [{ type: '529' }],
  prompt_too_long: [{ type: '400-prompt-too-long' }],
  server_500: [{ type: '500' }],
  hang: [{ type: 'hang' }],
  quota: [{ type: 'credit_balance' }],
  usage_limit: [{ type: 'usage_limit' }],
  dropped_connection: [{ type: 'drop' }],
  malformed_stream: [{ type: 'malformed' }],
  compact: [{ type: 'text', text: 'Sure, noted.' }],
};

const ERRORS = {
  429: {
    status: 429,
    type: 'rate_limit_error',
    message:
      'This request would exceed the rate limit for your organization of 50 input tokens per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.',
  },
  401: { status: 401, type: 'authentication_error', message: 'invalid x-api-key' },
  529: { status: 529, type: 'overloaded_error', message: 'Overloaded' },
  '400-prompt-too-long': { status: 400, type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' },
  500: { status: 500, type: 'api_error', message: 'Internal server error' },
  credit_balance: {
    status: 400,
    type: 'invalid_request_error',
    message: 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.',
  },
  usage_limit: {
    status: 429,
    type: 'rate_limit_error',
    message: "This request would exceed your account's rate limit. Please try again later.",
  },
};

/** Rough token estimate of a request (characters / 4), deterministic for the same request. */
function estimateTokens(body) {
  let n = 0;
  try {
    n = JSON.stringify({ system: body.system, messages: body.messages, tools: body.tools }).length;
  } catch {
    n = 400;
  }
  return Math.max(1, Math.round(n / 4));
}

/** Is this a main agent-loop request (takes a scripted step) rather than a side request? */
function isMainRequest(body) {
  if (!body || typeof body !== 'object') return false;
  if (body.max_tokens === 1) return false; // quota check
  if (!Array.isArray(body.tools) || body.tools.length === 0) return false; // titles, topic detection, summaries
  return true;
}

function lastUserText(body) {
  const msgs = Array.isArray(body && body.messages) ? body.messages : [];
  for (let i = msgs.length - 1; i >= 0; i--) {
    const m = msgs[i];
    if (m && m.role === 'user') {
      if (typeof m.content === 'string') return m.content;
      if (Array.isArray(m.content)) {
        const t = m.content
          .filter((b) => b && b.type === 'text')
          .map((b) => b.text)
          .join('\n');
        if (t) return t;
      }
    }
  }
  return '';
}

/**
 * Starts the fake server.
 * @param {{port?: number, host?: string, script?: string | Array<string|object>, sideText?: string, log?: (line: string) => void}} opts
 * @returns {Promise<{url: string, port: number, close: () => Promise<void>, requests: object[], mainCount: () => number, setScript: (script: string | Array<string|object>) => void}>}
 */
function startFakeAnthropic(opts = {}) {
  let steps = resolveScript(opts.script, SCENARIOS);
  const sideText = opts.sideText || 'Checking the project';
  const log = opts.log || (() => {});
  let mainIndex = 0;
  let msgCounter = 0;
  let toolCounter = 0;
  let reqCounter = 0;

  function setScript(script) {
    steps = resolveScript(script, SCENARIOS);
    mainIndex = 0;
  }

  const nextId = (prefix, n) => `${prefix}_01FAKE${String(n).padStart(18, '0')}`;

  function sendJson(res, status, obj, headers = {}) {
    const body = JSON.stringify(obj);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'request-id': nextId('req', ++reqCounter),
      ...headers,
    });
    res.end(body);
  }

  function sendError(res, kind, step) {
    const e = ERRORS[kind];
    const headers = kind === 'usage_limit' ? usageLimitHeaders(step) : {};
    if (kind === '429') {
      headers['retry-after'] = String(step.retryAfter != null ? step.retryAfter : 1);
      headers['anthropic-ratelimit-input-tokens-limit'] = '50';
      headers['anthropic-ratelimit-input-tokens-remaining'] = '0';
    }
    const reqId = nextId('req', ++reqCounter);
    const body = JSON.stringify({ type: 'error', error: { type: e.type, message: e.message }, request_id: reqId });
    res.writeHead(e.status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      'request-id': reqId,
      ...headers,
    });
    res.end(body);
  }

  /** Builds the assistant message for a step (text or tool_use), with usage. */
  function buildMessage(body, step, main) {
    const model = typeof body.model === 'string' ? body.model : 'claude-sonnet-4-5-20250929';
    const content = [];
    let stopReason = 'end_turn';
    if (step.type === 'tool_use') {
      if (step.text) content.push({ type: 'text', text: step.text });
      content.push({
        type: 'tool_use',
        id: nextId('toolu', ++toolCounter),
        name: step.name || 'Bash',
        input: step.input || { command: 'ls', description: 'List files' },
      });
      stopReason = 'tool_use';
    } else {
      content.push({ type: 'text', text: step.text || (main ? 'OK.' : sideText) });
    }
    const total = estimateTokens(body);
    // Realistic split: a big cached prefix (system + tools), a small fresh tail.
    const cacheRead = main ? Math.floor(total * 0.8) : 0;
    const cacheCreation = main ? Math.floor(total * 0.15) : 0;
    const input = Math.max(1, total - cacheRead - cacheCreation);
    const outText = JSON.stringify(content);
    let output = Math.max(1, Math.round(outText.length / 4));
    // A request with a tiny max_tokens (quota check: max_tokens 1) gets a reply cut at max_tokens, as the API does.
    const maxTokens = typeof body.max_tokens === 'number' && body.max_tokens > 0 ? body.max_tokens : Infinity;
    if (output > maxTokens && step.type === 'text') {
      output = maxTokens;
      content[0] = { type: 'text', text: content[0].text.slice(0, maxTokens * 4) };
      stopReason = 'max_tokens';
    }
    return {
      id: nextId('msg', ++msgCounter),
      type: 'message',
      role: 'assistant',
      model,
      content,
      stop_reason: stopReason,
      stop_sequence: null,
      usage: {
        input_tokens: input,
        cache_creation_input_tokens: cacheCreation,
        cache_read_input_tokens: cacheRead,
        output_tokens: output,
        service_tier: 'standard',
      },
    };
  }

  /** What the reply writer (anthropicReplies.js) uses of this server. */
  const replies = { sendJson, nextRequestId: () => nextId('req', ++reqCounter) };

  function handleMessages(req, res, body, record) {
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
    if (ERRORS[step.type]) {
      sendError(res, step.type, step);
      return;
    }
    if (step.type === 'drop' || step.type === 'malformed') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': `req_01FAKE${++reqCounter}` });
      const start = {
        type: 'message_start',
        message: {
          id: nextId('msg', ++msgCounter),
          type: 'message',
          role: 'assistant',
          model: body.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: estimateTokens(body), output_tokens: 1 },
        },
      };
      res.write(`event: message_start\ndata: ${JSON.stringify(start)}\n\n`);
      if (step.type === 'drop') {
        record.dropped = true;
        setTimeout(() => res.socket && res.socket.destroy(), 50);
        return;
      }
      res.write('event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""\n\n');
      res.write(
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"partial\n\n',
      );
      res.end();
      return;
    }
    if (step.type === 'text' || step.type === 'tool_use') {
      // Side requests asking for JSON (title generation) get a JSON-ish title, others plain text.
      sendMessage(replies, res, body, buildMessage(body, step, main));
      return;
    }
    sendError(res, '500', step);
  }

  return startFakeServer({
    host: opts.host || '127.0.0.1',
    port: opts.port || 0,
    log,
    redactHeaders: ['x-api-key', 'authorization'],
    errorBody: { type: 'error', error: { type: 'api_error', message: 'fake server error' } },
    route: (req, res, body, record, url) => {
      if (req.method === 'POST' && url.pathname === '/__control/script') {
        setScript(body);
        log(`script replaced: ${JSON.stringify(body)}`);
        sendJson(res, 200, { ok: true, steps: steps.length });
      } else if (req.method === 'POST' && url.pathname === '/v1/messages') {
        handleMessages(req, res, body || {}, record);
      } else if (req.method === 'POST' && url.pathname === '/v1/messages/count_tokens') {
        log(`count_tokens`);
        sendJson(res, 200, { input_tokens: estimateTokens(body || {}) });
      } else if (req.method === 'GET' && url.pathname === '/v1/models') {
        log(`GET /v1/models`);
        sendJson(res, 200, {
          data: [
            { type: 'model', id: 'claude-sonnet-4-5-20250929', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z' },
            { type: 'model', id: 'claude-haiku-4-5-20251001', display_name: 'Claude Haiku 4.5', created_at: '2025-10-01T00:00:00Z' },
          ],
          has_more: false,
          first_id: 'claude-sonnet-4-5-20250929',
          last_id: 'claude-haiku-4-5-20251001',
        });
      } else if (req.method === 'HEAD') {
        res.writeHead(200);
        res.end();
      } else {
        log(`other ${req.method} ${url.pathname}`);
        sendJson(res, 200, {});
      }
    },
  }).then((srv) => ({ ...srv, mainCount: () => mainIndex, setScript }));
}

module.exports = { startFakeAnthropic, SCENARIOS, ERRORS, isMainRequest };

if (require.main === module) {
  runFakeServerCli('fakeAnthropic', startFakeAnthropic);
}
