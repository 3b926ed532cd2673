/**
 * The failure catalog: every failure type Session Doctor knows, how it is recognised in what an agent wrote,
 * and its default severity and recovery strategy (the policy table, which settings may override).
 *
 * Sources of the texts: Anthropic Messages API error types (`rate_limit_error`, `overloaded_error`, `authentication_error`,
 * `permission_error`, `invalid_request_error`, `api_error`), what Claude Code 2.1.x writes to its transcripts
 * (`"API Error: 429 {...}"`, `system/api_error` entries) and prints, OpenAI and Gemini error bodies, Node network error codes,
 * the exception class names of the OpenAI and Anthropic SDKs and LiteLLM (`RateLimitError`, `APIConnectionError`, ...),
 * the messages of Codex CLI, Gemini CLI, Aider, Cline, opencode, Qwen Code and Continue as their users reported them
 * (test/fixtures/corpus lists each line and its source), and the seed project session-doctor 0.1.1 (its eight types and
 * their policy). Pure module.
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
  /** Text patterns (case-insensitive, linear: no nested quantifiers). For structural types, only what an agent itself reports. */
  patterns: readonly RegExp[];
  /** HTTP statuses that mean this type on their own (checked before the patterns). */
  httpStatuses: readonly number[];
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
   * Generic patterns tried only when no type's `patterns` matched (e.g. Codex CLI prefixes every stream failure, a rate
   * limit or a server error alike, with "stream disconnected before completion:"; the words after it decide).
   */
  fallbackPatterns?: readonly RegExp[];
  /**
   * When one of this type's `patterns` matched, but the same text qualifies it in a way that means another type: that
   * type is meant when one of `when` matches and none of `unless` does. E.g. Gemini's per-minute 429 reads "You exceeded
   * your current quota" like a spent quota, but it lifts in seconds and Gemini CLI retries it (`Attempt 1 failed: ...`,
   * `RetryableQuotaError`), so it is a rate limit; a daily quota stays a quota.
   */
  yieldTo?: { type: FailureType; when: readonly RegExp[]; unless?: readonly RegExp[] };
}

/**
 * The catalog, in match order: the first definition whose status or pattern matches wins, so specific types
 * (context too long, stale session, quota) come before the generic ones (bad request, server error).
 */
export const FAILURE_CATALOG: readonly FailureDefinition[] = [
  {
    type: 'auth',
    title: 'Authentication failed (401/403)',
    description: 'The API key or token is invalid, expired or lacks permission. Retrying cannot help; a person must fix the credentials.',
    patterns: [
      /\bauthentication_error\b/i,
      /\bpermission_error\b/i,
      /\binvalid (?:x-)?api[ -_]?key\b/i,
      /\b(?:api key|token) (?:is )?(?:invalid|expired|revoked)\b/i,
      /\bOAuth token (?:has )?expired\b/i,
      /\bAPI Error: 40[13]\b/i,
      /\b40[13] (?:Unauthorized|Forbidden)\b/i,
      /\bUnauthorized\b.*\b(?:key|token|credentials)\b/i,
      /\bPlease run \/login\b/i,
      /\b(?:no|missing|incorrect) API key(?: available| provided| found)?\b/i,
      /\bInvalid (?:OAuth|bearer|access) token\b/i,
      /\bcould not resolve authentication method\b/i,
      /\bRequest failed with status code 40[13]\b/i,
      /\b(?:AuthenticationError|PermissionDeniedError)\b/,
      /\b(?:unable|not able|failed) to authenticate\b/i,
      // Gemini API: a bad key is a 400 INVALID_ARGUMENT with reason API_KEY_INVALID; a missing or expired token a 401
      // UNAUTHENTICATED (Gemini CLI 0.61 prints both bodies, test/fixtures/gemini)
      /\bAPI key not valid\b/i,
      /\bAPI_KEY_INVALID\b/,
      /\bUNAUTHENTICATED\b/,
    ],
    httpStatuses: [401, 403],
    severity: 'CRITICAL',
    strategy: 'halt_and_notify',
    transient: false,
  },
  {
    type: 'budget_exceeded',
    title: 'Budget exceeded',
    description: 'The session has spent more than its cost cap (or the provider reports the budget is spent). Halting stops the burn.',
    patterns: [
      /\bbudget (?:cap )?(?:has been |was |is )?(?:exceeded|exhausted|overrun)\b/i,
      /\bexceeded (?:the |your )?(?:cost |spend(?:ing)? )?(?:budget|spend limit|cost cap)\b/i,
      /\bExceededBudget\b/,
    ],
    httpStatuses: [],
    severity: 'CRITICAL',
    strategy: 'halt_and_notify',
    transient: false,
  },
  {
    type: 'quota_exhausted',
    title: 'Usage or quota exhausted',
    description: 'The plan\'s usage limit or the account\'s credit or quota is used up. Retrying before it resets only fails again.',
    patterns: [
      /\binsufficient_quota\b/i,
      /\bexceeded your current quota\b/i,
      /\b(?:Claude AI )?usage limit reached\b/i,
      /\bcredit balance (?:is )?too low\b/i,
      /\binsufficient[_ ]quota\b/i,
      /\bquota (?:exceeded|exhausted)\b/i,
      /\byou(?:'ve| have) (?:hit|reached) your (?:usage |session |weekly )?limit\b/i,
      // Gemini CLI's terminal quota (TerminalQuotaError): "You have exhausted your daily quota on this model.", Code
      // Assist's "You have exhausted your capacity on this model. Your quota will reset after 8h44m7s."
      /\bexhausted your (?:daily quota|capacity)\b/i,
      /\bTerminalQuotaError\b/,
      /\bQUOTA_EXHAUSTED\b/,
    ],
    // Gemini's per-minute limits say "quota" too ("You exceeded your current quota", "Quota exceeded for quota metric
    // 'Generate Content API requests per minute'"); Gemini CLI retries them (googleQuotaErrors.ts: RetryableQuotaError
    // for a per-minute quota or a retry delay up to 5 min; "Attempt N failed: ... Retrying after Nms" is printed only
    // for those) and throws a daily one at once (TerminalQuotaError). OpenAI's insufficient_quota is billing.
    yieldTo: {
      type: 'rate_limit',
      when: [
        /\bRetryableQuotaError\b/,
        /\bAttempt \d+ failed: /,
        /\bRetrying after \d+ ?ms\b/,
        /\b(?:retry|reset) (?:after|in) \d{1,3}(?:\.\d+)?m?s\b/i,
        /(?:\b|_)per[ _-]?minute(?:\b|_)/i,
        /PerMinute/,
      ],
      unless: [/(?:\b|_)per[ _-]?day(?:\b|_)/i, /PerDay|Daily|\bdaily\b/, /\bTerminalQuotaError\b/, /\binsufficient_quota\b/, /\bplatform\.openai\.com\b/],
    },
    httpStatuses: [],
    severity: 'HIGH',
    strategy: 'halt_and_notify',
    transient: false,
  },
  {
    type: 'output_limit',
    title: 'Output token limit',
    description: 'The model\'s reply hit its maximum output tokens and was cut off. The same request is cut again: ask for smaller steps, or raise the output limit the agent allows.',
    // Claude Code: "API Error: Claude's response exceeded the 32000 output token maximum."
    patterns: [/\boutput token maximum\b/i],
    httpStatuses: [],
    severity: 'MEDIUM',
    strategy: 'retry_with_prompt_fix',
    transient: false,
  },
  {
    type: 'token_limit',
    title: 'Context window exceeded',
    description: 'The conversation no longer fits the model\'s context window. Compacting the context (or restarting) is the way out.',
    patterns: [
      /\bprompt (?:is )?too long\b/i,
      /\bconversation (?:is )?too long\b/i,
      /\bcontext limit (?:reached|exceeded)\b/i,
      /\bexceeds? (?:the )?(?:max(?:imum)? )?context (?:window|length|limit)\b/i,
      /\bran out of room in the model's context window\b/i,
      /\breduce the length of the (?:messages|input|prompt)\b/i,
      /\bContextWindowExceededError\b/,
      /\bcontext[ _]length[ _]exceeded\b/i,
      /\bcontext (?:length|window) (?:exceeded|is full|overflow)\b/i,
      /\bmaximum context length\b/i,
      /\bexceeds? the (?:model's )?(?:maximum )?context (?:window|length)\b/i,
      /\binput (?:is )?too long\b/i,
      /\bran out of room in the model's context window\b/i,
      /\btoo many tokens\b/i,
      /\btoken limit (?:exceeded|reached)\b/i,
      /\binput token count .* exceeds\b/i,
      /\bmax_tokens\b.*\bexceed/i,
      // Aider: "Model gpt-4o has hit a token limit!", "Your estimated chat context of 130,000 tokens exceeds the 128,000 token limit"
      /\bhas hit a token limit\b/i,
      /\bexceeds the [\d,]+ token limit\b/i,
    ],
    // "Tokens per minute limit exceeded - too many tokens processed" (litellm.RateLimitError, OpenAI) is a rate limit.
    yieldTo: { type: 'rate_limit', when: [/\bRateLimitError\b/, /\brate_limit_error\b/, /\bper[ -]min(?:ute)?\b/i] },
    httpStatuses: [413],
    severity: 'HIGH',
    strategy: 'compact_context',
    transient: false,
  },
  {
    type: 'stale_session',
    title: 'Stale session',
    description: 'The agent tried to resume a session id that no longer exists (expired, or lost in a restart). Retrying the same id loops forever; start fresh.',
    patterns: [
      /\bNo conversation found with session ID\b/i,
      /\bsession (?:id )?(?:not found|has expired|expired|does not exist|is invalid)\b/i,
      /\bcould not (?:find|resume) (?:the )?session\b/i,
      /\bno rollout found for (?:thread|session|conversation) id\b/i,
      /\berror_during_execution\b/i,
      /\bno (?:saved )?session found\b/i,
      /\bno rollout found\b/i,
      /\bmissing rollout path\b/i,
      /\b(?:session |thread\/)resume failed\b/i,
      // Gemini CLI 0.61, `gemini --resume <id>` of a session that is gone (exit 42)
      /\bError resuming session\b/i,
      /\bNo previous sessions found\b/i,
    ],
    httpStatuses: [],
    severity: 'HIGH',
    strategy: 'clear_stale_session',
    transient: false,
  },
  {
    type: 'content_filter',
    title: 'Content filter',
    description: 'The provider refused the output on content grounds (for example MiniMax "output new_sensitive (1027)"). The same prompt will be refused again.',
    patterns: [/\bnew_sensitive\b/i, /\bsensitive \(1027\)/i, /\bcontent[_ ]filter(?:ed)?\b/i, /\bcontent_policy_violation\b/i, /\bfinish_reason"?\s*[:=]\s*"?SAFETY\b/i, /\bblocked (?:due to|by) (?:safety|content policy)\b/i, /\bblock(?:_reason|ed for reason)"?\s*[:=]\s*"?SAFETY\b/i, /\bFinishReasonSafety\b/, /\bContentPolicyViolationError\b/, /\bviolates? (?:our |the )?(?:usage|content) polic(?:y|ies)\b/i],
    httpStatuses: [],
    severity: 'HIGH',
    strategy: 'retry_with_prompt_fix',
    transient: false,
  },
  {
    type: 'rate_limit',
    title: 'Rate limit (429)',
    description: 'The provider is throttling requests. The agent retries; backing off avoids burning retries and budget.',
    patterns: [/\bRateLimitError\b/, /\brate_limit(?:ed|_error|_exceeded)?\b/i, /\brate[ -]limit(?:ed)?\b/i, /\bResource (?:has been )?exhausted\b/i, /\bRESOURCE_EXHAUSTED\b/, /\bToo Many Requests\b/i, /\bAPI Error: 429\b/i, /\bstatus(?: code)?:? 429\b/i, /\b429 (?:Too Many|rate)/i],
    httpStatuses: [429],
    severity: 'LOW',
    strategy: 'backoff',
    transient: true,
  },
  {
    type: 'overloaded',
    title: 'Provider overloaded (529)',
    description: 'The provider is overloaded and asks clients to come back later. Back off; the agent usually recovers.',
    patterns: [/\boverloaded_error\b/i, /\bOverloaded\b/, /\b(?:is|are) (?:currently |temporarily )?overloaded\b/i, /\bServiceUnavailableError\b/, /\bAPI Error: 529\b/i, /\b503 Service Unavailable\b/i, /\bUNAVAILABLE\b.*\boverloaded\b/i, /\bmodel is at capacity\b/i],
    httpStatuses: [529, 503],
    severity: 'MEDIUM',
    strategy: 'backoff',
    transient: true,
  },
  {
    type: 'timeout',
    title: 'Timeout',
    description: 'A request or tool call did not finish in time. Repeated timeouts spiral; back off.',
    patterns: [/\bETIMEDOUT\b/, /\brequest timed out\b/i, /\btimed out after\b/i, /\bCommand timed out\b/i, /\bdeadline exceeded\b/i, /\bAPI Error: Request timed out\b/i, /\btimeout of \d+ ?ms exceeded\b/i, /\bGATEWAY_TIMEOUT\b/, /\bGateway Time-?out\b/i, /\bAPITimeoutError\b/, /\bidle timeout waiting for\b/i, /\b(?:Read|Connect|Write|Pool)Timeout\b/],
    httpStatuses: [408, 504],
    severity: 'MEDIUM',
    strategy: 'backoff',
    transient: true,
  },
  {
    type: 'network',
    title: 'Network error',
    description: 'The connection to the provider failed (reset, DNS, TLS). Usually transient; back off.',
    patterns: [
      /\bECONNRESET\b/,
      /\bECONNREFUSED\b/,
      /\bENOTFOUND\b/,
      /\bEAI_AGAIN\b/,
      /\bEPIPE\b/,
      /\bSSL routines\b/i,
      /\bssl3_get_record\b/i,
      /\bwrong version number\b/i,
      /\bdecryption failed or bad record mac\b/i,
      /\bsocket hang up\b/i,
      /\bfetch failed\b/i,
      /\bConnection error\b/i,
      /\bnetwork error\b/i,
      /\berror sending request for url\b/i,
      /\bstream closed before response\.completed\b/i,
      /\bUnable to connect to API\b/i,
      /\bAPIConnectionError\b/,
      // Python ssl as a Hermes-style agent logs it: "[SSL] record layer failure (_ssl.c:2590)"; httpx transport errors
      /\brecord layer failure\b/i,
      /\b(?:ReadError|ConnectError|RemoteProtocolError)\b/,
    ],
    // A Hermes-style summary line ("error_type=<exception class> summary=...") whose words name nothing known: a
    // transport exception (APIStatusError, the provider's error status, is a server error below; httpx's ReadTimeout and
    // the like are timeouts).
    fallbackPatterns: [/\bstream disconnected before completion\b/i, /\berror_type=(?!APIStatusError\b)[A-Z]\w*(?:Error|Exception)\b/],
    httpStatuses: [],
    severity: 'MEDIUM',
    strategy: 'backoff',
    transient: true,
  },
  {
    type: 'json_parse',
    title: 'Malformed tool call (JSON)',
    description: 'The model produced a tool call or response that is not valid JSON (or does not match the tool\'s schema). Retry with a corrected prompt.',
    patterns: [
      /\bInputValidationError\b/,
      /\bUnexpected token .* in JSON\b/i,
      /\bUnexpected end of JSON input\b/i,
      /\bJSON ?(?:parse|decode) ?error\b/i,
      /\bJSONDecodeError\b/,
      /\bis not valid JSON\b/i,
      /\bfailed to parse (?:tool|function) (?:call|arguments|input)\b/i,
      /\binvalid (?:tool|function) (?:call|arguments)\b/i,
      // a cut or garbled response stream, as an agent reports its API error (V8's JSON.parse messages end "in JSON at
      // position N"): Gemini CLI 0.61 "[API Error: Unterminated string in JSON at position 69]"
      /\b(?:API Error|Gemini API)\b.*\bin JSON at position \d+/i,
    ],
    httpStatuses: [],
    severity: 'MEDIUM',
    strategy: 'retry_with_prompt_fix',
    transient: false,
  },
  {
    type: 'server_error',
    title: 'Server error (5xx)',
    description: 'The provider failed with an internal error. Usually transient; back off.',
    patterns: [/\bapi_error\b.*\bInternal server error\b/i, /\bInternal Server Error\b/i, /\bAn error occurred while processing your request\b/i, /\bInternalServerError\b/, /\bAPI Error: 5\d\d\b/i, /\b50[0-2] (?:Internal|Bad Gateway)\b/i, /\bcurrently experiencing high demand\b/i],
    // Codex CLI prints "We’re currently experiencing high demand, which may cause temporary errors." for a 500
    // (codex_error_info internal_server_error, test/fixtures/codex/server_500.*); a Hermes summary of an error status
    fallbackPatterns: [/\berror_type=APIStatusError\b/],
    httpStatuses: [500, 502],
    severity: 'MEDIUM',
    strategy: 'backoff',
    transient: true,
  },
  {
    type: 'bad_request',
    title: 'Bad request (400)',
    description: 'The provider rejected the request as malformed. The session state is likely broken; restart it.',
    patterns: [/\binvalid_request_error\b/i, /\bAPI Error: 400\b/i, /\b400 Bad Request\b/i, /\bBadRequestError\b/],
    httpStatuses: [400, 422],
    severity: 'HIGH',
    strategy: 'restart_session',
    transient: false,
  },
  {
    type: 'repeated_tool_call',
    title: 'Repeated tool call (loop)',
    description: 'The agent called the same tool with the same input several times in a row: it is looping. Break the loop.',
    // Detected from the event stream; these are the agents' own loop reports (Gemini CLI's loop detection).
    patterns: [/\bA potential loop was detected\b/i],
    httpStatuses: [],
    severity: 'HIGH',
    strategy: 'break_loop_and_notify',
    transient: false,
    structural: true,
  },
  {
    type: 'session_stuck',
    title: 'Session stuck (no response)',
    description:
      'The agent still runs, but no assistant response followed the last prompt or tool result for longer than the watchdog allows (hermes-agent session watchdog). With recent API errors (content filter 1027, TLS record layer failure, "API call failed (attempt N/3)") it is critical. Interrupt and resume.',
    patterns: [],
    httpStatuses: [],
    severity: 'HIGH',
    strategy: 'restart_session',
    transient: false,
    structural: true,
  },
  {
    type: 'marathon_session',
    title: 'Marathon session',
    description:
      'The session is near or over its message limit. Very long sessions fixate on failing tools (hermes-agent #326: 45-84 % error rates past 100 messages). Checkpoint and rotate: compact, or restart with resume.',
    patterns: [],
    httpStatuses: [],
    severity: 'MEDIUM',
    strategy: 'compact_context',
    transient: false,
    structural: true,
  },
  {
    type: 'context_pressure',
    title: 'Context window filling up',
    description: 'The latest request used most of the model\'s context window; the next turns will overflow it. Compact the context before that happens.',
    patterns: [],
    httpStatuses: [],
    severity: 'MEDIUM',
    strategy: 'compact_context',
    transient: false,
    structural: true,
  },
  {
    type: 'process_crash',
    title: 'Agent process crashed',
    description:
      'The agent\'s process ended with a non-zero exit code or was killed (SIGKILL 137, SIGTERM 143, its terminal ended mid-run), as the terminal source saw it. Ctrl+C by the user (130) and a clean exit are not crashes. Restart the session.',
    // Matched only on the text the terminal source writes for an exit (src/sources/terminalSource.ts), never on an agent's own output.
    patterns: [/^Agent process (?:exited with code -?\d+|was killed|ended with its terminal)\b/],
    httpStatuses: [],
    severity: 'HIGH',
    strategy: 'restart_session',
    transient: false,
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
