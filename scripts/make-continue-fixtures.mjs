#!/usr/bin/env node
// Makes real Continue CLI session files as test fixtures: installs @continuedev/cli@1.5.47 from npm into a cache folder
// outside the repo (~/.cache/session-doctor/continuedev-cli-<version>), runs `cn --config <file> -p --auto <prompt>`
// (headless) offline against our fake OpenAI server (test/harness/fakeOpenAI.js; the CLI's `openai` provider speaks the
// Responses API for gpt-5) with a throw-away HOME, one scenario per run, and keeps the session file it wrote
// (`~/.continue/sessions/<uuid>.json`, or `$CONTINUE_GLOBAL_DIR/sessions/`) with its output and the fake server's
// requests. See test/fixtures/continue/PROVENANCE.md.
//
// How the CLI is pointed at the fake server: a config.yaml (schema v1) with one model, `provider: openai`, `model:
// gpt-5`, `apiBase: <server>/v1`, a fake `apiKey`, passed with `--config`. No Continue Hub sign-in is needed.
//
// Scrubbing: only the throw-away folder prefix (/tmp/sdcn<random>) is removed, so paths read /home/dev/projects/demo-app;
// the fake key would read `<fake key>`.
//
// Usage: node scripts/make-continue-fixtures.mjs [scenario ...]     (no argument: all scenarios, and PROVENANCE.md)
//        node scripts/make-continue-fixtures.mjs tui_recipes  (the recovery recipes checked in the interactive TUI, in tmux)
//        node scripts/make-continue-fixtures.mjs tui_hang_long tui_happy_idle  (TUI captures for the hang watchdog: watchdog/)
// Env:   SESSION_DOCTOR_CACHE (default ~/.cache/session-doctor).

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CACHE, ensureNpmTool, runCollect } from './agents/npmTool.mjs';
import { TmuxTui, sleep } from './agents/tmuxTui.mjs';
import { writeDemoProject } from './agents/demoProject.mjs';

const require = createRequire(import.meta.url);
const { startFakeOpenAI, ERRORS } = require('../test/harness/fakeOpenAI.js');

// The quota fault is not among the fake server's errors: the real API's `insufficient_quota` 429, added for these runs only.
ERRORS.quota = {
  status: 429,
  type: 'insufficient_quota',
  code: 'insufficient_quota',
  message: 'You exceeded your current quota, please check your plan and billing details.',
};

const CN_VERSION = '1.5.47';
const MODEL = 'gpt-5';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where the files go: test/fixtures/continue, or SESSION_DOCTOR_FIXTURES_OUT (a trial run that leaves the fixtures alone). */
const OUT_DIR = process.env.SESSION_DOCTOR_FIXTURES_OUT
  ? path.resolve(process.env.SESSION_DOCTOR_FIXTURES_OUT)
  : path.join(REPO, 'test', 'fixtures', 'continue');
const FAKE_KEY = 'sk-FAKEcontinueFIXTUREkeyNOTREAL000000000';
const TODAY = new Date().toISOString().slice(0, 10);

const BASH_LS = { type: 'tool_call', name: 'Bash', args: { command: 'ls -la' } };

/** Scenarios. `script`: fake server steps for main requests (a name from fakeOpenAI SCENARIOS or an array). */
const SCENARIOS = [
  { name: 'happy', what: 'Happy path: one prompt, one text reply.', script: 'happy', prompt: 'Say hello' },
  {
    name: 'happy_global_dir',
    what: 'Happy path with CONTINUE_GLOBAL_DIR=<tmp>/cn-global: the session goes to that folder.',
    script: 'happy',
    prompt: 'Say hello',
    globalDir: true,
  },
  {
    name: 'tool_use',
    what: 'Tool-use turn: Bash `ls -la`, Read `missing.txt` (fails), Bash `cat .env` (fake secrets), then a text reply.',
    script: [
      BASH_LS,
      { type: 'tool_call', name: 'Read', args: { filepath: 'missing.txt' } },
      { type: 'tool_call', name: 'Bash', args: { command: 'cat .env' } },
      { type: 'text', text: 'The project has a README, package.json and src; missing.txt does not exist.' },
    ],
    prompt: 'Look around the project and show me .env and missing.txt',
  },
  {
    name: 'tool_loop',
    what: 'Repeated identical tool call loop: Bash `ls -la` 12 times in a row, then a text reply.',
    script: [...Array.from({ length: 12 }, () => BASH_LS), { type: 'text', text: 'I keep seeing the same listing; stopping here.' }],
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
    what: '429 rate_limit_exceeded on every request; the run is killed after 60 s.',
    script: 'rate_limit_forever',
    prompt: 'Say hello',
    timeoutMs: 60000,
  },
  { name: 'quota', what: '429 insufficient_quota on every request.', script: [{ type: 'quota' }], prompt: 'Say hello', timeoutMs: 60000 },
  { name: 'auth_401', what: '401 invalid_api_key on every request.', script: 'auth_401', prompt: 'Say hello' },
  {
    name: 'context_too_long',
    what: '400 context_length_exceeded on every request.',
    script: 'context_too_long',
    prompt: 'Summarize the repository',
    timeoutMs: 60000,
  },
  { name: 'server_500', what: '500 server_error on every request.', script: 'server_500', prompt: 'Say hello', timeoutMs: 60000 },
  {
    name: 'overloaded_503',
    what: '503 server_is_overloaded on every request.',
    script: 'overloaded_503',
    prompt: 'Say hello',
    timeoutMs: 60000,
  },
  {
    name: 'dropped_connection',
    what: 'A 200 stream that sends response.created and then closes the connection, on every request.',
    script: 'dropped',
    prompt: 'Say hello',
    timeoutMs: 60000,
  },
  {
    name: 'malformed_stream',
    what: 'A 200 stream whose data lines are broken JSON, on every request.',
    script: 'malformed',
    prompt: 'Say hello',
    timeoutMs: 60000,
  },
  {
    name: 'hang',
    what: 'The server accepts the request and never answers; the run is killed after 45 s.',
    script: 'hang',
    prompt: 'Say hello',
    timeoutMs: 45000,
  },
];

/**
 * Interactive (TUI) runs: `cn --config <file> '<prompt>'` in a 100x30 pseudo-terminal of `script(1)`, for `runMs`, then
 * Ctrl+C twice; the pty's bytes are kept as `<name>.raw` with script(1)'s timing log (`<name>.timing`), as
 * scripts/make-terminal-fixtures.mjs does, and the session file as `<name>.json`; in the `dir` subfolder when it has one.
 */
const TUI_SCENARIOS = [
  { name: 'tui_auth_401', what: 'TUI: 401 invalid_api_key on every request.', script: 'auth_401', prompt: 'Say hello', runMs: 15000 },
  {
    name: 'tui_rate_limit_forever',
    what: 'TUI: 429 rate_limit_exceeded on every request, for 40 s.',
    script: 'rate_limit_forever',
    prompt: 'Say hello',
    runMs: 40000,
  },
  {
    name: 'tui_hang',
    what: 'TUI: the server accepts the request and never answers, for 30 s.',
    script: 'hang',
    prompt: 'Say hello',
    runMs: 30000,
  },
  {
    name: 'tui_server_500',
    what: 'TUI: 500 server_error on every request, for 40 s.',
    script: 'server_500',
    prompt: 'Say hello',
    runMs: 40000,
  },
  {
    name: 'tui_overloaded_503',
    what: 'TUI: 503 overloaded on every request, for 40 s.',
    script: 'overloaded_503',
    prompt: 'Say hello',
    runMs: 40000,
  },
  {
    name: 'tui_context_too_long',
    what: 'TUI: 400 context_length_exceeded on every request, for 20 s.',
    script: 'context_too_long',
    prompt: 'Say hello',
    runMs: 20000,
  },
  {
    name: 'tui_dropped_connection',
    what: 'TUI: a 200 stream cut after response.created on every request, for 40 s.',
    script: 'dropped',
    prompt: 'Say hello',
    runMs: 40000,
  },
  {
    name: 'tui_malformed_stream',
    what: 'TUI: a 200 stream of broken JSON on every request, for 40 s.',
    script: 'malformed',
    prompt: 'Say hello',
    runMs: 40000,
  },
  // What the terminal source's hang watchdog reads, in a folder of their own (`dir`): the tests that list the main
  // folder's `tui_*` captures take each of those for a fault run.
  {
    name: 'tui_hang_long',
    what: "TUI: the server accepts the request and never answers, for 100 s (past the watchdog's smallest setting, 1 min).",
    script: 'hang',
    prompt: 'Say hello',
    runMs: 100000,
    dir: 'watchdog',
  },
  {
    name: 'tui_happy_idle',
    what: 'TUI: one prompt, one text reply, then the TUI left idle (its prompt box shown) for 90 s.',
    script: 'happy',
    prompt: 'Say hello',
    runMs: 90000,
    dir: 'watchdog',
  },
];

function log(msg) {
  process.stderr.write(`[fixtures] ${msg}\n`);
}

/** Installs the pinned Continue CLI into the cache (once) and returns its script. */
export function ensureContinueCli() {
  return ensureNpmTool({
    name: 'continuedev-cli',
    pkg: '@continuedev/cli',
    version: CN_VERSION,
    find: (dir) => {
      const bin = path.join(dir, 'node_modules', '@continuedev', 'cli', 'dist', 'cn.js');
      const r = spawnSync(process.execPath, [bin, '--version'], {
        encoding: 'utf8',
        timeout: 60000,
        env: { PATH: process.env.PATH, HOME: dir },
      });
      return r.status === 0 && `${r.stdout}${r.stderr}`.includes(CN_VERSION) ? bin : undefined;
    },
    log,
  });
}

/**
 * cn's config.yaml (schema v1) of every run: one OpenAI model at the fake server `url`; `key` and `model` default to
 * this script's. Also written by the e2e scenarios' helper test/e2e/continueCli.mjs (agents6, agents7).
 */
export function configYaml(url, key = FAKE_KEY, model = MODEL) {
  return [
    'name: fake',
    'version: 0.0.1',
    'schema: v1',
    'models:',
    '  - name: fake-gpt',
    '    provider: openai',
    `    model: ${model}`,
    `    apiBase: ${url}/v1`,
    `    apiKey: ${key}`,
    '    roles: [chat, edit, apply]',
    '    capabilities: [tool_use]',
    '',
  ].join('\n');
}

/** A throw-away root: home/dev (HOME) and home/dev/projects/demo-app (cwd, a git project); the config beside them. */
function makeSandbox(url) {
  const root = path.join(os.tmpdir(), `sdcn${randomBytes(5).toString('hex')}`);
  const home = path.join(root, 'home', 'dev');
  const cwd = path.join(home, 'projects', 'demo-app');
  fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
  fs.mkdirSync(home, { recursive: true });
  const config = path.join(root, 'config.yaml');
  fs.writeFileSync(config, configYaml(url));
  writeDemoProject(cwd, { envKey: 'OPENAI_API_KEY=sk-FAKEfixtureKEYnotREAL0123456789abcdef' });
  return { root, home, cwd, config, globalDir: path.join(root, 'cn-global') };
}

/** The environment of one run: nothing of the caller's but PATH (so no real key or proxy leaks in). */
function cnEnv(box, sc) {
  return {
    PATH: process.env.PATH,
    HOME: box.home,
    USER: 'dev',
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    SHELL: '/bin/bash',
    TMPDIR: path.join(box.root, 'tmp'),
    NO_COLOR: '1',
    ...(sc.globalDir ? { CONTINUE_GLOBAL_DIR: box.globalDir } : {}),
  };
}

function shellQuote(a) {
  return /^[A-Za-z0-9_./:=@,+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

async function runScenario(bin, sc) {
  const server = await startFakeOpenAI({ script: sc.script });
  const box = makeSandbox(server.url);
  const scrub = (text) => text.split(box.root).join('').split(CACHE).join('<cache>').split(FAKE_KEY).join('<fake key>');
  const args = ['--config', box.config, '-p', '--auto', sc.prompt];
  let r;
  try {
    r = await runCollect(process.execPath, [bin, ...args], { cwd: box.cwd, env: cnEnv(box, sc), timeoutMs: sc.timeoutMs || 120000 });
    r.requests = server.requests.slice();
    log(`${sc.name}: cn -p -> exit ${r.code}${r.signal ? ' ' + r.signal : ''} in ${r.ms} ms, ${r.requests.length} requests`);
  } finally {
    await server.close();
  }
  const sessions = path.join(sc.globalDir ? box.globalDir : path.join(box.home, '.continue'), 'sessions');
  const files = fs.existsSync(sessions) ? fs.readdirSync(sessions).filter((f) => /^[0-9a-f-]{36}\.json$/.test(f)) : [];
  for (const f of fs.readdirSync(OUT_DIR).filter((n) => n.startsWith(`${sc.name}.`))) {
    fs.rmSync(path.join(OUT_DIR, f), { force: true });
  }
  if (files.length > 1) {
    throw new Error(`${sc.name}: ${files.length} session files`);
  }
  if (files.length) {
    const text = fs.readFileSync(path.join(sessions, files[0]), 'utf8');
    if (text.includes(FAKE_KEY)) {
      throw new Error(`${sc.name}: the session file holds the fake key`);
    }
    fs.writeFileSync(path.join(OUT_DIR, `${sc.name}.json`), scrub(text));
  }
  // cn's own log (winston, level info): `<CONTINUE_GLOBAL_DIR or ~/.continue>/logs/cn.log`, kept as <scenario>.cn.log.
  const cnLog = path.join(sc.globalDir ? box.globalDir : path.join(box.home, '.continue'), 'logs', 'cn.log');
  if (fs.existsSync(cnLog)) {
    fs.writeFileSync(path.join(OUT_DIR, `${sc.name}.cn.log`), scrub(fs.readFileSync(cnLog, 'utf8')));
  }
  const tools = r.requests.find((q) => q.main)?.body?.tools?.map((t) => t.name ?? t.function?.name) ?? [];
  const out = [
    `# Continue CLI ${CN_VERSION} against test/harness/fakeOpenAI.js, scenario "${sc.name}", ${TODAY}`,
    `# ${sc.what}`,
    '',
    `## cn ${args.map((a) => (a === box.config ? '<config.yaml>' : shellQuote(a))).join(' ')}`,
    `# exit code ${r.code}${r.signal ? `, signal ${r.signal}` : ''}${r.timedOut ? ' (killed: timeout)' : ''}, ${r.ms} ms`,
    `# session file: ${files.length ? scrub(path.join(sessions, files[0])) : '(none)'}`,
    `# tools offered: ${tools.join(', ')}`,
    '--- stdout ---',
    scrub(r.stdout).replace(/\n$/, ''),
    '--- stderr ---',
    scrub(r.stderr).replace(/\n$/, ''),
    '--- fake server requests ---',
    ...r.requests.map(
      (q) => `${q.method} ${q.path} stream=${!!(q.body && q.body.stream)} main=${q.main ? 'yes' : 'no'} -> ${q.step ?? 'other'}`,
    ),
    '',
  ];
  fs.writeFileSync(path.join(OUT_DIR, `${sc.name}.stdout.txt`), out.join('\n'));
  fs.rmSync(box.root, { recursive: true, force: true });
  return { sc, r, file: files.length ? `${sc.name}.json` : '(none)' };
}

function q(a) {
  return `'${a.replace(/'/g, `'\\''`)}'`;
}

async function runTuiScenario(bin, sc) {
  const outDir = sc.dir ? path.join(OUT_DIR, sc.dir) : OUT_DIR;
  fs.mkdirSync(outDir, { recursive: true });
  const server = await startFakeOpenAI({ script: sc.script });
  const box = makeSandbox(server.url);
  const rawFile = path.join(box.root, 'out.raw');
  const timingFile = path.join(box.root, 'out.timing');
  const inner = `stty cols 100 rows 30; exec ${q(process.execPath)} ${q(bin)} --config ${q(box.config)} ${q(sc.prompt)}`;
  const child = spawn('script', ['-qfe', '-T', timingFile, '-c', inner, rawFile], {
    cwd: box.cwd,
    stdio: ['pipe', 'ignore', 'inherit'],
    env: { ...cnEnv(box, sc), TERM: 'xterm-256color', NO_COLOR: undefined },
  });
  await new Promise((r) => setTimeout(r, sc.runMs));
  child.stdin.write('\x03');
  await new Promise((r) => setTimeout(r, 500));
  child.stdin.write('\x03');
  const closed = new Promise((r) => child.on('close', r));
  const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await closed;
  clearTimeout(killer);
  const requests = server.requests.slice();
  await server.close();
  let text = fs.readFileSync(rawFile).toString('latin1');
  const header = /^Script started[^\n]*\n/.exec(text)?.[0] ?? '';
  const timing = fs.readFileSync(timingFile, 'utf8').trim().split('\n');
  const total = timing.reduce((n, l) => n + Number(l.split(' ')[1] || 0), 0);
  text = text.slice(header.length, header.length + total);
  // The throw-away prefix becomes a placeholder of the same length, so the timing's byte counts stay right.
  text = text.split(box.root).join('/tmp/' + 'x'.repeat(box.root.length - 5));
  if (text.includes(FAKE_KEY)) {
    throw new Error(`${sc.name}: the output holds the fake key`);
  }
  for (const f of fs.readdirSync(outDir).filter((n) => n.startsWith(`${sc.name}.`))) {
    fs.rmSync(path.join(outDir, f), { force: true });
  }
  fs.writeFileSync(path.join(outDir, `${sc.name}.raw`), Buffer.from(text, 'latin1'));
  fs.writeFileSync(path.join(outDir, `${sc.name}.timing`), timing.join('\n') + '\n');
  const sessions = path.join(box.home, '.continue', 'sessions');
  const files = fs.existsSync(sessions) ? fs.readdirSync(sessions).filter((f) => /^[0-9a-f-]{36}\.json$/.test(f)) : [];
  if (files.length === 1) {
    const json = fs.readFileSync(path.join(sessions, files[0]), 'utf8');
    fs.writeFileSync(path.join(outDir, `${sc.name}.json`), json.split(box.root).join('').split(FAKE_KEY).join('<fake key>'));
  }
  const cnLog = path.join(box.home, '.continue', 'logs', 'cn.log');
  if (fs.existsSync(cnLog)) {
    fs.writeFileSync(
      path.join(outDir, `${sc.name}.cn.log`),
      fs.readFileSync(cnLog, 'utf8').split(box.root).join('').split(FAKE_KEY).join('<fake key>'),
    );
  }
  const out = [
    `# Continue CLI ${CN_VERSION} (interactive, in script(1), 100x30) against test/harness/fakeOpenAI.js, scenario "${sc.name}", ${TODAY}`,
    `# ${sc.what}`,
    '',
    `## cn --config <config.yaml> ${q(sc.prompt)}; Ctrl+C twice after ${sc.runMs} ms`,
    `# session file: ${files.length === 1 ? path.join('/home/dev/.continue/sessions', files[0]) : '(none)'}`,
    `# output: ${sc.name}.raw (${Buffer.byteLength(text, 'latin1')} bytes), ${sc.name}.timing`,
    '--- fake server requests ---',
    ...requests.map(
      (r) => `${r.method} ${r.path} stream=${!!(r.body && r.body.stream)} main=${r.main ? 'yes' : 'no'} -> ${r.step ?? 'other'}`,
    ),
    '',
  ];
  fs.writeFileSync(path.join(outDir, `${sc.name}.stdout.txt`), out.join('\n'));
  fs.rmSync(box.root, { recursive: true, force: true });
  log(`${sc.name}: ${requests.length} requests, ${text.length} bytes of output, session file: ${files.length === 1 ? 'yes' : 'none'}`);
  return { sc, r: { code: 'Ctrl+C' }, file: files.length === 1 ? `${sc.name}.json` : '(none)' };
}

function provenance(results) {
  const md = [
    '# Continue CLI session fixtures: provenance',
    '',
    `Made by \`node scripts/make-continue-fixtures.mjs\` on ${TODAY} with the real \`@continuedev/cli@${CN_VERSION}\` from npm`,
    `(Apache-2.0), run with Node ${process.versions.node}: \`cn --config <config.yaml> -p --auto <prompt>\` (headless: one prompt,`,
    'the answer on stdout, every tool allowed, then exit) against `test/harness/fakeOpenAI.js` on 127.0.0.1. The config',
    `holds one model (\`provider: openai\`, \`model: ${MODEL}\`, \`apiBase: <server>/v1\`, a fake key); the CLI then speaks the`,
    'Responses API (`POST /v1/responses`). No Continue Hub sign-in. Each scenario ran with a throw-away HOME and a small git',
    'project; `<scenario>.json` is the session file the CLI wrote (`~/.continue/sessions/<uuid>.json`; with',
    '`CONTINUE_GLOBAL_DIR`, `<dir>/sessions/`); `<scenario>.stdout.txt` holds the command, its exit, its output, the tools',
    "offered and the fake server's requests.",
    '',
    'In headless mode the CLI writes the session file only when the turn ends with an answer: a run that fails (an API',
    'error it gives up on, or one it retries until it is killed) leaves no session file; its error is on stderr only.',
    '',
    'Scrubbing: only the throw-away folder prefix (`/tmp/sdcn<random>`) is removed, so paths read `/home/dev/projects/demo-app`;',
    'the fake key would read `<fake key>`. Nothing else is changed. Model replies and usage come from the fake server; ids are',
    "the CLI's own. The project `.env` holds fake secrets (`sk-FAKE…`, `ghp_FAKE…`). The `quota` fault (429",
    "`insufficient_quota`) is added to the fake server's errors by the script.",
    '',
    '| files | scenario | exit | session file |',
    '|---|---|---|---|',
    ...results.map(
      (x) =>
        `| ${x.file === '(none)' ? '' : `\`${x.file}\`<br>`}\`${x.sc.name}.stdout.txt\` | ${x.sc.what.replace(/\|/g, '\\|')} | ${x.r.timedOut ? 'killed (timeout)' : String(x.r.code)} | ${x.file === '(none)' ? 'none' : 'yes'} |`,
    ),
    '',
  ];
  return md.join('\n');
}

/**
 * The recovery recipes checked against the interactive TUI (`tui_recipes`): `cn --config <file>` in a 140x40 tmux pane,
 * offline against the fake server, driven as Session Doctor's recovery runner would (text in one write, Enter 300 ms
 * later, keys as their bytes). Each step's keys and the screen after it go to tui_recipes.screens.txt; the first
 * session's file (after its compaction) to tui_recipes.json, the session `--fork` made from it to tui_recipes_fork.json.
 */
const TUI_RECIPES_SCRIPT = [
  { type: 'text', text: 'Hello one.' },
  { type: 'hang' },
  { type: 'text', text: 'Summary: the user said hello, then asked a second question that was interrupted.' },
  { type: 'text', text: 'Reply after the compaction.' },
  { type: 'text', text: 'Reply in the cleared session.' },
  { type: 'text', text: 'Reply after the fork.' },
  { type: 'hang' },
  { type: 'text', text: 'Reply in a fresh session.' },
];

async function runTuiRecipes(bin) {
  const server = await startFakeOpenAI({ script: TUI_RECIPES_SCRIPT });
  const box = makeSandbox(server.url);
  const scrub = (text) =>
    text
      .split(box.root)
      .join('')
      .split(CACHE)
      .join('<cache>')
      .split(FAKE_KEY)
      .join('<fake key>')
      .split(server.url)
      .join('http://127.0.0.1:<port>');
  const env = { ...cnEnv(box, {}), TERM: 'xterm-256color' };
  delete env.NO_COLOR;
  const tui = new TmuxTui({ name: `sdcn-${randomBytes(3).toString('hex')}`, scratch: path.join(box.root, 'tmp') });
  const steps = [];
  const READY = /Ask anything/;
  const WORKING = /esc to interrupt/;
  const record = (step, sent, screen) => {
    steps.push({ step, sent, screen: scrub(screen) });
    log(`tui_recipes: ${step}: ${sent}`);
  };
  const dir = path.join(box.home, '.continue', 'sessions');
  const sessions = () => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^[0-9a-f-]{36}\.json$/.test(f)) : []);
  const cn = (...args) => [process.execPath, bin, '--config', box.config, ...args];
  // Text typed right after a reply lands while the TUI still finishes the turn: its Enter becomes a newline in the box.
  // So each prompt waits 1.5 s first (the recovery runner acts on a session that has been quiet far longer).
  const submit = async (text) => {
    await sleep(1500);
    await tui.submit(text);
  };
  const endTwice = async () => {
    tui.key('ctrl-c');
    await sleep(300);
    tui.key('ctrl-c');
    return tui.waitDead(10000);
  };
  try {
    tui.start(cn(), { cwd: box.cwd, env });
    record('start', '`cn --config <config.yaml>`', await tui.waitFor(READY, 90000));
    // The prompt box shows before its keys are bound: an Enter in the first moments is a newline in the box.
    await sleep(3000);

    await submit('Say hello');
    record('prompt', '`Say hello` Enter', await tui.waitFor(/Hello one\./));
    const first = sessions();
    if (first.length !== 1) throw new Error(`tui_recipes: ${first.length} session files after the first prompt`);

    await submit('Second question');
    await tui.waitFor(WORKING);
    await sleep(2000);
    tui.key('escape');
    record('interrupt with Escape', 'while the request hangs: Escape', await tui.waitFor(/Interrupted by user/, 10000));

    await submit('/compact');
    record('compact', '`/compact` Enter', await tui.waitFor(/compacted successfully/, 30000));
    await submit('Third question');
    record('prompt after compact', '`Third question` Enter', await tui.waitFor(/Reply after the compaction\./));

    await submit('/clear');
    record('clear', '`/clear` Enter', await tui.waitFor(/Chat history cleared/, 15000));
    await submit('Question in the cleared session');
    const inCleared = await tui.waitFor(/Reply in the cleared session\./);
    record(
      'prompt after clear',
      `\`Question in the cleared session\` Enter; session files: ${sessions().length} (were ${first.length})`,
      inCleared,
    );

    const endedIdle = await endTwice();
    record('end when idle', `Ctrl+C, 300 ms, Ctrl+C: ${endedIdle ? 'exited' : 'still running after 10 s'}`, tui.screen());

    const id = first[0].slice(0, -'.json'.length);
    const before = new Set(sessions());
    tui.start(cn('--fork', id), { cwd: box.cwd, env });
    record('resume', `\`cn --fork <first session id>\` (${id})`, await tui.waitFor(/Reply after the compaction\./, 90000));
    await sleep(3000);
    await submit('After fork');
    const forkScreen = await tui.waitFor(/Reply after the fork\./);
    const forked = sessions().filter((f) => !before.has(f));
    record('prompt after resume', `\`After fork\` Enter; new session files: ${forked.length}`, forkScreen);

    await submit('Hang again');
    await tui.waitFor(WORKING);
    await sleep(2000);
    const endedWorking = await endTwice();
    record(
      'end while working',
      `Ctrl+C, 300 ms, Ctrl+C while the request hangs: ${endedWorking ? 'exited' : 'still running after 10 s'}`,
      tui.screen(),
    );

    tui.start(cn(), { cwd: box.cwd, env });
    await tui.waitFor(READY, 90000);
    await sleep(3000);
    await submit('Fresh question');
    record('fresh', '`cn --config <config.yaml>`, then `Fresh question` Enter', await tui.waitFor(/Reply in a fresh session\./));
    await endTwice();

    const keep = (file, name) => {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      if (text.includes(FAKE_KEY)) throw new Error(`tui_recipes: ${file} holds the fake key`);
      fs.writeFileSync(path.join(OUT_DIR, name), scrub(text));
    };
    keep(first[0], 'tui_recipes.json');
    if (forked.length === 1) keep(forked[0], 'tui_recipes_fork.json');
    const out = [
      `# Continue CLI ${CN_VERSION} interactive TUI (tmux pane 140x40, TERM=xterm-256color) against test/harness/fakeOpenAI.js, ${TODAY}`,
      '# Recovery recipes checked step by step: what was sent, then the screen after it (its last 24 lines that are not blank).',
      `# Session files at the end: ${sessions().length}; the first session (after its compaction) is tui_recipes.json, its fork tui_recipes_fork.json.`,
      '--- fake server requests ---',
      ...server.requests.map((r) => `${r.method} ${r.path} main=${r.main ? 'yes' : 'no'} -> ${r.step ?? 'other'}`),
    ];
    for (const x of steps) {
      const lines = x.screen.split('\n').filter((l) => l.trim() !== '' && !/^[\s█╗╔╝╚║═]+$/.test(l));
      out.push('', `## ${x.step}: ${x.sent}`, ...lines.slice(-24));
    }
    fs.writeFileSync(path.join(OUT_DIR, 'tui_recipes.screens.txt'), out.join('\n') + '\n');
  } finally {
    tui.close();
    await server.close();
    if (!process.env.KEEP_TMP) fs.rmSync(box.root, { recursive: true, force: true });
    else log(`kept ${box.root}`);
  }
}

async function main() {
  const wanted = process.argv.slice(2);
  if (wanted.length === 1 && wanted[0] === 'tui_recipes') {
    fs.mkdirSync(OUT_DIR, { recursive: true });
    await runTuiRecipes(ensureContinueCli());
    return;
  }
  const list = wanted.length ? [...SCENARIOS, ...TUI_SCENARIOS].filter((s) => wanted.includes(s.name)) : SCENARIOS;
  if (wanted.length && list.length !== wanted.length) {
    throw new Error(`unknown scenario in ${wanted.join(', ')}`);
  }
  const bin = ensureContinueCli();
  log(`cn: ${bin}`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const results = [];
  for (const sc of list) {
    results.push(await (TUI_SCENARIOS.includes(sc) ? runTuiScenario(bin, sc) : runScenario(bin, sc)));
  }
  if (!wanted.length) {
    fs.writeFileSync(path.join(OUT_DIR, 'PROVENANCE.md'), provenance(results));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    process.stderr.write(`make-continue-fixtures: ${err.stack || err}\n`);
    process.exit(1);
  });
}
