/** The terminal source's options and what the Terminals view shows of each terminal. No `vscode` at run time. */
import type * as vscode from 'vscode';
import type { Clock, Engine } from '../../core/engine/engine';
import type { AgentKind } from '../../core/model/event';
import type { TerminalWindow } from '../../host/vscode/shellExecutions';

/** The engine methods the source uses. */
export type TerminalEngine = Pick<Engine, 'ingest' | 'updateSession' | 'noteAgentProcess' | 'snapshot' | 'classifyLine'>;

/** Timers (injectable so tests drive time by hand). */
export interface Timers {
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The host's timers. */
export const REAL_TIMERS: Timers = {
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Settings and collaborators. */
export interface TerminalSourceOptions {
  engine: TerminalEngine;
  window: TerminalWindow;
  /** `sessionDoctor.terminals.*`, read on each use. */
  config: () => { enabled: boolean; agentCommands: readonly string[] };
  clock: Clock;
  timers?: Timers;
  log?: Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error'>;
  /** A terminal without shell integration after this long (ms, default 10 000) is listed as not readable. */
  graceMs?: number;
  /** Period of the transcript tie retries (ms, default 5 000) and how long they go on (ms, default 120 000). */
  tieRetryMs?: number;
  tieForMs?: number;
  /** Output settles after this much quiet (ms, default 150), or at the latest this long after the last settle (ms, default 1 000). */
  quietMs?: number;
  maxWaitMs?: number;
  /** A prompt that has shown nothing new this long (ms, default 30 000) is reported to the hang watchdog (see `terminalTurns`). */
  promptHoldMs?: number;
}

/** What the Terminals view shows of one terminal. */
export interface TerminalRow {
  /** Stable per terminal while it is open, e.g. "3". */
  key: string;
  name: string;
  /** `waiting`: opened, shell integration not (yet) active; `readable`; `not-readable`: no shell integration after the grace period. */
  readable: 'waiting' | 'readable' | 'not-readable';
  /** The agent running now (or last run), if any. */
  agent?: AgentKind;
  commandLine?: string;
  /** The session its output goes to (a transcript session when tied, else `terminal:<name>:<n>`). */
  sessionId?: string;
  tied: boolean;
  /** running / exited, with the exit detail and whether it was a crash */
  process?: { state: 'running' | 'exited'; detail: string; crash: boolean };
  /** Agent error lines seen in this terminal. */
  errorLines: number;
}

/** The hint shown for a terminal that cannot be read. */
export const NOT_READABLE_HINT =
  'Shell integration is not active in this terminal, so Session Doctor cannot read it. Enable `terminal.integrated.shellIntegration.enabled` and use a supported shell (bash, zsh, fish, pwsh; Git Bash on Windows), then open a new terminal.';
