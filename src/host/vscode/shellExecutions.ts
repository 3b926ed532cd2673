/**
 * The one shell-execution tracker: the only subscriber to VS Code's terminal and shell-integration events. It remembers
 * the command lines running in each terminal (and those Session Doctor started there) for the recovery's terminal
 * matching, and re-publishes the events, in the shape of `vscode.window`, to the terminal source.
 */
import * as vscode from 'vscode';

/** The parts of `vscode.window` a terminal reader uses (the tracker offers the same, so readers test against fakes). */
export type TerminalWindow = Pick<
  typeof vscode.window,
  | 'terminals'
  | 'onDidOpenTerminal'
  | 'onDidCloseTerminal'
  | 'onDidStartTerminalShellExecution'
  | 'onDidEndTerminalShellExecution'
  | 'onDidChangeTerminalShellIntegration'
>;

/** Most command lines remembered per terminal. */
const MAX_LINES = 20;

/** Tracks terminals and their shell executions; see the module comment. */
export class ShellExecutionTracker implements TerminalWindow, vscode.Disposable {
  /** Running shell-integration executions per terminal, with their command lines. */
  private readonly running = new Map<vscode.Terminal, Map<vscode.TerminalShellExecution, string>>();
  /** Command lines Session Doctor sent to terminals it created (kept until the terminal closes). */
  private readonly started = new Map<vscode.Terminal, string[]>();
  private readonly opened = new vscode.EventEmitter<vscode.Terminal>();
  private readonly closed = new vscode.EventEmitter<vscode.Terminal>();
  private readonly startedExecution = new vscode.EventEmitter<vscode.TerminalShellExecutionStartEvent>();
  private readonly endedExecution = new vscode.EventEmitter<vscode.TerminalShellExecutionEndEvent>();
  private readonly integration = new vscode.EventEmitter<vscode.TerminalShellIntegrationChangeEvent>();
  private readonly subscriptions: vscode.Disposable[];

  readonly onDidOpenTerminal = this.opened.event;
  readonly onDidCloseTerminal = this.closed.event;
  readonly onDidStartTerminalShellExecution = this.startedExecution.event;
  readonly onDidEndTerminalShellExecution = this.endedExecution.event;
  readonly onDidChangeTerminalShellIntegration = this.integration.event;

  constructor(private readonly window: TerminalWindow = vscode.window) {
    this.subscriptions = [
      window.onDidOpenTerminal((t) => this.opened.fire(t)),
      window.onDidStartTerminalShellExecution((e) => {
        let m = this.running.get(e.terminal);
        if (!m) {
          m = new Map();
          this.running.set(e.terminal, m);
        }
        if (m.size < MAX_LINES) {
          m.set(e.execution, e.execution.commandLine.value);
        }
        this.startedExecution.fire(e);
      }),
      window.onDidEndTerminalShellExecution((e) => {
        this.running.get(e.terminal)?.delete(e.execution);
        this.endedExecution.fire(e);
      }),
      window.onDidChangeTerminalShellIntegration((e) => this.integration.fire(e)),
      window.onDidCloseTerminal((t) => {
        this.running.delete(t);
        this.started.delete(t);
        this.closed.fire(t);
      }),
    ];
  }

  /** The open terminals. */
  get terminals(): readonly vscode.Terminal[] {
    return this.window.terminals;
  }

  /** Remembers that Session Doctor started `commandLine` in `terminal` (evidence for later lookups). */
  remember(terminal: vscode.Terminal, commandLine: string): void {
    const lines = this.started.get(terminal) ?? [];
    lines.push(commandLine);
    this.started.set(terminal, lines.slice(-MAX_LINES));
  }

  /** Command lines running in `terminal` now, then those Session Doctor started there. */
  commandLines(terminal: vscode.Terminal): string[] {
    return [...(this.running.get(terminal)?.values() ?? []), ...(this.started.get(terminal) ?? [])];
  }

  dispose(): void {
    for (const d of [...this.subscriptions, this.opened, this.closed, this.startedExecution, this.endedExecution, this.integration]) {
      d.dispose();
    }
    this.running.clear();
    this.started.clear();
  }
}
