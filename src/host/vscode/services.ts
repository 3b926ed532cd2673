/**
 * What the features are given: {@link Services}. src/extension.ts builds them once and calls each feature's
 * `register(context, services)`; a feature reaches another one only through a service here, never by importing it.
 */
import type { SqlJsStatic } from 'sql.js';
import type * as vscode from 'vscode';
import type { Engine } from '../../core/engine/engine';
import type { FileAccess, Tailer } from '../../core/ingest/tailer';
import type { ConcurrencyWatch } from './concurrencyWatch';
import type { ConfigService } from './configService';
import type { ShellExecutionTracker } from './shellExecutions';

/** The transcript sources, as the other features see them (provided by src/features/transcripts). */
export interface SourcesService {
  /** Resolves when the first scan and catch-up are done. */
  readonly ready: Promise<void>;
  /** Rescans every source now (the Refresh command). */
  rescan(): Promise<void>;
  /** The files followed, with their kind id. */
  files(): { path: string; kind: string }[];
}

/**
 * A row another feature shows in the Sessions view (above the sessions), as plain data: the view builds its tree item.
 * Ids are stable (`<feature>:<what>`); `arg` is what commands of the row's context menu receive in the node's `arg`.
 */
export interface ViewRow {
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  /** Markdown (not trusted). */
  readonly tooltip?: string;
  /** Codicon id, e.g. `clock`. */
  readonly icon?: string;
  /** Theme colour id of the icon, e.g. `list.warningForeground`. */
  readonly iconColor?: string;
  /** `contextValue` (matched by `viewItem ==` in src/manifest/commands.ts). */
  readonly contextValue?: string;
  /** Given to commands run on the row (in the node's `arg`). */
  readonly arg?: string;
  /** Child rows (shown expanded). */
  readonly children?: readonly ViewRow[];
}

/** A group of rows a feature adds to the Sessions view; `onDidChange` fires when its rows changed. */
export interface ViewSection {
  rows(): readonly ViewRow[];
  readonly onDidChange: vscode.Event<void>;
}

/** The Sessions view, as the other features see it (provided by src/features/sessions). */
export interface SessionsViewService {
  /** Shows a section's rows above the sessions until the returned disposable is disposed. */
  addSection(section: ViewSection): vscode.Disposable;
  /** Refreshes the tree now (no debounce). */
  refresh(): void;
  /** Opens the Sessions view and reveals a session (and one of its findings). Resolves when shown. */
  reveal(sessionId: string, findingId?: number): Promise<void>;
}

/** Everything a feature may use. */
export interface Services {
  readonly engine: Engine;
  /** The "Session Doctor" log channel. */
  readonly log: vscode.LogOutputChannel;
  readonly config: ConfigService;
  /** The one tracker of terminals and shell executions. */
  readonly executions: ShellExecutionTracker;
  /** Node file access for the readers. */
  readonly fs: FileAccess;
  readonly tailer: Tailer;
  /** The sql.js module (the store's), for the readers of agents' SQLite databases. */
  readonly sql: SqlJsStatic;
  /** The live-session count against the concurrency limit. */
  readonly concurrency: ConcurrencyWatch;
  /** Reports setting problems to the user (logged, one notification). */
  reportProblems(problems: string[]): void;
}

/** Services once the transcript sources are registered. */
export interface ServicesWithSources extends Services {
  readonly sources: SourcesService;
}

/** Services once the Sessions view is registered. */
export interface ServicesWithViews extends ServicesWithSources {
  readonly sessionsView: SessionsViewService;
}
