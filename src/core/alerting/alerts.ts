/**
 * Alerting without storms: the rules that turn detections (findings, concurrency tiers) into few, useful notifications.
 * Every alert has a key (session, type, level). A level has its own cooldown; sending a level also counts as sending
 * every lower level of the same (session, type), so a higher level inhibits the lower ones for their cooldowns (as
 * Prometheus Alertmanager's inhibition rules do) and only a real rise in level notifies again. Alerts admitted within a
 * short window are grouped into one notification. Silences (snooze for a while, or until the session changes) are
 * checked first; they are kept in the store by the caller so they survive a restart.
 *
 * The parts: cooldowns.ts (the alert, its key and the tiered cooldowns), silences.ts (silences and snoozes),
 * alertCenter.ts (the center and grouping); this module re-exports them and holds what the engine and the notifier share.
 * Pure module: the clock is injected; timers belong to the adapter (src/features/notifications/notifier.ts).
 */
import { Severity, severityRank } from '../model/failures';
import type { Alert } from './cooldowns';
import type { Silence } from './silences';

export { TieredGate, alertKeyOf, uniformCooldown } from './cooldowns';
export type { Alert, AlertClock, CooldownOf, GateVerdict } from './cooldowns';
export { SNOOZE_CHOICES, applySnooze, liftedSilences, silenceFor, silenceHolds, silences, snoozeDurationMs } from './silences';
export type { Silence, SnoozeChoice, SnoozeTarget } from './silences';
export { AlertCenter, groupAlerts } from './alertCenter';
export type { AlertCenterOptions, AlertContext, AlertGroup, OfferResult } from './alertCenter';

/** What a process or terminal source knows of a session's agent process (the engine's `agentProcess`). */
export interface ProcessFacts {
  state: 'running' | 'exited';
  /** Epoch ms it was observed. */
  atMs: number;
}

// ---- findings as alerts ----------------------------------------------------------------------------------------------

/** The parts of a finding the notification rule reads. */
export interface NotifiableFinding {
  severity: Severity;
  status: 'open' | 'acknowledged' | 'resolved';
  /** Epoch ms until which notifications are silenced on the finding itself (0: not snoozed). */
  snoozedUntil: number;
}

/**
 * True when a detection deserves to be offered as an alert: it is live (not catching up on old lines), at or above
 * `minimumSeverity`, open, and not snoozed at `nowMs`.
 */
export function isNotifiable(finding: NotifiableFinding, live: boolean, minimumSeverity: Severity, nowMs: number): boolean {
  return (
    live && finding.status === 'open' && finding.snoozedUntil <= nowMs && severityRank(finding.severity) >= severityRank(minimumSeverity)
  );
}

/** The alert of a finding (key: its session, its failure type, its severity). */
export function alertOfFinding(
  f: { id: number; sessionId: string; type: string; title: string; severity: Severity },
  sessionLabel: string,
): Alert {
  return { sessionId: f.sessionId, type: f.type, level: f.severity, title: f.title, sessionLabel, findingId: f.id };
}

// ---- what the adapters need from the engine --------------------------------------------------------------------------

/**
 * The engine's alerting and concurrency methods (src/core/engine/engine.ts implements them; the views and commands use them
 * through `EngineApi`).
 */
export interface AlertsEngineApi {
  /** Stores a silence (its `id` is ignored) and returns it with its id; it survives a restart. */
  addSilence(s: Silence): Silence;
  /** Every stored silence, oldest first. */
  silences(): Silence[];
  /** Deletes a silence by id. */
  removeSilence(id: number): void;
  /** Marks a session priority (never cleaned up) or clears the mark. */
  setPriority(sessionId: string, priority: boolean): void;
  /** Records that a cleanup closed the session now (it stops counting as live until new activity). */
  closeSession(sessionId: string): void;
  /** Sessions marked priority, and when sessions were closed by a cleanup (epoch ms). */
  sessionMarks(): { priority: string[]; closed: Map<string, number> };
  /** The last known state of the session's agent process (from a terminal or process source), if any. */
  agentProcess(sessionId: string): ProcessFacts | undefined;
}
