/**
 * The hang watchdog: on each tick, every shown session's activity is read (working, waiting for you, stuck, ended); a
 * stuck session gets a `session_stuck` finding (HIGH; CRITICAL with API errors in the last 30 min). It is resolved when
 * the agent answers, when its process ended, or when nothing is known of it for an hour.
 */
import { RECENT_ERROR_WINDOW_MS, activityOf } from '../engine/activity';
import { clipText } from '../model/event';
import type { FindingSnapshot } from '../model/snapshot';
import type { Check, CheckContext, TickResult } from './check';

/** The check; it keeps the sessions with an open stuck finding and each session's last activity state (to refresh only changes). */
export function stuckCheck(): Check {
  let stuck: Set<string> | undefined;
  const lastStates = new Map<string, string>();
  const stuckOf = (ctx: CheckContext) => (stuck ??= new Set(ctx.store.sessionsWithActiveFinding('session_stuck')));
  return {
    id: 'stuck',
    opens: ['session_stuck'],
    onEvent(e, facts, ctx) {
      const out: FindingSnapshot[] = [];
      const sessions = stuckOf(ctx);
      if (facts.turn && facts.turn !== 'user' && facts.turn !== 'tool_result' && sessions.has(e.sessionId)) {
        ctx.ledger.resolveAll(e.sessionId, ['session_stuck'], e.timestamp, 'The agent answered.', 'agent');
        sessions.delete(e.sessionId);
      }
      if (facts.detection?.type === 'session_stuck') {
        out.push(...ctx.ledger.record(e, 'session_stuck', { rule: facts.detection.rule }));
      }
      return out;
    },
    onTick(ctx, now): TickResult {
      const sessions = stuckOf(ctx);
      const detections: FindingSnapshot[] = [];
      const changed = new Set<string>();
      const seen = new Set<string>();
      for (const r of ctx.store.activeSessions(now - ctx.config().activeWindowMs)) {
        seen.add(r.id);
        const activity = activityOf({
          turnKind: r.turnKind,
          turnAt: r.turnAt,
          process: ctx.processes.get(r.id),
          now,
          stuckMs: ctx.health().stuckMs,
        });
        if (lastStates.get(r.id) !== activity.state) {
          lastStates.set(r.id, activity.state);
          changed.add(r.id);
        }
        if (activity.state === 'stuck') {
          const errors = ctx.store.countErrors(r.id, now - RECENT_ERROR_WINDOW_MS);
          const text =
            errors > 0
              ? `${activity.detail} ${errors} API error${errors === 1 ? '' : 's'} in the last 30 min. Last: ${clipText(r.lastError, 300)}`
              : activity.detail;
          const floor =
            errors > 0
              ? { severity: 'CRITICAL' as const, reason: `stuck with ${errors} API error${errors === 1 ? '' : 's'} in the last 30 min` }
              : undefined;
          sessions.add(r.id);
          const found = ctx.ledger.upsert(r.id, 'session_stuck', now, text, floor);
          if (found.length > 0) {
            changed.add(r.id);
            detections.push(...found);
          }
        } else if (activity.state !== 'working' && sessions.has(r.id)) {
          const why = {
            dead: 'The agent process ended.',
            unknown: 'No activity for an hour and no process information: presumed ended.',
            waiting: 'The agent answered.',
          }[activity.state];
          ctx.ledger.resolveAll(r.id, ['session_stuck'], now, why, activity.state === 'waiting' ? 'agent' : 'system');
          sessions.delete(r.id);
          changed.add(r.id);
        }
      }
      for (const id of [...lastStates.keys()]) {
        if (!seen.has(id)) {
          lastStates.delete(id);
        }
      }
      return { detections, changed: [...changed] };
    },
  };
}
