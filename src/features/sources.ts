/**
 * The sources feature: builds the file source over every enabled transcript kind (src/core/ingest/kinds.ts), the configured
 * generic logs and the spool folder, keeps it in step with the settings, and registers **Ingest Event**.
 */
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { Config, expandPaths } from '../host/vscode/config';
import { DocumentReader } from '../core/ingest/documentReader';
import type { Engine } from '../core/engine/engine';
import type { RootContext, TranscriptKind } from '../core/ingest/kinds';
import { genericLogKind, parseGenericLogSpecs } from '../core/agents/generic/genericLog';
import type { FileAccess, Tailer } from '../core/ingest/tailer';
import { FileSource } from './transcripts/fileSource';
import { activeKinds } from './transcripts/kinds';
import { registerIngestCommand } from './ingest/ingestCommand';

/** What the sources need. */
export interface SourcesDeps {
  engine: Engine;
  fs: FileAccess;
  tailer: Tailer;
  log: vscode.LogOutputChannel;
  /** The current settings (read on every rescan). */
  config(): Config;
  /** Reports setting problems (generic log patterns) to the user. */
  reportProblems(problems: string[]): void;
}

/** The sources, as the rest of the extension sees them. */
export interface Sources {
  /** Resolves when the first scan and catch-up are done. */
  readonly ready: Promise<void>;
  /** Rescans every source now (the Refresh command). */
  rescan(): Promise<void>;
  /** Call after the settings changed: rebuilds the generic logs, the watchers and rescans when a source setting changed. */
  configChanged(previous: Config, next: Config): void;
  /** The files followed, with their kind id. */
  files(): { path: string; kind: string }[];
}

/** The folders the kinds look in by default. */
export function rootContext(): RootContext {
  return {
    env: process.env,
    home: os.homedir(),
    tmpdir: os.tmpdir(),
    workspaceFolders: (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath),
    join: (...parts) => path.join(...parts),
  };
}

/** Registers the sources (disposed with the extension). Call once from `activate`. */
export function registerSources(context: vscode.ExtensionContext, deps: SourcesDeps): Sources {
  const buildGeneric = (config: Config): TranscriptKind | undefined => {
    const { specs, problems } = parseGenericLogSpecs(config.genericLogs, (p) => expandPaths([p])[0] ?? p);
    deps.reportProblems(problems);
    return specs.length > 0 ? genericLogKind(specs) : undefined;
  };
  let generic = buildGeneric(deps.config());
  const documents = new DocumentReader(deps.fs, deps.engine, { yieldControl: () => new Promise((r) => setImmediate(r)) });
  const kinds = () => activeKinds(deps.config(), rootContext(), generic);
  const describe = () => {
    for (const k of kinds()) {
      deps.log.info(`Watching ${k.kind.label}${k.roots.length ? ` under: ${k.roots.join(', ')}` : ''}`);
    }
  };
  describe();
  const source = new FileSource(deps.fs, deps.tailer, documents, { kinds, activeWindowMs: () => deps.config().activeSessionWindowHours * 3600_000, log: deps.log });
  context.subscriptions.push(source);
  context.subscriptions.push(
    vscode.workspace.onDidChangeWorkspaceFolders(() => void source.kindsChanged()),
    registerIngestCommand(deps.engine, deps.log),
  );
  return {
    ready: source.ready,
    rescan: () => source.rescan(),
    files: () => source.files(),
    configChanged(previous, next) {
      const key = (c: Config) => JSON.stringify([c.sources, c.spool, c.genericLogs]);
      if (key(previous) === key(next)) {
        return;
      }
      if (JSON.stringify(previous.genericLogs) !== JSON.stringify(next.genericLogs)) {
        generic = buildGeneric(next);
      }
      describe();
      void source.kindsChanged();
    },
  };
}
