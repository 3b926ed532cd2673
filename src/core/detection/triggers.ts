/**
 * Trigger words: the whole words a pattern needs in the text wherever it matches, read from the pattern's source, so the
 * matcher tries a term only on texts that hold one of its words. Pure module.
 */

/** One token of a regular expression's source: a literal character, an escape, a class, a group mark or a quantifier. */
function tokens(source: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    const counted = c === '{' ? /^\{\d+(?:,\d*)?\}/.exec(source.slice(i)) : null;
    if (counted) {
      out.push(counted[0]);
      i += counted[0].length - 1;
    } else if (c === '\\') {
      out.push(source.slice(i, i + 2));
      i++;
    } else if (c === '[') {
      let j = i + 1;
      while (j < source.length && source[j] !== ']') {
        j += source[j] === '\\' ? 2 : 1;
      }
      out.push(source.slice(i, j + 1));
      i = j;
    } else if (c === '(' && (source.startsWith('(?<=', i) || source.startsWith('(?<!', i))) {
      out.push(source.slice(i, i + 4)); // a lookbehind
      i += 3;
    } else if (c === '(' && source[i + 1] === '?' && source[i + 2] !== '<') {
      out.push(source.slice(i, i + 3));
      i += 2;
    } else if (c === '(' && source.startsWith('(?<', i)) {
      const j = source.indexOf('>', i);
      out.push(source.slice(i, j + 1));
      i = j;
    } else {
      out.push(c);
    }
  }
  return out;
}

const WORD_CHAR = /^[A-Za-z0-9_]$/;

/** Words too common in logs and error lines to be worth a lookup: a trigger is chosen among the others when it can be. */
const COMMON_WORDS = new Set(
  'a an the to of in on for is are was be been has have with not no your you please api code error errors failed failure exceeded limit reached found server out token tokens maximum max input output usage request requests requested response length message status type http invalid model models too'.split(
    ' ',
  ),
);

/** Trigger words are at least this long; shorter words of a text are not looked up. */
export const MIN_TRIGGER = 3;

/** One piece of a pattern's top level for {@link triggerWords}: alternatives of literal word text, or anything else. */
type Piece = { words: string[] } | { other: string };

/**
 * The pattern's top level as pieces: a literal word character (`a`), a word character made optional (`s?` -> `s` or
 * nothing), a group of literal word alternatives (`(?:RESET|REFUSED)`, optional with `?`) become word pieces; every
 * other token stays as it is. Undefined when the top level has an alternation (no word is then required).
 */
function pieces(source: string): Piece[] | undefined {
  const ts = tokens(source);
  const out: Piece[] = [];
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    if (t === '|') {
      return undefined;
    }
    if (t.startsWith('(')) {
      let depth = 1;
      let j = i + 1;
      for (; j < ts.length && depth > 0; j++) {
        depth += ts[j].startsWith('(') ? 1 : ts[j] === ')' ? -1 : 0;
      }
      const inner = ts.slice(i + 1, j - 1);
      const alternatives = inner.join('').split('|');
      const pure = t === '(?:' && inner.every((x) => WORD_CHAR.test(x) || x === '|');
      const q = ts[j];
      if (pure && !/^[*+{]$/.test(q ?? '')) {
        out.push({ words: q === '?' ? [...alternatives, ''] : alternatives });
        i = q === '?' ? j : j - 1;
      } else {
        out.push({ other: ts.slice(i, j).join('') });
        i = j - 1;
      }
      continue;
    }
    if (WORD_CHAR.test(t)) {
      const q = ts[i + 1];
      if (q === '?') {
        out.push({ words: [t, ''] });
        i++;
        continue;
      }
      if (q !== undefined && /^[*+{]$/.test(q)) {
        out.push({ other: t + q });
        i++;
        continue;
      }
      out.push({ words: [t] });
      continue;
    }
    const last = out[out.length - 1];
    if (/^(?:[?*+]|\{\d)/.test(t) && last && 'other' in last) {
      last.other += t; // a quantifier belongs to the token before it
    } else {
      out.push({ other: t });
    }
  }
  return out;
}

/** A top-level token (with its quantifier) after which (or before which) a whole word must end (or start) in the text. */
function isBoundary(p: Piece | undefined): boolean {
  if (!p || !('other' in p)) {
    return false;
  }
  const [, t, quantifier] = /^(.+?)((?:[?*+]|\{\d+(?:,\d*)?\})?)$/.exec(p.other) ?? ['', p.other, ''];
  const optional = /^(?:[?*]|\{0)/.test(quantifier);
  const nonWordChar = (t.length === 1 && !WORD_CHAR.test(t) && !'()[]|?*+{}.\\'.includes(t)) || /^\\(?:[^\w]|[Ws])$/.test(t);
  return t === '\\b' || t === '^' || t === '$' || (!optional && (t === ' ' || nonWordChar));
}

/**
 * Words of which the text must hold at least one, as a whole word, wherever the pattern matches: a run of literal word
 * text at the pattern's top level (literal alternatives expand: `ECONN(?:RESET|REFUSED)` gives `econnreset` and
 * `econnrefused`), bounded on both sides by `\b`, `^`, `$`, a literal space or a literal non-word character. Of several
 * runs: one whose words are not among the commonest words of error lines, then the one whose words are rarest by
 * `frequency` (how many terms could use the word), then the longest. Lower case; undefined when the pattern has no such
 * run (it is then always tried). `candidates`: the pattern's {@link candidateWords}, when the caller has them already.
 */
export function triggerWords(
  source: string,
  frequency?: (word: string) => number,
  candidates: string[][] = candidateWords(source),
): string[] | undefined {
  let best: string[] | undefined;
  const score = (ws: string[]) =>
    (ws.some((w) => COMMON_WORDS.has(w)) ? 0 : 1_000_000) -
    (frequency ? 1000 * Math.max(...ws.map(frequency)) : 0) +
    Math.min(...ws.map((w) => w.length));
  for (const lower of candidates) {
    if (!best || score(lower) > score(best)) {
      best = lower;
    }
  }
  return best;
}

/** Every run of words {@link triggerWords} could choose from, each as its set of lower-case alternatives. */
export function candidateWords(source: string): string[][] {
  const ps = pieces(source);
  const out: string[][] = [];
  if (!ps) {
    return out;
  }
  for (let i = 0; i < ps.length; i++) {
    if (!('words' in ps[i]) || !isBoundary(ps[i - 1])) {
      continue;
    }
    let j = i;
    let words = [''];
    while (j < ps.length && 'words' in ps[j] && words.length <= 32) {
      const alts = (ps[j] as { words: string[] }).words;
      words = words.flatMap((w) => alts.map((a) => w + a));
      j++;
    }
    if (words.length > 32 || !isBoundary(ps[j]) || words.some((w) => w.length < MIN_TRIGGER)) {
      continue;
    }
    out.push([...new Set(words.map((w) => w.toLowerCase()))]);
  }
  return out;
}

/**
 * True when every text the pattern matches holds a non-ASCII character (such patterns are skipped on ASCII text): each
 * top-level alternative keeps a literal non-ASCII character once escapes, classes, groups and whatever a quantifier may
 * repeat zero times are taken out. False when in doubt.
 */
export function needsNonAscii(source: string): boolean {
  let rest = source.replace(/\\./g, ' ').replace(/\[[^\]]*\]/g, ' ');
  for (let before = ''; before !== rest;) {
    before = rest;
    rest = rest.replace(/\([^()]*\)/g, ' '); // innermost groups first, whatever their quantifier
  }
  if (/[()]/.test(rest)) {
    return false;
  }
  rest = rest.replace(/[^|](?:[?*]|\{0)/g, ' ');
  return rest.split('|').every((alternative) => /[^\x00-\x7f]/.test(alternative));
}
