'use strict';
/**
 * The replies of the fake OpenAI server (fakeOpenAI.js) to a request that gets an answer: a Responses API response or a
 * Chat Completions completion, as JSON or streamed (SSE) in the order the real API sends its events, with usage. Each
 * writer takes the server's `ctx`: `{ nextId(prefix), sendJson(res, status, obj), sseHead(res), sideText }`.
 */

const LS_ARGS = { command: ['bash', '-lc', 'ls'], timeout_ms: 10000 };

/** Rough token estimate of a request (characters / 4), deterministic for the same request. */
function estimateTokens(body) {
  let n = 0;
  try {
    n = JSON.stringify({ instructions: body.instructions, input: body.input, messages: body.messages, tools: body.tools }).length;
  } catch {
    n = 400;
  }
  return Math.max(1, Math.round(n / 4));
}

/** Name of a tool offered by the request (Responses: `{type:'function', name}`; Chat: `{type:'function', function:{name}}`). */
function toolNames(body) {
  const names = [];
  for (const t of Array.isArray(body.tools) ? body.tools : []) {
    if (!t || typeof t !== 'object') continue;
    const n = t.name || (t.function && t.function.name);
    if (typeof n === 'string' && (t.type === 'function' || t.function)) names.push(n);
  }
  return names;
}

/** The function call a `tool_call` step makes: its own name/args, else a shell tool the request offers, running `ls`. */
function toolCallFor(body, step) {
  if (step.name) return { name: step.name, args: step.args || {} };
  const names = toolNames(body);
  const pick = ['shell_command', 'shell', 'exec_command', 'local_shell'].find((n) => names.includes(n)) || names[0] || 'shell';
  let args;
  if (pick === 'shell_command') args = { command: 'ls', timeout_ms: 10000 };
  else if (pick === 'exec_command') args = { cmd: 'ls', yield_time_ms: 1000 };
  else args = { command: LS_ARGS.command, timeout_ms: LS_ARGS.timeout_ms };
  return { name: pick, args: step.args || args };
}

/** Token usage of a reply: the request's estimate, three quarters of it cached, and the output's. */
function usageFor(body, outText) {
  const total = estimateTokens(body);
  const cached = Math.floor(total * 0.75);
  const output = Math.max(1, Math.round(outText.length / 4));
  return { input: total, cached, output, reasoning: 0 };
}

/** The output items of a Responses reply for a step. */
function responseOutput(ctx, body, step, main) {
  const items = [];
  if (step.type === 'tool_call') {
    if (step.text)
      items.push({
        id: ctx.nextId('msg'),
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: step.text, annotations: [] }],
      });
    const call = toolCallFor(body, step);
    items.push({
      id: ctx.nextId('fc'),
      type: 'function_call',
      status: 'completed',
      call_id: ctx.nextId('call'),
      name: call.name,
      arguments: JSON.stringify(call.args),
    });
  } else {
    const text = step.text || (main ? 'OK.' : ctx.sideText);
    items.push({
      id: ctx.nextId('msg'),
      type: 'message',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text, annotations: [] }],
    });
  }
  return items;
}

/** Answers a Responses API request with `step`'s reply (`main`: an agent-loop request): JSON, or SSE events when it streams. */
function sendResponse(ctx, res, body, step, main) {
  const output = responseOutput(ctx, body, step, main);
  const u = usageFor(body, JSON.stringify(output));
  const model = typeof body.model === 'string' ? body.model : 'gpt-5-codex';
  const base = {
    id: ctx.nextId('resp'),
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    model,
    output: [],
    parallel_tool_calls: false,
    previous_response_id: null,
    tool_choice: 'auto',
    usage: null,
  };
  const usage = {
    input_tokens: u.input,
    input_tokens_details: { cached_tokens: u.cached },
    output_tokens: u.output,
    output_tokens_details: { reasoning_tokens: u.reasoning },
    total_tokens: u.input + u.output,
  };
  const done = { ...base, status: 'completed', output, usage };
  if (!body.stream) {
    ctx.sendJson(res, 200, done);
    return;
  }
  ctx.sseHead(res);
  let seq = 0;
  const ev = (type, data) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: seq++, ...data })}\n\n`);
  ev('response.created', { response: { ...base, status: 'in_progress' } });
  ev('response.in_progress', { response: { ...base, status: 'in_progress' } });
  output.forEach((item, output_index) => {
    if (item.type === 'message') {
      const text = item.content[0].text;
      ev('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', content: [] } });
      ev('response.content_part.added', {
        item_id: item.id,
        output_index,
        content_index: 0,
        part: { type: 'output_text', text: '', annotations: [] },
      });
      const mid = Math.ceil(text.length / 2);
      for (const delta of [text.slice(0, mid), text.slice(mid)]) {
        if (delta) ev('response.output_text.delta', { item_id: item.id, output_index, content_index: 0, delta });
      }
      ev('response.output_text.done', { item_id: item.id, output_index, content_index: 0, text });
      ev('response.content_part.done', { item_id: item.id, output_index, content_index: 0, part: item.content[0] });
      ev('response.output_item.done', { output_index, item });
    } else {
      ev('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', arguments: '' } });
      const a = item.arguments;
      const mid = Math.ceil(a.length / 2);
      for (const delta of [a.slice(0, mid), a.slice(mid)]) {
        if (delta) ev('response.function_call_arguments.delta', { item_id: item.id, output_index, delta });
      }
      ev('response.function_call_arguments.done', { item_id: item.id, output_index, arguments: a });
      ev('response.output_item.done', { output_index, item });
    }
  });
  ev('response.completed', { response: done });
  res.end();
}

/** Answers a Chat Completions request with `step`'s reply: JSON, or `chat.completion.chunk`s ending in `data: [DONE]`. */
function sendChat(ctx, res, body, step, main) {
  const model = typeof body.model === 'string' ? body.model : 'gpt-5-codex';
  const id = ctx.nextId('chatcmpl');
  const created = Math.floor(Date.now() / 1000);
  const message = { role: 'assistant', content: null };
  let finish = 'stop';
  if (step.type === 'tool_call') {
    const call = toolCallFor(body, step);
    message.content = step.text || null;
    message.tool_calls = [
      { id: ctx.nextId('call'), type: 'function', function: { name: call.name, arguments: JSON.stringify(call.args) } },
    ];
    finish = 'tool_calls';
  } else {
    message.content = step.text || (main ? 'OK.' : ctx.sideText);
  }
  const u = usageFor(body, JSON.stringify(message));
  const usage = {
    prompt_tokens: u.input,
    completion_tokens: u.output,
    total_tokens: u.input + u.output,
    prompt_tokens_details: { cached_tokens: u.cached },
  };
  if (!body.stream) {
    ctx.sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message, finish_reason: finish }],
      usage,
    });
    return;
  }
  ctx.sseHead(res);
  const chunk = (choices, extra = {}) =>
    res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...extra })}\n\n`);
  chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
  if (message.content) {
    const t = message.content;
    const mid = Math.ceil(t.length / 2);
    for (const part of [t.slice(0, mid), t.slice(mid)]) if (part) chunk([{ index: 0, delta: { content: part }, finish_reason: null }]);
  }
  (message.tool_calls || []).forEach((tc, index) => {
    const a = tc.function.arguments;
    const mid = Math.ceil(a.length / 2);
    chunk([
      {
        index: 0,
        delta: { tool_calls: [{ index, id: tc.id, type: 'function', function: { name: tc.function.name, arguments: a.slice(0, mid) } }] },
        finish_reason: null,
      },
    ]);
    chunk([{ index: 0, delta: { tool_calls: [{ index, function: { arguments: a.slice(mid) } }] }, finish_reason: null }]);
  });
  chunk([{ index: 0, delta: {}, finish_reason: finish }]);
  chunk([], { usage });
  res.write('data: [DONE]\n\n');
  res.end();
}

module.exports = { sendResponse, sendChat };
