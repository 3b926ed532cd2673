/**
 * Resume at reset in VS Code: every 15 s the sessions halted by a usage limit (those that had a usage-limit detection,
 * read one by one, not the whole snapshot) are scheduled with the core policy
 * ({@link ResumeScheduler}); when one is due, `ask` shows a notification (Resume / Not now) and `auto` resumes. A resume
 * types the continue text into the VS Code terminal that still runs the agent (matched like the recovery's terminal
 * finder, by the core's bestTerminalIndex); without such a terminal it fails (audited) rather than start anything.
 * Every step goes to the audit log. Disposable.
 */
import * as vscode from 'vscode';
import type { Engine } from '../../core/engine/engine';
import type { SessionSnapshot } from '../../core/model/snapshot';
import { haltedSessions } from '../../core/limits/haltedSessions';
import { LimitGauge } from '../../core/limits/gauge';
import { ResumeAtResetMode, ResumeScheduler } from '../../core/recovery/resumeAtReset';
import { bestTerminalIndex } from '../../core/terminals/terminalMatch';
import type { ShellExecutionTracker } from '../../host/vscode/shellExecutions';

/** Longest time between two looks at the halted sessions, ms. */
const POLL_MS = 15_000;

/** The text typed to let a halted agent go on. */
export const CONTINUE_TEXT = 'continue';

/** Reads a restricted setting: in an untrusted workspace only the user's (global) value counts. */
function restrictedSetting<T>(key: string, fallback: T): T {
  const c = vscode.workspace.getConfiguration('sessionDoctor');
  if (!vscode.workspace.isTrusted) {
    return (c.inspect<T>(key)?.globalValue ?? fallback) as T;
  }
  return c.get<T>(key, fallback);
}

/** The runner; `gauges` gives the latest limit readings. */
export class ResumeAtResetRunner implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  readonly scheduler: ResumeScheduler;
  private readonly asking = new Set<string>();
  /** Sessions that had a usage-limit finding (from the detections, catch-up included): only these are looked at. */
  private readonly candidates = new Set<string>();
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly engine: Pick<Engine, 'session' | 'onDidDetect' | 'recordRecovery'>,
    private readonly executions: Pick<ShellExecutionTracker, 'terminals' | 'commandLines'>,
    private readonly gauges: () => LimitGauge[],
    private readonly log: vscode.LogOutputChannel,
    private readonly onChange: () => void = () => undefined,
  ) {
    const gapS = vscode.workspace.getConfiguration('sessionDoctor').get<number>('recovery.resumeGapSeconds', 60);
    this.scheduler = new ResumeScheduler(({ timestamp: _t, ...entry }) => this.engine.recordRecovery(entry), { gapMs: gapS * 1000 });
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
      for (const h of haltedSessions(this.sessions(), this.gauges())) {
        if (h.resetsAt > 0) {
          this.scheduler.schedule(h, mode, now);
        }
      }
      for (const e of this.scheduler.due(now)) {
        if (mode === 'auto') {
          this.resume(e.sessionId, now);
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

  private ask(sessionId: string): void {
    this.asking.add(sessionId);
    const s = this.engine.session(sessionId);
    void vscode.window
      .showInformationMessage(
        `The usage limit of ${s?.agent ?? 'the agent'} (${s?.project ?? sessionId.slice(0, 8)}) has reset.`,
        'Resume',
        'Not now',
      )
      .then((choice) => {
        this.asking.delete(sessionId);
        if (choice === 'Resume') {
          this.resume(sessionId, Date.now());
        } else {
          this.scheduler.cancel(sessionId, Date.now(), choice ? 'Not now' : 'notification dismissed');
        }
        this.tick();
      });
  }

  /** Types the continue text into the terminal running the session's agent. */
  resume(sessionId: string, now: number): boolean {
    const s = this.engine.session(sessionId);
    const terminals = [...this.executions.terminals];
    const facts = terminals.map((t) => ({
      name: t.name,
      cwd: t.shellIntegration?.cwd?.fsPath,
      commandLines: this.executions.commandLines(t),
    }));
    const names = s?.agent === 'claude-code' ? ['claude', 'Claude Code'] : s ? [s.agent] : [];
    const i = s ? bestTerminalIndex(facts, { id: s.id, cwd: s.cwd }, { agentNames: names }) : -1;
    if (i < 0) {
      this.scheduler.markFailed(sessionId, now, 'no VS Code terminal runs the agent any more');
      return false;
    }
    terminals[i].sendText(CONTINUE_TEXT, true);
    this.scheduler.markDone(sessionId, now, `typed "${CONTINUE_TEXT}" into terminal "${terminals[i].name}"`);
    return true;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    this.subscription.dispose();
  }
}
