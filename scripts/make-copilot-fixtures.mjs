#!/usr/bin/env node
// Makes real GitHub Copilot CLI session files as test fixtures: installs @github/copilot@1.0.102 from npm into a cache
// folder outside the repo (~/.cache/session-doctor/copilot-<version>), runs `copilot -p <prompt> --allow-all-tools`
// offline against our fake OpenAI server (test/harness/fakeOpenAI.js, Chat Completions) with a throw-away HOME, one
// scenario per run, and keeps the session's event log (`~/.copilot/session-state/<session id>/events.jsonl`) and the
// run's output with the fake server's requests. See test/fixtures/copilot/PROVENANCE.md.
//
// How the CLI is pointed at the fake server (its "bring your own key" mode, `copilot help providers`): the environment
// variables COPILOT_PROVIDER_BASE_URL=<server>/v1 (type `openai`, the default), COPILOT_PROVIDER_API_KEY (a fake key),
// COPILOT_MODEL=gpt-5, and COPILOT_OFFLINE=true (no GitHub sign-in, no call to GitHub's servers).
//
// Scrubbing: only the throw-away folder prefix (/tmp/sdcp<random>) is removed, so paths read /home/dev/projects/demo-app;
// the fake key would read `<fake key>`.
//
// Usage: node scripts/make-copilot-fixtures.mjs [scenario ...]     (no argument: all scenarios, and PROVENANCE.md)
//        node scripts/make-copilot-fixtures.mjs tui_recipes  (the recovery recipes checked in the interactive TUI, in tmux)
// Env:   SESSION_DOCTOR_CACHE (default ~/.cache/session-doctor).
//
// The parts: scripts/fixtures/copilot/ (scenarios.mjs; cli.mjs: install, environment, sandbox, scrubber; run.mjs: one
// headless scenario; tui.mjs: the tui_recipes run; provenance.mjs: PROVENANCE.md) and what every fixture script
// shares, scripts/agents/.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { log, pickScenarios } from './agents/fixtureKit.mjs';
import { SCENARIOS } from './fixtures/copilot/scenarios.mjs';
import { OUT_DIR, copilotEnv, ensureCopilot } from './fixtures/copilot/cli.mjs';
import { runScenario } from './fixtures/copilot/run.mjs';
import { runTuiRecipes } from './fixtures/copilot/tui.mjs';
import { provenance } from './fixtures/copilot/provenance.mjs';

export { copilotEnv, ensureCopilot };

async function main() {
  const wanted = process.argv.slice(2);
  if (wanted.length === 1 && wanted[0] === 'tui_recipes') {
    fs.mkdirSync(OUT_DIR, { recursive: true });
    await runTuiRecipes(ensureCopilot());
    return;
  }
  const list = pickScenarios(SCENARIOS, wanted);
  const bin = ensureCopilot();
  log(`copilot: ${bin}`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const results = [];
  for (const sc of list) {
    results.push(await runScenario(bin, sc));
  }
  if (!wanted.length) {
    fs.writeFileSync(path.join(OUT_DIR, 'PROVENANCE.md'), provenance(results));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    process.stderr.write(`make-copilot-fixtures: ${err.stack || err}\n`);
    process.exit(1);
  });
}
