/**
 * The terminal source's feed of an agent run's turns to the hang watchdog (the rules are the core's
 * {@link stepTurns}): after each settle of the run's screen, and on a timer while a prompt waits, the run's turns are
 * looked at; the `user` / `assistant` turns that come out are ingested into the run's own session
 * (`terminal:<name>:<n>`). No `vscode` at run time.
 */
import type { AgentCommand } from '../../core/agents/commandLine';
import { TerminalTurn, TerminalTurns, stepTurns, tiedTurns, turnEvent } from '../../core/terminals/terminalTurns';
import type { TerminalSourceOptions, Timers } from './types';

/** What the feed reads and updates of a run. */
export interface TurnRun {
  command: AgentCommand;
  cwd?: string;
  commandLine: string;
  terminalSessionId: string;
  tiedId?: string;
  ended: boolean;
  turns: TerminalTurns;
  turnTimer?: unknown;
}

/** The source's side of the feed: try a tie from a time (epoch ms), make the run's own session, tell the views. */
export interface TurnFeedHost {
  tie(run: TurnRun, fromMs: number): void;
  ensureOwnSession(run: TurnRun): void;
  fire(): void;
}

/** Looks at runs' turns and ingests them; one per terminal source. */
export class TurnFeed {
  constructor(
    private readonly options: Pick<TerminalSourceOptions, 'engine' | 'clock' | 'promptHoldMs'>,
    private readonly timers: Timers,
    private readonly host: TurnFeedHost,
  ) {}

  /**
   * One look: `lines` new since the last look, `busy` whether the screen shows a request in flight (undefined: a timer's
   * look). Before a prompt is reported, or when a TUI's request starts, an untied run tries its tie from the prompt's time.
   */
  look(run: TurnRun, lines: readonly string[], busy?: boolean): void {
    if (run.ended) {
      return;
    }
    const now = this.options.clock.now();
    const hold = this.options.promptHoldMs;
    const enters = busy === true && !run.turns.busy;
    const due = run.turns.phase === 'awaiting' && now - run.turns.since >= (hold ?? 30_000);
    if (!run.tiedId && (enters || due)) {
      this.host.tie(run, enters ? now : run.turns.since);
    }
    const step = stepTurns(run.turns, { now, lines, busy, tied: !!run.tiedId, holdMs: hold });
    this.ingest(run, step.turns);
    this.clear(run);
    if (step.dueAt !== undefined) {
      run.turnTimer = this.timers.setTimeout(
        () => {
          run.turnTimer = undefined;
          this.look(run, []);
        },
        Math.max(0, step.dueAt - now),
      );
    }
  }

  /** Ingests turns into the run's own session. */
  ingest(run: TurnRun, turns: readonly TerminalTurn[]): void {
    if (turns.length > 0) {
      this.host.ensureOwnSession(run);
      this.options.engine.ingest(
        turns.map((t) => turnEvent(run, run.terminalSessionId, t)),
        { live: true },
      );
      this.host.fire();
    }
  }

  /** The run was tied to transcript session `id`: a prompt reported to the run's own session is closed there. */
  tied(run: TurnRun, id: string): void {
    const closed = tiedTurns(run.turns, this.options.clock.now(), id);
    this.ingest(run, closed ? [closed] : []);
  }

  /** Stops the run's timer. */
  clear(run: TurnRun): void {
    if (run.turnTimer !== undefined) {
      this.timers.clearTimeout(run.turnTimer);
      run.turnTimer = undefined;
    }
  }
}
