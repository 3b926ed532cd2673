/**
 * Finds the VS Code terminal that runs a session's agent. Evidence per terminal: command lines running in it (shell
 * integration executions that have not ended, and commands Session Doctor started there), its cwd (shell integration,
 * else its creation options) and its name. The rule itself is the pure {@link bestTerminalIndex}.
 */
import * as vscode from 'vscode';
import { TerminalFacts, bestTerminalIndex } from '../../core/terminals/terminalMatch';

/** Most command lines remembered per terminal. */
const MAX_LINES = 20;

/** Tracks terminal executions and answers "which terminal runs this session?". */
export class TerminalFinder implements vscode.Disposable {
  /** Running shell-integration executions per terminal. */
  private readonly running = new Map<vscode.Terminal, Map<vscode.TerminalShellExecution, string>>();
  /** Command lines Session Doctor sent to terminals it created (kept until the terminal closes). */
  private readonly started = new Map<vscode.Terminal, string[]>();
  private readonly disposables: vscode.Disposable[] = [];

  /** @param agentNames current `claudeCode.terminalNames` (read on every lookup). */
  constructor(private readonly agentNames: () => readonly string[]) {
    this.disposables.push(
      vscode.window.onDidStartTerminalShellExecution((e) => {
        let m = this.running.get(e.terminal);
        if (!m) {
          m = new Map();
          this.running.set(e.terminal, m);
        }
        if (m.size < MAX_LINES) {
          m.set(e.execution, e.execution.commandLine.value);
        }
      }),
      vscode.window.onDidEndTerminalShellExecution((e) => {
        this.running.get(e.terminal)?.delete(e.execution);
      }),
      vscode.window.onDidCloseTerminal((t) => {
        this.running.delete(t);
        this.started.delete(t);
      }),
    );
  }

  /** Remembers that Session Doctor started `commandLine` in `terminal` (evidence for later lookups). */
  remember(terminal: vscode.Terminal, commandLine: string): void {
    const lines = this.started.get(terminal) ?? [];
    lines.push(commandLine);
    this.started.set(terminal, lines.slice(-MAX_LINES));
  }

  /** The terminal running the session's agent, preferring one whose cwd equals the session's; undefined when none matches. */
  find(session: { id: string; cwd: string }): vscode.Terminal | undefined {
    const terminals = [...vscode.window.terminals];
    const facts = terminals.map((t) => this.factsOf(t));
    const i = bestTerminalIndex(facts, session, { agentNames: this.agentNames() });
    return i >= 0 ? terminals[i] : undefined;
  }

  /** What is known about a terminal (exported for diagnostics). */
  factsOf(t: vscode.Terminal): TerminalFacts {
    const commandLines = [...(this.running.get(t)?.values() ?? []), ...(this.started.get(t) ?? [])];
    return { name: t.name, cwd: cwdOf(t), commandLines };
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
    this.running.clear();
    this.started.clear();
  }
}

/** A terminal's cwd: shell integration's current one, else the one it was created with; undefined when unknown. */
function cwdOf(t: vscode.Terminal): string | undefined {
  const live = t.shellIntegration?.cwd;
  if (live) {
    return live.fsPath;
  }
  const options = t.creationOptions as vscode.TerminalOptions;
  const cwd = 'cwd' in options ? options.cwd : undefined;
  if (cwd === undefined) {
    return undefined;
  }
  return typeof cwd === 'string' ? cwd : cwd.fsPath;
}
