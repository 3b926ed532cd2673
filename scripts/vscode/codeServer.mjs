// Shared helpers to run the real VS Code workbench (code-server) and a headless
// Chromium on machines without internet access (see ../shared/VSCODE-TESTING.md).
//
// Used by scripts/e2e.mjs (end-to-end tests) and reusable by a demo script:
//
//   import { startCodeServer, onShutdown } from './vscode/codeServer.mjs';
//   const server = await startCodeServer({ vsixPaths: [vsix], env: { CLAUDE_CONFIG_DIR: claudeDir } });
//   onShutdown(() => server.stop());          // Ctrl+C stops code-server and all its children
//   console.log(`open ${server.workbenchUrl(workspaceFolder)}`);
//   // stays running: the child process keeps the event loop alive
//
// Node built-ins and playwright-core only.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_PATH, cleanEnv, ensureChromium, ensureCodeServer, run } from './install.mjs';
import { freePort, killTree, settleWithin } from './processes.mjs';

export {
  CHROMIUM_PATH,
  CODE_SERVER_VERSION,
  NODE_MAJOR,
  cacheRoot,
  codeServerCacheDir,
  ensureChromium,
  ensureCodeServer,
} from './install.mjs';
export { descendantPids, freePort, killTree, onShutdown, settleWithin } from './processes.mjs';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const log = (...args) => console.log('[code-server]', ...args);

// ---------- code-server ----------

export const DEFAULT_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'telemetry.feedback.enabled': false,
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.settings.enableNaturalLanguageSearch': false,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'chat.agent.enabled': false,
  'github.copilot.enable': { '*': false },
  'npm.fetchOnlinePackageInfo': false,
  'git.autofetch': false,
  'git.openRepositoryInParentFolders': 'never',
  'typescript.disableAutomaticTypeAcquisition': true,
  'typescript.surveys.enabled': false,
  'json.schemaDownload.enable': false,
  'files.hotExit': 'off',
  'window.restoreWindows': 'none',
  'window.commandCenter': false,
  'workbench.layoutControl.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'notebook.experimental.remoteSave': false,
};

function httpStatus(url, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => {
      req.destroy();
      resolve(0);
    });
    req.on('error', () => resolve(0));
  });
}

/**
 * Starts code-server on a free port of 127.0.0.1.
 *
 * options:
 *   extensionsDir, userDataDir  default: fresh temp folders (removed by stop())
 *   vsixPaths                   VSIX files installed with --install-extension before start
 *   settings                    merged over DEFAULT_SETTINGS into <userDataDir>/User/settings.json
 *   smokeTestDriver             adds --vscode-option enable-smoke-test-driver (needed for extensionTestsPath payloads)
 *   env                         extra environment for code-server; its extension host inherits it
 *   logFile                     where code-server's output goes (default <userDataDir>/code-server.log)
 *   extraArgs                   more code-server arguments
 *   healthTimeoutMs             default 30 s
 *   port                        default: a free port
 * Returns { url, port, pid, userDataDir, extensionsDir, logFile, workbenchUrl(folder, payload?), logTail(), stop() }.
 */
export async function startCodeServer(options = {}) {
  const {
    vsixPaths = [],
    settings = {},
    smokeTestDriver = false,
    env = {},
    extraArgs = [],
    healthTimeoutMs = 30_000,
    quiet = false,
  } = options;
  const { node, codeServerBin } = await ensureCodeServer();
  const tempDirs = [];
  const mk = async (prefix) => {
    const d = await fsp.mkdtemp(path.join(os.tmpdir(), prefix));
    tempDirs.push(d);
    return d;
  };
  const userDataDir = options.userDataDir ?? (await mk('sd-cs-user-'));
  const extensionsDir = options.extensionsDir ?? (await mk('sd-cs-ext-'));
  await fsp.mkdir(path.join(userDataDir, 'User'), { recursive: true });
  await fsp.mkdir(extensionsDir, { recursive: true });
  await fsp.writeFile(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2) + '\n',
  );
  const configFile = path.join(userDataDir, 'config.yaml');
  await fsp.writeFile(configFile, 'auth: none\ncert: false\n');
  const logFile = options.logFile ?? path.join(userDataDir, 'code-server.log');

  const childEnv = cleanEnv(env);
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--config', configFile];

  if (vsixPaths.length) {
    const args = [codeServerBin, ...common];
    for (const v of vsixPaths) args.push('--install-extension', path.resolve(v));
    args.push('--force');
    const t0 = Date.now();
    const out = await run(node, args, { env: childEnv, quiet: true, timeoutMs: 120_000 });
    if (/fail|error/i.test(out) && !/successfully installed/i.test(out)) {
      throw new Error(`installing ${vsixPaths.join(', ')} failed:\n${out}`);
    }
    if (!quiet) log(`installed ${vsixPaths.map((v) => path.basename(v)).join(', ')} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }

  const port = options.port ?? (await freePort());
  const args = [
    codeServerBin,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...common,
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    ...extraArgs,
  ];
  const logStream = fs.createWriteStream(logFile, { flags: 'a' });
  let tail = '';
  const child = spawn(node, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const onData = (chunk) => {
    logStream.write(chunk);
    tail = (tail + chunk.toString()).slice(-8000);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited = null;
  const exitPromise = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      exited = code ?? signal;
      resolve();
    }),
  );
  child.on('error', (err) => {
    exited = String(err);
  });

  const url = `http://127.0.0.1:${port}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (exited === null) await killTree(child.pid);
    await settleWithin(exitPromise, 2000);
    await new Promise((r) => logStream.end(r));
    for (const d of tempDirs) await fsp.rm(d, { recursive: true, force: true }).catch(() => {});
  };

  const deadline = Date.now() + healthTimeoutMs;
  try {
    for (;;) {
      if (exited !== null) throw new Error(`code-server exited (${exited}) before it was healthy:\n${tail}`);
      if ((await httpStatus(`${url}/healthz`)) === 200) break;
      if (Date.now() > deadline) throw new Error(`code-server not healthy after ${healthTimeoutMs} ms:\n${tail}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  } catch (err) {
    await stop();
    throw err;
  }

  /** URL of the workbench for a folder; payload is a list of [key, value] pairs (e.g. extensionTestsPath). */
  const workbenchUrl = (folder, payload) => {
    const q = new URLSearchParams();
    if (folder) q.set('folder', folder);
    if (payload && payload.length) q.set('payload', JSON.stringify(payload));
    return `${url}/?${q.toString()}`;
  };
  /** A vscode-remote URI for an absolute path on this machine, as payloads need. */
  const remoteUri = (absPath) => `vscode-remote://127.0.0.1:${port}${absPath}`;

  return { url, port, pid: child.pid, userDataDir, extensionsDir, logFile, workbenchUrl, remoteUri, logTail: () => tail, stop };
}

/**
 * Headless Debian chromium through playwright-core, with a fresh profile (removed by close()).
 * Signals are not handled here: call close() from the caller's SIGINT/SIGTERM handlers.
 * Returns { context, page, userDataDir, close() }.
 */
export async function launchBrowser({ viewport = { width: 1600, height: 1000 }, extraArgs = [] } = {}) {
  await ensureChromium();
  const { chromium } = await import('playwright-core');
  const userDataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'sd-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS, ...extraArgs],
    viewport,
    timeout: 60_000,
    // The caller owns teardown (playwright's own SIGINT handler would exit the process before the
    // caller's cleanup has stopped code-server): call close() from your signal handlers.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    const browserPid = findChromiumPid(userDataDir);
    await settleWithin(
      context.close().catch(() => {}),
      10_000,
    );
    if (browserPid) await killTree(browserPid, 'SIGTERM', { graceMs: 2000 });
    await fsp.rm(userDataDir, { recursive: true, force: true }).catch(() => {});
  };
  return { context, page, userDataDir, close };
}

/** The PID of the chromium main process started with this profile (for a last-resort kill). */
function findChromiumPid(userDataDir) {
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (cmd.includes(`--user-data-dir=${userDataDir}`) && !cmd.includes('--type=')) return Number(name);
    } catch {
      /* gone */
    }
  }
  return undefined;
}

// Allow `node scripts/vscode/codeServer.mjs install` to warm the cache.
if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === 'install') {
  const t0 = Date.now();
  await ensureChromium();
  const r = await ensureCodeServer();
  console.log(JSON.stringify(r), `${Date.now() - t0} ms`);
}
