/**
 * The detector: which failure type (if any) one event shows. Structural detection (repeats in a window, tool-call loops)
 * needs the session's history and lives in the engine, as queries over the store. Pure module.
 */
import type { AgentEvent } from './event';
import { FAILURE_CATALOG, FailureDefinition, FailureType, Severity, Strategy } from './failures';
import { Policy } from './policy';
import { statusIn } from './status';

/** Types a failed tool result may show (a tool's own output mentioning "429" is not the session's rate limit). */
const TOOL_RESULT_TYPES: ReadonlySet<FailureType> = new Set<FailureType>(['timeout', 'json_parse']);

const TEXT_DEFINITIONS: readonly FailureDefinition[] = FAILURE_CATALOG.filter((d) => !d.structural);

/**
 * Classifies raw text against the catalog (patterns only, first match in catalog order).
 * `allowed` limits the types considered. Returns undefined when nothing matches.
 */
export function classifyText(text: string, allowed?: ReadonlySet<FailureType>): FailureType | undefined {
  for (const d of TEXT_DEFINITIONS) {
    if (allowed && !allowed.has(d.type)) {
      continue;
    }
    for (const p of d.patterns) {
      if (p.test(text)) {
        return d.type;
      }
    }
  }
  return undefined;
}

/** The failure type whose catalog entry lists the HTTP `status`, if any. */
export function classifyStatus(status: number): FailureType | undefined {
  return TEXT_DEFINITIONS.find((d) => d.httpStatuses.includes(status))?.type;
}

/**
 * Classifies one event:
 * - `error` events: text patterns first when they name a more specific type than the status (a 400 that says
 *   "prompt is too long" is a context overflow, a 429 that says "insufficient_quota" is quota), then the HTTP status,
 *   then, for an error no pattern knows, undefined;
 * - failed `tool_result` events: only timeout and malformed-JSON types (tool output quoting an error is not the session's);
 * - everything else (user prompts, assistant prose, metadata): undefined. Assistant text that discusses "429" is not a failure.
 */
export function classifyEvent(event: AgentEvent): FailureType | undefined {
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
  bad_request: ['token_limit', 'stale_session', 'content_filter', 'json_parse', 'quota_exhausted', 'budget_exceeded'],
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
 * The detector alone on one raw line of agent output or log (CLI `classify`, the labelled corpus): the line is read as an
 * error the agent reported, with its HTTP status taken from the text, and classified by the catalog; severity and
 * strategy come from `policy` (default: the catalog's). Returns undefined when the line shows no failure.
 */
export function classifyLine(line: string, policy: Policy = DEFAULT_POLICY): LineClassification | undefined {
  const type = classifyEvent({ sessionId: '', agent: 'generic', timestamp: 0, kind: 'error', text: line, httpStatus: statusIn(line) });
  if (!type) {
    return undefined;
  }
  const row = policy.row(type);
  return { type, severity: row.severity, strategy: row.strategy };
}

const DEFAULT_POLICY = new Policy({ errorRepeatCount: 3, errorWindowMs: 300_000, maxAutoRetries: 2, overrides: {} });
