/**
 * The Sessions tree's nodes: small domain objects (what a node points at) kept apart from the `TreeItem`s built from the
 * engine's current snapshot, one item class per node kind. Node ids are stable across refreshes.
 */
import * as vscode from 'vscode';
import { STRATEGY_LABELS, Severity, failureDefinition } from '../../core/model/failures';
import { ACTION_INFO, RecoveryAction, recoveryFlagsOf, recoveryStepsFor, sessionContextValue } from '../../core/recovery/recoveryActions';
import { COMMAND_IDS, RECOVERY_ACTION_COMMANDS, commandIcon } from '../../manifest/commands';
import { actionsForFinding, isSnoozed } from '../../core/recovery/findingActions';
import type { RecipeTable } from '../../core/recovery/recipes';
import type { FindingSnapshot, Health, SessionSnapshot } from '../../core/model/snapshot';
import type { ViewRow } from '../../host/vscode/services';
import {
  ACTIVITY_LABELS,
  agentName,
  clip,
  codeBlock,
  escapeMarkdown,
  formatAgo,
  formatDuration,
  formatTokens,
  formatUsd,
  sessionDescription,
  sessionLabel,
} from '../../core/report/labels';

/** `contextValue`s of tree items (matched by `viewItem ==` / `=~` in package.json menus). */
export const ContextValue = {
  /** A session of an agent other than Claude Code (no Claude-specific commands). */
  session: 'session',
  /** A Claude Code session. */
  sessionClaude: 'session.claude',
  findingOpen: 'finding.open',
  /** Open, but its notifications are snoozed. */
  findingSnoozed: 'finding.snoozed',
  findingAcknowledged: 'finding.acknowledged',
  findingResolved: 'finding.resolved',
  /** A clickable recovery action. */
  action: 'action',
} as const;

/** A `contextValue` of a tree item. */
export type ContextValue = (typeof ContextValue)[keyof typeof ContextValue];

/** A session row. */
export interface SessionNode {
  readonly kind: 'session';
  readonly sessionId: string;
}

/** A finding row under its session. */
export interface FindingNode {
  readonly kind: 'finding';
  readonly sessionId: string;
  readonly findingId: number;
}

/** A recovery action row under its finding; clicking runs the action's command with the finding node. */
export interface ActionNode {
  readonly kind: 'action';
  readonly sessionId: string;
  readonly findingId: number;
  readonly action: RecoveryAction;
}

/** A row another feature added (a {@link ViewRow} of a section, e.g. the usage limits); `sessionId` is empty. */
export interface RowNode {
  readonly kind: 'row';
  readonly sessionId: '';
  readonly rowId: string;
  /** The row's `arg`, for the commands run on it. */
  readonly arg?: string;
}

/** Any node of the Sessions tree. Commands receive these as their first argument. */
export type TreeNode = SessionNode | FindingNode | ActionNode | RowNode;

/** Stable tree item id of a node. */
export function nodeId(node: TreeNode): string {
  switch (node.kind) {
    case 'session':
      return `session:${node.sessionId}`;
    case 'finding':
      return `finding:${node.findingId}`;
    case 'action':
      return `action:${node.findingId}:${node.action}`;
    case 'row':
      return `row:${node.rowId}`;
  }
}

export { actionsForFinding, isSnoozed } from '../../core/recovery/findingActions';

const HEALTH_ICONS: Readonly<Record<Health, [string, string]>> = {
  ok: ['pass', 'testing.iconPassed'],
  warning: ['warning', 'list.warningForeground'],
  critical: ['error', 'list.errorForeground'],
};

/** The codicon of a health, coloured with a theme colour. */
export function healthIcon(health: Health): vscode.ThemeIcon {
  const [id, color] = HEALTH_ICONS[health];
  return new vscode.ThemeIcon(id, new vscode.ThemeColor(color));
}

function severityIcon(severity: Severity): vscode.ThemeIcon {
  switch (severity) {
    case 'CRITICAL':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
    case 'HIGH':
    case 'MEDIUM':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    case 'LOW':
      return new vscode.ThemeIcon('info');
  }
}

/** The tree item of a feature's row: its label, description, codicon, Markdown tooltip and `contextValue` as given. */
export class RowTreeItem extends vscode.TreeItem {
  constructor(node: RowNode, row: ViewRow) {
    super(row.label, row.children?.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    this.id = nodeId(node);
    this.description = row.description;
    this.iconPath = row.icon ? new vscode.ThemeIcon(row.icon, row.iconColor ? new vscode.ThemeColor(row.iconColor) : undefined) : undefined;
    this.contextValue = row.contextValue;
    if (row.tooltip) {
      const md = markdown();
      md.appendMarkdown(row.tooltip);
      this.tooltip = md;
    }
  }
}

function markdown(): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = false;
  return md;
}

/** The tree item of a session: label project — title, description "health · 3m ago", a health icon and a Markdown tooltip. */
export class SessionTreeItem extends vscode.TreeItem {
  constructor(node: SessionNode, s: SessionSnapshot, nowMs: number, recipes?: RecipeTable) {
    super(
      sessionLabel(s),
      s.findings.length === 0
        ? vscode.TreeItemCollapsibleState.None
        : s.health === 'ok'
          ? vscode.TreeItemCollapsibleState.Collapsed
          : vscode.TreeItemCollapsibleState.Expanded,
    );
    // The health, and whether it has findings, are part of the id: VS Code keeps the expansion state per id, so a session
    // that turns troubled, or whose findings arrive after its health (read from a store another window writes), is shown
    // expanded to its findings even if it was collapsed (or had no children) before.
    this.id = `${nodeId(node)}:${s.health}${s.findings.length > 0 ? '' : ':none'}`;
    this.description = sessionDescription(s, nowMs);
    this.iconPath = healthIcon(s.health);
    // `session.<agent>.can-<action>...` (recoveryActions.ts sessionContextValue): menus show only what the agent can do.
    this.contextValue = sessionContextValue(s.agent, recipes, recoveryFlagsOf(s));
    this.tooltip = SessionTreeItem.tooltipOf(s, nowMs);
    // A click opens the session's panel beside the tree, the focus left in the tree (its twistie expands the findings).
    this.command = {
      command: COMMAND_IDS.openSessionPanel,
      title: 'Open Session Panel',
      arguments: [node, { preserveFocus: true }],
    };
    this.accessibilityInformation = {
      label: `${sessionLabel(s)}, ${s.health}, ${ACTIVITY_LABELS[s.activity.state]}, last activity ${formatAgo(s.lastActivity, nowMs)}`,
    };
  }

  /** The Markdown tooltip: agent and model, messages, tokens, cost, skipped lines, the last error, cwd and transcript. */
  static tooltipOf(s: SessionSnapshot, nowMs: number): vscode.MarkdownString {
    const md = markdown();
    const open = s.findings.filter((f) => f.status === 'open').length;
    const t = s.tokens;
    md.appendMarkdown(`$(${HEALTH_ICONS[s.health][0]}) **${escapeMarkdown(sessionLabel(s))}**\n\n`);
    md.appendMarkdown(
      `${escapeMarkdown(agentName(s.agent))}${s.model ? ` · \`${escapeMarkdown(s.model)}\`` : ''} · ${s.health}${open ? ` · ${open} open finding${open === 1 ? '' : 's'}` : ''}\n\n`,
    );
    md.appendMarkdown(`| | |\n|---|---|\n`);
    md.appendMarkdown(`| State | ${ACTIVITY_LABELS[s.activity.state]}: ${escapeMarkdown(s.activity.detail)} |\n`);
    const m = s.marathon;
    const reset = m.lastReset ? ` (count reset ${formatAgo(m.lastReset.timestamp, nowMs)}: ${m.lastReset.reason})` : '';
    md.appendMarkdown(
      `| Messages | ${m.limit > 0 ? `${m.count} / ${m.limit}` : `${m.count} (no limit)`}${reset}${m.count !== s.messageCount ? ` · ${s.messageCount} in all` : ''} |\n`,
    );
    if (s.context) {
      const c = s.context;
      const left = c.turnsLeft !== undefined ? ` · about ${c.turnsLeft} turn${c.turnsLeft === 1 ? '' : 's'} left at the recent growth` : '';
      md.appendMarkdown(
        `| Context | ${Math.round(c.percent)} % (${formatTokens(c.usedTokens)} of ${formatTokens(c.windowTokens)}${c.model ? `, \`${escapeMarkdown(c.model)}\`` : ''})${left} |\n`,
      );
    }
    md.appendMarkdown(
      `| Tokens | ${formatTokens(t.input)} in · ${formatTokens(t.output)} out · ${formatTokens(t.cacheRead)} cache read · ${formatTokens(t.cacheCreation)} cache write |\n`,
    );
    md.appendMarkdown(`| Cost | ${formatUsd(s.costUsd)} |\n`);
    md.appendMarkdown(`| Last activity | ${formatAgo(s.lastActivity, nowMs)} (${new Date(s.lastActivity).toLocaleString()}) |\n`);
    if (s.skippedLines > 0) {
      md.appendMarkdown(`| Skipped lines | ${s.skippedLines} (could not be parsed) |\n`);
    }
    md.appendMarkdown(`| Session | \`${escapeMarkdown(s.id)}\` |\n`);
    if (s.cwd) {
      md.appendMarkdown(`| Folder | ${escapeMarkdown(s.cwd)} |\n`);
    }
    if (s.resumeBroken) {
      md.appendMarkdown(`\nResuming this session failed (stale session id): it is never resumed again; recovery starts a fresh session.\n`);
    }
    if (s.lastError) {
      md.appendMarkdown(`\n**Last error** (${formatAgo(s.lastErrorAt, nowMs)}):\n\n`);
      md.appendMarkdown(codeBlock(clip(s.lastError, 500)));
    }
    return md;
  }
}

/** The tree item of a finding: label its title, description "SEVERITY · ×count · last seen", tooltip the triggering line. */
export class FindingTreeItem extends vscode.TreeItem {
  constructor(node: FindingNode, f: FindingSnapshot, s: SessionSnapshot, nowMs: number, recipes?: RecipeTable) {
    const hasActions = actionsForFinding(f, s, nowMs, recipes).length > 0;
    const expanded = f.status === 'open' && (f.severity === 'CRITICAL' || f.severity === 'HIGH');
    super(
      f.title,
      !hasActions
        ? vscode.TreeItemCollapsibleState.None
        : expanded
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed,
    );
    this.id = nodeId(node);
    const snoozed = isSnoozed(f, nowMs);
    const state = f.status !== 'open' ? ` · ${f.status}` : snoozed ? ' · snoozed' : '';
    this.description = `${f.severity} · ×${f.count} · ${formatAgo(f.lastSeen, nowMs)}${state}`;
    this.iconPath =
      f.status === 'resolved'
        ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))
        : f.status === 'acknowledged'
          ? new vscode.ThemeIcon('eye')
          : snoozed
            ? new vscode.ThemeIcon('bell-slash')
            : severityIcon(f.severity);
    this.contextValue =
      f.status === 'resolved'
        ? ContextValue.findingResolved
        : f.status === 'acknowledged'
          ? ContextValue.findingAcknowledged
          : snoozed
            ? ContextValue.findingSnoozed
            : ContextValue.findingOpen;
    this.tooltip = FindingTreeItem.tooltipOf(f, nowMs);
  }

  /** The Markdown tooltip: what the failure means, the triggering line, escalation reason, backoff delay, recommended recovery. */
  static tooltipOf(f: FindingSnapshot, nowMs: number): vscode.MarkdownString {
    const md = markdown();
    md.appendMarkdown(`**${escapeMarkdown(f.title)}** · ${f.severity} · ${f.status}\n\n`);
    md.appendMarkdown(`${escapeMarkdown(failureDefinition(f.type).description)}\n\n`);
    md.appendMarkdown(
      `Seen ${f.count} time${f.count === 1 ? '' : 's'}, first ${formatAgo(f.firstSeen, nowMs)}, last ${formatAgo(f.lastSeen, nowMs)}.\n\n`,
    );
    if (f.escalation) {
      md.appendMarkdown(`**Escalated:** ${escapeMarkdown(f.escalation)}\n\n`);
    }
    md.appendMarkdown(`**Recovery:** ${escapeMarkdown(STRATEGY_LABELS[f.strategy])}`);
    if (f.strategy === 'backoff' && f.backoffMs !== undefined) {
      md.appendMarkdown(` (wait ${formatDuration(f.backoffMs)} before the next retry)`);
    }
    md.appendMarkdown('\n\n');
    if (isSnoozed(f, nowMs)) {
      md.appendMarkdown(`Notifications snoozed until ${new Date(f.snoozedUntil).toLocaleTimeString()}.\n\n`);
    }
    if (f.lastText) {
      md.appendMarkdown('**Triggering line:**\n\n');
      md.appendMarkdown(codeBlock(clip(f.lastText, 600)));
    }
    return md;
  }
}

/** The tree item of a recovery action: clicking runs the action's command with the finding as argument. */
export class ActionTreeItem extends vscode.TreeItem {
  constructor(node: ActionNode, f: FindingSnapshot, s: SessionSnapshot, recipes?: RecipeTable) {
    const info = ACTION_INFO[node.action];
    const command = RECOVERY_ACTION_COMMANDS[node.action];
    super(info.label, vscode.TreeItemCollapsibleState.None);
    this.id = nodeId(node);
    this.iconPath = new vscode.ThemeIcon(commandIcon(command));
    this.contextValue = ContextValue.action;
    const recommended = recoveryStepsFor(f.strategy, s.agent, recipes, recoveryFlagsOf(s))[0] === node.action;
    const viaStrategy = node.action === 'interrupt' ? ` (${STRATEGY_LABELS[f.strategy]})` : '';
    this.description = recommended ? `recommended${viaStrategy}` : undefined;
    this.tooltip = info.detail;
    const target: FindingNode = { kind: 'finding', sessionId: node.sessionId, findingId: node.findingId };
    this.command = { command, title: info.label, arguments: [target] };
  }
}
