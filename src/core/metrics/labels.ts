/**
 * Label values of the metrics: what may become a label and how many live sessions get their own series. Pure module.
 *
 * Bounded cardinality: `session` labels exist only for live sessions, at most `cap` of them per watcher (default
 * {@link DEFAULT_SESSION_LABEL_CAP}), chosen worst first (an open CRITICAL finding, then HIGH, ..., then stuck, then the
 * most recent activity); the others are counted in `session_doctor_session_labels_dropped`.
 */
import { severityRank } from '../model/failures';
import type { SessionSnapshot } from '../model/snapshot';

/** What a plain label value may look like: an id (letters, digits, `._:@-`), at most 64 characters. */
const PLAIN_VALUE = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$/;

/** FNV-1a (32 bit) of `s`, as 8 hex digits. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * A label value for an identifier that comes from outside (a session id, an agent id): kept when it is a plain id
 * (letters, digits, `._:@-`, up to 64 characters), else replaced by `h-` and a hash of it, so a file name or any text in
 * an id can never reach Prometheus. Stable: the same id gives the same value.
 */
export function idLabel(id: string): string {
  return PLAIN_VALUE.test(id) ? id : `h-${fnv1a(id)}`;
}

/** Rank for choosing labelled sessions: higher is more important. */
function importance(s: SessionSnapshot): number {
  const sev = s.worstSeverity ? severityRank(s.worstSeverity) + 2 : 0;
  return sev * 2 + (s.activity.state === 'stuck' ? 1 : 0);
}

/**
 * Splits the live sessions into those that get per-session series (at most `cap`, worst first, then most recently
 * active, then by id so the choice is stable) and the number left out.
 */
export function labelledSessions(live: readonly SessionSnapshot[], cap: number): { labelled: SessionSnapshot[]; dropped: number } {
  const sorted = [...live].sort(
    (a, b) => importance(b) - importance(a) || b.lastActivity - a.lastActivity || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const n = Math.max(0, Math.floor(cap));
  return { labelled: sorted.slice(0, n), dropped: Math.max(0, sorted.length - n) };
}
