/** `classify`: the detector alone on standard input, one JSON answer per line. */
import { classifyLine } from '../core/detector';
import { LineAssembler } from '../core/lineAssembler';

/**
 * `classify`: reads `input` in chunks, splits lines (bounded: a line over 1 MiB is not kept and gets `null`), and writes
 * one JSON line per input line: `{"type","severity","strategy"}` from classifyLine, or `null`. Waits for `output` to drain
 * when it is full, so huge inputs stream with bounded memory.
 */
export async function classifyStream(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, maxLineBytes = 1024 * 1024): Promise<void> {
  const assembler = new LineAssembler(0, maxLineBytes);
  let total = 0;
  const emit = async (chunk: Uint8Array) => {
    const { lines, oversized } = assembler.push(chunk);
    const out = [...lines.map((l) => ({ offset: l.offset, json: JSON.stringify(classifyLine(l.text) ?? null) })), ...oversized.map((o) => ({ offset: o.offset, json: 'null' }))]
      .sort((a, b) => a.offset - b.offset)
      .map((x) => x.json + '\n')
      .join('');
    if (out && !output.write(out)) {
      await new Promise<void>((resolve) => output.once('drain', () => resolve()));
    }
  };
  for await (const chunk of input as AsyncIterable<Uint8Array | string>) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    total += bytes.length;
    await emit(bytes);
  }
  if (assembler.consumedOffset < total) {
    await emit(new Uint8Array([0x0a])); // the last line had no newline
  }
}
