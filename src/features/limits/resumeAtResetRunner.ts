/**
 * Resume at reset in VS Code: the sessions halted by a usage limit (those that had a usage-limit detection, read one by
 * one, not the whole snapshot) are scheduled with the core policy ({@link ResumeScheduler}); the timer wakes at the next
 * due resume. When one is due, `ask` shows a notification and `auto` resumes. A resume types the agent's continue text
 * (its recipe's `continue`) into the VS Code terminal that still runs the agent (matched like the recovery's terminal
 * finder, by the core's bestTerminalIndex); when the agent has ended it starts the recipe's resume command
 * (`claude --resume <id>`) in a new terminal only if the user asked: "Resume in New Terminal" in the notification, or
 * `sessionDoctor.recovery.resumeInNewTerminal` in auto mode (user settings only in an untrusted workspace). Every step
 * goes to the audit log. Disposable.
 */
import * as vscode from 'vscode';
import type { Engine } from '../../core/engine/engine';
import type { SessionSnapshot } from '../../core/model/snapshot';
import { haltedSessions } from '../../core/limits/haltedSessions';
import { LimitGauge } from '../../core/limits/gauge';
import { agentName } from '../../core/agents/index';
import { recipeFor } from '../../core/recovery/recipes';
import { ResumeAtResetMode, ResumeScheduler } from '../../core/recovery/resumeAtReset';
import { ResumePlan, agentTerminalNames, resumePlan } from '../../core/recovery/resumeAtResetPlan';
import { bestTerminalIndex } from '../../core/terminals/terminalMatch';
import type { Config } from '../../host/vscode/config';
import type { ShellExecutionTracker } from '../../host/vscode/shellExecutions';

/** Pause between the continue text and the Enter that submits it, ms. */
const SUBMIT_DELAY_MS = 300;

/** Longest time between two looks at the halted sessions, ms. */
const POLL_MS = 15_000;

/** The notification's buttons. */
export const RESUME = 'Resume';
export const RESUME_IN_NEW_TERMINAL = 'Resume in New Terminal';
export const NOT_NOW = 'Not now';

/** Reads a restricted setting: in an untrusted workspace only the user's (global) value counts. */
function restrictedSetting<T>(key: string, fallback: T): T {
  const c = vscode.workspace.getConfiguration('sessionDoctor');
  if (!vscode.workspace.isTrusted) {
    return (c.inspect<T>(key)?.globalValue ?? fallback) as T;
  }
  return c.get<T>(key, fallback);
}

/**
 * The random delay after a reset and the gap between two resumes of one account, ms, from
 * `sessionDoctor.recovery.resumeJitterSeconds` (default 30) and `recovery.resumeGapSeconds` (default 60); a value that is
 * not a number of seconds falls back to the default (bounds in src/manifest/settings/limits.ts).
 */
function resumeTiming(): { maxDelayMs: number; gapMs: number } {
  const c = vscode.workspace.getConfiguration('sessionDoctor');
  const seconds = (key: string, fallback: number, max: number): number => {
    const v = c.get<unknown>(key);
    return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(0, v)) : fallback;
  };
  return {
    maxDelayMs: seconds('recovery.resumeJitterSeconds', 30, 600) * 1000,
    gapMs: seconds('recovery.resumeGapSeconds', 60, 3600) * 1000,
  };
}

/** The runner; `gauges` gives the latest limit readings. */
export class ResumeAtResetRunner implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  readonly scheduler: ResumeScheduler;
  private readonly asking = new Set<string>();
  /** Sessions whose resume is being carried out now. */
  private readonly resuming = new Set<string>();
  /** Sessions that had a usage-limit finding (from the detections, catch-up included): only these are looked at. */
  private readonly candidates = new Set<string>();
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly engine: Pick<Engine, 'session' | 'onDidDetect' | 'recordRecovery'>,
    private readonly executions: Pick<ShellExecutionTracker, 'terminals' | 'commandLines' | 'remember'>,
    private readonly gauges: () => LimitGauge[],
    private readonly log: vscode.LogOutputChannel,
    private readonly config: () => Pick<Config, 'recipes' | 'claudeCode'>,
    private readonly onChange: () => void = () => undefined,
  ) {
    this.scheduler = new ResumeScheduler(({ timestamp: _t, ...entry }) => this.engine.recordRecovery(entry), resumeTiming());
    this.subscription = engine.onDidDetect((e) => {
      if (e.finding.type === 'quota_exhausted') {
        this.candidates.add(e.session.id);
        this.wake(1000);
      }
    });
    this.wake(POLL_MS);
  }

  /** Runs the next tick in `ms` (sooner than a tick already set, never later). */
  private wake(ms: number): void {
    if (this.disposed) {
      return;
    }
    const at = Date.now() + ms;
    if (this.timer !== undefined && this.nextAt <= at) {
      return;
    }
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    this.nextAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.tick();
    }, ms);
  }

  private nextAt = 0;

  /** The candidate sessions as they are now (a candidate whose session is gone is dropped). */
  private sessions(): SessionSnapshot[] {
    const out: SessionSnapshot[] = [];
    for (const id of this.candidates) {
      const s = this.engine.session(id);
      if (s) {
        out.push(s);
      } else {
        this.candidates.delete(id);
      }
    }
    return out;
  }

  /** The mode in force. */
  mode(): ResumeAtResetMode {
    const m = restrictedSetting<string>('recovery.resumeAtReset', 'ask');
    return m === 'off' || m === 'auto' ? m : 'ask';
  }

  /** Schedules new halts and runs what is due (exposed for tests and the refresh command). */
  tick(now = Date.now()): void {
    try {
      const mode = this.mode();
      this.scheduler.retune(resumeTiming()); // the settings as they are now, for the resumes scheduled below
      for (const h of haltedSessions(this.sessions(), this.gauges())) {
        if (h.resetsAt > 0) {
          this.scheduler.schedule(h, mode, now);
        }
      }
      for (const e of this.scheduler.due(now)) {
        if (mode === 'auto') {
          void this.resume(e.sessionId, now);
        } else if (mode === 'ask' && !this.asking.has(e.sessionId)) {
          this.ask(e.sessionId);
        } else if (mode === 'off') {
          this.scheduler.cancel(e.sessionId, now, 'resume at reset turned off');
        }
      }
    } catch (err) {
      this.log.error(`resume at reset: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.onChange();
    // Next: at the earliest resume to come (a due time moves when another resume is done), at most POLL_MS away.
    const next = this.scheduler.pending().find((e) => !this.asking.has(e.sessionId));
    this.wake(Math.min(POLL_MS, Math.max(250, next ? next.dueAt - Date.now() : POLL_MS)));
  }

  /** Whether to start the agent again in a new terminal when it has ended, in auto mode (a restricted setting). */
  startWhenEnded(): boolean {
    return restrictedSetting<boolean>('recovery.resumeInNewTerminal', false) === true;
  }

  private ask(sessionId: string): void {
    this.asking.add(sessionId);
    const s = this.engine.session(sessionId);
    const running = s ? this.terminalOf(s) !== undefined : false;
    const canStart = s
      ? resumePlan(recipeFor(s.agent, this.config().recipes), s.id, { terminalRunsAgent: false, startWhenEnded: true }).kind ===
        'newTerminal'
      : false;
    const who = `${s ? agentName(s.agent) : 'the agent'} (${s?.project || sessionId.slice(0, 8)})`;
    const buttons = running ? [RESUME, NOT_NOW] : canStart ? [RESUME_IN_NEW_TERMINAL, NOT_NOW] : [NOT_NOW];
    const text = running
      ? `The usage limit of ${who} has reset.`
      : `The usage limit of ${who} has reset; no VS Code terminal runs it any more.`;
    void vscode.window.showInformationMessage(text, ...buttons).then(async (choice) => {
      this.asking.delete(sessionId);
      if (choice === RESUME || choice === RESUME_IN_NEW_TERMINAL) {
        await this.resume(sessionId, Date.now(), choice === RESUME_IN_NEW_TERMINAL);
      } else {
        this.scheduler.cancel(sessionId, Date.now(), choice ? NOT_NOW : 'notification dismissed');
      }
      this.tick();
    });
  }

  /** The terminal that runs the session's agent, if any. */
  private terminalOf(s: SessionSnapshot): vscode.Terminal | undefined {
    const terminals = [...this.executions.terminals];
    const facts = terminals.map((t) => ({
      // Without the status mark an agent puts before its title (Claude Code's "✳ Claude Code").
      name: t.name.replace(/^[^\p{L}\p{N}]+/u, ''),
      cwd: t.shellIntegration?.cwd?.fsPath,
      commandLines: this.executions.commandLines(t),
    }));
    const extra = s.agent === 'claude-code' ? this.config().claudeCode.terminalNames : [];
    const i = bestTerminalIndex(facts, { id: s.id, cwd: s.cwd }, { agentNames: agentTerminalNames(s.agent, extra) });
    return i >= 0 ? terminals[i] : undefined;
  }

  /**
   * Carries out a due resume: types the recipe's continue text into the agent's terminal, or (when it ended and
   * `startWhenEnded`) starts its resume command in a new terminal. Resolves to what was done (false: audited as failed).
   */
  async resume(sessionId: string, now: number, startWhenEnded = this.startWhenEnded()): Promise<boolean> {
    if (this.resuming.has(sessionId)) {
      return false; // already being carried out (the Enter follows the text after a pause)
    }
    this.resuming.add(sessionId);
    try {
      return await this.carryOut(sessionId, now, startWhenEnded);
    } finally {
      this.resuming.delete(sessionId);
    }
  }

  private async carryOut(sessionId: string, now: number, startWhenEnded: boolean): Promise<boolean> {
    const s = this.engine.session(sessionId);
    if (!s) {
      this.scheduler.markFailed(sessionId, now, 'the session is no longer known');
      return false;
    }
    const terminal = this.terminalOf(s);
    const plan: ResumePlan = resumePlan(recipeFor(s.agent, this.config().recipes), s.id, { terminalRunsAgent: !!terminal, startWhenEnded });
    if (plan.kind === 'none') {
      const seen = [...this.executions.terminals].map((t) => `"${t.name}" (${this.executions.commandLines(t).length} command lines)`);
      this.log.warn(`resume at reset of ${sessionId}: ${plan.why}; terminals: ${seen.join(', ') || 'none'}`);
      this.scheduler.markFailed(sessionId, now, plan.why);
      return false;
    }
    if (plan.kind === 'type' && terminal) {
      // The Enter goes separately: a TUI (Claude Code's prompt) reads text and Enter in one write as a paste (a newline).
      terminal.sendText(plan.text, false);
      await new Promise((r) => setTimeout(r, SUBMIT_DELAY_MS));
      terminal.sendText('\r', false);
      this.scheduler.markDone(sessionId, now, `typed "${plan.text}" into terminal "${terminal.name}"`);
      this.log.info(`resume at reset of ${sessionId}: typed "${plan.text}" into terminal "${terminal.name}"`);
      return true;
    }
    if (plan.kind === 'newTerminal') {
      const t = vscode.window.createTerminal({
        name: `${agentName(s.agent)} · ${s.project || s.id.slice(0, 8)}`,
        cwd: (await folderExists(s.cwd)) ? s.cwd : undefined,
        iconPath: new vscode.ThemeIcon('debug-continue'),
      });
      this.executions.remember(t, plan.command);
      t.show();
      t.sendText(plan.command, true);
      this.scheduler.markDone(sessionId, Date.now(), `started "${plan.command}" in a new terminal`);
      return true;
    }
    return false;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    this.subscription.dispose();
  }
}

/** True when `folder` is an existing folder. */
async function folderExists(folder: string): Promise<boolean> {
  if (!folder) {
    return false;
  }
  try {
    return ((await vscode.workspace.fs.stat(vscode.Uri.file(folder))).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}
