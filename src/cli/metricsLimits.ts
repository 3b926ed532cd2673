/**
 * The plan limits of this machine for `watch --metrics`: the status-line records in the spool and the newest Codex
 * rollouts' `rate_limits`, read as `session-doctor limits` reads them (./limits.ts), at most once per
 * {@link LIMITS_REREAD_MS} so a scrape every few seconds does not walk the rollouts each time.
 */
import * as path from 'path';
import type { LimitReading } from '../core/metrics/collect';
import { gaugeRows, readCodexGauges, readLimitRecords } from './limits';
import { limitsFolder, spoolFolder } from './statusline';

/** How long one reading of the limits serves scrapes, ms. */
export const LIMITS_REREAD_MS = 10_000;

/** Readings older than this are not read, ms (the longest window, a week), as `session-doctor limits`. */
const HORIZON_MS = 7 * 86_400_000;

/**
 * A source of limit readings for {@link MetricsServer}: the spool (`$SESSION_DOCTOR_SPOOL` or `<home>/.session-doctor/spool`)
 * and `$CODEX_HOME/sessions` (default `<home>/.codex/sessions`), cached for {@link LIMITS_REREAD_MS}. Missing folders
 * give no readings; it does not throw on unreadable files (they are skipped).
 */
export function limitReadings(env: Readonly<Record<string, string | undefined>>, home: string): (nowMs: number) => readonly LimitReading[] {
  const spool = limitsFolder(spoolFolder(env, home));
  const codexSessions = path.join(env.CODEX_HOME || path.join(home, '.codex'), 'sessions');
  let cached: { at: number; rows: readonly LimitReading[] } | undefined;
  return (nowMs) => {
    if (!cached || nowMs < cached.at || nowMs - cached.at >= LIMITS_REREAD_MS) {
      cached = { at: nowMs, rows: gaugeRows(readLimitRecords(spool), readCodexGauges(codexSessions, nowMs - HORIZON_MS), nowMs) };
    }
    return cached.rows;
  };
}
