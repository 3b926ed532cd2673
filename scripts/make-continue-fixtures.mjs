#!/usr/bin/env node
// Makes real Continue CLI session files as test fixtures: installs @continuedev/cli@1.5.47 from npm into a cache folder
// outside the repo (~/.cache/session-doctor/continuedev-cli-<version>), runs `cn --config <file> -p --auto <prompt>`
// (headless) offline against our fake OpenAI server (test/harness/fakeOpenAI.js; the CLI's `openai` provider speaks the
// Responses API for gpt-5) with a throw-away HOME, one scenario per run, and keeps the session file it wrote
// (`~/.continue/sessions/<uuid>.json`, or `$CONTINUE_GLOBAL_DIR/sessions/`) with its output and the fake server's
// requests. See test/fixtures/continue/PROVENANCE.md.
//
// How the CLI is pointed at the fake server: a config.yaml (schema v1) with one model, `provider: openai`, `model:
// gpt-5`, `apiBase: <server>/v1`, a fake `apiKey`, passed with `--config`. No Continue Hub sign-in is needed.
//
// Scrubbing: only the throw-away folder prefix (/tmp/sdcn<random>) is removed, so paths read /home/dev/projects/demo-app;
// the fake key would read `<fake key>`.
//
// Usage: node scripts/make-continue-fixtures.mjs [scenario ...]     (no argument: all scenarios, and PROVENANCE.md)
//        node scripts/make-continue-fixtures.mjs tui_recipes  (the recovery recipes checked in the interactive TUI, in tmux)
//        node scripts/make-continue-fixtures.mjs tui_hang_long tui_happy_idle  (TUI captures for the hang watchdog: watchdog/)
// Env:   SESSION_DOCTOR_CACHE (default ~/.cache/session-doctor).
//
// The parts: scripts/fixtures/continue/ (scenarios.mjs; cli.mjs: install, config.yaml, sandbox, environment; run.mjs:
// one headless scenario; tui.mjs: one TUI scenario; recipes.mjs: tui_recipes; provenance.mjs: PROVENANCE.md) and what
// every fixture script shares, scripts/agents/.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { log, pickScenarios } from './agents/fixtureKit.mjs';
import { SCENARIOS, TUI_SCENARIOS } from './fixtures/continue/scenarios.mjs';
import { OUT_DIR, configYaml, ensureContinueCli } from './fixtures/continue/cli.mjs';
import { runScenario } from './fixtures/continue/run.mjs';
import { runTuiScenario } from './fixtures/continue/tui.mjs';
import { runTuiRecipes } from './fixtures/continue/recipes.mjs';
import { provenance } from './fixtures/continue/provenance.mjs';

export { configYaml, ensureContinueCli };

async function main() {
  const wanted = process.argv.slice(2);
  if (wanted.length === 1 && wanted[0] === 'tui_recipes') {
    fs.mkdirSync(OUT_DIR, { recursive: true });
    await runTuiRecipes(ensureContinueCli());
    return;
  }
  const list = wanted.length ? pickScenarios([...SCENARIOS, ...TUI_SCENARIOS], wanted) : SCENARIOS;
  const bin = ensureContinueCli();
  log(`cn: ${bin}`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const results = [];
  for (const sc of list) {
    results.push(await (TUI_SCENARIOS.includes(sc) ? runTuiScenario(bin, sc) : runScenario(bin, sc)));
  }
  if (!wanted.length) {
    fs.writeFileSync(path.join(OUT_DIR, 'PROVENANCE.md'), provenance(results));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    process.stderr.write(`make-continue-fixtures: ${err.stack || err}\n`);
    process.exit(1);
  });
}
