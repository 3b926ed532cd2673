import * as assert from 'assert';
import fc from 'fast-check';
import { WordTable } from '../../../../src/core/detection/wordTable';

/** The words of `text` the slow way: lower-case, split on anything but `[a-z0-9_]`, keep those of `minLength` or more. */
function wordsSlow(text: string, minLength: number): string[] {
  return (text.toLowerCase().match(/[a-z0-9_]+/g) ?? []).filter((w) => w.length >= minLength);
}

function visited<V>(table: WordTable<V>, text: string, minLength: number): V[] {
  const out: V[] = [];
  table.visit(text, minLength, (v) => out.push(v));
  return out;
}

describe('detection/wordTable', () => {
  it('visits the value of each held word of a text in order, case-insensitively, and no other', () => {
    const table = new WordTable(
      new Map([
        ['overloaded', 1],
        ['rate_limit', 2],
        ['econnreset', 3],
        ['429', 4],
      ]),
    );
    assert.deepStrictEqual(visited(table, 'Error: OVERLOADED (rate_limit) read ECONNRESET; overloaded', 3), [1, 2, 3, 1]);
    assert.deepStrictEqual(
      visited(table, 'overloaded_error ratelimit econnreset2', 3),
      [],
      'a held word inside a longer word is not a hit',
    );
    assert.deepStrictEqual(visited(table, 'HTTP 429', 3), [4]);
    assert.deepStrictEqual(visited(table, 'HTTP 429', 4), [], 'shorter than the minimum');
    assert.deepStrictEqual(visited(table, '', 1), []);
    assert.deepStrictEqual(visited(table, 'İOVERLOADED ÉRATE_LIMIT', 3), [1, 2], 'a non-ASCII letter breaks words');
    assert.deepStrictEqual(visited(table, 'OVERLOADÉD', 3), [], 'and is not folded');
  });

  it('agrees with a plain Map over the split words, for any table and text (also with colliding hashes in a full table)', () => {
    const word = fc.stringMatching(/^[a-z0-9_]{1,8}$/);
    const text = fc.array(
      fc.oneof(word, fc.constantFrom(' ', '-', 'É', 'İ', '\u00e9', 'ß', '.', '\n', 'X', 'Q_1', 'OK', '\u212a', '\u017f', 'STATUS')),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(fc.uniqueArray(word, { maxLength: 60 }), text, fc.integer({ min: 1, max: 4 }), (keys, parts, minLength) => {
        const map = new Map(keys.map((k, i) => [k, i]));
        const table = new WordTable(map);
        const line = parts.join('');
        const expected = wordsSlow(line, minLength)
          .filter((w) => map.has(w))
          .map((w) => map.get(w));
        assert.deepStrictEqual(visited(table, line, minLength), expected);
      }),
      { numRuns: 500 },
    );
  });
});
