/**
 * The counters of the metrics (`_total` families): what happened since the watcher started, accumulated from the
 * engine's detections, the sessions' skipped-line counts, the recovery audit log and the watcher's errors. Pure module:
 * the caller feeds it.
 */
import type { FailureType, Severity } from '../model/failures';
import type { AuditEntry, SessionSnapshot } from '../model/snapshot';
import { idLabel } from './labels';

/** One sample of a metric family: its labels (name -> value) and its value. */
export interface MetricSample {
  name: string;
  labels: Readonly<Record<string, string>>;
  value: number;
}

/** Counts keyed by a label tuple. */
class LabelledCount {
  private readonly counts = new Map<string, { labels: Record<string, string>; value: number }>();

  add(labels: Record<string, string>, by: number): void {
    const key = JSON.stringify(labels);
    const row = this.counts.get(key);
    if (row) {
      row.value += by;
    } else {
      this.counts.set(key, { labels, value: by });
    }
  }

  samples(name: string): MetricSample[] {
    return [...this.counts.values()].map((r) => ({ name, labels: r.labels, value: r.value }));
  }
}

/**
 * Accumulates `session_doctor_failures_detected_total`, `_skipped_lines_total`, `_recoveries_total` and
 * `_watch_errors_total`. Values only grow.
 */
export class FleetCounters {
  private readonly detected = new LabelledCount();
  private readonly skipped = new LabelledCount();
  private readonly recoveries = new LabelledCount();
  private errors = 0;
  private readonly skippedSeen = new Map<string, number>();
  private auditMark: number | undefined;

  /** One detection (an occurrence of a failure in a session of `agent`). */
  noteDetection(agent: string, type: FailureType, severity: Severity): void {
    this.detected.add({ agent: idLabel(agent), type, severity }, 1);
  }

  /** One error of the watcher. */
  noteError(): void {
    this.errors++;
  }

  /**
   * Reads the sessions' skipped-line counts and adds what grew since the last call (a session seen for the first time
   * adds all of its count).
   */
  observeSessions(sessions: readonly SessionSnapshot[]): void {
    for (const s of sessions) {
      const before = this.skippedSeen.get(s.id) ?? 0;
      if (s.skippedLines > before) {
        this.skipped.add({ agent: idLabel(s.agent) }, s.skippedLines - before);
        this.skippedSeen.set(s.id, s.skippedLines);
      }
    }
  }

  /**
   * Reads audit rows (any order, e.g. the engine's latest rows) and counts those with an id above the highest seen so far.
   * The first call only sets the mark (rows written before the watcher started are not counted).
   */
  observeAudit(entries: readonly AuditEntry[]): void {
    const top = entries.reduce((m, e) => Math.max(m, e.id), this.auditMark ?? 0);
    if (this.auditMark !== undefined) {
      for (const e of entries) {
        if (e.id > this.auditMark) {
          this.recoveries.add({ strategy: e.strategy, outcome: e.outcome }, 1);
        }
      }
    }
    this.auditMark = top;
  }

  /** The counter samples accumulated so far. */
  samples(): MetricSample[] {
    return [
      ...this.detected.samples('session_doctor_failures_detected_total'),
      ...this.recoveries.samples('session_doctor_recoveries_total'),
      ...this.skipped.samples('session_doctor_skipped_lines_total'),
      { name: 'session_doctor_watch_errors_total', labels: {}, value: this.errors },
    ];
  }
}
