'use strict';
/**
 * A fake Google Gemini API (Generative Language API v1beta) server for tests and fixture generation. Plain CommonJS,
 * no dependencies. Same script/cue mechanism as fakeAnthropic.js.
 *
 * It speaks enough of the API for the real Gemini CLI (@google/gemini-cli 0.61.x, through @google/genai with
 * GOOGLE_GEMINI_BASE_URL) to run turns against it:
 * - POST /v1beta/models/<model>:generateContent        (JSON)
 * - POST /v1beta/models/<model>:streamGenerateContent  (SSE with `?alt=sse`: `data: <GenerateContentResponse>` events)
 * - POST /v1beta/models/<model>:countTokens            ({totalTokens})
 * - GET  /v1beta/models[/<model>]                       (a short model list / one model)
 * - anything else: 200 `{}`, recorded.
 * Every reply carries `usageMetadata` (promptTokenCount, candidatesTokenCount, totalTokenCount, cachedContentTokenCount).
 *
 * "Main" requests (the agent loop: a request that carries function declarations in `tools`) take their reply from the
 * scenario script, one step per request; once the script is exhausted its last step repeats. "Side" requests (next
 * speaker checks, routing, summaries: no tools) get a short plain text, or `{}`-shaped JSON when the request asks for
 * `application/json`, so fixtures stay deterministic.
 *
 * Script steps (a string is shorthand for `{type: <string>}`):
 * - `{type:'text', text?}`                    a model text reply
 * - `{type:'tool_call', name?, args?, text?}` a reply asking for one function call (default `list_directory {dir_path:'.'}`)
 * - `{type:'429', retryDelay?}`               429 RESOURCE_EXHAUSTED with google.rpc.RetryInfo (retryDelay, default "1s")
 * - `{type:'429-daily', retryDelay?}`         429 RESOURCE_EXHAUSTED of a used-up daily free-tier quota, as the real API
 *   words it: the metric line ("Quota exceeded for metric: ..., limit: 50, model: ...") in the message, QuotaFailure
 *   with quotaId `GenerateRequestsPerDayPerProjectPerModel-FreeTier`, RetryInfo (default "43200s")
 * - `{type:'401'}`                            401 UNAUTHENTICATED
 * - `{type:'403'}`                            403 PERMISSION_DENIED
 * - `{type:'400-api-key'}`                    400 INVALID_ARGUMENT "API key not valid" (what the real API answers a bad key)
 * - `{type:'400-context'}`                    400 INVALID_ARGUMENT "The input token count (...) exceeds the maximum ..."
 * - `{type:'500'}`                            500 INTERNAL
 * - `{type:'503'}`                            503 UNAVAILABLE "The model is overloaded. Please try again later."
 * - `{type:'hang'}`                           never answers (the socket is closed by close())
 * - `{type:'drop'}`                           destroys the connection without an answer (ECONNRESET / socket hang up)
 * - `{type:'malformed'}`                      200 SSE stream whose second event is not JSON, then the stream ends
 *
 * Usage:
 *   const { startFakeGemini } = require('./fakeGemini');
 *   const srv = await startFakeGemini({ port: 0, script: 'tool_loop' });  // or an array of steps
 *   ... srv.url, srv.requests ...; await srv.close();
 * CLI:
 *   node test/harness/fakeGemini.js --port 0 --scenario happy   -> prints "listening http://127.0.0.1:<port>"
 *   node test/harness/fakeGemini.js --port 0 --script '["429",{"type":"text","text":"hi"}]' [--verbose]
 */

const { resolveScript, runFakeServerCli, startFakeServer } = require('./fakeServer');

const LOOP_CALL = { type: 'tool_call', name: 'list_directory', args: { dir_path: '.' }, text: 'Let me list the files again.' };

/** Named scenarios: sequences of steps for the main conversation requests. */
const SCENARIOS = {
  happy: [{ type: 'text', text: 'Hello! The project looks fine. Nothing else to do.' }],
  tool_use: [
    { type: 'tool_call', name: 'list_directory', args: { dir_path: '.' } },
    { type: 'text', text: 'The directory contains the files listed above.' },
  ],
  tool_loop: [...Array.from({ length: 6 }, () => LOOP_CALL), { type: 'text', text: 'I keep seeing the same listing; stopping here.' }],
  rate_limit_then_ok: [{ type: '429' }, { type: '429' }, { type: '429' }, { type: 'text', text: 'Done after the rate limit cleared.' }],
  rate_limit_forever: [{ type: '429' }],
  quota: [{ type: '429-daily' }],
  auth_401: [{ type: '401' }],
  auth_403: [{ type: '403' }],
  api_key_invalid: [{ type: '400-api-key' }],
  context_too_long: [{ type: '400-context' }],
  server_500: [{ type: '500' }],
  overloaded_503: [{ type: '503' }],
  hang: [{ type: 'hang' }],
  dropped_connection: [{ type: 'drop' }],
  malformed_stream: [{ type: 'malformed' }],
};

/** Error bodies as the Generative Language API sends them (google.rpc.Status in an `error` envelope). */
const ERRORS = {
  429: {
    code: 429,
    status: 'RESOURCE_EXHAUSTED',
    message:
      'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.',
  },
  '429-daily': {
    code: 429,
    status: 'RESOURCE_EXHAUSTED',
    message:
      'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current usage, head to: https://ai.dev/usage?tab=rate-limit. \n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 50, model: gemini-2.5-pro',
  },
  401: {
    code: 401,
    status: 'UNAUTHENTICATED',
    message:
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
  },
  403: {
    code: 403,
    status: 'PERMISSION_DENIED',
    message:
      "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
  },
  '400-api-key': { code: 400, status: 'INVALID_ARGUMENT', message: 'API key not valid. Please pass a valid API key.' },
  '400-context': {
    code: 400,
    status: 'INVALID_ARGUMENT',
    message: 'The input token count (1290812) exceeds the maximum number of tokens allowed (1048576).',
  },
  500: {
    code: 500,
    status: 'INTERNAL',
    message: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  },
  503: { code: 503, status: 'UNAVAILABLE', message: 'The model is overloaded. Please try again later.' },
};

/** Rough token estimate of a request (characters / 4), deterministic for the same request. */
function estimateTokens(body) {
  let n = 0;
  try {
    n = JSON.stringify({ s: body.systemInstruction, c: body.contents, t: body.tools }).length;
  } catch {
    n = 400;
  }
  return Math.max(1, Math.round(n / 4));
}

/** Is this a main agent-loop request (takes a scripted step): one that declares functions the model may call. */
function isMainRequest(body) {
  if (!body || typeof body !== 'object' || !Array.isArray(body.tools)) return false;
  return body.tools.some((t) => t && Array.isArray(t.functionDeclarations) && t.functionDeclarations.length > 0);
}

/** Parses `/v1beta/models/<model>:<method>`; undefined for other paths. */
function modelCall(pathname) {
  const m = /^\/(v1beta|v1|v1alpha)\/models\/([^/:]+):([A-Za-z]+)$/.exec(pathname);
  return m ? { version: m[1], model: decodeURIComponent(m[2]), method: m[3] } : undefined;
}

/**
 * Starts the fake server.
 * @param {{port?: number, host?: string, script?: string | Array<string|object>, sideText?: string, log?: (line: string) => void}} opts
 * @returns {Promise<{url: string, port: number, close: () => Promise<void>, requests: object[], mainCount: () => number}>}
 */
function startFakeGemini(opts = {}) {
  const steps = resolveScript(opts.script, SCENARIOS);
  const sideText = opts.sideText || 'Checking the project';
  const log = opts.log || (() => {});
  let mainIndex = 0;
  let respCounter = 0;

  const nextId = () => `FAKEresp${String(++respCounter).padStart(12, '0')}`;

  function sendJson(res, status, obj) {
    const body = JSON.stringify(obj);
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }

  function sendError(res, kind, step) {
    const e = ERRORS[kind];
    const error = { code: e.code, message: e.message, status: e.status };
    if (kind === '429') {
      error.details = [
        {
          '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
          violations: [
            {
              quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
              quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
              quotaDimensions: { location: 'global', model: 'gemini-2.5-pro' },
              quotaValue: '5',
            },
          ],
        },
        {
          '@type': 'type.googleapis.com/google.rpc.Help',
          links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }],
        },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: step.retryDelay || '1s' },
      ];
    } else if (kind === '429-daily') {
      error.details = [
        {
          '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
          violations: [
            {
              quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
              quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
              quotaDimensions: { location: 'global', model: 'gemini-2.5-pro' },
              quotaValue: '50',
            },
          ],
        },
        {
          '@type': 'type.googleapis.com/google.rpc.Help',
          links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }],
        },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: step.retryDelay || '43200s' },
      ];
    } else if (kind === '400-api-key') {
      error.details = [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'API_KEY_INVALID',
          domain: 'googleapis.com',
          metadata: { service: 'generativelanguage.googleapis.com' },
        },
      ];
    }
    sendJson(res, e.code, { error });
  }

  /** Builds the GenerateContentResponse for a step (text or function call), with usageMetadata. */
  function buildResponse(body, model, step, main) {
    const parts = [];
    if (step.type === 'tool_call') {
      if (step.text) parts.push({ text: step.text });
      parts.push({ functionCall: { name: step.name || 'list_directory', args: step.args || { dir_path: '.' } } });
    } else {
      const wantsJson = body.generationConfig && /json/.test(String(body.generationConfig.responseMimeType || ''));
      parts.push({ text: step.text || (main ? 'OK.' : wantsJson ? sideJson(body) : sideText) });
    }
    const total = estimateTokens(body);
    const cached = main ? Math.floor(total * 0.6) : 0;
    const output = Math.max(1, Math.round(JSON.stringify(parts).length / 4));
    return {
      candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }],
      usageMetadata: {
        promptTokenCount: total,
        candidatesTokenCount: output,
        totalTokenCount: total + output,
        cachedContentTokenCount: cached,
        promptTokensDetails: [{ modality: 'TEXT', tokenCount: total }],
      },
      modelVersion: model,
      responseId: nextId(),
    };
  }

  /** A JSON answer for side requests that want JSON (next-speaker check: the user speaks next; routing: the default model). */
  function sideJson(body) {
    const schema = JSON.stringify(
      (body.generationConfig && (body.generationConfig.responseJsonSchema || body.generationConfig.responseSchema)) || {},
    );
    if (/next_speaker/.test(schema)) return JSON.stringify({ reasoning: 'The model finished its answer.', next_speaker: 'user' });
    if (/model_choice/.test(schema)) return JSON.stringify({ reasoning: 'Simple task.', model_choice: 'flash' });
    if (/complexity_score/.test(schema)) return JSON.stringify({ complexity_reasoning: 'A simple task.', complexity_score: 10 });
    return '{}';
  }

  function sendStream(res, resp) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    // Two chunks, like a real stream: the parts first, then the finish reason with the usage.
    const { candidates, usageMetadata, modelVersion, responseId } = resp;
    const cand = candidates[0];
    res.write(
      `data: ${JSON.stringify({ candidates: [{ content: cand.content, index: 0 }], usageMetadata: { promptTokenCount: usageMetadata.promptTokenCount, totalTokenCount: usageMetadata.promptTokenCount }, modelVersion, responseId })}\r\n\r\n`,
    );
    res.write(
      `data: ${JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, finishReason: 'STOP', index: 0 }], usageMetadata, modelVersion, responseId })}\r\n\r\n`,
    );
    res.end();
  }

  function handleGenerate(req, res, call, body, record, stream) {
    const main = isMainRequest(body);
    record.main = main;
    let step;
    if (main) {
      step = steps[Math.min(mainIndex, steps.length - 1)];
      record.step = step.type;
      record.mainIndex = mainIndex;
      mainIndex++;
    } else {
      step = { type: 'text' };
      record.step = 'side';
    }
    log(`${record.method} ${record.path} main=${main} step=${record.step} stream=${stream}`);
    if (step.type === 'hang') {
      record.hung = true;
      return; // never answered; close() destroys the socket
    }
    if (step.type === 'drop') {
      req.socket.destroy();
      return;
    }
    if (step.type === 'malformed') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(
        `data: ${JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text: 'Partial ans' }] }, index: 0 }] })}\r\n\r\n`,
      );
      res.write('data: {"candidates": [{"content": {"role": "model", "parts": [{"text": "wer\r\n\r\n');
      res.end();
      return;
    }
    if (ERRORS[step.type]) {
      sendError(res, step.type, step);
      return;
    }
    const resp = buildResponse(body, call.model, step.type === 'tool_call' ? step : { ...step, type: 'text' }, main);
    if (stream) sendStream(res, resp);
    else sendJson(res, 200, resp);
  }

  const MODELS = ['gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.5-flash-lite'].map((id) => ({
    name: `models/${id}`,
    displayName: id,
    inputTokenLimit: 1048576,
    outputTokenLimit: 65536,
    supportedGenerationMethods: ['generateContent', 'countTokens'],
  }));

  return startFakeServer({
    host: opts.host || '127.0.0.1',
    port: opts.port || 0,
    log,
    redactHeaders: ['x-goog-api-key', 'authorization'],
    errorBody: { error: { code: 500, message: 'fake server error', status: 'INTERNAL' } },
    route: (req, res, body, record, url) => {
      const call = modelCall(url.pathname);
      if (req.method === 'POST' && call && (call.method === 'generateContent' || call.method === 'streamGenerateContent')) {
        handleGenerate(req, res, call, body || {}, record, call.method === 'streamGenerateContent');
      } else if (req.method === 'POST' && call && call.method === 'countTokens') {
        log('countTokens');
        sendJson(res, 200, { totalTokens: estimateTokens(body || {}) });
      } else if (req.method === 'GET' && /^\/(v1beta|v1)\/models\/?$/.test(url.pathname)) {
        sendJson(res, 200, { models: MODELS });
      } else if (req.method === 'GET' && /^\/(v1beta|v1)\/models\/[^/]+$/.test(url.pathname)) {
        const id = url.pathname.split('/').pop();
        sendJson(res, 200, MODELS.find((m) => m.name === `models/${id}`) || { ...MODELS[0], name: `models/${id}`, displayName: id });
      } else {
        log(`other ${req.method} ${url.pathname}`);
        sendJson(res, 200, {});
      }
    },
  }).then((srv) => ({ ...srv, mainCount: () => mainIndex }));
}

/**
 * `$HOME/.gemini/settings.json` for running the real Gemini CLI (0.61.x) against this server: API-key auth, telemetry,
 * usage statistics and update checks off, 3 attempts per request (the default 10 makes "forever" faults slow).
 */
const GEMINI_SETTINGS = {
  security: { auth: { selectedType: 'gemini-api-key' } },
  privacy: { usageStatisticsEnabled: false },
  telemetry: { enabled: false },
  general: { disableAutoUpdate: true, disableUpdateNag: true, maxAttempts: 3 },
  ui: { hideBanner: true, hideTips: true },
};

/**
 * Environment variables that point the real Gemini CLI at this server (`url`, e.g. srv.url) with a fake key; add
 * HOME (or GEMINI_CLI_HOME) of a folder whose `.gemini/settings.json` holds {@link GEMINI_SETTINGS}.
 * GEMINI_CLI_TRUST_WORKSPACE: headless runs refuse an untrusted folder; GEMINI_CLI_NO_RELAUNCH: the CLI otherwise
 * re-spawns itself with a bigger heap, and killing the parent leaves the child running.
 */
function geminiCliEnv(url, apiKey = 'AIzaFAKEfixtureKEYnotREAL000000000000000') {
  return { GOOGLE_GEMINI_BASE_URL: url, GEMINI_API_KEY: apiKey, GEMINI_CLI_TRUST_WORKSPACE: 'true', GEMINI_CLI_NO_RELAUNCH: 'true' };
}

module.exports = { startFakeGemini, SCENARIOS, ERRORS, isMainRequest, GEMINI_SETTINGS, geminiCliEnv };

if (require.main === module) {
  runFakeServerCli('fakeGemini', startFakeGemini);
}
