#!/usr/bin/env node
// Makes real Codex CLI rollouts as test fixtures: installs @openai/codex@0.169.0 (its linux-x64 native binary comes as an
// optional dependency) into a cache folder outside the repo, runs `codex exec` against our fake OpenAI API server
// (test/harness/fakeOpenAI.js) on 127.0.0.1 with a throw-away HOME and CODEX_HOME, one scenario per run (happy path, tool
// use, tool loop, 429s, 401, 400 context_length_exceeded, 500, 503, hang, dropped connection, malformed stream), and
// copies each rollout ($CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<uuid>.jsonl) to test/fixtures/codex/<scenario>.jsonl,
// with the CLI's output in <scenario>.stdout.txt and a PROVENANCE.md. Only the throw-away path prefix is scrubbed.
//
// How Codex runs offline here (found by trying, 0.169.0): CODEX_HOME=<tmp>/home/dev/.codex with a config.toml that
// defines `model_provider = "fake"` and `[model_providers.fake]` with `base_url = "http://127.0.0.1:<port>/v1"`,
// `wire_api = "responses"`, `env_key = "FAKE_OPENAI_KEY"` (no login needed), retry and idle-timeout knobs; analytics and
// update checks off; `codex exec --skip-git-repo-check <prompt>` with approval "never" and sandbox "danger-full-access"
// (the sandbox needs namespaces the machine may not have). stdin is closed (exec otherwise waits for more input).
// `wire_api = "chat"` is refused by 0.169.0 ("`wire_api = "chat"` is no longer supported"), so Codex speaks only the
// Responses API here; the fake server's Chat Completions endpoint is for other OpenAI-compatible agents.
//
// Usage: node scripts/make-codex-fixtures.mjs [scenario ...]     (no argument: all scenarios)
// Env:   SESSION_DOCTOR_CACHE (default ~/.cache/session-doctor), KEEP_TMP=1 to keep the throw-away folders.
//
// The parts: scripts/fixtures/codex/ (scenarios.mjs, cli.mjs: install, sandbox and one run; run.mjs: one scenario;
// provenance.mjs: PROVENANCE.md) and what every fixture script shares, scripts/agents/.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { log, logFixtureSize, pickScenarios } from './agents/fixtureKit.mjs';
import { SCENARIOS } from './fixtures/codex/scenarios.mjs';
import { OUT_DIR, ensureCodex } from './fixtures/codex/cli.mjs';
import { makeGarbage, runScenario } from './fixtures/codex/run.mjs';
import { provenance } from './fixtures/codex/provenance.mjs';

export { ensureCodex };

async function main() {
  const wanted = process.argv.slice(2);
  const list = pickScenarios(SCENARIOS, wanted);
  const bin = ensureCodex();
  log(`codex: ${bin}`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const results = [];
  for (const sc of list) results.push(await runScenario(bin, sc));
  if (!wanted.length) {
    makeGarbage();
    fs.writeFileSync(path.join(OUT_DIR, 'PROVENANCE.md'), provenance(results));
  }
  logFixtureSize(OUT_DIR);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    process.stderr.write(`make-codex-fixtures: ${err.stack || err}\n`);
    process.exit(1);
  });
}
