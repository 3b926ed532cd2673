#!/usr/bin/env node
// Captures what the real Claude Code CLI prints in a terminal, as raw bytes (ANSI, cursor moves, TUI redraws), for the
// unit tests of src/core/terminals/terminalText.ts. Runs the interactive `claude "<prompt>"` (not print mode) inside `script(1)`,
// which gives it a pseudo-terminal of 100x30, against our fake Anthropic API server (test/harness/fakeAnthropic.js) on
// 127.0.0.1 with a throw-away HOME, lets it work for a fixed time, sends Ctrl+C twice, and copies the pty's output to
// test/fixtures/terminal/<scenario>.raw, with script(1)'s timing log (`<delay seconds> <bytes>` per pty read) in
// <scenario>.timing, so tests replay the output in the chunks the terminal received. Uses the claude binary cached by
// scripts/make-claude-fixtures.mjs.
//
// Usage: node scripts/make-terminal-fixtures.mjs [scenario ...]
// Env:   SESSION_DOCTOR_CACHE (default ~/.cache/session-doctor).

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ensureClaude } from './make-claude-fixtures.mjs';

const require = createRequire(import.meta.url);
const { startFakeAnthropic } = require('../test/harness/fakeAnthropic.js');

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(REPO, 'test', 'fixtures', 'terminal');
const BIN = ensureClaude(); // the pinned Claude Code, from the cache (installed there once)
const FAKE_KEY = 'sk-ant-test-fixture-key-0000000000000000';

const SCENARIOS = [
  { name: 'claude_happy', script: 'happy', prompt: 'Say hello', env: {}, runMs: 12000 },
  { name: 'claude_rate_limit', script: 'rate_limit_forever', prompt: 'Say hello', env: { CLAUDE_CODE_MAX_RETRIES: '3' }, runMs: 30000 },
  { name: 'claude_auth_401', script: 'auth_401', prompt: 'Say hello', env: { CLAUDE_CODE_MAX_RETRIES: '3' }, runMs: 15000 },
];

function sandbox() {
  const root = path.join(os.tmpdir(), `sdtx${randomBytes(5).toString('hex')}`);
  const home = path.join(root, 'home', 'dev');
  const cwd = path.join(home, 'projects', 'demo-app');
  fs.mkdirSync(cwd, { recursive: true });
  fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
  fs.writeFileSync(path.join(cwd, 'README.md'), '# demo-app\n');
  // Skip the first-run dialogs (theme, trust, API key approval) the way a configured machine would.
  fs.writeFileSync(
    path.join(home, '.claude.json'),
    JSON.stringify({
      hasCompletedOnboarding: true,
      theme: 'dark',
      numStartups: 5,
      customApiKeyResponses: { approved: [FAKE_KEY.slice(-20)], rejected: [] },
      projects: { [cwd]: { hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true, allowedTools: [] } },
    }),
  );
  return { root, home, cwd };
}

function q(a) {
  return `'${a.replace(/'/g, `'\\''`)}'`;
}

async function run(sc) {
  const box = sandbox();
  const server = await startFakeAnthropic({ script: sc.script });
  const rawFile = path.join(box.root, 'out.raw');
  const timingFile = path.join(box.root, 'out.timing');
  const inner = `stty cols 100 rows 30; exec ${q(BIN)} ${q(sc.prompt)}`;
  const child = spawn('script', ['-qfe', '-T', timingFile, '-c', inner, rawFile], {
    cwd: box.cwd,
    stdio: ['pipe', 'ignore', 'inherit'],
    env: {
      PATH: process.env.PATH,
      HOME: box.home,
      USER: 'dev',
      LANG: 'C.UTF-8',
      TERM: 'xterm-256color',
      SHELL: '/bin/bash',
      TMPDIR: path.join(box.root, 'tmp'),
      ANTHROPIC_BASE_URL: server.url,
      ANTHROPIC_API_KEY: FAKE_KEY,
      DISABLE_TELEMETRY: '1',
      DISABLE_ERROR_REPORTING: '1',
      DISABLE_AUTOUPDATER: '1',
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      ...sc.env,
    },
  });
  await new Promise((r) => setTimeout(r, sc.runMs));
  child.stdin.write('\x03');
  await new Promise((r) => setTimeout(r, 500));
  child.stdin.write('\x03');
  const closed = new Promise((r) => child.on('close', r));
  const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await closed;
  clearTimeout(killer);
  await server.close?.();
  const bytes = fs.readFileSync(rawFile);
  // Keep the pty bytes without script(1)'s header and footer lines; the timing log covers exactly those bytes.
  let text = bytes.toString('latin1');
  const header = /^Script started[^\n]*\n/.exec(text)?.[0] ?? '';
  const timing = fs.readFileSync(timingFile, 'utf8').trim().split('\n');
  const total = timing.reduce((n, l) => n + Number(l.split(' ')[1] || 0), 0);
  text = text.slice(header.length, header.length + total);
  // Scrub the throw-away prefix with a placeholder of the same length, so the timing's byte counts stay right.
  const placeholder = '/tmp/' + 'x'.repeat(box.root.length - 5);
  text = text.split(box.root).join(placeholder);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, `${sc.name}.raw`), Buffer.from(text, 'latin1'));
  fs.writeFileSync(path.join(OUT_DIR, `${sc.name}.timing`), timing.join('\n') + '\n');
  fs.rmSync(box.root, { recursive: true, force: true });
  process.stderr.write(`[terminal-fixtures] ${sc.name}: ${bytes.length} bytes\n`);
}

const wanted = process.argv.slice(2);
for (const sc of SCENARIOS.filter((s) => wanted.length === 0 || wanted.includes(s.name))) {
  await run(sc);
}
