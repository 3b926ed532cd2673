/**
 * The written disambiguation rules: which type wins when a text shows several, and the close calls decided by what the
 * words say (test/fixtures/corpus/LABELS.md gives the same rules to the people who label lines). Pure module.
 */
import type { FailureType } from '../model/failures';
import { statusType } from './status';
import { CONNECT } from './vocab/providers';

/**
 * Most specific first: when the words of a text show several types, the earliest wins. A spent quota, a context
 * overflow, a content refusal or a stale session is usually wrapped in a generic status (429, 400, 500), so the specific
 * types come before the generic ones; a timeout before a network error ("connection timed out"); overloaded before a
 * server error ("500 ... overloaded").
 */
export const PRECEDENCE: readonly FailureType[] = [
  'process_crash',
  'stale_session',
  'budget_exceeded',
  'quota_exhausted',
  'content_filter',
  'token_limit',
  'output_limit',
  'context_pressure',
  'repeated_tool_call',
  'session_stuck',
  'json_parse',
  'auth',
  'rate_limit',
  'overloaded',
  'timeout',
  'network',
  'server_error',
  'bad_request',
  'marathon_session',
];

/** A disambiguation rule: it looks at the type chosen so far and the text, and may change the type. */
export interface DisambiguationRule {
  id: string;
  /** The rule in one sentence (shown by `--explain` and in docs/detection.md). */
  says: string;
  /** The type it decides for, or undefined when it does not apply; `status` is the HTTP status found, if any. */
  apply: (type: FailureType, text: string, status: number | undefined) => FailureType | undefined;
}

/** A period that lifts in seconds or minutes: per minute / second, RPM, TPM. */
const PERIOD_SOON = /(?:\b|_)per[ _-]?(?:minute|min|second|sec)(?:\b|_)|PerMinute|\b(?:RPM|TPM|RPS|ITPM|OTPM)\b/i;

/** A period that lifts in a day or more: per day / week / month, daily, RPD, TPD (not a host's name: `daily-cloudcode-pa`). */
const PERIOD_LATE =
  /(?:\b|_)per[ _-]?(?:day|month|week)(?:\b|_)|PerDay|\b(?:this|each|every) (?:day|week|month)\b|(?<![\w./-])(?:daily|monthly|weekly)\b(?![-.]\w)|\b(?:RPD|TPD)\b/i;

/** A retry the agent makes, or is told to make, within seconds or minutes. */
const RETRY_SOON =
  /\b(?:retry|try again|reset|resets|wait)(?: after| in)? \d{1,3}(?:\.\d+)?\s?(?:m?s|sec(?:onds?)?|minutes?)\b|\bRetryableQuotaError\b|\bAttempt \d+ failed: |\bRetrying after \d+ ?ms\b/i;

/** A limit that resets hours or days away, or only with a plan: usage limits, reset times, terminal quota errors. */
const RESET_LATE =
  /(?<!not your )\busage limit\b|\bresets? (?:at|on)\b|\b(?:resets?|try again|retry|wait)(?: in| for)? \d+\s?(?:h|hours?|d|days?)\b|\b(?:retry|try again) (?:after|at) \d{4}-\d\d-\d\d|\btry again (?:at|on|tomorrow)\b|\bretry[-_ ]?after[-_ ]?ms\W{1,3}\d{8,}\b|\bTerminalQuotaError\b|\binsufficient_quota\b|\bplatform\.openai\.com\b|\bfree[ -]?tier\b|FreeTier\b|\bfree[ -]?trial\b|\b(?:5|five)-hour\b/i;

/** Wording of a limit that needs money or a plan (weaker: Gemini's per-minute 429 also says "plan and billing"). */
const NEEDS_PAYMENT = /\bbilling\b|\bcredits?\b|\bplan\b|\bupgrade\b|\bsubscription\b|\bpayment\b/i;

/**
 * When a limit lifts: `soon` (seconds, minutes), `late` (hours, days, a plan), or undefined when the words do not say.
 * A named period decides first (OpenAI's per-day limit says "try again in 8.64s" too), then a reset hours away, then
 * a retry in seconds.
 */
export function whenLimitLifts(text: string): 'soon' | 'late' | undefined {
  const soon = PERIOD_SOON.test(text);
  const late = PERIOD_LATE.test(text);
  if (soon !== late) {
    return soon ? 'soon' : 'late';
  }
  if (RESET_LATE.test(text)) {
    return 'late';
  }
  return RETRY_SOON.test(text) ? 'soon' : undefined;
}

/** Words of a model's output maximum (as opposed to its context window). */
const OUTPUT_WORDS =
  /\boutput tokens?\b|\bmax_output_tokens\b|\bcompletion tokens\b|\boutput token maximum\b|\bmax_tokens\b(?![^.]{0,40}\bcontext\b)/i;
const INPUT_WORDS = /\bcontext (?:window|length|limit)\b|\bprompt (?:is )?too long\b|\binput (?:is )?too long\b|\binput tokens?\b/i;

/** Words that say the provider is overloaded, and words of throttling (an SDK's class name like RateLimitError is neither). */
const OVERLOAD_WORDS =
  /\boverloaded\b|\bover capacity\b|\bhigh demand\b|\bno capacity available\b|\bout of capacity\b|\b(?:system|server|model) capacity\b|\bat capacity\b/i;
const THROTTLE_WORDS = /\brate[ _-]limit|\btoo many requests\b|\bper (?:minute|second)\b|\bthrottl/i;

/** A connection named as failed whose next words are the answer's status ("Failed to connect to API: 400 Bad Request"). */
const ANSWERED_CONNECTION = /\b(?:failed|unable) to connect\b[^:]{0,40}:\s*[45]\d\d\b/i;

/** connect-es's error class with the Connect code it carries ("ConnectError: [invalid_argument] ..."; httpx's has "[Errno"). */
const CONNECT_ERROR_CODE = /\bConnectError: (\[[a-z_]+\])/;

/** The type the Connect vocabulary gives a code in brackets (`[invalid_argument]` -> bad_request), if it knows the code. */
function connectCodeType(code: string): FailureType | undefined {
  return CONNECT.terms.find((t) => t.pattern.test(code))?.type;
}

/** Codex's messages that carry the status of the request it gave up on (codex-rs error.rs: RetryLimit, UnexpectedStatus). */
const CODEX_LAST_STATUS = /\b(?:exceeded retry limit, last status:|OpenAI rejected the request\. Status:) ?([45]\d\d)\b/i;

/** A request's max_tokens above what the model allows (Bedrock's ValidationException wording). */
const MAX_TOKENS_PARAMETER = /\bmaximum tokens you requested exceeds? the model limit\b/i;

export const DISAMBIGUATION: readonly DisambiguationRule[] = [
  {
    id: 'codex-last-status',
    says: 'Codex\'s "exceeded retry limit, last status: 401" and "OpenAI rejected the request. Status: 401" are failures of that status: the status decides, not the words (a retry limit is not a rate limit when the last answer was a 401).',
    apply: (type, text) => {
      const m = type === 'rate_limit' || type === 'bad_request' ? CODEX_LAST_STATUS.exec(text) : null;
      const byStatus = m ? statusType(Number(m[1])) : undefined;
      return byStatus !== type ? byStatus : undefined;
    },
  },
  {
    id: 'answered-connection',
    says: 'A connection reported as failed with the status of an answer after it ("Failed to connect to API: 400 Bad Request") reached the server: the status decides, not the network.',
    apply: (type, text, status) =>
      type === 'network' && status !== undefined && ANSWERED_CONNECTION.test(text) ? statusType(status) : undefined,
  },
  {
    id: 'connect-code-over-class',
    says: 'Connect RPC\'s error class ("ConnectError", as Cursor prints it) says nothing of the network: the code in brackets after it decides ("ConnectError: [invalid_argument]").',
    apply: (type, text) => {
      const code = type === 'network' ? CONNECT_ERROR_CODE.exec(text)?.[1] : undefined;
      return code ? connectCodeType(code) : undefined;
    },
  },
  {
    id: 'max-tokens-parameter',
    says: 'A request whose max_tokens is above what the model allows ("The maximum tokens you requested exceeds the model limit of 4096") is a bad request: nothing in the conversation overflowed.',
    apply: (type, text) =>
      (type === 'token_limit' || type === 'output_limit') && MAX_TOKENS_PARAMETER.test(text) && !INPUT_WORDS.test(text)
        ? 'bad_request'
        : undefined,
  },
  {
    id: 'overloaded-over-rate-limit-class',
    says: 'A rate-limit class or status whose words say the model or server is overloaded, and nothing of throttling, is an overload (OpenAI\'s SDKs raise RateLimitError for "That model is currently overloaded").',
    apply: (type, text) => (type === 'rate_limit' && OVERLOAD_WORDS.test(text) && !THROTTLE_WORDS.test(text) ? 'overloaded' : undefined),
  },
  {
    id: 'overload-status-over-throttle-words',
    says: 'A 503 or 529 whose words say capacity or overload is an overload even when they also say "too many requests" (a serving platform throttling "due to system capacity limits").',
    apply: (type, text, status) =>
      type === 'rate_limit' && (status === 503 || status === 529) && OVERLOAD_WORDS.test(text) ? 'overloaded' : undefined,
  },
  {
    id: 'auth-status-over-connection',
    says: 'A connection that got an answer of 401 or 403 ("failed to connect to websocket: HTTP error: 401 Unauthorized") failed on its credentials, not on the network.',
    apply: (type, _text, status) => (type === 'network' && (status === 401 || status === 403) ? 'auth' : undefined),
  },
  {
    id: 'status-over-generic-words',
    says: 'Generic words of the other class ("InternalError" in a 400, "invalid request" in a 500) do not override the status: the status decides between a bad request and a server error.',
    apply: (type, _text, status) =>
      status !== undefined && ((type === 'server_error' && status < 500) || (type === 'bad_request' && status >= 500))
        ? statusType(status)
        : undefined,
  },
  {
    id: 'overload-status-over-server-error-class',
    says: 'A 503 or 529 named beside a generic server-error class ("InternalServerError [HTTP 503]") is an overload: the status is the more specific of the two.',
    apply: (type, _text, status) => (type === 'server_error' && (status === 503 || status === 529) ? 'overloaded' : undefined),
  },
  {
    id: 'rate-limit-on-tokens',
    says: 'A limit on tokens per minute ("Request too large ... on tokens per minute", "too many tokens per minute") is a rate limit, not a context overflow.',
    apply: (type, text) => (type === 'token_limit' && PERIOD_SOON.test(text) ? 'rate_limit' : undefined),
  },
  {
    id: 'quota-or-rate-limit',
    says: 'A limit that lifts in seconds or minutes (per minute, retry in 20s) is a rate limit; one that lifts per day, month, plan, with credits or billing is a spent quota; a bare "quota exceeded" stays a quota.',
    apply: (type, text) => {
      if (type !== 'rate_limit' && type !== 'quota_exhausted') {
        return undefined;
      }
      const lifts = whenLimitLifts(text);
      if (type === 'quota_exhausted' && lifts === 'soon') {
        return 'rate_limit';
      }
      if (type === 'rate_limit' && (lifts === 'late' || (lifts === undefined && NEEDS_PAYMENT.test(text)))) {
        return 'quota_exhausted';
      }
      return undefined;
    },
  },
  {
    id: 'output-or-context',
    says: "A limit on the model's output tokens is an output limit, not a context overflow, unless the words name the context window or the input.",
    apply: (type, text) => (type === 'token_limit' && OUTPUT_WORDS.test(text) && !INPUT_WORDS.test(text) ? 'output_limit' : undefined),
  },
];
