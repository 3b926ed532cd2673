/**
 * Which terminal runs a session's agent: the matching rule, kept apart from the VS Code terminal API so it can be tested.
 * Pure module: no `vscode`, no Node built-ins.
 */
import { resumedSessionIdOfLine } from '../agents/commandLine';

/** What is known about one terminal. */
export interface TerminalFacts {
  /** The terminal's name as shown in the terminal list. */
  name: string;
  /** Its current working directory (shell integration) or the one it was created with; undefined when unknown. */
  cwd?: string;
  /** Command lines running in it (shell integration executions not yet ended, or commands Session Doctor started there). */
  commandLines: readonly string[];
}

/** The session to find a terminal for. */
export interface SessionFacts {
  id: string;
  /** The agent's working directory ("" when unknown). */
  cwd: string;
}

/** Matching settings. */
export interface MatchOptions {
  /**
   * Agent names (setting `claudeCode.terminalNames`, e.g. `["claude", "Claude Code"]`): a terminal whose name equals or
   * starts with one of them, or that runs a command line whose program is one of them, runs the agent.
   */
  agentNames: readonly string[];
}

/** Points of each piece of evidence (exported for tests and diagnostics). */
export const MATCH_SCORES = {
  /** A command line names the session id (e.g. `claude --resume <id>`). */
  sessionIdInCommand: 100,
  /** The terminal's cwd equals the session's cwd. */
  sameCwd: 30,
  /** A command line runs the agent (program named like one of the agent names). */
  agentCommand: 20,
  /** The terminal's name is one of the agent names. */
  agentName: 10,
  /** A command line resumes a different session id. */
  otherSessionInCommand: -50,
} as const;

/**
 * Normalizes a path for comparison: backslashes to `/`, no trailing `/`, a Windows drive letter lower-cased.
 * Case is otherwise kept (Linux paths are case-sensitive).
 */
export function normalizePath(p: string): string {
  let s = p.trim().replace(/\\/g, '/');
  while (s.length > 1 && s.endsWith('/') && !/^[A-Za-z]:\/$/.test(s)) {
    s = s.slice(0, -1);
  }
  if (/^[A-Za-z]:/.test(s)) {
    s = s[0].toLowerCase() + s.slice(1);
  }
  return s;
}

/** The program of a command line: its first word without quotes or a leading path (`/usr/bin/claude` -> `claude`), lower case. */
function programOf(commandLine: string): string {
  const words = commandLine.trim().split(/\s+/);
  // Skip `env`-style prefixes: VAR=value assignments, and `npx`/`bunx`/`pnpm dlx` launchers.
  let i = 0;
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i])) {
    i++;
  }
  if (words[i] === 'npx' || words[i] === 'bunx') {
    i++;
    while (i < words.length && words[i].startsWith('-')) {
      i++;
    }
  } else if (words[i] === 'pnpm' && words[i + 1] === 'dlx') {
    i += 2;
  }
  const first = (words[i] ?? '').replace(/^["']|["']$/g, '');
  const base = first.split(/[\\/]/).pop() ?? '';
  // `claude-code@latest` -> `claude-code`; `claude.exe` -> `claude`.
  return base
    .replace(/(?!^)@.*$/, '')
    .replace(/\.(?:exe|cmd|ps1)$/i, '')
    .toLowerCase();
}

/**
 * Scores one terminal for a session; a score of 0 or less means "not the agent's terminal". A terminal needs agent
 * evidence (the session id in a command line, an agent command, or an agent name); a matching cwd alone is not enough,
 * since a plain shell in the same folder would receive the keystrokes.
 */
export function scoreTerminal(t: TerminalFacts, session: SessionFacts, options: MatchOptions): number {
  const names = options.agentNames.map((n) => n.trim().toLowerCase()).filter((n) => n.length > 0);
  let evidence = 0;
  let idMatch = false;
  let otherId = false;
  for (const line of t.commandLines) {
    const resumed = resumedSessionIdOfLine(line, options.agentNames);
    if (session.id && line.includes(session.id)) {
      idMatch = true;
    } else if (resumed !== undefined && resumed !== session.id) {
      otherId = true;
      continue;
    }
    const program = programOf(line);
    if (names.some((n) => program === n || program === n.replace(/\s+/g, '-'))) {
      evidence = Math.max(evidence, MATCH_SCORES.agentCommand);
    }
  }
  if (idMatch) {
    evidence = MATCH_SCORES.sessionIdInCommand;
  }
  const name = t.name.trim().toLowerCase();
  // "Claude Code" matches "claude code", "Claude Code · my-app", "claude (2)"; not "claudette".
  if (evidence === 0 && names.some((n) => name === n || (name.startsWith(n) && !/[\p{L}\p{N}_-]/u.test(name[n.length])))) {
    evidence = MATCH_SCORES.agentName;
  }
  if (evidence === 0) {
    return 0;
  }
  let score = evidence;
  if (session.cwd && t.cwd !== undefined && normalizePath(t.cwd) === normalizePath(session.cwd)) {
    score += MATCH_SCORES.sameCwd;
  }
  if (otherId && !idMatch) {
    score += MATCH_SCORES.otherSessionInCommand;
  }
  return score;
}

/**
 * The index of the terminal that best matches the session, or -1 when none does. Highest score wins; on a tie the
 * later terminal (the most recently opened) wins.
 */
export function bestTerminalIndex(terminals: readonly TerminalFacts[], session: SessionFacts, options: MatchOptions): number {
  let best = -1;
  let bestScore = 0;
  terminals.forEach((t, i) => {
    const s = scoreTerminal(t, session, options);
    if (s > 0 && s >= bestScore) {
      best = i;
      bestScore = s;
    }
  });
  return best;
}

/** A transcript session a terminal could belong to (from `engine.snapshot()`). */
export interface TranscriptCandidate {
  id: string;
  agent: string;
  /** The agent's working directory ("" when unknown). */
  cwd: string;
  /** When the session was first seen / started (epoch ms). */
  startedAt: number;
}

/** The sessions a terminal may be tied to: those of transcripts (not `terminal:` or `output:` sessions) with their first time. */
export function transcriptCandidates(
  sessions: readonly { id: string; agent: string; cwd: string; firstSeen: number }[],
): TranscriptCandidate[] {
  return sessions
    .filter((s) => !s.id.startsWith('terminal:') && !s.id.startsWith('output:'))
    .map((s) => ({ id: s.id, agent: s.agent, cwd: s.cwd, startedAt: s.firstSeen }));
}

/**
 * The transcript session a terminal's agent writes: the session id the command line resumes, when it is among the
 * candidates; else a session of the same agent and cwd that started within `windowMs` (default 60 000 ms) of the
 * command's start (or after it), the closest in time; `taken` ids (already tied to another terminal) are skipped.
 * Returns undefined when none fits (the source retries: the transcript appears after the first prompt).
 */
export function tieToTranscript(
  terminal: { agent: string; cwd?: string; startedAtMs: number; resumedId?: string },
  candidates: readonly TranscriptCandidate[],
  taken: ReadonlySet<string> = new Set(),
  windowMs = 60_000,
): string | undefined {
  if (terminal.resumedId && candidates.some((c) => c.id === terminal.resumedId)) {
    return terminal.resumedId;
  }
  if (!terminal.cwd) {
    return undefined;
  }
  const cwd = normalizePath(terminal.cwd);
  let best: TranscriptCandidate | undefined;
  for (const c of candidates) {
    if (taken.has(c.id) || c.agent !== terminal.agent || !c.cwd || normalizePath(c.cwd) !== cwd) {
      continue;
    }
    // The session starts after the command (its first prompt); a little before is clock skew between file and host.
    if (c.startedAt < terminal.startedAtMs - 5_000 || c.startedAt > terminal.startedAtMs + windowMs) {
      continue;
    }
    if (!best || Math.abs(c.startedAt - terminal.startedAtMs) < Math.abs(best.startedAt - terminal.startedAtMs)) {
      best = c;
    }
  }
  return best?.id;
}

/** How a terminal's agent process ended, as {@link classifyExit} reads it. */
export interface ExitVerdict {
  /** True for a crash (a `process_crash` finding); false for a clean exit, a user interrupt or an unknown end. */
  crash: boolean;
  /** Words for the finding or the log, e.g. "exited with code 137 (killed: SIGKILL, often out of memory)". */
  detail: string;
}

/**
 * Reads an agent's end:
 * - exit code 0: clean exit; 130 (SIGINT): the user pressed Ctrl+C, not a crash;
 * - 137 (SIGKILL, often the out-of-memory killer), 143 (SIGTERM), 134 (SIGABRT), 139 (SIGSEGV) and any other
 *   non-zero code: a crash;
 * - no exit code: when the terminal itself ended while the agent ran (`terminalEnded`), a crash unless the user closed
 *   the terminal (`closedByUser`); otherwise unknown (shell integration could not tell), not a crash.
 */
export function classifyExit(exitCode: number | undefined, options: { terminalEnded?: boolean; closedByUser?: boolean } = {}): ExitVerdict {
  if (exitCode === undefined) {
    if (options.terminalEnded && !options.closedByUser) {
      return { crash: true, detail: 'ended with its terminal while it was running' };
    }
    return { crash: false, detail: options.closedByUser ? 'ended: the terminal was closed by the user' : 'ended (exit code unknown)' };
  }
  if (exitCode === 0) {
    return { crash: false, detail: 'exited with code 0' };
  }
  if (exitCode === 130) {
    return { crash: false, detail: 'exited with code 130 (interrupted with Ctrl+C)' };
  }
  const signals: Record<number, string> = { 134: 'SIGABRT', 137: 'SIGKILL, often out of memory', 139: 'SIGSEGV', 143: 'SIGTERM' };
  const sig = signals[exitCode];
  return { crash: true, detail: `exited with code ${exitCode}${sig ? ` (killed: ${sig})` : ''}` };
}
