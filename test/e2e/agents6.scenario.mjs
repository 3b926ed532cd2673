// Faults only a screen shows (issue 11), run by scripts/e2e.mjs as a phase-3 scenario on its own window: the real
// Continue CLI (npm @continuedev/cli 1.5.47, cached by scripts/make-continue-fixtures.mjs) started in an integrated
// terminal as a person would, its interactive TUI against the fake OpenAI server on 127.0.0.1 (Responses API). Its TUI
// saves only the prompt in its session file and prints its retries ("Retrying request (n/9). Error: 429 ...") on the
// screen alone, so the terminal source is the only reader that can see the fault.
//
// What it asserts, for a 429 served on every request and then a 500 in a second terminal: the Sessions tree shows the
// finding with the right type ("Rate limit (429)", "Server error (5xx)") under a session whose tooltip names the agent
// "Continue", and the status bar counts the session troubled by the 500 (a 429 being retried leaves its session "ok").
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { startFakeOpenAI } = require(path.join(repoRoot, 'test', 'harness', 'fakeOpenAI.js'));

/** The whole scenario's limit (ms): the window (~30 s), two CLI starts (~10-20 s each), the retries (seconds each). */
export const TIMEOUT_MS = 280_000;

const FAKE_KEY = 'sk-FAKEe2eCONTINUEkeyNOTREAL000000000';

/** Before the window starts: the Continue CLI (installed into the cache once), a wrapper, two fake servers and configs. */
export async function prepare({ tmp }) {
  const { ensureContinueCli, configYaml: continueConfig } = await import(path.join(repoRoot, 'scripts', 'make-continue-fixtures.mjs'));
  const configYaml = (url) => continueConfig(url, FAKE_KEY, 'gpt-5-codex');
  const dir = path.join(tmp, 'agents6');
  const binDir = path.join(dir, 'bin');
  fs.mkdirSync(binDir, { recursive: true });
  const quote = (a) => `'${a.replace(/'/g, `'\\''`)}'`;
  const cnCommand = path.join(binDir, 'cn');
  fs.writeFileSync(cnCommand, `#!/bin/sh\nexec ${[process.execPath, ensureContinueCli()].map(quote).join(' ')} "$@"\n`, {
    mode: 0o755,
  });
  const rateLimited = await startFakeOpenAI({ script: 'rate_limit_forever' });
  const failing = await startFakeOpenAI({ script: 'server_500' });
  const config429 = path.join(dir, 'config-429.yaml');
  const config500 = path.join(dir, 'config-500.yaml');
  fs.writeFileSync(config429, configYaml(rateLimited.url));
  fs.writeFileSync(config500, configYaml(failing.url));
  // The window's default Claude Code folder holds the e2e's fixture transcripts (their rate limits too): an empty one.
  const claudeDir = path.join(dir, 'claude');
  fs.mkdirSync(claudeDir, { recursive: true });
  const settings = {
    'sessionDoctor.notifications.minimumSeverity': 'CRITICAL',
    'terminal.integrated.gpuAcceleration': 'off',
    'terminal.integrated.shellIntegration.enabled': true,
    'terminal.integrated.defaultProfile.linux': 'bash',
  };
  return {
    env: { CLAUDE_CONFIG_DIR: claudeDir },
    settings,
    context: { cnCommand, config429, config500, rateLimited, failing },
    stop: async () => {
      await rateLimited.close();
      await failing.close();
    },
  };
}

/** The tree's rows in order, with their level, text and index (for finding a finding's session row). */
async function rowsWithLevels(page) {
  return page
    .locator('.part.sidebar .monaco-list-row[aria-level]')
    .evaluateAll((rows) => rows.map((r) => ({ level: Number(r.getAttribute('aria-level')), text: (r.textContent ?? '').trim() })));
}

/**
 * Waits until the tree shows a finding row whose text includes `title` under a session row whose text includes `prompt`
 * (a tied session's title is its first prompt, an untied terminal session's its command line: both hold it), opening
 * collapsed session rows on the way; returns the text of that session row.
 */
async function waitForFinding(page, ui, title, prompt) {
  let session;
  await ui.waitFor(
    async () => {
      const rows = await rowsWithLevels(page);
      for (let at = 0; at < rows.length; at++) {
        if (rows[at].level !== 2 || !rows[at].text.includes(title)) continue;
        const parent = rows
          .slice(0, at)
          .reverse()
          .find((r) => r.level === 1);
        if (parent?.text.includes(prompt)) {
          session = parent;
          return true;
        }
      }
      const collapsed = page.locator('.part.sidebar .monaco-list-row[aria-level="1"][aria-expanded="false"]');
      const n = await collapsed.count();
      for (let i = 0; i < n; i++) {
        await collapsed
          .nth(i)
          .locator('.monaco-tl-twistie')
          .click({ timeout: 2_000 })
          .catch(() => {});
      }
      return false;
    },
    { timeoutMs: 60_000, intervalMs: 1_000, message: async () => `a "${title}" row (rows: ${JSON.stringify(await rowsWithLevels(page))})` },
  );
  return session.text;
}

/** Starts cn's TUI with `config` in a new terminal and waits for its first retry notice on screen. */
async function startCn(page, ui, context, config, prompt, status) {
  await ui.openTerminal(page);
  // By its full path: the terminal's login shell may rebuild PATH.
  await ui.typeInTerminal(page, `${context.cnCommand} --config ${config} '${prompt}'`);
  const notice = new RegExp(`Retrying request \\(\\d+/\\d+\\)\\. Error: ${status}`);
  await ui.waitFor(async () => notice.test(await ui.terminalText(page)), {
    timeoutMs: 90_000,
    message: async () => `cn's retry notice for ${status} (terminal: ${(await ui.terminalText(page)).slice(-500)})`,
  });
}

/** Ends cn's TUI (Ctrl+C twice, as a person does), in the terminal on screen (focused by command: a click may land on a decoration). */
async function stopCn(page, ui) {
  await ui.runCommand(page, 'Terminal: Focus Terminal');
  await page.keyboard.press('Control+C');
  await new Promise((r) => setTimeout(r, 400));
  await page.keyboard.press('Control+C');
}

export default async function checks({ page, ui, assert, check, context }) {
  await ui.openViewContainer(page, 'Session Doctor');
  await check("Continue's TUI retrying a 429 on screen only: the tree shows Rate limit (429) under a Continue session", async () => {
    await startCn(page, ui, context, context.config429, 'Say hello from cn', 429);
    const t0 = Date.now();
    const session = await waitForFinding(page, ui, 'Rate limit (429)', 'Say hello from cn');
    console.log(`      rate limit listed ${Date.now() - t0} ms after the first retry notice; session row: ${session}`);
    const tip = await ui.sessionTooltip(page, session, { hoverHas: ' · ' });
    assert.match(tip, /Continue · \w+ · \d+ open finding/, `the tooltip names the agent: ${tip}`);
    assert.ok(
      context.rateLimited.requests.some((r) => r.step === '429'),
      'the fake server served the 429',
    );
    // A rate limit being retried is transient: the session stays "ok" with its open finding (the tooltip above).
    console.log(`      status bar: ${await ui.healthText(page)}`);
    await ui.screenshot(page, 'agents6-continue-rate-limited');
    await stopCn(page, ui);
  });

  await check('a 500 in a second terminal: Server error (5xx) under a Continue session', async () => {
    await startCn(page, ui, context, context.config500, 'Second question from cn', 500);
    const t0 = Date.now();
    const session = await waitForFinding(page, ui, 'Server error (5xx)', 'Second question from cn');
    console.log(`      server error listed ${Date.now() - t0} ms after the first retry notice; session row: ${session}`);
    const tip = await ui.sessionTooltip(page, session, { hoverHas: ' · ' });
    assert.match(tip, /Continue · \w+ · \d+ open finding/, `the tooltip names the agent: ${tip}`);
    await ui.waitFor(
      async () => {
        const counts = ui.healthCounts(await ui.healthText(page));
        return Boolean(counts && counts.warning + counts.critical >= 1);
      },
      { timeoutMs: 15_000, message: async () => `the status bar counts the troubled session (status bar: ${await ui.healthText(page)})` },
    );
    console.log(`      rows: ${JSON.stringify(await ui.treeRowTexts(page))}; status bar: ${await ui.healthText(page)}`);
    await ui.screenshot(page, 'agents6-continue-server-error');
    await stopCn(page, ui);
  });
}
