#!/usr/bin/env node
// npm run demo: builds the VSIX and opens it in a real VS Code (code-server 4.139.1 = VS Code 1.139.1, installed and
// cached by scripts/vscode/codeServer.mjs) on a demo workspace whose Claude Code sessions are real transcripts (the
// test fixtures, replayed as if they had just happened), including failing ones. A live session then gets three 429s
// and a context overflow appended, so the status bar turns and a notification arrives. Press Enter to append another
// burst. Ctrl+C stops code-server and everything it started.
//
//   npm run demo                            # prints the address to open, runs until Ctrl+C
//   npm run demo -- --port 8080             # a fixed port (still bound to 127.0.0.1)
//   npm run demo -- --screenshot out.png    # headless: opens the demo in chromium, saves a screenshot, exits
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureChromium, ensureCodeServer, launchBrowser, onShutdown, startCodeServer } from './vscode/codeServer.mjs';
import * as ui from './vscode/ui.mjs';
import { copyTranscriptShifted } from './fixtureReplay.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    screenshot: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});

const say = (...a) => console.log('[demo]', ...a);
const FIXTURES = [
  'happy.jsonl',
  'tool_use.jsonl',
  'tool_loop.jsonl',
  'rate_limit_then_ok.jsonl',
  'auth_401.jsonl',
  'overloaded_529.jsonl',
  'compact.jsonl',
];

function build() {
  say('building the VSIX (npm run package)...');
  const r = spawnSync('npm', ['run', 'package', '--silent'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) {
    throw new Error('npm run package failed');
  }
}

function vsixPath() {
  const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const p = path.join(repoRoot, `session-doctor-${version}.vsix`);
  if (!fs.existsSync(p)) {
    throw new Error(`${p} is missing: run npm run package`);
  }
  return p;
}

/** Appends a burst to the live transcript: three 429 retries, then the CLI's "Prompt is too long" error. */
async function appendBurst(transcriptLine, fixtures, file, id, cwd) {
  const now = Date.now();
  let text = '';
  for (let i = 1; i <= 3; i++) {
    text += transcriptLine(fixtures, 'rateLimit429', id, cwd, now + i * 100, i);
  }
  text += transcriptLine(fixtures, 'promptTooLong', id, cwd, now + 500);
  await fsp.appendFile(file, text);
  say(`appended three 429s and a "Prompt is too long" to ${path.basename(file)}`);
}

async function main() {
  if (!args['no-build']) {
    build();
  }
  // The transcript line templates are compiled with the tests.
  spawnSync('npx', ['tsc', '-p', 'tsconfig.test.json'], { cwd: repoRoot, stdio: 'inherit' });
  const { createRequire } = await import('node:module');
  const { transcriptLine, claudeProjectName } = createRequire(import.meta.url)(
    path.join(repoRoot, 'out', 'test', 'integration', 'transcriptLines.js'),
  );

  await ensureCodeServer();
  const root = await fsp.mkdtemp(path.join(os.tmpdir(), 'session-doctor-demo-'));
  const workspace = path.join(root, 'demo-app');
  await fsp.cp(path.join(repoRoot, 'playground'), workspace, { recursive: true });
  const claudeDir = path.join(root, 'claude');
  const projectDir = path.join(claudeDir, 'projects', claudeProjectName(workspace));
  await fsp.mkdir(projectDir, { recursive: true });
  const fixtures = path.join(repoRoot, 'test', 'fixtures');
  for (const f of FIXTURES) {
    await copyTranscriptShifted(path.join(fixtures, 'claude', f), path.join(projectDir, f), Date.now() - 5 * 60_000);
  }
  const liveId = crypto.randomUUID();
  const live = path.join(projectDir, `${liveId}.jsonl`);
  await fsp.writeFile(live, transcriptLine(fixtures, 'prompt', liveId, workspace) + transcriptLine(fixtures, 'reply', liveId, workspace));

  const server = await startCodeServer({
    vsixPaths: [vsixPath()],
    port: args.port ? Number(args.port) : undefined,
    env: { CLAUDE_CONFIG_DIR: claudeDir },
    settings: { 'sessionDoctor.notifications.minimumSeverity': 'HIGH' },
  });
  const closers = [() => server.stop(), () => fsp.rm(root, { recursive: true, force: true })];
  const url = server.workbenchUrl(workspace);

  if (args.screenshot) {
    await ensureChromium();
    const browser = await launchBrowser();
    closers.push(() => browser.close());
    try {
      const page = browser.page;
      await page.goto(url, { timeout: 60_000 });
      await ui.waitForWorkbench(page);
      await ui.waitFor(async () => (await ui.statusBarTexts(page)).some((t) => / ok/.test(t)), {
        timeoutMs: 60_000,
        message: 'Session Doctor in the status bar',
      });
      await ui.openViewContainer(page, 'Session Doctor');
      await appendBurst(transcriptLine, fixtures, live, liveId, workspace);
      await ui.waitFor(async () => (await ui.notificationTexts(page)).some((t) => t.includes('Context window exceeded')), {
        timeoutMs: 20_000,
        message: 'the notification',
      });
      await ui.waitFor(async () => (await ui.statusBarTexts(page)).some((t) => t.includes('3 warning')), {
        timeoutMs: 20_000,
        message: 'the live session counted as a warning',
      });
      await page.waitForTimeout(800); // let the toast's slide-in animation finish (a picture, not a test)
      await page.screenshot({ path: path.resolve(args.screenshot) });
      say(`screenshot saved to ${args.screenshot}`);
    } finally {
      for (const c of closers.reverse()) {
        await c();
      }
    }
    return;
  }

  onShutdown(...closers);
  say(`open ${url}`);
  say('(bound to 127.0.0.1; from another machine, forward the port, e.g. ssh -L <port>:127.0.0.1:<port>)');
  say('in 30 s, and whenever you press Enter, a burst of failures is appended to the live session; Ctrl+C stops the demo');
  setTimeout(() => void appendBurst(transcriptLine, fixtures, live, liveId, workspace), 30_000);
  process.stdin.on('data', () => void appendBurst(transcriptLine, fixtures, live, liveId, workspace));
}

main().catch((e) => {
  console.error('[demo]', e?.message ?? e);
  process.exit(1);
});
