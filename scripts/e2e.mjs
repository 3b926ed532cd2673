// End-to-end tests of the packaged extension in the real VS Code workbench (code-server).
//
//   npm run package && npm run test:e2e
//
// 1. ensure Debian chromium and code-server (cached outside the repo, see scripts/vscode/codeServer.mjs)
// 2. take the newest session-doctor-*.vsix of the repo root (or $SESSION_DOCTOR_VSIX)
// 3. compile the integration tests (tsc -p tsconfig.test.json -> out/test/integration/*.js)
// 4. temp workspace + temp Claude config dir (CLAUDE_CONFIG_DIR=<tmp>/claude, fixture transcripts copied in)
// 5. code-server with the VSIX installed and the smoke-test driver; chromium opens the workbench with a
//    payload whose extensionTestsPath runs out/test/integration/index.js's run() in the extension host
// 6. optional page-side checks: test/e2e/ui.checks.mjs (or $SESSION_DOCTOR_UI_CHECKS), run on a fresh page of a
//    plain code-server on the same folders (the smoke-test driver hides notification toasts). Its default export
//    gets { page, workspace, claudeDir, projectDir, server, ui, assert, check }: `await check(name, async () => {...})`
//    counts one test and carries on after a failure; a top-level assert.* call counts one test and a failing
//    one ends the hook; a hook that counts nothing counts as one test. Screenshots on failure.
// 7. prints "N passed, N failed"; exit code 0 only when everything passed
//
// Environment knobs: SESSION_DOCTOR_E2E_PHASES (host,ui,agents), SESSION_DOCTOR_AGENT_CHECKS (other scenario modules, comma-separated),
// SESSION_DOCTOR_E2E_SCENARIOS (only the scenario modules whose file name contains one of these, comma-separated),
// SESSION_DOCTOR_VSIX (another VSIX), SESSION_DOCTOR_UI_CHECKS (another checks module),
// SESSION_DOCTOR_E2E_GREP (mocha grep), SESSION_DOCTOR_E2E_TESTS_INDEX (a prebuilt runner, skips tsc),
// SESSION_DOCTOR_E2E_VERBOSE=1 (print the workbench console too), SESSION_DOCTOR_E2E_KEEP=1 (keep the temp
// folder), SESSION_DOCTOR_CACHE (code-server cache root), SESSION_DOCTOR_TEST_OUTPUT (screenshots/logs folder).
//
// What the extension host gets (environment of code-server, inherited by its extension host):
//   CLAUDE_CONFIG_DIR=<tmp>/claude   with projects/<workspace path, "/" -> "-">/*.jsonl copied from test/fixtures/claude
//   HOME=<tmp>/home                  so nothing falls back to the real ~/.claude
//   TMPDIR=<tmp>/tmp-<phase>         so Gemini CLI error reports left in the machine's /tmp are not read
//   SESSION_DOCTOR_E2E=1, SESSION_DOCTOR_E2E_WORKSPACE, SESSION_DOCTOR_E2E_CLAUDE_DIR, SESSION_DOCTOR_E2E_PROJECT_DIR,
//   SESSION_DOCTOR_E2E_EXTENSIONS_DIR, SESSION_DOCTOR_E2E_FIXTURES (repo test/fixtures), SESSION_DOCTOR_E2E_GREP

import assertModule from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import util from 'node:util';

import { ensureChromium, ensureCodeServer, launchBrowser, startCodeServer } from './vscode/codeServer.mjs';
import * as ui from './vscode/ui.mjs';
import { copyTranscriptShifted } from './fixtureReplay.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outputDir = ui.OUTPUT_DIR;
const TOTAL_TIMEOUT_MS = 2_400_000;
const IN_HOST_TIMEOUT_MS = 150_000;
const UI_CHECKS_TIMEOUT_MS = 90_000;
const AGENT_CHECKS_TIMEOUT_MS = 300_000;
// Which phases run (SESSION_DOCTOR_E2E_PHASES=host,ui,agents by default), for working on one of them.
const PHASES = new Set((process.env.SESSION_DOCTOR_E2E_PHASES || 'host,ui,agents').split(',').map((p) => p.trim()));
/** The scenario modules of phase 3, in run order (see phase 3 in main()). */
function scenarioFiles() {
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
// Keep in sync with test/integration/index.ts.
const RESULT_MARKER = 'SESSION_DOCTOR_MOCHA_RESULT';
const MOCHA_TAG = '[sd-mocha] ';
const HOST_TAG = '[sd-host] ';

// User settings of the e2e window (over the harness defaults of codeServer.mjs): warnings such as a context-window
// overflow notify too, so the UI checks can see both a HIGH and a CRITICAL notification.
const E2E_SETTINGS = {
  'sessionDoctor.notifications.minimumSeverity': 'HIGH',
};

// Workbench console lines that are expected offline; kept in page-console.log, left out of the failure summary.
const WORKBENCH_NOISE =
  /open-vsx\.org|ERR_NAME_NOT_RESOLVED|status of 404|authentication provider 'github'|same-origin iframe|allow-same-origin|Resolv(ing|ed) connection token|Creating a socket|reconnection-grace-time|AccountPolicyGate|AgentHost:remote|Service Worker\] registered|additional builtin extensions cache|integration test\(s\) failed/;

const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const say = (...args) => console.log(`[e2e ${elapsed()}]`, ...args);

const totals = { passed: 0, failed: 0 };
/** What failed, by name, for the last line of the run (a CI log's tail often shows nothing else). */
const failedNames = [];
/** Counts `n` failures of `name`. */
function failed(name, n = 1) {
  totals.failed += n;
  failedNames.push(n === 1 ? name : `${name} (${n})`);
}
const cleanups = [];
let cleaningUp;

function cleanup() {
  cleaningUp ??= (async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (err) {
        console.error('[e2e] cleanup error:', err?.message ?? err);
      }
    }
  })();
  return cleaningUp;
}

function finish(code) {
  if (failedNames.length > 0) console.log(`failed: ${failedNames.join('; ')}`);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  process.exitCode = code;
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (cleaningUp) return; // already stopping
    console.error(`\n[e2e] ${sig}: stopping code-server and the browser`);
    failed(`stopped by ${sig}`);
    cleanup().finally(() => {
      finish(130);
      process.exit(130);
    });
  });
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** An error whose message says it all (printed without a stack). */
function userError(message) {
  return Object.assign(new Error(message), { expected: true });
}

function findVsix() {
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

function compileTests() {
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

async function copyFixtures(claudeDir, workspace) {
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

/** Turns a forwarded console message into text (the host's lines arrive as "%c[Extension Host]", css, ...args). */
async function consoleText(msg) {
  let values;
  try {
    values = await Promise.all(msg.args().map((a) => a.jsonValue().catch(() => a.toString())));
  } catch {
    return msg.text();
  }
  if (!values.length) return msg.text();
  let prefix = '';
  if (typeof values[0] === 'string' && values[0].startsWith('%c')) {
    prefix = values[0].slice(2).replace(/%c/g, '');
    values = values.slice(1 + (values[0].match(/%c/g)?.length ?? 1));
  }
  const body = values.length ? util.format(...values) : '';
  return { prefix, body };
}

/**
 * Runs a page-side checks hook: `await check(name, async () => {...})` counts one test and carries on after a failure;
 * a top-level assert.* call counts one test; a hook that counts nothing counts as one test. Adds to the totals.
 */
async function runPageChecks(label, page, url, hook, args, timeoutMs) {
  const counts = { passed: 0, failed: 0, names: [] };
  let depth = 0;
  let checksClosed = false; // after a time-out the hook may still be running: ignore it from then on
  const check = async (name, fn) => {
    if (checksClosed) return false;
    depth++;
    try {
      await fn();
      counts.passed++;
      console.log(`  ✔ ${name}`);
      return true;
    } catch (err) {
      if (checksClosed) return false;
      counts.failed++;
      counts.names.push(name);
      console.log(
        `  ✘ ${name}\n      ${String(err?.stack ?? err)
          .split('\n')
          .join('\n      ')}`,
      );
      await ui.screenshot(page, `failure-${label.replace(/\W+/g, '-')}-${name}`).catch(() => {});
      return false;
    } finally {
      depth--;
    }
  };
  // Each top-level assert.* call counts as one check (assertions inside check() count as that check).
  const assert = new Proxy(assertModule, {
    get(target, prop) {
      const v = target[prop];
      if (typeof v !== 'function' || prop === 'AssertionError') return v;
      return (...a) => {
        const r = v.apply(target, a);
        const count = () => {
          if (depth === 0 && !checksClosed) counts.passed++;
        };
        if (r && typeof r.then === 'function')
          return r.then((x) => {
            count();
            return x;
          });
        count();
        return r;
      };
    },
  });
  try {
    await page.goto(url, { timeout: 60_000 });
    await ui.waitForWorkbench(page);
    await withTimeout(hook({ ...args, assert, check }), timeoutMs, label);
    if (counts.passed + counts.failed === 0) counts.passed++; // a hook without counted checks: one test
  } catch (err) {
    checksClosed = true;
    counts.failed++;
    // The summary's last lines are what a CI tail keeps: name the cause there, not only in the scenario's own output.
    counts.names.push(
      `aborted: ${String(err?.message ?? err)
        .replace(/\s+/g, ' ')
        .slice(0, 400)}`,
    );
    console.log(
      `  ✘ ${label} aborted: ${String(err?.stack ?? err)
        .split('\n')
        .slice(0, 6)
        .join('\n      ')}`,
    );
    await ui.screenshot(page, `failure-${label.replace(/\W+/g, '-')}`).catch(() => {});
  }
  checksClosed = true;
  say(`${label}: ${counts.passed} passed, ${counts.failed} failed`);
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  failedNames.push(...counts.names.map((n) => `${label}: ${n}`));
}

async function main() {
  await fsp.mkdir(outputDir, { recursive: true });
  // Drop this runner's outputs of a previous run, so a stale failure screenshot cannot mislead.
  for (const f of await fsp.readdir(outputDir)) {
    if (/^(failure-.*\.png|e2e-final\.png|code-server\.log|page-console\.log)$/.test(f))
      await fsp.rm(path.join(outputDir, f), { force: true });
  }
  await ensureChromium();
  await ensureCodeServer();
  say('chromium + code-server ready');
  // The time limit covers the test run, not a cold code-server install (~3 min, once per machine).
  const globalTimer = setTimeout(() => {
    console.error(`[e2e] total time limit of ${TOTAL_TIMEOUT_MS / 1000} s reached`);
    failed('total time limit');
    cleanup().finally(() => {
      finish(1);
      process.exit(1);
    });
  }, TOTAL_TIMEOUT_MS);
  globalTimer.unref();
  const vsix = findVsix();
  say(`VSIX: ${path.relative(repoRoot, vsix) || vsix}`);
  let testsIndex;
  if (process.env.SESSION_DOCTOR_E2E_TESTS_INDEX) {
    testsIndex = path.resolve(process.env.SESSION_DOCTOR_E2E_TESTS_INDEX);
    say(`integration tests: ${testsIndex} (not compiled here)`);
  } else {
    testsIndex = await compileTests();
    say('integration tests compiled');
  }

  const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'sd-e2e-'));
  if (process.env.SESSION_DOCTOR_E2E_KEEP) say(`keeping ${tmp}`);
  else cleanups.push(() => fsp.rm(tmp, { recursive: true, force: true }));
  const workspace = path.join(tmp, 'workspace');
  const claudeDir = path.join(tmp, 'claude');
  const home = path.join(tmp, 'home');
  const extensionsDir = path.join(tmp, 'extensions');
  const userDataDir = path.join(tmp, 'user-data');
  const harnessDir = path.join(tmp, 'harness-extension');
  for (const d of [workspace, claudeDir, home, extensionsDir, userDataDir, harnessDir]) await fsp.mkdir(d, { recursive: true });
  await fsp.writeFile(path.join(workspace, 'README.md'), '# Session Doctor e2e workspace\n');
  const { projectDir, copied } = await copyFixtures(claudeDir, workspace);
  say(`workspace ${workspace}; CLAUDE_CONFIG_DIR ${claudeDir} (${copied} fixture transcript(s))`);

  // extensionTestsPath is only honoured together with an extensionDevelopmentPath. Point that at an empty
  // stub extension so that the extension under test stays the one installed from the VSIX.
  await fsp.writeFile(
    path.join(harnessDir, 'package.json'),
    JSON.stringify(
      {
        name: 'e2e-harness',
        publisher: 'session-doctor-tests',
        version: '0.0.0',
        engines: { vscode: '^1.138.0' },
        description: 'Empty extension: lets the workbench run extensionTestsPath.',
      },
      null,
      2,
    ),
  );

  const hostTmp = path.join(tmp, 'tmp-host');
  await fsp.mkdir(hostTmp, { recursive: true });
  const hostEnv = {
    HOME: home,
    TMPDIR: hostTmp,
    CLAUDE_CONFIG_DIR: claudeDir,
    SESSION_DOCTOR_E2E: '1',
    SESSION_DOCTOR_E2E_WORKSPACE: workspace,
    SESSION_DOCTOR_E2E_CLAUDE_DIR: claudeDir,
    SESSION_DOCTOR_E2E_PROJECT_DIR: projectDir,
    SESSION_DOCTOR_E2E_EXTENSIONS_DIR: extensionsDir,
    SESSION_DOCTOR_E2E_FIXTURES: path.join(repoRoot, 'test', 'fixtures'),
    ...(process.env.SESSION_DOCTOR_E2E_GREP ? { SESSION_DOCTOR_E2E_GREP: process.env.SESSION_DOCTOR_E2E_GREP } : {}),
  };
  let server = await startCodeServer({
    userDataDir,
    extensionsDir,
    settings: E2E_SETTINGS,
    vsixPaths: [vsix],
    smokeTestDriver: true,
    env: hostEnv,
    logFile: path.join(outputDir, 'code-server.log'),
  });
  cleanups.push(() => server.stop());
  say(`code-server ${server.url} (pid ${server.pid})`);

  const browser = await launchBrowser();
  cleanups.push(() => browser.close());
  const { context } = browser;
  let page = browser.page;

  // ---- phase 1: mocha inside the extension host ----
  let mochaResult;
  let printing = Promise.resolve();
  const otherLines = [];
  const consoleLog = fs.createWriteStream(path.join(outputDir, 'page-console.log'));
  cleanups.push(() => new Promise((r) => consoleLog.end(r)));
  const verbose = !!process.env.SESSION_DOCTOR_E2E_VERBOSE;
  const attachConsole = (p, label) => {
    p.on('console', (msg) => {
      printing = printing
        .then(async () => {
          const t = await consoleText(msg);
          const { prefix, body } = typeof t === 'string' ? { prefix: '', body: t } : t;
          consoleLog.write(`[${label} ${msg.type()}]${prefix} ${body}\n`);
          const at = (tag) => body.indexOf(tag);
          if (at(RESULT_MARKER) >= 0) {
            try {
              mochaResult = JSON.parse(body.slice(at(RESULT_MARKER) + RESULT_MARKER.length).trim());
            } catch {
              /* stays undefined */
            }
          } else if (at(MOCHA_TAG) >= 0) {
            console.log(body.slice(at(MOCHA_TAG) + MOCHA_TAG.length));
          } else if (at(HOST_TAG) >= 0) {
            for (const line of body.slice(at(HOST_TAG) + HOST_TAG.length).split('\n')) console.log(`      (host) ${line}`);
          } else {
            const line = `  [${label} ${msg.type()}]${prefix} ${body}`.slice(0, 2000);
            if (verbose) console.log(line);
            if (!WORKBENCH_NOISE.test(line)) otherLines.push(line);
            if (otherLines.length > 60) otherLines.shift();
          }
        })
        .catch(() => {});
    });
    p.on('pageerror', (err) => {
      consoleLog.write(`[${label} pageerror] ${err.stack ?? err.message}\n`);
      otherLines.push(`  [${label} pageerror] ${err.message}`);
    });
  };
  attachConsole(page, 'page');

  let resolveExit;
  const exitCode = new Promise((r) => {
    resolveExit = r;
  });
  await page.exposeFunction('codeAutomationExit', (code) => {
    resolveExit(Number(code));
  });
  const payload = [
    ['extensionDevelopmentPath', server.remoteUri(harnessDir)],
    ['extensionTestsPath', server.remoteUri(testsIndex)],
  ];
  let inHostOk = false;
  if (!PHASES.has('host')) {
    inHostOk = true;
    say('in-host tests skipped (SESSION_DOCTOR_E2E_PHASES)');
  } else
    try {
      say('running the integration tests in the extension host');
      await page.goto(server.workbenchUrl(workspace, payload), { timeout: 60_000 });
      const code = await withTimeout(exitCode, IN_HOST_TIMEOUT_MS, 'the in-host test run');
      await printing;
      // The result line is logged before run() settles; give a late console message a moment.
      for (let i = 0; i < 20 && !mochaResult; i++) {
        await new Promise((r) => setTimeout(r, 100));
        await printing;
      }
      say(`extension host test run exited with code ${code}`);
      if (!mochaResult) {
        console.error('[e2e] no mocha result line came through the page console');
        failed('in-host tests: no result line');
      } else {
        totals.passed += mochaResult.passed;
        if (mochaResult.failed > 0) failed('in-host tests', mochaResult.failed);
      }
      inHostOk = code === 0 && !!mochaResult && mochaResult.failed === 0;
      if (code !== 0 && mochaResult && mochaResult.failed === 0) failed(`in-host tests: exit code ${code}`); // crashed outside mocha's count
    } catch (err) {
      await printing;
      console.error(`[e2e] ${err.message}`);
      failed(`in-host tests: ${err.message}`);
    }
  if (!inHostOk) {
    await ui.screenshot(page, 'failure-in-host').catch(() => {});
    if (!verbose && otherLines.length) {
      console.log('[e2e] last workbench console lines (all in test-output/page-console.log):');
      for (const l of otherLines.slice(-25)) console.log(l.split('\n').slice(0, 3).join('\n'));
    }
  }

  // ---- phase 2: page-side UI checks on a fresh window ----
  // The test run stops its extension host, and the smoke-test driver suppresses notification toasts
  // (and changes other workbench behaviour), so the checks get a plain code-server on the same
  // user-data and extensions folders (the VSIX stays installed) and a new page.
  const checksFile = process.env.SESSION_DOCTOR_UI_CHECKS
    ? path.resolve(process.env.SESSION_DOCTOR_UI_CHECKS)
    : path.join(repoRoot, 'test', 'e2e', 'ui.checks.mjs');
  if (fs.existsSync(checksFile) && PHASES.has('ui')) {
    await page.close().catch(() => {});
    await server.stop();
    // The checks module may prepare the stopped installation (e.g. damage a file) before the UI phase starts.
    const checksModule = await import(pathToFileURL(checksFile).href);
    if (typeof checksModule.beforeStart === 'function') {
      await checksModule.beforeStart({ userDataDir, extensionsDir, workspace, claudeDir, projectDir });
    }
    server = await startCodeServer({
      userDataDir,
      extensionsDir,
      settings: E2E_SETTINGS,
      env: hostEnv,
      logFile: path.join(outputDir, 'code-server.log'),
    });
    cleanups.push(() => server.stop());
    say(`code-server for the UI checks ${server.url} (pid ${server.pid})`);
    page = await context.newPage();
    attachConsole(page, 'ui');
    say(`UI checks: ${path.relative(repoRoot, checksFile)}`);
    const mod = await import(pathToFileURL(checksFile).href);
    await runPageChecks(
      'UI checks',
      page,
      server.workbenchUrl(workspace),
      (args) => mod.default(args),
      { page, workspace, claudeDir, projectDir, server, ui },
      UI_CHECKS_TIMEOUT_MS,
    );
  }

  // ---- phase 3: scenarios with real agents in terminals, each on a fresh window (own user data, own HOME, the VSIX stays
  // installed): test/e2e/agents.checks.mjs, then every test/e2e/*.scenario.mjs in name order (or the comma-separated
  // $SESSION_DOCTOR_AGENT_CHECKS). A module exports prepare({ tmp, workspace, home }) -> { env, settings, context, stop }
  // and a default checks function, like agents.checks.mjs; SESSION_DOCTOR_E2E_SCENARIOS=<substring>,... keeps only those.
  if (PHASES.has('agents')) {
    for (const scenarioFile of scenarioFiles()) {
      await page.close().catch(() => {});
      await server.stop();
      const name = path.basename(scenarioFile).replace(/\.(scenario|checks)\.mjs$/, '');
      const scenario = await import(pathToFileURL(scenarioFile).href);
      const scenarioUserData = path.join(tmp, `user-data-${name}`);
      const scenarioHome = path.join(tmp, `home-${name}`);
      const scenarioTmp = path.join(tmp, `tmp-${name}`);
      for (const dir of [scenarioUserData, scenarioHome, scenarioTmp]) await fsp.mkdir(dir, { recursive: true });
      const prep = await scenario.prepare({ tmp, workspace, home: scenarioHome });
      cleanups.push(() => prep.stop());
      server = await startCodeServer({
        userDataDir: scenarioUserData,
        extensionsDir,
        settings: { ...E2E_SETTINGS, ...prep.settings },
        env: { ...hostEnv, HOME: scenarioHome, TMPDIR: scenarioTmp, ...prep.env },
        logFile: path.join(outputDir, `code-server-${name}.log`),
      });
      cleanups.push(() => server.stop());
      say(`code-server for the ${name} checks ${server.url} (pid ${server.pid})`);
      page = await context.newPage();
      attachConsole(page, name);
      say(`${name} checks: ${path.relative(repoRoot, scenarioFile)}`);
      await runPageChecks(
        `${name} checks`,
        page,
        server.workbenchUrl(workspace),
        (args) => scenario.default(args),
        { page, workspace, server, ui, context: prep.context },
        scenario.TIMEOUT_MS ?? AGENT_CHECKS_TIMEOUT_MS,
      );
    }
  }

  const shot = await ui.screenshot(page, 'e2e-final').catch((err) => {
    console.error(`[e2e] screenshot failed: ${err.message}`);
  });
  if (shot) say(`screenshot ${path.relative(repoRoot, shot)}`);
  clearTimeout(globalTimer);
}

try {
  await main();
} catch (err) {
  if (!cleaningUp) {
    console.error(`[e2e] ERROR: ${err?.expected ? err.message : (err?.stack ?? err)}`);
    failed(`runner: ${String(err?.message ?? err).split('\n')[0]}`);
  }
}
await cleanup();
say('done');
finish(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
process.exit(); // with process.exitCode; nothing left over (e.g. a timed-out hook) may print after the totals
