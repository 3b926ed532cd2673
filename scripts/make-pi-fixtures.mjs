#!/usr/bin/env node
// Makes real pi session files as test fixtures: installs @mariozechner/pi-coding-agent@0.73.1 from npm into a cache
// folder outside the repo (~/.cache/session-doctor/pi-coding-agent-<version>), runs `pi -p <prompt>` offline against
// our fake OpenAI server (test/harness/fakeOpenAI.js, Chat Completions) with a throw-away HOME, one scenario per run, and
// keeps the session file pi wrote (`~/.pi/agent/sessions/--<cwd>--/<time>_<uuid>.jsonl`, or `$PI_CODING_AGENT_SESSION_DIR`)
// and its output with the fake server's requests. See test/fixtures/pi/PROVENANCE.md.
//
// How pi is pointed at the fake server (pi's docs/models.md): `~/.pi/agent/models.json` with a provider `fake`
// (`baseUrl` <server>/v1, `api: "openai-completions"`, a fake `apiKey`, model `gpt-5`), and `--model fake/gpt-5`.
//
// Scrubbing: only the throw-away folder prefix (/tmp/sdpi<random>) is removed, so paths read /home/dev/projects/demo-app;
// the fake key would read `<fake key>`.
//
// Usage: node scripts/make-pi-fixtures.mjs [scenario ...]     (no argument: all scenarios, and PROVENANCE.md)
// Env:   SESSION_DOCTOR_CACHE (default ~/.cache/session-doctor).

import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { CACHE, ensureNpmTool, nodeScriptFinder, runCollect } from './agents/npmTool.mjs';
import { writeDemoProject } from './agents/demoProject.mjs';
import { TODAY, fixtureDir, log, pickScenarios, shellQuote, walkFiles } from './agents/fixtureKit.mjs';
import {
  addQuotaFault,
  chatRunLines,
  clearScenarioFiles,
  exitOrKilled,
  logRun,
  mdCell,
  outputLines,
  replacer,
  sandboxEnv,
  sandboxPaths,
} from './agents/fixtureRun.mjs';
import { fault } from './agents/openAIFaults.mjs';

const require = createRequire(import.meta.url);
const { startFakeOpenAI, ERRORS } = require('../test/harness/fakeOpenAI.js');

addQuotaFault(ERRORS);

const PI_VERSION = '0.73.1';
const MODEL = 'gpt-5';
const OUT_DIR = fixtureDir('pi');
const FAKE_KEY = 'sk-FAKEpiFIXTUREkeyNOTREAL00000000000000';

const BASH_LS = { type: 'tool_call', name: 'bash', args: { command: 'ls -la' } };

/** Scenarios. `script`: fake server steps for main requests (a name from fakeOpenAI SCENARIOS or an array). */
const SCENARIOS = [
  { name: 'happy', what: 'Happy path: one prompt, one text reply.', script: 'happy', prompt: 'Say hello' },
  {
    name: 'happy_session_dir',
    what: 'Happy path with PI_CODING_AGENT_SESSION_DIR=<tmp>/pi-sessions: the file goes straight into that folder.',
    script: 'happy',
    prompt: 'Say hello',
    sessionDir: true,
  },
  {
    name: 'tool_use',
    what: 'Tool-use turn: bash `ls -la`, read `missing.txt` (fails), bash `cat .env` (fake secrets), then a text reply.',
    script: [
      BASH_LS,
      { type: 'tool_call', name: 'read', args: { path: 'missing.txt' } },
      { type: 'tool_call', name: 'bash', args: { command: 'cat .env' } },
      { type: 'text', text: 'The project has a README, package.json and src; missing.txt does not exist.' },
    ],
    prompt: 'Look around the project and show me .env and missing.txt',
  },
  {
    name: 'tool_loop',
    what: 'Repeated identical tool call loop: bash `ls -la` 12 times in a row, then a text reply.',
    script: [...Array.from({ length: 12 }, () => BASH_LS), { type: 'text', text: 'I keep seeing the same listing; stopping here.' }],
    prompt: 'Find the config file',
  },
  fault('rate_limit_then_ok'),
  fault('rate_limit_forever'),
  fault('quota'),
  fault('auth_401'),
  fault('context_too_long'),
  fault('server_500'),
  fault('overloaded_503'),
  fault('dropped_connection'),
  fault('malformed_stream'),
  {
    name: 'hang',
    what: 'The server accepts the request and never answers; the run is killed after 60 s. pi writes no session file before the first reply: nothing to keep but the output.',
    script: 'hang',
    prompt: 'Say hello',
    timeoutMs: 60000,
    noFile: true,
  },
  {
    name: 'hang_after_reply',
    what:
      'A first run answers; then `pi -c -p` continues the session and the server accepts the request and never answers; ' +
      'the second run is killed after 30 s. The file holds the first exchange and the second prompt, nothing after it.',
    script: [{ type: 'text', text: 'Hello! The project looks fine.' }, { type: 'hang' }],
    prompt: 'Say hello',
    then: { args: ['-c', '-p', 'And now say goodbye'], timeoutMs: 30000 },
  },
];

/** Installs the pinned pi into the cache (once) and returns its script. */
export function ensurePi() {
  return ensureNpmTool({
    name: 'pi-coding-agent',
    pkg: '@mariozechner/pi-coding-agent',
    version: PI_VERSION,
    find: nodeScriptFinder(['@mariozechner', 'pi-coding-agent', 'dist', 'cli.js'], PI_VERSION),
    log,
  });
}

/** A throw-away root: home/dev (HOME, with ~/.pi/agent/models.json) and home/dev/projects/demo-app (cwd, a git project). */
function makeSandbox(url) {
  const { root, home, cwd } = sandboxPaths('sdpi');
  const agentDir = path.join(home, '.pi', 'agent');
  fs.mkdirSync(agentDir, { recursive: true });
  fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
  const models = { providers: { fake: { baseUrl: `${url}/v1`, api: 'openai-completions', apiKey: FAKE_KEY, models: [{ id: MODEL }] } } };
  fs.writeFileSync(path.join(agentDir, 'models.json'), JSON.stringify(models, null, 2) + '\n');
  writeDemoProject(cwd, { envKey: 'OPENAI_API_KEY=sk-FAKEfixtureKEYnotREAL0123456789abcdef' });
  return { root, home, agentDir, cwd, sessionDir: path.join(root, 'pi-sessions') };
}

/** The environment of one run: nothing of the caller's but PATH (so no real key or proxy leaks in). */
function piEnv(box, sc) {
  return {
    ...sandboxEnv({ home: box.home, tmp: path.join(box.root, 'tmp') }),
    ...(sc.sessionDir ? { PI_CODING_AGENT_SESSION_DIR: box.sessionDir } : {}),
  };
}

async function runScenario(bin, sc) {
  const server = await startFakeOpenAI({ script: sc.script });
  const box = makeSandbox(server.url);
  // The root, also as pi encodes it in the session folder's name (`--tmp-sdpi<hex>-home-dev-...--`).
  const encodedRoot = `${box.root.replace(/^[/\\]/, '').replace(/[/\\:]/g, '-')}-`;
  const scrub = replacer([
    [box.root, ''],
    [encodedRoot, ''],
    [CACHE, '<cache>'],
    [FAKE_KEY, '<fake key>'],
  ]);
  const args = ['--model', `fake/${MODEL}`, '-p', sc.prompt];
  let r;
  try {
    r = await runCollect(process.execPath, [bin, ...args], { cwd: box.cwd, env: piEnv(box, sc), timeoutMs: sc.timeoutMs || 150000 });
    r.requests = server.requests.slice();
    logRun(sc.name, 'pi', args, r);
    if (sc.then) {
      // A second run in the same HOME and folder (`-c`: the latest session), its requests after the first run's.
      const first = r;
      const args2 = ['--model', `fake/${MODEL}`, ...sc.then.args];
      r = await runCollect(process.execPath, [bin, ...args2], { cwd: box.cwd, env: piEnv(box, sc), timeoutMs: sc.then.timeoutMs });
      r.requests = server.requests.slice(first.requests.length);
      r.first = { ...first, args: [...args] };
      args.splice(0, args.length, ...args2);
      logRun(sc.name, 'pi', args2, r);
    }
  } finally {
    await server.close();
  }
  const files = walkFiles(sc.sessionDir ? box.sessionDir : path.join(box.agentDir, 'sessions')).filter((f) => f.endsWith('.jsonl'));
  clearScenarioFiles(OUT_DIR, sc.name);
  if (files.length !== (sc.noFile ? 0 : 1)) {
    fs.rmSync(box.root, { recursive: true, force: true });
    throw new Error(`${sc.name}: ${files.length} session files`);
  }
  if (files.length) {
    const text = fs.readFileSync(files[0], 'utf8');
    if (text.includes(FAKE_KEY)) {
      throw new Error(`${sc.name}: the session file holds the fake key`);
    }
    fs.writeFileSync(path.join(OUT_DIR, `${sc.name}.jsonl`), scrub(text));
  }
  const firstRun = r.first
    ? [
        `## pi ${r.first.args.map(shellQuote).join(' ')}`,
        `# first run: exit code ${r.first.code}${r.first.signal ? `, signal ${r.first.signal}` : ''}, ${r.first.ms} ms`,
        ...outputLines(r.first, scrub),
        '',
      ]
    : [];
  const out = [
    `# pi ${PI_VERSION} against test/harness/fakeOpenAI.js, scenario "${sc.name}", ${TODAY}`,
    `# ${sc.what}`,
    '',
    ...firstRun,
    ...chatRunLines('pi', args, r, scrub, [`# session file: ${files.length ? scrub(files[0]) : '(none)'}`]),
    '',
  ];
  fs.writeFileSync(path.join(OUT_DIR, `${sc.name}.stdout.txt`), out.join('\n'));
  fs.rmSync(box.root, { recursive: true, force: true });
  return { sc, args, r, file: files.length ? path.basename(files[0]) : '(none)' };
}

function provenance(results) {
  const md = [
    '# pi session fixtures: provenance',
    '',
    `Made by \`node scripts/make-pi-fixtures.mjs\` on ${TODAY} with the real \`@mariozechner/pi-coding-agent@${PI_VERSION}\` from npm`,
    `(MIT licence), run with Node ${process.versions.node}: \`pi --model fake/${MODEL} -p <prompt>\` (print mode: one prompt, the answer`,
    'on stdout, then exit) against `test/harness/fakeOpenAI.js` on 127.0.0.1, configured by `~/.pi/agent/models.json`',
    `(a provider \`fake\`: \`baseUrl\` <server>/v1, \`api: "openai-completions"\`, a fake key, model \`${MODEL}\`). Each scenario ran`,
    'with a throw-away HOME and a small git project; each file is the one session file pi wrote',
    '(`~/.pi/agent/sessions/--<cwd>--/<time>_<uuid>.jsonl`; with `PI_CODING_AGENT_SESSION_DIR`, straight in that folder),',
    "copied to `<scenario>.jsonl`; `<scenario>.stdout.txt` holds the command, its exit, its output and the fake server's requests.",
    '',
    'Scrubbing: only the throw-away folder prefix (`/tmp/sdpi<random>`) is removed, so paths read `/home/dev/projects/demo-app`;',
    'the fake key would read `<fake key>`. Nothing else is changed. Model replies and usage come from the fake server; ids and',
    "timestamps are the CLI's own. The project `.env` holds fake secrets (`sk-FAKE…`, `ghp_FAKE…`) so that redaction of real",
    "tool output can be tested. The `quota` fault (429 `insufficient_quota`) is added to the fake server's errors by the script.",
    '',
    '| file | scenario | exit | session file |',
    '|---|---|---|---|',
    ...results.map(
      (x) =>
        `| ${x.sc.noFile ? '' : `\`${x.sc.name}.jsonl\`<br>`}\`${x.sc.name}.stdout.txt\` | ${mdCell(x.sc.what)} | ${exitOrKilled(x.r)} | \`${x.file}\` |`,
    ),
    '',
    '## Hand-made bad input (NOT written by pi)',
    '',
    '- `garbage.jsonl`: a real header line, a line cut mid-write, a line that is not JSON, a number, a message entry whose',
    '  `message` is a string, an entry of an unknown type, and a good user message (hand-made; kept by this script).',
    '',
  ];
  return md.join('\n');
}

async function main() {
  const wanted = process.argv.slice(2);
  const list = pickScenarios(SCENARIOS, wanted);
  const bin = ensurePi();
  log(`pi: ${bin}`);
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
    process.stderr.write(`make-pi-fixtures: ${err.stack || err}\n`);
    process.exit(1);
  });
}
