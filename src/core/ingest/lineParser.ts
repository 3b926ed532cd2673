/**
 * How a transcript's lines become events, and the port for parsing them away from the thread that ingests them: a
 * {@link LineParser} (the Node hosts run one in a worker thread, src/host/node/parseWorker.ts) reads a file's chunks and
 * parses their lines with {@link ChunkParser}, the same code the tailer would run, so the events are the same. Pure module.
 */
import type { AgentEvent, AgentKind, EventOrigin } from '../model/event';
import { LineAssembler, OversizedLine } from './lineAssembler';

/** Result of parsing one line of some agent's transcript format. */
export type LineResult =
  { ok: true; events: AgentEvent[]; info: { sessionId?: string; cwd?: string; title?: string } } | { ok: false; error: string };

/** A transcript format: how one agent's lines become events. */
export interface TranscriptFormat {
  agent: AgentKind;
  /** Parses one line (no newline). `fallbackSessionId` is the id derived from the file name. Must not throw. */
  parseLine(line: string, origin: EventOrigin, fallbackSessionId: string): LineResult;
}

/**
 * The session a file's lines belong to after this line: the id it names, unless the line is a subagent's (sidechain)
 * event, which stays with the file's session. The tailer and an off-thread {@link LineParser} follow it alike, so a line
 * parsed elsewhere gets the same fallback session id as one parsed here.
 */
export function sessionAfter(current: string, parsed: LineResult): string {
  return parsed.ok && parsed.info.sessionId && parsed.info.sessionId !== current && !parsed.events.some((e) => e.sidechain)
    ? parsed.info.sessionId
    : current;
}

/** A line of a chunk: its text to parse here, or what a {@link LineParser} made of it (neither: a blank line). */
export interface ChunkLine {
  /** Byte offset of the line's start. */
  offset: number;
  text?: string;
  parsed?: LineResult;
}

/** The lines one chunk of a file completed, those it skipped as over the limit, and the offset after the last. */
export interface ParsedChunk {
  lines: ChunkLine[];
  oversized: OversizedLine[];
  /** Offset just after the chunk's last complete (or skipped) line: where a later read resumes. */
  consumedOffset: number;
  /** Offset just after the chunk's last byte read. */
  end: number;
}

/** What a {@link LineParser} is asked: parse `path` from `offset` (a line start) up to `end` (bytes). */
export interface ParseRequest {
  path: string;
  format: TranscriptFormat;
  offset: number;
  end: number;
  /** The session of lines that name none, at `offset` (then followed with {@link sessionAfter}). */
  sessionId: string;
  chunkBytes: number;
  maxLineBytes?: number;
}

/** The chunks of one {@link ParseRequest}, in file order. */
export interface ParseStream {
  /** The next chunk; undefined once `end` (or the file's end) is reached. Rejects when the parser failed. */
  next(): Promise<ParsedChunk | undefined>;
  /** Stops parsing (the read ended early). */
  close(): void;
}

/**
 * Reads and parses a file's lines away from the thread that ingests them (the Node hosts: a worker thread), a chunk
 * ahead of the tailer, for reads that catch up (not live ones).
 */
export interface LineParser {
  /** True when it can parse lines of this format (a registered kind's); the tailer parses the others itself. */
  accepts(format: TranscriptFormat): boolean;
  open(request: ParseRequest): ParseStream;
}

/**
 * Splits consecutive chunks of one file into lines and parses each with the format, following the session of lines
 * that name none ({@link sessionAfter}) as the tailer does: what a {@link LineParser} runs on its side.
 */
export class ChunkParser {
  private readonly assembler: LineAssembler;
  private sessionId: string;

  /**
   * @param format the lines' format
   * @param path the file (events' origin)
   * @param offset byte offset of the first chunk (a line start)
   * @param sessionId the session of lines that name none, at `offset`
   * @param maxLineBytes longest line kept (bytes; default the assembler's)
   * @param annotate called on each event parsed, in order, before the chunk is returned (the parse worker attaches the
   *   detector's verdict with it: `precomputeDetection`, src/core/detection/detector.ts)
   */
  constructor(
    private readonly format: TranscriptFormat,
    private readonly path: string,
    offset: number,
    sessionId: string,
    maxLineBytes?: number,
    private readonly annotate?: (e: AgentEvent) => void,
  ) {
    this.assembler = new LineAssembler(offset, maxLineBytes);
    this.sessionId = sessionId;
  }

  /** Parses the lines `bytes` (the chunk after the previous one, ending at byte `end`) completes. */
  push(bytes: Uint8Array, end: number): ParsedChunk {
    const { lines, oversized } = this.assembler.push(bytes);
    const out: ChunkLine[] = [];
    for (const line of lines) {
      if (!line.text.trim()) {
        out.push({ offset: line.offset });
        continue;
      }
      const parsed = this.format.parseLine(line.text, { file: this.path, offset: line.offset }, this.sessionId);
      this.sessionId = sessionAfter(this.sessionId, parsed);
      if (this.annotate && parsed.ok) {
        for (const e of parsed.events) {
          this.annotate(e);
        }
      }
      out.push({ offset: line.offset, parsed });
    }
    return { lines: out, oversized, consumedOffset: this.assembler.consumedOffset, end };
  }
}
