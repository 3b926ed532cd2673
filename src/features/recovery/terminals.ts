/**
 * Finds the VS Code terminal that runs a session's agent. Evidence per terminal: command lines running in it and those
 * Session Doctor started there (from the one {@link ShellExecutionTracker}), its cwd (shell integration, else its creation
 * options) and its name. The rule itself is the pure {@link bestTerminalIndex}.
 */
import * as vscode from 'vscode';
import { agentTerminalNames } from '../../core/recovery/resumeAtResetPlan';
import { TerminalFacts, bestTerminalIndex } from '../../core/terminals/terminalMatch';
import type { ShellExecutionTracker } from '../../host/vscode/shellExecutions';

/** Answers "which terminal runs this session?". */
export class TerminalFinder {
  /** @param agentNames current `claudeCode.terminalNames` (read on every lookup). */
  constructor(
    private readonly executions: Pick<ShellExecutionTracker, 'terminals' | 'commandLines' | 'remember'>,
    private readonly agentNames: () => readonly string[],
  ) {}

  /** Remembers that Session Doctor started `commandLine` in `terminal` (evidence for later lookups). */
  remember(terminal: vscode.Terminal, commandLine: string): void {
    this.executions.remember(terminal, commandLine);
  }

  /**
   * The terminal running the session's agent, preferring one whose cwd equals the session's; undefined when none matches.
   * The agent is known by its plug-in's program and display names (plus `claudeCode.terminalNames` for Claude Code);
   * without `agent`, by the Claude Code names alone.
   */
  find(session: { id: string; cwd: string; agent?: string }): vscode.Terminal | undefined {
    const terminals = [...this.executions.terminals];
    const facts = terminals.map((t) => this.factsOf(t));
    const claudeNames = this.agentNames();
    const agentNames =
      session.agent === undefined ? claudeNames : agentTerminalNames(session.agent, session.agent === 'claude-code' ? claudeNames : []);
    const i = bestTerminalIndex(facts, { id: session.id, cwd: session.cwd }, { agentNames });
    return i >= 0 ? terminals[i] : undefined;
  }

  /** What is known about a terminal (exported for diagnostics). */
  factsOf(t: vscode.Terminal): TerminalFacts {
    return { name: t.name, cwd: cwdOf(t), commandLines: this.executions.commandLines(t) };
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
