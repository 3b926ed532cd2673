#!/usr/bin/env node
// What `session-doctor scan` (no paths) finds for each agent's real fault runs: for every agent with real-CLI fixtures
// under test/fixtures/<agent>/ (PROVENANCE.md there), each fault run's files are laid out in a fresh HOME (and temp
// folder) exactly where the agent wrote them (the path each run's .stdout.txt records, or the plug-in's documented
// layout; Cline, pi and opencode through the scan tests' helpers, test/unit/cli/agentHomes.ts), then the compiled
// CLI's `scan --json` runs in process on that HOME with no paths, and the finding types are recorded. Prints a
// Markdown table (agents x faults); `--write` puts it between <!-- fault-matrix:start/end --> in docs/sources.md;
// `--json` prints the cells. The CLI and those helpers are read from the compiled folder given with `--out` (default
// out/: `npm run compile-tests` first). A measurement: nothing here changes what is detected.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { screenTypes } from './fault-matrix-screen.mjs';
import { claudeLayout, fromHelper, geminiLayout, prefixed, recordedFile } from './fault-matrix-layouts.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'test', 'fixtures');
const DOC = join(ROOT, 'docs', 'sources.md');
const START = '<!-- fault-matrix:start -->';
const END = '<!-- fault-matrix:end -->';
/** How long before the scan the laid-out files were last written (ms): older than the watchdog threshold (5 min). */
const AGE_MS = 60 * 60_000;

/**
 * The columns: each fault served to the real CLIs, and the finding type that is right for it. `alsoServerError`: a
 * 503 is also right as `server_error` when the agent's own files never call it overloaded (footnote 1).
 */
export const FAULTS = [
  { id: 'rate_limit', label: '429 rate limit', expect: ['rate_limit'] },
  { id: 'auth', label: '401 auth', expect: ['auth'] },
  { id: 'overloaded', label: '529/503 overloaded', expect: ['overloaded'], alsoServerError: true },
  { id: 'server_error', label: '500 server error', expect: ['server_error'] },
  { id: 'context', label: 'context overflow', expect: ['token_limit'] },
  { id: 'quota', label: 'quota', expect: ['quota_exhausted'] },
  { id: 'dropped', label: 'dropped connection', expect: ['network'] },
  { id: 'malformed', label: 'malformed stream', expect: ['json_parse'] },
  { id: 'hang', label: 'hang', expect: ['session_stuck'] },
  { id: 'tool_loop', label: 'tool loop', expect: ['repeated_tool_call'] },
  { id: 'clean', label: 'clean run', expect: [] },
];

/** The usual fixture names; an agent's row overrides those it named otherwise. */
const USUAL = {
  rate_limit: 'rate_limit_forever',
  auth: 'auth_401',
  overloaded: 'overloaded_503',
  server_error: 'server_500',
  context: 'context_too_long',
  quota: 'quota',
  dropped: 'dropped_connection',
  malformed: 'malformed_stream',
  hang: 'hang',
  tool_loop: 'tool_loop',
  clean: 'happy',
};

/**
 * The rows: each agent's fixture folder, its layout, and its fault runs (fixture name per column; `null`: no run of that
 * fault). `notes` are footnotes for the row.
 */
export const AGENTS = [
  {
    id: 'claude',
    folder: 'claude',
    layout: claudeLayout,
    runs: {
      ...USUAL,
      overloaded: 'overloaded_529',
      context: 'prompt_too_long',
      quota: 'quota',
      dropped: 'dropped_connection',
      malformed: 'malformed_stream',
      // `hang` set API_TIMEOUT_MS=4000 (the CLI gave up and wrote a request timeout); this one waited until killed
      hang: 'hang_no_timeout',
    },
  },
  {
    id: 'codex',
    folder: 'codex',
    layout: recordedFile('.jsonl'),
    runs: { ...USUAL, quota: 'usage_limit', dropped: 'dropped', malformed: 'malformed' },
    cellNotes: { malformed: 'codexMalformed' },
  },
  { id: 'gemini', folder: 'gemini', layout: geminiLayout, runs: { ...USUAL } },
  {
    id: 'gemini-tui',
    tui: true,
    folder: 'gemini',
    layout: geminiLayout,
    // The hang killed as it waited (interactive_hang was stopped with Escape: a cancel), the quota's dialog answered Stop
    // (interactive_quota was left in its dialog): both as note 5 says.
    runs: prefixed('interactive_', { ...USUAL, hang: 'hang_killed', quota: 'quota_stop' }),
    notes: ['reportName', 'geminiTui'],
  },
  { id: 'qwen', folder: 'qwen', layout: recordedFile('.jsonl'), runs: { ...USUAL } },
  {
    id: 'opencode',
    folder: 'opencode',
    layout: fromHelper('layOutOpencode'),
    runs: { ...USUAL, overloaded: 'overloaded_529', quota: null },
  },
  { id: 'cline', folder: 'cline', layout: fromHelper('layOutCline'), runs: { ...USUAL } },
  { id: 'pi', folder: 'pi', layout: fromHelper('layOutPi'), runs: { ...USUAL, hang: 'hang_after_reply' }, notes: ['piHang'] },
  { id: 'copilot', folder: 'copilot', layout: recordedFile('.events.jsonl'), runs: { ...USUAL, quota: null } },
  { id: 'continue', folder: 'continue', layout: recordedFile('.json'), runs: { ...USUAL }, notes: ['continueHeadless'] },
  {
    id: 'continue-tui',
    tui: true,
    folder: 'continue',
    layout: recordedFile('.json'),
    runs: Object.fromEntries(
      FAULTS.map((f) => [
        f.id,
        {
          rate_limit: 'tui_rate_limit_forever',
          auth: 'tui_auth_401',
          overloaded: 'tui_overloaded_503',
          server_error: 'tui_server_500',
          context: 'tui_context_too_long',
          dropped: 'tui_dropped_connection',
          malformed: 'tui_malformed_stream',
          hang: 'watchdog/tui_hang_long',
          clean: 'watchdog/tui_happy_idle',
        }[f.id] ?? null,
      ]),
    ),
    notes: ['continueTui'],
  },
  {
    id: 'aider',
    name: 'Aider',
    folder: 'aider',
    layout: () => [],
    runs: Object.fromEntries(FAULTS.map((f) => [f.id, null])),
    notes: ['aider'],
  },
];

/** The footnotes the rows and cells refer to, numbered in this order. */
const NOTES = {
  serverError:
    'A 503 found as `server_error` counts as right only when none of the files the agent wrote for that run says "overloaded": the agent itself recorded it as a server error.',
  notRead: '"not read": the run left files where the agent writes them, and `scan` with no paths did not read any of them.',
  noFile: '"— (no file)": the run was served the fault, and the agent wrote no file for it (the error is on its stderr only).',
  reportName:
    "Gemini CLI's interactive runs did not print their error report's name: the report is laid out under the CLI's name pattern (`gemini-client-error-Turn.run-sendMessageStream-<time>.json`) with the session file's last time.",
  geminiTui:
    'Gemini CLI\'s TUI records nothing of a 429, 500 or 503 served on every request: it retries on and on (41 requests in 240 s in a re-run of 2026-12-01, its model-fallback handler starting each round of attempts again) with only "Thinking..." on screen, no error report, nothing in `logs.json`, the session file ending at the prompt until Escape saves "Request cancelled."; a used-up daily quota shows a dialog (1. Keep trying / 2. Stop) and writes nothing while it waits for an answer or after Escape (`interactive_quota`); answered Stop, the TUI saves the error (\"You have exhausted your daily quota\") and writes a report: the quota column is that run, `interactive_quota_stop`. Its telemetry file and `GEMINI_DEBUG_LOG_FILE` (both off unless a person turns them on) would hold the attempts; Session Doctor reads neither. The hang column is the TUI killed as it waited (`interactive_hang_killed`: the prompt last); stopped with Escape after 45 s (`interactive_hang`) the file records a cancel, not a hang.',
  piHang:
    'pi writes no session file before the first reply, so a hang on the first prompt leaves nothing (`hang.stdout.txt`); the hang column is `hang_after_reply`, a hang on the second prompt.',
  continueHeadless:
    'Continue\'s headless CLI (`cn -p`) writes its session file only when the turn ends with an answer: its failed runs leave no file. Its own log, `~/.continue/logs/cn.log` (winston, level info), records none of the faults either: re-runs of 2026-12-01 with the log kept (headless 401 and 500, TUI 401 and 429) each wrote only "Created default permissions.yaml".',
  continueTui:
    "Continue's TUI saves the prompt and shows the error on screen only (the terminal source reads it): the session file of every fault run (401, 429, 500, 503, context overflow, dropped and malformed stream, hang) holds the same single prompt, with no time stamps, so no file says which fault it was or how old the prompt is. Its TUI columns: the hang is `watchdog/tui_hang_long` (100 s against a server that never answers: after the prompt, only its spinner and elapsed time redrawn for 92 s; the 30 s `tui_hang` is shorter than the watchdog's smallest setting), the clean run `watchdog/tui_happy_idle` (answered, then its prompt box idle for 78 s: waiting for the person, not stuck).",
  codexMalformed:
    'Codex records the malformed stream as "stream disconnected before completion: stream closed before response.completed" (its own words, in `task_complete` `error.message`, `codex_error_info` "other"), which reads as a network error. Its record cannot tell the two apart: codex-rs skips an SSE event whose data is not JSON (a log line at debug level, below what its default log settings keep), so a stream of broken JSON ends, for Codex, as any 200 stream cut short without `response.completed` does (a proxy or gateway closing it early, its usual cause in the wild), with the same text and the same `codex_error_info`; only a connection reset is worded apart ("Transport error: network error: error decoding response body", the dropped-connection column).',
  screen:
    '"on screen": a TUI run\'s raw terminal capture (`<run>.raw` with its `.timing`, or Gemini CLI\'s `<run>.pty.txt`, whose long runs have their middle cut) replayed through the extension\'s terminal source (the terminal reader, its line policy for a run not tied to a transcript, the detector; with a `.timing`, also the turns it feeds the hang watchdog: a prompt still waiting, with nothing new on screen but its spinner and timer redrawn, for the watchdog\'s smallest setting (1 min) is `session_stuck`; scripts/fault-matrix-screen.mjs): what the extension finds in a VS Code terminal running that TUI, which `scan` cannot see. Gemini CLI\'s TUI (0.61.0, `ui.errorVerbosity` "low" by default) draws no error while it retries a 429, 500 or 503: its fallback handler retries silently and the status line says only "Thinking..." or "This is taking a bit longer, we\'re still on it." ("Trying to reach <model> (Attempt n/m)" with "full"), which names no fault, so no screen can tell those three apart. Continue\'s TUI prints each retry, "Retrying request (n/9). Error: 429 Rate limit reached ..."; test/e2e/agents6.scenario.mjs checks the 429 and the 500 live in code-server.',
  aider:
    "Aider's fixtures are excerpts of public chat histories, not runs of the real CLI against the fault servers (PyPI is unreachable from the build machines): no fault run to lay out.",
};

/** The agent and CLI version a row's fixtures were made with: the first line of its clean run's .stdout.txt. */
function versionOf(agent) {
  const name = agent.runs.clean ?? Object.values(agent.runs).find(Boolean);
  const file = name && join(FIXTURES, agent.folder, `${name}.stdout.txt`);
  const m = file && existsSync(file) ? /^# (.+?) (?:\(|against)/.exec(readFileSync(file, 'utf8')) : null;
  const version = m ? m[1].trim() : agent.name;
  return agent.tui ? `${version}, interactive TUI` : version;
}

/** Runs `session-doctor scan --json` (no paths) in process, with the given HOME and temp folder. */
async function scan(main, home, tmp, cwd) {
  let stdout = '';
  let stderr = '';
  const sink = (add) => new Writable({ write: (c, _e, cb) => (add(String(c)), cb()) });
  const env = { HOME: home, USERPROFILE: home, TMPDIR: tmp, TEMP: tmp, TMP: tmp, PATH: process.env.PATH };
  const code = await main(['scan', '--json'], {
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    stdin: Readable.from([]),
    env,
    cwd,
    home,
    tmpdir: tmp,
  });
  if (code === 2 && /no agent transcript was found/.test(stderr)) {
    return { files: [], findings: [] }; // nothing where the agents write: what scan says when a run left no file
  }
  if (code !== 0 && code !== 1) {
    throw new Error(`scan exited ${code}: ${stderr}`);
  }
  return JSON.parse(stdout);
}

/** Sets the files' times as if the agent wrote them `AGE_MS` ago. */
function age(files) {
  const t = new Date(Date.now() - AGE_MS);
  files.forEach((f) => utimesSync(f, t, t));
}

/**
 * Measures every cell. `out`: the compiled folder holding src/cli/main.js. Returns the rows, each with its cells:
 * `{ fault, run, laidOut, read, types, statuses, ok, viaServerError }` (`run` null: no run of that fault).
 */
export async function measure(out = join(ROOT, 'out')) {
  const require = createRequire(pathToFileURL(join(resolve(out), 'package.json')));
  const { main } = require(join(resolve(out), 'src', 'cli', 'main.js'));
  const homes = require(join(resolve(out), 'test', 'unit', 'cli', 'agentHomes.js'));
  const root = mkdtempSync(join(tmpdir(), 'sd-fault-matrix-'));
  try {
    const rows = [];
    for (const agent of AGENTS) {
      const cells = [];
      for (const fault of FAULTS) {
        const run = agent.runs[fault.id] ?? null;
        if (!run || !existsSync(join(FIXTURES, agent.folder, `${run}.stdout.txt`))) {
          cells.push({ fault: fault.id, run: null });
          continue;
        }
        const home = join(root, agent.id, run);
        const tmp = join(home, 'tmp');
        const cwd = join(home, 'projects', 'demo-app');
        mkdirSync(tmp, { recursive: true });
        mkdirSync(cwd, { recursive: true });
        const laidOut = agent.layout(agent.folder, run, home, tmp, homes);
        age(laidOut);
        const result = await scan(main, home, tmp, cwd);
        const read = result.files.filter((f) => laidOut.includes(f.file)).length;
        const types = [...new Set(result.findings.map((f) => f.type))].sort();
        const statuses = Object.fromEntries(
          types.map((t) => [t, [...new Set(result.findings.filter((f) => f.type === t).map((f) => f.status))].sort()]),
        );
        const says503 = laidOut.some((f) => !f.endsWith('.db') && !f.endsWith('-wal') && /overload/i.test(readFileSync(f, 'utf8')));
        const viaServerError =
          Boolean(fault.alsoServerError) &&
          !types.some((t) => fault.expect.includes(t)) &&
          types.includes('server_error') &&
          !says503 &&
          !run.endsWith('529');
        const ok = fault.expect.length ? types.some((t) => fault.expect.includes(t)) || viaServerError : types.length === 0;
        const cell = { fault: fault.id, run, laidOut: laidOut.length, read, types, statuses, ok, viaServerError };
        // A TUI run's screen, as the terminal source reads it (its capture replayed): counted apart from the scan.
        const screen = agent.tui ? await screenTypes(require, out, join(FIXTURES, agent.folder), run, agent.folder) : undefined;
        if (screen) {
          const right = (t) => fault.expect.includes(t) || (fault.alsoServerError && t === 'server_error' && !says503);
          cell.screen = screen;
          cell.screenOk = fault.expect.length ? screen.some(right) : screen.length === 0;
        }
        cells.push(cell);
      }
      rows.push({ agent: agent.id, label: versionOf(agent), notes: agent.notes ?? [], cellNotes: agent.cellNotes ?? {}, cells });
    }
    return rows;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The text of one cell. */
function cellText(cell, fault, used) {
  if (!cell.run) {
    return 'no run';
  }
  if (cell.laidOut === 0) {
    used.add('noFile');
    return cell.types.length ? cell.types.join(', ') : '— (no file)';
  }
  if (cell.read === 0) {
    used.add('notRead');
  }
  const shown = cell.types.map((t) => {
    const resolved = cell.statuses[t].every((s) => s === 'resolved') ? ' (resolved)' : '';
    const right = fault.expect.includes(t) || (cell.viaServerError && t === 'server_error');
    if (cell.viaServerError && t === 'server_error') {
      used.add('serverError');
    }
    return `${t}${resolved}${right ? ' ✓' : ''}`;
  });
  const text = shown.length ? shown.join(', ') : '—';
  const clean = fault.id === 'clean' && cell.ok ? '— ✓' : text;
  return cell.read === 0 ? `${clean} (not read)` : clean;
}

/** The screen column of a row: the faults whose capture the terminal source reads with the right type, of the captures. */
function screenText(row) {
  const captured = row.cells.filter((c) => c.screen);
  if (!captured.length) {
    return '';
  }
  const label = (c) => FAULTS.find((f) => f.id === c.fault).label;
  const shown = captured.map((c) => `${label(c)}: ${c.screen.join(', ') || '—'}${c.screenOk ? ' ✓' : ''}`);
  return `${captured.filter((c) => c.screenOk).length} / ${captured.length} (${shown.join('; ')})`;
}

/** The Markdown table with its footnotes and the per-agent totals (found with the right type / runs). */
export function render(rows) {
  const used = new Set();
  const head = [
    'Agent (CLI version)',
    ...FAULTS.map((f) => f.label),
    'right / runs',
    `on screen (terminal source, note ${Object.keys(NOTES).indexOf('screen') + 1})`,
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const row of rows) {
    row.notes.forEach((n) => used.add(n));
    const cells = row.cells.map((c, i) => {
      const note = row.cellNotes[c.fault];
      return `${cellText(c, FAULTS[i], used)}${note ? ` (note ${Object.keys(NOTES).indexOf(note) + 1})` : ''}`;
    });
    const runs = row.cells.filter((c) => c.run);
    const right = runs.filter((c) => c.ok).length;
    const marks = row.notes.map((n) => Object.keys(NOTES).indexOf(n) + 1);
    lines.push(
      `| ${row.label}${marks.length ? ` (note ${marks.join(', ')})` : ''} | ${cells.join(' | ')} | ${right} / ${runs.length} | ${screenText(row)} |`,
    );
  }
  const all = rows.flatMap((r) => r.cells.filter((c) => c.run));
  const captured = all.filter((c) => c.screen);
  lines.push(
    '',
    `Totals: \`scan\` (files) ${all.filter((c) => c.ok).length} of ${all.length} runs; on screen (the TUI runs' captures replayed through the terminal source) ${captured.filter((c) => c.screenOk).length} of ${captured.length}; found either way ${all.filter((c) => c.ok || c.screenOk).length} of ${all.length}.`,
  );
  const notes = Object.values(NOTES).map((text, i) => `${i + 1}. ${text}`);
  return [...lines, '', ...notes].join('\n');
}

async function cli() {
  const { values } = parseArgs({
    options: { out: { type: 'string', default: 'out' }, write: { type: 'boolean' }, json: { type: 'boolean' } },
  });
  const rows = await measure(resolve(values.out));
  if (values.json) {
    console.log(JSON.stringify({ faults: FAULTS.map(({ id, label, expect }) => ({ id, label, expect })), rows }, null, 2));
    return;
  }
  const table = render(rows);
  if (values.write) {
    const doc = readFileSync(DOC, 'utf8');
    const a = doc.indexOf(START);
    const b = doc.indexOf(END);
    if (a < 0 || b < a) {
      throw new Error(`${DOC}: no ${START} ... ${END} markers`);
    }
    writeFileSync(DOC, `${doc.slice(0, a + START.length)}\n${table}\n${doc.slice(b)}`);
    console.log(`${DOC}: fault matrix written`);
  } else {
    console.log(table);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  });
}
