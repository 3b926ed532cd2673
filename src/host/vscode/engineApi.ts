/**
 * The engine as the views and commands see it. The lead's `Engine` (src/core/engine/engine.ts) satisfies this interface; the
 * views and the recovery commands depend on this type only, so they can be tested against a fake.
 */
import type { AlertsEngineApi } from '../../core/alerting/alerts';
import type { FailureType } from '../../core/model/failures';
import type { AuditEntry, FindingSnapshot, SessionSnapshot } from '../../core/model/snapshot';

/** A detection: a finding that is new or whose severity rose. `live` is false while catching up on old transcript lines. */
export interface DetectionEvent {
  finding: FindingSnapshot;
  session: SessionSnapshot;
  live: boolean;
}

/** What the views and commands need from the engine. All methods are synchronous. */
export interface EngineApi extends AlertsEngineApi {
  /** All shown sessions, worst health first, then most recent activity. */
  snapshot(): SessionSnapshot[];
  /** One session by id, shown or not; undefined when unknown. */
  session(id: string): SessionSnapshot | undefined;
  /** Fires (debounced by the caller if needed) with the ids of sessions that changed; an empty list means "anything may have changed". */
  onDidChange(listener: (sessionIds: string[]) => void): { dispose(): void };
  /** Fires for a finding that is new, or whose severity rose; `live` is false while catching up on old transcript lines at startup. */
  onDidDetect(listener: (e: DetectionEvent) => void): { dispose(): void };
  /** Marks a finding acknowledged (no more notifications unless its severity rises). Unknown ids are ignored. */
  acknowledge(findingId: number, actor: 'user' | 'auto'): void;
  /** Silences notifications for the finding until `untilMs` (epoch ms). Unknown ids are ignored. */
  snooze(findingId: number, untilMs: number): void;
  /** Writes a recovery step to the audit log (a `succeeded` step resolves its finding). */
  recordRecovery(entry: Omit<AuditEntry, 'id' | 'timestamp'>): void;
  /** The newest audit rows, newest first (at most `limit`, default 50). */
  audit(limit?: number): AuditEntry[];
  /** The Markdown report: sessions, findings, recovery history, the effective policy table. */
  report(): string;
  /**
   * Adds a synthetic error event of `type` to the session (creating a demo session "session-doctor-test" if `sessionId`
   * is undefined): the "Inject Test Error" command.
   */
  injectTestError(sessionId: string | undefined, type: FailureType): void;
}
