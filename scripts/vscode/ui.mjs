// Playwright helpers to read and drive the VS Code workbench (code-server) from the page side.
// Selectors per ../shared/VSCODE-TESTING.md. Every wait has a time limit; no blind sleeps
// except the short back-off between palette retries.

import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const OUTPUT_DIR = process.env.SESSION_DOCTOR_TEST_OUTPUT || path.join(repoRoot, 'test-output');

const clean = (s) => (s ?? '').replace(/\s+/g, ' ').trim();

/** Polls fn until it returns a truthy value; throws with message after timeoutMs. */
export async function waitFor(fn, { timeoutMs = 10_000, intervalMs = 100, message = 'condition' } = {}) {
  const started = Date.now();
  let last;
  let lastErr;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
      lastErr = undefined;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() - started > timeoutMs) {
      const detail = lastErr ? `; last error: ${lastErr.message ?? lastErr}` : `; last value: ${JSON.stringify(last)}`;
      const what = typeof message === 'function' ? await message() : message;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Waits until the workbench (status bar + activity bar) is rendered. */
export async function waitForWorkbench(page, { timeoutMs = 60_000 } = {}) {
  await page.waitForSelector('.monaco-workbench .part.statusbar', { state: 'visible', timeout: timeoutMs });
  await page.waitForSelector('.monaco-workbench .part.activitybar, .monaco-workbench .activitybar', {
    state: 'visible',
    timeout: timeoutMs,
  });
}

/** Texts of all status bar items (icons render as empty spans, so "$(pulse) Foo" reads "Foo"). */
export async function statusBarTexts(page) {
  return page.$$eval('.part.statusbar .statusbar-item', (els) =>
    els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()).filter(Boolean),
  );
}

/** Status bar items with id, text and aria-label (the id is the contributing extension/item id). */
export async function statusBarItems(page) {
  return page.$$eval('.part.statusbar .statusbar-item', (els) =>
    els.map((e) => ({
      id: e.id,
      text: (e.textContent ?? '').replace(/\s+/g, ' ').trim(),
      ariaLabel: e.getAttribute('aria-label') ?? e.querySelector('[aria-label]')?.getAttribute('aria-label') ?? '',
      tooltip: e.getAttribute('title') ?? '',
    })),
  );
}

/** The text of Session Doctor's health item: "3 ok · 1 warning · 1 critical". */
const HEALTH_TEXT = /(\d+) ok(?: · (\d+) warning)?(?: · (\d+) critical)?/;

/** The text of Session Doctor's health item in the status bar ('' when it is not shown). */
export async function healthText(page) {
  const items = await statusBarItems(page);
  const item = items.find((i) => i.id.includes('sessionDoctor.health')) ?? items.find((i) => HEALTH_TEXT.test(i.text));
  return item?.text ?? '';
}

/** The counts of a health item's text ({@link healthText}), or undefined when it names none. */
export function healthCounts(text) {
  const m = HEALTH_TEXT.exec(text);
  return m ? { ok: Number(m[1]), warning: Number(m[2] ?? 0), critical: Number(m[3] ?? 0) } : undefined;
}

/** Opens the view container with this title from the activity bar (no-op when already open). */
export async function openViewContainer(page, title, { timeoutMs = 15_000 } = {}) {
  const selector = `.part.activitybar a.action-label[aria-label^="${title}"], .activitybar a.action-label[aria-label^="${title}"]`;
  const action = page.locator(selector).first();
  await action.waitFor({ state: 'visible', timeout: timeoutMs });
  const sidebarTitle = page.locator('.part.sidebar .composite.title .title-label');
  const isOpen = async () => {
    if (
      !(await page
        .locator('.part.sidebar')
        .isVisible()
        .catch(() => false))
    )
      return false;
    const t = clean(
      await sidebarTitle
        .first()
        .textContent({ timeout: 1000 })
        .catch(() => ''),
    );
    return t.toLowerCase().startsWith(title.toLowerCase());
  };
  // force: the badge on the icon intercepts pointer events.
  if (!(await isOpen())) await action.click({ timeout: timeoutMs, force: true });
  await waitFor(isOpen, { timeoutMs, message: `view container "${title}" to open` });
}

/** Texts of the rows of the trees/lists in the side bar panes (aria-label when there is no text). */
export async function treeRowTexts(page) {
  return page.$$eval('.part.sidebar .pane-body .monaco-list-row', (els) =>
    els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim() || e.getAttribute('aria-label') || '').filter(Boolean),
  );
}

/**
 * Messages of the visible notification toasts (plus the notification center's items when it is open).
 * Note: the workbench shows no toasts at all when code-server runs with the smoke-test driver.
 */
export async function notificationTexts(page) {
  return page.$$eval('.notification-toast, .notifications-center .notification-list-item', (els) => [
    ...new Set(
      els
        .map((e) => {
          const msg = e.querySelector('.notification-list-item-message');
          return ((msg ?? e).textContent ?? '').replace(/\s+/g, ' ').trim();
        })
        .filter(Boolean),
    ),
  ]);
}

/**
 * Runs a command by its palette title (F1, ">Title", Enter). The palette snapshots the command list
 * when it opens, so a command registered after that is missing: close and retry.
 */
export async function runCommand(page, title, { retries = 6, rowTimeoutMs = 3_000 } = {}) {
  const input = page.locator('.quick-input-widget input');
  let lastSeen = [];
  for (let attempt = 1; attempt <= retries; attempt++) {
    const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    try {
      // Inside the retry: a palette that did not open, or an input that took no text (a picker another step left
      // behind), is closed and opened again.
      await page.keyboard.press('F1');
      await input.first().waitFor({ state: 'visible', timeout: 10_000 });
      await input.first().fill(`>${title}`, { timeout: 10_000 });
      await rows.filter({ hasText: title }).first().waitFor({ state: 'visible', timeout: rowTimeoutMs });
      // Pick the row whose label is exactly the title (other rows may contain it) and click it:
      // pressing Enter right after typing can race the list's focus update.
      const labels = await rows.evaluateAll((els) =>
        els.map((e) => (e.querySelector('.label-name')?.textContent ?? e.textContent ?? '').replace(/\s+/g, ' ').trim()),
      );
      let index = labels.findIndex((l) => l === title);
      if (index < 0) index = labels.findIndex((l) => l.includes(title));
      if (index < 0) throw new Error('row vanished');
      await rows.nth(index).click({ timeout: 5_000 });
      await input
        .first()
        .waitFor({ state: 'hidden', timeout: 5_000 })
        .catch(() => {});
      return;
    } catch {
      lastSeen = await page
        .$$eval('.quick-input-widget .quick-input-list .monaco-list-row', (els) =>
          els.slice(0, 5).map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()),
        )
        .catch(() => []);
      await page.keyboard.press('Escape');
      await input
        .first()
        .waitFor({ state: 'hidden', timeout: 5_000 })
        .catch(() => {});
      await new Promise((r) => setTimeout(r, 500 * attempt));
    }
  }
  throw new Error(`command "${title}" not found in the palette after ${retries} attempts (rows: ${JSON.stringify(lastSeen)})`);
}

/** Saves test-output/<name>.png and returns its path. */
export async function screenshot(page, name) {
  await fs.mkdir(OUTPUT_DIR, { recursive: true });
  const file = path.join(OUTPUT_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  await page.screenshot({ path: file, timeout: 15_000 });
  return file;
}

/**
 * Opens a new integrated terminal (Terminal: Create New Terminal) and waits until its xterm has rendered a prompt row.
 * Needs `terminal.integrated.gpuAcceleration: "off"` so the rows are DOM text. Returns the number of terminals now open.
 */
export async function openTerminal(page, { timeoutMs = 20_000 } = {}) {
  const before = await page.locator('.terminal-wrapper').count();
  await runCommand(page, 'Terminal: Create New Terminal');
  await waitFor(async () => (await page.locator('.terminal-wrapper').count()) > before, { timeoutMs, message: 'a new terminal' });
  await waitFor(async () => (await terminalText(page)).trim().length > 0, { timeoutMs, message: 'the shell prompt in the new terminal' });
  return before + 1;
}

/** Text of the visible (active) terminal's rows, one line per row, trailing blanks trimmed. */
export async function terminalText(page) {
  // Only the terminal on screen (hidden ones keep their rows in the page).
  return page
    .$$eval('.terminal-wrapper .xterm-rows', (blocks) => {
      const shown = blocks.filter((b) => b.getClientRects().length > 0 && b.closest('.terminal-wrapper')?.getClientRects().length);
      return shown
        .map((b) => [...b.children].map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').replace(/\s+$/, '')).join('\n'))
        .join('\n');
    })
    .catch(() => '');
}

/**
 * Types a line into the terminal on screen (focusing it first), checks that all of it arrived (a shell still starting
 * up, or a loaded machine, can drop the first keys: then the line is cleared with Ctrl+U and typed again), and presses
 * Enter.
 */
export async function typeInTerminal(page, text, { enter = true, attempts = 3 } = {}) {
  const squash = (s) => s.replace(/\s+/g, '');
  for (let attempt = 1; ; attempt++) {
    await page.locator('.terminal-wrapper .xterm').filter({ visible: true }).last().click({ timeout: 10_000 });
    await page.keyboard.type(text, { delay: 15 });
    const arrived = await waitFor(async () => squash(await terminalText(page)).includes(squash(text)), {
      timeoutMs: 5_000,
      message: 'the typed text',
    }).then(
      () => true,
      () => false,
    );
    if (arrived) break;
    if (attempt >= attempts)
      throw new Error(
        `"${text}" did not arrive in the terminal after ${attempts} attempts (it shows: ${(await terminalText(page)).slice(-300)})`,
      );
    await page.keyboard.press('Control+U');
    await new Promise((r) => setTimeout(r, 1000));
  }
  // A TUI (Claude Code's) takes an Enter that arrives with the typed characters as part of a paste: a newline, not a
  // submit. Let it settle first.
  if (enter) {
    await new Promise((r) => setTimeout(r, 400));
    await page.keyboard.press('Enter');
  }
}

/**
 * Texts of every row of the side bar's trees, scrolling through them (a tree renders only the rows on screen): focuses
 * the first row and pages down until nothing new shows.
 */
export async function allTreeRowTexts(page, { maxPages = 20 } = {}) {
  const seen = [];
  const add = (rows) => {
    for (const r of rows) if (!seen.includes(r)) seen.push(r);
  };
  add(await treeRowTexts(page));
  const first = page.locator('.part.sidebar .pane-body .monaco-list-row').first();
  if (!(await first.count())) return seen;
  await first.click({ timeout: 5_000 });
  for (let i = 0; i < maxPages; i++) {
    const before = seen.length;
    await page.keyboard.press('PageDown');
    await new Promise((r) => setTimeout(r, 150));
    add(await treeRowTexts(page));
    if (seen.length === before) break;
  }
  await page.keyboard.press('Home');
  return seen;
}

/**
 * The hover text of the first session row (tree level 1) whose text holds `row`: the tooltip names the agent. The tree
 * re-renders its rows as sessions change, which can drop a hover: move away and hover again until a hover holding
 * `hoverHas` (default: `row`) shows, for at most `timeoutMs`. Returns the text with runs of white space made one space.
 */
export async function sessionTooltip(page, row, { hoverHas = row, timeoutMs = 45_000 } = {}) {
  let text = '';
  await waitFor(
    async () => {
      await page.mouse.move(0, 0);
      const el = page.locator('.part.sidebar .monaco-list-row[aria-level="1"]').filter({ hasText: row }).first();
      await el.hover({ timeout: 3_000 }).catch(() => {});
      const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: hoverHas }).first();
      const shown = await hover.waitFor({ state: 'visible', timeout: 3_000 }).then(
        () => true,
        () => false,
      );
      if (!shown) {
        return false;
      }
      text = ((await hover.textContent()) ?? '').replace(/\s+/g, ' ');
      return true;
    },
    { timeoutMs, intervalMs: 500, message: `the tooltip of the session row "${row}"` },
  );
  await page.mouse.move(0, 0);
  return text;
}
