import * as assert from 'assert';
import fc from 'fast-check';
import { REDACTED, redactSecrets } from '../../../../src/core/ingest/redact';

// The keyed-secret pattern as it was before it was made to start at the key word (commit e7421b1): the reference the
// rewritten one must agree with, character for character.
const BEFORE =
  /\b(authorization\s*[:=]\s*(?:bearer|basic)\s+|x-api-key\s*[:=]\s*|x-goog-api-key\s*[:=]\s*|[A-Z0-9_]*(?:API_KEY|APIKEY|SECRET|TOKEN|PASSWORD)\s*=\s*|"?(?:api[_-]?key|apikey|access[_-]?token|auth[_-]?token|secret|password)"?\s*[:=]\s*"?)([^\s"',;]{6,})/gi;

/** Keyed secrets redacted the way they were before, then what redactSecrets does after them (the key patterns). */
function keyedBefore(text: string): string {
  return text.replace(BEFORE, (_m, prefix: string) => prefix + REDACTED);
}

describe('redactSecrets', () => {
  it('replaces keyed secrets, keeping the name and its separator', () => {
    for (const [text, want] of [
      ['ANTHROPIC_API_KEY=abcdef123456', 'ANTHROPIC_API_KEY=[REDACTED]'],
      ['export MY_SECRET_TOKEN = abcdefg1', 'export MY_SECRET_TOKEN = [REDACTED]'],
      ['Authorization: Bearer abcdef123456789 ok', 'Authorization: Bearer [REDACTED] ok'],
      ['{"api_key": "abcdef123456", "model": "x"}', '{"api_key": "[REDACTED]", "model": "x"}'],
      ['x-goog-api-key: abcdefghijkl', 'x-goog-api-key: [REDACTED]'],
      ['password=hunter2hunter2', 'password=[REDACTED]'],
      ['token=abc', 'token=abc'], // too short to be a secret
      ['the token count is 4096', 'the token count is 4096'],
    ]) {
      assert.strictEqual(redactSecrets(text), want, text);
    }
  });

  it('redacts keyed secrets exactly as the pattern before the rewrite did (property, 2,000 texts)', () => {
    const pieces = fc.constantFrom(
      'API_KEY',
      'apikey',
      'api-key',
      'Api_Key',
      'SECRET',
      'secret',
      'TOKEN',
      'token',
      'PASSWORD',
      'Authorization',
      'authorization',
      'Bearer',
      'basic',
      'x-api-key',
      'x-goog-api-key',
      'access_token',
      'auth-token',
      'MY_',
      '_',
      'ANTHROPIC_',
      '=',
      ':',
      ' = ',
      ': ',
      '"',
      "'",
      ',',
      ';',
      ' ',
      '\n',
      '\t',
      '-',
      'abcdef',
      '123456',
      'xyz',
      'S',
      '{',
      '}',
      'TOKENS',
      'tokenizer',
      'secrets',
      'é',
      '日本',
    );
    fc.assert(
      fc.property(
        fc.array(pieces, { maxLength: 24 }).map((a) => a.join('')),
        (text) => {
          const want = keyedBefore(text);
          // redactSecrets also applies the key-shape patterns (sk-..., AIza..., ...), which none of these pieces forms
          assert.strictEqual(redactSecrets(text), want, JSON.stringify(text));
        },
      ),
      { numRuns: 2000, seed: 20261202 },
    );
  });

  it('leaves a text with nothing secret as the same string', () => {
    const text = 'const total = tokens.reduce((a, b) => a + b, 0); // nothing secret here';
    assert.strictEqual(redactSecrets(text), text);
  });
});
