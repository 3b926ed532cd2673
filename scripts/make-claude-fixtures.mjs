#!/usr/bin/env node
// Makes real Claude Code transcripts as test fixtures: installs @anthropic-ai/claude-code@2.1.330 into a cache folder
// outside the repo, runs `claude -p` against our fake Anthropic API server (test/harness/fakeAnthropic.js) on 127.0.0.1
// with a throw-away HOME, one scenario per run (happy path, tool use, tool loop, 429s, 401, 529, 400 prompt too long,
// 500, hang with a 4 s API_TIMEOUT_MS, hang killed after 15 s, hang stopped with Ctrl+C, credit balance too low, a used-up
// plan window, dropped connection, malformed stream, stale resume, /compact), and copies each transcript to test/fixtures/claude/<scenario>.jsonl, with the
// CLI's output in <scenario>.stdout.txt and a PROVENANCE.md. Only the throw-away path prefix is scrubbed.
//
// Usage: node scripts/make-claude-fixtures.mjs [scenario ...]     (no argument: all scenarios and PROVENANCE.md rewritten;
//        with names: those scenarios, their PROVENANCE.md rows replaced or added)
// Env:   SESSION_DOCTOR_CACHE (default ~/.cache/session-doctor), KEEP_TMP=1 to keep the throw-away folders.

import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { ensureNpmTool, runCollect } from './agents/npmTool.mjs';
import { runInterrupted } from './agents/runInterrupted.mjs';
import { writeDemoProject } from './agents/demoProject.mjs';
import { updateProvenanceRows } from './agents/provenance.mjs';

const require = createRequire(import.meta.url);
const { startFakeAnthropic } = require('../test/harness/fakeAnthropic.js');

export const CLAUDE_VERSION = '2.1.330';
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(REPO, 'test', 'fixtures', 'claude');
const FAKE_KEY = 'sk-ant-test-fixture-key-0000000000000000';
const TODAY = new Date().toISOString().slice(0, 10);

// --bare keeps transcripts small (no skill/agent listings, no environment attachment); --system-prompt-snapshot off
// keeps the system prompt out of the transcript. `happy` runs without --bare to keep one transcript of the default shape.
const SMALL = ['--bare', '--tools', 'Bash'];
const DEFAULTISH = ['--system-prompt-snapshot', 'off', '--disable-slash-commands', '--tools', 'Bash'];
const ALLOW = ['--allowedTools', 'Bash(ls)', 'Bash(cat *)'];

/**
 * Scenarios. `runs`: claude invocations in order (same HOME, so a later run can resume an earlier session).
 * `script`: fake server steps for main requests (name from fakeAnthropic SCENARIOS or an array).
 */
const SCENARIOS = [
  {
    name: 'happy',
    what: 'Happy path: one prompt, one text reply.',
    script: 'happy',
    runs: [{ args: ['-p', 'Say hello and tell me if the project looks fine', '--name', 'Greeting check', ...DEFAULTISH] }],
  },
  {
    name: 'tool_use',
    what: 'Tool-use turn: Bash `ls`, Bash `cat .env` (fake secrets in the output), Bash `cat missing.txt` (fails: is_error), then text.',
    script: [
      { type: 'tool_use', name: 'Bash', input: { command: 'ls', description: 'List files in the working directory' } },
      { type: 'tool_use', name: 'Bash', input: { command: 'cat .env', description: 'Show the environment file' } },
      { type: 'tool_use', name: 'Bash', input: { command: 'cat missing.txt', description: 'Show the missing file' } },
      { type: 'text', text: 'The project has a package.json, a README and a src folder; missing.txt does not exist.' },
    ],
    runs: [{ args: ['-p', 'Look around the project and show me .env and missing.txt', ...SMALL, ...ALLOW] }],
  },
  {
    name: 'tool_denied',
    what: 'A Bash call the permission settings do not allow (`rm -rf build`) in print mode: the tool result is a refusal (is_error).',
    script: [
      { type: 'tool_use', name: 'Bash', input: { command: 'rm -rf build', description: 'Remove the build folder' } },
      { type: 'text', text: 'I was not allowed to remove the build folder.' },
    ],
    runs: [{ args: ['-p', 'Clean the build folder', ...SMALL, ...ALLOW] }],
  },
  {
    name: 'tool_loop',
    what: 'Repeated identical tool call loop: the model asks for Bash `ls` 6 times in a row, then stops with text.',
    script: 'tool_loop',
    runs: [{ args: ['-p', 'Find the config file', ...SMALL, ...ALLOW] }],
  },
  {
    name: 'rate_limit_then_ok',
    what: '429 rate_limit_error (retry-after: 1) three times, then a text reply.',
    script: 'rate_limit_then_ok',
    runs: [{ args: ['-p', 'Say hello', ...SMALL] }],
  },
  {
    name: 'rate_limit_forever',
    what: '429 on every request; CLAUDE_CODE_MAX_RETRIES=3 so the CLI gives up after 3 retries. stdout is stream-json.',
    script: 'rate_limit_forever',
    env: { CLAUDE_CODE_MAX_RETRIES: '3' },
    runs: [{ args: ['-p', 'Say hello', '--output-format', 'stream-json', '--verbose', ...SMALL] }],
  },
  {
    name: 'auth_401',
    what: '401 authentication_error "invalid x-api-key" on every request.',
    script: 'auth_401',
    env: { CLAUDE_CODE_MAX_RETRIES: '3' },
    runs: [{ args: ['-p', 'Say hello', ...SMALL] }],
  },
  {
    name: 'overloaded_529',
    what: '529 overloaded_error on every request; CLAUDE_CODE_MAX_RETRIES=3.',
    script: 'overloaded_529',
    env: { CLAUDE_CODE_MAX_RETRIES: '3' },
    runs: [{ args: ['-p', 'Say hello', ...SMALL] }],
  },
  {
    name: 'prompt_too_long',
    what: '400 invalid_request_error "prompt is too long: 210000 tokens > 200000 maximum" on every request.',
    script: 'prompt_too_long',
    env: { CLAUDE_CODE_MAX_RETRIES: '3' },
    runs: [{ args: ['-p', 'Summarize the whole repository', ...SMALL] }],
  },
  {
    name: 'server_500',
    what: '500 api_error "Internal server error" on every request; CLAUDE_CODE_MAX_RETRIES=3.',
    script: 'server_500',
    env: { CLAUDE_CODE_MAX_RETRIES: '3' },
    runs: [{ args: ['-p', 'Say hello', ...SMALL] }],
  },
  {
    name: 'hang',
    what: 'The server accepts the request and never answers; API_TIMEOUT_MS=4000 and CLAUDE_CODE_MAX_RETRIES=1.',
    script: 'hang',
    env: { API_TIMEOUT_MS: '4000', CLAUDE_CODE_MAX_RETRIES: '1' },
    timeoutMs: 60000,
    runs: [{ args: ['-p', 'Say hello', ...SMALL] }],
  },
  {
    name: 'hang_no_timeout',
    what: "The server accepts the request and never answers; the CLI keeps its default request timeout (no API_TIMEOUT_MS) and is killed (SIGKILL to its process group) after 15 s, as the other agents' hang runs are.",
    script: 'hang',
    timeoutMs: 15000,
    runs: [{ args: ['-p', 'Say hello', ...SMALL] }],
  },
  {
    name: 'hang_interrupted',
    what: 'The server never answers; after 8 s the person presses Ctrl+C (SIGINT to the process group, as a terminal sends it), no API_TIMEOUT_MS. Not a hang any more: the person stopped it.',
    script: 'hang',
    timeoutMs: 30000,
    interruptAfterMs: 8000,
    runs: [{ args: ['-p', 'Say hello', ...SMALL] }],
  },
  {
    name: 'quota',
    what: '400 invalid_request_error "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits." on every request (an API-key account out of credit); CLAUDE_CODE_MAX_RETRIES=3.',
    script: 'quota',
    env: { CLAUDE_CODE_MAX_RETRIES: '3' },
    runs: [{ args: ['-p', 'Say hello', ...SMALL] }],
  },
  {
    name: 'quota_usage_limit',
    what: '429 rate_limit_error with the unified rate-limit headers of a used-up five-hour window (`anthropic-ratelimit-unified-status: rejected`, reset 60 s later, no retry-after) on every request; CLAUDE_CODE_MAX_RETRIES=3.',
    script: 'usage_limit',
    env: { CLAUDE_CODE_MAX_RETRIES: '3' },
    runs: [{ args: ['-p', 'Say hello', ...SMALL] }],
  },
  {
    name: 'dropped_connection',
    what: 'Every request gets a 200 SSE head and message_start, then the socket is destroyed mid-stream; CLAUDE_CODE_MAX_RETRIES=3.',
    script: 'dropped_connection',
    env: { CLAUDE_CODE_MAX_RETRIES: '3' },
    runs: [{ args: ['-p', 'Say hello', ...SMALL] }],
  },
  {
    name: 'malformed_stream',
    what: 'Every request gets a 200 SSE stream whose events after message_start carry cut JSON, then the stream ends; CLAUDE_CODE_MAX_RETRIES=3.',
    script: 'malformed_stream',
    env: { CLAUDE_CODE_MAX_RETRIES: '3' },
    runs: [{ args: ['-p', 'Say hello', ...SMALL] }],
  },
  {
    name: 'stale_resume',
    what: '`claude -p --resume <random uuid>` for a session that does not exist.',
    script: 'happy',
    runs: [{ args: ['-p', '--resume', '{{STALE_UUID}}', 'Continue where we left off', ...SMALL] }],
  },
  {
    name: 'compact',
    what: 'A first turn, then `claude -p --resume <session> /compact` (manual compaction; the summary comes from the fake server).',
    script: [
      { type: 'text', text: 'Noted: the number is 42.' },
      { type: 'text', text: 'Summary: the user asked me to remember the number 42; nothing else happened.' },
    ],
    runs: [
      { args: ['-p', '--session-id', '{{SESSION_UUID}}', 'Remember the number 42', ...SMALL] },
      { args: ['-p', '--resume', '{{SESSION_UUID}}', '/compact', '--tools', 'Bash'] },
    ],
  },
];

function log(msg) {
  process.stderr.write(`[fixtures] ${msg}\n`);
}

function claudeWorks(bin) {
  if (!fs.existsSync(bin)) return false;
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 30000, env: { ...process.env, DISABLE_AUTOUPDATER: '1' } });
  return r.status === 0 && r.stdout.includes(CLAUDE_VERSION);
}

/** The claude binary: the package's bin (the postinstall copies the native binary over it), else the native package. */
function findClaude(dir) {
  const candidates = [
    path.join(dir, 'node_modules', '@anthropic-ai', 'claude-code', 'bin', 'claude.exe'),
    path.join(dir, 'node_modules', '@anthropic-ai', `claude-code-${process.platform}-${process.arch}`, 'claude'),
  ];
  return candidates.find(claudeWorks);
}

/** Installs the pinned Claude Code into the cache (once) and returns the path of a working `claude` binary. */
export function ensureClaude() {
  return ensureNpmTool({
    name: 'claude-code',
    pkg: '@anthropic-ai/claude-code',
    version: CLAUDE_VERSION,
    find: findClaude,
    foregroundScripts: true,
    log,
  });
}

/** A throw-away root holding home/dev (HOME) and home/dev/projects/demo-app (cwd), with a small project in it. */
function makeSandbox() {
  const root = path.join(os.tmpdir(), `sdfx${randomBytes(5).toString('hex')}`);
  const home = path.join(root, 'home', 'dev');
  const cwd = path.join(home, 'projects', 'demo-app');
  writeDemoProject(cwd, { envKey: 'ANTHROPIC_API_KEY=sk-ant-api03-FAKEfixtureKEYnotREAL0123456789abcdef' });
  return { root, home, cwd };
}

function runClaude(bin, args, { home, cwd, url, env, timeoutMs, interruptAfterMs }) {
  const run = interruptAfterMs === undefined ? runCollect : (c, a, o) => runInterrupted(c, a, { ...o, interruptAfterMs });
  return run(bin, args, {
    cwd,
    timeoutMs,
    env: {
      PATH: process.env.PATH,
      HOME: home,
      USER: 'dev',
      LANG: 'C.UTF-8',
      TERM: 'dumb',
      SHELL: '/bin/bash',
      TMPDIR: path.join(home, '..', '..', 'tmp'),
      ANTHROPIC_BASE_URL: url,
      ANTHROPIC_API_KEY: FAKE_KEY,
      DISABLE_TELEMETRY: '1',
      DISABLE_ERROR_REPORTING: '1',
      DISABLE_AUTOUPDATER: '1',
      DISABLE_BUG_COMMAND: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      CLAUDE_CODE_DISABLE_TERMINAL_TITLE: '1',
      ...env,
    },
  });
}

function scrubber(root) {
  const dashed = root.replace(/[^a-zA-Z0-9]/g, '-');
  return (text) => text.split(root).join('').split(dashed).join('');
}

function shellQuote(a) {
  return /^[A-Za-z0-9_./:=@,+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

async function runScenario(bin, sc) {
  const box = makeSandbox();
  fs.mkdirSync(path.join(box.root, 'tmp'), { recursive: true });
  const scrub = scrubber(box.root);
  const subst = { STALE_UUID: randomUUID(), SESSION_UUID: randomUUID() };
  const server = await startFakeAnthropic({ script: sc.script });
  const env = sc.env || {};
  const runs = [];
  try {
    for (const run of sc.runs) {
      const args = run.args.map((a) => a.replace(/\{\{(\w+)\}\}/g, (_m, k) => subst[k]));
      const before = server.requests.length;
      const r = await runClaude(bin, args, {
        ...box,
        url: server.url,
        env,
        timeoutMs: sc.timeoutMs || 120000,
        interruptAfterMs: sc.interruptAfterMs,
      });
      r.args = args;
      r.requests = server.requests.slice(before);
      runs.push(r);
      log(
        `${sc.name}: claude ${args.join(' ')} -> exit ${r.code}${r.signal ? ' ' + r.signal : ''} in ${r.ms} ms, ${r.requests.length} requests`,
      );
    }
  } finally {
    await server.close();
  }
  // Transcripts: top-level <session>.jsonl files of the project folder(s).
  const projects = path.join(box.home, '.claude', 'projects');
  const transcripts = [];
  if (fs.existsSync(projects)) {
    for (const p of fs.readdirSync(projects)) {
      const dir = path.join(projects, p);
      if (!fs.statSync(dir).isDirectory()) continue;
      for (const f of fs.readdirSync(dir)) if (f.endsWith('.jsonl')) transcripts.push(path.join(dir, f));
    }
  }
  const result = { sc, runs, transcripts: transcripts.map(scrub), files: [] };
  if (transcripts.length > 1) log(`${sc.name}: ${transcripts.length} transcripts, keeping the largest`);
  if (transcripts.length > 0) {
    transcripts.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
    const text = scrub(fs.readFileSync(transcripts[0], 'utf8'));
    const out = path.join(OUT_DIR, `${sc.name}.jsonl`);
    fs.writeFileSync(out, text);
    result.files.push(path.basename(out));
    result.sessionFile = scrub(transcripts[0]);
  } else {
    fs.rmSync(path.join(OUT_DIR, `${sc.name}.jsonl`), { force: true });
  }
  const lines = [];
  lines.push(`# Claude Code ${CLAUDE_VERSION} against test/harness/fakeAnthropic.js, scenario "${sc.name}", ${TODAY}`);
  lines.push(`# ${sc.what}`);
  const envText = Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  runs.forEach((r, i) => {
    lines.push('');
    lines.push(`## run ${i + 1}: ${envText ? envText + ' ' : ''}claude ${r.args.map(shellQuote).join(' ')}`);
    const how = `${r.timedOut ? ' (killed: timeout)' : ''}${r.interrupted ? ` (SIGINT after ${sc.interruptAfterMs} ms)` : ''}`;
    lines.push(`# exit code ${r.code}${r.signal ? `, signal ${r.signal}` : ''}${how}, ${r.ms} ms`);
    lines.push('--- stdout ---');
    lines.push(scrub(r.stdout).replace(/\n$/, ''));
    lines.push('--- stderr ---');
    lines.push(scrub(r.stderr).replace(/\n$/, ''));
    lines.push('--- fake server requests ---');
    for (const q of r.requests) {
      const b = q.body || {};
      lines.push(
        `${q.method} ${q.path}${q.query || ''} model=${b.model ?? '-'} max_tokens=${b.max_tokens ?? '-'} tools=${Array.isArray(b.tools) ? b.tools.length : 0} stream=${!!b.stream} -> ${q.step ?? 'other'}`,
      );
    }
  });
  fs.writeFileSync(path.join(OUT_DIR, `${sc.name}.stdout.txt`), lines.join('\n') + '\n');
  result.files.push(`${sc.name}.stdout.txt`);
  if (!process.env.KEEP_TMP) fs.rmSync(box.root, { recursive: true, force: true });
  else log(`kept ${box.root}`);
  return result;
}

/** Hand-made bad input built from a real transcript: valid lines, garbage, a non-object JSON line, a half-written last line. */
function makeGarbage() {
  const src = path.join(OUT_DIR, 'tool_use.jsonl');
  if (!fs.existsSync(src)) return null;
  const lines = fs
    .readFileSync(src, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  const keep = lines.filter((l) => /"type":"(user|assistant|system)"/.test(l)).slice(0, 6);
  const out = [
    keep[0],
    'this is not json at all',
    keep[1],
    '[1,2,3]',
    '"just a string"',
    'null',
    '42',
    '{"type":"user","message":',
    keep[2],
    '',
    '{}',
    '{"type":"assistant","message":{"role":"assistant","content":"not an array"}}',
    '{"type":"user","message":{"role":"user","content":[{"type":"tool_result"}]}}',
    '\u0000\u0001binary\u00ff',
    keep[3],
    keep[4],
    keep[5].slice(0, Math.floor(keep[5].length / 2)), // half-written last line, no newline
  ];
  fs.writeFileSync(path.join(OUT_DIR, 'garbage.jsonl'), out.join('\n'));
  return 'garbage.jsonl';
}

/** Hand-made: the tool_denied transcript with a UTF-8 BOM and CRLF line endings (as an editor on Windows would save it). */
function makeCrlfBom() {
  const src = path.join(OUT_DIR, 'tool_denied.jsonl');
  if (!fs.existsSync(src)) return null;
  const text = fs.readFileSync(src, 'utf8');
  fs.writeFileSync(path.join(OUT_DIR, 'crlf_bom.jsonl'), '\uFEFF' + text.replace(/\r?\n/g, '\r\n'));
  return 'crlf_bom.jsonl';
}

/** One row of PROVENANCE.md's table: the files, the scenario, the command line(s), the exit(s). */
function provenanceRow(r) {
  const envText = Object.entries(r.sc.env || {})
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const cmd = r.runs
    .map((x) => `${envText ? envText + ' ' : ''}claude ${x.args.map(shellQuote).join(' ')}`.replace(/\|/g, '\\|'))
    .join('<br>then ');
  const exits = r.runs
    .map((x) => (x.timedOut ? 'timeout' : x.interrupted ? `${x.code ?? x.signal} after Ctrl+C` : String(x.code)))
    .join(', ');
  const files = r.files.map((f) => `\`${f}\``).join('<br>');
  const none = r.files.some((f) => f.endsWith('.jsonl')) ? '' : '<br>(no transcript written)';
  return `| ${files}${none} | ${r.sc.what.replace(/\|/g, '\\|')} | \`${cmd}\` | ${exits} |`;
}

/** After a run of some scenarios: their rows of PROVENANCE.md replaced, or added at the end of the table. */
function updateProvenance(results) {
  updateProvenanceRows(
    path.join(OUT_DIR, 'PROVENANCE.md'),
    results.map((r) => [r.sc.name, provenanceRow(r)]),
  );
}

function provenance(results) {
  const md = [];
  md.push('# Claude Code transcript fixtures: provenance');
  md.push('');
  md.push(`Made by \`node scripts/make-claude-fixtures.mjs\` on ${TODAY} with the real \`@anthropic-ai/claude-code@${CLAUDE_VERSION}\``);
  md.push('CLI (native linux-x64 binary from npm), run in print mode against `test/harness/fakeAnthropic.js` on 127.0.0.1 (a fake');
  md.push('Anthropic Messages API that injects faults). Each scenario ran with a throw-away HOME and a small git project;');
  md.push('the transcripts are copied from `$HOME/.claude/projects/<cwd with / as ->/<session-id>.jsonl`.');
  md.push('');
  md.push('Scrubbing: only the throw-away folder prefix (`/tmp/sdfx<random>`) is removed, so paths read');
  md.push('`/home/dev/projects/demo-app` (project folder `-home-dev-projects-demo-app`). Nothing else is changed.');
  md.push('The model id (`claude-opus-5-5`), usage numbers, message ids (`msg_01FAKE…`), request ids (`req_01FAKE…`) and');
  md.push("tool ids (`toolu_01FAKE…`) come from the fake server; session ids, uuids and timestamps are the CLI's own.");
  md.push('The `.env` in the project holds fake secrets (`sk-ant-api03-FAKE…`, `ghp_FAKE…`) so that redaction of real tool output');
  md.push('can be tested.');
  md.push('');
  md.push('Environment of every run: `HOME=<tmp>/home/dev`, `ANTHROPIC_BASE_URL=http://127.0.0.1:<port>`,');
  md.push(`\`ANTHROPIC_API_KEY=${FAKE_KEY}\`, \`DISABLE_TELEMETRY=1\`, \`DISABLE_ERROR_REPORTING=1\`, \`DISABLE_AUTOUPDATER=1\`,`);
  md.push('`DISABLE_BUG_COMMAND=1`, `CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1`, `CLAUDE_CODE_DISABLE_TERMINAL_TITLE=1`, plus the');
  md.push('per-scenario variables below. Most runs use `--bare --tools Bash` to keep transcripts small (no skill/agent listings);');
  md.push('`happy` uses the default mode with `--system-prompt-snapshot off --disable-slash-commands --tools Bash`.');
  md.push('');
  md.push('| file | scenario | command | exit |');
  md.push('|---|---|---|---|');
  for (const r of results) md.push(provenanceRow(r));
  md.push('');
  md.push('## Hand-made bad input (NOT written by Claude Code)');
  md.push('');
  md.push('- `garbage.jsonl`: built by the same script from lines of the real `tool_use.jsonl`, mixed with garbage: a non-JSON');
  md.push('  line, non-object JSON lines (`[1,2,3]`, a string, `null`, `42`), a cut JSON object, an empty line, `{}`, an');
  md.push('  assistant message whose content is not an array, a tool_result block without fields, control characters, and a');
  md.push('  half-written last line without a newline (as a transcript being written looks).');
  md.push('- `crlf_bom.jsonl`: the real `tool_denied.jsonl` with a UTF-8 byte order mark and CRLF line endings.');
  md.push('');
  return md.join('\n');
}

async function main() {
  const wanted = process.argv.slice(2);
  const list = wanted.length ? SCENARIOS.filter((s) => wanted.includes(s.name)) : SCENARIOS;
  if (wanted.length && list.length !== wanted.length) throw new Error(`unknown scenario in ${wanted.join(', ')}`);
  const bin = ensureClaude();
  log(`claude: ${bin}`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const results = [];
  for (const sc of list) results.push(await runScenario(bin, sc));
  if (!wanted.length) {
    makeGarbage();
    makeCrlfBom();
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
    process.stderr.write(`make-claude-fixtures: ${err.stack || err}\n`);
    process.exit(1);
  });
}
