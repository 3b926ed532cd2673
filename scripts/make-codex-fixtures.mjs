#!/usr/bin/env node
// Makes real Codex CLI rollouts as test fixtures: installs @openai/codex@0.169.0 (its linux-x64 native binary comes as an
// optional dependency) into a cache folder outside the repo, runs `codex exec` against our fake OpenAI API server
// (test/harness/fakeOpenAI.js) on 127.0.0.1 with a throw-away HOME and CODEX_HOME, one scenario per run (happy path, tool
// use, tool loop, 429s, 401, 400 context_length_exceeded, 500, 503, hang, dropped connection, malformed stream), and
// copies each rollout ($CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<uuid>.jsonl) to test/fixtures/codex/<scenario>.jsonl,
// with the CLI's output in <scenario>.stdout.txt and a PROVENANCE.md. Only the throw-away path prefix is scrubbed.
//
// How Codex runs offline here (found by trying, 0.169.0): CODEX_HOME=<tmp>/home/dev/.codex with a config.toml that
// defines `model_provider = "fake"` and `[model_providers.fake]` with `base_url = "http://127.0.0.1:<port>/v1"`,
// `wire_api = "responses"`, `env_key = "FAKE_OPENAI_KEY"` (no login needed), retry and idle-timeout knobs; analytics and
// update checks off; `codex exec --skip-git-repo-check <prompt>` with approval "never" and sandbox "danger-full-access"
// (the sandbox needs namespaces the machine may not have). stdin is closed (exec otherwise waits for more input).
// `wire_api = "chat"` is refused by 0.169.0 ("`wire_api = "chat"` is no longer supported"), so Codex speaks only the
// Responses API here; the fake server's Chat Completions endpoint is for other OpenAI-compatible agents.
//
// Usage: node scripts/make-codex-fixtures.mjs [scenario ...]     (no argument: all scenarios)
// Env:   SESSION_DOCTOR_CACHE (default ~/.cache/session-doctor), KEEP_TMP=1 to keep the throw-away folders.

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureNpmTool, runCollect } from './agents/npmTool.mjs';
import { writeDemoProject } from './agents/demoProject.mjs';

const require = createRequire(import.meta.url);
const { startFakeOpenAI, codexConfigToml } = require('../test/harness/fakeOpenAI.js');

const CODEX_VERSION = '0.169.0';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(REPO, 'test', 'fixtures', 'codex');
const FAKE_KEY = 'sk-test-fixture-key-00000000000000000000';
const TODAY = new Date().toISOString().slice(0, 10);
const MODEL = 'gpt-5-codex';

/**
 * Scenarios. `script`: fake server steps for main requests (name from fakeOpenAI SCENARIOS or an array).
 * `config`: extra `-c key=value` overrides (TOML values). `prompt`: the exec prompt. `resumes`: prompts of later turns,
 * each a `codex exec resume --last <prompt>` in the same CODEX_HOME. `sideText`: the reply to requests without tools.
 * `argv`: the whole codex command line instead (`{{STALE_UUID}}` becomes a random UUID). `rateLimits`: the fake server's
 * rate-limit headers (see fakeOpenAI.js).
 */
const SCENARIOS = [
  {
    name: 'happy',
    what: 'Happy path: one prompt, one text reply.',
    script: 'happy',
    prompt: 'Say hello and tell me if the project looks fine',
  },
  {
    name: 'tool_use',
    what: 'Tool-use turn: exec_command `ls`, exec_command `cat .env` (fake secrets in the output), exec_command `cat missing.txt` (fails), then text.',
    script: [
      { type: 'tool_call', name: 'exec_command', args: { cmd: 'ls', yield_time_ms: 1000 } },
      { type: 'tool_call', name: 'exec_command', args: { cmd: 'cat .env', yield_time_ms: 1000 } },
      { type: 'tool_call', name: 'exec_command', args: { cmd: 'cat missing.txt', yield_time_ms: 1000 } },
      { type: 'text', text: 'The project has a package.json, a README and a src folder; missing.txt does not exist.' },
    ],
    prompt: 'Look around the project and show me .env and missing.txt',
  },
  {
    name: 'tool_loop',
    what: 'Repeated identical tool call loop: the model asks for exec_command `ls` 6 times in a row, then stops with text.',
    script: 'tool_loop',
    prompt: 'Find the config file',
  },
  {
    name: 'auto_compact',
    what: 'model_auto_compact_token_limit=2000: after the first turn the context is over the limit, so the resumed turn compacts first (the summary request carries no tools; the fake server answers it with the side text), then answers.',
    script: [
      { type: 'text', text: 'Noted: the number is 42.' },
      { type: 'text', text: 'The number was 42.' },
    ],
    sideText: 'Summary: the user asked me to remember the number 42; nothing else happened.',
    config: { model_auto_compact_token_limit: '2000' },
    prompt: 'Remember the number 42',
    resumes: ['Which number did I ask you to remember?'],
  },
  {
    name: 'stale_resume',
    what: '`codex exec resume <random uuid>` for a session that does not exist: an error on stderr, no rollout.',
    script: 'happy',
    argv: ['exec', '--skip-git-repo-check', 'resume', '{{STALE_UUID}}', 'Continue where we left off'],
  },
  {
    name: 'rate_limit_then_ok',
    what: '429 rate_limit_exceeded (retry-after: 1) three times, then a text reply; stream_max_retries=4 (Codex retries 429s as stream reconnects).',
    script: 'rate_limit_then_ok',
    config: { 'model_providers.fake.stream_max_retries': '4' },
    prompt: 'Say hello',
  },
  {
    name: 'rate_limit_forever',
    what: '429 on every request, stream_max_retries=1; the person tries the turn again three times (`codex exec resume --last`): four failed turns in one rollout.',
    script: 'rate_limit_forever',
    prompt: 'Say hello',
    resumes: ['Try again', 'Try again', 'Try again'],
  },
  {
    name: 'rate_limits',
    what: 'The fake server sends the x-codex-* rate-limit headers (primary 5 h window from 45 %, +5 % per main request, reset in 3 h; secondary 7 d window at 12 %, reset in 4 days; credits): tool call then text, so each token_count carries non-null rate_limits.',
    script: [
      { type: 'tool_call', name: 'exec_command', args: { cmd: 'ls', yield_time_ms: 1000 } },
      { type: 'text', text: 'The project has a package.json, a README and a src folder.' },
    ],
    rateLimits: {
      primary: { usedPercent: 40, windowMinutes: 300, resetsIn: 3 * 3600 },
      secondary: { usedPercent: 12, windowMinutes: 10080, resetsIn: 4 * 86400 },
      credits: { hasCredits: true, unlimited: false, balance: '17.50' },
      stepPercent: 5,
    },
    prompt: 'List the project files',
  },
  {
    name: 'usage_limit',
    what: 'A ChatGPT-plan usage limit: the first turn answers (limit headers at 95 %), the resumed turn gets 429 usage_limit_reached with a reset 60 s ahead.',
    script: [
      { type: 'text', text: 'Hello!' },
      { type: 'usage_limit', resetsIn: 60 },
    ],
    rateLimits: {
      primary: { usedPercent: 95, windowMinutes: 300, resetsIn: 60 },
      secondary: { usedPercent: 30, windowMinutes: 10080, resetsIn: 4 * 86400 },
    },
    prompt: 'Say hello',
    resumes: ['Continue'],
  },
  { name: 'auth_401', what: '401 invalid_api_key on every request.', script: 'auth_401', prompt: 'Say hello' },
  {
    name: 'context_too_long',
    what: '400 invalid_request_error `context_length_exceeded` on every request.',
    script: 'context_too_long',
    prompt: 'Summarize the whole repository',
  },
  {
    name: 'server_500',
    what: '500 server_error on every request; request_max_retries=3.',
    script: 'server_500',
    config: { 'model_providers.fake.request_max_retries': '3' },
    prompt: 'Say hello',
  },
  {
    name: 'overloaded_503',
    what: '503 server_is_overloaded on every request; request_max_retries=3.',
    script: 'overloaded_503',
    config: { 'model_providers.fake.request_max_retries': '3' },
    prompt: 'Say hello',
  },
  {
    name: 'hang',
    what: 'The server accepts the request and never answers (no headers): Codex waits; killed after 15 s. The rollout ends at the prompt.',
    script: 'hang',
    timeoutMs: 15000,
    prompt: 'Say hello',
  },
  {
    name: 'hang_after_reply',
    what: 'The first turn answers; the resumed turn (`codex exec resume --last`) gets a request the server never answers: killed after 15 s. The rollout ends at the second prompt; the files Codex wrote while it hung are listed in the .stdout.txt.',
    script: [{ type: 'text', text: 'Hello! The project looks fine.' }, { type: 'hang' }],
    timeoutMs: 15000,
    listFiles: true,
    prompt: 'Say hello',
    resumes: ['Now say goodbye'],
  },
  {
    name: 'hang_interrupted',
    what: 'The server never answers; after 10 s the person presses Ctrl+C (SIGINT to the process group, as a terminal sends it): Codex writes `turn_aborted` (reason `interrupted`) and exits. Not a hang any more: the person stopped it.',
    script: 'hang',
    interruptAfterMs: 10000,
    timeoutMs: 30000,
    listFiles: true,
    prompt: 'Say hello',
  },
  {
    name: 'stream_idle_timeout',
    what: 'A 200 SSE stream that sends response.created, then goes silent; stream_idle_timeout_ms=2000, stream_max_retries=1.',
    script: 'stall',
    config: { 'model_providers.fake.stream_idle_timeout_ms': '2000' },
    timeoutMs: 60000,
    prompt: 'Say hello',
  },
  {
    name: 'dropped',
    what: 'A 200 SSE stream that sends response.created, then the server destroys the socket; stream_max_retries=2.',
    script: 'dropped',
    config: { 'model_providers.fake.stream_max_retries': '2' },
    prompt: 'Say hello',
  },
  {
    name: 'malformed',
    what: 'A 200 SSE stream whose data lines are broken JSON, then it ends; stream_max_retries=2.',
    script: 'malformed',
    config: { 'model_providers.fake.stream_max_retries': '2' },
    prompt: 'Say hello',
  },
];

function log(msg) {
  process.stderr.write(`[fixtures] ${msg}\n`);
}

function codexWorks(bin) {
  if (!fs.existsSync(bin)) return false;
  const r = spawnSync(process.execPath, [bin, '--version'], { encoding: 'utf8', timeout: 30000 });
  return r.status === 0 && r.stdout.includes(CODEX_VERSION);
}

/** The codex launcher (bin/codex.js picks the native binary of @openai/codex-<platform>-<arch>). */
function findCodex(dir) {
  const bin = path.join(dir, 'node_modules', '@openai', 'codex', 'bin', 'codex.js');
  return codexWorks(bin) ? bin : undefined;
}

/** Installs the pinned Codex CLI into the cache (once) and returns the path of its working `codex.js`. */
export function ensureCodex() {
  return ensureNpmTool({ name: 'codex', pkg: '@openai/codex', version: CODEX_VERSION, find: findCodex, log });
}

/** A throw-away root holding home/dev (HOME, with .codex as CODEX_HOME) and home/dev/projects/demo-app (cwd). */
function makeSandbox(port) {
  const root = path.join(os.tmpdir(), `sdcx${randomBytes(5).toString('hex')}`);
  const home = path.join(root, 'home', 'dev');
  const codexHome = path.join(home, '.codex');
  const cwd = path.join(home, 'projects', 'demo-app');
  fs.mkdirSync(codexHome, { recursive: true });
  writeDemoProject(cwd, { envKey: 'OPENAI_API_KEY=sk-proj-FAKEfixtureKEYnotREAL0123456789abcdef' });
  fs.writeFileSync(path.join(codexHome, 'config.toml'), configToml(port));
  return { root, home, codexHome, cwd };
}

/** The config.toml that points Codex at the fake server, offline (see codexConfigToml in the harness). */
function configToml(port) {
  return codexConfigToml(`http://127.0.0.1:${port}`, { model: MODEL });
}

function runCodex(bin, args, { home, codexHome, cwd, timeoutMs, interruptAfterMs }) {
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    CODEX_HOME: codexHome,
    FAKE_OPENAI_KEY: FAKE_KEY,
    TMPDIR: path.join(path.dirname(path.dirname(home)), 'tmp'),
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    NO_COLOR: '1',
    RUST_LOG: 'error',
  };
  return interruptAfterMs === undefined
    ? runCollect(process.execPath, [bin, ...args], { cwd, env, timeoutMs })
    : runInterrupted(process.execPath, [bin, ...args], { cwd, env, timeoutMs, interruptAfterMs });
}

/**
 * Like runCollect, but after `interruptAfterMs` sends SIGINT to the whole process group (what a terminal's Ctrl+C does),
 * then waits for the CLI to exit (SIGKILL after `timeoutMs`). Resolves {code, signal, timedOut, interrupted, stdout, stderr, ms}.
 */
function runInterrupted(command, args, { cwd, env, timeoutMs, interruptAfterMs }) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const signal = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {
        child.kill(sig);
      }
    };
    let timedOut = false;
    const interrupt = setTimeout(() => signal('SIGINT'), interruptAfterMs);
    const kill = setTimeout(() => {
      timedOut = true;
      signal('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, sig) => {
      clearTimeout(interrupt);
      clearTimeout(kill);
      resolve({ code, signal: sig, timedOut, interrupted: true, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** Files under `dir` (skills and temporary folders left out) with their sizes, for the record of what Codex wrote. */
function listWritten(dir, base = dir) {
  const out = [];
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    const rel = path.relative(base, p);
    if (/^(skills|tmp|\.tmp|packages)$/.test(rel) || rel === 'config.toml') continue;
    if (e.isDirectory()) out.push(...listWritten(p, base));
    else out.push(`${rel} (${fs.statSync(p).size} bytes)`);
  }
  return out.sort();
}

function scrubber(root) {
  return (text) => text.split(root).join('');
}

function shellQuote(a) {
  return /^[A-Za-z0-9_./:=@,+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

function findRollouts(dir) {
  const out = [];
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findRollouts(p));
    else if (/^rollout-.*\.jsonl$/.test(e.name)) out.push(p);
  }
  return out;
}

async function runScenario(bin, sc) {
  const server = await startFakeOpenAI({ script: sc.script, sideText: sc.sideText, rateLimits: sc.rateLimits });
  const box = makeSandbox(server.port);
  fs.mkdirSync(path.join(box.root, 'tmp'), { recursive: true });
  const scrub = scrubber(box.root);
  const overrides = Object.entries(sc.config || {}).flatMap(([k, v]) => ['-c', `${k}=${v}`]);
  const stale = randomUUID();
  const argLists = sc.argv
    ? [sc.argv.map((a) => a.replace('{{STALE_UUID}}', stale))]
    : [['exec', '--skip-git-repo-check', ...overrides, sc.prompt]];
  for (const p of sc.resumes || []) argLists.push(['exec', '--skip-git-repo-check', ...overrides, 'resume', '--last', p]);
  const runs = [];
  try {
    for (const args of argLists) {
      const before = server.requests.length;
      const last = args === argLists[argLists.length - 1];
      const interruptAfterMs = last ? sc.interruptAfterMs : undefined;
      const r = await runCodex(bin, args, { ...box, timeoutMs: sc.timeoutMs || 120000, interruptAfterMs });
      if (sc.listFiles && last) r.written = listWritten(box.codexHome);
      r.args = args;
      r.requests = server.requests.slice(before);
      runs.push(r);
      log(
        `${sc.name}: codex ${args.join(' ')} -> exit ${r.code}${r.signal ? ' ' + r.signal : ''} in ${r.ms} ms, ${r.requests.length} requests`,
      );
    }
  } finally {
    await server.close();
  }
  const rollouts = findRollouts(path.join(box.codexHome, 'sessions'));
  const result = { sc, runs, files: [] };
  if (rollouts.length > 1) log(`${sc.name}: ${rollouts.length} rollouts, keeping the largest`);
  if (rollouts.length > 0) {
    rollouts.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
    fs.writeFileSync(path.join(OUT_DIR, `${sc.name}.jsonl`), scrub(fs.readFileSync(rollouts[0], 'utf8')));
    result.files.push(`${sc.name}.jsonl`);
    result.rolloutName = path.relative(box.codexHome, rollouts[0]);
  } else {
    fs.rmSync(path.join(OUT_DIR, `${sc.name}.jsonl`), { force: true });
  }
  const lines = [];
  lines.push(`# Codex CLI ${CODEX_VERSION} against test/harness/fakeOpenAI.js, scenario "${sc.name}", ${TODAY}`);
  lines.push(`# ${sc.what}`);
  if (result.rolloutName) lines.push(`# rollout: $CODEX_HOME/${result.rolloutName}`);
  runs.forEach((r, i) => {
    lines.push('');
    lines.push(`## run ${i + 1}: codex ${r.args.map(shellQuote).join(' ')}`);
    lines.push(
      `# exit code ${r.code}${r.signal ? `, signal ${r.signal}` : ''}${r.timedOut ? ' (killed: timeout)' : ''}${r.interrupted ? ` (SIGINT after ${sc.interruptAfterMs} ms)` : ''}, ${r.ms} ms`,
    );
    lines.push('--- stdout ---');
    lines.push(scrub(r.stdout).replace(/\n$/, ''));
    lines.push('--- stderr ---');
    lines.push(scrub(r.stderr).replace(/\n$/, ''));
    if (r.written) {
      lines.push('--- files in $CODEX_HOME at the end (skills, tmp, packages and config.toml left out) ---');
      lines.push(...r.written);
    }
    lines.push('--- fake server requests ---');
    for (const q of r.requests) {
      const b = q.body || {};
      lines.push(
        `${q.method} ${q.path}${q.query || ''} model=${b.model ?? '-'} tools=${Array.isArray(b.tools) ? b.tools.length : 0} stream=${!!b.stream} -> ${q.step ?? 'other'}`,
      );
    }
  });
  fs.writeFileSync(path.join(OUT_DIR, `${sc.name}.stdout.txt`), lines.join('\n') + '\n');
  result.files.push(`${sc.name}.stdout.txt`);
  if (!process.env.KEEP_TMP) fs.rmSync(box.root, { recursive: true, force: true });
  else log(`kept ${box.root}`);
  return result;
}

/** Hand-made bad input built from a real rollout: valid lines, garbage, non-object JSON, a half-written last line. */
function makeGarbage() {
  const src = path.join(OUT_DIR, 'tool_use.jsonl');
  if (!fs.existsSync(src)) return null;
  const lines = fs
    .readFileSync(src, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  const meta = lines.find((l) => /"type":"session_meta"/.test(l));
  const calls = lines.filter((l) => /"type":"(function_call|function_call_output)"/.test(l)).slice(0, 2);
  const msg = lines.find((l) => /"role":"assistant"/.test(l));
  const out = [
    meta,
    'this is not json at all',
    calls[0],
    '[1,2,3]',
    '"just a string"',
    'null',
    '{"timestamp":"2026-11-23T12:00:00.000Z","type":"response_item","payload":',
    '',
    '{}',
    '{"timestamp":"2026-11-23T12:00:00.000Z","type":"response_item","payload":"not an object"}',
    '{"timestamp":"2026-11-23T12:00:00.000Z","type":"response_item","payload":{"type":"function_call"}}',
    '\u0000\u0001binary\u00ff',
    calls[1],
    msg.slice(0, Math.floor(msg.length / 2)), // half-written last line, no newline
  ];
  fs.writeFileSync(path.join(OUT_DIR, 'garbage.jsonl'), out.join('\n'));
  return 'garbage.jsonl';
}

function provenance(results) {
  const md = [];
  md.push('# Codex CLI rollout fixtures: provenance');
  md.push('');
  md.push(`Made by \`node scripts/make-codex-fixtures.mjs\` on ${TODAY} with the real \`@openai/codex@${CODEX_VERSION}\` CLI (its`);
  md.push('native linux-x64 binary, from the npm optional dependency `@openai/codex-linux-x64`), run as `codex exec` against');
  md.push('`test/harness/fakeOpenAI.js` on 127.0.0.1 (a fake OpenAI Responses API that injects faults). Each scenario ran with a');
  md.push('throw-away HOME and CODEX_HOME and a small git project; the rollouts are copied from');
  md.push('`$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<local time>-<session uuid>.jsonl`. Each `<name>.stdout.txt` holds the command,');
  md.push('exit code, stdout, stderr (where `codex exec` prints its errors) and the requests the fake server saw.');
  md.push('');
  md.push('Scrubbing: only the throw-away folder prefix (`/tmp/sdcx<random>`) is removed, so paths read');
  md.push('`/home/dev/projects/demo-app`. Nothing else is changed. The model id (`gpt-5-codex`), usage numbers, response ids');
  md.push('(`resp_FAKE…`), item ids (`msg_FAKE…`, `fc_FAKE…`) and call ids (`call_FAKE…`) come from the fake server; session ids,');
  md.push("timestamps and everything else are the CLI's own. The project's `.env` holds fake secrets (`sk-proj-FAKE…`,");
  md.push('`ghp_FAKE…`) so that redaction of real tool output can be tested.');
  md.push('');
  md.push('Offline setup (what works with 0.169.0): `CODEX_HOME=<tmp>/home/dev/.codex`, `HOME=<tmp>/home/dev`,');
  md.push(`\`FAKE_OPENAI_KEY=${FAKE_KEY}\`, stdin closed, and this \`$CODEX_HOME/config.toml\` (port varies):`);
  md.push('');
  md.push('```toml');
  md.push(configToml('<port>').trimEnd());
  md.push('```');
  md.push('');
  md.push('No login is needed (`env_key` names the variable holding the key). Per-scenario `-c key=value` overrides are in the');
  md.push('commands below. `wire_api = "chat"` is refused by 0.169.0 ("no longer supported"), so only the Responses API is used.');
  md.push('Retries inside a turn (429, 5xx, dropped streams: `ERROR: Reconnecting... n/m` on stderr) are not written to the');
  md.push('rollout; the error that ends a turn is, in `event_msg` `task_complete` `error`. A request that never answers writes');
  md.push('nothing after the prompt until the process ends (Ctrl+C writes `turn_aborted`, a kill nothing); the `.stdout.txt` of');
  md.push('`hang_after_reply` and `hang_interrupted` list every file Codex left in `$CODEX_HOME`.');
  md.push('');
  md.push('| file | scenario | command | exit |');
  md.push('|---|---|---|---|');
  for (const r of results) {
    const cmd = r.runs.map((x) => `codex ${x.args.map(shellQuote).join(' ')}`.replace(/\|/g, '\\|')).join('<br>then ');
    const exit = r.runs
      .map((x) => (x.timedOut ? 'timeout' : x.interrupted ? `${x.code ?? x.signal} after Ctrl+C` : String(x.code)))
      .join(', ');
    const files = r.files.map((f) => `\`${f}\``).join('<br>');
    md.push(
      `| ${files}${r.files.some((f) => f.endsWith('.jsonl')) ? '' : '<br>(no rollout written)'} | ${r.sc.what.replace(/\|/g, '\\|')} | \`${cmd}\` | ${exit} |`,
    );
  }
  md.push('');
  md.push('## Made by hand with the interactive TUI (NOT by the script)');
  md.push('');
  md.push(`- \`tui_rate_limit.jsonl\`: the real Codex 0.169.0 TUI (\`codex 'Say hello'\` in a 160x50 tmux pane, the same CODEX_HOME`);
  md.push('  config as above with `request_max_retries = 1`, `stream_max_retries = 1`), against `node test/harness/fakeOpenAI.js');
  md.push('  --port <port> --scenario rate_limit_forever`; `Say hello` typed again at the first screen and the folder-trust');
  md.push(
    '  prompt answered with Enter; one turn ran. The TUI printed `■ exceeded retry limit, last status: 429 Too Many Requests` and wrote the same entries',
  );
  md.push('  as `codex exec` (one `task_complete` `error` per failed turn; `originator: "codex-tui"`). Scrubbing: the throw-away');
  md.push('  folders `/tmp/cxtui/proj` and `/tmp/cxtui/home` were replaced by `/home/dev/projects/demo-app` and `/home/dev`.');
  md.push('  The TUI starts a managed daemon (`$CODEX_HOME/packages/app-server-daemon/.../codex app-server`) that outlives it;');
  md.push('  end it by its PID after the run.');
  md.push('');
  md.push('## Hand-made bad input (NOT written by Codex)');
  md.push('');
  md.push('- `garbage.jsonl`: built by the same script from lines of the real `tool_use.jsonl` (its session_meta, a function call');
  md.push('  and its output), mixed with garbage: a non-JSON line, non-object JSON lines (`[1,2,3]`, a string, `null`), a cut');
  md.push('  JSON object, an empty line, `{}`, a payload that is not an object, a function_call without fields, control');
  md.push('  characters, and a half-written last line without a newline (as a rollout being written looks).');
  md.push('');
  return md.join('\n');
}

async function main() {
  const wanted = process.argv.slice(2);
  const list = wanted.length ? SCENARIOS.filter((s) => wanted.includes(s.name)) : SCENARIOS;
  if (wanted.length && list.length !== wanted.length) throw new Error(`unknown scenario in ${wanted.join(', ')}`);
  const bin = ensureCodex();
  log(`codex: ${bin}`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const results = [];
  for (const sc of list) results.push(await runScenario(bin, sc));
  if (!wanted.length) {
    makeGarbage();
    fs.writeFileSync(path.join(OUT_DIR, 'PROVENANCE.md'), provenance(results));
  }
  let total = 0;
  for (const f of fs.readdirSync(OUT_DIR)) total += fs.statSync(path.join(OUT_DIR, f)).size;
  log(`fixtures: ${OUT_DIR} (${(total / 1024).toFixed(1)} KB)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    process.stderr.write(`make-codex-fixtures: ${err.stack || err}\n`);
    process.exit(1);
  });
}
