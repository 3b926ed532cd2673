'use strict';
/**
 * What the fake Anthropic server (fakeAnthropic.js) writes for an answered Messages request (JSON or its event stream)
 * and the unified rate-limit headers of a usage limit.
 */

/**
 * The unified rate-limit headers of a refused request (a plan's usage window used up), as the Anthropic API sends them:
 * `step.claim` (`five_hour`, default, or `seven_day`) is the window used up, reset at `step.resetsAt` (epoch s) or
 * `step.resetInSeconds` (default 60) from now.
 */
function usageLimitHeaders(step) {
  const reset =
    step.resetsAt != null
      ? Math.round(step.resetsAt)
      : Math.round(Date.now() / 1000 + (step.resetInSeconds != null ? step.resetInSeconds : 60));
  const claim = step.claim || 'five_hour';
  const weekReset = Math.round(Date.now() / 1000 + 5 * 86400);
  return {
    'anthropic-ratelimit-unified-status': 'rejected',
    'anthropic-ratelimit-unified-reset': String(reset),
    'anthropic-ratelimit-unified-representative-claim': claim,
    'anthropic-ratelimit-unified-fallback': 'unavailable',
    'anthropic-ratelimit-unified-5h-status': claim === 'five_hour' ? 'rejected' : 'allowed',
    'anthropic-ratelimit-unified-5h-utilization': claim === 'five_hour' ? '1.0' : '0.4',
    'anthropic-ratelimit-unified-5h-reset': String(claim === 'five_hour' ? reset : Math.round(Date.now() / 1000 + 3600)),
    'anthropic-ratelimit-unified-7d-status': claim === 'seven_day' ? 'rejected' : 'allowed',
    'anthropic-ratelimit-unified-7d-utilization': claim === 'seven_day' ? '1.0' : '0.35',
    'anthropic-ratelimit-unified-7d-reset': String(claim === 'seven_day' ? reset : weekReset),
    'anthropic-ratelimit-unified-overage-status': 'rejected',
    'anthropic-ratelimit-unified-overage-disabled-reason': 'org_level_disabled',
  };
}

/**
 * Answers a Messages API request with `msg` (an assistant message with usage): JSON, or, when the request streams, the
 * events the real API sends in order (message_start, content_block_start / ping / deltas / content_block_stop per block,
 * message_delta with the usage, message_stop). `ctx`: `{ ctx.sendJson(res, status, obj), nextRequestId() }`.
 */
function sendMessage(ctx, res, body, msg) {
  if (!body.stream) {
    ctx.sendJson(res, 200, msg);
    return;
  }
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'request-id': ctx.nextRequestId(),
  });
  const ev = (name, data) => res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  ev('message_start', {
    type: 'message_start',
    message: { ...msg, content: [], stop_reason: null, stop_sequence: null, usage: { ...msg.usage, output_tokens: 1 } },
  });
  msg.content.forEach((block, index) => {
    if (block.type === 'text') {
      ev('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      if (index === 0) ev('ping', { type: 'ping' });
      // Two deltas, like a real stream.
      const mid = Math.ceil(block.text.length / 2);
      for (const part of [block.text.slice(0, mid), block.text.slice(mid)]) {
        if (part) ev('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: part } });
      }
    } else if (block.type === 'tool_use') {
      ev('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
      });
      const json = JSON.stringify(block.input);
      const mid = Math.ceil(json.length / 2);
      for (const part of [json.slice(0, mid), json.slice(mid)]) {
        if (part)
          ev('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: part } });
      }
    }
    ev('content_block_stop', { type: 'content_block_stop', index });
  });
  ev('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: msg.stop_reason, stop_sequence: null },
    usage: {
      input_tokens: msg.usage.input_tokens,
      cache_creation_input_tokens: msg.usage.cache_creation_input_tokens,
      cache_read_input_tokens: msg.usage.cache_read_input_tokens,
      output_tokens: msg.usage.output_tokens,
    },
  });
  ev('message_stop', { type: 'message_stop' });
  res.end();
}

module.exports = { sendMessage, usageLimitHeaders };
