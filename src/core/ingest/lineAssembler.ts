/**
 * Splits a growing file, read in chunks, into complete lines with their byte offsets, with bounded memory: a line longer
 * than the limit is skipped (reported, not kept), and a half-written last line waits for its newline. Pure module
 * (uses the global TextDecoder, present in Node and in browsers).
 */

/** A complete line (without its `\n` or `\r\n`) and the byte offset where it starts. */
export interface AssembledLine {
  text: string;
  offset: number;
}

/** A line that was longer than the limit and was skipped: where it starts and how long it was (bytes). */
export interface OversizedLine {
  offset: number;
  bytes: number;
}

/** Default longest line kept: 8 MiB. Claude Code lines with big tool results stay well under it. */
export const DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;

/** The assembler of one file. Feed it consecutive chunks with {@link push}. */
export class LineAssembler {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private pendingStart: number;
  private discarding = false;
  private readonly decoder = new TextDecoder('utf-8');

  /**
   * @param startOffset byte offset of the first chunk (where the previous read stopped)
   * @param maxLineBytes longest line kept, bytes
   */
  constructor(
    startOffset: number,
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  ) {
    this.pendingStart = startOffset;
  }

  /**
   * The offset just after the last complete (or skipped) line: where the next read must start if the rest is dropped.
   * A half-written last line is not consumed.
   */
  get consumedOffset(): number {
    return this.pendingStart;
  }

  /** Feeds the next chunk (it must follow the previous one). Returns the lines it completed and the lines it skipped. */
  push(chunk: Uint8Array): { lines: AssembledLine[]; oversized: OversizedLine[] } {
    const lines: AssembledLine[] = [];
    const oversized: OversizedLine[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl < 0) {
        break;
      }
      const piece = chunk.subarray(start, nl);
      const lineBytes = this.pendingBytes + piece.length;
      if (this.discarding || lineBytes > this.maxLineBytes) {
        oversized.push({ offset: this.pendingStart, bytes: lineBytes });
      } else {
        const bytes = this.pending.length === 0 ? piece : concat([...this.pending, piece], lineBytes);
        let text = this.decoder.decode(bytes);
        if (text.endsWith('\r')) {
          text = text.slice(0, -1);
        }
        lines.push({ text, offset: this.pendingStart });
      }
      this.pending = [];
      this.pendingBytes = 0;
      this.discarding = false;
      this.pendingStart += lineBytes + 1;
      start = nl + 1;
    }
    const rest = chunk.subarray(start);
    if (rest.length > 0) {
      this.pendingBytes += rest.length;
      if (this.discarding || this.pendingBytes > this.maxLineBytes) {
        // Too long to keep: remember only how long it is, until its newline arrives.
        this.discarding = true;
        this.pending = [];
      } else {
        this.pending.push(rest.slice());
      }
    }
    return { lines, oversized };
  }
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
