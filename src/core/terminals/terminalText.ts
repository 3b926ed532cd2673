/**
 * What an agent CLI prints in a terminal, as plain lines: the raw bytes a VS Code terminal execution yields
 * (`TerminalShellExecution.read()`: ANSI colours, cursor moves, erase-line, the alternate screen, spinners re-drawing
 * the same status line many times a second) become the lines a person sees, each emitted once, not once per frame.
 *
 * How: the bytes go through a real terminal emulator, `@xterm/headless` (the emulator VS Code's own terminal is built
 * on; no DOM, no Node built-ins), so every escape sequence is interpreted exactly as the user's terminal does. A
 * regex-based ANSI stripper is not enough for today's agent CLIs: Claude Code 2.1 draws a full-screen TUI on the
 * alternate screen with absolute cursor positioning (see test/fixtures/terminal/*.raw), where no newline separates the
 * lines. After each burst of output, {@link TerminalTextReader.settle} compares the screen with the previous one as a
 * multiset of line keys (the line with its counters normalized: "retrying in 2s" and "retrying in 1s" are one key):
 * a key that appears more often than before is a new line; a redraw of the same frame emits nothing; a genuine repeat
 * (the same error printed twice, both visible) is emitted twice. Lines that scroll off the top between two settles are
 * counted as well, so nothing is lost when output streams fast.
 *
 * Bounded memory: one emulator per agent terminal, `cols x (rows + scrollback)` cells (default 200 x (50 + 500)); the
 * previous screen's keys; lines are clipped to {@link MAX_TERMINAL_LINE} characters. Pure module (no `vscode`, no Node
 * built-ins).
 */
import { Terminal } from '@xterm/headless';

/** Longest line kept, characters; longer lines are cut. */
export const MAX_TERMINAL_LINE = 4000;

/** Emulator size and limits. */
export interface TerminalTextOptions {
  /** Columns of the emulated screen; use the real terminal's when known (default 200). */
  cols?: number;
  /** Rows of the emulated screen; use the real terminal's when known (default 50). */
  rows?: number;
  /** Scrollback rows kept by the emulator (default 500). Lines scrolled further than this before a settle are lost. */
  scrollback?: number;
  /** Longest emitted line, characters (default {@link MAX_TERMINAL_LINE}). */
  maxLineChars?: number;
  /**
   * A line that left the screen is forgotten after this many settles (default 300, about 5 min at one settle a second);
   * until then, the same line drawn again is taken for a redraw, not a new line.
   */
  forgetAfterSettles?: number;
}

/** Most line keys remembered as recently seen. */
const MEMORY_KEYS = 2000;

/** Bytes written to the emulator per slice; between slices, scrolled-off lines are collected so none is trimmed unseen. */
const SLICE = 4096;

/**
 * Turns a stream of raw terminal output into new plain lines. Feed output with {@link write} (in order; awaiting each
 * call), and call {@link settle} when the output pauses (or at least every second or so while it streams) to get the
 * lines that appeared since the previous settle. Never throws on bad input: unknown sequences are ignored by the emulator.
 */
export class TerminalTextReader {
  private readonly term: Terminal;
  private readonly maxLineChars: number;
  /** Line keys on screen at the previous settle, per buffer (normal / alternate), with their counts. */
  private readonly previous = { normal: new Map<string, number>(), alternate: new Map<string, number>() };
  /** Absolute index (normal buffer) of the top of the screen at the previous settle; a marker survives scrollback trims. */
  private topMarker: { line: number; isDisposed: boolean; dispose(): void } | undefined;
  /**
   * Keys seen on screen recently, with the most copies seen at once and the settle when last seen: a TUI caught
   * mid-redraw (half the screen cleared) must not make the restored lines look new. Bounded to {@link MEMORY_KEYS}.
   */
  private readonly recent = new Map<string, { count: number; seen: number }>();
  private settles = 0;
  private readonly forgetAfter: number;
  /** Lines found while writing (scrolled far) and not yet returned. */
  private pending: string[] = [];
  private disposed = false;

  constructor(options: TerminalTextOptions = {}) {
    this.term = new Terminal({
      cols: clampInt(options.cols, 200, 20, 1000),
      rows: clampInt(options.rows, 50, 5, 500),
      scrollback: clampInt(options.scrollback, 500, 0, 10_000),
      allowProposedApi: true,
      convertEol: false,
    });
    this.maxLineChars = options.maxLineChars ?? MAX_TERMINAL_LINE;
    this.forgetAfter = clampInt(options.forgetAfterSettles, 300, 1, 100_000);
  }

  /** Writes raw output (a string as `execution.read()` yields it, or bytes, taken as UTF-8). Resolves when it is parsed. */
  async write(data: string | Uint8Array): Promise<void> {
    // Slices of at most SLICE bytes and at most half the scrollback in line feeds, so no line scrolls out unseen.
    const maxFeeds = Math.max(1, Math.floor(this.term.options.scrollback! / 2));
    for (let i = 0; i < data.length && !this.disposed;) {
      let end = Math.min(data.length, i + SLICE);
      let at = i;
      for (let feeds = 0; feeds < maxFeeds; feeds++) {
        const nl = typeof data === 'string' ? data.indexOf('\n', at) : data.indexOf(10, at);
        if (nl < 0 || nl >= end) {
          at = -1;
          break;
        }
        at = nl + 1;
      }
      if (at > i) {
        end = at;
      }
      const slice = data.slice(i, end);
      i = end;
      await new Promise<void>((resolve) => this.term.write(slice, resolve));
      if (this.scrolledSinceSettle() > this.term.options.scrollback! / 2) {
        this.pending.push(...this.collect(false));
      }
    }
  }

  /** Resizes the emulated screen (the real terminal was resized). */
  resize(cols: number, rows: number): void {
    this.term.resize(clampInt(cols, 200, 20, 1000), clampInt(rows, 50, 5, 500));
  }

  /**
   * The lines that appeared since the previous settle, top to bottom, trimmed, clipped, empty lines left out.
   * @param final true when the output has ended or paused: the cursor's row counts too (otherwise it may be half-written).
   */
  settle(final = false): string[] {
    const out = this.pending;
    this.pending = [];
    out.push(...this.collect(final));
    return out;
  }

  /** The lines on the screen now (the active buffer's visible rows), top to bottom, as {@link settle} reads them. */
  screenLines(): string[] {
    const b = this.term.buffer.active;
    return this.logicalLines(b.baseY, b.length - 1);
  }

  dispose(): void {
    this.disposed = true;
    this.topMarker?.dispose();
    this.term.dispose();
  }

  private scrolledSinceSettle(): number {
    const b = this.term.buffer.active;
    if (b.type !== 'normal') {
      return 0;
    }
    const top = this.topMarker && !this.topMarker.isDisposed ? this.topMarker.line : 0;
    return b.baseY - top;
  }

  private collect(final: boolean): string[] {
    const b = this.term.buffer.active;
    const kind = b.type === 'alternate' ? 'alternate' : 'normal';
    // From the previous top of the screen (normal buffer) or the screen's top (alternate: no scrollback) to the bottom.
    let from = b.baseY;
    if (kind === 'normal') {
      from = this.topMarker && !this.topMarker.isDisposed ? Math.min(this.topMarker.line, b.baseY) : 0;
    }
    let to = b.length - 1;
    const cursorAbs = b.baseY + b.cursorY;
    if (!final && b.cursorX > 0) {
      to = Math.min(to, cursorAbs - 1);
    }
    const lines = this.logicalLines(from, to);
    const before = this.previous[kind];
    const settle = ++this.settles;
    const now = new Map<string, number>();
    const emitted: string[] = [];
    for (const text of lines) {
      const key = lineKey(text);
      const n = (now.get(key) ?? 0) + 1;
      now.set(key, n);
      const memory = this.recent.get(key);
      const known = Math.max(before.get(key) ?? 0, memory && settle - memory.seen <= this.forgetAfter ? memory.count : 0);
      if (n > known) {
        emitted.push(text.length > this.maxLineChars ? text.slice(0, this.maxLineChars - 1) + '…' : text);
      }
    }
    this.remember(now, settle);
    // Remember only what stays on screen: lines above the new top are gone for good.
    const screen = this.logicalLines(b.baseY, to);
    const kept = new Map<string, number>();
    for (const text of screen) {
      const key = lineKey(text);
      kept.set(key, (kept.get(key) ?? 0) + 1);
    }
    this.previous[kind] = kept;
    if (kind === 'normal') {
      this.topMarker?.dispose();
      this.topMarker = this.term.registerMarker(-b.cursorY);
    }
    return emitted;
  }

  private remember(now: Map<string, number>, settle: number): void {
    for (const [key, count] of now) {
      const m = this.recent.get(key);
      const fresh = m && settle - m.seen <= this.forgetAfter;
      this.recent.delete(key); // re-insert: the map's order is least recently seen first
      this.recent.set(key, { count: fresh ? Math.max(m.count, count) : count, seen: settle });
    }
    for (const key of this.recent.keys()) {
      if (this.recent.size <= MEMORY_KEYS) {
        break;
      }
      this.recent.delete(key);
    }
  }

  /** Rows `from`..`to` (absolute) as logical lines: soft-wrapped rows joined, right-trimmed, empty lines dropped. */
  private logicalLines(from: number, to: number): string[] {
    const b = this.term.buffer.active;
    const out: string[] = [];
    let current: string | undefined;
    for (let y = Math.max(0, from); y <= to; y++) {
      const row = b.getLine(y);
      if (!row) {
        continue;
      }
      // No-break spaces (Claude Code pads with U+00A0) read as spaces.
      const text = row.translateToString(true).replace(/\u00a0/g, ' ');
      if (row.isWrapped && current !== undefined) {
        current += text;
        continue;
      }
      if (current !== undefined && current.trim()) {
        out.push(current.trim());
      }
      current = text;
    }
    if (current !== undefined && current.trim()) {
      out.push(current.trim());
    }
    return out;
  }
}

/**
 * The key a line is compared by across frames: spinner glyphs at its start dropped, time and token counters
 * ("3s", "1.2k tokens", "12 seconds") replaced, spaces collapsed. Two frames of one status line share a key.
 */
export function lineKey(line: string): string {
  return line
    .replace(/^[^\p{L}\p{N}[(]+/u, '')
    .replace(/\d+(?:\.\d+)?\s?(?:ms|s|sec|secs|seconds?|m|min|mins|minutes?|h)\b/g, '#t')
    .replace(/\d+(?:\.\d+)?k?\s?tokens?\b/gi, '#n tokens')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Leading markers with which agent CLIs print their own errors (not tool output, not model prose):
 * Claude Code 2.1 `● API Error: ...`, `Invalid API key · Please run /login`, `Claude AI usage limit reached`;
 * Codex CLI `■ stream error: ...`, `ERROR: ...`, `⚠ ...`; Gemini CLI `✕ [API Error: ...]`; Aider (litellm)
 * `litellm.RateLimitError: ...`, `Retrying in 0.2 seconds...`; Continue CLI 1.5.47 (its TUI's retry notices, written
 * nowhere else) `Retrying request (2/9). Error: 429 Rate limit reached ...` and `Failed after 10 attempts. Last error:
 * ...`; Node/Python `XxxError: ...` at the start of a line.
 */
const AGENT_OWN_ERROR =
  /^[^\p{L}\p{N}[]{0,3}\s*(?:\[?API Error\b|Invalid API key|Credit balance is too low|Claude AI usage limit reached|No conversation found with session ID|Prompt is too long|OAuth token has expired|Please run \/login)/iu;

const AGENT_ERROR_LINE = [
  AGENT_OWN_ERROR,
  /\bretrying in\b.*\battempt \d+\s*\/\s*\d+/i,
  /^[^\p{L}\p{N}[]{0,3}\s*(?:Error|ERROR|FATAL|Fatal error)\b\s*[:[(]/u,
  /^[^\p{L}\p{N}[]{0,3}\s*(?:[\w.]*\w(?:Error|Exception)):\s/u,
  /^[^\p{L}\p{N}[]{0,3}\s*(?:Invalid API key|Credit balance is too low|Claude AI usage limit reached|No conversation found with session ID|Prompt is too long|OAuth token has expired|stream error|Request failed|Rate limit(?:ed| reached| exceeded)?\b|Quota exceeded)/iu,
  /^\s*[✗✕×■⚠]\s*\S/u,
  /^[^\p{L}\p{N}[]{0,3}\s*(?:Retrying request \(\d+\s*\/\s*\d+\)\.\s*Error:|Failed after \d+ attempts\.\s*Last error:)/u,
];

/**
 * Claude Code's `⎿` lines hold tool output (where "Error: connect ECONNREFUSED" is the tool's business) and also the
 * agent's own API errors (`⎿  Invalid API key · Fix external API key`): only the latter count.
 */
const TOOL_OUTPUT_LINE = /^\s*⎿/u;

/**
 * True when a plain terminal line looks like an error the agent CLI itself printed (see the markers above), as opposed
 * to ordinary output, model prose or a tool's output. Conservative: lines that merely mention "429" or "rate limit" in
 * the middle do not count.
 */
export function looksLikeAgentError(line: string): boolean {
  if (TOOL_OUTPUT_LINE.test(line)) {
    return AGENT_OWN_ERROR.test(line.replace(TOOL_OUTPUT_LINE, ''));
  }
  return AGENT_ERROR_LINE.some((p) => p.test(line));
}

function clampInt(v: number | undefined, def: number, min: number, max: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : def;
}
