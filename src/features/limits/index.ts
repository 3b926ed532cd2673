/**
 * The usage-limits feature: alerts at 80 % / 95 % of a window and when the pace forecast reaches the limit before the
 * reset (through the alerting rules: silences, cooldowns, grouping), a status bar item with the fullest plan window (tooltip: every gauge with its reset and pace
 * forecast, and the resumes to come with their countdowns), and resume at reset (`sessionDoctor.recovery.resumeAtReset`)
 * with its cancel command. Readings come from the spool's status-line records and the newest Codex rollouts, read every
 * 30 s. The reads are synchronous but bounded (small JSON records, the last 256 KiB of at most 20 rollouts); making them
 * asynchronous is still to do.
 */
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { readCodexGauges, readLimitRecords } from '../../cli/limits';
import { gaugeRows } from '../../core/limits/limitsReport';
import { limitsFolder } from '../../cli/statusline';
import { AlertCenter } from '../../core/alerting/alertCenter';
import { uniformCooldown } from '../../core/alerting/cooldowns';
import { LimitGauge, latestGauges } from '../../core/limits/gauge';
import { limitAlerts } from '../../core/limits/limitAlerts';
import { clockTime } from '../../core/limits/limitsText';
import { registerCommand } from '../../host/vscode/commands';
import type { ServicesWithViews, ViewRow } from '../../host/vscode/services';
import { agentName } from '../../core/report/labels';
import { ResumeAtResetRunner } from './resumeAtResetRunner';
import { limitsStatusText, limitsTooltipMarkdown, limitsWarn } from './limitsTooltip';
import { limitsRows } from './limitsRows';

/** The id of the cancel command (registered here; palette entry in src/manifest/commands.ts). */
export const CANCEL_RESUME_COMMAND = 'sessionDoctor.cancelResumeAtReset';

/** The id in a cancel command's argument: a session id, or a Sessions view row node whose `arg` is one. */
function sessionIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') {
    return arg;
  }
  const a = arg && typeof arg === 'object' ? (arg as { arg?: unknown }).arg : undefined;
  return typeof a === 'string' ? a : undefined;
}

/** What the feature uses of the services. */
type LimitsServices = Pick<ServicesWithViews, 'engine' | 'log' | 'executions' | 'config' | 'sessionsView'>;

/**
 * Registers the status bar item, the rows of the Sessions view (gauges, resume countdowns), the resume runner and the
 * cancel command. Call once from `activate`.
 */
export function register(context: vscode.ExtensionContext, services: LimitsServices): void {
  const home = os.homedir();
  let rows = gaugeRows([], [], Date.now());
  let gauges: LimitGauge[] = [];
  const read = () => {
    const now = Date.now();
    const folder = services.config.current().spool.folder;
    const spool = folder ? (folder.startsWith('~/') ? path.join(home, folder.slice(2)) : folder) : '';
    const records = spool ? readLimitRecords(limitsFolder(spool)) : [];
    const codex = readCodexGauges(path.join(process.env.CODEX_HOME || path.join(home, '.codex'), 'sessions'), now - 7 * 86_400_000);
    rows = gaugeRows(records, codex, now);
    gauges = latestGauges([...records.flatMap((r) => r.gauges), ...codex], now);
  };
  const rowsChanged = new vscode.EventEmitter<void>();
  const runner = new ResumeAtResetRunner(
    services.engine,
    services.executions,
    () => gauges,
    services.log,
    () => services.config.current(),
    () => {
      render(); // the count of resumes to come in the status bar item
      rowsChanged.fire();
    },
  );
  const label = (id: string, agent: string) => {
    const s = services.engine.session(id);
    return { agentName: agentName(s?.agent ?? agent), ...(s?.project ? { project: s.project } : {}) };
  };
  const section = {
    rows: (): ViewRow[] => limitsRows(rows, runner.scheduler.pending(), Date.now(), label),
    onDidChange: rowsChanged.event,
  };
  // The countdowns tick every second while a resume is to come.
  const countdown = setInterval(() => {
    if (runner.scheduler.pending().length > 0) {
      rowsChanged.fire();
    }
  }, 1000);
  // Threshold and pace alerts through the alerting rules: the store's silences, the notification cooldown, grouping.
  const optionsOf = () => {
    const n = services.config.current().notifications;
    return { groupWindowMs: n.groupWindowMs, cooldownOf: uniformCooldown(n.cooldownMinutes * 60_000) };
  };
  const center = new AlertCenter(optionsOf(), { silences: () => services.engine.silences(), messageCount: () => undefined });
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  const alert = () => {
    for (const a of limitAlerts(rows, (ms) => clockTime(ms, Date.now()))) {
      center.offer(a);
    }
    const due = center.dueAt();
    if (due !== undefined && !flushTimer) {
      flushTimer = setTimeout(
        () => {
          flushTimer = undefined;
          const group = center.flush(true);
          if (group) {
            void vscode.window.showWarningMessage(`Session Doctor: ${group.alerts.map((a) => a.title).join('; ')}`);
          }
        },
        Math.max(0, due - Date.now()),
      );
    }
  };
  const item = vscode.window.createStatusBarItem('sessionDoctor.limits', vscode.StatusBarAlignment.Left, 99);
  item.name = 'Session Doctor: Usage Limits';
  const refresh = () => {
    try {
      read();
    } catch (e) {
      services.log.warn(`usage limits: ${e instanceof Error ? e.message : String(e)}`);
    }
    alert();
    render();
  };
  /** Shows the item from the last readings and the resumes to come (no file read). */
  const render = () => {
    const text = limitsStatusText(rows);
    const resumes = runner.scheduler.pending();
    if (!text && resumes.length === 0) {
      item.hide();
      return;
    }
    item.text = text ?? `$(clock) ${resumes.length} resume(s)`;
    item.tooltip = new vscode.MarkdownString(limitsTooltipMarkdown(rows, resumes, Date.now()));
    item.backgroundColor = limitsWarn(rows) ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };
  const refreshAll = () => {
    refresh();
    rowsChanged.fire();
  };
  refresh();
  const timer = setInterval(refreshAll, 30_000);
  context.subscriptions.push(
    item,
    runner,
    rowsChanged,
    services.sessionsView.addSection(section),
    { dispose: () => (clearInterval(timer), clearInterval(countdown), flushTimer && clearTimeout(flushTimer)) },
    services.config.onDidChange(() => center.configure(optionsOf())),
    registerCommand(
      CANCEL_RESUME_COMMAND,
      async (arg?: unknown) => {
        const pending = runner.scheduler.pending();
        const id =
          sessionIdOf(arg) ??
          (await vscode.window.showQuickPick(pending.map((e) => ({ label: `${e.agent} ${e.sessionId.slice(0, 8)}`, id: e.sessionId }))))
            ?.id;
        if (id && runner.scheduler.cancel(id, Date.now(), 'cancelled from the command')) {
          refreshAll();
        }
      },
      services.log,
    ),
  );
}
