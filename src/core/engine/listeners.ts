/** The engine's listeners: sessions that changed, and findings that are new or rose. A listener's throw never reaches the engine. Pure module. */
import type { FindingSnapshot, SessionSnapshot } from '../model/snapshot';
import type { DetectEvent, Subscription } from './config';

/** The two kinds of listeners and how they are told. */
export class Listeners {
  private readonly changes = new Set<(ids: string[]) => void>();
  private readonly detections = new Set<(e: DetectEvent) => void>();

  /** Listens for changed sessions (ids; empty means "everything may have changed"). */
  onDidChange(listener: (sessionIds: string[]) => void): Subscription {
    this.changes.add(listener);
    return { dispose: () => this.changes.delete(listener) };
  }

  /** Listens for findings that are new or rose in severity. */
  onDidDetect(listener: (e: DetectEvent) => void): Subscription {
    this.detections.add(listener);
    return { dispose: () => this.detections.delete(listener) };
  }

  /**
   * Tells the detection listeners of each finding once, with its final state (`current` reads it and its session), then
   * the change listeners of `changed`.
   */
  emit(
    changed: ReadonlySet<string>,
    found: readonly FindingSnapshot[],
    live: boolean,
    current: (f: FindingSnapshot) => { finding: FindingSnapshot; session?: SessionSnapshot },
  ): void {
    if (this.detections.size === 0) {
      // Nobody listens (the CLI's scan): the findings' final state and their sessions need not be read.
      found = [];
    }
    const latest = new Map<number, FindingSnapshot>();
    for (const f of found) {
      latest.set(f.id, f);
    }
    for (const f of latest.values()) {
      const { finding, session } = current(f);
      if (session) {
        for (const l of [...this.detections]) {
          safeCall(() => l({ finding, session, live }));
        }
      }
    }
    if (changed.size > 0) {
      this.changed([...changed]);
    }
  }

  /** Tells the change listeners that `ids` changed. */
  changed(ids: string[]): void {
    for (const l of [...this.changes]) {
      safeCall(() => l(ids));
    }
  }
}

function safeCall(f: () => void): void {
  try {
    f();
  } catch {
    // A listener's failure must not break ingestion; listeners log their own errors.
  }
}
