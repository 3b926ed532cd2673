/** HTTP status extraction from error texts. Pure module. */

/** "API Error: 429", "status 500", "status code: 401", "HTTP/1.1 503": the words that name a status. */
const NAMED_STATUS = /\b(?:API Error:?|status(?: code)?:?|HTTP(?:\/\d(?:\.\d)?)?)\s*([45]\d\d)\b/i;

/**
 * The `code` of a printed Google-style JSON error body: `{"error":{"code":401,...}}` (Gemini API, as Gemini CLI 0.61
 * prints it, test/fixtures/gemini), also pretty-printed or escaped inside another body (`{\n  \"error\": {\n    \"code\": 429`).
 * Only a `code` of the object under an `error` key counts (within 80 characters after its brace, no nested object
 * between), so other numbers named "code" in a line are not read as a status.
 */
const ERROR_BODY_CODE = /\\?"error\\?"\s*:\s*\{[^{}]{0,80}?\\?"code\\?"\s*:\s*([45]\d\d)(?![\d.])/;

/**
 * The first HTTP error status (4xx/5xx) a text names after "API Error:", "status" or "HTTP", else the `code` of a JSON
 * error body in it, if any. Returns a number in 400..599, or undefined.
 */
export function statusIn(text: string): number | undefined {
  const m = NAMED_STATUS.exec(text) ?? ERROR_BODY_CODE.exec(text);
  return m ? Number(m[1]) : undefined;
}
