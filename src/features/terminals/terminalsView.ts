/**
 * The "Terminals" view of the Session Doctor container: every open terminal as the terminal source sees it (readable or
 * not, the agent running in it, the session its output goes to, how the agent ended), and the output channels read.
 * A terminal without shell integration is shown as "not readable" with the hint to enable it. Commands:
 * `sessionDoctor.showTerminal` (item) and `sessionDoctor.openShellIntegrationSettings`.
 */
import * as vscode from 'vscode';
import type { ChannelFile } from '../../core/ingest/outputChannels';
import { COMMAND_IDS } from '../../manifest/commands';
import { VIEW_IDS } from '../../manifest/viewIds';
import { registerCommand } from '../../host/vscode/commands';
import { NOT_READABLE_HINT, TerminalRow } from './types';

/** What the view reads. */
export interface TerminalsViewDeps {
  terminals: () => TerminalRow[];
  onDidChangeTerminals: (listener: () => void) => vscode.Disposable;
  channels: () => ChannelFile[];
  /** The VS Code terminal of a row key (for "Show Terminal"). */
  terminalOf: (key: string) => vscode.Terminal | undefined;
  log: vscode.LogOutputChannel;
}

/** A node: a terminal row, or an output channel. */
export type TerminalsNode = { kind: 'terminal'; row: TerminalRow } | { kind: 'channel'; channel: ChannelFile };

/** The tree item of a node (exported for tests of the wording). */
export function terminalsItem(node: TerminalsNode): vscode.TreeItem {
  if (node.kind === 'channel') {
    const c = node.channel;
    const item = new vscode.TreeItem(c.channel, vscode.TreeItemCollapsibleState.None);
    item.id = `channel:${c.path}`;
    item.description = `output channel · session output:${c.channel}`;
    item.tooltip = `Output channel "${c.channel}"${c.extensionId ? ` of ${c.extensionId}` : ''}, read from ${c.path}`;
    item.iconPath = new vscode.ThemeIcon('output');
    item.contextValue = 'channel';
    return item;
  }
  const r = node.row;
  const item = new vscode.TreeItem(r.name, vscode.TreeItemCollapsibleState.None);
  item.id = `terminal:${r.key}`;
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${escapeMd(r.name)}**\n\n`);
  if (r.readable === 'not-readable') {
    item.description = 'not readable: no shell integration';
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    item.contextValue = 'terminal.notReadable';
    md.appendMarkdown(NOT_READABLE_HINT);
  } else if (r.readable === 'waiting') {
    item.description = 'waiting for shell integration';
    item.iconPath = new vscode.ThemeIcon('loading~spin');
    item.contextValue = 'terminal.waiting';
  } else if (r.agent) {
    const state = r.process?.state === 'running' ? 'running' : (r.process?.detail ?? 'ended');
    item.description = `${r.agent} · ${state}${r.errorLines ? ` · ${r.errorLines} error line(s)` : ''}`;
    const crashed = r.process?.state === 'exited' && r.process.crash;
    item.iconPath = crashed
      ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
      : new vscode.ThemeIcon(r.process?.state === 'running' ? 'debug-start' : 'terminal');
    item.contextValue = 'terminal.agent';
    md.appendMarkdown(`Agent: ${r.agent} — \`${escapeMd(r.commandLine ?? '')}\`\n\n`);
    md.appendMarkdown(`Session: \`${escapeMd(r.sessionId ?? '')}\`${r.tied ? ' (its transcript)' : ' (from the terminal output)'}\n\n`);
    md.appendMarkdown(`Process: ${escapeMd(r.process?.detail ?? 'unknown')}`);
  } else {
    item.description = 'readable · no agent running';
    item.iconPath = new vscode.ThemeIcon('terminal');
    item.contextValue = 'terminal.readable';
  }
  item.tooltip = md;
  item.command = { command: COMMAND_IDS.showTerminal, title: 'Show Terminal', arguments: [node] };
  return item;
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

class Provider implements vscode.TreeDataProvider<TerminalsNode> {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(private readonly deps: TerminalsViewDeps) {}

  refresh(): void {
    this.emitter.fire();
  }

  getTreeItem(node: TerminalsNode): vscode.TreeItem {
    return terminalsItem(node);
  }

  getChildren(node?: TerminalsNode): TerminalsNode[] {
    if (node) {
      return [];
    }
    return [
      ...this.deps.terminals().map((row): TerminalsNode => ({ kind: 'terminal', row })),
      ...this.deps.channels().map((channel): TerminalsNode => ({ kind: 'channel', channel })),
    ];
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/** Registers the Terminals view and its commands; everything goes to `context.subscriptions`. Returns a refresh function. */
export function registerTerminalsView(context: vscode.ExtensionContext, deps: TerminalsViewDeps): { refresh(): void } {
  const provider = new Provider(deps);
  const view = vscode.window.createTreeView(VIEW_IDS.terminals, { treeDataProvider: provider });
  let pending: ReturnType<typeof setTimeout> | undefined;
  const refresh = (): void => {
    // Terminal events come in bursts (open, integration, execution start): one refresh per 200 ms.
    if (pending === undefined) {
      pending = setTimeout(() => {
        pending = undefined;
        provider.refresh();
      }, 200);
    }
  };
  // Output channels appear when their extension activates; re-list them now and then.
  const channelTimer = setInterval(refresh, 5000);
  context.subscriptions.push(
    provider,
    view,
    deps.onDidChangeTerminals(refresh),
    { dispose: () => clearInterval(channelTimer) },
    { dispose: () => pending !== undefined && clearTimeout(pending) },
    registerCommand(
      COMMAND_IDS.showTerminal,
      (arg?: unknown) => {
        const node = arg as TerminalsNode | undefined;
        if (node?.kind === 'terminal') {
          deps.terminalOf(node.row.key)?.show();
        } else if (node?.kind === 'channel') {
          return vscode.window.showTextDocument(vscode.Uri.file(node.channel.path), { preview: true });
        }
        return undefined;
      },
      deps.log,
    ),
    registerCommand(
      COMMAND_IDS.openShellIntegrationSettings,
      () => vscode.commands.executeCommand('workbench.action.openSettings', 'terminal.integrated.shellIntegration'),
      deps.log,
    ),
  );
  return { refresh: () => provider.refresh() };
}
