#!/usr/bin/env node
// Makes real GitHub Copilot CLI session files as test fixtures: installs @github/copilot@1.0.102 from npm into a cache
// folder outside the repo (~/.cache/session-doctor/copilot-<version>), runs `copilot -p <prompt> --allow-all-tools`
// offline against our fake OpenAI server (test/harness/fakeOpenAI.js, Chat Completions) with a throw-away HOME, one
// scenario per run, and keeps the session's event log (`~/.copilot/session-state/<session id>/events.jsonl`) and the
// run's output with the fake server's requests. See test/fixtures/copilot/PROVENANCE.md.
//
// How the CLI is pointed at the fake server (its "bring your own key" mode, `copilot help providers`): the environment
// variables COPILOT_PROVIDER_BASE_URL=<server>/v1 (type `openai`, the default), COPILOT_PROVIDER_API_KEY (a fake key),
// COPILOT_MODEL=gpt-5, and COPILOT_OFFLINE=true (no GitHub sign-in, no call to GitHub's servers).
//
// Scrubbing: only the throw-away folder prefix (/tmp/sdcp<random>) is removed, so paths read /home/dev/projects/demo-app;
// the fake key would read `<fake key>`.
//
// Usage: node scripts/make-copilot-fixtures.mjs [scenario ...]     (no argument: all scenarios, and PROVENANCE.md)
//        node scripts/make-copilot-fixtures.mjs tui_recipes  (the recovery recipes checked in the interactive TUI, in tmux)
// Env:   SESSION_DOCTOR_CACHE (default ~/.cache/session-doctor).

import { spawnSync } from 'node:child_process';
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
const { startFakeOpenAI } = require('../test/harness/fakeOpenAI.js');

const COPILOT_VERSION = '1.0.102';
const MODEL = 'gpt-5';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(REPO, 'test', 'fixtures', 'copilot');
const FAKE_KEY = 'sk-FAKEcopilotFIXTUREkeyNOTREAL0000000000';
const TODAY = new Date().toISOString().slice(0, 10);

/** Copilot CLI's shell tool: `bash` with a string command. */
const BASH_LS = { type: 'tool_call', name: 'bash', args: { command: 'ls -la', description: 'List files' } };

/** Scenarios. `script`: fake server steps for main requests (a name from fakeOpenAI SCENARIOS or an array). */
const SCENARIOS = [
  { name: 'happy', what: 'Happy path: one prompt, one text reply.', script: 'happy', prompt: 'Say hello' },
  {
    name: 'tool_loop',
    what: 'Repeated identical tool call loop: bash `ls -la` 8 times in a row, then a text reply.',
    script: [...Array.from({ length: 8 }, () => BASH_LS), { type: 'text', text: 'I keep seeing the same listing; stopping here.' }],
    prompt: 'Find the config file',
  },
  {
    name: 'rate_limit_then_ok',
    what: '429 (retry-after 1 s) three times, then a text reply.',
    script: 'rate_limit_then_ok',
    prompt: 'Say hello',
  },
  { name: 'rate_limit_forever', what: '429 rate_limit_exceeded on every request.', script: 'rate_limit_forever', prompt: 'Say hello' },
  { name: 'auth_401', what: '401 invalid_api_key on every request.', script: 'auth_401', prompt: 'Say hello' },
  {
    name: 'context_too_long',
    what: '400 context_length_exceeded on every request.',
    script: 'context_too_long',
    prompt: 'Summarize the repository',
  },
  { name: 'server_500', what: '500 server_error on every request.', script: 'server_500', prompt: 'Say hello' },
  { name: 'overloaded_503', what: '503 server_is_overloaded on every request.', script: 'overloaded_503', prompt: 'Say hello' },
  {
    name: 'dropped_connection',
    what: 'A 200 stream that sends one chunk and then closes the connection, on every request.',
    script: 'dropped',
    prompt: 'Say hello',
  },
  {
    name: 'malformed_stream',
    what: 'A 200 stream whose data line is cut JSON, on every request.',
    script: 'malformed',
    prompt: 'Say hello',
  },
  {
    name: 'hang',
    what: 'The server accepts the request and never answers; the run is killed after 60 s.',
    script: 'hang',
    prompt: 'Say hello',
    timeoutMs: 60000,
  },
];

function log(msg) {
  process.stderr.write(`[fixtures] ${msg}\n`);
}

/** Installs the pinned Copilot CLI into the cache (once) and returns its launcher (a Node script). */
export function ensureCopilot() {
  return ensureNpmTool({
    name: 'copilot',
    pkg: '@github/copilot',
    version: COPILOT_VERSION,
    find: (dir) => {
      const bin = path.join(dir, 'node_modules', '@github', 'copilot', 'npm-loader.js');
      const r = spawnSync(process.execPath, [bin, '--version'], {
        encoding: 'utf8',
        timeout: 60000,
        env: { PATH: process.env.PATH, HOME: dir },
      });
      return r.status === 0 && `${r.stdout}${r.stderr}`.includes(COPILOT_VERSION) ? bin : undefined;
    },
    log,
  });
}

/** The environment of one run: nothing of the caller's but PATH (so no real token or proxy leaks in). */
export function copilotEnv(home, url, tmp) {
  return {
    PATH: process.env.PATH,
    HOME: home,
    USER: 'dev',
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    SHELL: '/bin/bash',
    ...(tmp ? { TMPDIR: tmp } : {}),
    NO_COLOR: '1',
    COPILOT_OFFLINE: 'true',
    COPILOT_PROVIDER_BASE_URL: `${url}/v1`,
    COPILOT_PROVIDER_API_KEY: FAKE_KEY,
    COPILOT_MODEL: MODEL,
  };
}

/** A throw-away root: home/dev (HOME) and home/dev/projects/demo-app (cwd, a git project). */
function makeSandbox() {
  const root = path.join(os.tmpdir(), `sdcp${randomBytes(5).toString('hex')}`);
  const home = path.join(root, 'home', 'dev');
  const cwd = path.join(home, 'projects', 'demo-app');
  fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
  writeDemoProject(cwd);
  return { root, home, cwd };
}

function walk(dir) {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

function shellQuote(a) {
  return /^[A-Za-z0-9_./:=@,+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

async function runScenario(bin, sc) {
  const server = await startFakeOpenAI({ script: sc.script });
  const box = makeSandbox();
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
  const args = ['-p', sc.prompt, '--allow-all-tools'];
  let r;
  try {
    r = await runCollect(process.execPath, [bin, ...args], {
      cwd: box.cwd,
      env: copilotEnv(box.home, server.url, path.join(box.root, 'tmp')),
      timeoutMs: sc.timeoutMs || 180000,
    });
    r.requests = server.requests.slice();
    log(
      `${sc.name}: copilot ${args.join(' ')} -> exit ${r.code}${r.signal ? ' ' + r.signal : ''} in ${r.ms} ms, ${r.requests.length} requests`,
    );
  } finally {
    await server.close();
  }
  const files = walk(path.join(box.home, '.copilot', 'session-state')).filter((f) => path.basename(f) === 'events.jsonl');
  for (const f of fs.readdirSync(OUT_DIR).filter((n) => n.startsWith(`${sc.name}.`))) {
    fs.rmSync(path.join(OUT_DIR, f), { force: true });
  }
  if (files.length !== 1) {
    fs.rmSync(box.root, { recursive: true, force: true });
    throw new Error(`${sc.name}: ${files.length} session event logs`);
  }
  const text = fs.readFileSync(files[0], 'utf8');
  if (text.includes(FAKE_KEY)) {
    throw new Error(`${sc.name}: the event log holds the fake key`);
  }
  fs.writeFileSync(path.join(OUT_DIR, `${sc.name}.events.jsonl`), scrub(text));
  const out = [
    `# GitHub Copilot CLI ${COPILOT_VERSION} against test/harness/fakeOpenAI.js, scenario "${sc.name}", ${TODAY}`,
    `# ${sc.what}`,
    '',
    `## copilot ${args.map(shellQuote).join(' ')}`,
    `# exit code ${r.code}${r.signal ? `, signal ${r.signal}` : ''}${r.timedOut ? ' (killed: timeout)' : ''}, ${r.ms} ms`,
    `# event log: ${scrub(files[0])}`,
    '--- stdout ---',
    scrub(r.stdout).replace(/\n$/, ''),
    '--- stderr ---',
    scrub(r.stderr).replace(/\n$/, ''),
    '--- fake server requests ---',
    ...r.requests.map(
      (q) =>
        `${q.method} ${q.path}${q.query || ''} stream=${!!(q.body && q.body.stream)} main=${q.main ? 'yes' : 'no'} -> ${q.step ?? 'other'}`,
    ),
    '',
  ];
  fs.writeFileSync(path.join(OUT_DIR, `${sc.name}.stdout.txt`), out.join('\n'));
  fs.rmSync(box.root, { recursive: true, force: true });
  return { sc, args, r, file: path.relative(box.home, files[0]) };
}

/**
 * The recovery recipes checked against the interactive TUI (`tui_recipes`): `copilot` in a 140x40 tmux pane, offline
 * against the fake server, driven as Session Doctor's recovery runner would (text in one write, Enter 300 ms later,
 * keys as their bytes). Each step's sent keys and the screen after it go to tui_recipes.screens.txt; the first
 * session's event log (prompts, the interrupt, the compaction, the resumed turn) to tui_recipes.events.jsonl.
 */
const TUI_SCRIPT = [
  { type: 'text', text: 'Hello one.' },
  { type: 'hang' },
  { type: 'text', text: 'Summary: the user said hello, then asked a second question that was cancelled.' },
  { type: 'text', text: 'Reply after the compaction.' },
  { type: 'text', text: 'Reply in the cleared session.' },
  { type: 'text', text: 'Reply after the resume.' },
  { type: 'hang' },
  { type: 'text', text: 'Reply in a fresh session.' },
];

async function runTuiRecipes(bin) {
  const server = await startFakeOpenAI({ script: TUI_SCRIPT });
  const box = makeSandbox();
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
  const env = { ...copilotEnv(box.home, server.url, path.join(box.root, 'tmp')), TERM: 'xterm-256color' };
  delete env.NO_COLOR;
  const tui = new TmuxTui({ name: `sdcp-${randomBytes(3).toString('hex')}`, scratch: path.join(box.root, 'tmp') });
  const steps = [];
  const READY = /\? help/;
  const record = (step, sent, screen) => {
    steps.push({ step, sent, screen: scrub(screen) });
    log(`tui_recipes: ${step}: ${sent}`);
  };
  const stateDir = path.join(box.home, '.copilot', 'session-state');
  const sessions = () => (fs.existsSync(stateDir) ? fs.readdirSync(stateDir) : []);
  try {
    tui.start([process.execPath, bin], { cwd: box.cwd, env });
    await tui.waitFor(/Do you trust the files in this folder/, 90000);
    tui.type('2');
    await tui.waitFor(READY, 30000);
    record('start', '`copilot`; folder trust answered `2` (remember)', tui.screen());

    await tui.submit('Say hello');
    record('prompt', '`Say hello` Enter', await tui.waitFor(/Hello one\./));
    const first = sessions();

    await tui.submit('Second question');
    await tui.waitFor(/Working/);
    await sleep(2000);
    tui.key('escape');
    await sleep(3000);
    record('interrupt with Escape', 'while the request hangs: Escape, then 3 s', tui.screen());
    tui.key('ctrl-c');
    record('interrupt with Ctrl+C', 'Ctrl+C', await tui.waitFor(/Operation cancelled by user/, 10000));

    await tui.submit('/compact');
    record('compact', '`/compact` Enter', await tui.waitFor(/Compaction completed/, 30000));
    await tui.submit('Third question');
    record('prompt after compact', '`Third question` Enter', await tui.waitFor(/Reply after the compaction\./));

    await tui.submit('/clear');
    record('clear', '`/clear` Enter', await tui.waitFor(/Started a fresh session/, 15000));
    await tui.submit('Question in the cleared session');
    const inCleared = await tui.waitFor(/Reply in the cleared session\./);
    record(
      'prompt after clear',
      `\`Question in the cleared session\` Enter; session folders: ${sessions().length} (were ${first.length})`,
      inCleared,
    );

    tui.key('ctrl-c');
    await sleep(300);
    tui.key('ctrl-c');
    const endedIdle = await tui.waitDead(10000);
    record('end when idle', `Ctrl+C, 300 ms, Ctrl+C: ${endedIdle ? 'exited' : 'still running after 10 s'}`, tui.screen());

    // The session of the first prompt: its event log holds `Say hello` (the CLI may also keep an empty one).
    const id = first.find((d) => {
      const f = path.join(stateDir, d, 'events.jsonl');
      return fs.existsSync(f) && fs.readFileSync(f, 'utf8').includes('"content":"Say hello"');
    });
    if (!id) throw new Error(`tui_recipes: no session holds the first prompt (${first.join(', ')})`);
    tui.start([process.execPath, bin, '--resume', id], { cwd: box.cwd, env });
    record('resume', `\`copilot --resume <first session id>\` (${id})`, await tui.waitFor(READY, 90000));
    await tui.submit('After resume');
    record('prompt after resume', '`After resume` Enter', await tui.waitFor(/Reply after the resume\./));

    await tui.submit('Hang again');
    await tui.waitFor(/Working/);
    await sleep(2000);
    tui.key('ctrl-c');
    await sleep(300);
    tui.key('ctrl-c');
    await sleep(1500);
    const afterTwo = tui.dead() ? 'exited' : 'still running';
    record('end while working, two keys', `Ctrl+C, 300 ms, Ctrl+C while the request hangs, then 1.5 s: ${afterTwo}`, tui.screen());
    tui.key('ctrl-c');
    const endedThird = await tui.waitDead(10000);
    record('end while working, third key', `one more Ctrl+C: ${endedThird ? 'exited' : 'still running after 10 s'}`, tui.screen());

    tui.start([process.execPath, bin], { cwd: box.cwd, env });
    await tui.waitFor(READY, 90000);
    await tui.submit('Fresh question');
    record('fresh', '`copilot`, then `Fresh question` Enter', await tui.waitFor(/Reply in a fresh session\./));
    tui.key('ctrl-c');
    await sleep(300);
    tui.key('ctrl-c');
    await tui.waitFor(/Resume\s+copilot --resume=/, 15000, { orDead: true });

    const events = fs.readFileSync(path.join(stateDir, id, 'events.jsonl'), 'utf8');
    if (events.includes(FAKE_KEY)) throw new Error('tui_recipes: the event log holds the fake key');
    fs.writeFileSync(path.join(OUT_DIR, 'tui_recipes.events.jsonl'), scrub(events));
    const out = [
      `# GitHub Copilot CLI ${COPILOT_VERSION} interactive TUI (tmux pane 140x40, TERM=xterm-256color) against test/harness/fakeOpenAI.js, ${TODAY}`,
      '# Recovery recipes checked step by step: what was sent, then the screen after it (its last 24 lines that are not blank).',
      `# Session folders at the end: ${sessions().length}; the first session's event log is tui_recipes.events.jsonl.`,
      '--- fake server requests ---',
      ...server.requests.map((q) => `${q.method} ${q.path} main=${q.main ? 'yes' : 'no'} -> ${q.step ?? 'other'}`),
    ];
    for (const x of steps) {
      const lines = x.screen.split('\n').filter((l) => l.trim() !== '' && !/^[\s▀▄]+$/.test(l));
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

function provenance(results) {
  return [
    '# GitHub Copilot CLI fixtures: provenance',
    '',
    `Made by \`node scripts/make-copilot-fixtures.mjs\` on ${TODAY} with the real \`@github/copilot@${COPILOT_VERSION}\` from npm`,
    "(GitHub's licence, LICENSE.md in the package; its native binary from the optional dependency `@github/copilot-linux-x64`),",
    `run with Node ${process.versions.node}: \`copilot -p <prompt> --allow-all-tools\` (one prompt, then exit) in its "bring your own`,
    'key" mode against `test/harness/fakeOpenAI.js` on 127.0.0.1: `COPILOT_PROVIDER_BASE_URL=<server>/v1`, a fake',
    `\`COPILOT_PROVIDER_API_KEY\`, \`COPILOT_MODEL=${MODEL}\`, \`COPILOT_OFFLINE=true\` (no GitHub sign-in; nothing sent to GitHub).`,
    'Each scenario ran with a throw-away HOME and a small git project; each `<scenario>.events.jsonl` is the event log the CLI',
    'wrote (`~/.copilot/session-state/<session id>/events.jsonl`); `<scenario>.stdout.txt` holds the command, its exit, its',
    "output and the fake server's requests.",
    '',
    'Scrubbing: the throw-away folder prefix (`/tmp/sdcp<random>`) is removed, so paths read `/home/dev/projects/demo-app`,',
    "and the fake server's port reads `<port>`; the fake key would read `<fake key>`. Nothing else is changed. Model replies",
    "and usage come from the fake server; ids and timestamps are the CLI's own.",
    '',
    '| file | scenario | exit | event log |',
    '|---|---|---|---|',
    ...results.map(
      (x) =>
        `| \`${x.sc.name}.events.jsonl\`<br>\`${x.sc.name}.stdout.txt\` | ${x.sc.what.replace(/\|/g, '\\|')} | ${x.r.timedOut ? 'killed (timeout)' : String(x.r.code)} | \`${x.file}\` |`,
    ),
    '',
    '## The interactive TUI: recovery recipes (`tui_recipes`, made by `node scripts/make-copilot-fixtures.mjs tui_recipes`)',
    '',
    'The same offline setup with `TERM=xterm-256color`, `copilot` run interactively in a 140x40 tmux pane (its own tmux',
    "server, `scripts/agents/tmuxTui.mjs`) and driven as Session Doctor's recovery runner types: text in one write, Enter",
    "300 ms later, keys as their bytes. The fake server's script: a reply, a request that never answers, the compaction's",
    'summary, replies, another hang, a reply. Steps: folder trust, `Say hello`, a prompt that hangs (Escape, 3 s, then',
    'Ctrl+C), `/compact`, a prompt, `/clear`, a prompt, Ctrl+C twice (idle), `copilot --resume <first session id>`, a',
    'prompt, a prompt that hangs with Ctrl+C twice then a third, `copilot` and a prompt. `tui_recipes.screens.txt` holds',
    "each step's keys and the screen after it (blank lines dropped, its last 24 lines) and the fake server's requests;",
    "`tui_recipes.events.jsonl` the first session's event log (two `abort`s, the compaction, `session.resume`, the resumed",
    'turn). Scrubbed as above.',
    '',
  ].join('\n');
}

async function main() {
  const wanted = process.argv.slice(2);
  if (wanted.length === 1 && wanted[0] === 'tui_recipes') {
    fs.mkdirSync(OUT_DIR, { recursive: true });
    await runTuiRecipes(ensureCopilot());
    return;
  }
  const list = wanted.length ? SCENARIOS.filter((s) => wanted.includes(s.name)) : SCENARIOS;
  if (wanted.length && list.length !== wanted.length) {
    throw new Error(`unknown scenario in ${wanted.join(', ')}`);
  }
  const bin = ensureCopilot();
  log(`copilot: ${bin}`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const results = [];
  for (const sc of list) {
    results.push(await runScenario(bin, sc));
  }
  if (!wanted.length) {
    fs.writeFileSync(path.join(OUT_DIR, 'PROVENANCE.md'), provenance(results));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    process.stderr.write(`make-copilot-fixtures: ${err.stack || err}\n`);
    process.exit(1);
  });
}
