/**
 * What the features are given: {@link Services}. src/extension.ts builds them once and calls each feature's
 * `register(context, services)`; a feature reaches another one only through a service here, never by importing it.
 */
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

/** The Sessions view, as the other features see it (provided by src/features/sessions). */
export interface SessionsViewService {
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
