'use strict';
/**
 * What the fake API servers (fakeAnthropic.js, fakeOpenAI.js, fakeGemini.js) share: the step script, the HTTP plumbing
 * (request bodies, the record of every request with its key redacted, 127.0.0.1 only, close() that also ends hung
 * requests) and the command-line entry. Plain CommonJS, Node built-ins only.
 */

const http = require('http');
const { parseArgs } = require('util');

/**
 * The steps of a script: a scenario name of `scenarios`, or an array of steps (a string is shorthand for `{type}`);
 * none means `scenarios.happy`. Throws on an unknown name or an empty script.
 */
function resolveScript(script, scenarios) {
  let steps = script;
  if (!script) {
    steps = scenarios.happy;
  } else if (typeof script === 'string') {
    steps = scenarios[script];
    if (!steps) throw new Error(`unknown scenario "${script}" (known: ${Object.keys(scenarios).join(', ')})`);
  } else if (!Array.isArray(script) || script.length === 0) {
    throw new Error('script must be a scenario name or a non-empty array');
  }
  return steps.map((step) => (typeof step === 'string' ? { type: step } : step));
}

/**
 * Starts an HTTP server on `host` (default 127.0.0.1) and `port` (default 0: any free one). Every request's JSON body is
 * parsed (null when absent or not JSON) and recorded in `requests` as {time, method, path, query, headers, body}, with
 * the `redactHeaders` headers (and a `key` query parameter) replaced by "[REDACTED]"; then `route(req, res, body, record,
 * url)` answers it. A route that throws gets `errorBody` with status 500.
 * @returns {Promise<{url: string, port: number, requests: object[], close: () => Promise<void>}>}
 */
function startFakeServer({ host = '127.0.0.1', port = 0, redactHeaders, route, errorBody, log = () => {} }) {
  const requests = [];
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        body = null;
      }
      const url = new URL(req.url || '/', 'http://localhost');
      const record = {
        time: new Date().toISOString(),
        method: req.method,
        path: url.pathname,
        query: url.search,
        headers: { ...req.headers },
        body,
      };
      // Never keep the key itself in memory dumps.
      for (const h of redactHeaders) if (record.headers[h]) record.headers[h] = '[REDACTED]';
      if (url.searchParams.has('key')) record.query = '?[key REDACTED]';
      requests.push(record);
      try {
        route(req, res, body, record, url);
      } catch (err) {
        log(`handler error: ${err && err.stack}`);
        if (!res.headersSent) {
          const text = JSON.stringify(errorBody);
          res.writeHead(500, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
          res.end(text);
        }
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const actual = server.address().port;
      resolve({
        url: `http://${host}:${actual}`,
        port: actual,
        requests,
        close: () =>
          new Promise((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/**
 * The command-line entry of a fake server: `--port N --scenario NAME | --script JSON [--verbose]` plus `extraOptions`
 * (util.parseArgs option specs). Starts it with `start(options)`, prints "listening <url>", stops on SIGINT/SIGTERM;
 * `onListening(srv, values)` may do more (e.g. write a client's configuration).
 */
function runFakeServerCli(name, start, { extraOptions = {}, onListening } = {}) {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      port: { type: 'string' },
      scenario: { type: 'string' },
      script: { type: 'string' },
      verbose: { type: 'boolean' },
      ...extraOptions,
    },
  });
  start({
    port: values.port ? Number(values.port) : 0,
    script: values.script ? JSON.parse(values.script) : values.scenario || 'happy',
    log: values.verbose ? (l) => process.stderr.write(l + '\n') : undefined,
  }).then(
    (srv) => {
      if (onListening) onListening(srv, values);
      process.stdout.write(`listening ${srv.url}\n`);
      const stop = () => srv.close().then(() => process.exit(0));
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (err) => {
      process.stderr.write(`${name}: ${err.message}\n`);
      process.exit(1);
    },
  );
}

module.exports = { resolveScript, startFakeServer, runFakeServerCli };
