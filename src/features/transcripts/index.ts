/**
 * The transcripts feature: the file source over every enabled transcript kind of the agent plug-ins, the configured
 * generic logs and the spool folder, kept in step with the settings.
 */
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { Config, expandPaths } from '../../host/vscode/config';
import { DocumentReader } from '../../core/ingest/documentReader';
import { nextTurn } from '../../host/node/nextTurn';
import type { RootContext, TranscriptKind } from '../../core/ingest/kinds';
import { genericLogKind, parseGenericLogSpecs } from '../../core/agents/generic/genericLog';
import { FileSource } from './fileSource';
import { activeKinds } from './kinds';
import type { Services, SourcesService } from '../../host/vscode/services';

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

/** Registers the transcript sources (disposed with the extension). Call once from `activate`. */
export function register(context: vscode.ExtensionContext, services: Services): SourcesService {
  const { engine, fs, tailer, log } = services;
  const config = () => services.config.current();
  const buildGeneric = (c: Config): TranscriptKind | undefined => {
    const { specs, problems } = parseGenericLogSpecs(c.genericLogs, (p) => expandPaths([p])[0] ?? p);
    services.reportProblems(problems);
    return specs.length > 0 ? genericLogKind(specs) : undefined;
  };
  let generic = buildGeneric(config());
  const sql = () => Promise.resolve(services.sql);
  const documents = new DocumentReader(fs, engine, { yieldControl: nextTurn, sql });
  const kinds = () => activeKinds(config(), rootContext(), generic);
  const describe = () => {
    for (const k of kinds()) {
      log.info(`Watching ${k.kind.label}${k.roots.length ? ` under: ${k.roots.join(', ')}` : ''}`);
    }
  };
  describe();
  const source = new FileSource(fs, tailer, documents, { kinds, activeWindowMs: () => config().activeSessionWindowHours * 3600_000, log });
  context.subscriptions.push(
    source,
    vscode.workspace.onDidChangeWorkspaceFolders(() => void source.kindsChanged()),
    services.config.onDidChange((next, previous) => {
      const key = (c: Config) => JSON.stringify([c.sources, c.spool, c.genericLogs]);
      if (key(previous) === key(next)) {
        return;
      }
      if (JSON.stringify(previous.genericLogs) !== JSON.stringify(next.genericLogs)) {
        generic = buildGeneric(next);
      }
      describe();
      void source.kindsChanged();
    }),
  );
  return { ready: source.ready, rescan: () => source.rescan(), files: () => source.files() };
}
