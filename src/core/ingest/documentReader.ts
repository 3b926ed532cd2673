/**
 * Reads transcript files that an agent rewrites whole (a JSON document saved after each message, e.g. Gemini CLI's
 * chat files): when the file's size or modification time changed since the last read, the whole file (bounded, default
 * 32 MiB) is parsed again by its {@link DocumentFormat}, and only the events after the ones already ingested are fed to
 * the engine. How many events of the file were ingested is kept in the store's file state (`offset` holds that count
 * for document files, `size`/`mtime` the file's at that read), so a restart of the extension host does not ingest them
 * twice. Pure module: file access through {@link FileAccess}.
 *
 * A binary document (a format with `binary`, e.g. opencode's SQLite database) is read the same way from its bytes: the
 * file and its companions (`-wal`) are copied into memory (read-only: nothing is ever written, a database caught while it
 * is written gives its last committed state or a parse error, read again at its next change), their sizes and times
 * together are the document's, the whole copy is bounded (default 128 MiB) and parsed at most once per
 * `binaryIntervalMs` (default 1500 ms; a change seen sooner is read by a later poll), with the sql.js module the reader
 * was given.
 */
import type { SqlJsStatic } from 'sql.js';
import type { IngestSink } from './sink';
import type { DocumentFormat } from './kinds';
import type { BinaryDocument, BinaryParser, DocumentResult } from './transcriptKind';
import type { FileAccess } from './tailer';

/** What one read of a document did. */
export interface DocumentReadResult {
  /** Events ingested by this read (the new ones only). */
  events: number;
  /** True when the file was parsed (its size or mtime had changed). */
  parsed: boolean;
  /** Set when the file could not be parsed or was over the size limit; the session's health counts it as one skipped read. */
  error?: string;
  /** True when the document now holds fewer events than were ingested (the agent rewrote it shorter, e.g. after a compression): nothing is ingested, the count restarts from the new length. */
  rewound: boolean;
  /** The session id the document belongs to (for a document of many sessions, that of its latest event). */
  sessionId: string;
  /** Every session the document's events belong to (one for a single-session document). */
  sessionIds: string[];
  /** True when the file no longer exists (its file state was dropped). */
  gone: boolean;
}

/** Options of the reader. */
export interface DocumentReaderOptions {
  /** Largest document parsed, bytes (default 32 MiB). A larger file is skipped and counted as an error. */
  maxBytes?: number;
  /** Bytes read per chunk (default 1 MiB). */
  chunkBytes?: number;
  /** Called between chunks so a big read does not block the host; default: a resolved promise. */
  yieldControl?: () => Promise<void>;
  /** The sql.js module binary documents are opened with; without it a binary document is an error of its file. */
  sql?: () => Promise<SqlJsStatic>;
  /** Largest binary document with its companions together, bytes (default 128 MiB). */
  maxBinaryBytes?: number;
  /** Least time between two parses of one binary document, ms (default 1500). */
  binaryIntervalMs?: number;
  /** The clock for `binaryIntervalMs` (epoch ms; default Date.now). */
  now?: () => number;
}

/** Default largest document: 32 MiB. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;

/** Default largest binary document (a database with its WAL): 128 MiB. Its parse holds about three copies in memory. */
export const DEFAULT_MAX_BINARY_BYTES = 128 * 1024 * 1024;

/** Default least time between two parses of one binary document: 1500 ms. */
export const DEFAULT_BINARY_INTERVAL_MS = 1500;

/** The size (sum) and modification time (latest) of a file and its companions that exist. */
interface Signature {
  size: number;
  mtime: number;
  /** The size of each file read, the document's first. */
  sizes: number[];
}

/** Reads rewritten documents into an engine. One instance serves many files; reads of one file are serialized. */
export class DocumentReader {
  private readonly busy = new Map<string, Promise<DocumentReadResult>>();
  /** When each binary document was last parsed (epoch ms). */
  private readonly lastBinaryParse = new Map<string, number>();

  constructor(
    private readonly fs: FileAccess,
    private readonly engine: IngestSink,
    private readonly options: DocumentReaderOptions = {},
  ) {}

  /**
   * Parses `path` again if it changed and ingests the events it did not ingest yet. Never throws for bad content (it is
   * reported in the result and in the session's health); rejects only when the file system fails.
   * @param live false while catching up at startup (no notifications for old events)
   */
  async read(path: string, format: DocumentFormat, fallbackSessionId: string, live: boolean): Promise<DocumentReadResult> {
    const running = this.busy.get(path);
    if (running) {
      await running.catch(() => undefined);
    }
    const p = this.readNow(path, format, fallbackSessionId, live).finally(() => {
      if (this.busy.get(path) === p) {
        this.busy.delete(path);
      }
    });
    this.busy.set(path, p);
    return p;
  }

  private async readNow(path: string, format: DocumentFormat, fallbackId: string, live: boolean): Promise<DocumentReadResult> {
    const state = this.engine.fileState(path);
    const sessionId = state?.sessionId ?? fallbackId;
    const result: DocumentReadResult = { events: 0, parsed: false, rewound: false, sessionId, sessionIds: [sessionId], gone: false };
    const binary = format.binary;
    const file = await this.fs.stat(path);
    if (!file || file.isDirectory) {
      if (state) {
        this.engine.deleteFileState(path);
      }
      this.lastBinaryParse.delete(path);
      result.gone = !file;
      return result;
    }
    const st = binary
      ? await this.signature(path, file.size, file.mtime, binary)
      : { size: file.size, mtime: file.mtime, sizes: [file.size] };
    if (state && state.size === st.size && state.mtime === st.mtime) {
      return result;
    }
    if (binary) {
      const now = (this.options.now ?? Date.now)();
      const last = this.lastBinaryParse.get(path);
      if (last !== undefined && now - last < (this.options.binaryIntervalMs ?? DEFAULT_BINARY_INTERVAL_MS)) {
        return result;
      }
      this.lastBinaryParse.set(path, now);
    }
    const already = state?.offset ?? 0;
    const maxBytes = binary
      ? (this.options.maxBinaryBytes ?? DEFAULT_MAX_BINARY_BYTES)
      : (this.options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES);
    const fail = (error: string): DocumentReadResult => {
      this.engine.updateSession(result.sessionId, { agent: format.agent, file: path });
      this.engine.noteSkippedLines(result.sessionId, 1, error);
      // Remember size and mtime so the same bad content is not parsed (and counted) again on every poll.
      this.engine.setFileState({ path, sessionId: result.sessionId, offset: already, size: st.size, mtime: st.mtime });
      return { ...result, error };
    };
    if (st.size > maxBytes) {
      const what = binary ? ' with its companion files' : '';
      return fail(`${path} is ${st.size} bytes${what}, over the ${maxBytes}-byte limit for documents; skipped`);
    }
    let parsed: DocumentResult;
    if (binary) {
      const sql = await this.options.sql?.();
      if (!sql) {
        return fail(`${path} is a database and this reader has no SQLite module to open it; skipped`);
      }
      const doc = await this.readBinary(path, st.sizes, binary);
      result.parsed = true;
      parsed = binary.parse(doc, path, fallbackId, sql);
    } else {
      const text = await this.readText(path, st.size);
      result.parsed = true;
      parsed = format.parseDocument(text, path, fallbackId);
    }
    if (!parsed.ok) {
      return fail(parsed.error);
    }
    result.sessionId = parsed.sessionId;
    const sessions = parsed.sessions ?? [{ id: parsed.sessionId, ...parsed.info }];
    result.sessionIds = sessions.length > 0 ? sessions.map((x) => x.id) : [parsed.sessionId];
    for (const x of sessions) {
      this.engine.updateSession(x.id, { agent: format.agent, file: path, cwd: x.cwd, title: x.title });
    }
    let count = already;
    if (parsed.events.length < already) {
      result.rewound = true;
      count = parsed.events.length;
    } else if (parsed.events.length > already) {
      const fresh = parsed.events.slice(already);
      this.engine.ingest(fresh, { live });
      result.events = fresh.length;
      count = parsed.events.length;
    }
    this.engine.setFileState({ path, sessionId: parsed.sessionId, offset: count, size: st.size, mtime: st.mtime });
    return result;
  }

  /** The size and time of a binary document with its companions that exist (a companion that vanished counts as 0 bytes). */
  private async signature(path: string, size: number, mtime: number, binary: BinaryParser): Promise<Signature> {
    const sig: Signature = { size, mtime, sizes: [size] };
    for (const suffix of binary.companions) {
      const st = await this.fs.stat(path + suffix).catch(() => undefined);
      const n = st && !st.isDirectory ? st.size : 0;
      sig.sizes.push(n);
      sig.size += n;
      sig.mtime = Math.max(sig.mtime, st && !st.isDirectory ? st.mtime : 0);
    }
    return sig;
  }

  /** Copies a binary document and its companions (at most the sizes just seen: bytes written meanwhile wait for the next read). */
  private async readBinary(path: string, sizes: readonly number[], binary: BinaryParser): Promise<BinaryDocument> {
    const bytes = await this.readBytes(path, sizes[0]);
    const companions: Record<string, Uint8Array | undefined> = {};
    for (const [i, suffix] of binary.companions.entries()) {
      companions[suffix] = sizes[i + 1] > 0 ? await this.readBytes(path + suffix, sizes[i + 1]) : undefined;
    }
    return { bytes, companions };
  }

  /** The file's first `size` bytes (fewer when it shrank meanwhile), in chunks with a yield between them. */
  private async readBytes(path: string, size: number): Promise<Uint8Array> {
    const chunkBytes = this.options.chunkBytes ?? 1024 * 1024;
    const out = new Uint8Array(size);
    let pos = 0;
    while (pos < size) {
      const chunk = await this.fs.read(path, pos, Math.min(chunkBytes, size - pos)).catch(() => new Uint8Array(0));
      if (chunk.length === 0) {
        break;
      }
      out.set(chunk.subarray(0, size - pos), pos);
      pos += Math.min(chunk.length, size - pos);
      await (this.options.yieldControl?.() ?? Promise.resolve());
    }
    return pos === size ? out : out.slice(0, pos);
  }

  /** The file's first `size` bytes as UTF-8 text (a BOM is dropped). */
  private async readText(path: string, size: number): Promise<string> {
    const chunkBytes = this.options.chunkBytes ?? 1024 * 1024;
    const decoder = new TextDecoder('utf-8');
    let text = '';
    let pos = 0;
    while (pos < size) {
      const chunk = await this.fs.read(path, pos, Math.min(chunkBytes, size - pos));
      if (chunk.length === 0) {
        break;
      }
      pos += chunk.length;
      text += decoder.decode(chunk, { stream: true });
      await (this.options.yieldControl?.() ?? Promise.resolve());
    }
    text += decoder.decode();
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
}
