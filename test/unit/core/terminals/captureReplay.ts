/**
 * Replays a captured terminal session through the terminal source's reader, as the extension reads a terminal: a
 * fixture's `<name>.raw` (the pty's bytes) in the chunks its `<name>.timing` log says the pty delivered them (`script`'s
 * timing format: seconds since the previous chunk, then its byte count), settling after each chunk, with a final settle
 * when the next chunk came 150 ms or more later (the source's quiet timer). Shared by the terminal and agent tests.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { TerminalTextReader } from '../../../../src/core/terminals/terminalText';

/** Capture `name` in `folder`: the pty's bytes and its timing log as [seconds since the previous chunk, bytes] pairs. */
export function readCapture(folder: string, name: string): { raw: Buffer; timing: number[][] } {
  const raw = fs.readFileSync(path.join(folder, `${name}.raw`));
  const timing = fs
    .readFileSync(path.join(folder, `${name}.timing`), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(' ').map(Number));
  return { raw, timing };
}

/** The plain lines the reader gives for capture `name` in `folder` (a 100x30 terminal); asserts the log covers the capture. */
export async function replayTimed(folder: string, name: string): Promise<string[]> {
  const { raw, timing } = readCapture(folder, name);
  assert.strictEqual(
    timing.reduce((n, t) => n + t[1], 0),
    raw.length,
    'the timing log covers the capture',
  );
  const r = new TerminalTextReader({ cols: 100, rows: 30 });
  const lines: string[] = [];
  let at = 0;
  for (let i = 0; i < timing.length; i++) {
    await r.write(new Uint8Array(raw.subarray(at, at + timing[i][1])));
    at += timing[i][1];
    lines.push(...r.settle(i + 1 >= timing.length || timing[i + 1][0] >= 0.15));
  }
  r.dispose();
  return lines;
}
