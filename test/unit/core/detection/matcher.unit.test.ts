import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { firstNamedType, wordsOf } from '../../../../src/core/detection/matcher';
import { TriggerWordsEntry, deriveTriggerWords, triggerWordsEntry, triggerWordsOf } from '../../../../src/core/detection/termWords';
import TRIGGER_WORDS_DATA from '../../../../src/core/detection/triggerWords.json';
import type { Term } from '../../../../src/core/detection/vocabulary';
import type { Evidence } from '../../../../src/core/detection/verdict';
import { needsNonAscii, triggerWords } from '../../../../src/core/detection/triggers';
import { PRECEDENCE } from '../../../../src/core/detection/rules';
import { VOCABULARIES } from '../../../../src/core/detection/vocabularies';

const NAMES = VOCABULARIES.flatMap((v) => v.terms).filter((t) => t.strength === 'names');

/** The type the vocabularies name, tried the slow way: every term, then precedence. */
function bruteForce(text: string) {
  const hit = new Set(NAMES.filter((t) => t.pattern.test(text)).map((t) => t.type));
  return PRECEDENCE.find((t) => hit.has(t));
}

describe('detection/matcher: trigger words', () => {
  it('finds a whole word a pattern requires, expanding literal alternatives, and none where there is no such word', () => {
    assert.deepStrictEqual(triggerWords(String.raw`\bprompt is too long\b`), ['prompt']);
    assert.deepStrictEqual(triggerWords(String.raw`\bECONN(?:RESET|REFUSED)\b`), ['econnreset', 'econnrefused']);
    assert.deepStrictEqual(triggerWords(String.raw`\bE(?:SOCKET)?TIMEDOUT\b`), ['esockettimedout', 'etimedout']);
    assert.deepStrictEqual(triggerWords(String.raw`\bfinish_?reason\W{1,4}(?:SAFETY|RECITATION)\b`), ['finish_reason', 'finishreason']);
    assert.deepStrictEqual(triggerWords(String.raw`\bexceeds? the limit\b`), ['exceeds', 'exceed'], 'a common word is chosen last');
    assert.strictEqual(triggerWords(String.raw`\bapi[ -_]?key\b`), undefined, 'the words may run together');
    assert.strictEqual(triggerWords(String.raw`\bfoo`), undefined, 'no boundary after it');
    assert.strictEqual(triggerWords('a|b'), undefined, 'top-level alternation');
    assert.deepStrictEqual(triggerWords(String.raw`(?<!not your )\busage limit\b`), ['usage'], 'after a lookbehind');
    for (const source of ['负载已饱和', '令牌(?:可用)?额度已用尽', '余额不足|请充值', String.raw`^\W{0,3}已欠费\s*$`]) {
      assert.strictEqual(needsNonAscii(source), true, source);
    }
    for (const source of ['(?:可用)?度?', '余额不足|quota', '已被 ?AI', '[余额]不足|x', '(?:余额|x)', String.raw`\u4f59额?`, 'a']) {
      assert.strictEqual(needsNonAscii(source), source === '已被 ?AI', source);
    }
    assert.deepStrictEqual(triggerWords(String.raw`(?<=HTTP )\b429 Too Many\b`), ['many'], 'after a lookbehind');
  });

  it('looks words up in lower case, without the short ones', () => {
    assert.deepStrictEqual(wordsOf('API Error: ECONNRESET at 10'), ['api', 'error', 'econnreset']);
  });

  it('names the same type as trying every term, on every corpus line and on random mixes of vocabulary words', () => {
    let dir = __dirname;
    while (!fs.existsSync(path.join(dir, 'package.json'))) {
      dir = path.dirname(dir);
    }
    const base = path.join(dir, 'test', 'fixtures', 'corpus');
    const lines = ['dev', 'blind'].flatMap((part) =>
      fs
        .readdirSync(path.join(base, part))
        .filter((f) => f.endsWith('.jsonl'))
        .flatMap((f) =>
          fs
            .readFileSync(path.join(base, part, f), 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => (JSON.parse(l) as { text: string }).text),
        ),
    );
    for (const line of lines) {
      assert.strictEqual(firstNamedType(line, undefined)?.type, bruteForce(line), line);
    }
    const fragments = [
      'rate',
      'limit',
      'limited',
      'quota',
      'exceeded',
      'ECONNRESET',
      'prompt is too long',
      'finish_reason',
      ': ',
      'SAFETY',
      '429',
      'Error',
      'timed out',
      'context window',
      '_',
      '-',
      ' ',
      '(',
      ')',
      'Overloaded',
      'insufficient_quota',
      'per minute',
      'per day',
      'session not found',
      'invalid_grant',
    ];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 4 })), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        assert.strictEqual(firstNamedType(text, undefined)?.type, bruteForce(text), text);
      }),
      { numRuns: 3000, seed: 20261130 },
    );
  });

  it('ships the trigger words the vocabularies give (triggerWords.json, written by scripts/trigger-words.mjs)', () => {
    const derived = [...deriveTriggerWords()].map(([source, words]) => triggerWordsEntry(source, words));
    assert.deepStrictEqual(
      TRIGGER_WORDS_DATA.terms,
      derived,
      'src/core/detection/triggerWords.json does not match the vocabularies. Regenerate it: npm run compile-tests && node scripts/trigger-words.mjs',
    );
    // the index built from the data gives every term the words the derivation gives it: the matcher is unchanged
    const all = deriveTriggerWords();
    const terms = VOCABULARIES.flatMap((v) => v.terms);
    const shipped = triggerWordsOf(terms, TRIGGER_WORDS_DATA.terms as unknown as TriggerWordsEntry[]);
    for (const t of terms) {
      assert.deepStrictEqual(shipped.get(t), all.get(t.pattern.source), t.id);
    }
  });

  it('derives the words of a term the data does not know from its source, and ignores entries no term has', () => {
    const term = (source: string): Term => ({ id: `t/${source}`, pattern: new RegExp(source, 'i'), type: 'rate_limit', strength: 'names' });
    const known = term(String.raw`\bquota_exhausted\b`);
    const none = term(String.raw`\bapi[ -_]?key\b`);
    const fresh = term(String.raw`\bECONN(?:RESET|REFUSED)\b`);
    const phrase = term(String.raw`(?<!no )\bprompt is too long\b`);
    const words = triggerWordsOf(
      [known, none, fresh, phrase],
      [
        [known.pattern.source, ['quota_exhausted'], [['exhausted']]],
        [none.pattern.source, null],
        [String.raw`\bgone\b`, ['gone']],
      ],
    );
    assert.deepStrictEqual(
      [...words.values()],
      [
        { trigger: ['quota_exhausted'], also: [['exhausted']] },
        undefined,
        { trigger: ['econnreset', 'econnrefused'], also: [] },
        { trigger: ['prompt'], also: [['too'], ['long']] },
      ],
    );
  });

  it('tries a term only on a text that holds a word of each run of words its pattern requires, wherever they are', () => {
    // "prompt" triggers these terms; "too" and "long" are required too
    assert.strictEqual(firstNamedType('prompt is too long: 210000 tokens > 200000 maximum', undefined)?.type, 'token_limit');
    assert.strictEqual(firstNamedType('PROMPT IS TOO LONG', undefined)?.type, 'token_limit');
    assert.strictEqual(firstNamedType('the prompt is long, too', undefined), undefined);
    const evidence: Evidence[] = [];
    assert.strictEqual(firstNamedType('Error: prompt is too long', new Set(['token_limit']), evidence)?.type, 'token_limit');
    assert.ok(evidence.some((e) => e.kind === 'term' && /prompt is too long/i.test(e.match)));
  });
});
