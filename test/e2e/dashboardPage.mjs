// The dashboard's pages and the window's colour theme, as the e2e scenarios read and set them in code-server (through
// playwright). Not a scenario itself (scripts/e2e.mjs runs only `*.scenario.mjs`).
import fs from 'node:fs';
import path from 'node:path';

/** The dashboard's session page, once its model has arrived (the webview frame), or undefined. */
export async function sessionPanelFrame(page) {
  for (const f of page.frames()) {
    const ready = await f.$eval('body[data-view="session"] main#app[aria-busy="false"]', () => true).catch(() => false);
    if (ready) return f;
  }
  return undefined;
}

/** Canvases of a dashboard page with at least one non-transparent pixel. */
export async function drawnCanvases(frame) {
  return frame.$$eval(
    'canvas',
    (els) =>
      els.filter((c) => {
        const ctx = c.getContext('2d');
        if (!ctx || c.width === 0 || c.height === 0) return false;
        const d = ctx.getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true;
        return false;
      }).length,
  );
}

/**
 * Sets the window's colour theme through its user settings (VS Code applies them live); if the workbench has not taken it
 * within 10 s, picks it from Preferences: Color Theme as a person would. Returns how it was applied.
 */
export async function setColorTheme(page, server, ui, theme, label, workbenchClass) {
  const applied = async () =>
    (await page.$eval('.monaco-workbench', (e) => e.className).catch(() => '')).split(/\s+/).includes(workbenchClass);
  if (await applied()) return 'already';
  const file = path.join(server.userDataDir, 'User', 'settings.json');
  const settings = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.writeFileSync(file, JSON.stringify({ ...settings, 'workbench.colorTheme': theme }, null, 2) + '\n');
  const bySettings = await ui.waitFor(applied, { timeoutMs: 10_000 }).then(
    () => true,
    () => false,
  );
  if (bySettings) return 'settings';
  // The theme's row is clicked, not Enter pressed: Enter picks the focused row, which a loaded machine leaves on the theme
  // in use while the filter catches up. Twice, should the first pick be lost.
  for (let attempt = 1; ; attempt++) {
    await ui.runCommand(page, 'Preferences: Color Theme');
    const input = page.locator('.quick-input-widget input').first();
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(label);
    const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: label }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await row.click({ timeout: 10_000 });
    const picked = await ui.waitFor(applied, { timeoutMs: 20_000, message: `the workbench in ${theme}` }).then(
      () => true,
      (e) => {
        if (attempt >= 2) throw e;
        return false;
      },
    );
    if (picked) return attempt === 1 ? 'Color Theme picker' : 'Color Theme picker, second pick';
    await page.keyboard.press('Escape');
  }
}
