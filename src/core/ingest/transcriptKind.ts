/**
 * The shape of one kind of file an agent writes ({@link TranscriptKind}): where its files live, how they are found and how
 * they parse. Agent plug-ins (src/core/agents/<id>/) declare their kinds with it; src/core/ingest/kinds.ts lists them.
 * Pure module: types only.
 *
 * Two reading modes:
 * - `lines`: append-only JSONL or text logs (Claude Code, Codex rollouts, Aider, generic logs), read incrementally by the
 *   {@link Tailer} with a {@link TranscriptFormat};
 * - `document`: a whole JSON document the agent rewrites (e.g. a chat file saved after each message), parsed whole by a
 *   {@link DocumentFormat}; the reader remembers how many events of the file it already ingested and feeds only the new ones.
 */
import type { SqlJsStatic } from 'sql.js';
import type { AgentEvent, AgentKind } from '../model/event';
import type { FileAccess, TranscriptFormat } from './tailer';
import type { TranscriptFile } from './discovery';

/** Where the agent's files are by default, from the environment. */
export interface RootContext {
  /** Environment variables (process.env in the extension host or CLI). */
  env: Readonly<Record<string, string | undefined>>;
  /** The user's home folder, absolute. */
  home: string;
  /** Open workspace folders (absolute paths); [] for the CLI unless given. */
  workspaceFolders: readonly string[];
  /** The host's temp folder (Node's `os.tmpdir()`); when absent, `$TMPDIR`, `$TEMP`, `$TMP`, else `/tmp`. */
  tmpdir?: string;
  /** Joins path segments with the host's separator. */
  join(...parts: string[]): string;
}

/** One session of a document that holds many (e.g. opencode's database): its id and what the document says of it. */
export interface DocumentSession {
  id: string;
  cwd?: string;
  title?: string;
}

/**
 * What one whole-document parse gives. `sessionId`/`info` name the session of the document (for a document of many
 * sessions, the session of its latest event, where a later failure to read it is counted); `sessions`, when present,
 * every session that has events in it, with its folder and title.
 */
export type DocumentResult =
  | { ok: true; sessionId: string; events: AgentEvent[]; info: { cwd?: string; title?: string }; sessions?: DocumentSession[] }
  | { ok: false; error: string };

/** A binary document's bytes and those of its companion files (`<file><suffix>`, e.g. SQLite's `-wal`) that exist, by suffix. */
export interface BinaryDocument {
  bytes: Uint8Array;
  companions: Readonly<Record<string, Uint8Array | undefined>>;
}

/** How a document read from bytes (a SQLite database) is read: its companion files and its parser. */
export interface BinaryParser {
  /** Suffixes of the files read with the document, e.g. SQLite's `-wal`; a change of theirs is a change of the document. */
  companions: readonly string[];
  /** Parses the bytes with the sql.js module; must not throw. */
  parse(doc: BinaryDocument, file: string, fallbackSessionId: string, sql: SqlJsStatic): DocumentResult;
}

/** A format whose files are whole documents rewritten by the agent. `parseDocument` must not throw. */
export interface DocumentFormat {
  agent: AgentKind;
  /**
   * Parses the whole file text. Events must come out in the same order on every parse of a file that only grew,
   * so the reader can skip the first N it already ingested.
   */
  parseDocument(text: string, file: string, fallbackSessionId: string): DocumentResult;
  /**
   * Set for a document read from its bytes (a database) rather than as text: the reader then passes the file's bytes and
   * its companions' to `binary.parse` (same ordering rule as `parseDocument`) and never calls `parseDocument`.
   */
  binary?: BinaryParser;
}

/** One kind of transcript an agent writes. */
export type TranscriptKind = {
  /** Stable id, used in settings (`sessionDoctor.sources.<id>.enabled`) and the CLI (`--format <id>`). */
  id: string;
  agent: AgentKind;
  /** Human name for the README and the logs, e.g. "Claude Code transcripts". */
  label: string;
  /** The folders or files searched when no roots are configured (may be []). */
  defaultRoots(ctx: RootContext): string[];
  /** Lists the kind's files under `roots` modified at or after `sinceMs` (epoch ms). Never throws. */
  discover(fs: FileAccess, roots: readonly string[], sinceMs: number): Promise<TranscriptFile[]>;
  /** Glob (relative to a root) of the files to watch for changes; default: every file under the root. */
  watchGlob?: string;
  /** True when a path given on its own (CLI `scan <path>`) looks like this kind's file (by name/location). */
  matchesPath(path: string): boolean;
  /** True when the first line (or the start) of a file's text looks like this kind's format; used when the path says nothing. */
  sniff(head: string): boolean;
} & ({ reader: 'lines'; format: TranscriptFormat } | { reader: 'document'; format: DocumentFormat });
