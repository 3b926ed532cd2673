// What the extension's terminal source reads off an agent's screen in a fault run, for scripts/fault-matrix.mjs: a TUI
// run's raw terminal capture (test/fixtures/<agent>/<run>.raw with script(1)'s <run>.timing, or Gemini CLI's
// <run>.pty.txt, 120x40, no timing) replayed through the compiled terminal reader (src/core/terminals/terminalText),
// the terminal source's line policy for a run not tied to a transcript (src/core/terminals/terminalLines) and the
// detector, as the extension reads a terminal. Kept apart from `scan`: the screen is not a file a scan reads.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The capture of `run` in `folder`: its bytes, the chunks the pty delivered (byte counts; none: 4 KiB), its size. */
function capture(folder, run) {
  const raw = join(folder, `${run}.raw`);
  if (existsSync(raw)) {
    const timing = join(folder, `${run}.timing`);
    const chunks = existsSync(timing)
      ? readFileSync(timing, 'utf8')
          .trim()
          .split('\n')
          .map((l) => l.split(' ').map(Number))
      : undefined;
    return { bytes: readFileSync(raw), chunks, cols: 100, rows: 30 };
  }
  const pty = join(folder, `${run}.pty.txt`);
  return existsSync(pty) ? { bytes: readFileSync(pty), chunks: undefined, cols: 120, rows: 40 } : undefined;
}

/**
 * The failure types the terminal source finds on the screen of `run` (sorted), or undefined when the run has no
 * capture. `require` loads the compiled modules from `out`; `agent` is the run's agent id.
 */
export async function screenTypes(require, out, folder, run, agent) {
  const c = capture(folder, run);
  if (!c) {
    return undefined;
  }
  const core = join(resolve(out), 'src', 'core');
  const { TerminalTextReader } = require(join(core, 'terminals', 'terminalText.js'));
  const { eventsOfLines } = require(join(core, 'terminals', 'terminalLines.js'));
  const { classifyLine } = require(join(core, 'detection', 'detector.js'));
  const reader = new TerminalTextReader({ cols: c.cols, rows: c.rows });
  const lines = [];
  let at = 0;
  const chunks = c.chunks ?? Array.from({ length: Math.ceil(c.bytes.length / 4096) }, () => [0, 4096]);
  for (let i = 0; i < chunks.length; i++) {
    await reader.write(new Uint8Array(c.bytes.subarray(at, at + chunks[i][1])));
    at += chunks[i][1];
    lines.push(...reader.settle(i + 1 >= chunks.length || (chunks[i + 1][0] ?? 0) >= 0.15));
  }
  reader.dispose();
  const terminalRun = { command: { agent }, terminalSessionId: `terminal:${agent}:1`, errorLines: 0, pendingRetries: [] };
  const events = eventsOfLines(
    terminalRun,
    lines,
    Date.now(),
    (l) => classifyLine(l),
    () => undefined,
  );
  return [...new Set(events.map((e) => classifyLine(e.text)?.type).filter(Boolean))].sort();
}
