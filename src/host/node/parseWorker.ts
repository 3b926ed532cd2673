/**
 * The parse worker (a `node:worker_threads` worker; webpack entry dist/parseWorker.js): reads transcript files and
 * parses their lines off the extension host's thread for {@link WorkerLineParser}, one chunk per request, with the
 * registered kinds' own parsers ({@link ChunkParser}), so the host only ingests the events. Each `error` and failed
 * `tool_result` event carries the built-in detector's verdict (`detected`, {@link precomputeDetection}), so the host
 * does not run the detector on it again.
 *
 * Messages in: `{ type: 'open', id, path, kindId, offset, end, sessionId, chunkBytes, maxLineBytes }`, `{ type: 'next', id }`
 * (parse the stream's next chunk), `{ type: 'close', id }`. Out, one per `next`: `{ id, chunk }` (a {@link ParsedChunk}
 * as ./wireChunk.ts compacts it, or undefined at the end) or `{ id, error }` (the stream is over).
 */
import * as fsp from 'fs/promises';
import { parentPort } from 'worker_threads';
import { precomputeDetection } from '../../core/detection/detector';
import { transcriptKind } from '../../core/ingest/kinds';
import { ChunkParser, ParsedChunk } from '../../core/ingest/lineParser';
import type { ParseMessage, ParseReply } from './parseProtocol';
import { WireState, compactChunk, wireState } from './wireChunk';

interface Stream {
  parser: ChunkParser;
  handle: Promise<fsp.FileHandle>;
  pos: number;
  end: number;
  chunkBytes: number;
  /** The requests of this stream run one after another. */
  queue: Promise<void>;
  path: string;
  /** What the host has been sent of this stream (./wireChunk.ts). */
  wire: WireState;
}

const streams = new Map<number, Stream>();

async function nextChunk(s: Stream): Promise<ParsedChunk | undefined> {
  if (s.pos >= s.end) {
    return undefined;
  }
  const buf = new Uint8Array(Math.min(s.chunkBytes, s.end - s.pos));
  const { bytesRead } = await (await s.handle).read(buf, 0, buf.length, s.pos);
  if (bytesRead === 0) {
    return undefined;
  }
  s.pos += bytesRead;
  return compactChunk(s.parser.push(buf.subarray(0, bytesRead), s.pos), s.wire, s.path);
}

function close(id: number): void {
  const s = streams.get(id);
  if (s) {
    streams.delete(id);
    void s.queue.then(() => s.handle.then((h) => h.close())).catch(() => undefined);
  }
}

function post(reply: ParseReply): void {
  parentPort?.postMessage(reply);
}

parentPort?.on('message', (m: ParseMessage) => {
  if (m.type === 'open') {
    const kind = transcriptKind(m.kindId);
    if (!kind || kind.reader !== 'lines') {
      post({ id: m.id, error: `no line format with id ${m.kindId}` });
      return;
    }
    const handle = fsp.open(m.path, 'r');
    handle.catch(() => undefined);
    streams.set(m.id, {
      parser: new ChunkParser(kind.format, m.path, m.offset, m.sessionId, m.maxLineBytes, precomputeDetection),
      handle,
      pos: m.offset,
      end: m.end,
      chunkBytes: m.chunkBytes,
      queue: Promise.resolve(),
      path: m.path,
      wire: wireState(m.sessionId),
    });
  } else if (m.type === 'next') {
    const s = streams.get(m.id);
    if (!s) {
      post({ id: m.id, error: 'no such stream' });
      return;
    }
    s.queue = s.queue.then(async () => {
      try {
        post({ id: m.id, chunk: await nextChunk(s) });
      } catch (e) {
        post({ id: m.id, error: e instanceof Error ? e.message : String(e) });
        close(m.id);
      }
    });
  } else {
    close(m.id);
  }
});
