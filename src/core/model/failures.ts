/**
 * The failure catalog: every failure type Session Doctor knows, with its title, meaning, default severity and recovery
 * strategy (the policy table, which settings may override). How each type is recognised in text lives in
 * `detection/` (vocabularies, status reader, rules); the eight first types and their policy come from the seed project
 * session-doctor 0.1.1. Pure module.
 */

/** How bad a finding is, lowest first. */
export type Severity = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

/** All severities, lowest first. */
export const SEVERITIES: readonly Severity[] = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

/** 0 for LOW up to 3 for CRITICAL. */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** The severity one level above `s` (CRITICAL stays CRITICAL). */
export function raiseSeverity(s: Severity): Severity {
  return SEVERITIES[Math.min(SEVERITIES.length - 1, severityRank(s) + 1)];
}

/** What to do about a failure. */
export type Strategy =
  | 'backoff'
  | 'compact_context'
  | 'restart_session'
  | 'retry_with_prompt_fix'
  | 'break_loop_and_notify'
  | 'clear_stale_session'
  | 'halt_and_notify';

/** All strategies, with the words shown to a user (button and report labels). */
export const STRATEGY_LABELS: Readonly<Record<Strategy, string>> = {
  backoff: 'Back Off',
  compact_context: 'Compact Context',
  restart_session: 'Restart Session',
  retry_with_prompt_fix: 'Retry with Prompt Fix',
  break_loop_and_notify: 'Break Loop',
  clear_stale_session: 'Clear Stale Session',
  halt_and_notify: 'Halt',
};

/** The failure types. The first eight are session-doctor's; the rest are what agent fleets meet besides. */
export type FailureType =
  | 'bad_request'
  | 'token_limit'
  | 'output_limit'
  | 'json_parse'
  | 'timeout'
  | 'repeated_tool_call'
  | 'rate_limit'
  | 'auth'
  | 'budget_exceeded'
  | 'overloaded'
  | 'server_error'
  | 'network'
  | 'content_filter'
  | 'stale_session'
  | 'quota_exhausted'
  | 'session_stuck'
  | 'no_answer'
  | 'marathon_session'
  | 'context_pressure'
  | 'process_crash';

/** One catalog entry. */
export interface FailureDefinition {
  type: FailureType;
  /** Short human title, e.g. "Rate limit (429)". */
  title: string;
  /** What it means and why it matters, one or two sentences (shown in tooltips and the report). */
  description: string;
  /** Default severity. */
  severity: Severity;
  /** Default strategy. */
  strategy: Strategy;
  /**
   * True when the agent itself usually gets past it (it retries): an open finding of a transient type is resolved when a
   * successful assistant response follows.
   */
  transient: boolean;
  /** True when detected from the event stream's structure or the session's totals, not from one text. */
  structural?: boolean;
  /**
   * What `Inject Test Error` writes for this type, as the real agent or API words it (Anthropic Messages API error bodies,
   * Claude Code): `text` (and the HTTP `status`) of an error event; for a structural type (`finding: true`) the text of
   * the finding it opens directly; for a loop, `loop: true` (that many identical tool calls are ingested instead).
   */
  sample: { text: string; status?: number; finding?: boolean; loop?: boolean };
}

/** The catalog, in the order the report and the README list it. */
export const FAILURE_CATALOG: readonly FailureDefinition[] = [
  {
    type: 'auth',
    title: 'Authentication failed (401/403)',
    description: 'The API key or token is invalid, expired or lacks permission. Retrying cannot help; a person must fix the credentials.',
    severity: 'CRITICAL',
    strategy: 'halt_and_notify',
    transient: false,
    sample: { text: 'API Error: 401 {"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}', status: 401 },
  },
  {
    type: 'budget_exceeded',
    title: 'Budget exceeded',
    description: 'The session has spent more than its cost cap (or the provider reports the budget is spent). Halting stops the burn.',
    severity: 'CRITICAL',
    strategy: 'halt_and_notify',
    transient: false,
    sample: { text: 'Budget exceeded: session cost is over its cap' },
  },
  {
    type: 'quota_exhausted',
    title: 'Usage or quota exhausted',
    description: "The plan's usage limit or the account's credit or quota is used up. Retrying before it resets only fails again.",
    severity: 'HIGH',
    strategy: 'halt_and_notify',
    transient: false,
    sample: { text: 'Claude AI usage limit reached|1767225600' },
  },
  {
    type: 'token_limit',
    title: 'Context window exceeded',
    description: "The conversation no longer fits the model's context window. Compacting the context (or restarting) is the way out.",
    severity: 'HIGH',
    strategy: 'compact_context',
    transient: false,
    sample: {
      text: 'API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 210000 tokens > 200000 maximum"}}',
      status: 400,
    },
  },
  {
    type: 'output_limit',
    title: 'Output token limit',
    description:
      "The model's reply hit its maximum output tokens and was cut off. The same request is cut again: ask for smaller steps, or raise the output limit the agent allows.",
    severity: 'MEDIUM',
    strategy: 'retry_with_prompt_fix',
    transient: false,
    sample: {
      text: "API Error: Claude's response exceeded the 32000 output token maximum. To configure this behavior, set the CLAUDE_CODE_MAX_OUTPUT_TOKENS environment variable.",
    },
  },
  {
    type: 'stale_session',
    title: 'Stale session',
    description:
      'The agent tried to resume a session id that no longer exists (expired, or lost in a restart). Retrying the same id loops forever; start fresh.',
    severity: 'HIGH',
    strategy: 'clear_stale_session',
    transient: false,
    sample: { text: 'No conversation found with session ID: 00000000-0000-4000-8000-000000000000 (error_during_execution)' },
  },
  {
    type: 'content_filter',
    title: 'Content filter',
    description:
      'The provider refused the output on content grounds (for example MiniMax "output new_sensitive (1027)"). The same prompt will be refused again.',
    severity: 'HIGH',
    strategy: 'retry_with_prompt_fix',
    transient: false,
    sample: { text: 'API Error: 500 {"type":"error","error":{"type":"api_error","message":"output new_sensitive (1027)"}}', status: 500 },
  },
  {
    type: 'rate_limit',
    title: 'Rate limit (429)',
    description: 'The provider is throttling requests. The agent retries; backing off avoids burning retries and budget.',
    severity: 'LOW',
    strategy: 'backoff',
    transient: true,
    sample: {
      text: 'API Error: 429 {"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}',
      status: 429,
    },
  },
  {
    type: 'overloaded',
    title: 'Provider overloaded (529)',
    description: 'The provider is overloaded and asks clients to come back later. Back off; the agent usually recovers.',
    severity: 'MEDIUM',
    strategy: 'backoff',
    transient: true,
    sample: { text: 'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', status: 529 },
  },
  {
    type: 'timeout',
    title: 'Timeout',
    description: 'A request or tool call did not finish in time. Repeated timeouts spiral; back off.',
    severity: 'MEDIUM',
    strategy: 'backoff',
    transient: true,
    sample: { text: 'API Error: Request timed out.' },
  },
  {
    type: 'network',
    title: 'Network error',
    description: 'The connection to the provider failed (reset, DNS, TLS). Usually transient; back off.',
    severity: 'MEDIUM',
    strategy: 'backoff',
    transient: true,
    sample: { text: 'API Error: Connection error. (ECONNRESET)' },
  },
  {
    type: 'json_parse',
    title: 'Malformed tool call (JSON)',
    description:
      "The model produced a tool call or response that is not valid JSON (or does not match the tool's schema). Retry with a corrected prompt.",
    severity: 'MEDIUM',
    strategy: 'retry_with_prompt_fix',
    transient: false,
    sample: { text: 'InputValidationError: Edit failed due to the following issue: Unexpected end of JSON input' },
  },
  {
    type: 'server_error',
    title: 'Server error (5xx)',
    description: 'The provider failed with an internal error. Usually transient; back off.',
    severity: 'MEDIUM',
    strategy: 'backoff',
    transient: true,
    sample: { text: 'API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}', status: 500 },
  },
  {
    type: 'bad_request',
    title: 'Bad request (400)',
    description: 'The provider rejected the request as malformed. The session state is likely broken; restart it.',
    severity: 'HIGH',
    strategy: 'restart_session',
    transient: false,
    sample: {
      text: 'API Error: 400 {"type":"error","error":{"type":"invalid_request_error","message":"messages.1.content: Input should be a valid list"}}',
      status: 400,
    },
  },
  {
    type: 'repeated_tool_call',
    title: 'Repeated tool call (loop)',
    description: 'The agent called the same tool with the same input several times in a row: it is looping. Break the loop.',
    severity: 'HIGH',
    strategy: 'break_loop_and_notify',
    transient: false,
    structural: true,
    sample: { text: 'Bash: ls -la (Session Doctor test)', loop: true },
  },
  {
    type: 'session_stuck',
    title: 'Session stuck (no response)',
    description:
      'The agent still runs, but no assistant response followed the last prompt or tool result for longer than the watchdog allows (hermes-agent session watchdog). With recent API errors (content filter 1027, TLS record layer failure, "API call failed (attempt N/3)") it is critical. Interrupt and resume.',
    severity: 'HIGH',
    strategy: 'restart_session',
    transient: false,
    structural: true,
    sample: { text: 'No assistant response for 6 min after the last prompt while the agent runs (Session Doctor test).', finding: true },
  },
  {
    type: 'no_answer',
    title: 'Ended without an answer',
    description:
      "The agent's process exited cleanly (exit code 0) while its session had no answer to the last prompt and nothing else explains it: a silent failure, e.g. `pi -p` (0.73.1) after a context overflow compacts, retries, fails unrecorded and exits 0 with no output. Restart or resume the session.",
    severity: 'HIGH',
    strategy: 'restart_session',
    transient: false,
    structural: true,
    sample: { text: 'The agent exited (code 0) with no answer to the last prompt (Session Doctor test).', finding: true },
  },
  {
    type: 'marathon_session',
    title: 'Marathon session',
    description:
      'The session is near or over its message limit. Very long sessions fixate on failing tools (hermes-agent #326: 45-84 % error rates past 100 messages). Checkpoint and rotate: compact, or restart with resume.',
    severity: 'MEDIUM',
    strategy: 'compact_context',
    transient: false,
    structural: true,
    sample: { text: '171 of 200 messages (86 %): 29 remain before the limit (Session Doctor test).', finding: true },
  },
  {
    type: 'context_pressure',
    title: 'Context window filling up',
    description:
      "The latest request used most of the model's context window; the next turns will overflow it. Compact the context before that happens.",
    severity: 'MEDIUM',
    strategy: 'compact_context',
    transient: false,
    structural: true,
    sample: { text: 'The latest response used 172k of the 200k-token context window (86 %) (Session Doctor test).', finding: true },
  },
  {
    type: 'process_crash',
    title: 'Agent process crashed',
    description:
      "The agent's process ended with a non-zero exit code or was killed (SIGKILL 137, SIGTERM 143, its terminal ended mid-run), as the terminal source saw it. Ctrl+C by the user (130) and a clean exit are not crashes. Restart the session.",
    severity: 'HIGH',
    strategy: 'restart_session',
    transient: false,
    sample: { text: 'Agent process exited with code 1 (claude in terminal "Session Doctor test")' },
  },
];

const BY_TYPE = new Map<FailureType, FailureDefinition>(FAILURE_CATALOG.map((d) => [d.type, d]));

/** All failure type ids, in catalog order. */
export const FAILURE_TYPES: readonly FailureType[] = FAILURE_CATALOG.map((d) => d.type);

/** The catalog entry of `type`. Throws `Error` for an unknown type. */
export function failureDefinition(type: FailureType): FailureDefinition {
  const d = BY_TYPE.get(type);
  if (!d) {
    throw new Error(`Unknown failure type: ${type}`);
  }
  return d;
}

/** True when `s` names a failure type. */
export function isFailureType(s: string): s is FailureType {
  return BY_TYPE.has(s as FailureType);
}
