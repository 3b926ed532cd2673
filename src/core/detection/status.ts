/**
 * The status reader: the HTTP status an error text names, in any of the phrasings agents, SDKs, proxies and gateways use,
 * and what failure type a status means on its own. Pure module.
 */
import type { FailureType } from '../model/failures';

/** How a status was named: by a word that introduces it, with its reason phrase, in a JSON error body, or bare. */
export type StatusHow = 'named' | 'reason' | 'body' | 'bare';

/** One status found in a text. */
export interface StatusReading {
  /** The HTTP status, 400..599. */
  status: number;
  /** The words that named it, as they stand in the text (for `--explain`). */
  phrase: string;
  /** `bare` readings (`(429)`, `[503]`, `429:` at the start) count only where the text reads as an error report. */
  how: StatusHow;
}

/** Statuses an API, proxy or gateway sends for a failed request; other numbers in that range are not read as a status. */
const KNOWN = new Set([
  400, 401, 402, 403, 404, 405, 406, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431,
  451, 499, 500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 510, 511, 520, 521, 522, 523, 524, 525, 526, 527, 529, 530,
]);

/** Reason phrases (RFC 9110, and the common gateway wordings) and their statuses. */
const REASONS: readonly [RegExp, number][] = [
  [/Too Many Requests/i, 429],
  [/Service (?:Temporarily )?Unavailable/i, 503],
  [/Bad Gateway/i, 502],
  [/Gateway Time-?out/i, 504],
  [/Internal Server Error/i, 500],
  [/Payment Required/i, 402],
  [/(?:Request Entity|Payload|Content) Too Large/i, 413],
  [/Unprocessable (?:Entity|Content)/i, 422],
  [/Request Time-?out/i, 408],
  [/Unauthori[sz]ed/i, 401],
  [/Forbidden/i, 403],
  [/Not Found/i, 404],
  [/Bad Request/i, 400],
  [/Site is overloaded/i, 529],
];

/** Reason phrases that name a status on their own, without the number (others, like "Not Found", are too common). */
const ALONE = new Set([429, 503, 502, 504, 500, 402, 413, 422]);

// A number is not a status when a unit or more digits follow it ("500 tokens", "429ms", "503 lines", "429.5"); a
// sentence's full stop may ("returned HTTP 402.").
const NOT_A_UNIT = String.raw`(?!\d|[.,]\d|\s*(?:ms\b|s\b|sec|seconds?\b|min|minutes?\b|hours?\b|tokens?\b|bytes?\b|[KMG]i?B\b|lines?\b|chars?\b|characters?\b|%|px\b|requests?\b|rpm\b|tpm\b|items?\b|files?\b|times\b|words?\b|messages?\b|USD\b|dollars?\b|credits?\b))`;

/**
 * Words that introduce a status: "API Error: 429", "status 500", "status code: 401", "statusCode=503", "HTTP 429",
 * "HTTP/1.1 503", "HTTP Error 502", "Error code: 429", "error code: 524" (Cloudflare's text pages), "returned 429",
 * "got a 500", "failed with status 400", "responded with 503", "upstream http 429", "last status: 429", "a status code of
 * 503" (Dart's Dio), "Error from OpenAI: 401", "Response status code does not indicate success: 404 (Not Found)" (.NET's
 * HttpRequestException); and a status before the words: "503 status code (no body)" (the OpenAI and Anthropic TypeScript SDKs);
 * "status code" in Chinese or Japanese with its colon ("请求错误(状态码: 500)", relays and their web UIs); aiohttp's ClientResponseError
 * ("400, message='Bad Request', url='...'"); a relay's `upstream_status=401` field, Dify's "Request to Plugin Daemon Service
 * failed-500", Warp's `ErrorStatus(500, "")`, one-api's "status code is 400", Copilot for JetBrains' "unhandled status from
 * server: 413", "error code" in Chinese ("错误码: 503").
 */
const NAMED = new RegExp(
  String.raw`(?:状态码|狀態碼|ステータスコード|错误码)\s*[:：=]\s*([45]\d\d)(?!\d)|\b([45]\d\d), message=['"]|\b([45]\d\d) status code\b|\b(?:(?:API Error|upstream_status|status code is|status from server|status(?:[ _-]?code)?|statusCode|http(?:[ _-]?(?:status|code|error))?|HTTP\/\d(?:\.\d)?|error[ _-]?code|response code|returned(?: an?)?(?: HTTP| status)?|got(?: an?)?(?: HTTP)?|received(?: an?)?(?: HTTP)?|responded with(?: an?)?|failed with(?: an?)?(?: status| HTTP)?|with status|status(?: code)? of|due to|error from [\w.]+|does not indicate success)\b|failed[:-]|\bErrorStatus\()["']?\s*[:=]?\s*["'(]?\s*([45]\d\d)\b` +
    NOT_A_UNIT,
  'i',
);

/** An exception class before the status: "CAPIError: 503", "APIStatusError: 429" (case-sensitive, a colon after the class). */
const CLASS_STATUS = new RegExp(String.raw`\b[A-Z][A-Za-z]*(?:Error|Exception):\s*([45]\d\d)\b` + NOT_A_UNIT);

/** `<status> <reason>` and `<reason> (<status>)`: "429 Too Many Requests", "<title>502 Bad Gateway</title>", "Service Unavailable (503)". */
const WITH_REASON = new RegExp(
  String.raw`\b([45]\d\d)\s*[-:]?\s*(?:Too Many Requests|Service (?:Temporarily )?Unavailable|Bad Gateway|Gateway Time-?out|Internal Server Error|Payment Required|(?:Request Entity|Payload|Content) Too Large|Unprocessable (?:Entity|Content)|Request Time-?out|Unauthori[sz]ed|Forbidden|Not Found|Bad Request|Conflict|Site is overloaded|Method Not Allowed)\b` +
    '|' +
    String.raw`\b(?:Too Many Requests|Service Unavailable|Bad Gateway|Gateway Time-?out|Internal Server Error|Unauthori[sz]ed|Forbidden|Not Found|Bad Request)\s*[([]\s*([45]\d\d)\s*[)\]]` +
    '|' +
    // Python requests "404 Client Error: Not Found for url", httpx "Server error '529 ' for url"
    String.raw`\b([45]\d\d) (?:Client|Server) Error\b|\b(?:Client|Server) error '([45]\d\d)\b`,
  'i',
);

/**
 * A JSON error body's status: the `code` of the object under an `error` key (Google APIs, as Gemini CLI prints them;
 * also escaped inside another body, within 80 characters of the brace, no nested object between), a top-level
 * `"status": 429` / `"status_code": 429` / `'status_code': 429` (OpenAI-compatible servers, LiteLLM, Python reprs), an
 * error object's `"message": "... error ...", "code": 429` (OpenRouter).
 */
const BODY = [
  // a status followed by the gateway's HTML error page (`504 <html>`, `502 <!DOCTYPE html>`)
  /\b([45]\d\d)\s+<(?:!DOCTYPE|html)\b/i,
  // a request line of a model API's request log (`POST /v1/messages 500 301s`, `"POST /chat/completions HTTP/1.1" 429`)
  /\b(?:GET|POST|PUT|PATCH|DELETE)\]?\s+\S*\/(?:v1\/)?(?:messages|chat\/completions|completions|responses|models)\S*(?:\s+HTTP\/\d(?:\.\d)?"?)?\s+([45]\d\d)\b/,
  // Gin's access log line (Ollama and the Go relays: `| 500 |  1.53s |  127.0.0.1 | POST  "/api/chat"`, or after the
  // relay's request id `[87715CB4] 400 | 198ms | ...`) for a model API's path, Gemini's `:streamGenerateContent` too
  /(?:\||\]\s)\s*([45]\d\d)\s*\|\s*[\d.]+\s*[µnm]?s\s*\|\s*[^|]{1,40}\|\s*(?:GET|POST|PUT|PATCH|DELETE)\s+\\?"?\S*(?:\/api\/(?:chat|generate)|\/(?:v1\/)?(?:messages|chat\/completions|completions|responses|embeddings)|:(?:stream)?[gG]enerateContent)\b/,
  // a status after the URL it came from (`Error at https://cloudcode-pa.googleapis.com: 429 - {`)
  /\bhttps?:\/\/\S+?:\s([45]\d\d)\s+-\s/,
  // a pretty-printed error body's own `"code": 429,` line (Google APIs, as the proxies log them line by line)
  /^\s*\\?"code\\?"\s*:\s*([45]\d\d),?\s*$/,
  /\\?"error\\?"\s*:\s*\{[^{}]{0,80}?\\?"code\\?"\s*:\s*([45]\d\d)(?![\d.])/,
  /\\?["'](?:status|status_code|statusCode|http_status|httpStatusCode)\\?["']\s*:\s*["']?([45]\d\d)(?![\d.])/,
  // an error object's own fields: a message that says error, then its code (OpenRouter: `{"message": "Provider returned error", "code": 429}`)
  /"message"\s*:\s*"[^"]{0,80}\berror\b[^"]{0,80}"\s*,\s*"code"\s*:\s*([45]\d\d)(?![\d.])/i,
];

/**
 * Bare statuses, read only in an error report: "(429)", "[503]", "429:" or "500 -" at the start, "error 429", "429 error",
 * ": 403" ending the line.
 */
const BARE = new RegExp(
  String.raw`[([<]([45]\d\d)[)\]>]|:\s([45]\d\d)\s*$|^\W{0,4}([45]\d\d)\s*[:\-–]\s|^\W{0,4}([45]\d\d)\s+(?=[{"'\[A-Za-z])|\berror[: ]\s?([45]\d\d)\b|\b([45]\d\d)[ -](?:error|status|response)\b` +
    NOT_A_UNIT,
  'i',
);

/** A text without a 4xx / 5xx number and without a reason phrase that stands alone names no status (one cheap search). */
const ANY_STATUS =
  /[45]\d\d|Too Many Requests|Service (?:Temporarily )?Unavailable|Bad Gateway|Gateway Time-?out|Internal Server Error|Payment Required|Too Large|Unprocessable/i;

function firstGroup(m: RegExpExecArray): number {
  for (let i = 1; i < m.length; i++) {
    if (m[i] !== undefined) {
      return Number(m[i]);
    }
  }
  return NaN;
}

function reading(m: RegExpExecArray | null, how: StatusHow): StatusReading | undefined {
  if (!m) {
    return undefined;
  }
  const status = firstGroup(m);
  return KNOWN.has(status) ? { status, phrase: m[0].trim(), how } : undefined;
}

/**
 * The HTTP error status a text names, most reliable phrasing first: a status introduced by a word ("API Error: 429",
 * "status code 500", "HTTP/1.1 503"), a status with its reason phrase ("502 Bad Gateway"), a JSON error body's code, a
 * reason phrase alone ("Too Many Requests" -> 429), then a bare status ("(429)", "[503]", "error 500"). Only statuses in
 * the known set (4xx / 5xx an API, proxy or gateway sends, Cloudflare's 52x, Anthropic's 529) count. Returns undefined when
 * the text names none. Never throws.
 */
export function readStatus(text: string): StatusReading | undefined {
  if (!ANY_STATUS.test(text)) {
    return undefined;
  }
  const named =
    reading(NAMED.exec(text), 'named') ?? reading(CLASS_STATUS.exec(text), 'named') ?? reading(WITH_REASON.exec(text), 'reason');
  if (named) {
    return named;
  }
  for (const p of BODY) {
    const r = reading(p.exec(text), 'body');
    if (r) {
      return r;
    }
  }
  for (const [p, status] of REASONS) {
    if (ALONE.has(status)) {
      const m = p.exec(text);
      if (m) {
        return { status, phrase: m[0], how: 'reason' };
      }
    }
  }
  return reading(BARE.exec(text), 'bare');
}

/**
 * The first HTTP error status a text names (see {@link readStatus}), bare ones included only when `bare` is true.
 * Returns a number in 400..599, or undefined.
 */
export function statusIn(text: string, bare = false): number | undefined {
  const r = readStatus(text);
  return r && (bare || r.how !== 'bare') ? r.status : undefined;
}

/**
 * What a status means on its own, when no word of the text says more: 401 / 403 auth, 402 a spent quota, 408 / 504 /
 * 522 / 524 a timeout, 413 a context overflow, 429 a rate limit, 503 / 529 overloaded, 523 / 525 / 526 / 527 a network
 * failure between gateway and origin, any other 5xx a server error, any other 4xx a bad request. Sources: RFC 9110,
 * the Anthropic, OpenAI and Gemini API error references, Cloudflare's 5xx reference.
 */
export function statusType(status: number): FailureType | undefined {
  switch (status) {
    case 401:
    case 403:
      return 'auth';
    case 402:
      return 'quota_exhausted';
    case 408:
    case 504:
    case 522:
    case 524:
      return 'timeout';
    case 413:
      return 'token_limit';
    case 429:
      return 'rate_limit';
    case 503:
    case 529:
      return 'overloaded';
    case 499:
    case 523:
    case 525:
    case 526:
    case 527:
      return 'network';
  }
  if (status >= 500 && status <= 599) {
    return 'server_error';
  }
  if (status >= 400 && status <= 499) {
    return 'bad_request';
  }
  return undefined;
}
