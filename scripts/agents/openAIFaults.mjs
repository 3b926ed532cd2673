// The fault scenarios that the fixture scripts of agents speaking Chat Completions (copilot, pi, cline, continue) run
// alike against the fake OpenAI server (test/harness/fakeOpenAI.js): one prompt, the same fault on every request.

const FAULTS = {
  rate_limit_then_ok: {
    what: '429 rate_limit_exceeded (retry-after 1 s) three times, then a text reply.',
    script: 'rate_limit_then_ok',
    prompt: 'Say hello',
  },
  rate_limit_forever: { what: '429 rate_limit_exceeded on every request.', script: 'rate_limit_forever', prompt: 'Say hello' },
  quota: { what: '429 insufficient_quota on every request.', script: [{ type: 'quota' }], prompt: 'Say hello' },
  auth_401: { what: '401 invalid_api_key on every request.', script: 'auth_401', prompt: 'Say hello' },
  context_too_long: {
    what: '400 context_length_exceeded on every request.',
    script: 'context_too_long',
    prompt: 'Summarize the repository',
  },
  server_500: { what: '500 server_error on every request.', script: 'server_500', prompt: 'Say hello' },
  overloaded_503: { what: '503 server_is_overloaded on every request.', script: 'overloaded_503', prompt: 'Say hello' },
  dropped_connection: {
    what: 'A 200 stream that sends one chunk and then closes the connection, on every request.',
    script: 'dropped',
    prompt: 'Say hello',
  },
  malformed_stream: { what: 'A 200 stream whose data line is cut JSON, on every request.', script: 'malformed', prompt: 'Say hello' },
};

/**
 * The scenario `name` of the shared fault table (what, the fake server's script, the prompt), with `extra`'s fields
 * (a time limit, another text) over it. Throws on a name the table does not hold.
 */
export function fault(name, extra = {}) {
  if (!FAULTS[name]) throw new Error(`no shared fault scenario ${name}`);
  return { name, ...FAULTS[name], ...extra };
}
