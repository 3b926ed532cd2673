/**
 * User rules (setting `sessionDoctor.detection.customRules`): the user's own patterns for failures the catalog does not
 * know, or knows under another name. Each rule maps a pattern to a built-in failure type and may set the severity and
 * strategy of what it matches. Patterns are compiled with re2js (RE2 semantics, linear time in the input: no
 * backreferences, no lookarounds, no catastrophic backtracking), so a rule from a workspace's settings cannot hang the
 * extension host. Rules are tried before the catalog. Pure module.
 */
import type { RE2JS } from 're2js';
import { FAILURE_TYPES, FailureType, SEVERITIES, Severity, STRATEGY_LABELS, Strategy, isFailureType } from '../model/failures';

/** CommonJS's require as the bundles and the compiled sources have it (this pure module is also type-checked without Node's types). */
declare const require: (id: 're2js') => typeof import('re2js');
// loaded on first use: re2js costs tens of ms to load and most users have no rule
let re2js: typeof import('re2js') | undefined;
/** The re2js module, loaded on first call. */
function re2(): typeof RE2JS {
  return (re2js ??= require('re2js')).RE2JS;
}

/** One rule as written in settings (JSON). */
export interface UserRule {
  /** A built-in failure type id, e.g. `rate_limit` (see `FAILURE_TYPES`). */
  type: FailureType;
  /** Severity of findings this rule matched (default: the policy table's row for `type`). */
  severity?: Severity;
  /** Strategy of findings this rule matched (default: the policy table's row for `type`). */
  strategy?: Strategy;
  /** An RE2 regular expression (https://github.com/google/re2/wiki/Syntax), searched anywhere in the line. */
  pattern: string;
  /** Letters: `i` case-insensitive, `s` dot matches newline, `m` multi-line `^`/`$`. Default `"i"`; `""` is case-sensitive. */
  flags?: string;
}

/** A rule compiled at load. */
export interface CompiledRule {
  /** Position in the setting's array (0-based), for messages and the report. */
  index: number;
  type: FailureType;
  severity?: Severity;
  strategy?: Strategy;
  /** The pattern as written. */
  pattern: string;
  /** The flags in effect, e.g. "i". */
  flags: string;
  /** The compiled pattern (re2js). */
  readonly re: RE2JS;
}

/** Largest pattern accepted, characters (RE2 programs grow with the pattern, not the input). */
export const MAX_RULE_PATTERN_LENGTH = 2000;

/** Each flag letter's RE2JS flag (a static property of RE2JS, read when a rule is compiled). */
const FLAG_BITS = { i: 'CASE_INSENSITIVE', s: 'DOTALL', m: 'MULTILINE' } as const;

/**
 * Checks and compiles the raw setting value (an array of {@link UserRule}-shaped objects). A rule that is not an object,
 * names an unknown type, severity, strategy or flag, or whose pattern does not compile under RE2 is skipped, with one
 * problem text naming the rule (`customRules[2]`) and why; the other rules still work. Never throws.
 * `undefined`/`null` means no rules.
 */
export function compileRules(raw: unknown): { rules: CompiledRule[]; problems: string[] } {
  const rules: CompiledRule[] = [];
  const problems: string[] = [];
  if (raw === undefined || raw === null) {
    return { rules, problems };
  }
  if (!Array.isArray(raw)) {
    return { rules, problems: ['detection.customRules must be an array of { type, pattern, severity?, strategy?, flags? }'] };
  }
  raw.forEach((item: unknown, index) => {
    const where = `detection.customRules[${index}]`;
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      problems.push(`${where} must be an object { type, pattern, severity?, strategy?, flags? }`);
      return;
    }
    const r = item as Record<string, unknown>;
    if (typeof r.type !== 'string' || !isFailureType(r.type)) {
      problems.push(`${where}: type "${String(r.type)}" is not a failure type (one of ${FAILURE_TYPES.join(', ')})`);
      return;
    }
    if (typeof r.pattern !== 'string' || r.pattern.length === 0) {
      problems.push(`${where}: pattern must be a non-empty string`);
      return;
    }
    if (r.pattern.length > MAX_RULE_PATTERN_LENGTH) {
      problems.push(`${where}: pattern is longer than ${MAX_RULE_PATTERN_LENGTH} characters`);
      return;
    }
    if (r.severity !== undefined && !(typeof r.severity === 'string' && (SEVERITIES as readonly string[]).includes(r.severity))) {
      problems.push(`${where}: severity "${String(r.severity)}" is not one of ${SEVERITIES.join(', ')}`);
      return;
    }
    if (r.strategy !== undefined && !(typeof r.strategy === 'string' && Object.hasOwn(STRATEGY_LABELS, r.strategy))) {
      problems.push(`${where}: strategy "${String(r.strategy)}" is not one of ${Object.keys(STRATEGY_LABELS).join(', ')}`);
      return;
    }
    const flags = r.flags === undefined ? 'i' : r.flags;
    if (typeof flags !== 'string' || [...flags].some((f) => !Object.hasOwn(FLAG_BITS, f))) {
      problems.push(`${where}: flags "${String(r.flags)}" may only hold the letters i, s, m`);
      return;
    }
    let re: RE2JS;
    try {
      const RE2 = re2();
      re = RE2.compile(
        r.pattern,
        [...new Set(flags)].reduce((bits, f) => bits | RE2[FLAG_BITS[f as keyof typeof FLAG_BITS]], 0),
      );
    } catch (err) {
      problems.push(
        `${where}: pattern /${r.pattern}/ is not a valid RE2 regular expression (${err instanceof Error ? err.message : String(err)}); the rule is skipped`,
      );
      return;
    }
    rules.push({
      index,
      type: r.type,
      severity: r.severity as Severity | undefined,
      strategy: r.strategy as Strategy | undefined,
      pattern: r.pattern,
      flags,
      re,
    });
  });
  return { rules, problems };
}

/** The first rule (in setting order) whose pattern occurs in `text`, or undefined. Linear in `text` per rule. */
export function matchRule(rules: readonly CompiledRule[], text: string): CompiledRule | undefined {
  for (const rule of rules) {
    if (rule.re.test(text)) {
      return rule;
    }
  }
  return undefined;
}
