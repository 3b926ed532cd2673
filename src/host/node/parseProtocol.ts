/** The messages between {@link WorkerLineParser} (the host) and its parse worker (./parseWorker.ts). */
import type { ParsedChunk } from '../../core/ingest/lineParser';

/** Host to worker: open a stream of `path` from `offset` (a line start) to `end` (bytes), parse its next chunk, or close it. */
export type ParseMessage =
  | {
      type: 'open';
      id: number;
      path: string;
      /** The registered kind whose line format parses the file (src/core/ingest/kinds.ts). */
      kindId: string;
      offset: number;
      end: number;
      /** The session of lines that name none, at `offset`. */
      sessionId: string;
      chunkBytes: number;
      maxLineBytes?: number;
    }
  | { type: 'next'; id: number }
  | { type: 'close'; id: number };

/** Worker to host, one per `next`: the chunk (undefined at the end), or why the stream failed. */
export type ParseReply =
  { id: number; chunk: ParsedChunk | undefined; error?: undefined } | { id: number; error: string; chunk?: undefined };
