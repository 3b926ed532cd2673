/**
 * Stale resumes: a resume of a session id the agent no longer has. Each failure is counted against the id the error
 * names; the session is never offered a resume again, and from the second failure of one id it is a CRITICAL resume loop.
 */
import type { Check } from './check';

/** The session id a stale-session error names ("No conversation found with session ID: <id>", or any UUID), if any. */
export function staleSessionIdIn(text: string): string | undefined {
  const m =
    /session ID:?\s*([0-9a-zA-Z][\w-]{7,})/i.exec(text) ?? /\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b/i.exec(text);
  return m?.[1];
}

/** The check (stateless). */
export function staleResumeCheck(): Check {
  return {
    id: 'stale-resume',
    opens: ['stale_session'],
    onEvent(e, facts, ctx) {
      if (facts.detection?.type !== 'stale_session') {
        return [];
      }
      const resumedId = staleSessionIdIn(e.text) ?? e.sessionId;
      const n = ctx.store.addResumeFailure(resumedId, e.sessionId, e.timestamp);
      const floor =
        n >= 2
          ? {
              severity: 'CRITICAL' as const,
              reason: `resume of ${resumedId} failed ${n} times: a resume loop; start fresh, never resume this id`,
            }
          : undefined;
      return ctx.ledger.record(e, 'stale_session', { rule: facts.detection.rule, floor });
    },
  };
}
