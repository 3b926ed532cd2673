#!/usr/bin/env node
// Makes real opencode files as test fixtures: installs opencode-ai@1.18.33 from npm (a launcher whose postinstall links
// the native binary of the optional dependency `opencode-<platform>-<arch>`) into a cache folder outside the repo
// (~/.cache/session-doctor/opencode-ai-<version>), runs `opencode run ...` offline against our fake Anthropic server
// (test/harness/fakeAnthropic.js) with a throw-away HOME, one scenario per run, and keeps what opencode wrote: its
// SQLite database (`$XDG_DATA_HOME/opencode/opencode.db`, default `~/.local/share/opencode/opencode.db`) and the
// write-ahead log beside it (`opencode.db-wal`: opencode opens the database in WAL mode and leaves the WAL behind when
// `opencode run` exits), both copied byte for byte right after the run and stored gzipped; its log
// (`<data>/log/opencode.log`); and its output with the fake server's requests. See test/fixtures/opencode/PROVENANCE.md.
//
// How opencode is pointed at the fake server (checked in the 1.18.33 binary): `$XDG_CONFIG_HOME/opencode/opencode.json`
// (default ~/.config/opencode) with `provider.anthropic.options.baseURL` and `apiKey`, `model`/`small_model`,
// `autoupdate: false`, `share: "disabled"`; OPENCODE_DISABLE_MODELS_FETCH=1 (the binary carries a models.dev snapshot and
// uses it without fetching), OPENCODE_DISABLE_AUTOUPDATE=1, and npm_config_offline=true (opencode installs
// `@opencode-ai/plugin` into its config folder in the background with npm; offline, that fails at once with a WARN
// line in its log instead of reaching the registry).
//
// Nothing is scrubbed: the SQLite files cannot be edited without breaking them (the WAL's frames carry checksums), so
// every run uses a fixed, meaningless throw-away root, /tmp/sd-opencode-fixtures/<scenario>, removed before and after
// the run; the fake key appears in no file (checked). Do not run two copies of this script at once.
//
// Usage: node scripts/make-opencode-fixtures.mjs [scenario ...]     (no argument: all scenarios)
// Env:   SESSION_DOCTOR_CACHE (default ~/.cache/session-doctor), KEEP_TMP=1 to keep the throw-away folders,
//        SESSION_DOCTOR_FIXTURE_JOBS (scenarios run at once, default 3).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CACHE, ensureNpmTool, runCollect } from './agents/npmTool.mjs';
import { writeDemoProject } from './agents/demoProject.mjs';

const require = createRequire(import.meta.url);
const { startFakeAnthropic } = require('../test/harness/fakeAnthropic.js');

const OPENCODE_VERSION = '1.18.33';
const MODEL = 'anthropic/claude-sonnet-4-5';
const SMALL_MODEL = 'anthropic/claude-haiku-4-5';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(REPO, 'test', 'fixtures', 'opencode');
const TMP_ROOT = '/tmp/sd-opencode-fixtures';
const FAKE_KEY = 'sk-ant-FAKEopencodeFIXTUREkeyNOTREAL0000';
const TODAY = new Date().toISOString().slice(0, 10);
const PARALLEL = Number(process.env.SESSION_DOCTOR_FIXTURE_JOBS) || 3;

const BASH_LS = { type: 'tool_use', name: 'bash', input: { command: 'ls', description: 'List files in the project' } };

/**
 * Scenarios. `script`: fake server steps for main requests (a name of fakeAnthropic's SCENARIOS or an array);
 * `runs`: the prompts run one after the other in the same HOME (`{{SESSION}}` is the first session's id);
 * `xdg`: set XDG_DATA_HOME (the database and log move there).
 */
const SCENARIOS = [
  { name: 'happy', what: 'Happy path: one prompt, one text reply.', script: 'happy', runs: [['Say hello']] },
  {
    name: 'happy_xdg',
    what: 'Happy path with XDG_DATA_HOME=<root>/xdg-data: the database and the log move to $XDG_DATA_HOME/opencode.',
    script: 'happy',
    runs: [['Say hello']],
    xdg: true,
  },
  {
    name: 'tool_use',
    what: 'Tool-use turn: bash `ls`, bash `cat .env` (fake secrets in the output), read `missing.txt` (fails), then text.',
    script: [
      BASH_LS,
      { type: 'tool_use', name: 'bash', input: { command: 'cat .env', description: 'Show the environment file' } },
      { type: 'tool_use', name: 'read', input: { filePath: '{{CWD}}/missing.txt' } },
      { type: 'text', text: 'The project has a package.json, a README and a src folder; missing.txt does not exist.' },
    ],
    runs: [['Look around the project and show me .env and missing.txt']],
  },
  {
    name: 'tool_loop',
    what: 'Repeated identical tool call loop: the model asks for bash `ls` 8 times in a row, then answers.',
    script: [...Array.from({ length: 8 }, () => BASH_LS), { type: 'text', text: 'I keep seeing the same listing; stopping here.' }],
    runs: [['Find the config file']],
  },
  {
    name: 'rate_limit_then_ok',
    what: '429 rate_limit_error (retry-after 1 s) three times, then a text reply.',
    script: 'rate_limit_then_ok',
    runs: [['Say hello']],
  },
  {
    name: 'rate_limit_forever',
    what: '429 rate_limit_error (retry-after 1 s) on every request.',
    script: 'rate_limit_forever',
    runs: [['Say hello']],
  },
  { name: 'auth_401', what: '401 authentication_error on every request.', script: 'auth_401', runs: [['Say hello']] },
  {
    name: 'context_too_long',
    what: '400 "prompt is too long: 210000 tokens > 200000 maximum" on every main request; the run is killed after 150 s.',
    script: 'prompt_too_long',
    runs: [['Summarize the whole repository']],
    timeoutMs: 150000,
  },
  {
    name: 'context_too_long_then_ok',
    what: '400 "prompt is too long" once, then a text reply.',
    script: [{ type: '400-prompt-too-long' }, { type: 'text', text: 'Here is the summary after the compaction.' }],
    runs: [['Summarize the whole repository']],
  },
  { name: 'server_500', what: '500 api_error on every request.', script: 'server_500', runs: [['Say hello']], timeoutMs: 180000 },
  {
    name: 'overloaded_529',
    what: '529 overloaded_error on every request.',
    script: 'overloaded_529',
    runs: [['Say hello']],
    timeoutMs: 180000,
  },
  {
    name: 'dropped_connection',
    what: 'A 200 stream that sends message_start and then closes the connection, on every request.',
    script: [{ type: 'drop' }],
    runs: [['Say hello']],
    timeoutMs: 180000,
  },
  {
    name: 'malformed_stream',
    what: 'A 200 stream whose second event carries broken JSON, on every request.',
    script: [{ type: 'malformed' }],
    runs: [['Say hello']],
    timeoutMs: 180000,
  },
  {
    name: 'hang',
    what: 'The server accepts the request and never answers; the run is killed after 90 s.',
    script: 'hang',
    runs: [['Say hello']],
    timeoutMs: 90000,
  },
  {
    name: 'resume',
    what:
      'Three runs in one HOME: `opencode run "Say hello"`, then `--session <its id>` (same session), then a second ' +
      'session, then `--continue` (the latest session): one database, two sessions.',
    script: 'happy',
    runs: [['Say hello'], ['--session', '{{SESSION}}', 'And now say goodbye'], ['Another task: say hi'], ['--continue', 'Continue']],
  },
];

function log(msg) {
  process.stderr.write(`[fixtures] ${msg}\n`);
}

function opencodeBin(dir) {
  return path.join(dir, 'node_modules', 'opencode-ai', 'bin', 'opencode.exe');
}

/** Installs the pinned opencode into the cache (once) and returns its binary. */
export function ensureOpencode() {
  return ensureNpmTool({
    name: 'opencode-ai',
    pkg: 'opencode-ai',
    version: OPENCODE_VERSION,
    // The postinstall links the platform package's native binary to bin/opencode.exe.
    foregroundScripts: true,
    find: (dir) => {
      const bin = opencodeBin(dir);
      const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 60000, env: { PATH: process.env.PATH, HOME: dir } });
      return r.status === 0 && r.stdout.trim() === OPENCODE_VERSION ? bin : undefined;
    },
    log,
  });
}

/** The throw-away root of a scenario: home/dev (HOME, with the config) and home/dev/projects/demo-app (cwd, a git project). */
function makeSandbox(sc, url) {
  const root = path.join(TMP_ROOT, sc.name);
  fs.rmSync(root, { recursive: true, force: true });
  const home = path.join(root, 'home', 'dev');
  const cwd = path.join(home, 'projects', 'demo-app');
  const dataHome = sc.xdg ? path.join(root, 'xdg-data') : path.join(home, '.local', 'share');
  fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
  const configDir = path.join(home, '.config', 'opencode');
  fs.mkdirSync(configDir, { recursive: true });
  fs.writeFileSync(path.join(configDir, 'opencode.json'), JSON.stringify(configFor(url), null, 2) + '\n');
  writeDemoProject(cwd, { envKey: 'OPENAI_API_KEY=sk-FAKEfixtureKEYnotREAL0123456789abcdef' });
  return { root, home, cwd, data: path.join(dataHome, 'opencode'), dataHome };
}

/** `opencode.json` of every run, pointing the Anthropic provider at the fake server. */
function configFor(url) {
  return {
    $schema: 'https://opencode.ai/config.json',
    model: MODEL,
    small_model: SMALL_MODEL,
    autoupdate: false,
    share: 'disabled',
    provider: { anthropic: { options: { baseURL: `${url}/v1`, apiKey: FAKE_KEY } } },
  };
}

/** The environment of one run: nothing of the caller's but PATH (so no real key, XDG folder or proxy leaks in). */
function opencodeEnv(box, sc) {
  return {
    PATH: process.env.PATH,
    HOME: box.home,
    USER: 'dev',
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    SHELL: '/bin/bash',
    TMPDIR: path.join(box.root, 'tmp'),
    NO_COLOR: '1',
    OPENCODE_DISABLE_MODELS_FETCH: '1',
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    npm_config_offline: 'true',
    ...(sc.xdg ? { XDG_DATA_HOME: box.dataHome } : {}),
  };
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

/** Fills `{{CWD}}` in tool inputs with the run's folder (opencode's tools take absolute paths). */
function fillScript(script, cwd) {
  return Array.isArray(script) ? JSON.parse(JSON.stringify(script).split('{{CWD}}').join(cwd)) : script;
}

/** The first session id in opencode's log (`message=created id=ses_...`), read as text. */
function firstSessionId(logFile) {
  const text = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
  return /message=created id=(ses_[A-Za-z0-9]+)/.exec(text)?.[1] ?? '';
}

async function runScenario(bin, sc) {
  const server = await startFakeAnthropic({ script: 'happy', sideText: 'Checking the project' });
  const box = makeSandbox(sc, server.url);
  server.setScript(fillScript(sc.script, box.cwd));
  const logFile = path.join(box.data, 'log', 'opencode.log');
  const result = { sc, runs: [], files: [], box };
  try {
    for (const prompt of sc.runs) {
      const args = ['run', ...prompt.map((a) => a.replace('{{SESSION}}', firstSessionId(logFile)))];
      const before = server.requests.length;
      // Own process group (runCollect), so a timeout kills opencode and anything it started.
      const r = await runCollect(bin, args, { cwd: box.cwd, env: opencodeEnv(box, sc), timeoutMs: sc.timeoutMs || 120000 });
      r.args = args;
      r.requests = server.requests.slice(before);
      result.runs.push(r);
      log(
        `${sc.name}: opencode ${args.join(' ')} -> exit ${r.code}${r.signal ? ' ' + r.signal : ''} in ${r.ms} ms, ${r.requests.length} requests`,
      );
    }
  } finally {
    await server.close();
  }
  // Copied byte for byte at once: the database and its WAL exactly as the last run left them (no SQLite client touches
  // them: opening one would checkpoint the WAL into the database and delete it).
  for (const f of fs.readdirSync(OUT_DIR).filter((n) => n.startsWith(`${sc.name}.`))) {
    fs.rmSync(path.join(OUT_DIR, f), { force: true });
  }
  // opencode's snapshot/ folder (a git repository of the project's files, for undo) is listed as one line.
  const written = walk(box.data).filter((p) => !p.startsWith(path.join(box.data, 'snapshot') + path.sep));
  result.written = written.map((p) => ({ path: p, size: fs.statSync(p).size }));
  if (fs.existsSync(path.join(box.data, 'snapshot'))) {
    result.written.push({
      path: path.join(box.data, 'snapshot') + path.sep + ' (a git repository)',
      size: walk(path.join(box.data, 'snapshot')).length + ' files',
    });
  }
  for (const suffix of ['', '-wal']) {
    const src = path.join(box.data, `opencode.db${suffix}`);
    if (fs.existsSync(src)) {
      const bytes = fs.readFileSync(src);
      if (bytes.includes(Buffer.from(FAKE_KEY))) {
        throw new Error(`${src} holds the fake key: scrub it`);
      }
      const name = `${sc.name}.db${suffix}.gz`;
      fs.writeFileSync(path.join(OUT_DIR, name), zlib.gzipSync(bytes, { level: 9 }));
      result.files.push(name);
    }
  }
  if (fs.existsSync(logFile)) {
    fs.writeFileSync(path.join(OUT_DIR, `${sc.name}.log`), scrubKey(fs.readFileSync(logFile, 'utf8')));
    result.files.push(`${sc.name}.log`);
  }
  fs.writeFileSync(path.join(OUT_DIR, `${sc.name}.stdout.txt`), runReport(result));
  result.files.push(`${sc.name}.stdout.txt`);
  if (process.env.KEEP_TMP) {
    log(`kept ${box.root}`);
  } else {
    fs.rmSync(box.root, { recursive: true, force: true });
  }
  return result;
}

function scrubKey(text) {
  return text.split(FAKE_KEY).join('<fake key>');
}

/** `<scenario>.stdout.txt`: each run's command, exit, stdout, stderr and the fake server's requests; what was written. */
function runReport(result) {
  const { sc } = result;
  const lines = [`# opencode ${OPENCODE_VERSION} against test/harness/fakeAnthropic.js, scenario "${sc.name}", ${TODAY}`, `# ${sc.what}`];
  for (const r of result.runs) {
    lines.push('');
    lines.push(`## opencode ${r.args.map(shellQuote).join(' ')}`);
    lines.push(`# exit code ${r.code}${r.signal ? `, signal ${r.signal}` : ''}${r.timedOut ? ' (killed: timeout)' : ''}, ${r.ms} ms`);
    lines.push('--- stdout ---');
    lines.push(scrubKey(r.stdout).replace(/\n$/, ''));
    lines.push('--- stderr ---');
    lines.push(scrubKey(r.stderr).replace(/\n$/, ''));
    lines.push('--- fake server requests ---');
    for (const q of r.requests) {
      const tools = q.body && Array.isArray(q.body.tools) ? q.body.tools.length : 0;
      lines.push(`${q.method} ${q.path} model=${q.body?.model ?? '-'} tools=${tools}${q.dropped ? ' (dropped)' : ''}`);
    }
  }
  lines.push('');
  lines.push('--- files in the data folder after the last run (bytes) ---');
  for (const w of result.written) {
    lines.push(`${w.path} ${w.size}`);
  }
  return lines.join('\n') + '\n';
}

function provenance(results) {
  const md = [];
  md.push('# opencode fixtures: provenance');
  md.push('');
  md.push(`Made by \`node scripts/make-opencode-fixtures.mjs\` on ${TODAY} with the real \`opencode-ai@${OPENCODE_VERSION}\` from npm`);
  md.push('(its launcher links the native binary of the optional dependency `opencode-linux-x64`), run headless');
  md.push('(`opencode run <prompt>`) against `test/harness/fakeAnthropic.js` on 127.0.0.1 (a fake Anthropic Messages API that');
  md.push('injects faults). Each scenario ran with a throw-away HOME (`/tmp/sd-opencode-fixtures/<scenario>/home/dev`) and a');
  md.push('small git project (`~/projects/demo-app`, the working folder).');
  md.push('');
  md.push('Files per scenario (`<scenario>.*`):');
  md.push('- `.db.gz`, `.db-wal.gz`: `opencode.db` and `opencode.db-wal` from the data folder, copied byte for byte right');
  md.push('  after the last run and gzipped (`gunzip -k` to look at them; open a copy with `sqlite3`, which checkpoints the');
  md.push('  WAL into the database). opencode opens its database in WAL mode and leaves the WAL behind on exit, so most');
  md.push('  of what a run wrote is in the `-wal` file, not in the database file. The `-shm` file is not kept (it is an index');
  md.push('  SQLite rebuilds from the WAL).');
  md.push('- `.log`: `<data folder>/log/opencode.log` (opencode appends one logfmt line per entry there).');
  md.push("- `.stdout.txt`: each run's command, exit code, stdout and stderr, the fake server's requests, and the files");
  md.push('  the data folder held after the run.');
  md.push('');
  md.push('Scrubbing: none. SQLite files cannot be edited in place without breaking them (the WAL frames carry');
  md.push('checksums), so the runs use a fixed, meaningless root instead of a random one: paths read');
  md.push('`/tmp/sd-opencode-fixtures/<scenario>/home/dev/...`. The fake API key is checked to appear in no database file');
  md.push('and would read `<fake key>` in the text files (it appears in none). Model replies, usage numbers and request ids');
  md.push("come from the fake server; session, message and part ids and timestamps are opencode's own. The project's");
  md.push('`.env` holds fake secrets (`sk-FAKE…`, `ghp_FAKE…`) so that redaction of real tool output can be tested.');
  md.push('');
  md.push("Environment of every run (nothing else of the caller's but PATH): `HOME=<root>/home/dev`, `USER=dev`, `TERM=dumb`,");
  md.push('`NO_COLOR=1`, `TMPDIR=<root>/tmp`, `OPENCODE_DISABLE_MODELS_FETCH=1` (opencode then uses the models.dev snapshot');
  md.push('built into the binary), `OPENCODE_DISABLE_AUTOUPDATE=1`, `npm_config_offline=true` (opencode installs');
  md.push('`@opencode-ai/plugin` into its config folder in the background; offline that fails at once, with a WARN line in');
  md.push('the log, instead of reaching the registry); `happy_xdg` adds `XDG_DATA_HOME=<root>/xdg-data`. And');
  md.push('`~/.config/opencode/opencode.json`:');
  md.push('');
  md.push('```json');
  md.push(scrubKey(JSON.stringify(configFor('http://127.0.0.1:<port>'), null, 2)));
  md.push('```');
  md.push('');
  md.push('| scenario | what | commands | exit | files |');
  md.push('|---|---|---|---|---|');
  for (const x of results) {
    const cmds = x.runs.map((r) => `\`opencode ${r.args.map(shellQuote).join(' ')}\``.replace(/\|/g, '\\|')).join('<br>');
    const exits = x.runs.map((r) => (r.timedOut ? 'killed (timeout)' : String(r.code))).join(', ');
    md.push(`| ${x.sc.name} | ${x.sc.what.replace(/\|/g, '\\|')} | ${cmds} | ${exits} | ${x.files.map((f) => `\`${f}\``).join('<br>')} |`);
  }
  md.push('');
  return md.join('\n');
}

async function main() {
  const wanted = process.argv.slice(2);
  const list = wanted.length ? SCENARIOS.filter((s) => wanted.includes(s.name)) : SCENARIOS;
  if (wanted.length && list.length !== wanted.length) {
    throw new Error(`unknown scenario in ${wanted.join(', ')}`);
  }
  const bin = ensureOpencode();
  log(`opencode: ${bin}`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
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
    fs.writeFileSync(path.join(OUT_DIR, 'PROVENANCE.md'), provenance(results));
  }
  let total = 0;
  for (const f of fs.readdirSync(OUT_DIR)) {
    total += fs.statSync(path.join(OUT_DIR, f)).size;
  }
  log(`fixtures: ${OUT_DIR} (${(total / 1024).toFixed(1)} KB); cache ${CACHE}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    process.stderr.write(`make-opencode-fixtures: ${err.stack || err}\n`);
    process.exit(1);
  });
}
