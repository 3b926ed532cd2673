import * as assert from 'assert';
import fc from 'fast-check';
import { AssembledLine, LineAssembler, OversizedLine } from '../../../../src/core/ingest/lineAssembler';

/**
 * The assembler's lines as decoding each line by itself gives them: split the whole byte stream at its newlines, decode
 * every complete line alone (a fresh decode drops a leading byte order mark), drop one trailing `\r`, skip lines over
 * the limit.
 */
function reference(bytes: Uint8Array, maxLineBytes: number): { lines: AssembledLine[]; oversized: OversizedLine[]; consumed: number } {
  const lines: AssembledLine[] = [];
  const oversized: OversizedLine[] = [];
  let start = 0;
  for (let nl = bytes.indexOf(0x0a); nl >= 0; nl = bytes.indexOf(0x0a, start)) {
    if (nl - start > maxLineBytes) {
      oversized.push({ offset: start, bytes: nl - start });
    } else {
      const text = new TextDecoder('utf-8').decode(bytes.subarray(start, nl));
      lines.push({ text: text.endsWith('\r') ? text.slice(0, -1) : text, offset: start });
    }
    start = nl + 1;
  }
  return { lines, oversized, consumed: start };
}

/** Bytes that exercise the decoder: ASCII, newlines, CR, multi-byte characters, byte order marks, invalid bytes. */
const piece = fc.oneof(
  fc.constantFrom('\n', '\r\n', '\uFEFF', 'é', '€', '😀', '{"a":1}', ' ').map((s) => new TextEncoder().encode(s)),
  fc.uint8Array({ minLength: 1, maxLength: 6 }),
  fc.string({ maxLength: 12 }).map((s) => new TextEncoder().encode(s)),
);

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('line assembler (chunks cut anywhere)', () => {
  it('gives the lines, offsets and skipped lines that decoding each line alone gives, wherever the chunks are cut', () => {
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 0, max: 30 }),
        (pieces, cuts, maxLineBytes) => {
          const bytes = concat(pieces);
          const a = new LineAssembler(0, maxLineBytes);
          const lines: AssembledLine[] = [];
          const oversized: OversizedLine[] = [];
          for (let at = 0, k = 0; at < bytes.length; k++) {
            const end = Math.min(bytes.length, at + cuts[k % cuts.length]);
            const r = a.push(bytes.slice(at, end));
            lines.push(...r.lines);
            oversized.push(...r.oversized);
            at = end;
          }
          const want = reference(bytes, maxLineBytes);
          assert.deepStrictEqual(lines, want.lines);
          assert.deepStrictEqual(oversized, want.oversized);
          assert.strictEqual(a.consumedOffset, want.consumed);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('drops a byte order mark at the start of any line, and a CR before the newline', () => {
    const a = new LineAssembler(10);
    const r = a.push(new TextEncoder().encode('\uFEFFa\r\n\uFEFFb\nc\r\n\uFEFF'));
    assert.deepStrictEqual(r.lines, [
      { text: 'a', offset: 10 },
      { text: 'b', offset: 16 },
      { text: 'c', offset: 21 },
    ]);
    assert.strictEqual(a.consumedOffset, 24);
  });
});
