/**
 * Session Doctor's entry point: builds the services (sql.js store, engine, readers, settings, the shell-execution tracker,
 * the live-session count), registers each feature with them, and returns a small API (used by the integration tests and
 * by other extensions).
 */
import * as vscode from 'vscode';
import initSqlJs from 'sql.js';
import { checkIngestArgs } from './core/agents/spool/spool';
import { WATCHDOG_INTERVAL_MS } from './core/engine/activity';
import { Engine } from './core/engine/engine';
import { Tailer } from './core/ingest/tailer';
import type { FindingSnapshot, SessionSnapshot } from './core/model/snapshot';
import { moveToResident } from './core/store/resident';
import { Store } from './core/store/store';
import { nextTurn } from './host/node/nextTurn';
import { nodeFileAccess } from './host/node/nodeFileAccess';
import { WorkerLineParser } from './host/node/workerLineParser';
import { ConcurrencyWatch } from './host/vscode/concurrencyWatch';
import { toEngineConfig } from './host/vscode/engineSettings';
import { createConfigService } from './host/vscode/configService';
import { SHOW_LOGS, notify } from './host/vscode/notify';
import type { Services } from './host/vscode/services';
import { ShellExecutionTracker } from './host/vscode/shellExecutions';
import { OpenedStore, PersistenceEvents, STORE_FILE, StorePersistence, openStore } from './host/vscode/storage';
import { register as registerDashboard } from './features/dashboard';
import { register as registerFleet } from './features/fleet';
import { register as registerIngest } from './features/ingest';
import { register as registerLimits } from './features/limits';
import { register as registerNotifications } from './features/notifications';
import { register as registerRecovery } from './features/recovery';
import { register as registerSessions } from './features/sessions';
import { register as registerStatusBar } from './features/statusBar';
import { register as registerTerminals } from './features/terminals';
import { register as registerTranscripts } from './features/transcripts';

/** What `activate` returns: `vscode.extensions.getExtension('session-doctor.session-doctor').exports`. */
export interface SessionDoctorApi {
  /** Resolves when the first scan of the transcript roots is done. */
  readonly ready: Promise<void>;
  /** The sessions shown, worst first. */
  sessions(): SessionSnapshot[];
  /**
   * Feeds free text as an error event of a session (session-doctor's `ingest_event(session_id, text, budget_used)`),
   * creating the session if needed; `budgetUsed` in USD adds to its cost. Returns the findings that are new or rose.
   * Throws `Error` for an empty session id or text, or a negative budget.
   */
  ingestEvent(sessionId: string, text: string, options?: { budgetUsed?: number }): FindingSnapshot[];
  /** Writes the store now. */
  flush(): Promise<void>;
  /** Where the store lives (file URI as a string). */
  readonly storeUri: string;
  /** Set when a corrupt store was moved aside at activation: where it went. */
  readonly movedAsideStoreUri?: string;
}

let persistence: StorePersistence | undefined;

/**
 * Activates the extension. Never throws for bad data: a store that cannot be parsed is moved aside; one that cannot be
 * read or written at all leaves the extension working in memory, with one warning.
 */
export async function activate(context: vscode.ExtensionContext): Promise<SessionDoctorApi> {
  const log = vscode.window.createOutputChannel('Session Doctor', { log: true });
  context.subscriptions.push(log);
  const reportProblems = (problems: string[]): void => {
    for (const p of problems) {
      log.warn(`Settings: ${p}`);
    }
    if (problems.length > 0) {
      void notify('warning', `Session Doctor ignored ${problems.length} invalid setting(s): ${problems[0]}`, [SHOW_LOGS], { log });
    }
  };

  // sql.js is shipped beside the bundle (dist/sql-wasm.js + .wasm); the wasm bytes are read through workspace.fs.
  const wasmBinary = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'dist', 'sql-wasm.wasm'));
  const SQL = await initSqlJs({
    wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) as ArrayBuffer,
  });
  const storeUri = vscode.Uri.joinPath(context.globalStorageUri, STORE_FILE);
  let store: Store;
  let movedAside: vscode.Uri | undefined;
  let opened: OpenedStore | undefined;
  let storeReady: Promise<unknown> | undefined;
  try {
    opened = await openStore(SQL, context.globalStorageUri, (e) => log.warn(`The store's lock was taken over while held: ${e.message}`));
    store = opened.store;
    movedAside = opened.movedAside;
    if (movedAside) {
      const msg = `Session Doctor could not read its store and started a fresh one. The old file was moved to ${movedAside.fsPath}.`;
      log.warn(msg);
      void notify('warning', msg, [SHOW_LOGS], { log });
    }
    log.info(`Store: ${storeUri.fsPath}`);
    // A store opened from its file is sql.js's in-memory file, which sql.js copies whole each time it outgrows it: it
    // moves into WebAssembly memory a slice per turn, and the catch-up ingests once it has (src/core/store/resident.ts).
    storeReady = moveToResident(SQL, store.database, { yieldControl: nextTurn, now: Date.now }).then(
      (moved) => moved && log.info('Store: moved into WebAssembly memory'),
      (e: unknown) => log.warn(`The store stays in sql.js's file: ${e instanceof Error ? e.message : String(e)}`),
    );
  } catch (err) {
    store = Store.open(SQL);
    const msg = `Session Doctor cannot open its store (${err instanceof Error ? err.message : String(err)}); it keeps working in memory and saves nothing.`;
    log.error(msg, err);
    void notify('warning', msg, [SHOW_LOGS], { log });
  }

  // Starting sql.js and opening the store is one turn of the host's event loop; the engine and every feature's
  // registration are the next.
  await nextTurn();
  const config = createConfigService();
  const built = toEngineConfig(config.current());
  reportProblems(built.problems);
  const engine = new Engine(store, built.engineConfig);
  if (opened) {
    persistence = new StorePersistence(
      opened.shared,
      storeEvents(storeUri, log, () => engine.configure(toEngineConfig(config.current()).engineConfig)),
    );
    context.subscriptions.push(persistence);
  }
  const executions = new ShellExecutionTracker();
  context.subscriptions.push(
    config,
    executions,
    engine.onDidChange(() => persistence?.schedule()),
    config.onDidChange((next) => {
      const rebuilt = toEngineConfig(next);
      reportProblems(rebuilt.problems);
      engine.configure(rebuilt.engineConfig);
    }),
  );
  // The hang watchdog: stuck sessions show by the clock, not by new lines.
  const watchdog = setInterval(() => engine.evaluate(), WATCHDOG_INTERVAL_MS);
  context.subscriptions.push(new vscode.Disposable(() => clearInterval(watchdog)));

  // The catch-up's lines are read and parsed in a worker thread (dist/parseWorker.js); the host's thread ingests them.
  const parser = new WorkerLineParser(vscode.Uri.joinPath(context.extensionUri, 'dist', 'parseWorker.js').fsPath, {
    onFailure: (reason) => log.warn(`The parse worker failed (${reason}); transcripts are parsed on the extension host's thread.`),
  });
  context.subscriptions.push(new vscode.Disposable(() => parser.dispose()));
  const tailer = new Tailer(nodeFileAccess, engine, { yieldControl: nextTurn, parser, storeReady });
  const base = { engine, log, config, executions, fs: nodeFileAccess, tailer, sql: SQL, reportProblems };
  // Counting starts once the sources have caught up, so the catch-up does not read as a rise.
  let sourcesReady: () => void = () => undefined;
  const concurrency = new ConcurrencyWatch({ engine, config: () => config.current(), log }, new Promise<void>((r) => (sourcesReady = r)));
  context.subscriptions.push(concurrency);
  const services: Services = { ...base, concurrency };

  const sources = registerTranscripts(context, services);
  void sources.ready.then(sourcesReady, sourcesReady);
  const sessionsView = registerSessions(context, { ...services, sources });
  const withViews = { ...services, sources, sessionsView };
  registerStatusBar(context, services);
  registerLimits(context, withViews);
  registerNotifications(context, withViews);
  registerTerminals(context, services);
  registerIngest(context, services);
  registerRecovery(context, withViews);
  registerDashboard(context, withViews);
  registerFleet(context, services);

  return {
    ready: sources.ready,
    sessions: () => engine.snapshot(),
    ingestEvent: (sessionId, text, options) => {
      const a = checkIngestArgs(sessionId, text, options?.budgetUsed);
      return engine.ingestText(a.sessionId, a.text, { budgetUsed: a.budgetUsed });
    },
    flush: () => persistence?.flush() ?? Promise.resolve(),
    storeUri: storeUri.toString(),
    movedAsideStoreUri: movedAside?.toString(),
  };
}

/**
 * What the store's persistence tells the window: merged rows of another window refresh the views (the engine's change
 * event; `configure` with the same settings fires it); a failed write warns once per outage and the window keeps
 * working in memory.
 */
function storeEvents(storeUri: vscode.Uri, log: vscode.LogOutputChannel, refresh: () => void): PersistenceEvents {
  return {
    merged: refresh,
    writeFailed: (e) => {
      const msg = `Session Doctor cannot write its store ${storeUri.fsPath} (${e instanceof Error ? e.message : String(e)}); it keeps working in memory and tries again.`;
      log.error(msg, e);
      void notify('warning', msg, [SHOW_LOGS], { log });
    },
    writeRecovered: () => log.info('The store is written again.'),
    newerStore: () => {
      const msg = 'A newer Session Doctor wrote the store; this window keeps its changes in memory and does not overwrite it.';
      log.warn(msg);
      void notify('warning', msg, [SHOW_LOGS], { log });
    },
    debug: (m) => log.debug(m),
  };
}

/** Flushes the store. */
export function deactivate(): Promise<void> | undefined {
  return persistence?.flush();
}
