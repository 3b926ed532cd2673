// What the extension's terminal source reads off an agent's screen in a fault run, for scripts/fault-matrix.mjs: a TUI
// run's raw terminal capture (test/fixtures/<agent>/<run>.raw with script(1)'s <run>.timing, or Gemini CLI's
// <run>.pty.txt, 120x40, no timing) replayed through the compiled terminal reader (src/core/terminals/terminalText),
// the terminal source's line policy for a run not tied to a transcript (src/core/terminals/terminalLines) and the
// detector, as the extension reads a terminal; and, for a capture with its timing, the turns the terminal source feeds
// the hang watchdog (src/core/terminals/terminalTurns): a prompt still waiting at the capture's end with nothing new
// on screen for the watchdog's smallest setting (1 min) is `session_stuck`. Kept apart from `scan`: the screen is not
// a file a scan reads.
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

/** The hang watchdog's smallest setting (`sessionDoctor.watchdog.stuckMinutes`: 1), ms. */
const SMALLEST_WATCHDOG_MS = 60_000;

/**
 * The failure types the terminal source finds on the screen of `run` (sorted), or undefined when the run has no
 * capture. `require` loads the compiled modules from `out`; `agent` is the run's agent id. The capture's commands are
 * the fixtures' (`cn --config <file> '<prompt>'`: a TUI started with its first prompt).
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
  const { isBusyLine, startTurns, stepTurns } = require(join(core, 'terminals', 'terminalTurns.js'));
  const reader = new TerminalTextReader({ cols: c.cols, rows: c.rows });
  const lines = [];
  let at = 0;
  let ms = 0;
  const chunks = c.chunks ?? Array.from({ length: Math.ceil(c.bytes.length / 4096) }, () => [0, 4096]);
  // The run's turns, looked at after each chunk as the terminal source does; the keys the capture ends with (Ctrl+C) are
  // the run's end, not an answer: the look stops 1 s before the capture's last chunk.
  const turns = startTurns({ agent, args: ['--config', 'config.yaml', 'Say hello'] }, 0);
  const endMs = c.chunks ? Math.round(c.chunks.reduce((n, x) => n + x[0], 0) * 1000) - 1000 : 0;
  for (let i = 0; i < chunks.length; i++) {
    ms += Math.round(chunks[i][0] * 1000);
    await reader.write(new Uint8Array(c.bytes.subarray(at, at + chunks[i][1])));
    at += chunks[i][1];
    const settled = reader.settle(i + 1 >= chunks.length || (chunks[i + 1][0] ?? 0) >= 0.15);
    lines.push(...settled);
    if (c.chunks && ms < endMs) {
      stepTurns(turns, { now: ms, lines: settled, busy: reader.screenLines().some(isBusyLine), tied: false, holdMs: 30_000 });
    }
  }
  reader.dispose();
  const waited = c.chunks ? stepTurns(turns, { now: endMs, tied: false, holdMs: 30_000 }) && turns : undefined;
  const stuck = waited && waited.phase === 'awaiting' && waited.reported && endMs - waited.since >= SMALLEST_WATCHDOG_MS;
  const terminalRun = { command: { agent }, terminalSessionId: `terminal:${agent}:1`, errorLines: 0, pendingRetries: [] };
  const events = eventsOfLines(
    terminalRun,
    lines,
    Date.now(),
    (l) => classifyLine(l),
    () => undefined,
  );
  return [...new Set([...events.map((e) => classifyLine(e.text)?.type), stuck ? 'session_stuck' : undefined].filter(Boolean))].sort();
}
