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

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { ensureChromium, ensureCodeServer, launchBrowser, startCodeServer } from './vscode/codeServer.mjs';
import * as ui from './vscode/ui.mjs';
import { compileTests, copyFixtures, findVsix, scenarioFiles } from './vscode/e2eSetup.mjs';
import { consoleText, runPageChecks as pageChecks, withTimeout } from './vscode/pageChecks.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outputDir = ui.OUTPUT_DIR;
const TOTAL_TIMEOUT_MS = 2_400_000;
const IN_HOST_TIMEOUT_MS = 150_000;
const UI_CHECKS_TIMEOUT_MS = 90_000;
const AGENT_CHECKS_TIMEOUT_MS = 300_000;
// Which phases run (SESSION_DOCTOR_E2E_PHASES=host,ui,agents by default), for working on one of them.
const PHASES = new Set((process.env.SESSION_DOCTOR_E2E_PHASES || 'host,ui,agents').split(',').map((p) => p.trim()));
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
/** Checks that failed in a scenario's first run and passed in its second (agents phase). */
const flakyNames = [];
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
  if (flakyNames.length > 0) console.log(`flaky (failed, then passed in a second run): ${flakyNames.join('; ')}`);
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

/** Runs a page-side checks hook (pageChecks.mjs) and adds its counts to the totals. */
async function runPageChecks(label, ...rest) {
  const counts = await pageChecks(label, ...rest);
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
      const name = path.basename(scenarioFile).replace(/\.(scenario|checks)\.mjs$/, '');
      const scenario = await import(pathToFileURL(scenarioFile).href);
      // A scenario with a failed check runs once more from scratch (fresh window, HOME and fault servers), as CI
      // retries a flaky end-to-end test: its second run's counts are the ones that count, and the first run's failures
      // stay in the summary as flaky, so they are read and not forgotten. A check that fails twice fails the run.
      let firstRunFailures = [];
      for (let run = 1; run <= 2; run++) {
        await page.close().catch(() => {});
        await server.stop();
        const dirName = run === 1 ? name : `${name}-rerun`;
        const scenarioUserData = path.join(tmp, `user-data-${dirName}`);
        const scenarioHome = path.join(tmp, `home-${dirName}`);
        const scenarioTmp = path.join(tmp, `tmp-${dirName}`);
        for (const dir of [scenarioUserData, scenarioHome, scenarioTmp]) await fsp.mkdir(dir, { recursive: true });
        // The second run's scenario files (agents' binaries and folders) go to a folder of their own.
        const runTmp = run === 1 ? tmp : path.join(tmp, `rerun-${name}`);
        await fsp.mkdir(runTmp, { recursive: true });
        const prep = await scenario.prepare({ tmp: runTmp, workspace, home: scenarioHome });
        let stopped; // stopped once: before the second run, or at the end
        const stopPrep = () => (stopped ??= prep.stop());
        cleanups.push(stopPrep);
        server = await startCodeServer({
          userDataDir: scenarioUserData,
          extensionsDir,
          settings: { ...E2E_SETTINGS, ...prep.settings },
          env: { ...hostEnv, HOME: scenarioHome, TMPDIR: scenarioTmp, ...prep.env },
          logFile: path.join(outputDir, `code-server-${dirName}.log`),
        });
        cleanups.push(() => server.stop());
        say(`code-server for the ${name} checks${run > 1 ? ' (second run)' : ''} ${server.url} (pid ${server.pid})`);
        page = await context.newPage();
        attachConsole(page, name);
        say(`${name} checks: ${path.relative(repoRoot, scenarioFile)}`);
        const label = `${name} checks`;
        const counts = await pageChecks(
          label,
          page,
          server.workbenchUrl(workspace),
          (args) => scenario.default(args),
          { page, workspace, server, ui, context: prep.context },
          scenario.TIMEOUT_MS ?? AGENT_CHECKS_TIMEOUT_MS,
        );
        say(`${label}${run > 1 ? ' (second run)' : ''}: ${counts.passed} passed, ${counts.failed} failed`);
        if (counts.failed === 0 || run === 2) {
          totals.passed += counts.passed;
          totals.failed += counts.failed;
          failedNames.push(...counts.names.map((n) => `${label}: ${n}`));
          if (counts.failed === 0) flakyNames.push(...firstRunFailures);
          else failedNames.push(...firstRunFailures.map((n) => `${n} (first run)`));
          break;
        }
        firstRunFailures = counts.names.map((n) => `${label}: ${n}`);
        say(`${label}: ${counts.failed} failed; the scenario runs once more from scratch`);
        await stopPrep().catch((err) => console.error(`[e2e] ${name}: stopping its fault servers: ${err?.message ?? err}`));
      }
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
