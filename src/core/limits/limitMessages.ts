/**
 * Usage-limit messages with a reset time, parsed into an absolute reset time (epoch ms) with the time zone honoured.
 *
 * Forms (each seen in real reports; the tests cite them):
 * - Claude Code, older: `Claude AI usage limit reached|<epoch s>` (the transcript's text; 1.0.x) and
 *   `Claude usage limit reached. Your limit will reset at 9am (America/Chicago).` (printed; the zone may be missing).
 * - Claude Code 2.x: `You've hit your limit · resets 10pm (America/New_York)`, `You've hit your session limit · resets
 *   8:30pm (Asia/Tokyo)`, `You've hit your weekly limit · resets Jul 31, 2am (UTC)`, `... · resets Sep 15 at 7pm`, and
 *   `5-hour limit reached ∙ resets 3pm`.
 * - Codex CLI: `You've hit your usage limit. ... or try again at Jul 5th, 2026 8:19 PM.` / `... try again at 8:19 PM.`
 *   (local time of the machine) and `... try again in 5 days 22 hours 11 minutes.` (relative to when it was written).
 * - Gemini CLI: `You have exhausted your daily quota on this model.` and `Quota exceeded for quota metric '...' and limit
 *   '... per day ...'`: no time in the text; the daily quota resets at midnight Pacific time (Gemini API rate-limit
 *   documentation), so the reset is that midnight, marked `estimated`.
 *
 * A wall time without a date is its next occurrence after the message's time; with a date but no year, the nearest year
 * that does not put it more than a day before the message. A wall time without a zone is read in `opts.timeZone` (the
 * machine's zone by default). Pure module; never throws.
 */
import type { AgentKind } from '../model/event';
import { WallTime, addDays, epochOfWallTime, isKnownTimeZone, localTimeZone, wallTimeAt } from './zonedTime';

/** Which limit a message names. `session` is the 5-hour window; `usage` a limit the text does not name. */
export type LimitScope = 'session' | 'weekly' | 'daily' | 'usage';

/** How the reset time was found. */
export type ResetBasis = 'epoch' | 'wall-clock' | 'relative' | 'daily-quota';

/** A usage limit and when it resets, from one message. */
export interface LimitReset {
  /** Plug-in id of the agent whose wording matched (`claude-code`, `codex`, `gemini`). */
  agent: AgentKind;
  scope: LimitScope;
  /** Epoch ms. */
  resetsAt: number;
  basis: ResetBasis;
  /** The IANA zone the wall time was read in (wall-clock and daily-quota only). */
  timeZone?: string;
  /** True when the text gives no time and the reset is the documented schedule's. */
  estimated: boolean;
}

/** Options of {@link parseLimitMessage}. */
export interface ParseLimitOptions {
  /** When the message was written (epoch ms): the reference for relative and date-less times. */
  at: number;
  /** Zone of wall times the message does not name (default: the machine's zone). */
  timeZone?: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_MS = 86_400_000;

// A clock time: 3pm, 8:30pm, 10:59am, 8:19 PM, 14:00.
const CLOCK = String.raw`(\d{1,2})(?::(\d{2}))?\s*([ap]\.?m\.?)?`;
// An optional date before it: "Jul 31, ", "Sep 15 at ", "Jul 5th, 2026 ".
const DATE = String.raw`(?:([A-Za-z]{3})[a-z]*\.? (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?,?(?: at)? )?`;
const ZONE = String.raw`(?:\s*\(([A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*)\))?`;

const CLAUDE_EPOCH = /\bClaude AI usage limit reached\|(\d{9,11})\b/i;
const CLAUDE_RESET = new RegExp(String.raw`\b(?:limit will reset at|resets)\s+` + DATE + CLOCK + ZONE, 'i');
const CLAUDE_LIMIT =
  /\b(?:Claude(?: AI)? usage limit reached|hit your (?:(session|weekly|5-hour|Opus|Sonnet) )?limit|(5-hour|weekly|session|Opus) limit reached)\b/i;
const CODEX_LIMIT = /\byou(?:['’]ve| have) hit your usage limit\b/i;
const CODEX_AT = new RegExp(String.raw`\btry again at\s+` + DATE + CLOCK, 'i');
const CODEX_IN = /\btry again in\s+((?:\d+\s*(?:days?|hours?|minutes?|mins?|seconds?|secs?)[\s,]*(?:and\s+)?)+)/i;
const GEMINI_DAILY = /\b(?:exhausted your daily quota|per day per (?:user|project)|PerDay\b|daily quota limit)/i;

/**
 * The usage limit `text` reports and when it resets; undefined when the text is no usage-limit message of a known agent
 * or names no usable time (an unknown zone name, an impossible clock time).
 */
export function parseLimitMessage(text: string, opts: ParseLimitOptions): LimitReset | undefined {
  const zone = opts.timeZone && isKnownTimeZone(opts.timeZone) ? opts.timeZone : localTimeZone();
  const epoch = CLAUDE_EPOCH.exec(text);
  if (epoch) {
    return { agent: 'claude-code', scope: 'usage', resetsAt: Number(epoch[1]) * 1000, basis: 'epoch', estimated: false };
  }
  const claude = CLAUDE_LIMIT.exec(text);
  if (claude) {
    const m = CLAUDE_RESET.exec(text);
    const when = m ? wallClock(m, 1, opts.at, zone) : undefined;
    return when ? { agent: 'claude-code', scope: claudeScope(claude[1] ?? claude[2]), ...when, estimated: false } : undefined;
  }
  if (CODEX_LIMIT.test(text)) {
    const at = CODEX_AT.exec(text);
    if (at) {
      const when = wallClock(at, 1, opts.at, zone, true);
      return when ? { agent: 'codex', scope: 'usage', ...when, estimated: false } : undefined;
    }
    const rel = CODEX_IN.exec(text);
    const ms = rel ? durationMs(rel[1]) : undefined;
    return ms !== undefined ? { agent: 'codex', scope: 'usage', resetsAt: opts.at + ms, basis: 'relative', estimated: false } : undefined;
  }
  if (GEMINI_DAILY.test(text)) {
    const resetsAt = nextMidnight(opts.at, PACIFIC);
    return resetsAt !== undefined
      ? { agent: 'gemini', scope: 'daily', resetsAt, basis: 'daily-quota', timeZone: PACIFIC, estimated: true }
      : undefined;
  }
  return undefined;
}

/** The zone of Gemini's daily quota reset. */
const PACIFIC = 'America/Los_Angeles';

function claudeScope(word: string | undefined): LimitScope {
  const w = (word ?? '').toLowerCase();
  return w === 'weekly' || w === 'opus' || w === 'sonnet' ? 'weekly' : w === 'session' || w === '5-hour' ? 'session' : 'usage';
}

/**
 * The epoch ms of the date-and-clock groups of `m` starting at group `g` (month, day, year, hour, minute, am/pm, zone),
 * read in the named zone or `fallbackZone`. Without a date: the next occurrence after `at`.
 */
function wallClock(
  m: RegExpExecArray,
  g: number,
  at: number,
  fallbackZone: string,
  noZoneGroup = false,
): { resetsAt: number; basis: ResetBasis; timeZone: string } | undefined {
  const [mon, dayS, yearS, hourS, minS, ampm] = m.slice(g, g + 6);
  const named = noZoneGroup ? undefined : m[g + 6];
  if (named && !isKnownTimeZone(named)) {
    return undefined;
  }
  const zone = named ?? fallbackZone;
  let hour = Number(hourS);
  const minute = minS ? Number(minS) : 0;
  if (ampm) {
    if (hour < 1 || hour > 12) {
      return undefined;
    }
    hour = (hour % 12) + (/^p/i.test(ampm) ? 12 : 0);
  }
  if (hour > 23 || minute > 59) {
    return undefined;
  }
  const now = wallTimeAt(at, zone);
  if (!now) {
    return undefined;
  }
  let resetsAt: number | undefined;
  if (mon) {
    const month = MONTHS.indexOf(mon.toLowerCase()) + 1;
    const day = Number(dayS);
    if (month < 1 || day < 1 || day > 31) {
      return undefined;
    }
    const year = yearS ? Number(yearS) : now.year;
    resetsAt = epochOfWallTime({ year, month, day, hour, minute }, zone);
    if (!yearS && resetsAt !== undefined && resetsAt < at - DAY_MS) {
      resetsAt = epochOfWallTime({ year: year + 1, month, day, hour, minute }, zone);
    }
  } else {
    const today: WallTime = { ...now, hour, minute };
    resetsAt = epochOfWallTime(today, zone);
    if (resetsAt !== undefined && resetsAt <= at) {
      resetsAt = epochOfWallTime(addDays(today, 1), zone);
    }
  }
  return resetsAt === undefined ? undefined : { resetsAt, basis: 'wall-clock', timeZone: zone };
}

/** "5 days 22 hours 11 minutes" in ms; undefined when nothing adds up. */
function durationMs(s: string): number | undefined {
  const unit: Record<string, number> = { d: DAY_MS, h: 3_600_000, m: 60_000, s: 1000 };
  let ms = 0;
  let found = false;
  for (const m of s.matchAll(/(\d+)\s*([dhms])/gi)) {
    ms += Number(m[1]) * unit[m[2].toLowerCase()];
    found = true;
  }
  return found ? ms : undefined;
}

/** The next midnight after `at` in `zone` (epoch ms). */
function nextMidnight(at: number, zone: string): number | undefined {
  const now = wallTimeAt(at, zone);
  return now ? epochOfWallTime(addDays({ ...now, hour: 0, minute: 0 }, 1), zone) : undefined;
}
