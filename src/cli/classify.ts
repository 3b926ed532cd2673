/** `classify`: the detector alone on standard input, one JSON answer (or explanation) per line. */
import { explainLine } from '../core/detection/detector';
import { explanationText } from '../core/detection/explain';
import { LineAssembler } from '../core/ingest/lineAssembler';
import { redactSecrets } from '../core/ingest/redact';

/** One line's answer: `{"type","severity","strategy"}` or `null`, or with `explain` the line and its evidence as text. */
function answer(text: string, explain: boolean): string {
  const x = explainLine(text);
  if (!explain) {
    return JSON.stringify(x.classification ?? null);
  }
  return [redactSecrets(text), ...explanationText(x)].join('\n') + '\n';
}

/**
 * `classify`: reads `input` in chunks, splits lines (bounded: a line over 1 MiB is not kept and gets `null`), and writes
 * one JSON line per input line: `{"type","severity","strategy"}` from classifyLine, or `null`; with `explain`, the line
 * (secrets redacted) and the evidence that decided it (see explanationText), then a blank line. Waits for `output` to
 * drain when it is full, so huge inputs stream with bounded memory.
 */
export async function classifyStream(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  maxLineBytes = 1024 * 1024,
  explain = false,
): Promise<void> {
  const assembler = new LineAssembler(0, maxLineBytes);
  let total = 0;
  const emit = async (chunk: Uint8Array) => {
    const { lines, oversized } = assembler.push(chunk);
    const out = [
      ...lines.map((l) => ({ offset: l.offset, json: answer(l.text, explain) })),
      ...oversized.map((o) => ({ offset: o.offset, json: explain ? '(line over the size limit: not read)\n=> no failure\n' : 'null' })),
    ]
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
