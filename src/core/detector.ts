/**
 * The detector: which failure type (if any) one event shows. Structural detection (repeats in a window, tool-call loops)
 * needs the session's history and lives in the engine, as queries over the store. Pure module.
 */
import type { AgentEvent } from './event';
import { FAILURE_CATALOG, FailureDefinition, FailureType, Severity, Strategy } from './failures';
import { Policy } from './policy';
import { CompiledRule, matchRule } from './rules';
import { statusIn } from './status';

/** Types a failed tool result may show (a tool's own output mentioning "429" is not the session's rate limit). */
const TOOL_RESULT_TYPES: ReadonlySet<FailureType> = new Set<FailureType>(['timeout', 'json_parse']);

const TEXT_DEFINITIONS: readonly FailureDefinition[] = FAILURE_CATALOG.filter((d) => d.patterns.length > 0 || d.httpStatuses.length > 0 || !!d.fallbackPatterns?.length);

/**
 * Classifies raw text against the catalog: the first type (in catalog order) one of whose patterns matches -- or the type
 * it yields to when the text qualifies it so ({@link FailureDefinition.yieldTo}: a quota that lifts in seconds is a rate
 * limit) -- else the first whose fallback patterns match.
 * `allowed` limits the types considered. Returns undefined when nothing matches.
 */
export function classifyText(text: string, allowed?: ReadonlySet<FailureType>): FailureType | undefined {
  for (const d of TEXT_DEFINITIONS) {
    if (allowed && !allowed.has(d.type)) {
      continue;
    }
    if (d.patterns.some((p) => p.test(text))) {
      const y = d.yieldTo;
      if (y && (!allowed || allowed.has(y.type)) && y.when.some((p) => p.test(text)) && !y.unless?.some((p) => p.test(text))) {
        return y.type;
      }
      return d.type;
    }
  }
  for (const d of TEXT_DEFINITIONS) {
    if (d.fallbackPatterns && (!allowed || allowed.has(d.type)) && d.fallbackPatterns.some((p) => p.test(text))) {
      return d.type;
    }
  }
  return undefined;
}

/** The failure type whose catalog entry lists the HTTP `status`, if any. */
export function classifyStatus(status: number): FailureType | undefined {
  return TEXT_DEFINITIONS.find((d) => d.httpStatuses.includes(status))?.type;
}

/** What the detector found in one event: the failure type, and the user rule that matched (if one did). */
export interface Detection {
  type: FailureType;
  /** The user rule that decided the type; its severity and strategy (when set) apply to the finding. */
  rule?: CompiledRule;
}

/**
 * Classifies one event:
 * - `error` events and failed `tool_result` events: the user's `rules` first (first match in setting order wins);
 * - `error` events: then text patterns when they name a more specific type than the status (a 400 that says
 *   "prompt is too long" is a context overflow, a 429 that says "insufficient_quota" is quota), then the HTTP status,
 *   then, for an error no pattern knows, undefined;
 * - failed `tool_result` events: only timeout and malformed-JSON types (tool output quoting an error is not the session's);
 * - everything else (user prompts, assistant prose, metadata): undefined. Assistant text that discusses "429" is not a failure.
 */
export function detectEvent(event: AgentEvent, rules: readonly CompiledRule[] = []): Detection | undefined {
  const isFailedTool = event.kind === 'tool_result' && !!event.isError;
  if (rules.length > 0 && (event.kind === 'error' || isFailedTool)) {
    const rule = matchRule(rules, event.text);
    if (rule) {
      return { type: rule.type, rule };
    }
  }
  const type = classifyEventByCatalog(event);
  return type ? { type } : undefined;
}

/** The failure type of one event ({@link detectEvent} without the rule that matched). */
export function classifyEvent(event: AgentEvent, rules: readonly CompiledRule[] = []): FailureType | undefined {
  return detectEvent(event, rules)?.type;
}

function classifyEventByCatalog(event: AgentEvent): FailureType | undefined {
  if (event.kind === 'error') {
    const byText = classifyText(event.text);
    const byStatus = event.httpStatus !== undefined ? classifyStatus(event.httpStatus) : undefined;
    if (byText && byStatus && byText !== byStatus) {
      return SPECIALISES[byStatus]?.includes(byText) ? byText : byStatus;
    }
    return byText ?? byStatus;
  }
  if (event.kind === 'tool_result' && event.isError) {
    return classifyText(event.text, TOOL_RESULT_TYPES);
  }
  return undefined;
}

/** For a status-derived type, the text-derived types that refine it. */
const SPECIALISES: Partial<Record<FailureType, FailureType[]>> = {
  // Gemini answers a bad API key with 400 INVALID_ARGUMENT ("API key not valid", reason API_KEY_INVALID)
  bad_request: ['token_limit', 'stale_session', 'content_filter', 'json_parse', 'quota_exhausted', 'budget_exceeded', 'auth'],
  rate_limit: ['quota_exhausted', 'budget_exceeded'],
  auth: ['quota_exhausted'],
  server_error: ['stale_session', 'overloaded', 'content_filter'],
  overloaded: [],
  timeout: ['network'],
};

/** What {@link classifyLine} says of one raw line. */
export interface LineClassification {
  type: FailureType;
  severity: Severity;
  strategy: Strategy;
}

/**
 * The detector alone on one raw line of agent output or log (CLI `classify`, terminals, the labelled corpus). The line is
 * read as something an agent or its API client printed: the user's `rules` are tried first (a match decides, with the
 * rule's severity and strategy); then a line that reads as something else than an error report -- source code, a grep
 * hit, a test runner's verdict, a retry that succeeded, documentation -- is not a failure ({@link notAnErrorReport});
 * otherwise it is classified as an `error` event, with its HTTP status taken from the text (in prose without an error
 * report's mark, error names quoted as `inline code` do not count). Severity and strategy come
 * from `policy` (default: the catalog's). Returns undefined when the line shows no failure. Never throws.
 */
export function classifyLine(line: string, policy: Policy = DEFAULT_POLICY, rules: readonly CompiledRule[] = []): LineClassification | undefined {
  const text = line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line;
  const rule = rules.length > 0 ? matchRule(rules, text) : undefined;
  let type = rule?.type;
  if (!type && !notAnErrorReport(text)) {
    // Prose that quotes an error as inline code (`context_length_exceeded`) talks about it: only the words outside the
    // code spans count, unless the line carries an error report's mark.
    const words = text.includes('`') && !ERROR_REPORT_MARK.test(text) ? text.replace(/`[^`]*`/g, ' ') : text;
    type = classifyEvent({ sessionId: '', agent: 'generic', timestamp: 0, kind: 'error', text: words, httpStatus: statusIn(words) });
  }
  if (!type) {
    return undefined;
  }
  const row = policy.row(type);
  return { type, severity: rule?.severity ?? row.severity, strategy: rule?.strategy ?? row.strategy };
}

/** Characters of one line {@link classifyLine} looks at (longer lines are cut: bounded work per line). */
export const MAX_LINE_CHARS = 16_384;

/**
 * True when a raw line reads as something other than an agent or API error report, so an error word in it is not the
 * session's failure: a grep or compiler hit (`path/file.ts:12: ...`), a line of source code (a statement, a call, an
 * assignment, a regex test), a test runner's verdict, a retry that succeeded, or documentation (a Markdown table row or
 * list item, an error reference entry like `429 - rate_limit_error: ...`, prose explaining when an error is raised).
 * Heuristic and deliberately conservative (JSON error bodies, `Error: ...` lines, stack-trace messages and agent UI
 * lines are kept); measured on the labelled corpus in test/fixtures/corpus. All patterns are linear.
 */
export function notAnErrorReport(line: string): boolean {
  return NOT_AN_ERROR_REPORT.some((p) => p.test(line)) || endsLikeCode(line) || isMarkdownProse(line);
}

/** The marks of an error report: a line with one of them is never taken for code or prose by its shape alone. */
const ERROR_REPORT_MARK = /API Error|Error:|Exception\b|error"\s*:/;

/** A line that ends like code ("{", ";" or ") {"), unless it carries an error report's mark (`✕ [API Error: [{`). */
function endsLikeCode(line: string): boolean {
  return /(?:\)\s*\{|[;{])\s*$/.test(line) && !ERROR_REPORT_MARK.test(line);
}

const NOT_AN_ERROR_REPORT: readonly RegExp[] = [
  // grep -n, compilers, linters: "src/core/engine.ts:100: ..." (a path with an extension, then a line number)
  /^\s*[\w./\\-]+\.[A-Za-z0-9]{1,5}:\d+:/,
  // source code statements: keywords that open a statement
  /^\s*(?:if|elif|else|except|catch|raise|throw|return|assert|import|from \S+ import|const|let|var|def|function|class|case|await|yield)\b[\s(]/,
  // a call at the start of a line: logger.error(...), print(...), console.warn(...), [InlineData(...)]; not an error's
  // repr such as RateLimitError('...')
  /^\s*\[?[A-Za-z_$][\w$.]*(?<!Error|Exception)\(/,
  // an assignment or comparison: error_msg = "...", status = "rate_limited" (a space before the operator: logfmt
  // fields such as error=failed... are log lines, not code)
  /^\s*[A-Za-z_$][\w$.]*(?:\[[^\]]*\])?\s+(?:[-+*/]?=|==|===|!=)\s*\S/,
  // test runners: "FAILED tests/x.py::test_y", "✕ should retry on 429 (12 ms)"
  /^\s*(?:FAILED|PASSED|ERROR|XFAIL|XPASS)\s+\S+::/,
  // a retry that worked, or a problem that went away
  /\b(?:succeeded|recovered|cleared)\b/i,
  // documentation: a Markdown table row, a list item, an error reference entry, explanatory prose
  /^\s*\|.*\|\s*$/,
  /^\s*(?:[-*+]|\d{1,2}\.)\s+\S/,
  /^\s*[45]\d\d\s+[-\u2013]\s+\S/,
  /\b[45]\d\d - [a-z_]+_error: /,
  /\b(?:Raised when|is raised when|is returned when|also known as|occurs (?:when|if|due to)|Cause:|Solution:)/i,
];

/** Markdown prose: two or more inline code spans (`like_this`) and none of the marks of an error report. */
function isMarkdownProse(line: string): boolean {
  const spans = line.match(/`[^`]+`/g);
  return !!spans && spans.length >= 2 && !ERROR_REPORT_MARK.test(line);
}

const DEFAULT_POLICY = new Policy({ errorRepeatCount: 3, errorWindowMs: 300_000, maxAutoRetries: 2, overrides: {} });
