#!/usr/bin/env node
// Makes the spool fixture from the real Claude Code CLI: runs `claude -p` (the cached @anthropic-ai/claude-code from
// scripts/make-claude-fixtures.mjs) against our fake Anthropic API server on 127.0.0.1 with a throw-away HOME whose
// ~/.claude/settings.json holds exactly the hooks snippet of the README section "Claude Code hooks" (HOOKS_SETTINGS below), so the
// payloads in test/fixtures/spool/claude-code-hooks.jsonl are what Claude Code really hands its hooks, appended by our
// snippet. Runs: a first turn, a turn whose requests all get 429, and `/compact` on the first session.
//
// Usage: node scripts/make-spool-fixtures.mjs      Env: SESSION_DOCTOR_CACHE (default ~/.cache/session-doctor)

import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { sandboxEnv } from './agents/fixtureRun.mjs';
import { ensureClaude } from './make-claude-fixtures.mjs';

const require = createRequire(import.meta.url);
const { startFakeAnthropic } = require('../test/harness/fakeAnthropic.js');

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = ensureClaude(); // the pinned Claude Code, from the cache (installed there once)
const OUT = path.join(REPO, 'test', 'fixtures', 'spool', 'claude-code-hooks.jsonl');

/** The hook command of the README: appends the payload (plus `ts`, epoch ms) as one line to ~/.session-doctor/spool/claude-code.jsonl. */
export const HOOK_COMMAND =
  "node -e \"const f=require('fs'),p=require('path'),d=p.join(require('os').homedir(),'.session-doctor','spool');let s='';process.stdin.on('data',c=>s+=c).on('end',()=>{try{const o=JSON.parse(s);o.ts=Date.now();f.mkdirSync(d,{recursive:true});f.appendFileSync(p.join(d,'claude-code.jsonl'),JSON.stringify(o)+'\\n')}catch(e){}})\"";

/** The `hooks` block of ~/.claude/settings.json. */
export const HOOKS_SETTINGS = {
  hooks: Object.fromEntries(
    ['Notification', 'Stop', 'StopFailure', 'PreCompact', 'SessionEnd'].map((event) => [
      event,
      [{ hooks: [{ type: 'command', command: HOOK_COMMAND }] }],
    ]),
  ),
};

function run(args, { home, cwd, url }) {
  return new Promise((resolve) => {
    const child = spawn(BIN, args, {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...sandboxEnv({ home, noColor: false }),
        ANTHROPIC_BASE_URL: url,
        ANTHROPIC_API_KEY: 'sk-ant-test-fixture-key-0000000000000000',
        DISABLE_TELEMETRY: '1',
        DISABLE_ERROR_REPORTING: '1',
        DISABLE_AUTOUPDATER: '1',
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        CLAUDE_CODE_MAX_RETRIES: '2',
      },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

async function main() {
  const root = path.join(os.tmpdir(), `sdsp${randomBytes(5).toString('hex')}`);
  const home = path.join(root, 'home', 'dev');
  const cwd = path.join(home, 'projects', 'demo-app');
  fs.mkdirSync(cwd, { recursive: true });
  fs.mkdirSync(path.join(home, '.claude'), { recursive: true });
  fs.writeFileSync(path.join(home, '.claude', 'settings.json'), JSON.stringify(HOOKS_SETTINGS, null, 2));
  const session = randomUUID();
  const common = ['--system-prompt-snapshot', 'off', '--tools', 'Bash'];
  try {
    let server = await startFakeAnthropic({
      script: [
        { type: 'text', text: 'Noted: the number is 42.' },
        { type: 'text', text: 'Summary: the user asked me to remember 42.' },
      ],
    });
    console.log(
      (await run(['-p', '--session-id', session, 'Remember the number 42', ...common], { home, cwd, url: server.url })).out.trim(),
    );
    console.log((await run(['-p', '--resume', session, '/compact', ...common], { home, cwd, url: server.url })).out.trim());
    await server.close();
    server = await startFakeAnthropic({ script: 'rate_limit_forever' });
    console.log((await run(['-p', 'Say hello', ...common], { home, cwd, url: server.url })).out.trim());
    await server.close();
    const spool = path.join(home, '.session-doctor', 'spool', 'claude-code.jsonl');
    const dashed = root.replace(/[^a-zA-Z0-9]/g, '-');
    const text = fs.readFileSync(spool, 'utf8').split(root).join('').split(dashed).join('');
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    fs.writeFileSync(OUT, text);
    console.log(`wrote ${OUT}: ${text.split('\n').filter(Boolean).length} hook payload(s)`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
