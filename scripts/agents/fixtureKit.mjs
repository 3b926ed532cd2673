// What the make-<agent>-fixtures scripts share besides installing and running a CLI (./npmTool.mjs): where the repo and
// an agent's fixture folder are, the date and log line they write, shell quoting for the command lines they record,
// finding the files a CLI wrote, running scenarios a few at a time, the hand-made garbage file and the closing size line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Today's date (YYYY-MM-DD, UTC), as the fixture files and PROVENANCE.md give it. */
export const TODAY = new Date().toISOString().slice(0, 10);

/**
 * Where an agent's fixtures go: test/fixtures/<agent>; with `trial`, SESSION_DOCTOR_FIXTURES_OUT when set (a trial run
 * that leaves the fixtures alone).
 */
export function fixtureDir(agent, { trial = false } = {}) {
  return trial && process.env.SESSION_DOCTOR_FIXTURES_OUT
    ? path.resolve(process.env.SESSION_DOCTOR_FIXTURES_OUT)
    : path.join(REPO, 'test', 'fixtures', agent);
}

/** Scenarios run at once (SESSION_DOCTOR_FIXTURE_JOBS, default: 2 per CPU). */
export function parallelJobs() {
  return Number(process.env.SESSION_DOCTOR_FIXTURE_JOBS) || Math.max(2, 2 * os.cpus().length);
}

/** A progress line on stderr. */
export function log(msg) {
  process.stderr.write(`[fixtures] ${msg}\n`);
}

/** `a` as a shell word: as it is when it is safe, else single-quoted. */
export function shellQuote(a) {
  return /^[A-Za-z0-9_./:=@,+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/** Every file under `dir` (recursive, depth first in directory order), as absolute paths; none when `dir` is missing. */
export function walkFiles(dir) {
  const out = [];
  if (!fs.existsSync(dir)) {
    return out;
  }
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      out.push(...walkFiles(p));
    } else {
      out.push(p);
    }
  }
  return out;
}

/**
 * The scenarios named on the command line (`wanted`), in the table's order; all of `scenarios` when none is named.
 * Throws when a name is not in the table.
 */
export function pickScenarios(scenarios, wanted) {
  const list = wanted.length ? scenarios.filter((s) => wanted.includes(s.name)) : scenarios;
  if (wanted.length && list.length !== wanted.length) {
    throw new Error(`unknown scenario in ${wanted.join(', ')}`);
  }
  return list;
}

/** `run(item)` for every item, at most `jobs` at a time; the results in the items' order. */
export async function runPool(items, jobs, run) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await run(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
  return results;
}

/**
 * Hand-made bad input: `build(lines)` makes the lines of `<outDir>/garbage.jsonl` from the non-empty lines of the real
 * `<outDir>/tool_use.jsonl`. Returns the file's name, or null when there is no tool_use.jsonl to build from.
 */
export function writeGarbage(outDir, build) {
  const src = path.join(outDir, 'tool_use.jsonl');
  if (!fs.existsSync(src)) {
    return null;
  }
  const lines = fs
    .readFileSync(src, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  fs.writeFileSync(path.join(outDir, 'garbage.jsonl'), build(lines).join('\n'));
  return 'garbage.jsonl';
}

/** The closing line of a run: the fixture folder and the size of its files, then `extra` (text) when given. */
export function logFixtureSize(outDir, extra = '') {
  let total = 0;
  for (const f of fs.readdirSync(outDir)) {
    total += fs.statSync(path.join(outDir, f)).size;
  }
  log(`fixtures: ${outDir} (${(total / 1024).toFixed(1)} KB)${extra}`);
}
