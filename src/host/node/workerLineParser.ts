/**
 * A {@link LineParser} on a `node:worker_threads` worker (./parseWorker.ts): catch-up reads of the registered line
 * kinds are read and parsed there, one chunk ahead of the tailer, and only their events come back to the host's
 * thread. The worker starts on first use and stops after a while with nothing to parse; it never keeps the process
 * alive. If it fails (its script missing, a crash), the parser stops accepting formats and the tailer parses in-thread.
 */
import { Worker } from 'worker_threads';
import { TRANSCRIPT_KINDS } from '../../core/ingest/kinds';
import type { LineParser, ParseRequest, ParseStream, ParsedChunk, TranscriptFormat } from '../../core/ingest/lineParser';
import type { ParseMessage, ParseReply } from './parseProtocol';
import { restoreChunk } from './wireChunk';

/**
 * Chunks of a stream parsed ahead of the one being ingested (default of the `readAhead` option). Two: with one, the
 * 180 MB scan's two threads each waited about a second for the other (chunks slow to parse and quick to ingest, and the
 * other way round); each chunk held is at most the stream's `chunkBytes` of lines, parsed.
 */
export const READ_AHEAD_CHUNKS = 2;

type Waiter = { resolve: (c: ParsedChunk | undefined) => void; reject: (e: Error) => void };

/** The line parser of the Node hosts. Dispose it to stop its worker. */
export class WorkerLineParser implements LineParser {
  private worker: Worker | undefined;
  private failure: string | undefined;
  private nextId = 1;
  /** Requests sent and not answered, per stream, in order. */
  private readonly waiting = new Map<number, Waiter[]>();
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * @param script the worker's file (dist/parseWorker.js beside the bundle; parseWorker.js beside this file when compiled)
   * @param options.idleMs how long the worker stays with no stream open before it stops (ms; default 10,000)
   * @param options.onFailure told once when the worker fails (then lines are parsed on the host's thread)
   * @param options.readAhead chunks of a stream the worker parses ahead of the one being ingested (default
   *   {@link READ_AHEAD_CHUNKS}; at least 1)
   */
  constructor(
    private readonly script: string,
    private readonly options: { idleMs?: number; onFailure?: (reason: string) => void; readAhead?: number } = {},
  ) {}

  /** Why the worker failed, if it did. */
  get failed(): string | undefined {
    return this.failure;
  }

  accepts(format: TranscriptFormat): boolean {
    return this.failure === undefined && kindIdOf(format) !== undefined;
  }

  open(request: ParseRequest): ParseStream {
    const worker = this.start();
    const id = this.nextId++;
    const kindId = kindIdOf(request.format) ?? '';
    this.waiting.set(id, []);
    const { path, offset, end, sessionId, chunkBytes, maxLineBytes } = request;
    this.send(worker, { type: 'open', id, path, kindId, offset, end, sessionId, chunkBytes, maxLineBytes });
    const ask = (): Promise<ParsedChunk | undefined> => {
      const p = new Promise<ParsedChunk | undefined>((resolve, reject) => this.waiting.get(id)?.push({ resolve, reject }));
      p.catch(() => undefined); // a chunk asked ahead and never awaited (the read stopped) is not an unhandled rejection
      this.send(worker, { type: 'next', id });
      return p;
    };
    // Chunks asked for and not yet taken, oldest first: the worker parses up to `depth` chunks ahead of the one being
    // ingested, so a chunk slow to parse (long tool results) overlaps with chunks quick to parse, and this thread rarely
    // waits. Asking past the end costs nothing: the worker answers undefined.
    const depth = Math.max(1, this.options.readAhead ?? READ_AHEAD_CHUNKS);
    const ahead: Promise<ParsedChunk | undefined>[] = [];
    for (let i = 0; i < depth; i++) {
      ahead.push(ask());
    }
    let closed = false;
    let ended = false;
    return {
      next: async () => {
        if (closed || ended) {
          return undefined;
        }
        const chunk = await ahead.shift();
        if (chunk) {
          restoreChunk(chunk, path);
        }
        if (!chunk || chunk.end >= end) {
          ended = true; // the chunks still asked for answer undefined; close() forgets them
        } else {
          ahead.push(ask());
        }
        return chunk;
      },
      close: () => {
        if (closed) {
          return;
        }
        closed = true;
        for (const w of this.waiting.get(id) ?? []) {
          w.resolve(undefined);
        }
        this.waiting.delete(id);
        if (this.worker === worker) {
          this.send(worker, { type: 'close', id });
        }
        this.idleCheck();
      },
    };
  }

  /**
   * Starts the worker now, so that it boots while this thread does other work (a scan opens its store meanwhile); it
   * stops after the idle time if no stream is opened. Nothing once the worker has failed.
   */
  warm(): void {
    if (this.failure === undefined) {
      this.start();
      this.idleCheck();
    }
  }

  /** Stops the worker (a later read starts it again). */
  dispose(): void {
    this.stop(new Error('the parse worker was stopped'));
  }

  private start(): Worker {
    clearTimeout(this.idleTimer);
    if (this.worker) {
      return this.worker;
    }
    const worker = new Worker(this.script);
    worker.unref();
    worker.on('message', (reply: ParseReply) => {
      const w = this.waiting.get(reply.id)?.shift();
      if (reply.error !== undefined) {
        w?.reject(new Error(`parse worker: ${reply.error}`));
      } else {
        w?.resolve(reply.chunk);
      }
    });
    worker.on('error', (e) => this.fail(worker, e instanceof Error ? e.message : String(e)));
    worker.on('exit', (code) => this.fail(worker, `exited with code ${code}`));
    this.worker = worker;
    return worker;
  }

  private send(worker: Worker, m: ParseMessage): void {
    worker.postMessage(m);
  }

  /** The worker failed: answer every waiting request with the error, and parse on the host's thread from now on. */
  private fail(worker: Worker, reason: string): void {
    if (this.worker !== worker) {
      return;
    }
    if (this.failure === undefined) {
      this.failure = reason;
      this.options.onFailure?.(reason);
    }
    this.stop(new Error(`parse worker failed: ${reason}`));
  }

  private stop(error: Error): void {
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = undefined;
    for (const list of this.waiting.values()) {
      for (const w of list) {
        w.reject(error);
      }
    }
    this.waiting.clear();
    void worker?.terminate();
  }

  /** Stops the worker once no stream has been open for the idle time. */
  private idleCheck(): void {
    if (this.waiting.size > 0 || !this.worker) {
      return;
    }
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.waiting.size === 0) {
        this.stop(new Error('idle'));
      }
    }, this.options.idleMs ?? 10_000);
    this.idleTimer.unref?.();
  }
}

/** The id of the registered line kind whose format this is (undefined for another format, e.g. a live wrapper). */
function kindIdOf(format: TranscriptFormat): string | undefined {
  return TRANSCRIPT_KINDS.find((k) => k.reader === 'lines' && k.format === format)?.id;
}
