/**
 * The detector's entry points: which failure type (if any) one event or one raw line shows, with the user's rules tried
 * first. The evidence and the decision live in `detection/`. Structural detection (repeats in a window, tool-call loops)
 * needs the session's history and lives in the engine. Pure module.
 */
import type { AgentEvent } from '../model/event';
import { FailureType, Severity, Strategy } from '../model/failures';
import { Policy } from '../engine/policy';
import { CompiledRule, matchRule } from './userRules';
import { MAX_TEXT_CHARS, Verdict, detect } from './detect';
import { negativeEvidence } from './negatives';
import { statusType } from './status';

/** Types a failed tool result may show (a tool's own output mentioning "429" is not the session's rate limit). */
const TOOL_RESULT_TYPES: ReadonlySet<FailureType> = new Set<FailureType>(['timeout', 'json_parse']);

/**
 * Classifies the text of an error the agent recorded (no shape checks; see {@link detect}). `allowed` limits the types
 * considered. Returns undefined when the text shows no failure.
 */
export function classifyText(text: string, allowed?: ReadonlySet<FailureType>): FailureType | undefined {
  return detect(text, { raw: false, allowed }).type;
}

/** The failure type an HTTP `status` means on its own, if any (401 auth, 429 rate limit, 503 overloaded, ...). */
export function classifyStatus(status: number): FailureType | undefined {
  return statusType(status);
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
 * - then the built-in detector ({@link builtinType}), or the verdict it already gave where the event's line was parsed
 *   (`event.detected`, see {@link precomputeDetection}): the same answer, worked out off the ingesting thread;
 * - everything else (user prompts, assistant prose, metadata): undefined. Assistant text that discusses "429" is not a failure.
 */
export function detectEvent(event: AgentEvent, rules: readonly CompiledRule[] = []): Detection | undefined {
  if (rules.length > 0 && (event.kind === 'error' || (event.kind === 'tool_result' && !!event.isError))) {
    const rule = matchRule(rules, event.text);
    if (rule) {
      return { type: rule.type, rule };
    }
  }
  const type = event.detected === undefined ? builtinType(event) : (event.detected ?? undefined);
  return type ? { type } : undefined;
}

/**
 * The built-in detector on one event, without user rules:
 * - `error` events: the detector on the text, with the event's HTTP status (words that name a more specific type than
 *   the status win: a 400 that says "prompt is too long" is a context overflow); an event made from a raw line
 *   (`rawLine`) is read as {@link classifyLine} reads it, so a terminal or log line gets the same type either way;
 * - failed `tool_result` events: only timeout and malformed-JSON types, and only from terms that name them (tool output
 *   quoting an error is not the session's);
 * - anything else: undefined.
 */
export function builtinType(event: AgentEvent): FailureType | undefined {
  let verdict: Verdict | undefined;
  if (event.kind === 'error') {
    verdict = event.rawLine ? detect(event.text, { raw: true }) : detect(event.text, { raw: false, status: event.httpStatus });
  } else if (event.kind === 'tool_result' && event.isError) {
    verdict = detect(event.text, { raw: false, allowed: TOOL_RESULT_TYPES });
    if (verdict.decidedBy === 'hint') {
      return undefined;
    }
  }
  return verdict?.type;
}

/**
 * Sets `event.detected` to {@link builtinType}'s answer (null for none) on an `error` or failed `tool_result` event,
 * so that {@link detectEvent} on another thread uses it instead of running the detector again (the parse worker does
 * this for every event it ships). Other events are left as they are (the detector says nothing of them).
 */
export function precomputeDetection(event: AgentEvent): void {
  if (event.kind === 'error' || (event.kind === 'tool_result' && event.isError)) {
    event.detected = builtinType(event) ?? null;
  }
}

/** The failure type of one event ({@link detectEvent} without the rule that matched). */
export function classifyEvent(event: AgentEvent, rules: readonly CompiledRule[] = []): FailureType | undefined {
  return detectEvent(event, rules)?.type;
}

/** What {@link classifyLine} says of one raw line. */
export interface LineClassification {
  type: FailureType;
  severity: Severity;
  strategy: Strategy;
}

/** {@link explainLine}'s answer: the classification (if any), the user rule that decided it, and the detector's verdict. */
export interface LineExplanation {
  classification: LineClassification | undefined;
  /** The user rule that matched (it decides before the detector). */
  rule?: CompiledRule;
  /** The detector's verdict and evidence (absent when a user rule decided). */
  verdict?: Verdict;
}

/**
 * The detector on one raw line, with the evidence that decided it (`session-doctor classify --explain`): the user's
 * `rules` first (a match decides, with the rule's severity and strategy), then {@link detect} reading the line as raw
 * output (its shape may say it is code, docs or a test verdict). Severity and strategy come from `policy` (default: the
 * catalog's). Never throws.
 */
export function explainLine(
  line: string,
  policy: Policy = DEFAULT_POLICY,
  rules: readonly CompiledRule[] = [],
  explain = true,
): LineExplanation {
  const text = line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line;
  const rule = rules.length > 0 ? matchRule(rules, text) : undefined;
  const verdict = rule ? undefined : detect(text, { raw: true, explain });
  const type = rule?.type ?? verdict?.type;
  if (!type) {
    return { classification: undefined, verdict };
  }
  const row = policy.row(type);
  return { classification: { type, severity: rule?.severity ?? row.severity, strategy: rule?.strategy ?? row.strategy }, rule, verdict };
}

/**
 * The detector alone on one raw line of agent output or log (CLI `classify`, terminals, output channels, generic logs,
 * the labelled corpus): {@link explainLine} without the evidence. Returns undefined when the line shows no failure.
 */
export function classifyLine(
  line: string,
  policy: Policy = DEFAULT_POLICY,
  rules: readonly CompiledRule[] = [],
): LineClassification | undefined {
  return explainLine(line, policy, rules, false).classification;
}

/** Characters of one line {@link classifyLine} looks at (longer lines are cut: bounded work per line). */
export const MAX_LINE_CHARS = MAX_TEXT_CHARS;

/**
 * True when a raw line reads as something other than an agent or API error report, so an error word in it is not the
 * session's failure (source code, a grep hit, a test verdict, docs, a retry that worked, the user's own app's request
 * log). See `detection/negatives.ts`.
 */
export function notAnErrorReport(line: string): boolean {
  return negativeEvidence(line) !== undefined;
}

const DEFAULT_POLICY = new Policy({ errorRepeatCount: 3, errorWindowMs: 300_000, maxAutoRetries: 2, overrides: {} });
