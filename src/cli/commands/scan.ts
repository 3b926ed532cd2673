/** `session-doctor scan`: replays transcripts or logs into an engine and prints the findings; exit 1 when one is at or above `--fail-on`. */
import { Command, Option } from 'commander';
import * as fsp from 'fs/promises';
import type { Engine } from '../../core/engine/engine';
import { SEVERITIES, Severity } from '../../core/model/failures';
import type { SessionSnapshot } from '../../core/model/snapshot';
import { memoryStore, saveStoreFile } from '../../host/node/storeFile';
import { WorkerLineParser } from '../../host/node/workerLineParser';
import { ALL_TIME_MS, newEngine } from '../common';
import { CliContext, EXIT, UsageError, defaultRootList, nonNegativeNumber, positiveNumber, requireFormat } from '../context';
import { FileIngestor, FileReadResult, discoverDefaultRoots, discoverUnder, expandPaths, formatIds, parseWorkerScript } from '../files';
import { FindingRow, atLeast, displayPath, findingJson, redactedJson, renderFindingsTable, sessionJson, sortFindings } from '../render';

/**
 * The tailer's time slice for `scan` (ms): a scan serves nothing while it reads, so it ingests in batches of about this
 * long instead of the extension's 20 ms (fewer transactions: about 15 % less CPU on a 36 MB history, same findings).
 */
const SCAN_SLICE_MS = 250;

/**
 * Bytes `scan` reads per chunk (the tailer's default is 256 KiB, sized for the extension's 20 ms slices): each chunk ends
 * an ingest slice (a transaction, the file's progress saved), so a one-shot scan commits less often with 1 MiB.
 */
const SCAN_CHUNK_BYTES = 1024 * 1024;

/**
 * Files whose first chunks the parse worker parses ahead of the one being ingested. With one, the 180 MB benchmark's
 * scan waited at every other file start (after a file quick to ingest, the next one's first chunk was not parsed yet):
 * about 0.85 s of a 3.5 s run.
 */
const SCAN_PREFETCH_FILES = 2;

/** Options of `scan`. */
interface ScanOptions {
  json?: boolean;
  format?: string;
  failOn: Severity;
  hours?: number;
  budgetCap: number;
}

/** Adds `scan` to `program`. */
export function addScanCommand(program: Command, ctx: CliContext): void {
  program
    .command('scan')
    .description(
      "replay transcripts or logs (files, folders recursively; none: every agent's default folder) into the engine and print the findings",
    )
    .argument('[paths...]', "files or folders (default: the agents' own folders, e.g. ~/.claude/projects)")
    .option('--json', 'print files, sessions and findings as JSON')
    .addOption(new Option('--format <id>', `read every file as this kind (default: recognised per file): ${formatIds().join(', ')}`))
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when an open finding is at or above this severity')
        .choices([...SEVERITIES])
        .default('CRITICAL'),
    )
    .addOption(new Option('--hours <n>', 'only files modified within this many hours (default: all)').argParser(positiveNumber))
    .addOption(new Option('--budget-cap <usd>', 'per-session cost cap in USD (0 = off)').default(0).argParser(nonNegativeNumber))
    .action((paths: string[], opts: ScanOptions, cmd: Command) => scan(ctx, paths, opts, cmd));
}

/**
 * How long the scan's keep-alive timer waits (ms): it never fires before the scan ends; it only holds the event loop open
 * (see {@link scan}).
 */
const KEEP_ALIVE_MS = 2 ** 30;

/**
 * Starts the parse worker (it boots while the store opens), then scans ({@link scanWith}) with the event loop held open by
 * a timer. Without one, the loop is empty whenever this thread awaits something outside libuv (sql.js's WebAssembly
 * compile, a chunk from the unref'd parse worker): Node's loop then returns and drains V8's platform, running the awaited
 * continuation there and then blocking until every background task is done, such as the TurboFan compiles of SQLite's
 * functions that the first statements started (measured on 2 cores: the first event-loop turn after the store's
 * migrations came 0.4-1.3 s late, this thread idle while one core compiled).
 */
async function scan(ctx: CliContext, paths: string[], opts: ScanOptions, cmd: Command): Promise<void> {
  const keepAlive = setInterval(() => undefined, KEEP_ALIVE_MS);
  // Lines are read and parsed in the parse worker while this thread ingests the chunk before (same events, same order);
  // SESSION_DOCTOR_PARSE_WORKER=0 parses them on this thread.
  const script = ctx.io.env.SESSION_DOCTOR_PARSE_WORKER === '0' ? undefined : parseWorkerScript();
  const parser = script
    ? new WorkerLineParser(script, { onFailure: (reason) => ctx.warn(`The parse worker failed (${reason}); reading on one thread.`) })
    : undefined;
  parser?.warm();
  try {
    await scanWith(ctx, paths, opts, cmd, parser);
  } finally {
    parser?.dispose();
    clearInterval(keepAlive);
  }
}

async function scanWith(
  ctx: CliContext,
  paths: string[],
  opts: ScanOptions,
  cmd: Command,
  parser: WorkerLineParser | undefined,
): Promise<void> {
  const { io, clock } = ctx;
  const forced = opts.format ? requireFormat(opts.format) : undefined;
  const sinceMs = opts.hours ? clock.now() - opts.hours * 3600_000 : 0;
  const storeFile = ctx.explicitStorePath(cmd);
  const store = storeFile ? (await ctx.openStore(storeFile)).store : await memoryStore();
  const engine = newEngine(store, { activeWindowMs: ALL_TIME_MS, budgetCapUsd: opts.budgetCap }, clock);
  const ingestor = new FileIngestor(engine, forced, { sliceMs: SCAN_SLICE_MS, chunkBytes: SCAN_CHUNK_BYTES, parser });
  let files: string[];
  if (paths.length === 0) {
    const found = await discoverDefaultRoots(ctx.rootContext(), sinceMs, forced);
    if (found.files.length === 0) {
      // Some default roots always exist (Aider's is the current folder): what matters is whether they hold anything.
      store.close();
      throw new UsageError(`No paths given, and no agent transcript was found in the default folders (${defaultRootList(ctx)}).`);
    }
    ctx.warn(`Scanning ${found.roots.map((r) => r.root).join(', ')}`);
    found.files.forEach((f) => ingestor.hint(f));
    files = found.files.map((f) => f.path);
  } else {
    const expanded = await expandPaths(paths, io.cwd);
    if (expanded.missing.length > 0) {
      store.close();
      throw new UsageError(`No such file or folder: ${expanded.missing.join(', ')}`);
    }
    files = sinceMs > 0 ? await modifiedSince(expanded.files, sinceMs) : expanded.files;
    // Sessions named as the extension names them when it follows these folders (each kind's discovery).
    (await discoverUnder(paths, io.cwd, sinceMs, forced)).forEach((f) => ingestor.hintName(f));
  }
  const results: FileReadResult[] = [];
  let prefetched = 0;
  for (let i = 0; i < files.length; i++) {
    const reading = ingestor.read(files[i], false);
    // The worker parses the next files' first chunks while this one is ingested.
    for (prefetched = Math.max(prefetched, i + 1); prefetched < Math.min(files.length, i + 1 + SCAN_PREFETCH_FILES); prefetched++) {
      void ingestor.prefetch(files[prefetched]);
    }
    results.push(await reading);
  }
  ingestor.dispose();
  parser?.dispose();
  // A request nothing answered (a hang with nothing written after it) is judged once every file is read.
  engine.judgeUnanswered([...new Set(results.flatMap((r) => r.sessionIds))]);
  const sessions = sessionsOf(engine, results);
  const rows = sortFindings(sessions.flatMap((session) => session.findings.map((finding) => ({ session, finding }))));
  const failing = rows.filter((r) => r.finding.status === 'open' && atLeast(r.finding.severity, opts.failOn));
  const errors = results.filter((r) => r.error);
  const unrecognized = results.filter((r) => !r.kind && !r.error).map((r) => r.file);
  const exitCode = errors.length > 0 ? EXIT.error : failing.length > 0 ? EXIT.findings : EXIT.ok;
  ctx.setExitCode(exitCode);
  if (opts.json) {
    ctx.print(
      redactedJson(
        {
          files: results,
          unrecognized,
          sessions: sessions.map(sessionJson),
          // A finding that names no line (the hang judged at scan time, other structural findings) is the session's: its
          // file is the session's transcript, as the table shows it.
          findings: rows.map((r) => ({
            ...findingJson(r.finding),
            file: r.finding.file || r.session.file || undefined,
            agent: r.session.agent,
            project: r.session.project,
          })),
          failOn: opts.failOn,
          exitCode,
        },
        2,
      ) + '\n',
    );
  } else {
    ctx.print(renderFindingsTable(rows, io.cwd));
    ctx.print(scanSummary(results, sessions, rows, failing.length, opts.failOn));
  }
  for (const e of errors) {
    ctx.warn(`Could not read ${e.file}: ${e.error}`);
  }
  if (unrecognized.length > 0 && !opts.json) {
    const shown = unrecognized.slice(0, 5).map((f) => displayPath(f, io.cwd));
    ctx.warn(
      `${unrecognized.length} file(s) of no known format skipped (force one with --format <id>): ${shown.join(', ')}${unrecognized.length > 5 ? ', …' : ''}`,
    );
  }
  if (storeFile) {
    await saveStoreFile(store, storeFile);
  }
  store.close();
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

/** The sessions the files' lines belong to (known to the engine), in the order first seen. */
function sessionsOf(engine: Engine, results: readonly FileReadResult[]): SessionSnapshot[] {
  const ids = new Set(results.flatMap((r) => r.sessionIds));
  return [...ids].map((id) => engine.session(id)).filter((s): s is SessionSnapshot => !!s);
}

function scanSummary(
  results: readonly FileReadResult[],
  sessions: readonly SessionSnapshot[],
  rows: readonly FindingRow[],
  failing: number,
  failOn: Severity,
): string {
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
