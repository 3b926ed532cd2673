/**
 * Session Doctor's entry point: builds the services (sql.js store, engine, file sources), registers the views and
 * the commands, and returns a small API (used by the integration tests and by other extensions).
 */
import * as vscode from 'vscode';
import initSqlJs from 'sql.js';
import { onConfigChange, readConfig, toEngineConfig } from './host/vscode/config';
import { Engine } from './core/engine/engine';
import type { FindingSnapshot, SessionSnapshot } from './core/model/snapshot';
import { Tailer } from './core/ingest/tailer';
import { WATCHDOG_INTERVAL_MS } from './core/engine/activity';
import { nodeFileAccess } from './host/node/nodeFileAccess';
import { register as registerRecovery } from './features/recovery/commands';
import { registerSessionCleanup } from './features/recovery/sessionCleanup';
import { registerSources } from './features/sources';
import { checkIngestArgs } from './core/agents/spool/spool';
import { OutputChannelSource } from './features/outputChannels/outputChannelSource';
import { TerminalSource } from './features/terminals/terminalSource';
import { registerTerminalsView } from './features/terminals/terminalsView';
import { openStore, StorePersistence } from './host/vscode/storage';
import { registerViews } from './features/views';
import { SHOW_LOGS, notify } from './features/notifications/notifier';

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

/** Activates the extension. Never throws for bad data: a store that cannot be read is moved aside. */
export async function activate(context: vscode.ExtensionContext): Promise<SessionDoctorApi> {
  const log = vscode.window.createOutputChannel('Session Doctor', { log: true });
  context.subscriptions.push(log);

  // sql.js is shipped beside the bundle (dist/sql-wasm.js + .wasm); the wasm bytes are read through workspace.fs.
  const wasmBinary = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(context.extensionUri, 'dist', 'sql-wasm.wasm'));
  const SQL = await initSqlJs({ wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) as ArrayBuffer });
  const opened = await openStore(SQL, context.globalStorageUri);
  if (opened.movedAside) {
    const msg = `Session Doctor could not read its store and started a fresh one. The old file was moved to ${opened.movedAside.fsPath}.`;
    log.warn(msg);
    void notify('warning', msg, [SHOW_LOGS], { log });
  }
  log.info(`Store: ${opened.uri.fsPath}`);

  let config = readConfig();
  const built = toEngineConfig(config);
  reportProblems(built.problems, log);
  const engine = new Engine(opened.store, built.engineConfig);

  persistence = new StorePersistence(opened.store, opened.uri, (e) => log.error('Could not write the store', e));
  context.subscriptions.push(persistence, engine.onDidChange(() => persistence?.schedule()));

  const tailer = new Tailer(nodeFileAccess, engine, { yieldControl: () => new Promise((r) => setImmediate(r)) });
  const sources = registerSources(context, { engine, fs: nodeFileAccess, tailer, log, config: () => config, reportProblems: (p) => reportProblems(p, log) });

  // The hang watchdog: stuck sessions show by the clock, not by new lines.
  const watchdog = setInterval(() => engine.evaluate(), WATCHDOG_INTERVAL_MS);
  context.subscriptions.push(new vscode.Disposable(() => clearInterval(watchdog)));

  const views = registerViews(context, { engine, log, ready: sources.ready });
  // Terminals (shell integration) and output channels of agent extensions; listed in the Terminals view.
  const terminalSource = new TerminalSource({ engine, window: vscode.window, config: () => config.terminals, clock: { now: () => Date.now() }, log });
  const outputSource = new OutputChannelSource(nodeFileAccess, tailer, { ownLogPath: context.logUri.fsPath, ownExtensionId: context.extension.id, engine, config: () => config.outputChannels, log });
  context.subscriptions.push(terminalSource, outputSource);
  registerTerminalsView(context, {
    terminals: () => terminalSource.rows(),
    onDidChangeTerminals: (l) => terminalSource.onDidChange(l),
    channels: () => (config.outputChannels.enabled ? outputSource.channels() : []),
    terminalOf: (key) => terminalSource.terminalOf(key),
    log,
  });
  const recovery = registerRecovery(context, {
    engine,
    log,
    refresh: async () => {
      await sources.rescan();
      views.refresh();
    },
  });
  registerSessionCleanup(context, { engine, log, terminals: recovery.terminals });

  context.subscriptions.push(
    onConfigChange(undefined, (next) => {
      const previous = config;
      config = next;
      const rebuilt = toEngineConfig(next);
      reportProblems(rebuilt.problems, log);
      engine.configure(rebuilt.engineConfig);
      sources.configChanged(previous, next);
    }),
  );

  return {
    ready: sources.ready,
    sessions: () => engine.snapshot(),
    ingestEvent: (sessionId, text, options) => {
      const a = checkIngestArgs(sessionId, text, options?.budgetUsed);
      return engine.ingestText(a.sessionId, a.text, { budgetUsed: a.budgetUsed });
    },
    flush: () => persistence?.flush() ?? Promise.resolve(),
    storeUri: opened.uri.toString(),
    movedAsideStoreUri: opened.movedAside?.toString(),
  };
}

/** Flushes the store. */
export function deactivate(): Promise<void> | undefined {
  return persistence?.flush();
}

function reportProblems(problems: string[], log: vscode.LogOutputChannel): void {
  for (const p of problems) {
    log.warn(`Settings: ${p}`);
  }
  if (problems.length > 0) {
    void notify('warning', `Session Doctor ignored ${problems.length} invalid setting(s): ${problems[0]}`, [SHOW_LOGS], { log });
  }
}
