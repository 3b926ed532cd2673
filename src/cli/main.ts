/**
 * `session-doctor`: the command-line interface on the same engine as the extension, for terminals, servers and CI.
 * Commands: status, report, scan, watch, classify, inject, demo (see docs/cli.md). `main(argv, io)` runs one
 * command line with injected streams and environment, so tests run it in-process; src/cli/index.ts is the executable.
 *
 * Exit codes: 0 = done (scan: no open finding at or above `--fail-on`, default CRITICAL); 1 = scan found one;
 * 2 = usage error (unknown command, option, format or failure type; a path that does not exist) or I/O error.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import * as fs from 'fs';
import * as fsp from 'fs/promises';
import * as os from 'os';
import * as path from 'path';
import { Clock, DEFAULT_ENGINE_CONFIG, Engine, systemClock } from '../core/engine/engine';
import { FAILURE_TYPES, SEVERITIES, STRATEGY_LABELS, Severity, isFailureType } from '../core/model/failures';
import { RootContext, TRANSCRIPT_KINDS } from '../core/ingest/kinds';
import { redactSecrets } from '../core/ingest/redact';
import type { SessionSnapshot } from '../core/model/snapshot';
import { FileIngestor, FileReadResult, ReadableKind, discoverDefaultRoots, expandPaths, formatIds, kindById } from './files';
import { FindingRow, atLeast, displayPath, findingJson, redactedJson, renderAuditTable, renderDetection, renderFindingsTable, renderStatusTable, sessionJson, sortFindings } from './render';
import { classifyStream } from './classify';
import { ALL_TIME_MS, findUp, newEngine } from './common';
import { runDemo } from './demo';
import { memoryStore, openStoreFile, resolveStorePath, saveStoreFile } from '../host/node/storeFile';
import { watchFiles } from './watch';

export { classifyStream } from './classify';

/** Streams, environment and clock of one CLI run (process.* for the executable; captured ones in tests). */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Read by `classify`. */
  stdin: NodeJS.ReadableStream;
  env: Readonly<Record<string, string | undefined>>;
  /** Relative paths are resolved against it. */
  cwd: string;
  /** Home folder for `~` and the default store (default: os.homedir()). */
  home?: string;
  /** Aborted on Ctrl+C or SIGTERM: `watch` stops cleanly, saves the store and returns 0. */
  signal?: AbortSignal;
  /** Time source (epoch ms) of the engine; default the system clock. */
  clock?: Clock;
}

/** Exit codes. */
export const EXIT = { ok: 0, findings: 1, error: 2 } as const;

/** A usage error: printed with the hint to `--help`, exit code 2. */
class UsageError extends Error {}

/** The package version, from the nearest package.json named session-doctor above this file ("0.0.0" if none). */
export function cliVersion(): string {
  const pkg = findUp('package.json', (p) => JSON.parse(fs.readFileSync(p, 'utf8')).name === 'session-doctor');
  return pkg ? String(JSON.parse(fs.readFileSync(pkg, 'utf8')).version) : '0.0.0';
}

/**
 * Runs one command line (`argv` without `node` and the script) and resolves to its exit code. Never rejects: errors are
 * printed to `io.stderr` with exit code 2.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const clock = io.clock ?? systemClock;
  const print = (s: string) => io.stdout.write(redactSecrets(s));
  const warn = (s: string) => io.stderr.write(redactSecrets(s.endsWith('\n') ? s : s + '\n'));
  const storePathOf = (cmd: Command) => resolveStorePath(cmd.optsWithGlobals().store, io.env, io.cwd, io.home ?? os.homedir());
  const explicitStore = (cmd: Command): string | undefined => {
    const o = cmd.optsWithGlobals().store as string | undefined;
    return o ? resolveStorePath(o, io.env, io.cwd, io.home ?? os.homedir()) : undefined;
  };
  const openFile = async (file: string) => {
    const opened = await openStoreFile(file, clock.now());
    if (opened.movedAside) {
      warn(`The store ${file} was not readable; it was moved to ${opened.movedAside} and a new store started.`);
    }
    return opened;
  };

  const program = new Command('session-doctor')
    .description('Session Doctor: detect failures in AI coding agent sessions (Claude Code, Codex, Gemini, Aider, logs), rate their severity and name the recovery.')
    .version(cliVersion(), '-V, --version', 'print the version')
    .option('--store <file>', 'store file (default $SESSION_DOCTOR_STORE or ~/.session-doctor/store.sqlite; scan and watch: in memory unless given)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(redactSecrets(s)), writeErr: (s) => io.stderr.write(redactSecrets(s)) })
    .showHelpAfterError('(run session-doctor --help for usage)')
    .addHelpText('after', '\nExit codes: 0 ok; 1 scan found an open finding at or above --fail-on (default CRITICAL); 2 usage or I/O error.');

  program
    .command('status')
    .description('the health table: session, agent, project, health, open findings, messages, cost, last activity')
    .option('--json', 'print the sessions as JSON')
    .option('--all', 'every session in the store, however old')
    .addOption(new Option('--hours <n>', 'sessions active within this many hours (or with an open finding)').default(24).argParser(positiveNumber))
    .action(async (opts: { json?: boolean; all?: boolean; hours: number }, cmd: Command) => {
      const file = storePathOf(cmd);
      const { store, existed } = await openFile(file);
      if (!existed && !opts.json) {
        warn(`No store at ${file} yet: nothing recorded.`);
      }
      const engine = newEngine(store, { activeWindowMs: opts.all ? ALL_TIME_MS : opts.hours * 3600_000 }, clock);
      const sessions = engine.snapshot();
      print(opts.json ? redactedJson({ store: file, generatedAt: clock.now(), sessions: sessions.map(sessionJson) }, 2) + '\n' : renderStatusTable(sessions, clock.now()));
      store.close();
    });

  program
    .command('report')
    .description('the recovery history and the Markdown report (sessions, findings, recovery history, policy)')
    .option('--json', 'print the recovery history (audit rows, newest first) as JSON')
    .option('--history', 'print only the recovery history, as a table')
    .option('--all', 'every session in the store, however old')
    .addOption(new Option('--limit <n>', 'recovery history rows').default(20).argParser(positiveNumber))
    .action(async (opts: { json?: boolean; history?: boolean; all?: boolean; limit: number }, cmd: Command) => {
      const { store } = await openFile(storePathOf(cmd));
      const engine = newEngine(store, { activeWindowMs: opts.all ? ALL_TIME_MS : DEFAULT_ENGINE_CONFIG.activeWindowMs }, clock);
      if (opts.json) {
        print(redactedJson(engine.audit(opts.limit), 2) + '\n');
      } else if (opts.history) {
        print(renderAuditTable(engine.audit(opts.limit)));
      } else {
        print(engine.report() + '\n');
      }
      store.close();
    });

  program
    .command('scan')
    .description("replay transcripts or logs (files, folders recursively; none: every agent's default folder) into the engine and print the findings")
    .argument('[paths...]', "files or folders (default: the agents' own folders, e.g. ~/.claude/projects)")
    .option('--json', 'print files, sessions and findings as JSON')
    .addOption(new Option('--format <id>', `read every file as this kind (default: recognised per file): ${formatIds().join(', ')}`))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when an open finding is at or above this severity').choices([...SEVERITIES]).default('CRITICAL'))
    .addOption(new Option('--hours <n>', 'only files modified within this many hours (default: all)').argParser(positiveNumber))
    .addOption(new Option('--budget-cap <usd>', 'per-session cost cap in USD (0 = off)').default(0).argParser(nonNegativeNumber))
    .action(async (paths: string[], opts: { json?: boolean; format?: string; failOn: Severity; hours?: number; budgetCap: number }, cmd: Command) => {
      const forced = opts.format ? requireFormat(opts.format) : undefined;
      const sinceMs = opts.hours ? clock.now() - opts.hours * 3600_000 : 0;
      const storeFile = explicitStore(cmd);
      const store = storeFile ? (await openFile(storeFile)).store : await memoryStore();
      const engine = newEngine(store, { activeWindowMs: ALL_TIME_MS, budgetCapUsd: opts.budgetCap }, clock);
      const ingestor = new FileIngestor(engine, forced);
      let files: string[];
      if (paths.length === 0) {
        const found = await discoverDefaultRoots(rootContext(io), sinceMs, forced);
        if (found.files.length === 0) {
          // Some default roots always exist (Aider's is the current folder): what matters is whether they hold anything.
          store.close();
          throw new UsageError(`No paths given, and no agent transcript was found in the default folders (${defaultRootList(io)}).`);
        }
        warn(`Scanning ${found.roots.map((r) => r.root).join(', ')}`);
        found.files.forEach((f) => ingestor.hint(f));
        files = found.files.map((f) => f.path);
      } else {
        const expanded = await expandPaths(paths, io.cwd);
        if (expanded.missing.length > 0) {
          store.close();
          throw new UsageError(`No such file or folder: ${expanded.missing.join(', ')}`);
        }
        files = sinceMs > 0 ? await modifiedSince(expanded.files, sinceMs) : expanded.files;
      }
      const results: FileReadResult[] = [];
      for (const f of files) {
        results.push(await ingestor.read(f, false));
      }
      const sessions = sessionsOf(engine, results);
      const rows = sortFindings(sessions.flatMap((session) => session.findings.map((finding) => ({ session, finding }))));
      const failing = rows.filter((r) => r.finding.status === 'open' && atLeast(r.finding.severity, opts.failOn));
      const errors = results.filter((r) => r.error);
      const unrecognized = results.filter((r) => !r.kind && !r.error).map((r) => r.file);
      exitCode = errors.length > 0 ? EXIT.error : failing.length > 0 ? EXIT.findings : EXIT.ok;
      if (opts.json) {
        print(
          redactedJson(
            {
              files: results,
              unrecognized,
              sessions: sessions.map(sessionJson),
              findings: rows.map((r) => ({ ...findingJson(r.finding), agent: r.session.agent, project: r.session.project })),
              failOn: opts.failOn,
              exitCode,
            },
            2,
          ) + '\n',
        );
      } else {
        print(renderFindingsTable(rows, io.cwd));
        print(scanSummary(results, sessions, rows, failing.length, opts.failOn));
      }
      for (const e of errors) {
        warn(`Could not read ${e.file}: ${e.error}`);
      }
      if (unrecognized.length > 0 && !opts.json) {
        warn(`${unrecognized.length} file(s) of no known format skipped (force one with --format <id>): ${unrecognized.slice(0, 5).map((f) => displayPath(f, io.cwd)).join(', ')}${unrecognized.length > 5 ? ', …' : ''}`);
      }
      if (storeFile) {
        await saveStoreFile(store, storeFile);
      }
      store.close();
    });

  program
    .command('watch')
    .description("follow files and folders live (appended lines, new files; none: every agent's default folder) and print findings as they come; Ctrl+C ends")
    .argument('[paths...]', "files or folders (default: the agents' own folders, e.g. ~/.claude/projects)")
    .option('--json', 'print one JSON object per finding')
    .addOption(new Option('--format <id>', `read every file as this kind: ${formatIds().join(', ')}`))
    .option('--since-now', 'do not print findings from what the files already hold (they still count for repeats)')
    .addOption(new Option('--poll <ms>', 'poll the files every this many ms instead of using file-system events').argParser(positiveNumber))
    .action(async (paths: string[], opts: { json?: boolean; format?: string; sinceNow?: boolean; poll?: number }, cmd: Command) => {
      const forced = opts.format ? requireFormat(opts.format) : undefined;
      let targets = paths.map((p) => path.resolve(io.cwd, p));
      let discover: (() => Promise<void>) | undefined;
      const storeFile = explicitStore(cmd);
      const store = storeFile ? (await openFile(storeFile)).store : await memoryStore();
      const engine = newEngine(store, { activeWindowMs: ALL_TIME_MS }, clock);
      const ingestor = new FileIngestor(engine, forced);
      if (paths.length === 0) {
        const found = await discoverDefaultRoots(rootContext(io), 0, forced);
        if (found.roots.length === 0) {
          store.close();
          throw new UsageError(`No paths given, and no agent folder exists here (${defaultRootList(io)}).`);
        }
        found.files.forEach((f) => ingestor.hint(f));
        targets = found.roots.map((r) => r.root);
        // A new file under a default root: each kind's own discovery tells whether it is one of its transcripts.
        discover = async () => (await discoverDefaultRoots(rootContext(io), clock.now() - 3600_000, forced)).files.forEach((f) => ingestor.hint(f));
      } else {
        const { missing } = await expandPaths(paths, io.cwd);
        if (missing.length > 0) {
          store.close();
          throw new UsageError(`No such file or folder: ${missing.join(', ')}`);
        }
      }
      engine.onDidDetect((e) => {
        if (opts.sinceNow && !e.live) {
          return;
        }
        print(opts.json ? redactedJson({ ...findingJson(e.finding), agent: e.session.agent, project: e.session.project, live: e.live }) + '\n' : renderDetection(e, io.cwd));
      });
      await watchFiles(targets, ingestor, { store, storeFile, poll: opts.poll, signal: io.signal, warn, discover, evaluate: () => engine.evaluate() });
      store.close();
    });

  program
    .command('classify')
    .description('the detector alone: reads lines on standard input, prints one JSON object per line ({"type","severity","strategy"}) or null')
    .option('--explain', 'print each line with the evidence that decided it (status, vocabulary terms, rules, negative shapes, the gate)')
    .action(async (opts: { explain?: boolean }) => {
      await classifyStream(io.stdin, io.stdout, undefined, !!opts.explain);
    });

  program
    .command('inject')
    .description('add a test error of a failure type to a session in the store, as the agent would have written it')
    .argument('<session>', 'session id (created if new)')
    .argument('<type>', `failure type: ${FAILURE_TYPES.join(', ')}`)
    .option('--json', 'print the findings as JSON')
    .action(async (sessionId: string, type: string, opts: { json?: boolean }, cmd: Command) => {
      if (!isFailureType(type)) {
        throw new UsageError(`Unknown failure type "${type}". Failure types: ${FAILURE_TYPES.join(', ')}`);
      }
      const file = storePathOf(cmd);
      const { store } = await openFile(file);
      const engine = newEngine(store, {}, clock);
      const findings = engine.injectTestError(sessionId, type);
      await saveStoreFile(store, file);
      const session = engine.session(sessionId);
      if (opts.json) {
        print(redactedJson({ store: file, session: session && sessionJson(session), findings: findings.map(findingJson) }, 2) + '\n');
      } else {
        print(`Injected ${type} into session ${sessionId} (store ${file}).\n`);
        for (const f of findings) {
          print(`  ${f.severity} ${f.type} -> ${STRATEGY_LABELS[f.strategy]}${f.escalation ? ` [${f.escalation}]` : ''} (x${f.count})\n`);
        }
        if (findings.length === 0) {
          print('  No new finding (an open finding of this type already counts it).\n');
        }
      }
      store.close();
    });

  program
    .command('demo')
    .description('a self-contained demo on a temporary store: detection -> severity -> strategy -> the dashboard')
    .option('--keep', 'keep the temporary store and print where it is')
    .action(async (opts: { keep?: boolean }) => {
      await runDemo(clock, print, !!opts.keep);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? EXIT.ok : EXIT.error;
    }
    if (e instanceof UsageError) {
      warn(`session-doctor: ${e.message}\n(run session-doctor --help for usage)`);
      return EXIT.error;
    }
    warn(`session-doctor: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT.error;
  }
  return exitCode;
}

/** Where the registered kinds look by default, for this run's environment. */
function rootContext(io: CliIo): RootContext {
  return { env: io.env, home: io.home ?? os.homedir(), workspaceFolders: [io.cwd], join: (...parts) => path.join(...parts) };
}

function defaultRootList(io: CliIo): string {
  return TRANSCRIPT_KINDS.flatMap((k) => k.defaultRoots(rootContext(io))).join(', ');
}

/** The files modified at or after `sinceMs` (epoch ms). */
async function modifiedSince(files: readonly string[], sinceMs: number): Promise<string[]> {
  const out: string[] = [];
  for (const f of files) {
    const st = await fsp.stat(f).catch(() => undefined);
    if (st && st.mtimeMs >= sinceMs) {
      out.push(f);
    }
  }
  return out;
}

function requireFormat(id: string): ReadableKind {
  const kind = kindById(id);
  if (!kind) {
    throw new UsageError(`Unknown format "${id}". Formats: ${formatIds().join(', ')}`);
  }
  return kind;
}

function positiveNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) {
    throw new InvalidArgumentError('Expected a positive number.');
  }
  return n;
}

function nonNegativeNumber(v: string): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) {
    throw new InvalidArgumentError('Expected a number >= 0.');
  }
  return n;
}

/** The sessions the files' lines belong to (known to the engine), in the order first seen. */
function sessionsOf(engine: Engine, results: readonly FileReadResult[]): SessionSnapshot[] {
  const ids = new Set(results.flatMap((r) => r.sessionIds));
  return [...ids].map((id) => engine.session(id)).filter((s): s is SessionSnapshot => !!s);
}

function scanSummary(results: readonly FileReadResult[], sessions: readonly SessionSnapshot[], rows: readonly FindingRow[], failing: number, failOn: Severity): string {
  const byKind = new Map<string, number>();
  for (const r of results) {
    if (r.kind) {
      byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1);
    }
  }
  const kinds = [...byKind].map(([k, n]) => `${n} ${k}`).join(', ') || 'none recognised';
  const skipped = results.reduce((n, r) => n + r.skipped, 0);
  const open = rows.filter((r) => r.finding.status === 'open').length;
  return (
    `Scanned ${results.length} file(s) (${kinds}): ${sessions.length} session(s), ${rows.length} finding(s), ${open} open` +
    `${skipped ? `, ${skipped} unreadable line(s) skipped` : ''}. ` +
    (failing > 0 ? `${failing} open finding(s) at or above ${failOn}: exit 1.\n` : `Nothing open at or above ${failOn}.\n`)
  );
}
