/**
 * Secret redaction: API keys and tokens are replaced before any text is stored, shown or logged.
 * Pure module. The patterns are fixed (no user input) and linear: no nested quantifiers.
 */

/** The marker that replaces a secret. */
export const REDACTED = '[REDACTED]';

const SECRET_PATTERNS: RegExp[] = [
  // Anthropic (sk-ant-...), OpenAI (sk-..., sk-proj-...), generic sk- keys of 20+ characters
  /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}/g,
  // Google API keys
  /\bAIza[0-9A-Za-z_-]{30,}/g,
  // GitHub tokens
  /\bgh[pousr]_[A-Za-z0-9]{30,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{30,}/g,
  // AWS access key ids
  /\bAKIA[0-9A-Z]{16}\b/g,
  // Slack tokens
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  // JWTs
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
];

// "Authorization: Bearer xyz", "x-api-key: xyz", "api_key=xyz", "ANTHROPIC_API_KEY=xyz", "token": "xyz". The
// `NAME_API_KEY=` form matches from the key word on, not from the start of the name (the name's head stays in the text
// either way): a pattern that started at each word and backtracked through it was the costliest part of redaction.
const KEYED_SECRET =
  /(?:\b(authorization\s*[:=]\s*(?:bearer|basic)\s+|x-api-key\s*[:=]\s*|x-goog-api-key\s*[:=]\s*)|((?:API_KEY|APIKEY|SECRET|TOKEN|PASSWORD)\s*=\s*)|\b("?(?:api[_-]?key|apikey|access[_-]?token|auth[_-]?token|secret|password)"?\s*[:=]\s*"?))([^\s"',;]{6,})/gi;

/** A word every {@link KEYED_SECRET} match holds: a text without one is not searched further. */
const KEY_WORD = /authorization|api[_-]?key|secret|token|password/i;

/**
 * Returns `text` with API keys, bearer tokens and `KEY=value` secrets replaced by {@link REDACTED}.
 * Never throws; a text without secrets comes back unchanged (same string).
 */
export function redactSecrets(text: string): string {
  if (!text) {
    return text;
  }
  let out = KEY_WORD.test(text)
    ? text.replace(KEYED_SECRET, (_m, header?: string, named?: string, keyed?: string) => (header ?? named ?? keyed ?? '') + REDACTED)
    : text;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, REDACTED);
  }
  return out;
}
