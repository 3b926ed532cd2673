/**
 * The store's read for a snapshot: the first paint of a window with 1,000 sessions asks for every active session's row,
 * context samples and shown findings. Read here at once, in one transaction: the rows with their last context samples in
 * one query (through the index `events_context`), the shown findings of those sessions in two more; each repository then
 * answers its per-session reads from what was read, until the next write to its tables (./repositories/bulkRead.ts).
 * Pure module.
 */
import type { EventsRepository } from './repositories/events';
import type { FindingsRepository } from './repositories/findings';
import type { SessionRow, SessionsRepository } from './repositories/sessions';

/**
 * The sessions active since `sinceMs` (epoch ms), or with an open finding, most recent first, read for a snapshot (see
 * the module's comment). Must run in a transaction (outside one, nothing is kept: every per-session read runs its query).
 */
export function readForSnapshot(
  sessions: SessionsRepository,
  events: EventsRepository,
  findings: FindingsRepository,
  sinceMs: number,
): SessionRow[] {
  const samples = new Map<string, number[]>();
  const rows = sessions.active(sinceMs, samples);
  events.keepContextSamples(samples);
  findings.keepShownOfActive(
    rows.map((r) => r.id),
    sinceMs,
  );
  return rows;
}
