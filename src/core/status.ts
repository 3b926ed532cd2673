/** HTTP status extraction from error texts. Pure module. */

/** The first HTTP error status (4xx/5xx) a text names after "API Error:", "status" or "HTTP", if any. */
export function statusIn(text: string): number | undefined {
  const m = /\b(?:API Error:?|status(?: code)?:?|HTTP(?:\/\d(?:\.\d)?)?)\s*([45]\d\d)\b/i.exec(text);
  return m ? Number(m[1]) : undefined;
}
