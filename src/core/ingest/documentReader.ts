/**
 * Reads transcript files that an agent rewrites whole (a JSON document saved after each message, e.g. Gemini CLI's
 * chat files): when the file's size or modification time changed since the last read, the whole file (bounded, default
 * 32 MiB) is parsed again by its {@link DocumentFormat}, and only the events after the ones already ingested are fed to
 * the engine. How many events of the file were ingested is kept in the store's file state (`offset` holds that count
 * for document files, `size`/`mtime` the file's at that read), so a restart of the extension host does not ingest them
 * twice. Pure module: file access through {@link FileAccess}.
 */
import type { IngestSink } from './sink';
import type { DocumentFormat } from './kinds';
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
  /** The session id the document belongs to. */
  sessionId: string;
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
}

/** Default largest document: 32 MiB. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 32 * 1024 * 1024;

/** Reads rewritten documents into an engine. One instance serves many files; reads of one file are serialized. */
export class DocumentReader {
  private readonly busy = new Map<string, Promise<DocumentReadResult>>();

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
    const result: DocumentReadResult = { events: 0, parsed: false, rewound: false, sessionId: state?.sessionId ?? fallbackId, gone: false };
    const st = await this.fs.stat(path);
    if (!st || st.isDirectory) {
      if (state) {
        this.engine.deleteFileState(path);
      }
      result.gone = !st;
      return result;
    }
    if (state && state.size === st.size && state.mtime === st.mtime) {
      return result;
    }
    const already = state?.offset ?? 0;
    const maxBytes = this.options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
    const fail = (error: string): DocumentReadResult => {
      this.engine.updateSession(result.sessionId, { agent: format.agent, file: path });
      this.engine.noteSkippedLines(result.sessionId, 1, error);
      // Remember size and mtime so the same bad content is not parsed (and counted) again on every poll.
      this.engine.setFileState({ path, sessionId: result.sessionId, offset: already, size: st.size, mtime: st.mtime });
      return { ...result, error };
    };
    if (st.size > maxBytes) {
      return fail(`${path} is ${st.size} bytes, over the ${maxBytes}-byte limit for documents; skipped`);
    }
    const text = await this.readText(path, st.size);
    result.parsed = true;
    const parsed = format.parseDocument(text, path, fallbackId);
    if (!parsed.ok) {
      return fail(parsed.error);
    }
    result.sessionId = parsed.sessionId;
    this.engine.updateSession(parsed.sessionId, { agent: format.agent, file: path, cwd: parsed.info.cwd, title: parsed.info.title });
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
