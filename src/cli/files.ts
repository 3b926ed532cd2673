/**
 * Files for `scan` and `watch`: expands the paths given on the command line (files, folders recursively), finds each
 * file's transcript kind in the registry (src/core/ingest/kinds.ts: by path, then by the first 4 KiB; or forced with
 * `--format <id>`), and ingests it into the engine: `lines` kinds through the incremental {@link Tailer} (a second read
 * takes only appended lines), `document` kinds parsed whole (a second read feeds only the events not ingested yet).
 * The pseudo-format `text` reads any file as a plain log: each line goes through the detector alone (classifyLine).
 */
import * as fsp from 'fs/promises';
import * as path from 'path';
import { classifyLine } from '../core/detection/detector';
import type { Engine } from '../core/engine/engine';
import { AgentEvent, AgentKind, clipText } from '../core/model/event';
import { DocumentFormat, RootContext, TRANSCRIPT_KINDS, kindForFile, transcriptKind } from '../core/ingest/kinds';
import { redactSecrets } from '../core/ingest/redact';
import { statusIn } from '../core/detection/status';
import { Tailer, TranscriptFormat } from '../core/ingest/tailer';
import { nodeFileAccess } from '../host/node/nodeFileAccess';

/** What the CLI needs of a transcript kind: how to read its files. */
export type ReadableKind = { id: string; agent: AgentKind; label: string } & ({ reader: 'lines'; format: TranscriptFormat } | { reader: 'document'; format: DocumentFormat });

/** Id of the plain-log pseudo-format (`--format text`). */
export const TEXT_FORMAT_ID = 'text';

/**
 * Plain text logs, any agent: a line the detector classifies (see classifyLine) becomes an `error` event of the session
 * named after the file; every other line is read and dropped. Lines carry no timestamp, so events get the clock's time.
 */
export const textLogKind: ReadableKind = {
  id: TEXT_FORMAT_ID,
  agent: 'generic',
  label: 'Plain text log (each line through the detector)',
  reader: 'lines',
  format: {
    agent: 'generic',
    parseLine(line, origin, fallbackSessionId) {
      if (!classifyLine(line)) {
        return { ok: true, events: [], info: {} };
      }
      const event: AgentEvent = { sessionId: fallbackSessionId, agent: 'generic', timestamp: 0, kind: 'error', rawLine: true, text: clipText(redactSecrets(line.trim())), httpStatus: statusIn(line), isError: true, origin };
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
/** Largest document-format file parsed whole (bytes); larger ones are skipped with an error (bounded memory). */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

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

/** A file found under a kind's default roots. */
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
export async function discoverDefaultRoots(ctx: RootContext, sinceMs: number, only?: ReadableKind): Promise<{ roots: { root: string; kind: ReadableKind }[]; files: DiscoveredFile[] }> {
  const roots: { root: string; kind: ReadableKind }[] = [];
  const files: DiscoveredFile[] = [];
  for (const kind of TRANSCRIPT_KINDS) {
    if (only && only.id !== kind.id) {
      continue;
    }
    const existing: string[] = [];
    for (const root of kind.defaultRoots(ctx)) {
      if (await nodeFileAccess.stat(root).catch(() => undefined)) {
        existing.push(root);
        roots.push({ root, kind });
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

/** Reads files into an engine, remembering each file's kind and, for documents, how many events were ingested. */
export class FileIngestor {
  private readonly tailer: Tailer;
  private readonly kinds = new Map<string, ReadableKind>();
  private readonly documentEvents = new Map<string, number>();
  private readonly fallbackIds = new Map<string, string>();

  /** @param forced the `--format` kind, used for every file; otherwise each file's kind comes from the registry. */
  constructor(
    private readonly engine: Engine,
    private readonly forced?: ReadableKind,
  ) {
    this.tailer = new Tailer(nodeFileAccess, engine, { yieldControl: () => new Promise((r) => setImmediate(r)) });
  }

  /** True when the kind of `file` is known (forced, hinted or recognised before). */
  knows(file: string): boolean {
    return !!this.forced || this.kinds.has(file);
  }

  /** Tells the kind of a file (and its session id from the name) found by a kind's discovery. */
  hint(file: DiscoveredFile): void {
    this.kinds.set(file.path, file.kind);
    this.fallbackIds.set(file.path, file.sessionIdFromName);
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

  /** Reads what is new in `file` and ingests it. `live` false while replaying existing content. Never throws. */
  async read(file: string, live: boolean): Promise<FileReadResult> {
    const result: FileReadResult = { file, events: 0, skipped: 0, sessionIds: [] };
    try {
      const kind = await this.kindOf(file);
      if (!kind) {
        return result;
      }
      result.kind = kind.id;
      if (kind.reader === 'lines') {
        const r = await this.tailer.read(file, kind.format, this.fallbackIds.get(file) ?? sessionIdFromFile(file), live);
        return { ...result, events: r.events, skipped: r.skipped, sessionIds: r.sessionIds };
      }
      return { ...result, ...(await this.readDocument(file, kind.agent, kind.format, live)) };
    } catch (e) {
      return { ...result, error: e instanceof Error ? e.message : String(e) };
    }
  }

  private async readDocument(file: string, agent: AgentKind, format: DocumentFormat, live: boolean): Promise<Partial<FileReadResult>> {
    const st = await fsp.stat(file);
    if (st.size > MAX_DOCUMENT_BYTES) {
      return { error: `${st.size} bytes, over the ${MAX_DOCUMENT_BYTES} byte limit for whole-document formats; skipped` };
    }
    const fallbackId = this.fallbackIds.get(file) ?? sessionIdFromFile(file);
    const parsed = format.parseDocument(await fsp.readFile(file, 'utf8'), file, fallbackId);
    if (!parsed.ok) {
      this.engine.updateSession(fallbackId, { agent, file });
      this.engine.noteSkippedLines(fallbackId, 1, `${path.basename(file)}: ${parsed.error}`);
      return { skipped: 1, sessionIds: [fallbackId] };
    }
    this.engine.updateSession(parsed.sessionId, { agent, file, cwd: parsed.info.cwd, title: parsed.info.title });
    const seen = this.documentEvents.get(file) ?? 0;
    // A document that shrank was rewritten from scratch: read it all again.
    const fresh = parsed.events.length >= seen ? parsed.events.slice(seen) : parsed.events;
    this.documentEvents.set(file, parsed.events.length);
    if (fresh.length > 0) {
      this.engine.ingest(fresh, { live });
    }
    return { events: fresh.length, sessionIds: [parsed.sessionId] };
  }
}
