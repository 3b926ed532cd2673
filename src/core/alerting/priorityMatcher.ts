/**
 * Priority sessions: which sessions `concurrency.prioritySessions` names (ids, projects, titles, globs or RE2 regexes),
 * so cleanup never touches them.
 */
import type { RE2JS } from 're2js';
import type { SessionFacts } from './liveSessions';

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on first use: re2js costs tens of ms to load and most users name no priority session */
let re2js: typeof import('re2js') | undefined;
/** The re2js module, loaded on first call. */
function re2(): typeof RE2JS {
  return (re2js ??= require('re2js') as typeof import('re2js')).RE2JS;
}
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Matches sessions against `concurrency.prioritySessions`. Each entry is one of:
 * - `/regex/` (RE2 syntax, compiled with re2js: linear time), matched anywhere in the id, the project, the title or
 *   "project/title", case-insensitive;
 * - a glob with `*` (any run of characters) or `?` (one character), matched against the whole id, project, title or
 *   "project/title", case-insensitive;
 * - anything else: equal to the id, the project or the title (case-insensitive), or a prefix of the id of 8+ characters.
 * Bad patterns are reported in `problems` and left out; never throws.
 */
export class PriorityMatcher {
  /** One message per pattern that could not be compiled. */
  readonly problems: string[] = [];
  private readonly regexes: RE2JS[] = [];
  private readonly names: string[] = [];

  constructor(patterns: readonly string[]) {
    for (const raw of patterns) {
      const p = raw.trim();
      if (!p) {
        continue;
      }
      try {
        if (p.length >= 2 && p.startsWith('/') && p.endsWith('/')) {
          this.regexes.push(re2().compile(p.slice(1, -1), re2().CASE_INSENSITIVE));
        } else if (/[*?]/.test(p)) {
          this.regexes.push(re2().compile(`^${globToRe2(p)}$`, re2().CASE_INSENSITIVE));
        } else {
          this.names.push(p.toLowerCase());
        }
      } catch (e) {
        this.problems.push(`concurrency.prioritySessions: "${p}" is not a valid pattern (${e instanceof Error ? e.message : String(e)})`);
      }
    }
  }

  /** True when a pattern names the session. */
  matches(s: Pick<SessionFacts, 'id' | 'title' | 'project'>): boolean {
    const fields = [s.id, s.project, s.title, `${s.project}/${s.title}`].filter((f) => f.length > 0);
    const lower = fields.map((f) => f.toLowerCase());
    if (this.names.some((n) => lower.includes(n) || (n.length >= 8 && s.id.toLowerCase().startsWith(n)))) {
      return true;
    }
    return this.regexes.some((r) => fields.some((f) => r.matcher(f).find()));
  }
}

/** A glob (`*`, `?`) as an RE2 expression; every other character is literal (quoted with `RE2JS.quote`). */
export function globToRe2(glob: string): string {
  return glob
    .split(/([*?])/)
    .map((part) => (part === '*' ? '.*' : part === '?' ? '.' : part ? re2().quote(part) : ''))
    .join('');
}
