/**
 * Wall-clock times in a named time zone, with the zone honoured: "3pm (Europe/Berlin)" on a given day to epoch ms.
 * Built on `Intl.DateTimeFormat` (no library, no Node built-in): IANA zone names such as `Europe/Berlin`, `Etc/GMT+5` or
 * `UTC`. Pure module.
 */

/** A calendar day and a time of day, as a clock in some zone shows them. */
export interface WallTime {
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  day: number;
  /** 0..23 */
  hour: number;
  /** 0..59 */
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The formatter of `timeZone`, or undefined when the zone name is not one Intl knows. */
function formatterOf(timeZone: string): Intl.DateTimeFormat | undefined {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      return undefined;
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether `timeZone` is a zone name Intl knows (`Europe/Berlin`, `UTC`, `Etc/GMT+5`). */
export function isKnownTimeZone(timeZone: string): boolean {
  return formatterOf(timeZone) !== undefined;
}

/** The wall time (to the minute) in `timeZone` at `epochMs`; undefined for an unknown zone. */
export function wallTimeAt(epochMs: number, timeZone: string): WallTime | undefined {
  const f = formatterOf(timeZone);
  if (!f) {
    return undefined;
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(epochMs))) {
    if (p.type !== 'literal') {
      parts[p.type] = Number(p.value);
    }
  }
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour % 24, minute: parts.minute };
}

/** Offset of `timeZone` from UTC at `epochMs`, in ms (Berlin in winter: +3,600,000). */
function offsetAt(epochMs: number, timeZone: string): number | undefined {
  const w = wallTimeAt(epochMs, timeZone);
  if (!w) {
    return undefined;
  }
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return asUtc - Math.floor(epochMs / 60_000) * 60_000;
}

/**
 * Epoch ms of a wall time in `timeZone`; undefined for an unknown zone. Around a daylight-saving change the offset
 * of the result is used (a skipped or repeated wall time resolves to one of its neighbouring instants).
 */
export function epochOfWallTime(w: WallTime, timeZone: string): number | undefined {
  const guess = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  const o1 = offsetAt(guess, timeZone);
  if (o1 === undefined) {
    return undefined;
  }
  const t = guess - o1;
  const o2 = offsetAt(t, timeZone);
  // Near a daylight-saving change the offset at the first guess may be the other side's: one correction settles it.
  return o2 === undefined || o2 === o1 ? t : guess - o2;
}

/** Adds `days` to a calendar day (month and year lengths honoured). */
export function addDays(w: WallTime, days: number): WallTime {
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  return { ...w, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The zone the host's Intl reports (the machine's local zone), `UTC` when it reports none. */
export function localTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}
