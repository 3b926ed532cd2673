/**
 * One time budget per turn of the event loop, shared by every read that works through it, so reads running at once
 * (the extension's first scan reads all its transcripts together) never add up to more than one slice of work between
 * two turns; and a bound on how many files are read at once, so their chunks in flight stay few. Pure module: the
 * clock and the way control goes back to the event loop are passed in.
 */

/**
 * The work budget of one turn of the event loop. A reader asks {@link room} before each piece of work and calls
 * {@link pause} once it is spent; paused readers resume one per turn, in the order they paused, and each new turn
 * starts with a full slice.
 */
export class TurnBudget {
  private turnStart: number | undefined;
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  /**
   * @param sliceMs work allowed per turn (ms)
   * @param now clock (ms)
   * @param yieldControl resolves once control has gone back to the event loop (setImmediate in the hosts); must not reject
   */
  constructor(
    readonly sliceMs: number,
    private readonly now: () => number,
    private readonly yieldControl: () => Promise<void>,
  ) {}

  /** Time left in this turn's slice (ms; 0 or less when spent). The first look of a turn starts its clock. */
  room(): number {
    const t = this.now();
    this.turnStart ??= t;
    return this.sliceMs - (t - this.turnStart);
  }

  /** Resolves in a later turn, with a full slice: after control went back to the event loop, one waiter per turn. */
  pause(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.wake();
    });
  }

  private wake(): void {
    if (this.scheduled) {
      return;
    }
    this.scheduled = true;
    void this.yieldControl().then(() => {
      this.scheduled = false;
      this.turnStart = undefined;
      const next = this.waiting.shift();
      if (this.waiting.length > 0) {
        this.wake();
      }
      next?.();
    });
  }
}

/** At most `limit` holders at once; the others wait in the order they asked. */
export class Slots {
  private held = 0;
  private readonly waiting: (() => void)[] = [];

  /** @param limit holders at once (at least 1) */
  constructor(private readonly limit: number) {}

  /** Resolves when a slot is free and taken; give it back with {@link release}. */
  acquire(): Promise<void> {
    if (this.held < Math.max(1, this.limit)) {
      this.held++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Gives a slot back: the longest waiter takes it. */
  release(): void {
    const next = this.waiting.shift();
    if (next) {
      next();
    } else {
      this.held--;
    }
  }
}
