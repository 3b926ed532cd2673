#!/usr/bin/env node
// Makes real Claude Code transcripts as test fixtures: installs @anthropic-ai/claude-code@2.1.330 into a cache folder
// outside the repo, runs `claude -p` against our fake Anthropic API server (test/harness/fakeAnthropic.js) on 127.0.0.1
// with a throw-away HOME, one scenario per run (happy path, tool use, tool loop, 429s, 401, 529, 400 prompt too long,
// 500, hang with a 4 s API_TIMEOUT_MS, hang killed after 15 s, hang stopped with Ctrl+C, credit balance too low, a used-up
// plan window, dropped connection, malformed stream, stale resume, /compact), and copies each transcript to test/fixtures/claude/<scenario>.jsonl, with the
// CLI's output in <scenario>.stdout.txt and a PROVENANCE.md. Only the throw-away path prefix is scrubbed.
//
// Usage: node scripts/make-claude-fixtures.mjs [scenario ...]     (no argument: all scenarios and PROVENANCE.md rewritten;
//        with names: those scenarios, their PROVENANCE.md rows replaced or added)
// Env:   SESSION_DOCTOR_CACHE (default ~/.cache/session-doctor), KEEP_TMP=1 to keep the throw-away folders.
//
// The parts: scripts/fixtures/claude/ (scenarios.mjs; cli.mjs: install, sandbox and one run; run.mjs: one scenario and
// the hand-made files; provenance.mjs: PROVENANCE.md) and what every fixture script shares, scripts/agents/.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { log, logFixtureSize, pickScenarios } from './agents/fixtureKit.mjs';
import { SCENARIOS } from './fixtures/claude/scenarios.mjs';
import { CLAUDE_VERSION, OUT_DIR, ensureClaude } from './fixtures/claude/cli.mjs';
import { makeCrlfBom, makeGarbage, runScenario } from './fixtures/claude/run.mjs';
import { provenance, updateProvenance } from './fixtures/claude/provenance.mjs';

export { CLAUDE_VERSION, ensureClaude };

async function main() {
  const wanted = process.argv.slice(2);
  const list = pickScenarios(SCENARIOS, wanted);
  const bin = ensureClaude();
  log(`claude: ${bin}`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const results = [];
  for (const sc of list) results.push(await runScenario(bin, sc));
  if (!wanted.length) {
    makeGarbage();
    makeCrlfBom();
    fs.writeFileSync(path.join(OUT_DIR, 'PROVENANCE.md'), provenance(results));
  } else {
    updateProvenance(results);
  }
  logFixtureSize(OUT_DIR);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    process.stderr.write(`make-claude-fixtures: ${err.stack || err}\n`);
    process.exit(1);
  });
}
