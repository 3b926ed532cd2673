// Where the fault matrix (scripts/fault-matrix.mjs) lays out each agent's fixture run for `scan`: the files where the
// agent wrote them, under a fresh HOME (and temp folder). Each layout is `(folder, name, home, tmp, homes) -> files`.

import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures');
/** Where every fixture was written (PROVENANCE.md of each agent: the throw-away prefix was scrubbed to this HOME). */
const FIXTURE_HOME = '/home/dev';

/** The path a run's .stdout.txt records for the file or folder the CLI wrote (`/home/dev/...`, `$CODEX_HOME/...`). */
function recordedPath(folder, name) {
  const text = readFileSync(join(FIXTURES, folder, `${name}.stdout.txt`), 'utf8');
  const m = /^# (?:session file|rollout|event log|task folder): (\S+)/m.exec(text);
  if (!m || m[1].startsWith('(none')) {
    return undefined;
  }
  return m[1];
}

/** `/home/dev/x` -> `<home>/x`, `$CODEX_HOME/x` -> `<home>/.codex/x` (Codex's default CODEX_HOME). */
function underHome(recorded, home) {
  if (recorded.startsWith('$CODEX_HOME/')) {
    return join(home, '.codex', recorded.slice('$CODEX_HOME/'.length));
  }
  if (!recorded.startsWith(`${FIXTURE_HOME}/`)) {
    throw new Error(`not under ${FIXTURE_HOME}: ${recorded}`);
  }
  return join(home, recorded.slice(FIXTURE_HOME.length + 1));
}

/** Copies `from` to `to`, making its folder; returns `to`. */
function copy(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  return to;
}

/** A file per run, written to the path the run recorded (Codex, Gemini, Qwen Code, pi, Copilot CLI, Continue). */
export const recordedFile = (suffix) => (folder, name, home) => {
  const at = recordedPath(folder, name);
  const src = join(FIXTURES, folder, `${name}${suffix}`);
  return at && existsSync(src) ? [copy(src, underHome(at, home))] : [];
};

/** Claude Code 2.x: `~/.claude/projects/<cwd with / and . as ->/<session id>.jsonl` (src/core/agents/claude/discovery.ts). */
export function claudeLayout(folder, name, home) {
  const src = join(FIXTURES, folder, `${name}.jsonl`);
  const records = readFileSync(src, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
  const sessionId = records.find((r) => typeof r.sessionId === 'string')?.sessionId;
  const cwd = records.find((r) => typeof r.cwd === 'string')?.cwd ?? '/home/dev/projects/demo-app';
  return [copy(src, join(home, '.claude', 'projects', cwd.replace(/[/.]/g, '-'), `${sessionId}.jsonl`))];
}

/**
 * Gemini CLI 0.61: the session file where the run recorded it, and its error report (`<name>.client-error.json`) in the
 * temp folder under the name the CLI printed ("Full report available at: /tmp/gemini-client-error-....json"); the
 * interactive runs did not print it, so their report gets the CLI's name pattern with the session file's last time.
 */
export function geminiLayout(folder, name, home, tmp) {
  const files = recordedFile('.jsonl')(folder, name, home);
  const report = join(FIXTURES, folder, `${name}.client-error.json`);
  if (existsSync(report)) {
    const out = readFileSync(join(FIXTURES, folder, `${name}.stdout.txt`), 'utf8');
    const printed = /Full report available at: \S*[\\/](gemini-client-error-[^\s\\/]+\.json)/.exec(out)?.[1];
    files.push(copy(report, join(tmp, printed ?? `gemini-client-error-Turn.run-sendMessageStream-${lastTime(files[0])}.json`)));
  }
  return files;
}

/** The last ISO timestamp in a file, as a file-name time (`2026-11-23T17-21-30-106Z`). */
function lastTime(file) {
  const all = file ? [...readFileSync(file, 'utf8').matchAll(/"timestamp"\s*:\s*"(\d{4}-\d\d-\d\dT[\d:.]+Z)"/g)] : [];
  const iso = all.length ? all[all.length - 1][1] : '2026-11-23T00:00:00.000Z';
  return iso.replace(/[:.]/g, '-');
}

/**
 * Cline CLI 2.18 (`~/.cline/data/tasks/<task id>/`), pi 0.73.1 (`~/.pi/agent/sessions/--<cwd>--/<file>`) and opencode
 * 1.18 (`~/.local/share/opencode/opencode.db` with its `-wal`, `log/opencode.log`): laid out by the helpers the scan
 * tests use (test/unit/cli/agentHomes.ts, compiled into the `--out` folder).
 */
export const fromHelper = (fn) => (_folder, name, home, _tmp, homes) => homes[fn](home, name);

/** `names` (column -> fixture name or null) with `prefix` before each name. */
export const prefixed = (prefix, names) => Object.fromEntries(Object.entries(names).map(([k, v]) => [k, v && `${prefix}${v}`]));
