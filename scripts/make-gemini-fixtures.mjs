#!/usr/bin/env node
// Makes real Gemini CLI session files as test fixtures: installs @google/gemini-cli@0.61.0 into a cache folder outside
// the repo (~/.cache/session-doctor/gemini-cli-<version>), runs `gemini -p ... --yolo` offline against our fake Gemini
// API server (test/harness/fakeGemini.js) on 127.0.0.1 with a throw-away HOME, one scenario per run (happy path, tool
// use, tool loop, 429s, a daily quota, 401, 403, bad key, context too long, 500, 503, hang, dropped connection, malformed
// stream), and
// copies each session file ($HOME/.gemini/tmp/<project>/chats/session-*.jsonl) to test/fixtures/gemini/<scenario>.jsonl,
// with the CLI's output in <scenario>.stdout.txt and a PROVENANCE.md. Only the throw-away path prefix is scrubbed.
//
// How the CLI is pointed at the fake server (checked in the 0.61.0 bundle): GOOGLE_GEMINI_BASE_URL (read by
// @google/genai and by the CLI's content generator), GEMINI_API_KEY, settings.json `security.auth.selectedType:
// "gemini-api-key"`, GEMINI_CLI_TRUST_WORKSPACE=true (headless runs refuse untrusted folders), telemetry, usage
// statistics and update checks off in settings.json, `general.maxAttempts: 3` (retries per request), and
// GEMINI_CLI_NO_RELAUNCH=true (else the CLI re-spawns itself with a bigger heap, and a killed parent leaves it
// running). GEMINI_CLI_HOME would move ~/.gemini too; we set HOME instead.
//
// Usage: node scripts/make-gemini-fixtures.mjs [scenario ...]     (no argument: all scenarios)
// Env:   SESSION_DOCTOR_CACHE (default ~/.cache/session-doctor), KEEP_TMP=1 to keep the throw-away folders,
//        SESSION_DOCTOR_FIXTURES_OUT=<folder> to write the files there instead of test/fixtures/gemini (a trial run),
//        SESSION_DOCTOR_FIXTURE_TIMEOUT_MS=<ms> to give every run that time limit instead of its own.
//
// The parts: scripts/fixtures/gemini/ (scenarios.mjs; cli.mjs: install, sandbox, headless run; pty.mjs: the TUI runs;
// run.mjs: one scenario; provenance.mjs: PROVENANCE.md) and what every fixture script shares, scripts/agents/.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { log, logFixtureSize, parallelJobs, pickScenarios, runPool } from './agents/fixtureKit.mjs';
import { SCENARIOS } from './fixtures/gemini/scenarios.mjs';
import { OUT_DIR, ensureGemini } from './fixtures/gemini/cli.mjs';
import { makeGarbage, runScenario } from './fixtures/gemini/run.mjs';
import { provenance, updateProvenance } from './fixtures/gemini/provenance.mjs';

export { ensureGemini };

async function main() {
  const wanted = process.argv.slice(2);
  const list = pickScenarios(SCENARIOS, wanted);
  const bin = ensureGemini();
  log(`gemini: ${bin}`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  // Scenarios run in parallel (each has its own server and HOME), a few at a time: the CLI takes ~15 s of CPU to start.
  const results = await runPool(list, parallelJobs(), (sc) => runScenario(bin, sc));
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
    process.stderr.write(`make-gemini-fixtures: ${err.stack || err}\n`);
    process.exit(1);
  });
}
