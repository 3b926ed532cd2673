/**
 * Turns seen on an agent's screen, for the hang watchdog (`checks/stuck.ts`): when an agent run in a terminal has been
 * sent a prompt and shows nothing new, and when it answers. Some agents write nothing on a hang (pi before its first
 * reply, `cn -p`), so for a run not tied to a transcript the terminal is the only witness; the watchdog is fed as a
 * transcript feeds it: a `user` event at the prompt, an `assistant` event when the agent prints its answer.
 *
 * - A headless run (`pi -p "..."`, `gemini -p`, `cn -p`, `claude -p`, `codex exec`, `opencode run`, `aider -m`) is sent
 *   its prompt when it starts; the first new line that is not a notice, an error or a status line is its answer.
 * - A TUI is waiting on the model while its screen shows a busy line (`esc to interrupt` / `esc to cancel`: Claude Code,
 *   Codex, Continue's `cn`, Gemini CLI, Qwen Code). New lines while it is busy are progress; the busy line gone is the
 *   end of the request (an answer, an error or an interruption). A TUI showing its prompt box with no busy line waits
 *   for the person: never stuck.
 * - "Nothing new" is the terminal reader's "no new line": a spinner or an elapsed timer redrawn every 100 ms is the same
 *   line (`lineKey` normalises its glyphs and counters), so it is not progress.
 *
 * To keep every quick run from making a session of its own, the prompt is reported only once the run has shown nothing
 * new for `holdMs` (with the prompt's time, so the watchdog still counts from the prompt) and only while the run is
 * not tied to a transcript (a tied run's transcript holds the turns). Pure module.
 */
import type { AgentCommand } from '../agents/commandLine';
import { clipText, type AgentEvent, type AgentKind } from '../model/event';
import { redactSecrets } from '../ingest/redact';
import { looksLikeAgentError } from './terminalText';

/** Default quiet time before a waiting prompt is reported (ms); under the watchdog's smallest setting (1 min). */
export const DEFAULT_PROMPT_HOLD_MS = 30_000;

/**
 * A TUI's busy line must stay away this long (ms) before its request counts as over, unless an answer line came with
 * it: a frame caught mid-redraw (Continue's TUI clears its spinner row now and then) is not the end of a request.
 */
export const BUSY_END_CONFIRM_MS = 2_000;

/** A TUI's "request in flight" line: Claude Code, Codex, Continue (`( 3s • esc to interrupt )`), Gemini CLI and Qwen Code. */
const BUSY_LINE = /\besc to (?:interrupt|cancel)\b/i;

/**
 * Lines that are neither an answer nor progress: a short status ending in an ellipsis (`✻ Thinking…`, `Working...`),
 * Gemini CLI's `This is taking a bit longer, we're still on it.`, start-up notices (`Warning: ...`, `YOLO mode is
 * enabled`, `Ripgrep is not available. Falling back ...`, `Loaded cached credentials.`), key hints (`ctrl+c to exit`,
 * `Press Ctrl-C again to exit`), and lines of box drawing or punctuation only (a TUI's frames).
 */
const STATUS_LINES = [
  /^[^\p{L}\p{N}]*[\p{L}\p{N}][^.…]{0,40}(?:…|\.\.\.)\s*(?:\(.*\))?$/u,
  /taking a bit longer|still on it/i,
  /^[^\p{L}\p{N}]*(?:Warning|Note|Info|Tip)\b\s*:/iu,
  /\bYOLO mode\b|\bnot available\b.*\bfalling back\b|^Loaded cached credentials/i,
  /\bctrl[+-]c\b.*\bexit\b|\bfor shortcuts\b|\bshift\+tab\b/i,
  /^[^\p{L}\p{N}]*$/u,
];

/** True when a screen line says the TUI is waiting on the model (a request in flight). */
export function isBusyLine(line: string): boolean {
  return BUSY_LINE.test(line);
}

/** True when a new screen line is the agent's output (an answer or progress): not a busy, status, notice or error line. */
export function isAnswerLine(line: string): boolean {
  return !isBusyLine(line) && !looksLikeAgentError(line) && !STATUS_LINES.some((p) => p.test(line));
}

/** Flags that make an agent CLI run one prompt headless, per agent (default: `-p`, `--print`, `--prompt`). */
const PRINT_FLAGS: Readonly<Record<string, readonly string[]>> = {
  aider: ['-m', '--message'],
  default: ['-p', '--print', '--prompt'],
};

/** Subcommands that run one prompt headless. */
const PRINT_SUBCOMMANDS: Readonly<Record<string, readonly string[]>> = { codex: ['exec', 'e'], opencode: ['run'] };

/**
 * Whether a recognised agent command runs one prompt headless, and the prompt when the command line holds it
 * (redacted, clipped to 200 characters). `{ headless: false }` for a TUI (even one started with a first prompt:
 * `cn 'Say hello'`, whose busy line tells when it is sent).
 */
export function headlessPrompt(command: Pick<AgentCommand, 'agent' | 'args'>): { headless: boolean; prompt?: string } {
  const args = command.args;
  const flags = PRINT_FLAGS[command.agent] ?? PRINT_FLAGS.default;
  let at = args.findIndex((a) => flags.includes(a.split('=')[0]));
  if (at < 0 && args.length > 0 && (PRINT_SUBCOMMANDS[command.agent] ?? []).includes(args[0])) {
    at = 0;
  }
  if (at < 0) {
    return { headless: false };
  }
  const inline = args[at].includes('=') ? args[at].slice(args[at].indexOf('=') + 1) : undefined;
  const next = args[at + 1] !== undefined && !args[at + 1].startsWith('-') ? args[at + 1] : undefined;
  const positional = [...args.slice(at + 1)].reverse().find((a) => !a.startsWith('-'));
  const prompt = (inline ?? next ?? positional)?.trim();
  return { headless: true, prompt: prompt ? clipText(redactSecrets(prompt), 200) : undefined };
}

/** The turn state of one agent run in a terminal (updated by {@link stepTurns}). Times are epoch ms. */
export interface TerminalTurns {
  mode: 'headless' | 'tui';
  /** `awaiting`: a prompt is out and the model has not answered; `idle`: nothing asked (or answered). */
  phase: 'idle' | 'awaiting';
  /** When the current wait began: the prompt, or the last progress while a TUI stays busy. */
  since: number;
  /** The prompt's words, when known (the command line, or a TUI's echo of it). */
  prompt?: string;
  /** The screen showed a busy line at the last look. */
  busy: boolean;
  /** While a TUI's request is out: when its busy line was first missed (see {@link BUSY_END_CONFIRM_MS}). */
  busyGoneAt?: number;
  /** A `user` turn of the current wait has been reported (the run's session is being watched). */
  reported: boolean;
}

/** A turn to feed to the watchdog: `user` (a prompt waits, `at` is when it was sent) or `assistant` (the agent answered). */
export interface TerminalTurn {
  kind: 'user' | 'assistant';
  at: number;
  text: string;
}

/** What one look at the screen ({@link stepTurns}) reads. */
export interface TurnInput {
  now: number;
  /** New lines since the last look (the terminal reader's settle); none for a timer's look. */
  lines?: readonly string[];
  /** The screen shows a busy line; undefined when not looked at (a timer's look: unchanged). */
  busy?: boolean;
  /** The run is tied to a transcript session: no prompt is reported (the transcript holds the turns). */
  tied: boolean;
  /** Quiet time before a waiting prompt is reported (ms; default {@link DEFAULT_PROMPT_HOLD_MS}). */
  holdMs?: number;
}

/** The turn state of a run that starts now: a headless run is sent its prompt at the start. */
export function startTurns(command: Pick<AgentCommand, 'agent' | 'args'>, now: number): TerminalTurns {
  const h = headlessPrompt(command);
  return h.headless
    ? { mode: 'headless', phase: 'awaiting', since: now, prompt: h.prompt, busy: false, reported: false }
    : { mode: 'tui', phase: 'idle', since: now, busy: false, reported: false };
}

/**
 * One look at the run's screen: updates `s` and returns the turns to ingest (in order) and when to look again if
 * nothing is printed (`dueAt`, epoch ms: a waiting prompt to report), else undefined.
 */
export function stepTurns(s: TerminalTurns, input: TurnInput): { turns: TerminalTurn[]; dueAt?: number } {
  const turns: TerminalTurn[] = [];
  const answers = (input.lines ?? []).filter(isAnswerLine);
  const busy = input.busy ?? s.busy;
  const answered = (text: string) => {
    if (s.reported) {
      turns.push({ kind: 'assistant', at: input.now, text: clipText(redactSecrets(text), 300) });
    }
    s.reported = false;
  };
  if (s.mode === 'headless') {
    if (s.phase === 'awaiting' && answers.length > 0) {
      answered(answers[0]);
      s.phase = 'idle';
    }
  } else if (busy) {
    s.busyGoneAt = undefined;
    if (s.phase !== 'awaiting') {
      // A request starts: the lines drawn with it are the TUI's echo of the prompt.
      s.phase = 'awaiting';
      s.since = input.now;
      const echo = answers.length > 0 ? answers[answers.length - 1].replace(/^[^\p{L}\p{N}]+/u, '') : '';
      s.prompt = echo ? clipText(redactSecrets(echo), 200) : undefined;
    } else if (answers.length > 0) {
      // Progress while the TUI stays busy (a tool ran, text streams): the wait starts again from here.
      answered(answers[0]);
      s.since = input.now;
    }
  } else if (s.phase === 'awaiting') {
    s.busyGoneAt ??= input.now;
    if (answers.length > 0 || input.now - s.busyGoneAt >= BUSY_END_CONFIRM_MS) {
      answered(answers[0] ?? 'The agent finished: its screen no longer shows a request in flight.');
      s.phase = 'idle';
      s.busyGoneAt = undefined;
    }
  }
  s.busy = busy;
  const hold = input.holdMs ?? DEFAULT_PROMPT_HOLD_MS;
  const endDue = s.phase === 'awaiting' && s.busyGoneAt !== undefined ? s.busyGoneAt + BUSY_END_CONFIRM_MS : undefined;
  if (s.phase !== 'awaiting' || s.reported || input.tied) {
    return endDue === undefined ? { turns } : { turns, dueAt: endDue };
  }
  if (input.now - s.since >= hold && s.busyGoneAt === undefined) {
    s.reported = true;
    turns.push({ kind: 'user', at: s.since, text: s.prompt ?? 'A prompt sent in the terminal (its words not shown).' });
    return { turns };
  }
  return { turns, dueAt: Math.min(s.since + hold, endDue ?? Infinity) };
}

/**
 * The run was tied to a transcript session: a prompt reported to the run's own session is closed there (the turns go
 * on in the transcript). Returns the turn to ingest into the run's own session, if any.
 */
export function tiedTurns(s: TerminalTurns, now: number, transcriptId: string): TerminalTurn | undefined {
  if (!s.reported) {
    return undefined;
  }
  s.reported = false;
  return { kind: 'assistant', at: now, text: `The run goes on in transcript session ${transcriptId}.` };
}

/** The event of a turn in `sessionId`, for the engine's `ingest` (its time is the turn's). */
export function turnEvent(run: { command: { agent: AgentKind }; cwd?: string }, sessionId: string, t: TerminalTurn): AgentEvent {
  return { sessionId, agent: run.command.agent, timestamp: t.at, kind: t.kind, text: t.text, cwd: run.cwd };
}
