// What the fixture scripts (make-<agent>-fixtures.mjs) and the e2e share about the agent CLIs they run:
// installing a pinned version from the npm registry into a versioned cache folder once (and finding a Node script CLI
// in it), and running one CLI with a time limit while collecting its output.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The cache root (SESSION_DOCTOR_CACHE, default ~/.cache/session-doctor). */
export const CACHE = process.env.SESSION_DOCTOR_CACHE || path.join(os.homedir(), '.cache', 'session-doctor');

/**
 * The working binary of `pkg@version`, installed once into `<CACHE>/<name>-<version>`: `find(dir)` returns the binary of
 * an install in `dir` when it runs, else undefined. The install goes to a temporary folder first and is renamed into place
 * when it works, so an interrupted install never looks done. `foregroundScripts`: npm 11 may otherwise not run a
 * postinstall that puts a native binary in place. Throws when npm fails or the installed binary does not run.
 */
export function ensureNpmTool({
  name,
  pkg,
  version,
  find,
  foregroundScripts = false,
  log = (m) => process.stderr.write(`[fixtures] ${m}\n`),
}) {
  const installDir = path.join(CACHE, `${name}-${version}`);
  const found = fs.existsSync(installDir) && find(installDir);
  if (found) return found;
  fs.mkdirSync(CACHE, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(CACHE, `.tmp-${name}-${version}-`));
  log(`installing ${pkg}@${version} into ${tmp}`);
  fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ name: `${name}-cache`, private: true }) + '\n');
  const r = spawnSync(
    'npm',
    ['install', ...(foregroundScripts ? ['--foreground-scripts'] : []), '--no-audit', '--no-fund', '--no-save', `${pkg}@${version}`],
    { cwd: tmp, stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error(`npm install of ${pkg}@${version} failed (${r.status})`);
  if (!find(tmp)) throw new Error(`${pkg}@${version} was installed but does not run on ${process.platform}-${process.arch}`);
  fs.rmSync(installDir, { recursive: true, force: true });
  fs.renameSync(tmp, installDir);
  return find(installDir);
}

/**
 * A `find` for ensureNpmTool when the CLI is a Node script: `<dir>/node_modules/<...rel>`, when `node <it> --version`
 * (with HOME the install folder and nothing else of the caller's but PATH) succeeds and prints `version` on stdout or
 * stderr; else undefined.
 */
export function nodeScriptFinder(rel, version) {
  return (dir) => {
    const bin = path.join(dir, 'node_modules', ...rel);
    const r = spawnSync(process.execPath, [bin, '--version'], {
      encoding: 'utf8',
      timeout: 60000,
      env: { PATH: process.env.PATH, HOME: dir },
    });
    return r.status === 0 && `${r.stdout}${r.stderr}`.includes(version) ? bin : undefined;
  };
}

/**
 * Runs `command args` in its own process group with stdin closed, collecting stdout and stderr; after `timeoutMs` the
 * whole group is killed (the CLI and anything it started). Resolves {code, signal, timedOut, stdout, stderr, ms}.
 */
export function runCollect(command, args, { cwd, env, timeoutMs }) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, stdout, stderr, ms: Date.now() - started });
    });
  });
}
