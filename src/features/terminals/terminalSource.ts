/**
 * The terminal source: reads what agent CLIs print in VS Code's terminals (stable shell-integration API only). For each
 * execution that starts an agent ({@link recogniseAgentCommand}: the plug-ins' programs and `terminals.agentCommands`):
 * - the output goes through a headless terminal emulator ({@link TerminalTextReader}) and comes out as plain lines;
 * - which lines become events is the core's rule ({@link eventsOfLines}): the agent's own error lines, and once the run
 *   is tied to its transcript session (the id it resumes or prints, else the same agent and cwd started within a
 *   minute; retried for two minutes) only its retry lines, which transcripts do not record; an untied run is its own
 *   session, `terminal:<name>:<n>`;
 * - the process state goes to `engine.noteAgentProcess`; a crash ({@link classifyExit}) is a `process_crash`;
 * - an untied run's turns feed the hang watchdog ({@link TurnFeed}: a prompt that shows nothing new, then its answer).
 * Terminals without shell integration are listed as not readable, with a hint. The VS Code API arrives as a
 * {@link TerminalWindow} (the shell-execution tracker, or fakes under plain mocha).
 */
import type * as vscode from 'vscode';
import { recogniseAgentCommand, resumedSessionId, AgentCommand } from '../../core/agents/commandLine';
import { classifyExit, tieToTranscript, transcriptCandidates } from '../../core/terminals/terminalMatch';
import { clipText } from '../../core/model/event';
import { redactSecrets } from '../../core/ingest/redact';
import { TerminalTextReader } from '../../core/terminals/terminalText';
import { TerminalRunLines, eventsOfLines, terminalErrorEvent } from '../../core/terminals/terminalLines';
import { TerminalTurns, isBusyLine, startTurns } from '../../core/terminals/terminalTurns';
import { TurnFeed } from './turnFeed';
import { REAL_TIMERS, type TerminalRow, type TerminalSourceOptions, type Timers } from './types';

export type { TerminalWindow } from '../../host/vscode/shellExecutions';
export { NOT_READABLE_HINT } from './types';
export type { TerminalEngine, TerminalRow, TerminalSourceOptions, Timers } from './types';

interface Run extends TerminalRunLines {
  execution: vscode.TerminalShellExecution;
  command: AgentCommand;
  commandLine: string;
  startedAt: number;
  reader: TerminalTextReader;
  settleTimer?: unknown;
  lastSettle: number;
  tieTimer?: unknown;
  /** What the watchdog is told of the run's turns ({@link TurnFeed}), and the timer of its next look. */
  turns: TerminalTurns;
  turnTimer?: unknown;
  /** The write in progress (for {@link TerminalSource.drained}). */
  writing: Promise<void>;
  ended: boolean;
}

interface Watched {
  key: string;
  terminal: vscode.Terminal;
  readable: TerminalRow['readable'];
  graceTimer?: unknown;
  runs: Run[];
  last?: { run: Run; detail: string; crash: boolean };
}

/** Reads agent CLIs in VS Code terminals into the engine. */
export class TerminalSource implements vscode.Disposable {
  private readonly watched = new Map<vscode.Terminal, Watched>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly changeListeners = new Set<() => void>();
  private readonly perName = new Map<string, number>();
  private readonly timers: Timers;
  private readonly turnFeed: TurnFeed;
  private nextKey = 1;
  private disposed = false;

  constructor(private readonly options: TerminalSourceOptions) {
    this.timers = options.timers ?? REAL_TIMERS;
    this.turnFeed = new TurnFeed(options, this.timers, {
      tie: (run, fromMs) => this.tryTie(run as Run, undefined, fromMs),
      ensureOwnSession: (run) => this.ensureSession(run as Run, true),
      fire: () => this.fire(),
    });
    const w = options.window;
    this.subscriptions.push(
      w.onDidOpenTerminal((t) => this.watch(t)),
      w.onDidCloseTerminal((t) => this.closed(t)),
      w.onDidChangeTerminalShellIntegration((e) => this.integrated(e.terminal)),
      w.onDidStartTerminalShellExecution((e) => this.started(e.terminal, e.execution, e.shellIntegration)),
      w.onDidEndTerminalShellExecution((e) => this.ended(e.terminal, e.execution, e.exitCode)),
    );
    for (const t of w.terminals) {
      this.watch(t);
    }
  }

  /** The terminals watched, in the order they were opened. */
  rows(): TerminalRow[] {
    return [...this.watched.values()].map((w) => {
      const run = w.runs[w.runs.length - 1] ?? w.last?.run;
      return {
        key: w.key,
        name: w.terminal.name,
        readable: w.readable,
        agent: run?.command.agent,
        commandLine: run?.commandLine,
        sessionId: run ? (run.tiedId ?? run.terminalSessionId) : undefined,
        tied: !!run?.tiedId,
        process: run
          ? run.ended
            ? { state: 'exited', detail: w.last?.detail ?? 'exited', crash: !!w.last?.crash }
            : { state: 'running', detail: 'running', crash: false }
          : undefined,
        errorLines: run?.errorLines ?? 0,
      };
    });
  }

  /** The VS Code terminal of a row's `key`, while it is open. */
  terminalOf(key: string): vscode.Terminal | undefined {
    return [...this.watched.values()].find((w) => w.key === key)?.terminal;
  }

  /** Resolves when the output read so far has gone through the emulators (for tests and diagnostics). */
  async drained(): Promise<void> {
    await Promise.all([...this.watched.values()].flatMap((w) => w.runs.map((r) => r.writing)));
  }

  /** Listens for changes of {@link rows}. */
  onDidChange(listener: () => void): vscode.Disposable {
    this.changeListeners.add(listener);
    return { dispose: () => this.changeListeners.delete(listener) };
  }

  /** Ends all reads and timers. */
  dispose(): void {
    this.disposed = true;
    for (const s of this.subscriptions) {
      s.dispose();
    }
    for (const w of this.watched.values()) {
      this.forget(w);
    }
    this.watched.clear();
    this.changeListeners.clear();
  }

  // ---- terminal life -------------------------------------------------------------------------------------------------

  private watch(t: vscode.Terminal): Watched {
    let w = this.watched.get(t);
    if (w) {
      return w;
    }
    w = { key: String(this.nextKey++), terminal: t, readable: t.shellIntegration ? 'readable' : 'waiting', runs: [] };
    this.watched.set(t, w);
    if (!t.shellIntegration) {
      const watched = w;
      w.graceTimer = this.timers.setTimeout(() => {
        watched.graceTimer = undefined;
        if (watched.readable === 'waiting' && !t.shellIntegration) {
          watched.readable = 'not-readable';
          this.options.log?.info(`Terminal "${t.name}" has no shell integration; Session Doctor cannot read it.`);
          this.fire();
        }
      }, this.options.graceMs ?? 10_000);
    }
    this.fire();
    return w;
  }

  private integrated(t: vscode.Terminal): void {
    const w = this.watch(t);
    if (w.readable !== 'readable') {
      w.readable = 'readable';
      this.fire();
    }
  }

  private closed(t: vscode.Terminal): void {
    const w = this.watched.get(t);
    if (!w) {
      return;
    }
    const byUser = t.exitStatus?.reason === TERMINAL_EXIT_REASON_USER;
    for (const run of [...w.runs]) {
      this.finish(w, run, undefined, { terminalEnded: true, closedByUser: byUser });
    }
    this.forget(w);
    this.watched.delete(t);
    this.fire();
  }

  private forget(w: Watched): void {
    if (w.graceTimer !== undefined) {
      this.timers.clearTimeout(w.graceTimer);
    }
    for (const run of w.runs) {
      this.stopRun(run);
    }
    w.runs = [];
  }

  // ---- executions ----------------------------------------------------------------------------------------------------

  private started(t: vscode.Terminal, execution: vscode.TerminalShellExecution, integration: vscode.TerminalShellIntegration): void {
    const w = this.watch(t);
    if (w.readable !== 'readable') {
      w.readable = 'readable';
    }
    const config = this.options.config();
    const commandLine = execution.commandLine.value;
    const command = config.enabled ? recogniseAgentCommand(commandLine, config.agentCommands) : undefined;
    if (!command) {
      this.fire();
      return;
    }
    const n = (this.perName.get(t.name) ?? 0) + 1;
    this.perName.set(t.name, n);
    const now = this.options.clock.now();
    const run: Run = {
      execution,
      command,
      commandLine: clipText(redactSecrets(commandLine), 500),
      cwd: execution.cwd?.fsPath ?? integration.cwd?.fsPath,
      startedAt: now,
      turns: startTurns(command, now),
      terminalSessionId: `terminal:${t.name}:${n}`,
      reader: new TerminalTextReader(),
      lastSettle: now,
      writing: Promise.resolve(),
      ended: false,
      errorLines: 0,
      pendingRetries: [],
    };
    w.runs.push(run);
    this.options.log?.info(`Terminal "${t.name}": ${command.agent} started (${run.commandLine})`);
    this.tryTie(run, resumedSessionId(command));
    this.options.engine.noteAgentProcess(this.sessionOf(run), { state: 'running', atMs: run.startedAt, source: `terminal:${w.key}` });
    if (!run.tiedId) {
      this.scheduleTie(run);
    }
    this.turnFeed.look(run, []);
    void this.read(w, run);
    this.fire();
  }

  private async read(w: Watched, run: Run): Promise<void> {
    try {
      for await (const data of run.execution.read()) {
        if (this.disposed || run.ended) {
          break;
        }
        run.writing = run.reader.write(data);
        await run.writing;
        this.scheduleSettle(run);
      }
    } catch (e) {
      this.options.log?.warn(`Terminal "${w.terminal.name}": reading the output failed: ${String(e)}`);
    }
  }

  private ended(t: vscode.Terminal, execution: vscode.TerminalShellExecution, exitCode: number | undefined): void {
    const w = this.watched.get(t);
    const run = w?.runs.find((r) => r.execution === execution);
    if (w && run) {
      this.finish(w, run, exitCode, {});
      this.fire();
    }
  }

  /** The run ended: last lines, process state, a crash finding when it crashed. */
  private finish(w: Watched, run: Run, exitCode: number | undefined, how: { terminalEnded?: boolean; closedByUser?: boolean }): void {
    if (run.ended) {
      return;
    }
    this.handleLines(run, run.reader.settle(true));
    run.ended = true;
    this.stopRun(run);
    w.runs = w.runs.filter((r) => r !== run);
    const verdict = classifyExit(exitCode, how);
    w.last = { run, detail: verdict.detail, crash: verdict.crash };
    const now = this.options.clock.now();
    const sessionId = this.sessionOf(run);
    this.options.log?.info(`Terminal "${w.terminal.name}": ${run.command.agent} ${verdict.detail}`);
    if (verdict.crash) {
      const text = `Agent process ${verdict.detail} (${run.command.program} in terminal "${w.terminal.name}")`;
      this.ensureSession(run);
      this.options.engine.ingest([terminalErrorEvent(run, sessionId, text, now)], { live: true });
    }
    this.options.engine.noteAgentProcess(sessionId, { state: 'exited', exitCode, atMs: now, source: `terminal:${w.key}` });
  }

  private stopRun(run: Run): void {
    if (run.settleTimer !== undefined) {
      this.timers.clearTimeout(run.settleTimer);
      run.settleTimer = undefined;
    }
    if (run.tieTimer !== undefined) {
      this.timers.clearTimeout(run.tieTimer);
      run.tieTimer = undefined;
    }
    this.turnFeed.clear(run);
    run.reader.dispose();
  }

  // ---- lines ---------------------------------------------------------------------------------------------------------

  private scheduleSettle(run: Run): void {
    if (run.settleTimer !== undefined) {
      this.timers.clearTimeout(run.settleTimer);
    }
    const now = this.options.clock.now();
    const maxWait = this.options.maxWaitMs ?? 1000;
    if (now - run.lastSettle >= maxWait) {
      this.settle(run, false);
      return;
    }
    run.settleTimer = this.timers.setTimeout(() => {
      run.settleTimer = undefined;
      this.settle(run, true);
    }, this.options.quietMs ?? 150);
  }

  private settle(run: Run, final: boolean): void {
    if (run.ended) {
      return;
    }
    run.lastSettle = this.options.clock.now();
    this.handleLines(run, run.reader.settle(final));
  }

  /** Lines of one settle: a resume hint ties the run; agent errors become events (see {@link eventsOfLines}). */
  private handleLines(run: Run, lines: string[]): void {
    const events = eventsOfLines(
      run,
      lines,
      this.options.clock.now(),
      (line) => this.options.engine.classifyLine(line),
      (printedId) => this.tryTie(run, printedId),
    );
    if (events.length > 0) {
      this.ensureSession(run);
      this.options.engine.ingest(events, { live: true });
      this.fire();
    }
    if (!run.ended) {
      this.turnFeed.look(run, lines, run.reader.screenLines().some(isBusyLine));
    }
  }

  private ensureSession(run: Run, own = false): void {
    if (own || !run.tiedId) {
      this.options.engine.updateSession(run.terminalSessionId, { agent: run.command.agent, cwd: run.cwd, title: run.commandLine });
    }
  }

  // ---- tie to a transcript session -----------------------------------------------------------------------------------

  private sessionOf(run: Run): string {
    return run.tiedId ?? run.terminalSessionId;
  }

  private tryTie(run: Run, resumedId?: string, fromMs = run.startedAt): void {
    const others = [...this.watched.values()].flatMap((w) => w.runs).filter((r) => r !== run);
    const taken = new Set(others.flatMap((r) => (r.tiedId ? [r.tiedId] : [])));
    const candidates = transcriptCandidates(this.options.engine.snapshot());
    const id = tieToTranscript({ agent: run.command.agent, cwd: run.cwd, startedAtMs: fromMs, resumedId }, candidates, taken);
    if (id && id !== run.tiedId) {
      run.tiedId = id;
      if (run.tieTimer !== undefined) {
        this.timers.clearTimeout(run.tieTimer);
        run.tieTimer = undefined;
      }
      this.options.log?.info(`Terminal session ${run.terminalSessionId} is transcript session ${id}`);
      this.turnFeed.tied(run, id);
      if (!run.ended) {
        this.options.engine.noteAgentProcess(id, { state: 'running', atMs: this.options.clock.now(), source: run.terminalSessionId });
      }
      this.fire();
    }
  }

  private scheduleTie(run: Run): void {
    const every = this.options.tieRetryMs ?? 5000;
    const until = run.startedAt + (this.options.tieForMs ?? 120_000);
    run.tieTimer = this.timers.setTimeout(() => {
      run.tieTimer = undefined;
      if (run.ended || run.tiedId) {
        return;
      }
      this.tryTie(run);
      if (!run.tiedId && this.options.clock.now() + every <= until) {
        this.scheduleTie(run);
      }
    }, every);
  }

  private fire(): void {
    for (const l of [...this.changeListeners]) {
      try {
        l();
      } catch {
        // A view's failure must not stop the source.
      }
    }
  }
}

/** `vscode.TerminalExitReason.User` (the enum is not importable without the `vscode` module at run time). */
const TERMINAL_EXIT_REASON_USER = 3;
