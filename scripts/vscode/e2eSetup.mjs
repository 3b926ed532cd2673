// The e2e run's setup (scripts/e2e.mjs): the VSIX to install, the integration tests compiled, the fixture transcripts
// laid out for a temp CLAUDE_CONFIG_DIR, the scenario modules of phase 3. Node built-ins only.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyTranscriptShifted } from '../fixtureReplay.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** An error whose message says it all (printed without a stack). */
export function userError(message) {
  return Object.assign(new Error(message), { expected: true });
}

/** The VSIX to install: $SESSION_DOCTOR_VSIX, else the newest session-doctor-*.vsix of the repo root. */
export function findVsix() {
  if (process.env.SESSION_DOCTOR_VSIX) {
    const p = path.resolve(process.env.SESSION_DOCTOR_VSIX);
    if (!fs.existsSync(p)) throw userError(`SESSION_DOCTOR_VSIX=${p} does not exist`);
    return p;
  }
  const candidates = fs
    .readdirSync(repoRoot)
    .filter((f) => /^session-doctor-.*\.vsix$/.test(f))
    .map((f) => ({ f: path.join(repoRoot, f), m: fs.statSync(path.join(repoRoot, f)).mtimeMs }))
    .sort((a, b) => b.m - a.m);
  if (!candidates.length) throw userError(`no session-doctor-*.vsix in ${repoRoot}: run npm run package first`);
  return candidates[0].f;
}

/** Compiles the tests (tsc -p tsconfig.test.json); resolves with out/test/integration/index.js. */
export function compileTests() {
  return new Promise((resolve, reject) => {
    const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const child = spawn(process.execPath, [tsc, '-p', 'tsconfig.test.json', '--pretty', 'false'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('tsc timed out after 120 s'));
    }, 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      const index = path.join(repoRoot, 'out', 'test', 'integration', 'index.js');
      if (code !== 0) {
        // Type errors elsewhere in the tree must not hide the e2e result (tsc still emits), but errors
        // in the integration tests themselves, or a missing runner, fail the run.
        const own = out.split('\n').filter((l) => /^test[\\/]integration[\\/]/.test(l));
        console.error(`[e2e] tsc reported errors:\n${out.trim()}`);
        if (own.length || !fs.existsSync(index)) return reject(userError('the integration tests do not compile'));
        console.error('[e2e] (errors are outside test/integration: continuing with the emitted JavaScript)');
      }
      if (!fs.existsSync(index)) return reject(new Error(`${index} was not produced by tsc`));
      resolve(index);
    });
  });
}

/** Claude Code's project folder name for a cwd: every "/" (and ".") becomes "-". */
const claudeProjectName = (cwd) => cwd.replace(/[\\/.]/g, '-');

/** Lays test/fixtures/claude out under `claudeDir` (loose transcripts into the workspace's project folder, shifted to now). */
export async function copyFixtures(claudeDir, workspace) {
  const fixtures = path.join(repoRoot, 'test', 'fixtures', 'claude');
  const projects = path.join(claudeDir, 'projects');
  const projectDir = path.join(projects, claudeProjectName(workspace));
  await fsp.mkdir(projectDir, { recursive: true });
  if (!fs.existsSync(fixtures)) return { projectDir, copied: 0 };
  let copied = 0;
  if (fs.existsSync(path.join(fixtures, 'projects'))) {
    // A ready-made projects/ tree: copy as is.
    await fsp.cp(path.join(fixtures, 'projects'), projects, { recursive: true });
    for (const e of await fsp.readdir(projects, { recursive: true })) if (String(e).endsWith('.jsonl')) copied++;
  }
  // Loose transcripts (anywhere else under test/fixtures/claude): into the workspace's project folder.
  for (const rel of await fsp.readdir(fixtures, { recursive: true })) {
    const relStr = String(rel);
    if (!relStr.endsWith('.jsonl') || relStr.startsWith(`projects${path.sep}`)) continue;
    // Recorded sessions are replayed as if they had just happened (only the last 24 h are shown).
    await copyTranscriptShifted(path.join(fixtures, relStr), path.join(projectDir, path.basename(relStr)));
    copied++;
  }
  return { projectDir, copied };
}

/**
 * The scenario modules of the e2e's phase 3, in run order: test/e2e/agents.checks.mjs, then every test/e2e/*.scenario.mjs
 * by name (or $SESSION_DOCTOR_AGENT_CHECKS, comma-separated); $SESSION_DOCTOR_E2E_SCENARIOS keeps those whose file name
 * holds one of its comma-separated parts.
 */
export function scenarioFiles() {
  if (process.env.SESSION_DOCTOR_AGENT_CHECKS) {
    return process.env.SESSION_DOCTOR_AGENT_CHECKS.split(',').map((f) => path.resolve(f.trim()));
  }
  const dir = path.join(repoRoot, 'test', 'e2e');
  const files = [path.join(dir, 'agents.checks.mjs')].concat(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.scenario.mjs'))
      .sort()
      .map((f) => path.join(dir, f)),
  );
  const only = (process.env.SESSION_DOCTOR_E2E_SCENARIOS || '').split(',').filter(Boolean);
  return files.filter((f) => fs.existsSync(f) && (only.length === 0 || only.some((o) => path.basename(f).includes(o))));
}
