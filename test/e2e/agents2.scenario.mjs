// More agents in code-server terminals (issue 11), run by scripts/e2e.mjs as a phase-3 scenario on its own window: the
// real opencode (npm opencode-ai 1.18.33, cached by scripts/make-opencode-fixtures.mjs) and the real pi (npm
// @mariozechner/pi-coding-agent 0.73.1, cached by scripts/make-pi-fixtures.mjs), each typed into its own integrated
// terminal as a person would, each talking to a fault-injecting API server on 127.0.0.1: opencode to the fake Anthropic
// API, which answers every request with a 429 (retry-after 1 s: a 429 storm opencode retries with backoff), pi to the
// fake OpenAI Chat Completions API, which refuses its key (401).
//
// What it asserts: each session appears in the Sessions tree with the right finding (opencode: Rate limit (429), read
// from its log while it retries and from its SQLite database; pi: Authentication failed, read from its session file),
// the tooltip of each session row names the agent, opencode's session is the one in its database (read with its WAL)
// and the status bar counts both sessions as troubled.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { startFakeAnthropic } = require(path.join(repoRoot, 'test', 'harness', 'fakeAnthropic.js'));
const { startFakeOpenAI } = require(path.join(repoRoot, 'test', 'harness', 'fakeOpenAI.js'));

/** The whole scenario's limit (ms): the window (~30 s), opencode's retries (~80 s), pi's refusal (seconds). */
export const TIMEOUT_MS = 300_000;

const FAKE_ANTHROPIC_KEY = 'sk-ant-FAKEe2eOPENCODEkeyNOTREAL000000';
const FAKE_OPENAI_KEY = 'sk-FAKEe2ePIkeyNOTREAL000000000000000';
const OPENCODE_PROMPT = 'Say hello from opencode';
const PI_PROMPT = 'Say hello from pi';

/** A shell wrapper `<binDir>/<name>` that runs `command args...` (pi is a Node script; the terminal's PATH may lack this Node). */
function wrapper(binDir, name, command, args = []) {
  const file = path.join(binDir, name);
  const quote = (a) => `'${a.replace(/'/g, `'\\''`)}'`;
  fs.writeFileSync(file, `#!/bin/sh\nexec ${[command, ...args].map(quote).join(' ')} "$@"\n`, { mode: 0o755 });
  return file;
}

/**
 * Before the window starts: finds (or installs into the cache) opencode and pi, starts the two fake servers, and writes
 * each agent's configuration into the window's HOME, where the agents and the extension both look.
 */
export async function prepare({ tmp, home }) {
  const { ensureOpencode } = await import(path.join(repoRoot, 'scripts', 'make-opencode-fixtures.mjs'));
  const { ensurePi } = await import(path.join(repoRoot, 'scripts', 'make-pi-fixtures.mjs'));
  const binDir = path.join(tmp, 'agents2-bin');
  fs.mkdirSync(binDir, { recursive: true });
  const opencodeCommand = wrapper(binDir, 'opencode', ensureOpencode());
  const piCommand = wrapper(binDir, 'pi', process.execPath, [ensurePi()]);

  // opencode: the Anthropic provider pointed at the fake server, which answers every request with a 429.
  const anthropic = await startFakeAnthropic({ script: [{ type: '429', retryAfter: 1 }] });
  const opencodeConfig = path.join(home, '.config', 'opencode');
  fs.mkdirSync(opencodeConfig, { recursive: true });
  fs.writeFileSync(
    path.join(opencodeConfig, 'opencode.json'),
    JSON.stringify(
      {
        $schema: 'https://opencode.ai/config.json',
        model: 'anthropic/claude-sonnet-4-5',
        small_model: 'anthropic/claude-haiku-4-5',
        autoupdate: false,
        share: 'disabled',
        provider: { anthropic: { options: { baseURL: `${anthropic.url}/v1`, apiKey: FAKE_ANTHROPIC_KEY } } },
      },
      null,
      2,
    ),
  );

  // pi: a provider `fake` (Chat Completions) pointed at the fake OpenAI server, which refuses the key.
  const openai = await startFakeOpenAI({ script: 'auth_401' });
  const piAgentDir = path.join(home, '.pi', 'agent');
  fs.mkdirSync(piAgentDir, { recursive: true });
  fs.writeFileSync(
    path.join(piAgentDir, 'models.json'),
    JSON.stringify(
      {
        providers: { fake: { baseUrl: `${openai.url}/v1`, api: 'openai-completions', apiKey: FAKE_OPENAI_KEY, models: [{ id: 'gpt-5' }] } },
      },
      null,
      2,
    ),
  );

  // An empty Claude Code folder: the window otherwise inherits the phase's CLAUDE_CONFIG_DIR with its fixture transcripts.
  const claudeDir = path.join(tmp, 'agents2-claude');
  fs.mkdirSync(claudeDir, { recursive: true });
  const env = {
    PATH: `${binDir}${path.delimiter}${process.env.PATH}`,
    CLAUDE_CONFIG_DIR: claudeDir,
    OPENCODE_DISABLE_MODELS_FETCH: '1',
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    // opencode installs its plug-in package in the background; offline that fails at once instead of waiting on the registry.
    npm_config_offline: 'true',
  };
  const settings = {
    'sessionDoctor.notifications.minimumSeverity': 'CRITICAL',
    'terminal.integrated.gpuAcceleration': 'off',
    'terminal.integrated.shellIntegration.enabled': true,
    'terminal.integrated.defaultProfile.linux': 'bash',
  };
  const context = {
    opencodeCommand,
    piCommand,
    anthropic,
    openai,
    opencodeData: path.join(home, '.local', 'share', 'opencode'),
    piSessions: path.join(piAgentDir, 'sessions'),
  };
  return {
    env,
    settings,
    context,
    stop: async () => {
      await anthropic.close();
      await openai.close();
    },
  };
}

/** Files under `dir` (recursive) whose name matches. */
function filesUnder(dir, pattern) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => pattern.test(path.basename(f)))
    .map((f) => path.join(dir, f));
}

/** The rows of the session whose row text matches `row` and its findings, opening it when it is collapsed. */
async function expandSession(page, row) {
  const collapsed = page.locator('.part.sidebar .monaco-list-row[aria-level="1"][aria-expanded="false"]').filter({ hasText: row });
  if (await collapsed.count())
    await collapsed
      .first()
      .locator('.monaco-tl-twistie')
      .click({ timeout: 2_000 })
      .catch(() => {});
}

export default async function checks({ page, ui, assert, check, context }) {
  let opencodeTitle;
  await check('a real opencode in a terminal, in a 429 storm, is listed with a rate-limit finding while it retries', async () => {
    await ui.openViewContainer(page, 'Session Doctor');
    await ui.openTerminal(page);
    await ui.typeInTerminal(page, `${context.opencodeCommand} run "${OPENCODE_PROMPT}"`);
    const t0 = Date.now();
    await ui.waitFor(() => context.anthropic.requests.length >= 2, {
      timeoutMs: 60_000,
      message: async () => `opencode's requests to the fake server (terminal: ${(await ui.terminalText(page)).slice(-400)})`,
    });
    // The session's title comes from opencode's database (its `session` table); the rate limit from its log's retries.
    const opencodeRow = /Checking the project|Say hello from opencode/;
    await ui.waitFor(
      async () => {
        const rows = await ui.treeRowTexts(page);
        if (rows.some((t) => opencodeRow.test(t)) && rows.some((t) => t.includes('Rate limit (429)'))) return true;
        await expandSession(page, opencodeRow);
        return false;
      },
      {
        timeoutMs: 120_000,
        message: async () => `opencode's session with a Rate limit row (rows: ${JSON.stringify(await ui.treeRowTexts(page))})`,
      },
    );
    console.log(`      rate limit listed ${Date.now() - t0} ms after opencode started`);
    // The session is opencode's own (its id from the log and the database), named by its database's title.
    const dbFiles = filesUnder(context.opencodeData, /^opencode\.db(-wal)?$/);
    assert.ok(
      dbFiles.some((f) => f.endsWith('opencode.db')),
      `opencode's database: ${JSON.stringify(dbFiles)}`,
    );
    const rows = await page.locator('.part.sidebar .monaco-list-row[aria-level="1"]').allTextContents();
    console.log(`      session rows: ${JSON.stringify(rows)}`);
    await ui.waitFor(
      async () =>
        (await page.locator('.part.sidebar .monaco-list-row[aria-level="1"]').allTextContents()).some((t) =>
          /Checking the project/.test(t),
        ),
      {
        timeoutMs: 30_000,
        message: async () => `a session row titled from opencode's database (rows: ${JSON.stringify(await ui.treeRowTexts(page))})`,
      },
    );
    opencodeTitle = 'Checking the project';
    assert.strictEqual(
      rows.filter((t) => /Rate limit|Authentication/.test(t)).length,
      0,
      `only session rows at level 1: ${JSON.stringify(rows)}`,
    );
    const tip = await ui.sessionTooltip(page, opencodeTitle);
    assert.match(tip, /opencode · /, `the tooltip names the agent: ${tip}`);
    await ui.screenshot(page, 'agents2-opencode-rate-limited');
  });

  await check('a real pi in a second terminal, whose key the API refuses, is listed with a critical auth finding', async () => {
    await ui.openViewContainer(page, 'Session Doctor');
    await ui.openTerminal(page);
    await ui.typeInTerminal(page, `${context.piCommand} --model fake/gpt-5 -p "${PI_PROMPT}"`);
    const t0 = Date.now();
    await ui.waitFor(() => filesUnder(context.piSessions, /\.jsonl$/).length > 0, {
      timeoutMs: 60_000,
      message: async () => `pi's session file (terminal: ${(await ui.terminalText(page)).slice(-400)})`,
    });
    await ui.waitFor(async () => (await ui.allTreeRowTexts(page)).some((t) => t.includes('Authentication failed (401/403)')), {
      timeoutMs: 60_000,
      intervalMs: 1_000,
      message: async () =>
        `an auth row (rows: ${JSON.stringify(await ui.treeRowTexts(page))}; terminal: ${(await ui.terminalText(page)).slice(-400)})`,
    });
    console.log(`      auth failure listed ${Date.now() - t0} ms after pi started`);
    const sessions = filesUnder(context.piSessions, /\.jsonl$/);
    assert.strictEqual(sessions.length, 1, `one pi session file: ${JSON.stringify(sessions)}`);
    const rows = await page.locator('.part.sidebar .monaco-list-row[aria-level="1"]').allTextContents();
    const piRow = rows.find((t) => t.includes(PI_PROMPT));
    assert.ok(piRow, `a pi session row titled by its prompt in ${JSON.stringify(rows)}`);
    const tip = await ui.sessionTooltip(page, PI_PROMPT);
    assert.match(tip, /pi · /, `the tooltip names the agent: ${tip}`);
    await ui.screenshot(page, 'agents2-two-agents');
  });

  await check('the status bar counts both sessions as troubled, the refused key as critical', async () => {
    await ui.waitFor(
      async () => {
        const c = ui.healthCounts(await ui.healthText(page));
        return c && c.warning + c.critical >= 2 && c.critical >= 1;
      },
      { timeoutMs: 20_000, message: async () => `two troubled sessions, one critical (status bar: ${await ui.healthText(page)})` },
    );
    console.log(`      status bar: ${await ui.healthText(page)}`);
  });
}
