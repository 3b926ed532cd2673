/**
 * Files for `scan` and `watch`: expands the paths given on the command line (files, folders recursively), finds each
 * file's transcript kind in the registry (src/core/ingest/kinds.ts: by path, then by the first 4 KiB; or forced with
 * `--format <id>`), and ingests it into the engine with the core readers the extension uses (src/features/transcripts/
 * fileSource.ts): `lines` kinds through the incremental {@link Tailer} (a second read takes only appended lines; an
 * untimed format read live is stamped "now", see liveFormat), `document` kinds through the {@link DocumentReader} (a
 * second read feeds only the events not ingested yet). Lines that name no session belong to the session the extension
 * would give the file: the one its kind's discovery names (under the default roots, or under the paths given, taken as
 * roots), else one named after the file. The pseudo-format `text` reads any file as a plain log: each line goes through
 * the detector alone (classifyLine).
 */
import * as fs from 'fs';
import * as fsp from 'fs/promises';
import * as path from 'path';
import { classifyLine } from '../core/detection/detector';
import type { Engine } from '../core/engine/engine';
import { AgentEvent, AgentKind, clipText } from '../core/model/event';
import { DocumentReader } from '../core/ingest/documentReader';
import { DocumentFormat, RootContext, TRANSCRIPT_KINDS, kindForFile, transcriptKind } from '../core/ingest/kinds';
import { redactSecrets } from '../core/ingest/redact';
import { statusIn } from '../core/detection/status';
import { logFallbackSessionId } from '../core/agents/generic/genericLog';
import { LineParser, Tailer, TranscriptFormat } from '../core/ingest/tailer';
import { liveFormat } from '../core/ingest/untimed';
import { nodeFileAccess } from '../host/node/nodeFileAccess';
import { loadSqlJs } from '../host/node/storeFile';
import { PrefetchingLineParser } from './prefetchParser';

/**
 * What the CLI needs of a transcript kind: how to read its files, and optionally how it names the session of a file
 * whose lines carry no session id (else: found by the kind's discovery, or {@link sessionIdFromFile}).
 */
export type ReadableKind = { id: string; agent: AgentKind; label: string; sessionIdFromPath?: (file: string) => string } & (
  { reader: 'lines'; format: TranscriptFormat } | { reader: 'document'; format: DocumentFormat }
);

/** Id of the plain-log pseudo-format (`--format text`). */
export const TEXT_FORMAT_ID = 'text';

/**
 * Plain text logs, any agent: a line the detector classifies (see classifyLine) becomes an `error` event of the session
 * named after the file as the extension names a configured generic log's (`log-<file name>`); every other line is read
 * and dropped. Lines carry no timestamp, so events get the clock's time.
 */
export const textLogKind: ReadableKind = {
  id: TEXT_FORMAT_ID,
  agent: 'generic',
  label: 'Plain text log (each line through the detector)',
  sessionIdFromPath: logFallbackSessionId,
  reader: 'lines',
  format: {
    agent: 'generic',
    parseLine(line, origin, fallbackSessionId) {
      if (!classifyLine(line)) {
        return { ok: true, events: [], info: {} };
      }
      const event: AgentEvent = {
        sessionId: fallbackSessionId,
        agent: 'generic',
        timestamp: 0,
        kind: 'error',
        rawLine: true,
        text: clipText(redactSecrets(line.trim())),
        httpStatus: statusIn(line),
        isError: true,
        origin,
      };
      return { ok: true, events: [event], info: {} };
    },
  },
};

/** Ids accepted by `--format`: the registry's kinds, then `text`. */
export function formatIds(): string[] {
  return [...TRANSCRIPT_KINDS.map((k) => k.id), ...(transcriptKind(TEXT_FORMAT_ID) ? [] : [TEXT_FORMAT_ID])];
}

/** The kind with this `--format` id, or undefined when unknown. */
export function kindById(id: string): ReadableKind | undefined {
  return transcriptKind(id) ?? (id === TEXT_FORMAT_ID ? textLogKind : undefined);
}

/** Bytes of a file's start used to recognise its kind. */
const HEAD_BYTES = 4096;

/** Bytes read per chunk unless told otherwise: the tailer's own default (256 KiB). */
const DEFAULT_CHUNK_BYTES = 256 * 1024;

/**
 * Lists the files under `paths` (a file stands for itself; a folder for every file below it, recursively, symbolic
 * links not followed), sorted within each folder. Paths that do not exist are returned in `missing`.
 */
export async function expandPaths(paths: readonly string[], cwd: string): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    const st = await fsp.stat(abs).catch(() => undefined);
    if (!st) {
      missing.push(p);
    } else if (st.isDirectory()) {
      files.push(...(await walk(abs)));
    } else {
      files.push(abs);
    }
  }
  return { files: [...new Set(files)], missing };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await fsp.readdir(dir, { withFileTypes: true }).catch(() => []);
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      out.push(...(await walk(p)));
    } else if (e.isFile()) {
      out.push(p);
    }
  }
  return out;
}

/**
 * Session id from a file name, for lines that carry none: the base name without its extension; for a Claude Code subagent
 * file (`<id>/subagents/x.jsonl`), the parent session's id.
 */
export function sessionIdFromFile(file: string): string {
  const parts = file.split(/[\\/]/);
  const base = parts[parts.length - 1].replace(/\.[^.]+$/, '');
  return parts.length >= 3 && parts[parts.length - 2] === 'subagents' ? parts[parts.length - 3] : base;
}

/** A file found by a kind's discovery. */
export interface DiscoveredFile {
  path: string;
  kind: ReadableKind;
  /** Session id from the file's name or place (the kind's discovery decides). */
  sessionIdFromName: string;
}

/**
 * The registered kinds' default roots (e.g. `~/.claude/projects`, honouring `$CLAUDE_CONFIG_DIR`) and their files
 * modified at or after `sinceMs` (epoch ms), as each kind's own discovery finds them: `scan` and `watch` without paths.
 * `only` limits it to one kind. Roots that do not exist are left out of `roots`.
 */
export async function discoverDefaultRoots(
  ctx: RootContext,
  sinceMs: number,
  only?: ReadableKind,
): Promise<{ roots: { root: string; kind: ReadableKind; glob?: string }[]; files: DiscoveredFile[] }> {
  const roots: { root: string; kind: ReadableKind; glob?: string }[] = [];
  const files: DiscoveredFile[] = [];
  for (const kind of TRANSCRIPT_KINDS) {
    if (only && only.id !== kind.id) {
      continue;
    }
    const existing: string[] = [];
    for (const root of kind.defaultRoots(ctx)) {
      if (await nodeFileAccess.stat(root).catch(() => undefined)) {
        existing.push(root);
        roots.push({ root, kind, glob: kind.watchGlob });
      }
    }
    if (existing.length > 0) {
      for (const f of await kind.discover(nodeFileAccess, existing, sinceMs)) {
        files.push({ path: f.path, kind, sessionIdFromName: f.sessionIdFromName });
      }
    }
  }
  return { roots, files };
}

/**
 * The registered kinds' files under `paths` as each kind's discovery finds them when the path (or, for a file, its
 * folder) is taken as one of its roots, the way the extension searches a configured root; modified at or after
 * `sinceMs`. `only` limits it to one kind. Used for the session id from a file's name or place ({@link FileIngestor.hintName}),
 * which each kind derives in its own way (a Codex rollout's uuid, an Aider history's path hash).
 */
export async function discoverUnder(
  paths: readonly string[],
  cwd: string,
  sinceMs: number,
  only?: ReadableKind,
): Promise<DiscoveredFile[]> {
  const roots = new Set<string>();
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    const st = await nodeFileAccess.stat(abs).catch(() => undefined);
    if (st) {
      roots.add(st.isDirectory ? abs : path.dirname(abs));
    }
  }
  const files: DiscoveredFile[] = [];
  for (const kind of TRANSCRIPT_KINDS) {
    if (roots.size > 0 && (!only || only.id === kind.id)) {
      for (const f of await kind.discover(nodeFileAccess, [...roots], sinceMs)) {
        files.push({ path: f.path, kind, sessionIdFromName: f.sessionIdFromName });
      }
    }
  }
  return files;
}

/**
 * The parse worker's script (src/host/node/parseWorker.ts built): dist/parseWorker.js beside the CLI's bundle, or
 * out/src/host/node/parseWorker.js beside the compiled sources; undefined when there is none (then lines are parsed on
 * the CLI's thread).
 */
export function parseWorkerScript(): string | undefined {
  return [path.join(__dirname, 'parseWorker.js'), path.join(__dirname, '..', 'host', 'node', 'parseWorker.js')].find((p) =>
    fs.existsSync(p),
  );
}

/** What one read of one file did. */
export interface FileReadResult {
  file: string;
  /** The kind used; undefined when no kind claims the file (it was not read). */
  kind?: string;
  events: number;
  /** Lines (or, for a document, the whole file) skipped as unreadable; counted in the session's health. */
  skipped: number;
  sessionIds: string[];
  /** Set when the file could not be read at all (I/O error, too big). */
  error?: string;
}

/**
 * Reads files into an engine, remembering each file's kind. How far each file was read (bytes for lines, events for
 * documents) is kept by the core readers in the store's file state, so a scan with `--store` resumes where the last one
 * stopped.
 */
export class FileIngestor {
  private readonly tailer: Tailer;
  private readonly kinds = new Map<string, ReadableKind>();
  private readonly documents: DocumentReader;
  private readonly fallbackIds = new Map<string, string>();
  private readonly names = new Map<string, { kind: string; id: string }>();
  private readonly prefetcher: PrefetchingLineParser | undefined;
  /** Prefetches under way, by file: a read of the file waits for its prefetch, so it finds the stream started. */
  private readonly prefetching = new Map<string, Promise<void>>();
  private readonly chunkBytes: number;

  /**
   * @param forced the `--format` kind, used for every file; otherwise each file's kind comes from the registry.
   * @param options.sliceMs the tailer's time slice (ms; default the tailer's, as in the extension): how long a read holds
   *   the thread before it yields. Each slice's events are one ingest batch (one transaction), so a one-shot `scan`,
   *   which has nothing else to serve, reads faster with longer slices.
   * @param options.chunkBytes bytes read per chunk (default the tailer's, 256 KiB). Each chunk ends a slice (an ingest
   *   batch, the file's progress saved): larger chunks mean fewer commits.
   * @param options.parser reads and parses the lines of non-live reads elsewhere (the parse worker, {@link parseWorkerScript});
   *   this thread then only ingests their events. Default: parsed on this thread. {@link prefetch} starts a read on it early.
   */
  constructor(
    private readonly engine: Engine,
    private readonly forced?: ReadableKind,
    options: { sliceMs?: number; chunkBytes?: number; parser?: LineParser } = {},
  ) {
    const yieldControl = () => new Promise<void>((r) => setImmediate(r));
    this.chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    this.prefetcher = options.parser ? new PrefetchingLineParser(options.parser) : undefined;
    this.tailer = new Tailer(nodeFileAccess, engine, {
      yieldControl,
      sliceMs: options.sliceMs,
      chunkBytes: this.chunkBytes,
      parser: this.prefetcher,
    });
    this.documents = new DocumentReader(nodeFileAccess, engine, { yieldControl, sql: loadSqlJs });
  }

  /** True when the kind of `file` is known (forced, hinted or recognised before). */
  knows(file: string): boolean {
    return !!this.forced || this.kinds.has(file);
  }

  /** Tells the kind of a file (and its session id from the name) found by a kind's discovery under its default roots. */
  hint(file: DiscoveredFile): void {
    this.kinds.set(file.path, file.kind);
    this.fallbackIds.set(file.path, file.sessionIdFromName);
  }

  /**
   * Tells the session id a kind's discovery gives a file found under a path the user named ({@link discoverUnder}). Used
   * only when the file is read as that kind: its kind still comes from its path and content, as without the hint.
   */
  hintName(file: DiscoveredFile): void {
    this.names.set(file.path, { kind: file.kind.id, id: file.sessionIdFromName });
  }

  /** The session of `file`'s lines that name none, as `kind` names it. */
  private fallbackId(file: string, kind: ReadableKind): string {
    const named = this.names.get(file);
    return (
      this.fallbackIds.get(file) ??
      (named?.kind === kind.id ? named.id : undefined) ??
      kind.sessionIdFromPath?.(file) ??
      sessionIdFromFile(file)
    );
  }

  /** The kind of `file` (cached once known); undefined while no kind claims it (an empty file may be claimed later). */
  async kindOf(file: string): Promise<ReadableKind | undefined> {
    const known = this.forced ?? this.kinds.get(file);
    if (known) {
      return known;
    }
    const st = await nodeFileAccess.stat(file);
    if (!st || st.isDirectory) {
      return undefined;
    }
    const head = new TextDecoder('utf-8').decode(await nodeFileAccess.read(file, 0, Math.min(HEAD_BYTES, st.size)));
    const kind = kindForFile(file, head.replace(/^\uFEFF/, ''));
    if (kind) {
      this.kinds.set(file, kind);
    }
    return kind;
  }

  /**
   * Starts parsing the first chunk of the catch-up read {@link read} will make of `file` (`live` false) on the parser
   * given to the constructor, while another file is ingested: the same request the tailer will make (from the stored
   * offset and session, to the file's current size), which it takes over only if it asks for exactly that. Nothing
   * without a parser, for document kinds, or for a file with nothing new. Never throws.
   */
  prefetch(file: string): Promise<void> {
    const p = this.startPrefetch(file);
    this.prefetching.set(file, p);
    return p;
  }

  /** Reads that took over a stream {@link prefetch} started. */
  get prefetchedReads(): number {
    return this.prefetcher?.taken ?? 0;
  }

  private async startPrefetch(file: string): Promise<void> {
    try {
      const kind = this.prefetcher ? await this.kindOf(file) : undefined;
      if (!this.prefetcher || !kind || kind.reader !== 'lines') {
        return;
      }
      const st = await nodeFileAccess.stat(file);
      const state = this.engine.fileState(file);
      const offset = st && st.size >= (state?.offset ?? 0) ? (state?.offset ?? 0) : 0;
      if (st && !st.isDirectory && st.size > offset) {
        const sessionId = state?.sessionId ?? this.fallbackId(file, kind);
        this.prefetcher.prefetch({ path: file, format: kind.format, offset, end: st.size, sessionId, chunkBytes: this.chunkBytes });
      }
    } catch {
      // the read itself will say what is wrong with the file
    }
  }

  /** Closes what {@link prefetch} started and no read took. */
  dispose(): void {
    this.prefetcher?.dispose();
  }

  /** Reads what is new in `file` and ingests it. `live` false while replaying existing content. Never throws. */
  async read(file: string, live: boolean): Promise<FileReadResult> {
    const result: FileReadResult = { file, events: 0, skipped: 0, sessionIds: [] };
    try {
      const prefetching = this.prefetching.get(file);
      if (prefetching) {
        this.prefetching.delete(file);
        await prefetching;
      }
      const kind = await this.kindOf(file);
      if (!kind) {
        return result;
      }
      result.kind = kind.id;
      if (kind.reader === 'lines') {
        const r = await this.tailer.read(file, live ? liveFormat(kind.format) : kind.format, this.fallbackId(file, kind), live);
        return { ...result, events: r.events, skipped: r.skipped, sessionIds: r.sessionIds };
      }
      return { ...result, ...(await this.readDocument(file, kind.format, this.fallbackId(file, kind), live)) };
    } catch (e) {
      return { ...result, error: e instanceof Error ? e.message : String(e) };
    }
  }

  /**
   * A document kind goes through the core {@link DocumentReader}, as in the extension: parsed again only when its size or
   * mtime changed, bounded by its size limit, only the events after those already ingested fed (the count kept in the
   * store's file state), a document rewritten shorter followed from its new end. Over the size limit (not parsed) is an
   * error of the file; content that does not parse is one skipped read of the session, as a bad line is.
   */
  private async readDocument(file: string, format: DocumentFormat, fallbackId: string, live: boolean): Promise<Partial<FileReadResult>> {
    const r = await this.documents.read(file, format, fallbackId, live);
    if (r.gone) {
      return {};
    }
    const skipped = r.error ? 1 : 0;
    return { events: r.events, skipped, sessionIds: r.sessionIds, ...(r.error && !r.parsed ? { error: r.error } : {}) };
  }
}
