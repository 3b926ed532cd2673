#!/usr/bin/env node
// Makes real opencode files as test fixtures: installs opencode-ai@1.18.33 from npm (a launcher whose postinstall links
// the native binary of the optional dependency `opencode-<platform>-<arch>`) into a cache folder outside the repo
// (~/.cache/session-doctor/opencode-ai-<version>), runs `opencode run ...` offline against our fake Anthropic server
// (test/harness/fakeAnthropic.js) with a throw-away HOME, one scenario per run, and keeps what opencode wrote: its
// SQLite database (`$XDG_DATA_HOME/opencode/opencode.db`, default `~/.local/share/opencode/opencode.db`) and the
// write-ahead log beside it (`opencode.db-wal`: opencode opens the database in WAL mode and leaves the WAL behind when
// `opencode run` exits), both copied byte for byte right after the run and stored gzipped; its log
// (`<data>/log/opencode.log`); and its output with the fake server's requests. See test/fixtures/opencode/PROVENANCE.md.
//
// How opencode is pointed at the fake server (checked in the 1.18.33 binary): `$XDG_CONFIG_HOME/opencode/opencode.json`
// (default ~/.config/opencode) with `provider.anthropic.options.baseURL` and `apiKey`, `model`/`small_model`,
// `autoupdate: false`, `share: "disabled"`; OPENCODE_DISABLE_MODELS_FETCH=1 (the binary carries a models.dev snapshot and
// uses it without fetching), OPENCODE_DISABLE_AUTOUPDATE=1, and npm_config_offline=true (opencode installs
// `@opencode-ai/plugin` into its config folder in the background with npm; offline, that fails at once with a WARN
// line in its log instead of reaching the registry).
//
// Nothing is scrubbed: the SQLite files cannot be edited without breaking them (the WAL's frames carry checksums), so
// every run uses a fixed, meaningless throw-away root, /tmp/sd-opencode-fixtures/<scenario>, removed before and after
// the run; the fake key appears in no file (checked). Do not run two copies of this script at once.
//
// Usage: node scripts/make-opencode-fixtures.mjs [scenario ...]     (no argument: all scenarios)
// Env:   SESSION_DOCTOR_CACHE (default ~/.cache/session-doctor), KEEP_TMP=1 to keep the throw-away folders,
//        SESSION_DOCTOR_FIXTURE_JOBS (scenarios run at once, default 3).
//
// The parts: scripts/fixtures/opencode/ (scenarios.mjs; cli.mjs: install, sandbox, opencode.json, environment;
// run.mjs: one scenario and its record; provenance.mjs: PROVENANCE.md) and what every fixture script shares,
// scripts/agents/.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CACHE } from './agents/npmTool.mjs';
import { log, logFixtureSize, pickScenarios, runPool } from './agents/fixtureKit.mjs';
import { SCENARIOS } from './fixtures/opencode/scenarios.mjs';
import { OUT_DIR, ensureOpencode } from './fixtures/opencode/cli.mjs';
import { runScenario } from './fixtures/opencode/run.mjs';
import { provenance } from './fixtures/opencode/provenance.mjs';

export { ensureOpencode };

const PARALLEL = Number(process.env.SESSION_DOCTOR_FIXTURE_JOBS) || 3;

async function main() {
  const wanted = process.argv.slice(2);
  const list = pickScenarios(SCENARIOS, wanted);
  const bin = ensureOpencode();
  log(`opencode: ${bin}`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const results = await runPool(list, PARALLEL, (sc) => runScenario(bin, sc));
  if (!wanted.length) {
    fs.writeFileSync(path.join(OUT_DIR, 'PROVENANCE.md'), provenance(results));
  }
  logFixtureSize(OUT_DIR, `; cache ${CACHE}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    process.stderr.write(`make-opencode-fixtures: ${err.stack || err}\n`);
    process.exit(1);
  });
}
