/**
 * The usage limits as rows of the Sessions view: a "Usage limits" row with one child per gauge (used %, window, resets
 * at, pace forecast) and one per scheduled resume with its countdown (cancel from its context menu). Pure module (no
 * `vscode`: the rows are plain data the Sessions view turns into tree items), so plain mocha tests it.
 */
import type { ViewRow } from '../../host/vscode/services';
import type { ScheduledResume } from '../../core/recovery/resumeAtReset';
import { windowLabel } from '../../core/limits/gauge';
import { GaugeRow, clockTime, duration, forecastText } from '../../core/limits/limitsText';

/** `contextValue` of a scheduled resume's row (the cancel command's `viewItem` clause in src/manifest/commands.ts). */
export const RESUME_ROW_CONTEXT = 'resume.scheduled';

/** Id of the top row. */
export const LIMITS_ROW_ID = 'limits:usage';

/** A countdown: `0:45`, `12:05`, `1:02:03` (h:mm:ss); `0:00` once passed. */
export function countdown(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** What a resume row names: the session's project (when known) and the first 8 characters of its id. */
export interface ResumeLabel {
  agentName: string;
  project?: string;
}

/**
 * The rows: none when there is neither a gauge nor a resume to come. `label` names a resume's session (by session id);
 * `timeZone` is for the clock times (default the machine's).
 */
export function limitsRows(
  rows: readonly GaugeRow[],
  resumes: readonly ScheduledResume[],
  nowMs: number,
  label: (sessionId: string, agent: string) => ResumeLabel = (_id, agent) => ({ agentName: agent }),
  timeZone?: string,
): ViewRow[] {
  if (rows.length === 0 && resumes.length === 0) {
    return [];
  }
  const children: ViewRow[] = [];
  for (const r of rows) {
    const g = r.gauge;
    const used = Math.round(g.usedPercent);
    const resets =
      g.resetsAt !== undefined ? ` · resets ${clockTime(g.resetsAt, nowMs, timeZone)} (in ${duration(g.resetsAt - nowMs)})` : '';
    const forecast = forecastText(r, nowMs, timeZone);
    const warn = g.usedPercent >= 80 || (r.forecast?.beforeReset === true && r.forecast.resetsAt !== undefined);
    children.push({
      id: `limits:gauge:${g.account}:${g.window}`,
      label: `${g.account} · ${windowLabel(g)}`,
      description: `${used}% used${resets}`,
      tooltip: [`**${esc(g.account)}**, ${windowLabel(g)} window: ${used}% used${esc(resets)}`, forecast ? esc(forecast) : '']
        .filter(Boolean)
        .join('\n\n'),
      icon: g.usedPercent >= 100 ? 'error' : warn ? 'warning' : 'dashboard',
      ...(g.usedPercent >= 100 ? { iconColor: 'list.errorForeground' } : warn ? { iconColor: 'list.warningForeground' } : {}),
    });
  }
  for (const e of resumes) {
    const who = label(e.sessionId, e.agent);
    const name = `${who.agentName} ${who.project ? `${who.project} ` : ''}${e.sessionId.slice(0, 8)}`;
    children.push({
      id: `limits:resume:${e.sessionId}`,
      label: `Resume ${name}`,
      description: `in ${countdown(e.dueAt - nowMs)} · at ${clockTime(e.dueAt, nowMs, timeZone)}`,
      tooltip: `Resume at reset of **${esc(name)}**: the ${esc(e.account)} limit resets at ${clockTime(e.resetsAt, nowMs, timeZone)}; the resume is due at ${clockTime(e.dueAt, nowMs, timeZone)}. Cancel it from the row's menu.`,
      icon: 'clock',
      contextValue: RESUME_ROW_CONTEXT,
      arg: e.sessionId,
    });
  }
  const worst = [...rows].sort((a, b) => b.gauge.usedPercent - a.gauge.usedPercent)[0]?.gauge;
  const parts = [
    worst ? `${windowLabel(worst)} ${Math.round(worst.usedPercent)}%` : '',
    resumes.length > 0 ? `${resumes.length} resume${resumes.length === 1 ? '' : 's'} in ${countdown(resumes[0].dueAt - nowMs)}` : '',
  ];
  return [
    {
      id: LIMITS_ROW_ID,
      label: 'Usage limits',
      description: parts.filter(Boolean).join(' · '),
      icon: 'dashboard',
      children,
    },
  ];
}

function esc(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}
