/**
 * Fakes of the VS Code window API for the terminal source's tests: terminals, shell-integration executions with
 * async-iterable output, a fake clock and hand-driven timers, on a real engine (`setup`).
 */
import type * as vscode from 'vscode';
import type { EngineConfig } from '../../../../src/core/engine/engine';
import { TerminalSource, TerminalWindow, Timers } from '../../../../src/features/terminals/terminalSource';
import type { TerminalSourceOptions } from '../../../../src/features/terminals/types';
import { FakeClock, newEngine } from '../../helpers';

type Listener<T> = (e: T) => void;

export class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  readonly event = (l: Listener<T>): vscode.Disposable => {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) } as vscode.Disposable;
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) {
      l(e);
    }
  }
}

/** An execution whose output the test pushes; `read()` yields it as VS Code does. */
export class FakeExecution {
  private readonly queue: string[] = [];
  private wake: (() => void) | undefined;
  private done = false;
  constructor(
    readonly commandLine: { value: string },
    readonly cwd?: { fsPath: string },
  ) {}
  push(data: string): void {
    this.queue.push(data);
    this.wake?.();
  }
  end(): void {
    this.done = true;
    this.wake?.();
  }
  async *read(): AsyncIterable<string> {
    for (;;) {
      while (this.queue.length) {
        yield this.queue.shift()!;
      }
      if (this.done) {
        return;
      }
      await new Promise<void>((r) => (this.wake = r));
      this.wake = undefined;
    }
  }
}

/** Timers run by hand: `run()` fires every due timer (by the fake clock). */
export class ManualTimers implements Timers {
  private next = 1;
  private readonly due = new Map<number, { at: number; f: () => void }>();
  constructor(private readonly clock: FakeClock) {}
  setTimeout(f: () => void, ms: number): unknown {
    const id = this.next++;
    this.due.set(id, { at: this.clock.now() + ms, f });
    return id;
  }
  clearTimeout(h: unknown): void {
    this.due.delete(h as number);
  }
  /** Advances the clock by `ms` and fires what came due (repeatedly, for timers that re-arm). */
  advance(ms: number): void {
    this.clock.advance(ms);
    for (;;) {
      const ready = [...this.due.entries()].filter(([, t]) => t.at <= this.clock.now());
      if (!ready.length) {
        return;
      }
      for (const [id, t] of ready) {
        this.due.delete(id);
        t.f();
      }
    }
  }
}

/** Lets the async read loops take what was pushed and the emulators parse it (no sleeping: waits on the writes). */
let current: TerminalSource | undefined;
export const flush = async (): Promise<void> => {
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setImmediate(r));
    }
    await current?.drained();
  }
};

export async function setup(
  agentCommands: string[] = [],
  more: Partial<TerminalSourceOptions> = {},
  engineConfig: Partial<EngineConfig> = {},
) {
  const clock = new FakeClock();
  const { engine, store } = await newEngine(engineConfig, clock);
  const timers = new ManualTimers(clock);
  const ev = {
    open: new Emitter<vscode.Terminal>(),
    close: new Emitter<vscode.Terminal>(),
    integration: new Emitter<{ terminal: vscode.Terminal }>(),
    start: new Emitter<{ terminal: vscode.Terminal; execution: FakeExecution; shellIntegration: { cwd?: { fsPath: string } } }>(),
    end: new Emitter<{ terminal: vscode.Terminal; execution: FakeExecution; exitCode: number | undefined }>(),
  };
  const terminals: vscode.Terminal[] = [];
  const window = {
    get terminals() {
      return terminals;
    },
    onDidOpenTerminal: ev.open.event,
    onDidCloseTerminal: ev.close.event,
    onDidChangeTerminalShellIntegration: ev.integration.event,
    onDidStartTerminalShellExecution: ev.start.event,
    onDidEndTerminalShellExecution: ev.end.event,
  } as unknown as TerminalWindow;
  const source = new TerminalSource({
    engine,
    window,
    clock,
    timers,
    config: () => ({ enabled: true, agentCommands }),
    graceMs: 10_000,
    tieRetryMs: 5_000,
    tieForMs: 60_000,
    ...more,
  });
  current = source;
  const open = (name: string, integrated = true): vscode.Terminal => {
    const t = { name, shellIntegration: integrated ? { cwd: undefined } : undefined, exitStatus: undefined } as unknown as vscode.Terminal;
    terminals.push(t);
    ev.open.fire(t);
    return t;
  };
  const run = (t: vscode.Terminal, commandLine: string, cwd = '/home/dev/app'): FakeExecution => {
    const x = new FakeExecution({ value: commandLine }, { fsPath: cwd });
    ev.start.fire({ terminal: t, execution: x, shellIntegration: {} });
    return x;
  };
  const end = async (t: vscode.Terminal, x: FakeExecution, exitCode: number | undefined) => {
    x.end();
    await flush();
    ev.end.fire({ terminal: t, execution: x, exitCode });
  };
  const close = (t: vscode.Terminal, reason: number) => {
    (t as { exitStatus?: unknown }).exitStatus = { code: undefined, reason };
    ev.close.fire(t);
  };
  return { clock, engine, store, timers, source, open, run, end, close };
}
