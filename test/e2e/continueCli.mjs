// What the e2e scenarios that run the real Continue CLI in code-server terminals share (agents6: faults only a screen
// shows; agents7: a hang with nothing written): the CLI (npm @continuedev/cli, cached by
// scripts/make-continue-fixtures.mjs) behind a `cn` wrapper, one fake OpenAI server and config.yaml per run, the
// window's settings, and the tree and terminal steps both take. Not a scenario itself (scripts/e2e.mjs runs only
// `*.scenario.mjs`).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { startFakeOpenAI } = require(path.join(repoRoot, 'test', 'harness', 'fakeOpenAI.js'));

/** The model every run's config names (the CLI speaks the Responses API for it). */
const MODEL = 'gpt-5-codex';

/**
 * A scenario's `prepare` result, before its window starts: the Continue CLI (installed into the cache once) behind an
 * executable `<tmp>/<name>/bin/cn`, and for each entry of `servers` (run id -> fakeOpenAI script) a fake OpenAI server
 * and `<tmp>/<name>/config-<id>.yaml` pointing at it with `key`. `settings` are added to the window's (terminals with
 * shell integration in bash, notifications only for CRITICAL). The Claude Code folder is an empty one (the e2e's
 * default holds fixture transcripts with faults of their own). `context`: `cnCommand`, `configs` and `servers` by
 * run id; `stop` closes the servers.
 */
export async function prepareContinue({ tmp, name, key, servers, settings = {} }) {
  const { ensureContinueCli, configYaml } = await import(path.join(repoRoot, 'scripts', 'make-continue-fixtures.mjs'));
  const dir = path.join(tmp, name);
  const binDir = path.join(dir, 'bin');
  fs.mkdirSync(binDir, { recursive: true });
  const quote = (a) => `'${a.replace(/'/g, `'\\''`)}'`;
  const cnCommand = path.join(binDir, 'cn');
  fs.writeFileSync(cnCommand, `#!/bin/sh\nexec ${[process.execPath, ensureContinueCli()].map(quote).join(' ')} "$@"\n`, {
    mode: 0o755,
  });
  const started = {};
  const configs = {};
  const stop = async () => {
    for (const server of Object.values(started)) await server.close();
  };
  try {
    for (const [id, script] of Object.entries(servers)) {
      started[id] = await startFakeOpenAI({ script });
      configs[id] = path.join(dir, `config-${id}.yaml`);
      fs.writeFileSync(configs[id], configYaml(started[id].url, key, MODEL));
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const claudeDir = path.join(dir, 'claude');
  fs.mkdirSync(claudeDir, { recursive: true });
  return {
    env: { CLAUDE_CONFIG_DIR: claudeDir },
    settings: {
      'sessionDoctor.notifications.minimumSeverity': 'CRITICAL',
      'terminal.integrated.gpuAcceleration': 'off',
      'terminal.integrated.shellIntegration.enabled': true,
      'terminal.integrated.defaultProfile.linux': 'bash',
      ...settings,
    },
    context: { cnCommand, configs, servers: started },
    stop,
  };
}

/** The tree's rows in order, with their level and text (for finding a finding's session row). */
async function rowsWithLevels(page) {
  return page
    .locator('.part.sidebar .monaco-list-row[aria-level]')
    .evaluateAll((rows) => rows.map((r) => ({ level: Number(r.getAttribute('aria-level')), text: (r.textContent ?? '').trim() })));
}

/**
 * Waits until the tree shows a finding row whose text includes `title` under a session row whose text includes `prompt`
 * (a tied session's title is its first prompt, an untied terminal session's its command line: both hold it), opening
 * collapsed session rows on the way, for at most `timeoutMs` (ms); returns the text of that session row.
 */
export async function waitForFinding(page, ui, title, prompt, { timeoutMs = 60_000 } = {}) {
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
    { timeoutMs, intervalMs: 1_000, message: async () => `a "${title}" row (rows: ${JSON.stringify(await rowsWithLevels(page))})` },
  );
  return session.text;
}

/**
 * Ends the run in the terminal on screen as a person does: Ctrl+C, 400 ms, Ctrl+C (the terminal focused by command: a
 * click may land on a decoration).
 */
export async function stopCn(page, ui) {
  await ui.runCommand(page, 'Terminal: Focus Terminal');
  await page.keyboard.press('Control+C');
  await new Promise((r) => setTimeout(r, 400));
  await page.keyboard.press('Control+C');
}
