/**
 * The Fleet tree: machines (from Prometheus) and their troubled sessions, read-only. One TreeItem class per node kind,
 * stable ids, codicons with theme colours.
 */
import * as vscode from 'vscode';
import type { FleetMachine, FleetSession } from './fleetModel';

/** `contextValue`s of the Fleet nodes. */
export const enum FleetNodeKind {
  Machine = 'fleetMachine',
  Session = 'fleetSession',
  Message = 'fleetMessage',
}

/** A node of the tree: a machine, a session of one, or a message (not configured, an error). */
export type FleetNode =
  { kind: 'machine'; machine: FleetMachine } | { kind: 'session'; session: FleetSession } | { kind: 'message'; text: string };

/** A machine: its name, live sessions against the limit, and how many are troubled. */
export class MachineItem extends vscode.TreeItem {
  constructor(m: FleetMachine) {
    super(m.machine, m.sessions.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    this.id = `fleet:${m.machine}`;
    this.contextValue = FleetNodeKind.Machine;
    const ratio = m.usedRatio !== undefined ? ` (${Math.round(m.usedRatio * 100)} % of the limit)` : '';
    this.description = m.up ? `${m.live} live${ratio}${m.sessions.length ? `, ${m.sessions.length} troubled` : ''}` : 'not scraped';
    const critical = m.sessions.some((s) => s.findings.some((f) => f.severity === 'CRITICAL'));
    this.iconPath = !m.up
      ? new vscode.ThemeIcon('debug-disconnect', new vscode.ThemeColor('problemsWarningIcon.foreground'))
      : critical
        ? new vscode.ThemeIcon('server', new vscode.ThemeColor('problemsErrorIcon.foreground'))
        : new vscode.ThemeIcon('server');
  }
}

/** A troubled session: agent, id, and its worst finding. */
export class FleetSessionItem extends vscode.TreeItem {
  constructor(s: FleetSession) {
    super(`${s.agent} ${s.session.slice(0, 8)}`, vscode.TreeItemCollapsibleState.None);
    this.id = `fleet:${s.machine}:${s.session}`;
    this.contextValue = FleetNodeKind.Session;
    const worst = s.findings[0];
    this.description = [
      worst ? `${worst.severity} ${worst.type}` : '',
      s.stuck ? 'stuck' : '',
      s.findings.length > 1 ? `+${s.findings.length - 1}` : '',
    ]
      .filter(Boolean)
      .join(' · ');
    this.tooltip = new vscode.MarkdownString(
      [
        `**${s.agent}** session \`${s.session}\` on **${s.machine}**`,
        ...s.findings.map((f) => `- ${f.severity} ${f.type}`),
        s.stuck ? '- stuck' : '',
      ]
        .filter(Boolean)
        .join('\n'),
    );
    this.iconPath =
      worst?.severity === 'CRITICAL'
        ? new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'))
        : new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  }
}

/** The tree data of the Fleet view: what the last refresh loaded. */
export class FleetTreeProvider implements vscode.TreeDataProvider<FleetNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<FleetNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: FleetNode[] = [];

  /** Shows these machines (or a message when `machines` is a string). */
  show(machines: FleetMachine[] | string): void {
    this.roots =
      typeof machines === 'string' ? [{ kind: 'message', text: machines }] : machines.map((machine) => ({ kind: 'machine', machine }));
    this.changed.fire(undefined);
  }

  getTreeItem(n: FleetNode): vscode.TreeItem {
    if (n.kind === 'machine') {
      return new MachineItem(n.machine);
    }
    if (n.kind === 'session') {
      return new FleetSessionItem(n.session);
    }
    const item = new vscode.TreeItem(n.text);
    item.contextValue = FleetNodeKind.Message;
    item.iconPath = new vscode.ThemeIcon('info');
    return item;
  }

  getChildren(n?: FleetNode): FleetNode[] {
    if (!n) {
      return this.roots;
    }
    return n.kind === 'machine' ? n.machine.sessions.map((session) => ({ kind: 'session', session })) : [];
  }

  dispose(): void {
    this.changed.dispose();
  }
}
