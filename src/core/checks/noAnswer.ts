/**
 * An exit with no answer: the agent's process ended cleanly (exit code 0, or no code) while its session's last turn is
 * not an answer (a prompt, a tool call or result, or an API error the agent went on from) and no open finding explains
 * it. The silent failure of `pi -p` 0.73.1 after a context overflow (test/fixtures/pi/context_too_long): the session
 * file holds the prompt, the overflow and the compaction; pi retries, the retry fails unrecorded, and it exits 0 with no
 * output. Only a source that sees the process (a terminal) knows it ended, so `session-doctor scan` never opens it.
 * Resolved when an answer follows (the session was resumed). Pure module.
 */
import type { TurnKind } from '../engine/activity';
import type { Check, CheckContext, TickResult } from './check';

/** Turns that leave a session without an answer when its process ends. */
const UNANSWERED: ReadonlySet<TurnKind | ''> = new Set<TurnKind | ''>(['user', 'tool_result', 'tool_call', 'error_end']);

/** Time after a process exit before its session is judged (ms): the file readers poll every second. */
export const EXIT_GRACE_MS = 5_000;

/** The check; it keeps the sessions with an open no-answer finding and the process exits already judged. */
export function noAnswerCheck(): Check {
  let open: Set<string> | undefined;
  const judged = new Map<string, number>();
  const openOf = (ctx: CheckContext) => (open ??= new Set(ctx.store.sessionsWithActiveFinding('no_answer')));
  return {
    id: 'no-answer',
    opens: ['no_answer'],
    onEvent(e, facts, ctx) {
      const sessions = openOf(ctx);
      if (facts.turn === 'assistant' && sessions.has(e.sessionId)) {
        ctx.ledger.resolveAll(e.sessionId, ['no_answer'], e.timestamp, 'The agent answered.', 'agent');
        sessions.delete(e.sessionId);
      }
      return [];
    },
    onTick(ctx, now): TickResult {
      const sessions = openOf(ctx);
      const result: TickResult = { detections: [], changed: [] };
      for (const [id, p] of ctx.processes) {
        const clean = p.state === 'exited' && (p.exitCode === undefined || p.exitCode === 0);
        // A grace period after the exit, so that what the agent wrote last is read before the session is judged.
        if (!clean || judged.get(id) === p.atMs || now - p.atMs < EXIT_GRACE_MS) {
          continue;
        }
        const row = ctx.store.session(id);
        if (!row) {
          continue;
        }
        judged.set(id, p.atMs);
        if (!UNANSWERED.has(row.turnKind) || row.turnAt > p.atMs) {
          continue;
        }
        if (ctx.store.findings(id).some((f) => f.status === 'open' && f.type !== 'session_stuck')) {
          continue;
        }
        const code = p.exitCode === undefined ? '' : ` (exit code ${p.exitCode})`;
        const found = ctx.ledger.upsert(
          id,
          'no_answer',
          now,
          `The agent process ended${code} with no answer after the last ${turnWords(row.turnKind)}.`,
        );
        sessions.add(id);
        result.changed.push(id);
        result.detections.push(...found);
      }
      return result;
    },
  };
}

/** What the session's last turn was, in words. */
function turnWords(turn: TurnKind | ''): string {
  switch (turn) {
    case 'tool_call':
      return 'tool call';
    case 'tool_result':
      return 'tool result';
    case 'error_end':
      return 'API error';
    default:
      return 'prompt';
  }
}
