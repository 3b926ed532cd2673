#!/usr/bin/env node
// Makes real Gemini CLI session files as test fixtures: installs @google/gemini-cli@0.61.0 into a cache folder outside
// the repo (~/.cache/session-doctor/gemini-cli-<version>), runs `gemini -p ... --yolo` offline against our fake Gemini
// API server (test/harness/fakeGemini.js) on 127.0.0.1 with a throw-away HOME, one scenario per run (happy path, tool
// use, tool loop, 429s, a daily quota, 401, 403, bad key, context too long, 500, 503, hang, dropped connection, malformed
// stream), and
// copies each session file ($HOME/.gemini/tmp/<project>/chats/session-*.jsonl) to test/fixtures/gemini/<scenario>.jsonl,
// with the CLI's output in <scenario>.stdout.txt and a PROVENANCE.md. Only the throw-away path prefix is scrubbed.
//
// How the CLI is pointed at the fake server (checked in the 0.61.0 bundle): GOOGLE_GEMINI_BASE_URL (read by
// @google/genai and by the CLI's content generator), GEMINI_API_KEY, settings.json `security.auth.selectedType:
// "gemini-api-key"`, GEMINI_CLI_TRUST_WORKSPACE=true (headless runs refuse untrusted folders), telemetry, usage
// statistics and update checks off in settings.json, `general.maxAttempts: 3` (retries per request), and
// GEMINI_CLI_NO_RELAUNCH=true (else the CLI re-spawns itself with a bigger heap, and a killed parent leaves it
// running). GEMINI_CLI_HOME would move ~/.gemini too; we set HOME instead.
//
// Usage: node scripts/make-gemini-fixtures.mjs [scenario ...]     (no argument: all scenarios)
// Env:   SESSION_DOCTOR_CACHE (default ~/.cache/session-doctor), KEEP_TMP=1 to keep the throw-away folders,
//        SESSION_DOCTOR_FIXTURES_OUT=<folder> to write the files there instead of test/fixtures/gemini (a trial run),
//        SESSION_DOCTOR_FIXTURE_TIMEOUT_MS=<ms> to give every run that time limit instead of its own.

import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CACHE, ensureNpmTool, runCollect } from './agents/npmTool.mjs';
import { writeDemoProject } from './agents/demoProject.mjs';
import { updateProvenanceRows } from './agents/provenance.mjs';

const require = createRequire(import.meta.url);
const { startFakeGemini, GEMINI_SETTINGS: SETTINGS, geminiCliEnv } = require('../test/harness/fakeGemini.js');

const GEMINI_VERSION = '0.61.0';
const MODEL = 'gemini-2.5-pro';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where the files go: test/fixtures/gemini, or SESSION_DOCTOR_FIXTURES_OUT (a trial run that leaves the fixtures alone). */
const OUT_DIR = process.env.SESSION_DOCTOR_FIXTURES_OUT
  ? path.resolve(process.env.SESSION_DOCTOR_FIXTURES_OUT)
  : path.join(REPO, 'test', 'fixtures', 'gemini');
const INSTALL_DIR = path.join(CACHE, `gemini-cli-${GEMINI_VERSION}`);
const FAKE_KEY = 'AIzaFAKEfixtureKEYnotREAL000000000000000';
const TODAY = new Date().toISOString().slice(0, 10);
/** Scenarios run at once (SESSION_DOCTOR_FIXTURE_JOBS, default: 2 per CPU). */
const PARALLEL = Number(process.env.SESSION_DOCTOR_FIXTURE_JOBS) || Math.max(2, 2 * os.cpus().length);
/** Raw terminal output of an interactive run: bytes kept from its start and from its end (bytes). */
const PTY_HEAD_BYTES = 16 * 1024;
const PTY_TAIL_BYTES = 24 * 1024;

const BASE = ['-m', MODEL, '--yolo'];

/** Scenarios. `script`: fake server steps for main requests (a name from fakeGemini SCENARIOS or an array). */
const SCENARIOS = [
  {
    name: 'happy',
    what: 'Happy path: one prompt, one text reply.',
    script: 'happy',
    prompt: 'Say hello and tell me if the project looks fine',
  },
  {
    name: 'tool_use',
    what: 'Tool-use turn: list_directory `.`, run_shell_command `cat .env` (fake secrets in the output), read_file `missing.txt` (fails), then text.',
    script: [
      { type: 'tool_call', name: 'list_directory', args: { dir_path: '.' } },
      { type: 'tool_call', name: 'run_shell_command', args: { command: 'cat .env', description: 'Show the environment file' } },
      { type: 'tool_call', name: 'read_file', args: { file_path: 'missing.txt' } },
      { type: 'text', text: 'The project has a package.json, a README and a src folder; missing.txt does not exist.' },
    ],
    prompt: 'Look around the project and show me .env and missing.txt',
  },
  {
    name: 'tool_loop',
    what: 'Repeated identical tool call loop: the model asks for list_directory `.` again and again; the CLI\'s own loop detection ends the turn after the 4th call ("System: Potential loop detected").',
    script: 'tool_loop',
    prompt: 'Find the config file',
  },
  {
    name: 'rate_limit_then_ok',
    what: '429 RESOURCE_EXHAUSTED (RetryInfo retryDelay 1s) twice, then a text reply (the CLI retries the same request).',
    script: ['429', '429', { type: 'text', text: 'Done after the rate limit cleared.' }],
    prompt: 'Say hello',
  },
  {
    name: 'rate_limit_forever',
    what: '429 RESOURCE_EXHAUSTED on every request (the CLI retries, then gives up).',
    script: 'rate_limit_forever',
    prompt: 'Say hello',
    timeoutMs: 150000,
  },
  {
    name: 'quota',
    what: '429 RESOURCE_EXHAUSTED of a used-up daily free-tier quota on every request ("Quota exceeded for metric: ..., limit: 50", QuotaFailure quotaId GenerateRequestsPerDayPerProjectPerModel-FreeTier, RetryInfo 43200s), as the real API words it.',
    script: 'quota',
    prompt: 'Say hello',
    timeoutMs: 150000,
  },
  { name: 'auth_401', what: '401 UNAUTHENTICATED on every request.', script: 'auth_401', prompt: 'Say hello' },
  { name: 'auth_403', what: '403 PERMISSION_DENIED on every request.', script: 'auth_403', prompt: 'Say hello' },
  {
    name: 'api_key_invalid',
    what: '400 INVALID_ARGUMENT "API key not valid. Please pass a valid API key." (API_KEY_INVALID), as the real API answers a bad key.',
    script: 'api_key_invalid',
    prompt: 'Say hello',
  },
  {
    name: 'context_too_long',
    what: '400 INVALID_ARGUMENT "The input token count (1290812) exceeds the maximum number of tokens allowed (1048576)."',
    script: 'context_too_long',
    prompt: 'Summarize the whole repository',
  },
  { name: 'server_500', what: '500 INTERNAL on every request.', script: 'server_500', prompt: 'Say hello', timeoutMs: 150000 },
  {
    name: 'overloaded_503',
    what: '503 UNAVAILABLE "The model is overloaded." on every request.',
    script: 'overloaded_503',
    prompt: 'Say hello',
    timeoutMs: 150000,
  },
  {
    name: 'hang',
    what: 'The server accepts the request and never answers; the run is killed after 40 s.',
    script: 'hang',
    prompt: 'Say hello',
    timeoutMs: 40000,
  },
  {
    name: 'dropped_connection',
    what: 'The server closes the connection without an answer on every request.',
    script: 'dropped_connection',
    prompt: 'Say hello',
    timeoutMs: 150000,
  },
  {
    name: 'stale_resume',
    what: '`gemini --resume <random uuid>` for a session that does not exist.',
    script: 'happy',
    prompt: 'Continue where we left off',
    extraArgs: ['--resume', '{{STALE_UUID}}'],
  },
  {
    name: 'malformed_stream',
    what: 'A 200 SSE stream whose second event is cut JSON, on every request.',
    script: 'malformed_stream',
    prompt: 'Say hello',
    timeoutMs: 150000,
  },
];

/**
 * The same faults in the interactive TUI (`gemini -i <prompt>` in a pseudo-terminal, as in a VS Code terminal): there
 * the CLI saves what it shows as `error` / `info` / `warning` messages in the session file, API errors included.
 */
const INTERACTIVE = [
  'happy',
  'tool_loop',
  'rate_limit_then_ok',
  'rate_limit_forever',
  'quota',
  'auth_401',
  'api_key_invalid',
  'context_too_long',
  'server_500',
  'overloaded_503',
  'dropped_connection',
  'malformed_stream',
  'hang',
];
for (const name of INTERACTIVE) {
  const sc = SCENARIOS.find((x) => x.name === name);
  SCENARIOS.push({
    ...sc,
    name: `interactive_${name}`,
    interactive: true,
    what: `Interactive TUI: ${sc.what}`,
    timeoutMs: name === 'hang' || name === 'tool_loop' ? 45000 : 90000,
  });
}

/**
 * Interactive runs that end otherwise: the hang with the TUI killed as it waits (no Escape: what the files hold while a
 * request hangs), and the daily quota's dialog answered "2. Stop".
 */
SCENARIOS.push(
  {
    ...SCENARIOS.find((x) => x.name === 'interactive_hang'),
    name: 'interactive_hang_killed',
    what: 'Interactive TUI: The server accepts the request and never answers; the TUI is killed (SIGKILL) after 45 s, with no Escape.',
    kill: true,
  },
  {
    ...SCENARIOS.find((x) => x.name === 'interactive_quota'),
    name: 'interactive_quota_stop',
    what: `${SCENARIOS.find((x) => x.name === 'interactive_quota').what} The dialog ("Usage limit reached", 1. Keep trying / 2. Stop) answered with Down and Enter (Stop).`,
    answer: { when: /Keep trying/, keys: ['\x1b[B', '\r'] },
    timeoutMs: 60000,
  },
);

function log(msg) {
  process.stderr.write(`[fixtures] ${msg}\n`);
}

function geminiBin(dir) {
  return path.join(dir, 'node_modules', '@google', 'gemini-cli', 'bundle', 'gemini.js');
}

function geminiWorks(bin) {
  if (!fs.existsSync(bin)) return false;
  const r = spawnSync(process.execPath, [bin, '--version'], {
    encoding: 'utf8',
    timeout: 60000,
    env: { ...process.env, GEMINI_CLI_NO_RELAUNCH: 'true' },
  });
  return r.status === 0 && r.stdout.includes(GEMINI_VERSION);
}

/** Installs the pinned Gemini CLI into the cache (once) and returns the path of its working `bundle/gemini.js`. */
export function ensureGemini() {
  return ensureNpmTool({
    name: 'gemini-cli',
    pkg: '@google/gemini-cli',
    version: GEMINI_VERSION,
    find: (dir) => (geminiWorks(geminiBin(dir)) ? geminiBin(dir) : undefined),
    log,
  });
}

/** A throw-away root holding home/dev (HOME, with .gemini/settings.json) and home/dev/projects/demo-app (cwd). */
function makeSandbox() {
  const root = path.join(os.tmpdir(), `sdgx${randomBytes(5).toString('hex')}`);
  const home = path.join(root, 'home', 'dev');
  const cwd = path.join(home, 'projects', 'demo-app');
  fs.mkdirSync(path.join(home, '.gemini'), { recursive: true });
  fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
  fs.writeFileSync(path.join(home, '.gemini', 'settings.json'), JSON.stringify(SETTINGS, null, 2) + '\n');
  writeDemoProject(cwd, { envKey: 'GEMINI_API_KEY=AIzaSyFAKEfixtureKEYnotREAL0123456789abc' });
  return { root, home, cwd };
}

function runGemini(bin, args, { root, home, cwd, url, timeoutMs }) {
  // Own process group (runCollect), so a timeout kills the CLI and anything it started.
  return runCollect(process.execPath, [bin, ...args], {
    cwd,
    timeoutMs,
    env: {
      PATH: process.env.PATH,
      HOME: home,
      USER: 'dev',
      LANG: 'C.UTF-8',
      TERM: 'dumb',
      SHELL: '/bin/bash',
      TMPDIR: path.join(root, 'tmp'),
      NO_COLOR: '1',
      ...geminiCliEnv(url, FAKE_KEY),
    },
  });
}

/**
 * A raw terminal capture cut to its first PTY_HEAD_BYTES and last PTY_TAIL_BYTES when longer, at line or redraw
 * boundaries (`\n`, `\r`), with a marker line between; `cutBytes` is how much was left out (0: nothing).
 */
function headAndTail(text) {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= PTY_HEAD_BYTES + PTY_TAIL_BYTES) return { text, cutBytes: 0 };
  const boundary = (from, dir) => {
    for (let i = from; i > 0 && i < buf.length; i += dir) if (buf[i] === 0x0a || buf[i] === 0x0d) return i;
    return from;
  };
  const headEnd = boundary(PTY_HEAD_BYTES, -1);
  const tailStart = boundary(buf.length - PTY_TAIL_BYTES, 1);
  const cutBytes = tailStart - headEnd;
  const marker = `\n[make-gemini-fixtures: ${cutBytes} bytes of redraws cut here]\n`;
  return { text: buf.subarray(0, headEnd).toString('utf8') + marker + buf.subarray(tailStart).toString('utf8'), cutBytes };
}

/** Removes the throw-away prefix, and writes the CLI's install folder (in stack traces) as `<cache>`. */
/** node-pty from the CLI's own install (an optional dependency of @google/gemini-cli). */
function loadPty() {
  return createRequire(path.join(INSTALL_DIR, 'package.json'))('@lydell/node-pty');
}

/** The last message record (`{id, type, ...}`) of the session file under `home`, and the file's mtime. */
function lastMessage(home) {
  const files = findSessionFiles(path.join(home, '.gemini', 'tmp'));
  if (files.length === 0) return { type: undefined, mtime: 0 };
  const lines = fs
    .readFileSync(files[0], 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{"id"'));
  let type;
  try {
    type = lines.length ? JSON.parse(lines[lines.length - 1]).type : undefined;
  } catch {
    type = undefined;
  }
  return { type, mtime: fs.statSync(files[0]).mtimeMs };
}

/**
 * Runs the TUI in a pseudo-terminal (120x40, xterm-256color). The turn is over when something answered the prompt (the
 * last message is not the user's) and neither the session file nor the server saw anything for 4 s, or at `timeoutMs`;
 * then Escape and `/quit`, and a kill if it is still running 8 s later.
 */
function runGeminiPty(bin, args, { root, home, cwd, url, timeoutMs }, server, sc = {}) {
  const pty = loadPty();
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = pty.spawn(process.execPath, [bin, ...args], {
      name: 'xterm-256color',
      cols: 120,
      rows: 40,
      cwd,
      env: {
        PATH: process.env.PATH,
        HOME: home,
        USER: 'dev',
        LANG: 'C.UTF-8',
        TERM: 'xterm-256color',
        SHELL: '/bin/bash',
        TMPDIR: path.join(root, 'tmp'),
        ...geminiCliEnv(url, FAKE_KEY),
      },
    });
    let stdout = '';
    let code = null;
    let exited = false;
    let answeredDialog = false;
    child.onData((d) => {
      stdout += d;
      // A scenario may answer a dialog once it shows (`sc.answer`: the screen text to wait for, the keys to type).
      if (sc.answer && !answeredDialog && sc.answer.when.test(stdout)) {
        answeredDialog = true;
        setTimeout(() => sc.answer.keys.forEach((k, i) => setTimeout(() => child.write(k), i * 700)), 1500);
      }
    });
    child.onExit((e) => {
      exited = true;
      code = e.exitCode;
    });
    let lastChange = Date.now();
    let seen = '';
    let timedOut = false;
    const poll = setInterval(() => {
      const m = lastMessage(home);
      const key = `${m.mtime}:${server.requests.length}`;
      if (key !== seen) {
        seen = key;
        lastChange = Date.now();
      }
      const answered = m.type !== undefined && m.type !== 'user';
      timedOut = Date.now() - t0 > timeoutMs;
      if ((answered && Date.now() - lastChange > 4000) || timedOut || exited) {
        clearInterval(poll);
        quit();
      }
    }, 500);
    const quit = async () => {
      const wait = (ms) => new Promise((r) => setTimeout(r, ms));
      // `sc.kill`: no Escape, no /quit: the TUI is killed as it waits (a terminal closed on it), its files as they were.
      if (!exited && !sc.kill) {
        child.write('\x1b');
        await wait(1000);
        child.write('/quit\r');
        for (let i = 0; i < 16 && !exited; i++) await wait(500);
      }
      if (!exited) {
        try {
          child.kill('SIGKILL');
        } catch {
          // already gone
        }
        await wait(500);
      }
      resolve({ code, signal: null, timedOut, stdout, stderr: '', ms: Date.now() - t0 });
    };
  });
}

function scrubber(root) {
  return (text) => text.split(root).join('').split(CACHE).join('<cache>');
}

function shellQuote(a) {
  return /^[A-Za-z0-9_./:=@,+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

function findSessionFiles(dir) {
  const out = [];
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findSessionFiles(p));
    else if (/^session-.*\.jsonl?$/.test(e.name) && p.includes(`${path.sep}chats${path.sep}`)) out.push(p);
  }
  return out;
}

async function runScenario(bin, sc) {
  const box = makeSandbox();
  const scrub = scrubber(box.root);
  const server = await startFakeGemini({ script: sc.script });
  const extra = (sc.extraArgs || []).map((a) => a.replace('{{STALE_UUID}}', randomUUID()));
  const args = sc.interactive ? [...BASE, ...extra, '-i', sc.prompt] : ['-p', sc.prompt, ...BASE, ...extra];
  let r;
  try {
    const opts = { ...box, url: server.url, timeoutMs: Number(process.env.SESSION_DOCTOR_FIXTURE_TIMEOUT_MS) || sc.timeoutMs || 120000 };
    r = sc.interactive ? await runGeminiPty(bin, args, opts, server, sc) : await runGemini(bin, args, opts);
    r.requests = server.requests.slice();
    log(
      `${sc.name}: gemini ${args.join(' ')} -> exit ${r.code}${r.signal ? ' ' + r.signal : ''} in ${r.ms} ms, ${r.requests.length} requests`,
    );
  } finally {
    await server.close();
  }
  const sessions = findSessionFiles(path.join(box.home, '.gemini', 'tmp'));
  const result = { sc, args, r, files: [] };
  if (sessions.length > 1) log(`${sc.name}: ${sessions.length} session files, keeping the largest`);
  fs.rmSync(path.join(OUT_DIR, `${sc.name}.jsonl`), { force: true });
  if (sessions.length > 0) {
    sessions.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
    fs.writeFileSync(path.join(OUT_DIR, `${sc.name}.jsonl`), scrub(fs.readFileSync(sessions[0], 'utf8')));
    result.files.push(`${sc.name}.jsonl`);
    result.sessionFile = scrub(sessions[0]);
  }
  // The CLI writes a JSON report of each API error it gives up on to $TMPDIR/gemini-client-error-*.json: keep the first.
  const reports = fs
    .readdirSync(path.join(box.root, 'tmp'))
    .filter((f) => /^gemini-client-error-.*\.json$/.test(f))
    .sort();
  fs.rmSync(path.join(OUT_DIR, `${sc.name}.client-error.json`), { force: true });
  if (reports.length > 0) {
    fs.writeFileSync(
      path.join(OUT_DIR, `${sc.name}.client-error.json`),
      scrub(fs.readFileSync(path.join(box.root, 'tmp', reports[0]), 'utf8')),
    );
    result.files.push(`${sc.name}.client-error.json`);
  }
  const lines = [];
  lines.push(`# Gemini CLI ${GEMINI_VERSION} against test/harness/fakeGemini.js, scenario "${sc.name}", ${TODAY}`);
  lines.push(`# ${sc.what}`);
  lines.push('');
  lines.push(`## gemini ${args.map(shellQuote).join(' ')}`);
  lines.push(
    `# exit code ${r.code}${r.signal ? `, signal ${r.signal}` : ''}${r.timedOut ? (sc.interactive ? ' (turn not over at the time limit)' : ' (killed: timeout)') : ''}, ${r.ms} ms`,
  );
  lines.push(`# session file: ${result.sessionFile ?? '(none written)'}`);
  if (sc.interactive) {
    // The raw terminal output (ANSI, TUI redraws), as a terminal reader sees it; then Escape and /quit were typed.
    // Long waits are mostly spinner redraws (hundreds of KB): a long screen keeps its start and its end.
    const { text: screen, cutBytes } = headAndTail(scrub(r.stdout));
    fs.writeFileSync(path.join(OUT_DIR, `${sc.name}.pty.txt`), screen);
    result.files.push(`${sc.name}.pty.txt`);
    lines.push(
      `--- terminal output: ${sc.name}.pty.txt (raw, 120x40 xterm-256color; Escape and /quit typed at the end${cutBytes ? `; ${cutBytes} bytes of redraws cut in the middle` : ''}) ---`,
    );
  } else {
    lines.push('--- stdout ---');
    lines.push(scrub(r.stdout).replace(/\n$/, ''));
    lines.push('--- stderr ---');
    lines.push(scrub(r.stderr).replace(/\n$/, ''));
  }
  lines.push('--- fake server requests ---');
  for (const q of r.requests) {
    const b = q.body || {};
    lines.push(`${q.method} ${q.path}${q.query || ''} tools=${isMain(b) ? 'yes' : 'no'} -> ${q.step ?? 'other'}`);
  }
  fs.writeFileSync(path.join(OUT_DIR, `${sc.name}.stdout.txt`), lines.join('\n') + '\n');
  result.files.push(`${sc.name}.stdout.txt`);
  if (!process.env.KEEP_TMP) fs.rmSync(box.root, { recursive: true, force: true });
  else log(`kept ${box.root}`);
  return result;
}

function isMain(b) {
  return Array.isArray(b.tools) && b.tools.some((t) => t && Array.isArray(t.functionDeclarations) && t.functionDeclarations.length > 0);
}

/** Hand-made bad input built from a real session file: valid lines mixed with garbage, a half-written last line. */
function makeGarbage() {
  const src = path.join(OUT_DIR, 'tool_use.jsonl');
  if (!fs.existsSync(src)) return null;
  const lines = fs
    .readFileSync(src, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  const keep = lines.filter((l) => !l.startsWith('{"$set"')).slice(0, 6);
  const out = [
    keep[0],
    'this is not json at all',
    keep[1],
    '[1,2,3]',
    '"just a string"',
    'null',
    '{"id":"broken","type":"gemini","content":',
    keep[2],
    '',
    '{}',
    '{"id":"x1","type":"gemini","content":42,"toolCalls":"not an array"}',
    '{"id":"x2","type":"user","content":{"not":"a list"}}',
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
  const cmd = `gemini ${x.args.map(shellQuote).join(' ')}`.replace(/\|/g, '\\|');
  const exit = x.r.timedOut ? 'killed (timeout)' : String(x.r.code);
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
  md.push('# Gemini CLI session fixtures: provenance');
  md.push('');
  md.push(`Made by \`node scripts/make-gemini-fixtures.mjs\` on ${TODAY} with the real \`@google/gemini-cli@${GEMINI_VERSION}\``);
  md.push('(the npm bundle, run with Node 20) in headless mode (`gemini -p <prompt> -m ' + MODEL + ' --yolo`) against');
  md.push('`test/harness/fakeGemini.js` on 127.0.0.1 (a fake Gemini API that injects faults). Each scenario ran with a');
  md.push('throw-away HOME and a small git project; the session files are copied from');
  md.push('`$HOME/.gemini/tmp/<project>/chats/session-<YYYY-MM-DDTHH-MM>-<first 8 of session id>.jsonl`');
  md.push('(Gemini CLI 0.61 writes JSONL: a metadata line, message records, `{"$set": ...}` updates; a message is written');
  md.push('again under the same `id` when its tokens or tool calls change).');
  md.push('');
  md.push('Scrubbing: only the throw-away folder prefix (`/tmp/sdgx<random>`) is removed, so paths read');
  md.push(
    "`/home/dev/projects/demo-app`, and the CLI's install folder in stack traces reads `<cache>`. Nothing else is changed. Model replies, usage numbers and response ids come from the",
  );
  md.push("fake server; session ids, message ids and timestamps are the CLI's own. The project `.env` holds fake secrets");
  md.push('(`AIzaSyFAKE…`, `ghp_FAKE…`) so that redaction of real tool output can be tested.');
  md.push('');
  md.push('Environment of every run: `HOME=<tmp>/home/dev`, `GOOGLE_GEMINI_BASE_URL=http://127.0.0.1:<port>`,');
  md.push(
    `\`GEMINI_API_KEY=${FAKE_KEY}\`, \`GEMINI_CLI_TRUST_WORKSPACE=true\`, \`GEMINI_CLI_NO_RELAUNCH=true\`, \`TERM=dumb\`, \`NO_COLOR=1\`; and`,
  );
  md.push('`$HOME/.gemini/settings.json`:');
  md.push('');
  md.push('```json');
  md.push(JSON.stringify(SETTINGS, null, 2));
  md.push('```');
  md.push('');
  md.push('What the files hold: Gemini CLI 0.61 does NOT save API errors in the session file. A failed turn leaves the');
  md.push('prompt only; the error is printed on stderr (kept in `<scenario>.stdout.txt`: "Attempt N failed ...", "Error when');
  md.push('talking to Gemini API ...") and written to a report `$TMPDIR/gemini-client-error-<where>-<time>.json`');
  md.push('(`{error:{message,stack}, context:[the request history]}`), kept as `<scenario>.client-error.json`.');
  md.push('');
  md.push("Interactive runs (`interactive_*`): the TUI ran in a pseudo-terminal (node-pty from the CLI's own install,");
  md.push('120x40, `TERM=xterm-256color`) with `gemini -m ' + MODEL + ' --yolo -i <prompt>`; when the turn was over (something');
  md.push('answered and nothing changed for 4 s, or at the time limit) the script typed Escape, then `/quit`. The TUI saves');
  md.push('what it shows as `error` / `info` / `warning` messages, API errors included. For 429, 500 and 503 on every request');
  md.push('and for the hang, the TUI retried on and on with only "Thinking... (esc to cancel, Ns)" on screen, and saved');
  md.push('nothing but "Request cancelled." after Escape. `<scenario>.pty.txt` is the raw terminal output (a long one keeps');
  md.push('its start and its end, with a marker line where redraws were cut).');
  md.push('');
  md.push('Two interactive runs end otherwise: `interactive_hang_killed` (the TUI killed with SIGKILL as it waited, no Escape: the');
  md.push('file as it is while a request hangs) and `interactive_quota_stop` (the daily quota\'s dialog answered Down, Enter: "2.');
  md.push('Stop"; the TUI then saves the error and writes a report). A trial re-run of `interactive_rate_limit_forever` and');
  md.push('`interactive_server_500` for 240 s (2026-12-01, not kept) sent 41 and 44 requests and wrote nothing more: no report,');
  md.push('`logs.json` with the prompt only, the session file ending at the prompt.');
  md.push('');
  md.push('| file | scenario | command | exit |');
  md.push('|---|---|---|---|');
  for (const x of results) md.push(provenanceRow(x));
  md.push('');
  md.push('## Hand-made bad input (NOT written by Gemini CLI)');
  md.push('');
  md.push('- `garbage.jsonl`: built by the same script from lines of the real `tool_use.jsonl`, mixed with garbage: a non-JSON');
  md.push('  line, non-object JSON lines (`[1,2,3]`, a string, `null`), a cut JSON object, an empty line, `{}`, a gemini');
  md.push('  message whose content is a number and whose toolCalls is not an array, a user message whose content is an object,');
  md.push('  control characters, and a half-written last line without a newline (as a file being written looks).');
  md.push('');
  return md.join('\n');
}

async function main() {
  const wanted = process.argv.slice(2);
  const list = wanted.length ? SCENARIOS.filter((s) => wanted.includes(s.name)) : SCENARIOS;
  if (wanted.length && list.length !== wanted.length) throw new Error(`unknown scenario in ${wanted.join(', ')}`);
  const bin = ensureGemini();
  log(`gemini: ${bin}`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  // Scenarios run in parallel (each has its own server and HOME), a few at a time: the CLI takes ~15 s of CPU to start.
  const results = new Array(list.length);
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const i = next++;
      results[i] = await runScenario(bin, list[i]);
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
  for (const f of fs.readdirSync(OUT_DIR)) total += fs.statSync(path.join(OUT_DIR, f)).size;
  log(`fixtures: ${OUT_DIR} (${(total / 1024).toFixed(1)} KB)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    process.stderr.write(`make-gemini-fixtures: ${err.stack || err}\n`);
    process.exit(1);
  });
}
