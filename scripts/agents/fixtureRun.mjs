// What the make-<agent>-fixtures scripts share about one scenario's run of a CLI (besides ./fixtureKit.mjs): the
// throw-away root and the environment a run starts from, its progress line, the exit and output lines of its record
// (<scenario>.stdout.txt), scrubbing, clearing a scenario's old files, PROVENANCE.md cells, and the quota fault some
// scripts add to the fake OpenAI server.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { log, shellQuote } from './fixtureKit.mjs';

/**
 * The folders of a throw-away sandbox: a root `<tmpdir>/<prefix><10 hex digits>` holding home/dev (HOME) and
 * home/dev/projects/demo-app (cwd). Creates nothing.
 */
export function sandboxPaths(prefix) {
  const root = path.join(os.tmpdir(), `${prefix}${randomBytes(5).toString('hex')}`);
  const home = path.join(root, 'home', 'dev');
  return { root, home, cwd: path.join(home, 'projects', 'demo-app') };
}

/**
 * The environment a CLI run starts from: nothing of the caller's but PATH (so no real key or proxy leaks in), HOME
 * `home`, user dev, C.UTF-8, a dumb terminal, bash, TMPDIR `tmp` when given, and NO_COLOR=1 unless `noColor` is false.
 */
export function sandboxEnv({ home, tmp, noColor = true }) {
  return {
    PATH: process.env.PATH,
    HOME: home,
    USER: 'dev',
    LANG: 'C.UTF-8',
    TERM: 'dumb',
    SHELL: '/bin/bash',
    ...(tmp ? { TMPDIR: tmp } : {}),
    ...(noColor ? { NO_COLOR: '1' } : {}),
  };
}

/** The progress line of one run: `<scenario>: <cli> <args> -> exit <code>[ <signal>] in <ms> ms, <n> requests`. */
export function logRun(name, cli, args, r) {
  log(`${name}: ${cli} ${args.join(' ')} -> exit ${r.code}${r.signal ? ' ' + r.signal : ''} in ${r.ms} ms, ${r.requests.length} requests`);
}

/** A run's `# exit code ...` record line: signal, killed by the time limit, Ctrl+C after `interruptAfterMs`, duration. */
export function exitLine(r, interruptAfterMs) {
  const how = `${r.timedOut ? ' (killed: timeout)' : ''}${r.interrupted ? ` (SIGINT after ${interruptAfterMs} ms)` : ''}`;
  return `# exit code ${r.code}${r.signal ? `, signal ${r.signal}` : ''}${how}, ${r.ms} ms`;
}

/** A run's stdout and stderr as record lines, each scrubbed and without its last newline. */
export function outputLines(r, scrub) {
  return ['--- stdout ---', scrub(r.stdout).replace(/\n$/, ''), '--- stderr ---', scrub(r.stderr).replace(/\n$/, '')];
}

/** A request to the fake OpenAI server (Chat Completions) as a record line: path, stream, main or side request, step. */
export function chatRequestLine(q) {
  return `${q.method} ${q.path}${q.query || ''} stream=${!!(q.body && q.body.stream)} main=${q.main ? 'yes' : 'no'} -> ${q.step ?? 'other'}`;
}

/**
 * The record lines of one run of `cli` against the fake OpenAI server: its command line, the exit line, `notes` (lines,
 * e.g. where the session file went), its stdout and stderr (scrubbed), and the server's requests (chatRequestLine).
 */
export function chatRunLines(cli, args, r, scrub, notes = []) {
  return [
    `## ${cli} ${args.map(shellQuote).join(' ')}`,
    exitLine(r),
    ...notes,
    ...outputLines(r, scrub),
    '--- fake server requests ---',
    ...r.requests.map(chatRequestLine),
  ];
}

/** A scrubber: `text` with each [from, to] of `pairs` replaced, in order (a from that is empty or unset is skipped). */
export function replacer(pairs) {
  return (text) => pairs.reduce((t, [from, to]) => (from ? t.split(from).join(to) : t), text);
}

/** Removes `<outDir>/<name>.*`, a scenario's files from an earlier run. */
export function clearScenarioFiles(outDir, name) {
  for (const f of fs.readdirSync(outDir).filter((n) => n.startsWith(`${name}.`))) {
    fs.rmSync(path.join(outDir, f), { force: true });
  }
}

/** The end of a sandbox: `root` removed, or kept (and said so) with KEEP_TMP=1. */
export function dropSandbox(root) {
  if (process.env.KEEP_TMP) {
    log(`kept ${root}`);
  } else {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Text for a Markdown table cell: `|` escaped. */
export function mdCell(text) {
  return text.replace(/\|/g, '\\|');
}

/** A run's exit in a PROVENANCE.md table of runs that may be stopped: `timeout`, `<code or signal> after Ctrl+C`, or the code. */
export function exitCell(x) {
  return x.timedOut ? 'timeout' : x.interrupted ? `${x.code ?? x.signal} after Ctrl+C` : String(x.code);
}

/** A run's exit in a PROVENANCE.md table: `killed (timeout)` or the exit code. */
export function exitOrKilled(r) {
  return r.timedOut ? 'killed (timeout)' : String(r.code);
}

/** The names of the tools the CLI offered the model: those of the first main request that carries `tools`. */
export function toolNamesOf(requests) {
  const q = requests.find((x) => x.main && x.body && Array.isArray(x.body.tools));
  return q ? q.body.tools.map((t) => (t.function && t.function.name) || t.name).filter(Boolean) : [];
}

/**
 * The quota fault, not among the fake OpenAI server's errors: the real API's `insufficient_quota` 429, added to its
 * `ERRORS` (fakeOpenAI.js) for these runs only.
 */
export function addQuotaFault(ERRORS) {
  ERRORS.quota = {
    status: 429,
    type: 'insufficient_quota',
    code: 'insufficient_quota',
    message: 'You exceeded your current quota, please check your plan and billing details.',
  };
}
