/**
 * What the readers (the {@link Tailer} and the document reader) need of the engine: where each file was left, the session
 * facts a file gives, and the events. The engine implements it; the readers never import the engine. Pure module: types only.
 */
import type { IngestOptions, SessionInfo } from '../engine/config';
import type { AgentEvent } from '../model/event';
import type { FileState } from '../store/repositories/files';

/** The engine as the readers see it. */
export interface IngestSink {
  /** Where reading of `path` stopped (bytes or, for documents, events), if it was read before. */
  fileState(path: string): FileState | undefined;
  /** Records where reading of a file stopped. */
  setFileState(state: FileState): void;
  /** Forgets a file (it shrank or was replaced). */
  deleteFileState(path: string): void;
  /** Adds what a file says about its session (agent, file, cwd, title). */
  updateSession(sessionId: string, info: SessionInfo): void;
  /** Ingests parsed events in file order. */
  ingest(events: readonly AgentEvent[], options: IngestOptions): unknown;
  /** Counts lines that could not be read in the session's health, with the last reason. */
  noteSkippedLines(sessionId: string, count: number, error: string): void;
}
