// GitHub Copilot CLI in a code-server terminal (issue 11), run by scripts/e2e.mjs as a phase-3 scenario on its own
// window: the real Copilot CLI (npm @github/copilot 1.0.102, cached by scripts/make-copilot-fixtures.mjs) typed into an
// integrated terminal as a person would, in its offline bring-your-own-key mode against the fake OpenAI server on
// 127.0.0.1 (Chat Completions).
//
// What it asserts: the session appears in the Sessions tree, its tooltip names the agent "Copilot CLI" (not Copilot
// Chat), and Session Doctor: Compact Context (Command Palette) types the recipe's `/compact` into the running CLI, which
// compacts: `session.compaction_complete` in its event log.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { startFakeOpenAI } = require(path.join(repoRoot, 'test', 'harness', 'fakeOpenAI.js'));

/** The whole scenario's limit (ms): the window (~30 s), the CLI's start (~20 s), a reply and a compaction (seconds). */
export const TIMEOUT_MS = 240_000;

const FAKE_KEY = 'sk-FAKEe2eCOPILOTkeyNOTREAL00000000000';
const PROMPT = 'Say hello from copilot';

/** Before the window starts: the Copilot CLI (installed into the cache once), a wrapper on PATH, the fake server. */
export async function prepare({ tmp, home }) {
  const { ensureCopilot } = await import(path.join(repoRoot, 'scripts', 'make-copilot-fixtures.mjs'));
  const binDir = path.join(tmp, 'agents3-bin');
  fs.mkdirSync(binDir, { recursive: true });
  const quote = (a) => `'${a.replace(/'/g, `'\\''`)}'`;
  const copilotCommand = path.join(binDir, 'copilot');
  fs.writeFileSync(copilotCommand, `#!/bin/sh\nexec ${[process.execPath, ensureCopilot()].map(quote).join(' ')} "$@"\n`, {
    mode: 0o755,
  });
  const openai = await startFakeOpenAI({
    script: [
      { type: 'text', text: 'Hello from the fake model.' },
      { type: 'text', text: 'Summary: the user said hello and got a greeting.' },
    ],
  });
  const claudeDir = path.join(tmp, 'agents3-claude');
  fs.mkdirSync(claudeDir, { recursive: true });
  const env = {
    PATH: `${binDir}${path.delimiter}${process.env.PATH}`,
    CLAUDE_CONFIG_DIR: claudeDir,
    COPILOT_OFFLINE: 'true',
    COPILOT_PROVIDER_BASE_URL: `${openai.url}/v1`,
    COPILOT_PROVIDER_API_KEY: FAKE_KEY,
    COPILOT_MODEL: 'gpt-5',
  };
  const settings = {
    'sessionDoctor.notifications.minimumSeverity': 'CRITICAL',
    'terminal.integrated.gpuAcceleration': 'off',
    'terminal.integrated.shellIntegration.enabled': true,
    'terminal.integrated.defaultProfile.linux': 'bash',
  };
  return {
    env,
    settings,
    context: { openai, copilotCommand, sessions: path.join(home, '.copilot', 'session-state') },
    stop: async () => openai.close(),
  };
}

/** The event logs under the CLI's session folder. */
function eventLogs(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((d) => path.join(dir, d, 'events.jsonl'))
    .filter((f) => fs.existsSync(f));
}

export default async function checks({ page, ui, assert, check, context }) {
  await check('a real Copilot CLI in a terminal is listed as Copilot CLI, and Compact Context compacts it with /compact', async () => {
    await ui.openViewContainer(page, 'Session Doctor');
    await ui.openTerminal(page);
    // By its full path: the terminal's login shell may rebuild PATH.
    await ui.typeInTerminal(page, context.copilotCommand);
    await ui.waitFor(async () => /Do you trust the files/.test(await ui.terminalText(page)), {
      timeoutMs: 90_000,
      message: async () => `the folder-trust question (terminal: ${(await ui.terminalText(page)).slice(-400)})`,
    });
    await page.keyboard.press('2');
    await ui.waitFor(async () => /\? help/.test(await ui.terminalText(page)), {
      timeoutMs: 30_000,
      message: async () => `the prompt (terminal: ${(await ui.terminalText(page)).slice(-400)})`,
    });
    await ui.typeInTerminal(page, PROMPT);
    await ui.waitFor(async () => /Hello from the fake model\./.test(await ui.terminalText(page)), {
      timeoutMs: 60_000,
      message: async () => `the reply (terminal: ${(await ui.terminalText(page)).slice(-400)})`,
    });
    const t0 = Date.now();
    await ui.waitFor(async () => (await ui.allTreeRowTexts(page)).some((t) => t.includes(PROMPT)), {
      timeoutMs: 60_000,
      intervalMs: 1_000,
      message: async () => `a session row for the prompt (rows: ${JSON.stringify(await ui.treeRowTexts(page))})`,
    });
    console.log(`      listed ${Date.now() - t0} ms after the reply`);
    // The terminal's own row (its title is the conversation's) can match the prompt before the session's row is
    // listed: the hover wanted is the Sessions view row's, which names the agent.
    const tip = await ui.sessionTooltip(page, PROMPT, { hoverHas: 'Copilot CLI · ', timeoutMs: 60_000 });
    assert.match(tip, /Copilot CLI · /, `the tooltip names the agent: ${tip}`);

    const logs = eventLogs(context.sessions).filter((f) => fs.readFileSync(f, 'utf8').includes(PROMPT));
    assert.strictEqual(logs.length, 1, `one event log with the prompt: ${JSON.stringify(eventLogs(context.sessions))}`);
    await ui.runCommand(page, 'Session Doctor: Compact Context');
    const input = page.locator('.quick-input-widget input').first();
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(PROMPT);
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: PROMPT }).first().waitFor({
      state: 'visible',
      timeout: 10_000,
    });
    await page.keyboard.press('Enter');
    const t1 = Date.now();
    await ui.waitFor(() => /"type":"session\.compaction_complete"/.test(fs.readFileSync(logs[0], 'utf8')), {
      timeoutMs: 45_000,
      message: async () =>
        `a compaction in the event log (terminal: ${(await ui.terminalText(page)).slice(-400)}; notifications: ${JSON.stringify(await ui.notificationTexts(page))})`,
    });
    console.log(`      compacted ${Date.now() - t1} ms after the command`);
    await ui.waitFor(async () => /Compaction completed/.test(await ui.terminalText(page)), {
      timeoutMs: 15_000,
      message: async () => `"Compaction completed" on screen (terminal: ${(await ui.terminalText(page)).slice(-400)})`,
    });
    await ui.screenshot(page, 'agents3-copilot-compacted');
  });
}
