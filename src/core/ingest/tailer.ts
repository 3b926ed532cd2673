/**
 * Incremental transcript tailing: reads only what was appended since the stored byte offset, in bounded chunks,
 * handles truncation (the file shrank: start over), deletion, a half-written last line (left for the next read) and
 * oversized lines (skipped and counted), and feeds parsed events to the engine. File access arrives through
 * {@link FileAccess}, so this runs on Node fs, on `vscode.workspace.fs`, or on an in-memory fake. Pure module.
 */
import type { AgentEvent } from '../model/event';
import type { IngestSink } from './sink';
import { LineAssembler } from './lineAssembler';
import { LineParser, ParsedChunk, TranscriptFormat, sessionAfter } from './lineParser';
import { Slots, TurnBudget } from './turnBudget';

export type { ChunkLine, LineParser, LineResult, ParseRequest, ParseStream, ParsedChunk, TranscriptFormat } from './lineParser';
export { sessionAfter } from './lineParser';

/** What a tailer needs of a file system. Paths are absolute, in the host's form. */
export interface FileAccess {
  /** Size (bytes) and modification time (epoch ms), or undefined when the file does not exist. */
  stat(path: string): Promise<{ size: number; mtime: number; isDirectory: boolean } | undefined>;
  /** Reads up to `length` bytes at `offset`. Returns fewer at the end of the file. */
  read(path: string, offset: number, length: number): Promise<Uint8Array>;
  /** Names of the entries of a folder ([] when it does not exist). */
  list(path: string): Promise<string[]>;
  /** Joins path segments with the host's separator. */
  join(...parts: string[]): string;
}

/** What one read of a file did. */
export interface TailResult {
  /** Bytes consumed (complete lines). */
  bytes: number;
  lines: number;
  events: number;
  /** Lines skipped because they did not parse or were too long. */
  skipped: number;
  /** True when the file had shrunk and was read again from the start. */
  truncated: boolean;
  /** Session ids the file's lines belong to. */
  sessionIds: string[];
  /** True when the file no longer exists (its stored offset was dropped). */
  gone: boolean;
}

/** Options of the tailer. */
export interface TailerOptions {
  /** Bytes read per chunk (default 256 KiB: its lines are decoded in one piece of work). */
  chunkBytes?: number;
  /** Longest line kept, bytes (default 8 MiB). */
  maxLineBytes?: number;
  /** Called between chunks so a long catch-up read does not block the host; default: a resolved promise. */
  yieldControl?: () => Promise<void>;
  /**
   * Time (ms) the thread is held at most per turn of the event loop, as far as it can be foreseen, by all the reads of
   * this tailer together (one {@link TurnBudget}): a chunk's lines are read until the time spent plus the time their
   * events will take to ingest (estimated from the batches before) reaches it; then the events are ingested, in
   * batches sized to what is left of the slice (at most {@link MAX_BATCH_EVENTS}; control is yielded between two
   * batches once it is spent, so one slow batch does not hold the thread for the rest), progress is saved and control
   * is yielded (default 20).
   */
  sliceMs?: number;
  /** Clock for {@link sliceMs} (ms; default `Date.now`). */
  now?: () => number;
  /**
   * Files caught up on at once (default 2); reads of more files wait their turn, so few chunks are held in memory at a
   * time. Live reads (what was just appended) do not wait.
   */
  parallelFiles?: number;
  /**
   * Reads and parses the lines of catch-up reads (not live ones) elsewhere, for the formats it accepts; this thread then
   * only ingests their events. Default: every line is parsed here.
   */
  parser?: LineParser;
  /**
   * Catch-up reads (not live ones) ingest nothing until this settles, fulfilled or rejected; their reads and parses go
   * ahead. The extension passes the move of a store opened from its file into WebAssembly memory
   * (src/core/store/resident.ts): a catch-up that wrote past the end of the store's file meanwhile would make sql.js
   * copy the whole file, holding the thread for as long as the move takes in all.
   */
  storeReady?: PromiseLike<unknown>;
}

/** Lines read between two looks at the clock. */
const LINES_PER_CLOCK_CHECK = 8;

/** Floor of the ms-per-event estimate, so a run of cheap events never makes one batch the whole slice's events. */
const MIN_MS_PER_EVENT = 0.01;

/** Most events ingested in one batch (one transaction), however cheap the estimate says they are. */
export const MAX_BATCH_EVENTS = 256;

/**
 * Tails transcript files into an engine. One instance serves many files; reads of one file are serialized, reads of
 * different files share one time budget per turn of the event loop and at most {@link TailerOptions.parallelFiles}
 * run at once.
 */
export class Tailer {
  private readonly busy = new Map<string, Promise<TailResult>>();
  private readonly again = new Set<string>();
  /**
   * How long the engine took to ingest one event (ms), a moving average over the batches so far. It starts high: the
   * first batches run cold (code not yet optimized, statements prepared on first use; the first 20 events of a catch-up
   * took 25 ms), so they are kept small until the average has seen what events cost.
   */
  private msPerEvent = 4;
  private readonly budget: TurnBudget;
  private readonly slots: Slots;

  constructor(
    private readonly fs: FileAccess,
    private readonly engine: IngestSink,
    private readonly options: TailerOptions = {},
  ) {
    const yieldControl = options.yieldControl ?? (() => Promise.resolve());
    this.budget = new TurnBudget(options.sliceMs ?? 20, options.now ?? (() => Date.now()), yieldControl);
    this.slots = new Slots(options.parallelFiles ?? 2);
  }

  /**
   * Reads what was appended to `path` since the last read and ingests it. Concurrent calls for one file are merged:
   * a call made while a read is running schedules one more read after it.
   * @param live false while catching up at startup (no notifications for old lines)
   */
  read(path: string, format: TranscriptFormat, sessionIdFromName: string, live: boolean): Promise<TailResult> {
    const running = this.busy.get(path);
    if (running) {
      this.again.add(path);
      return running;
    }
    const p = this.readNow(path, format, sessionIdFromName, live).finally(() => {
      this.busy.delete(path);
      if (this.again.delete(path)) {
        void this.read(path, format, sessionIdFromName, live);
      }
    });
    this.busy.set(path, p);
    return p;
  }

  private async readNow(path: string, format: TranscriptFormat, fallbackId: string, live: boolean): Promise<TailResult> {
    if (live) {
      // A live read takes what was just appended: it never waits behind a catch-up's files.
      return this.readFile(path, format, fallbackId, live);
    }
    await this.slots.acquire();
    try {
      return await this.readFile(path, format, fallbackId, live);
    } finally {
      this.slots.release();
    }
  }

  private async readFile(path: string, format: TranscriptFormat, fallbackId: string, live: boolean): Promise<TailResult> {
    const result: TailResult = { bytes: 0, lines: 0, events: 0, skipped: 0, truncated: false, sessionIds: [], gone: false };
    const st = await this.fs.stat(path);
    const state = this.engine.fileState(path);
    if (!st || st.isDirectory) {
      if (state) {
        this.engine.deleteFileState(path);
      }
      result.gone = !st;
      return result;
    }
    let offset = state?.offset ?? 0;
    if (st.size < offset) {
      // Truncated or replaced: read the new content from the start.
      offset = 0;
      result.truncated = true;
    }
    if (st.size === offset) {
      return result;
    }
    const chunkBytes = this.options.chunkBytes ?? 256 * 1024;
    const budget = this.budget;
    const sessions = new Set<string>();
    let sessionId = state?.sessionId ?? fallbackId;
    const parser = this.options.parser;
    let stream =
      !live && parser?.accepts(format)
        ? parser.open({ path, format, offset, end: st.size, sessionId, chunkBytes, maxLineBytes: this.options.maxLineBytes })
        : undefined;
    let assembler = new LineAssembler(offset, this.options.maxLineBytes);
    let pos = offset;
    let consumed = offset;
    /** The next chunk's lines, parsed elsewhere or to be parsed here; undefined at the end. */
    const nextChunk = async (): Promise<ParsedChunk | undefined> => {
      if (stream) {
        try {
          return await stream.next();
        } catch {
          // The parser failed: go on here from the end of the last chunk ingested (nothing after it was).
          stream = undefined;
          pos = consumed;
          assembler = new LineAssembler(consumed, this.options.maxLineBytes);
        }
      }
      const bytes = await this.fs.read(path, pos, Math.min(chunkBytes, st.size - pos));
      if (bytes.length === 0) {
        return undefined;
      }
      if (budget.room() <= 0) {
        await budget.pause();
      }
      return { ...assembler.push(bytes), consumedOffset: assembler.consumedOffset, end: pos + bytes.length };
    };
    try {
      while (pos < st.size) {
        const chunk = await nextChunk();
        if (!chunk) {
          break;
        }
        pos = chunk.end;
        const file = { path, format, live, sessionId, size: st.size, mtime: st.mtime, sessions, result };
        ({ consumed, sessionId } = await this.ingestChunk(chunk, file));
      }
    } finally {
      stream?.close();
    }
    result.bytes = consumed - offset;
    sessions.add(sessionId);
    result.sessionIds = [...sessions];
    return result;
  }

  /**
   * Ingests one chunk's lines in slices of the turn budget, saving progress after each slice. Returns the offset after
   * the chunk's last complete line and the session its lines ended in.
   */
  private async ingestChunk(
    chunk: ParsedChunk,
    read: {
      path: string;
      format: TranscriptFormat;
      live: boolean;
      sessionId: string;
      size: number;
      mtime: number;
      sessions: Set<string>;
      result: TailResult;
    },
  ): Promise<{ consumed: number; sessionId: string }> {
    const { path, format, live, sessions, result } = read;
    if (!live && this.options.storeReady) {
      await Promise.resolve(this.options.storeReady).catch(() => undefined);
    }
    const budget = this.budget;
    const now = this.options.now ?? (() => Date.now());
    let sessionId = read.sessionId;
    const { lines, oversized } = chunk;
    let events: AgentEvent[] = [];
    // What each session was last told in this slice (cwd and title). Nearly every line of a transcript repeats them,
    // and telling the engine the same again changes nothing, nor does a line that names only an existing session
    // (no events are ingested, nothing else writes, while the slice's lines are read).
    let told = new Map<string, string>();
    let skipped = 0;
    let lastError = '';
    /** Ingests what the lines read so far gave, saves progress at `offset` (the next unread byte) and yields. */
    const slice = async (offset: number): Promise<void> => {
      for (let k = 0; k < events.length;) {
        const room = budget.room();
        if (room <= 0) {
          // The slice is spent and events are left: yield before the next batch (progress is saved once all are in).
          await budget.pause();
          continue;
        }
        const batch = events.slice(k, k + Math.min(MAX_BATCH_EVENTS, Math.max(1, Math.floor(room / this.msPerEvent))));
        const t = now();
        this.engine.ingest(batch, { live });
        k += batch.length;
        this.msPerEvent = Math.max(MIN_MS_PER_EVENT, 0.7 * this.msPerEvent + (0.3 * (now() - t)) / batch.length);
      }
      result.events += events.length;
      if (skipped > 0) {
        this.engine.updateSession(sessionId, { agent: format.agent, file: path });
        this.engine.noteSkippedLines(sessionId, skipped, lastError);
        result.skipped += skipped;
      }
      // Progress is saved after each slice: a crash or reload resumes here, without reading these lines twice.
      this.engine.setFileState({ path, sessionId, offset, size: read.size, mtime: read.mtime });
      events = [];
      told = new Map();
      skipped = 0;
      lastError = '';
      await budget.pause();
    };
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (i > 0 && i % LINES_PER_CLOCK_CHECK === 0 && events.length * this.msPerEvent >= budget.room()) {
        // The lines before this one are read: the slice ends where this line starts.
        await slice(line.offset);
      }
      result.lines++;
      const parsed =
        line.parsed ?? (line.text?.trim() ? format.parseLine(line.text, { file: path, offset: line.offset }, sessionId) : undefined);
      if (!parsed) {
        continue;
      }
      if (!parsed.ok) {
        skipped++;
        lastError = `line at byte ${line.offset}: ${parsed.error}`;
        continue;
      }
      sessionId = sessionAfter(sessionId, parsed);
      if (parsed.info.sessionId || parsed.info.cwd || parsed.info.title) {
        const id = parsed.info.sessionId ?? sessionId;
        const facts = `${parsed.info.cwd ?? ''}\u0000${parsed.info.title ?? ''}`;
        const last = told.get(id);
        if (last === undefined || (facts !== '\u0000' && facts !== last)) {
          told.set(id, facts);
          this.engine.updateSession(id, { agent: format.agent, file: path, cwd: parsed.info.cwd, title: parsed.info.title });
        }
      }
      for (const e of parsed.events) {
        sessions.add(e.sessionId);
        events.push(e);
      }
    }
    for (const o of oversized) {
      skipped++;
      lastError = `line at byte ${o.offset} is ${o.bytes} bytes, over the limit; skipped`;
    }
    await slice(chunk.consumedOffset);
    return { consumed: chunk.consumedOffset, sessionId };
  }
}
