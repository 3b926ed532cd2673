/**
 * The status bar item `sessionDoctor.health`: `$(pulse) 2 ok · 1 critical`, coloured by the worst health, with a Markdown
 * tooltip of the troubled sessions; clicking focuses the Sessions view. With a concurrency watch, the live count and its
 * tier join the text from 65 % of the limit on (`· $(layers) 14/20 notice`), and the tooltip shows the count, the
 * predicted time the limit is hit and the cleanup candidates.
 */
import * as vscode from 'vscode';
import { ConcurrencyStatus, concurrencyStatusText, concurrencyTooltipLines } from '../../core/alerting/concurrency';
import { severityRank } from '../../core/model/failures';
import type { SessionSnapshot } from '../../core/model/snapshot';
import type { EngineApi } from '../../host/vscode/engineApi';
import { countHealth, escapeMarkdown, sessionLabel, statusBarText, worstHealth } from '../../core/report/labels';
import { VIEW_IDS, focusCommand } from '../../manifest/viewIds';

/** Delay between an engine change and the status bar update, ms. */
const UPDATE_DEBOUNCE_MS = 200;

/** Most troubled sessions listed in the tooltip. */
const TOOLTIP_MAX_SESSIONS = 8;

/** The live-session count the status bar shows (a `ConcurrencyWatch`). */
export interface ConcurrencySource {
  status(): ConcurrencyStatus | undefined;
  onDidChange(listener: (s: ConcurrencyStatus) => void): { dispose(): void };
}

/** The Session Doctor status bar item. */
export class HealthStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscription: { dispose(): void };
  private readonly concurrencySubscription: { dispose(): void } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly engine: EngineApi,
    private readonly concurrency?: ConcurrencySource,
  ) {
    this.item = vscode.window.createStatusBarItem('sessionDoctor.health', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Session Doctor';
    this.item.command = focusCommand(VIEW_IDS.sessions);
    this.subscription = engine.onDidChange(() => this.schedule());
    this.concurrencySubscription = concurrency?.onDidChange(() => this.schedule());
    this.update();
    this.item.show();
  }

  /** Updates the item after the debounce delay. */
  schedule(): void {
    if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.update();
      }, UPDATE_DEBOUNCE_MS);
    }
  }

  /** Updates text, colour and tooltip from the engine's snapshot now. */
  update(): void {
    const sessions = this.engine.snapshot();
    const counts = countHealth(sessions);
    const worst = worstHealth(counts);
    const fleet = this.concurrency?.status();
    const tier = fleet?.tier?.tier;
    const fleetText = fleet ? concurrencyStatusText(fleet) : undefined;
    this.item.text = fleetText ? `${statusBarText(counts)} · ${fleetText}` : statusBarText(counts);
    const colour =
      worst === 'critical' || tier === 'critical'
        ? 'statusBarItem.errorBackground'
        : worst === 'warning' || tier === 'warning'
          ? 'statusBarItem.warningBackground'
          : undefined;
    this.item.backgroundColor = colour ? new vscode.ThemeColor(colour) : undefined;
    const tooltip = HealthStatusBar.tooltipOf(sessions);
    if (fleet) {
      const now = Date.now();
      const lines = concurrencyTooltipLines(fleet, now, (ms) =>
        new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }),
      );
      tooltip.appendMarkdown(`\n\n---\n\n**Live sessions**\n\n${lines.map((l) => `- ${escapeMarkdown(l)}`).join('\n')}\n`);
    }
    this.item.tooltip = tooltip;
    const fleetLabel = fleet && fleet.limit > 0 ? `, ${fleet.live} of ${fleet.limit} sessions live${tier ? ` (${tier})` : ''}` : '';
    this.item.accessibilityInformation = {
      label: `Session Doctor: ${counts.ok} ok, ${counts.warning} warning, ${counts.critical} critical${fleetLabel}`,
    };
  }

  /** The tooltip: a summary line, then each troubled session with its worst open finding. */
  static tooltipOf(sessions: readonly SessionSnapshot[]): vscode.MarkdownString {
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = false;
    if (sessions.length === 0) {
      md.appendMarkdown('**Session Doctor**: no agent session active. Watching Claude Code transcripts.');
      return md;
    }
    const troubled = sessions.filter((s) => s.health !== 'ok');
    md.appendMarkdown(`**Session Doctor**: ${sessions.length} session${sessions.length === 1 ? '' : 's'}, ${troubled.length} troubled\n\n`);
    for (const s of troubled.slice(0, TOOLTIP_MAX_SESSIONS)) {
      const worst = s.findings.filter((f) => f.status === 'open').sort((a, b) => severityRank(b.severity) - severityRank(a.severity))[0];
      const icon = s.health === 'critical' ? '$(error)' : '$(warning)';
      md.appendMarkdown(
        `- ${icon} ${escapeMarkdown(sessionLabel(s))}${worst ? `: ${escapeMarkdown(worst.title)} (${worst.severity})` : ''}\n`,
      );
    }
    if (troubled.length > TOOLTIP_MAX_SESSIONS) {
      md.appendMarkdown(`- and ${troubled.length - TOOLTIP_MAX_SESSIONS} more\n`);
    }
    md.appendMarkdown('\nClick to show the Sessions view.');
    return md;
  }

  dispose(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    this.subscription.dispose();
    this.concurrencySubscription?.dispose();
    this.item.dispose();
  }
}
