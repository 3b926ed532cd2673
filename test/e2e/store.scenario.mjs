// One store, many writers (issue 10), run by scripts/e2e.mjs as a phase-3 scenario on its own code-server: TWO browser
// pages on the same folder (two workbench windows, so two extension hosts: checked by their processes) and TWO
// `session-doctor watch --store <the windows' store file>` processes (the CLI built into dist/ by `npm run package`), all
// four on the one store file of the extension's globalStorage (<user data>/User/globalStorage/session-doctor.session-doctor/
// store.sqlite), each following its own failing session: real Claude Code 2.1.330 transcripts (test/fixtures/claude, see
// PROVENANCE.md there) appended line by line under the scenario's HOME with a fresh session id and their times moved to
// now. Window 1's session is the 401 run (appended before window 2 opens), window 2's the 500 run (appended after), the
// first watch's the 429 run and the second watch's the 529 run, each in a folder only that watch reads. Both windows read
// the same Claude Code folder (one folder, one set of settings), so each window also follows the other window's session;
// each watch's session is its alone.
//
// What it asserts: the two pages run two extension host processes; an acknowledgement made in window 1 (the finding's
// context menu in the Sessions tree) shows in window 2 within seconds; then both watches get SIGTERM and both pages close
// (their extension hosts deactivate and flush): the store file, opened with sql.js, holds the four sessions (each
// window's, each watch's), their findings (window 1's acknowledged) and the audit row of the acknowledgement.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { descendantPids, killTree } from '../../scripts/vscode/codeServer.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

/**
 * The whole scenario's limit (ms): two windows (~15 s each on a quiet machine, up to a minute on a busy one), the three
 * sessions, the acknowledgement, the shutdown.
 */
export const TIMEOUT_MS = 240_000;

/** How long a window may take to show Session Doctor's view container (ms; the extension host starts late on a busy machine). */
const WINDOW_MS = 90_000;

/** The extension's id: its globalStorage folder name. */
const EXTENSION_ID = 'session-doctor.session-doctor';
const FIXTURES = path.join(repoRoot, 'test', 'fixtures', 'claude');

/** The four sessions: fixture, who follows it, the finding type it gives (and the title the tree shows for the windows'). */
const SESSIONS = {
  window1: { fixture: 'auth_401', title: 'Authentication failed (401/403)', type: 'auth' },
  window2: { fixture: 'server_500', title: 'Server error (5xx)', type: 'server_error' },
  watch: { fixture: 'rate_limit_forever', type: 'rate_limit' },
  watch2: { fixture: 'overloaded_529', type: 'overloaded' },
};

/**
 * The lines of a real transcript as if it had just happened: its session id replaced by `sessionId`, every ISO time
 * moved by the same amount so that its first is `nowMs`.
 */
function shiftedLines(fixture, sessionId, nowMs) {
  const text = fs.readFileSync(path.join(FIXTURES, `${fixture}.jsonl`), 'utf8');
  const iso = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g;
  const first = text.match(iso);
  const delta = first ? nowMs - Date.parse(first[0]) : 0;
  const oldId = JSON.parse(text.split('\n')[0]).sessionId;
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) =>
      l
        .split(oldId)
        .join(sessionId)
        .replace(iso, (t) => new Date(Date.parse(t) + delta).toISOString()),
    );
}

/** Appends a transcript's lines to `file` one by one, as the agent would (50 ms apart). */
async function appendLines(file, lines) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (const line of lines) {
    fs.appendFileSync(file, `${line}\n`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** PIDs of the extension host processes under code-server. */
function extensionHostPids(serverPid) {
  return descendantPids(serverPid).filter((pid) => {
    try {
      return /--type=extensionHost/.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      return false;
    }
  });
}

/** Before the window starts: the Claude Code folder the windows read (empty) and the watch's own folder. */
export async function prepare({ home }) {
  const claudeDir = path.join(home, '.claude');
  const projectDir = path.join(claudeDir, 'projects', '-home-dev-projects-store-e2e');
  const watchDir = path.join(home, 'watch-only', 'projects', '-home-dev-projects-store-e2e-watch');
  const watch2Dir = path.join(home, 'watch2-only', 'projects', '-home-dev-projects-store-e2e-watch2');
  for (const d of [projectDir, watchDir, watch2Dir]) fs.mkdirSync(d, { recursive: true });
  const ids = Object.fromEntries(Object.keys(SESSIONS).map((k) => [k, crypto.randomUUID()]));
  const context = { claudeDir, projectDir, watchDir, watch2Dir, ids, watch: undefined, watch2: undefined };
  return {
    // The phase's CLAUDE_CONFIG_DIR holds its fixture transcripts: this scenario's windows read only their own folder.
    env: { CLAUDE_CONFIG_DIR: claudeDir },
    settings: { 'sessionDoctor.notifications.minimumSeverity': 'CRITICAL' },
    context,
    stop: async () => {
      for (const w of [context.watch, context.watch2]) {
        if (w && w.exitCode === null && w.signalCode === null) await killTree(w.pid);
      }
    },
  };
}

/**
 * The text of the first finding row (level 2) of the Sessions tree matching `title`, or undefined (then collapsed
 * sessions are expanded for the next look). Reads the rows as they are, without waiting: the tree re-renders its rows
 * when sessions change, and a row found a moment before may be gone.
 */
async function findingRowText(page, title) {
  const texts = await page.locator('.part.sidebar .monaco-list-row[aria-level="2"]').filter({ hasText: title }).allTextContents();
  if (texts.length) return texts[0].replace(/\s+/g, ' ').trim();
  const collapsed = page.locator('.part.sidebar .monaco-list-row[aria-level="1"][aria-expanded="false"]');
  for (let i = 0; i < (await collapsed.count()); i++) {
    await collapsed
      .nth(i)
      .locator('.monaco-tl-twistie')
      .click({ timeout: 2_000 })
      .catch(() => {});
  }
  return undefined;
}

/** Reads the store file with sql.js: its sessions, findings and audit rows. */
async function readStore(file) {
  const initSqlJs = require(path.join(repoRoot, 'node_modules', 'sql.js'));
  const SQL = await initSqlJs();
  const db = new SQL.Database(fs.readFileSync(file));
  const all = (sql) => {
    const r = db.exec(sql)[0];
    return r ? r.values.map((v) => Object.fromEntries(r.columns.map((c, i) => [c, v[i]]))) : [];
  };
  try {
    return {
      sessions: all('SELECT id, agent FROM sessions'),
      findings: all('SELECT id, session_id, type, status, severity FROM findings'),
      audit: all('SELECT session_id, finding_id, failure_type, strategy, outcome, actor FROM audit'),
    };
  } finally {
    db.close();
  }
}

export default async function checks({ page, ui, assert, check, context, workspace, server }) {
  const storeFile = path.join(server.userDataDir, 'User', 'globalStorage', EXTENSION_ID, 'store.sqlite');
  const transcript = (dir, key) => path.join(dir, `${context.ids[key]}.jsonl`);
  let page2;
  const watchOut = { watch: '', watch2: '' };
  /** Starts a `watch --store` on the windows' store file following `dir`, its output collected in watchOut[key]. */
  const startWatch = (key, dir) => {
    const cli = path.join(repoRoot, 'dist', 'cli.js');
    const child = spawn(process.execPath, [cli, 'watch', '--json', '--store', storeFile, '--poll', '200', dir], {
      env: { ...process.env, SESSION_DOCTOR_STORE: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => (watchOut[key] += String(d)));
    child.stderr.on('data', (d) => (watchOut[key] += String(d)));
    return child;
  };

  await check(
    'two windows on one folder are two extension hosts; each window and two `watch --store` follow a failing session',
    async () => {
      await ui.openViewContainer(page, 'Session Doctor', { timeoutMs: WINDOW_MS });
      await ui.waitFor(() => extensionHostPids(server.pid).length >= 1, { timeoutMs: 30_000, message: "window 1's extension host" });
      await appendLines(transcript(context.projectDir, 'window1'), shiftedLines(SESSIONS.window1.fixture, context.ids.window1, Date.now()));
      await ui.waitFor(async () => (await ui.allTreeRowTexts(page)).some((t) => t.includes(SESSIONS.window1.title)), {
        timeoutMs: 30_000,
        intervalMs: 500,
        message: async () => `window 1 lists the 401 session (rows: ${JSON.stringify(await ui.treeRowTexts(page))})`,
      });
      await ui.waitFor(() => fs.existsSync(storeFile), { timeoutMs: 20_000, message: `window 1 writes ${storeFile}` });

      page2 = await page.context().newPage();
      await page2.goto(server.workbenchUrl(workspace), { timeout: 60_000 });
      await ui.waitForWorkbench(page2);
      await ui.openViewContainer(page2, 'Session Doctor', { timeoutMs: WINDOW_MS });
      await ui.waitFor(() => extensionHostPids(server.pid).length >= 2, {
        timeoutMs: 45_000,
        message: () => `two extension hosts (found ${JSON.stringify(extensionHostPids(server.pid))})`,
      });
      const hosts = extensionHostPids(server.pid);
      console.log(`      extension host processes: ${hosts.join(', ')}`);
      assert.strictEqual(new Set(hosts).size, hosts.length);

      const t0 = Date.now();
      await appendLines(transcript(context.projectDir, 'window2'), shiftedLines(SESSIONS.window2.fixture, context.ids.window2, Date.now()));
      const watchFile = transcript(context.watchDir, 'watch');
      const watch2File = transcript(context.watch2Dir, 'watch2');
      fs.writeFileSync(watchFile, '');
      fs.writeFileSync(watch2File, '');
      context.watch = startWatch('watch', context.watchDir);
      context.watch2 = startWatch('watch2', context.watch2Dir);
      await new Promise((r) => setTimeout(r, 1_000));
      await Promise.all([
        appendLines(watchFile, shiftedLines(SESSIONS.watch.fixture, context.ids.watch, Date.now())),
        appendLines(watch2File, shiftedLines(SESSIONS.watch2.fixture, context.ids.watch2, Date.now())),
      ]);
      for (const key of ['watch', 'watch2']) {
        await ui.waitFor(() => watchOut[key].includes(`"${SESSIONS[key].type}"`), {
          timeoutMs: 30_000,
          message: () => `${key} prints its ${SESSIONS[key].type} finding (output: ${watchOut[key].slice(-600)})`,
        });
      }
      await ui.waitFor(async () => (await ui.allTreeRowTexts(page2)).some((t) => t.includes(SESSIONS.window2.title)), {
        timeoutMs: 30_000,
        intervalMs: 500,
        message: async () => `window 2 lists the 500 session (rows: ${JSON.stringify(await ui.treeRowTexts(page2))})`,
      });
      console.log(`      window 2's 500 session and the watches' 429 and 529 findings ${Date.now() - t0} ms after their first lines`);
    },
  );

  await check('an acknowledgement made in window 1 shows in window 2 within seconds', async () => {
    await page.bringToFront();
    await ui.openViewContainer(page, 'Session Doctor');
    await ui.waitFor(async () => (await findingRowText(page, SESSIONS.window1.title)) !== undefined, {
      timeoutMs: 20_000,
      intervalMs: 500,
      message: async () => `window 1's 401 finding row (rows: ${JSON.stringify(await ui.treeRowTexts(page))})`,
    });
    await page2.bringToFront();
    await ui.waitFor(async () => /CRITICAL/.test((await findingRowText(page2, SESSIONS.window1.title)) ?? ''), {
      timeoutMs: 20_000,
      intervalMs: 500,
      message: async () => `window 2's row of the 401 finding (rows: ${JSON.stringify(await ui.treeRowTexts(page2))})`,
    });
    const before = await findingRowText(page2, SESSIONS.window1.title);
    assert.doesNotMatch(before, /acknowledged/, `not acknowledged yet in window 2: ${before}`);

    await page.bringToFront();
    const row = page.locator('.part.sidebar .monaco-list-row[aria-level="2"]').filter({ hasText: SESSIONS.window1.title }).first();
    await row.click({ button: 'right' });
    // The tree re-renders its rows as the other writers' sessions arrive: the menu may be another row's (no such item:
    // closed, and the Command Palette below does it), or the row went away between the right-click and the menu (the
    // command runs without its finding and asks for one in a quick pick; the 401 finding is picked there).
    const clicked = await page
      .getByRole('menuitem', { name: 'Acknowledge Finding' })
      .first()
      .click({ timeout: 10_000 })
      .then(
        () => true,
        () => false,
      );
    if (!clicked) {
      await page.keyboard.press('Escape');
    }
    const pick = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: SESSIONS.window1.title }).first();
    if (
      clicked &&
      (await pick.waitFor({ state: 'visible', timeout: 3_000 }).then(
        () => true,
        () => false,
      ))
    ) {
      console.log('      the row was re-rendered under the menu: the finding picked in the quick pick');
      await pick.click();
    }
    let t0 = Date.now();
    const acknowledged = async () => /acknowledged/.test((await findingRowText(page, SESSIONS.window1.title)) ?? '');
    if (
      !(await ui.waitFor(acknowledged, { timeoutMs: 5_000 }).then(
        () => true,
        () => false,
      ))
    ) {
      // The context menu's click landed elsewhere (the tree re-rendered under it: once it opened the session's panel
      // instead); the same command from the Command Palette, with the finding picked in its quick pick.
      console.log('      the context menu did not acknowledge: the same command from the Command Palette');
      t0 = Date.now(); // the acknowledgement is made now, not at the lost click
      await ui.runCommand(page, 'Session Doctor: Acknowledge Finding');
      await page
        .locator('.quick-input-widget .monaco-list-row')
        .filter({ hasText: SESSIONS.window1.title })
        .first()
        .click({ timeout: 10_000 });
    }
    await ui.waitFor(acknowledged, { timeoutMs: 10_000, message: 'the finding acknowledged in window 1' });
    const tHere = Date.now();
    const shownHere = tHere - t0;
    await page2.bringToFront();
    await ui.waitFor(async () => /acknowledged/.test((await findingRowText(page2, SESSIONS.window1.title)) ?? ''), {
      timeoutMs: 20_000,
      intervalMs: 200,
      message: async () => `the acknowledgement in window 2 (row: ${await findingRowText(page2, SESSIONS.window1.title)})`,
    });
    const ms = Date.now() - t0;
    const across = Date.now() - tHere;
    console.log(
      `      acknowledged in window 1 (shown there ${shownHere} ms after the click), shown in window 2 ${ms} ms after the click, ${across} ms after window 1 showed it`,
    );
    // Window 1 writes after its 1.5 s debounce, window 2 looks every 2 s: ~2-5 s when the machine is quiet, more under load.
    // Measured from window 1 showing it: the click's own way there (a lost context menu, the palette) is not the store's.
    assert.ok(across < 15_000, `within seconds of window 1: ${across} ms`);
  });

  await check(
    'all four stopped: the store file holds the four sessions, their findings and the audit row of the acknowledgement',
    async () => {
      const hosts = extensionHostPids(server.pid);
      const exited = (w) => new Promise((r) => (w.exitCode !== null || w.signalCode !== null ? r(w.exitCode) : w.on('exit', r)));
      context.watch.kill('SIGTERM');
      context.watch2.kill('SIGTERM');
      const codes = await Promise.all([exited(context.watch), exited(context.watch2)]);
      await page2.close({ runBeforeUnload: true });
      await page.goto('about:blank');
      const alive = (pid) => fs.existsSync(`/proc/${pid}`);
      const t0 = Date.now();
      await ui.waitFor(() => !hosts.some(alive), {
        timeoutMs: 30_000,
        intervalMs: 200,
        message: () => `both extension hosts end (alive: ${JSON.stringify(hosts.filter(alive))})`,
      });
      console.log(
        `      watches exited with ${codes.join(' and ')}; both extension hosts ended ${Date.now() - t0} ms after the pages closed`,
      );
      assert.deepStrictEqual(
        codes,
        [0, 0],
        `both watches exit 0 on SIGTERM (output: ${watchOut.watch.slice(-300)} | ${watchOut.watch2.slice(-300)})`,
      );
      const store = await readStore(storeFile);
      console.log(`      store: ${store.sessions.length} sessions, ${store.findings.length} findings, ${store.audit.length} audit rows`);
      for (const [key, s] of Object.entries(SESSIONS)) {
        const id = context.ids[key];
        assert.ok(
          store.sessions.some((r) => r.id === id),
          `${key}'s session ${id} in the store: ${JSON.stringify(store.sessions)}`,
        );
        assert.ok(
          store.findings.some((f) => f.session_id === id && f.type === s.type),
          `${key}'s ${s.type} finding in the store: ${JSON.stringify(store.findings)}`,
        );
      }
      const acked = store.findings.filter((f) => f.session_id === context.ids.window1 && f.type === 'auth');
      assert.deepStrictEqual(
        acked.map((f) => f.status),
        ['acknowledged'],
        `window 1's auth finding acknowledged: ${JSON.stringify(acked)}`,
      );
      const audit = store.audit.filter((a) => a.strategy === 'acknowledge' && a.session_id === context.ids.window1);
      assert.strictEqual(audit.length, 1, `one audit row of the acknowledgement: ${JSON.stringify(store.audit)}`);
      assert.strictEqual(audit[0].finding_id, acked[0].id);
      assert.strictEqual(audit[0].actor, 'user');
    },
  );
}
