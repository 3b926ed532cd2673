// Page-side checks of what a person sees, run by scripts/e2e.mjs in headless chromium against code-server with the
// packaged VSIX installed: the status bar, the Session Doctor view and its tree rows, and the notifications, while
// real-shaped Claude Code lines (copied from the real CLI fixtures) are appended to a live transcript.
// The user settings of this run set notifications.minimumSeverity to HIGH (see scripts/e2e.mjs).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { transcriptLine } = require(path.join(repoRoot, 'out', 'test', 'integration', 'transcriptLines.js'));
const fixtures = path.join(repoRoot, 'test', 'fixtures');

let storeFile;

/**
 * Before the UI phase starts: damage the store the first phase wrote, as a crash or a bad disk would, so the checks
 * can see the extension move it aside, start fresh and say so.
 */
export async function beforeStart({ userDataDir }) {
  const dir = path.join(userDataDir, 'User', 'globalStorage', 'session-doctor.session-doctor');
  storeFile = path.join(dir, 'store.sqlite');
  if (!fs.existsSync(storeFile)) {
    throw new Error(`no store was written by the first phase at ${storeFile}`);
  }
  fs.writeFileSync(storeFile, 'this is not an SQLite database\n'.repeat(200));
}

// ---- dashboard (issue 13) -------------------------------------------------------------------------------------------

/** The webview frame whose page is `view` ('overview' or 'session'), once its model has arrived; undefined if none. */
async function dashboardFrame(page, view) {
  for (const f of page.frames()) {
    const ready = await f.$eval(`body[data-view="${view}"] main#app[aria-busy="false"]`, () => true).catch(() => false);
    if (ready) return f;
  }
  return undefined;
}

/** Canvases of a dashboard page with at least one non-transparent pixel, out of all. */
async function drawnCanvases(frame) {
  return frame.$$eval('canvas', (els) => {
    let drawn = 0;
    for (const c of els) {
      const ctx = c.getContext('2d');
      if (!ctx || c.width === 0 || c.height === 0) continue;
      const d = ctx.getImageData(0, 0, c.width, c.height).data;
      for (let i = 3; i < d.length; i += 4) {
        if (d[i] !== 0) {
          drawn++;
          break;
        }
      }
    }
    return { drawn, total: els.length };
  });
}

export default async function checks({ page, workspace, projectDir, ui, assert, check }) {
  let before;
  await check('a corrupt store is moved aside with a warning that says where, and the extension keeps working', async () => {
    await ui.waitFor(async () => (await ui.notificationTexts(page)).some((t) => t.includes('could not read its store')), {
      timeoutMs: 40_000,
      message: 'the corrupt-store warning',
    });
    const text = (await ui.notificationTexts(page)).find((t) => t.includes('could not read its store'));
    const aside = fs.readdirSync(path.dirname(storeFile)).filter((f) => f.startsWith('store.sqlite.corrupt-'));
    assert.strictEqual(aside.length, 1, JSON.stringify(aside));
    assert.ok(text.includes(aside[0]), `${text} names ${aside[0]}`);
    assert.match(fs.readFileSync(path.join(path.dirname(storeFile), aside[0]), 'utf8'), /not an SQLite database/);
  });

  await check('the status bar shows the health counts of the fixture sessions', async () => {
    await ui.waitFor(async () => ui.healthCounts(await ui.healthText(page))?.critical >= 1, { timeoutMs: 40_000, message: 'health item' });
    before = ui.healthCounts(await ui.healthText(page));
    assert.ok(before.ok >= 1 && before.warning >= 1 && before.critical >= 1, JSON.stringify(before));
  });

  await check('the Session Doctor view lists the sessions by project and title', async () => {
    await ui.openViewContainer(page, 'Session Doctor');
    // Troubled sessions come first, expanded to their findings and recoveries (the list is virtual: only the rows on
    // screen exist in the page).
    await ui.waitFor(async () => (await ui.treeRowTexts(page)).some((t) => t.includes('demo-app') && t.includes('critical')), {
      timeoutMs: 15_000,
      message: 'a critical demo-app session row',
    });
    // the troubled sessions expand one by one as the tree resolves their children: wait for both findings' rows
    let rows = [];
    await ui
      .waitFor(
        async () => {
          rows = await ui.allTreeRowTexts(page);
          return (
            rows.some((t) => t.includes('Authentication failed (401/403)')) && rows.some((t) => t.includes('Repeated tool call (loop)'))
          );
        },
        { timeoutMs: 15_000, intervalMs: 1000, message: 'the auth and loop finding rows' },
      )
      .catch(() => undefined); // the assertions below say which row is missing
    assert.ok(
      rows.some((t) => t.includes('Authentication failed (401/403)')),
      `the auth finding row in ${JSON.stringify(rows)}`,
    );
    assert.ok(
      rows.some((t) => t.includes('Repeated tool call (loop)')),
      `the loop finding row in ${JSON.stringify(rows)}`,
    );
    assert.ok(
      rows.some((t) => t.includes('Interrupt Session')),
      `a recovery action row in ${JSON.stringify(rows)}`,
    );
  });

  const id = crypto.randomUUID();
  const file = path.join(projectDir, `${id}.jsonl`);
  await check(
    'three 429s and a prompt-too-long appended to a live transcript reach the status bar, the tree and a notification',
    async () => {
      fs.writeFileSync(file, transcriptLine(fixtures, 'prompt', id, workspace) + transcriptLine(fixtures, 'reply', id, workspace));
      await ui.waitFor(async () => ui.healthCounts(await ui.healthText(page))?.ok === before.ok + 1, {
        timeoutMs: 20_000,
        message: 'the new session counted ok',
      });
      for (let i = 1; i <= 3; i++) {
        fs.appendFileSync(file, transcriptLine(fixtures, 'rateLimit429', id, workspace, Date.now(), i));
      }
      fs.appendFileSync(file, transcriptLine(fixtures, 'promptTooLong', id, workspace));
      const t0 = Date.now();
      await ui.waitFor(async () => ui.healthCounts(await ui.healthText(page))?.warning === before.warning + 1, {
        timeoutMs: 15_000,
        message: 'one more warning in the status bar',
      });
      const statusMs = Date.now() - t0;
      await ui.waitFor(async () => (await ui.notificationTexts(page)).some((t) => t.includes('Context window exceeded')), {
        timeoutMs: 15_000,
        message: 'the context-window notification',
      });
      const notifyMs = Date.now() - t0;
      console.log(`      latency: status bar ${statusMs} ms, notification ${notifyMs} ms after the append`);
      const toast = (await ui.notificationTexts(page)).find((t) => t.includes('Context window exceeded'));
      assert.match(toast, /\(HIGH\)/);
      await ui.waitFor(
        async () =>
          (await ui.treeRowTexts(page)).some((t) => t.includes('Context window exceeded')) ||
          (await ui.treeRowTexts(page)).some((t) => t.includes('warning')),
        { timeoutMs: 10_000, message: 'the session row' },
      );
      await ui.screenshot(page, 'session-doctor-live-429-and-context');
    },
  );

  await check('a 401 turns the session critical and notifies once, not per line', async () => {
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) {
      fs.appendFileSync(file, transcriptLine(fixtures, 'auth401', id, workspace));
    }
    await ui.waitFor(async () => ui.healthCounts(await ui.healthText(page))?.critical === before.critical + 1, {
      timeoutMs: 15_000,
      message: 'one more critical in the status bar',
    });
    await ui.waitFor(async () => (await ui.notificationTexts(page)).some((t) => t.includes('Authentication failed')), {
      timeoutMs: 15_000,
      message: 'the auth notification',
    });
    console.log(`      latency: critical notification ${Date.now() - t0} ms after the append`);
    await new Promise((r) => setTimeout(r, 1500)); // let any further (wrong) notifications arrive before counting
    // Count the toasts themselves (notificationTexts de-duplicates texts).
    const auth = await page.$$eval('.notification-toast', (els) =>
      els.map((e) => e.textContent ?? '').filter((t) => t.includes('Authentication failed')),
    );
    assert.strictEqual(auth.length, 1, JSON.stringify(auth));
    await ui.screenshot(page, 'session-doctor');
  });

  await check(
    'the dashboard opens from the command: its table counts what the status bar counts, and every chart has drawn pixels',
    async () => {
      await ui.runCommand(page, 'Session Doctor: Open Dashboard');
      let frame;
      await ui.waitFor(async () => (frame = await dashboardFrame(page, 'overview')) !== undefined, {
        timeoutMs: 30_000,
        message: 'the overview page',
      });
      await ui.waitFor(async () => (await frame.$$('tr[data-session-id]')).length > 0, { timeoutMs: 15_000, message: 'session rows' });
      const status = ui.healthCounts(await ui.healthText(page));
      await ui.waitFor(
        async () => {
          const health = await frame.$$eval('tr[data-session-id] .health', (els) => els.map((e) => e.textContent));
          const c = { ok: 0, warning: 0, critical: 0 };
          health.forEach((h) => (c[h] = (c[h] ?? 0) + 1));
          return c.ok === status.ok && c.warning === status.warning && c.critical === status.critical;
        },
        { timeoutMs: 15_000, message: `the table's health counts equal the status bar's ${JSON.stringify(status)}` },
      );
      const canvases = await drawnCanvases(frame);
      assert.ok(canvases.total >= 4 && canvases.drawn === canvases.total, JSON.stringify(canvases));
      // A chart's table view, for screen readers.
      await frame.click('[data-card="live"] [data-role="table-toggle"]');
      await ui.waitFor(async () => (await frame.$$('[data-table="live"] table tbody tr')).length > 0, {
        message: 'the live chart as a table',
      });
      await ui.screenshot(page, 'dashboard-overview');
    },
  );

  await check(
    'a row of the overview opens the session panel; its numbers equal the row, and a recovery button runs the tree command',
    async () => {
      const overview = await dashboardFrame(page, 'overview');
      const row = await overview.$eval('tr[data-session-id].critical', (tr) => ({
        id: tr.getAttribute('data-session-id'),
        messages: tr.querySelector('[data-col="messages"]').textContent,
        findings: tr.querySelector('[data-col="openFindings"]').textContent,
      }));
      await overview.click(`tr[data-session-id="${row.id}"] button[data-open-session]`);
      let frame;
      await ui.waitFor(async () => (frame = await dashboardFrame(page, 'session')) !== undefined, {
        timeoutMs: 30_000,
        message: 'the session panel',
      });
      await ui.waitFor(async () => (await frame.$eval('[data-field="messages"]', (e) => e.textContent).catch(() => '')) === row.messages, {
        timeoutMs: 15_000,
        message: `the panel's messages ${row.messages}`,
      });
      const findings = await frame.$eval('[data-field="findings"]', (e) => e.textContent);
      const [open, all] = row.findings.split(' of ').map(Number);
      assert.strictEqual(findings, `${all} (${open} open)`);
      assert.strictEqual(await frame.$$eval('article.finding', (els) => els.length), all);
      const canvases = await drawnCanvases(frame);
      assert.ok(canvases.total >= 3 && canvases.drawn === canvases.total, JSON.stringify(canvases));
      await ui.screenshot(page, 'dashboard-session');
      // Acknowledge runs sessionDoctor.acknowledgeFinding with the tree's finding argument: the finding turns acknowledged.
      const openId = await frame.$eval('article.finding.open [data-action="acknowledge"]', (b) =>
        b.closest('article').getAttribute('data-finding-id'),
      );
      await frame.click(`article.finding[data-finding-id="${openId}"] [data-action="acknowledge"]`);
      await ui.waitFor(
        async () =>
          (await frame.$eval(`article.finding[data-finding-id="${openId}"]`, (a) => a.className).catch(() => '')).includes('acknowledged'),
        { timeoutMs: 15_000, message: 'the finding acknowledged' },
      );
    },
  );

  await check(
    'the dashboard opens from the Sessions view title; a 429 appended to a live transcript shows on its session panel',
    async () => {
      await ui.runCommand(page, 'View: Close All Editors');
      await ui.waitFor(async () => (await dashboardFrame(page, 'overview')) === undefined, { message: 'the dashboard closed' });
      // The view's title actions show only while the pointer is over the view: a DOM click on the action, as a pointer
      // click on the shown button would give.
      await page
        .locator('.pane-header .actions-container [aria-label="Open Dashboard"]')
        .first()
        .evaluate((el) => el.click());
      let overview;
      await ui.waitFor(async () => (overview = await dashboardFrame(page, 'overview')) !== undefined, {
        timeoutMs: 30_000,
        message: 'the overview from the view title',
      });
      await ui.waitFor(async () => (await overview.$$(`tr[data-session-id="${id}"] button[data-open-session]`)).length === 1, {
        timeoutMs: 15_000,
        message: 'the row of the live session',
      });
      await overview.click(`tr[data-session-id="${id}"] button[data-open-session]`);
      let frame;
      const errorsShown = async () => Number(await frame.$eval('[data-timeline-field="errors"]', (e) => e.textContent).catch(() => 'NaN'));
      await ui.waitFor(async () => (frame = await dashboardFrame(page, 'session')) !== undefined && Number.isFinite(await errorsShown()), {
        timeoutMs: 30_000,
        message: 'the panel of the live session',
      });
      const before = await errorsShown();
      const t0 = Date.now();
      fs.appendFileSync(file, transcriptLine(fixtures, 'rateLimit429', id, workspace, Date.now(), 4));
      await ui.waitFor(async () => (await errorsShown()) === before + 1, {
        timeoutMs: 15_000,
        message: `${before + 1} API errors on the panel`,
      });
      console.log(`      latency: the 429 on the session panel ${Date.now() - t0} ms after the append (issue 13 asks for at most 2 s)`);
      const canvases = await drawnCanvases(frame);
      assert.ok(canvases.drawn === canvases.total, JSON.stringify(canvases));
    },
  );

  await check("a click on a session's row in the Sessions tree opens that session's panel", async () => {
    await page.keyboard.press('Escape');
    await ui.openViewContainer(page, 'Session Doctor');
    // a session row's accessible label ends with its last activity (SessionTreeItem); rows of other views do not
    const row = page.locator('.part.sidebar .monaco-list-row[aria-level="1"][aria-label*="last activity"]').first();
    await row.waitFor({ timeout: 15_000 });
    const label = ((await row.locator('.label-name').first().textContent()) ?? '').trim();
    assert.ok(label, 'the session row has a label');
    await row.locator('.label-name').first().click({ timeout: 10_000 });
    let frame;
    await ui.waitFor(
      async () =>
        (frame = await dashboardFrame(page, 'session')) !== undefined &&
        (await frame.$eval('h1', (e) => e.textContent ?? '').catch(() => '')).includes(label),
      { timeoutMs: 30_000, message: `the panel of the clicked session (titled ${JSON.stringify(label)})` },
    );
  });
}
