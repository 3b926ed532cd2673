/**
 * Silences and snoozes: no alerts for a session (one type, or all) for a while or until the session changes. The caller
 * keeps them in the store so they survive a restart; {@link applySnooze} is what a person's snooze choice does.
 */
import { FailureType } from '../model/failures';
import type { Alert } from './cooldowns';

/**
 * A silence: no alerts for a session (one type, or all) until a time, or until the session changes. Kept in the store
 * (table `alert_silences`) so it survives a restart of VS Code.
 */
export interface Silence {
  /** Row id in the store (0 before it is stored). */
  id: number;
  sessionId: string;
  /** Failure type silenced, or "" for every type of the session. */
  type: string;
  /** Epoch ms the silence ends; ignored when `untilChange`. */
  untilMs: number;
  /** True: the silence lasts until the session changes (a new message after the silence was set). */
  untilChange: boolean;
  /** The session's message count when the silence was set (for `untilChange`). */
  messageCount: number;
  /** Epoch ms it was set. */
  createdAt: number;
}

/** How long a snooze lasts: 15 min, 1 h, or until the session changes. */
export type SnoozeChoice = '15m' | '1h' | 'change';

/** Snooze choices as offered to a person, in order. */
export const SNOOZE_CHOICES: readonly { choice: SnoozeChoice; label: string; detail: string }[] = [
  { choice: '15m', label: 'For 15 minutes', detail: 'No notifications for this failure in this session for 15 minutes.' },
  { choice: '1h', label: 'For 1 hour', detail: 'No notifications for this failure in this session for 1 hour.' },
  {
    choice: 'change',
    label: 'Until the session changes',
    detail: 'No notifications until the session has new messages (the agent or you moved on).',
  },
];

/** Duration of a timed snooze, ms (0 for `change`). */
export function snoozeDurationMs(choice: SnoozeChoice): number {
  return choice === '15m' ? 15 * 60_000 : choice === '1h' ? 3_600_000 : 0;
}

/**
 * The silence a snooze creates for a session and type at `nowMs`, given the session's current message count (not yet
 * stored: `id` 0).
 */
export function silenceFor(choice: SnoozeChoice, sessionId: string, type: string, messageCount: number, nowMs: number): Silence {
  return {
    id: 0,
    sessionId,
    type,
    untilMs: choice === 'change' ? 0 : nowMs + snoozeDurationMs(choice),
    untilChange: choice === 'change',
    messageCount,
    createdAt: nowMs,
  };
}

/**
 * True while a silence still holds at `nowMs`: a timed one until `untilMs`; an until-change one while the session's
 * message count (`currentMessageCount`; undefined when the session is gone) has not grown since it was set. Errors the
 * agent writes are not messages, so a burst of 429s does not lift it; a new prompt, reply or tool call does.
 */
export function silenceHolds(s: Silence, nowMs: number, currentMessageCount: number | undefined): boolean {
  if (s.untilChange) {
    return currentMessageCount !== undefined && currentMessageCount <= s.messageCount;
  }
  return nowMs < s.untilMs;
}

/** True when the silence applies to the alert (same session; its type or every type) and still holds. */
export function silences(
  s: Silence,
  a: Pick<Alert, 'sessionId' | 'type'>,
  nowMs: number,
  currentMessageCount: number | undefined,
): boolean {
  return s.sessionId === a.sessionId && (s.type === '' || s.type === a.type) && silenceHolds(s, nowMs, currentMessageCount);
}

/** The silences that no longer hold at `nowMs` (to delete from the store). */
export function liftedSilences(all: readonly Silence[], nowMs: number, messageCount: (sessionId: string) => number | undefined): Silence[] {
  return all.filter((s) => !silenceHolds(s, nowMs, messageCount(s.sessionId)));
}

/** What {@link applySnooze} writes to: the engine's silences, finding snooze and audit log. */
export interface SnoozeTarget {
  addSilence(s: Silence): Silence;
  snooze(findingId: number, untilMs: number): void;
  recordRecovery(entry: {
    sessionId: string;
    findingId?: number;
    failureType?: FailureType;
    strategy: 'snooze';
    outcome: 'taken';
    actor: 'user';
    detail: string;
  }): void;
}

/**
 * Snoozes a finding's notifications at `nowMs`: stores a silence for its session and failure type (it survives a
 * restart). A timed snooze also marks the finding snoozed (the tree shows it; the engine audits it); a snooze until the
 * session changes is audited here. Returns how long, in words ("for 15 minutes", "until the session changes").
 */
export function applySnooze(
  engine: SnoozeTarget,
  session: { id: string; messageCount: number },
  finding: { id: number; type: FailureType },
  choice: SnoozeChoice,
  nowMs: number,
): string {
  const silence = engine.addSilence(silenceFor(choice, session.id, finding.type, session.messageCount, nowMs));
  if (silence.untilChange) {
    engine.recordRecovery({
      sessionId: session.id,
      findingId: finding.id,
      failureType: finding.type,
      strategy: 'snooze',
      outcome: 'taken',
      actor: 'user',
      detail: 'until the session changes',
    });
    return 'until the session changes';
  }
  engine.snooze(finding.id, silence.untilMs);
  return SNOOZE_CHOICES.find((c) => c.choice === choice)!.label.toLowerCase();
}
