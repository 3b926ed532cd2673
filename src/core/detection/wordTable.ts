/**
 * The trigger words' lookup ({@link WordTable}): the words of a text looked up straight from its characters, so the many
 * words of a line that trigger nothing cost neither a slice nor a string hash. Pure module.
 */

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** True for the characters of a word as the matcher splits words: `a`-`z`, `0`-`9` and `_` (of a lower-cased text). */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;
}

/** FNV-1a (32 bits) of `word`'s UTF-16 code units. */
function hashOf(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) {
    h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
  }
  return h;
}

/**
 * A read-only map from lower-case words (`[a-z0-9_]+`) to values, kept in an open-addressing table of FNV-1a hashes
 * (at most a quarter full). Keys with other characters are never found by {@link WordTable.visit}.
 */
export class WordTable<V> {
  private readonly keys: string[] = [];
  private readonly values: V[] = [];
  /** Index + 1 into keys and values; 0 is an empty slot. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(entries: ReadonlyMap<string, V>) {
    let size = 16;
    while (size < entries.size * 4) {
      size *= 2;
    }
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (const [key, value] of entries) {
      let slot = hashOf(key) & this.mask;
      while (this.slots[slot] !== 0) {
        slot = (slot + 1) & this.mask;
      }
      this.keys.push(key);
      this.values.push(value);
      this.slots[slot] = this.keys.length;
    }
  }

  /**
   * Calls `visit` with the value of each word of `text` (lower-cased as a whole, then split into runs of `a`-`z`,
   * `0`-`9` and `_`, as `wordsOf` splits it) of at least `minLength` characters that the table holds, in the text's
   * order (a word that occurs twice is visited twice). A case-insensitive regular expression without the `u` flag
   * matches an ASCII letter only to an ASCII letter, so a word a term requires is found wherever the term matches.
   */
  visit(text: string, minLength: number, visit: (value: V) => void): void {
    const lower = text.toLowerCase();
    const { keys, slots, mask } = this;
    let start = -1;
    let h = FNV_OFFSET;
    for (let i = 0; i <= lower.length; i++) {
      const c = i < lower.length ? lower.charCodeAt(i) : 32;
      if (isWordChar(c)) {
        if (start < 0) {
          start = i;
          h = FNV_OFFSET;
        }
        h = Math.imul(h ^ c, FNV_PRIME);
        continue;
      }
      if (start >= 0 && i - start >= minLength) {
        const length = i - start;
        for (let slot = h & mask; slots[slot] !== 0; slot = (slot + 1) & mask) {
          const k = slots[slot] - 1;
          if (keys[k].length === length && lower.startsWith(keys[k], start)) {
            visit(this.values[k]);
            break;
          }
        }
      }
      start = -1;
    }
  }
}
