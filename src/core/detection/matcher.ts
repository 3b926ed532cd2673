/**
 * Fast matching of the vocabularies: each failure type's terms are joined into one regular expression per flag set, the
 * types are tried in precedence order and the first that matches decides, so a line costs a few dozen regular-expression
 * searches whatever the number of terms. Only the deciding type's terms are then tried one by one, for the evidence.
 * Pure module.
 */
import type { FailureType } from '../failures';
import type { Evidence } from './detect';
import { PRECEDENCE } from './rules';
import type { Term, TermStrength, Vocabulary } from './vocabulary';
import { VOCABULARIES } from './vocabularies';

interface IndexedTerm {
  term: Term;
  vocabulary: Vocabulary;
  /** The term's trigger words ({@link triggerWords}), if it has them. */
  words: string[] | undefined;
  /** The term's type's rank in {@link PRECEDENCE}. */
  rank: number;
  /** The call of {@link matching} that last tried it (so a word seen twice tries its terms once). */
  stamp: number;
}

interface TypeMatcher {
  type: FailureType;
  terms: IndexedTerm[];
}

function groupByFlags(patterns: readonly RegExp[]): Map<string, string[]> {
  const byFlags = new Map<string, string[]>();
  for (const p of patterns) {
    byFlags.set(p.flags, [...(byFlags.get(p.flags) ?? []), `(?:${p.source})`]);
  }
  return byFlags;
}

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
  'a an the to of in on for is are was be been has have with not no your you please api code error errors failed failure exceeded limit reached found server out token tokens maximum max input output usage request requests requested response length message status type http invalid model models too'.split(' '),
);

/** Trigger words are at least this long; shorter words of a text are not looked up. */
const MIN_TRIGGER = 3;

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
 * runs, the one whose words are not among the commonest words of error lines, then the longest. Lower case; undefined
 * when the pattern has no such run (it is then always tried).
 */
export function triggerWords(source: string): string[] | undefined {
  const ps = pieces(source);
  if (!ps) {
    return undefined;
  }
  let best: string[] | undefined;
  const score = (ws: string[]) => (ws.some((w) => COMMON_WORDS.has(w)) ? 0 : 1000) + Math.min(...ws.map((w) => w.length));
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
    const lower = [...new Set(words.map((w) => w.toLowerCase()))];
    if (!best || score(lower) > score(best)) {
      best = lower;
    }
  }
  return best;
}

function build(strength: TermStrength): TypeMatcher[] {
  return PRECEDENCE.map((type) => ({
    type,
    terms: VOCABULARIES.flatMap((vocabulary) =>
      vocabulary.terms
        .filter((t) => t.type === type && t.strength === strength)
        .map((term) => ({ term, vocabulary, words: triggerWords(term.pattern.source), rank: PRECEDENCE.indexOf(type), stamp: 0 })),
    ),
  })).filter((m) => m.terms.length > 0);
}


/** A vocabulary's index: each trigger word's terms, and the terms without one joined into one global scan per flag set. */
interface Index {
  byWord: Map<string, IndexedTerm[]>;
  /** One capture group per type; one scan of a text lists every type (rank) one of these terms matches. */
  scans: { regex: RegExp; ranks: number[] }[];
  /** The terms without a trigger word, by rank. */
  untriggered: IndexedTerm[][];
}

function index(matchers: readonly TypeMatcher[]): Index {
  const byWord = new Map<string, IndexedTerm[]>();
  const untriggered: IndexedTerm[][] = PRECEDENCE.map(() => []);
  const byFlags = new Map<string, { sources: string[]; ranks: number[] }>();
  for (const m of matchers) {
    const rank = PRECEDENCE.indexOf(m.type);
    for (const t of m.terms) {
      if (t.words) {
        for (const w of t.words) {
          (byWord.get(w) ?? byWord.set(w, []).get(w)!).push(t);
        }
      } else {
        untriggered[rank].push(t);
      }
    }
    for (const [flags, sources] of groupByFlags(untriggered[rank].map((x) => x.term.pattern))) {
      const entry = byFlags.get(flags) ?? byFlags.set(flags, { sources: [], ranks: [] }).get(flags)!;
      entry.sources.push(`(${sources.join('|')})`);
      entry.ranks.push(rank);
    }
  }
  return { byWord, untriggered, scans: [...byFlags].map(([flags, e]) => ({ regex: new RegExp(e.sources.join('|'), flags + 'g'), ranks: e.ranks })) };
}

const NAMES = index(build('names'));
const HINTS = index(build('hint'));

/** The whole words of a text, lower case (what {@link triggerWords} are looked up in). */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9_]+/).filter((w) => w.length >= MIN_TRIGGER);
}

/**
 * Marks in `found` the ranks of the types one of whose untriggered terms matches `text`. Each scan restarts one character
 * after the start of its last match, so matches that overlap are found too.
 */
function scanUntriggered(idx: Index, text: string, found: boolean[]): void {
  for (const { regex, ranks } of idx.scans) {
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m; m = regex.exec(text)) {
      for (let g = 1; g < m.length; g++) {
        if (m[g] !== undefined) {
          found[ranks[g - 1]] = true;
          break;
        }
      }
      regex.lastIndex = m.index + 1;
    }
  }
}

let calls = 0;

/**
 * Every term of `idx` that matches `text`, by type in precedence order: the terms whose trigger word the text holds are
 * tried one by one, the others only for the types the global scan found. With `firstOnly`, stops at the first type.
 */
function matching(idx: Index, text: string, allowed: ReadonlySet<FailureType> | undefined, firstOnly: boolean): { type: FailureType; hits: { t: IndexedTerm; match: string }[] }[] {
  const stamp = ++calls;
  const candidates: IndexedTerm[][] = [];
  for (const w of wordsOf(text)) {
    const terms = idx.byWord.get(w);
    if (terms) {
      for (const t of terms) {
        if (t.stamp !== stamp) {
          t.stamp = stamp;
          (candidates[t.rank] ??= []).push(t);
        }
      }
    }
  }
  const scanned: boolean[] = [];
  scanUntriggered(idx, text, scanned);
  const out: { type: FailureType; hits: { t: IndexedTerm; match: string }[] }[] = [];
  for (let rank = 0; rank < PRECEDENCE.length; rank++) {
    const type = PRECEDENCE[rank];
    if ((!candidates[rank] && !scanned[rank]) || (allowed && !allowed.has(type))) {
      continue;
    }
    const hits: { t: IndexedTerm; match: string }[] = [];
    for (const t of scanned[rank] ? [...(candidates[rank] ?? []), ...idx.untriggered[rank]] : candidates[rank]) {
      const m = t.term.pattern.exec(text);
      if (m) {
        hits.push({ t, match: m[0] });
        if (firstOnly) {
          break;
        }
      }
    }
    if (hits.length > 0) {
      out.push({ type, hits });
      if (firstOnly) {
        break;
      }
    }
  }
  return out;
}

/** Candidate terms by rank, reused by every call of {@link firstMatch} (cleared before it returns). */
const CANDIDATES: IndexedTerm[][] = PRECEDENCE.map(() => []);

/** What {@link firstNamedType} found: the type, and whether a term of a published reference (not a common wording) named it. */
export interface NamedType {
  type: FailureType;
  /**
   * True when one of the matching terms comes from a provider's, SDK's, runtime's or agent's own published messages and
   * names; false when only the field's common wordings ("rate limit", "timed out") matched, which people write too.
   */
  reference: boolean;
  /** True when the text is Session Doctor's own note (the `session-doctor` vocabulary): never a person's writing. */
  own: boolean;
}

const isReference = (t: IndexedTerm): boolean => t.vocabulary.id !== 'common';
const isOwn = (t: IndexedTerm): boolean => t.vocabulary.id === 'session-doctor';

/** {@link firstNamedType} without `allowed` and evidence, without allocations. */
function firstMatch(text: string): NamedType | undefined {
  const stamp = ++calls;
  let lowest = PRECEDENCE.length;
  for (const w of wordsOf(text)) {
    const terms = NAMES.byWord.get(w);
    if (terms) {
      for (const t of terms) {
        if (t.stamp !== stamp) {
          t.stamp = stamp;
          CANDIDATES[t.rank].push(t);
          lowest = Math.min(lowest, t.rank);
        }
      }
    }
  }
  const scanned: boolean[] = [];
  scanUntriggered(NAMES, text, scanned);
  let found: NamedType | undefined;
  for (let rank = 0; rank < PRECEDENCE.length && found === undefined; rank++) {
    const terms = rank >= lowest ? CANDIDATES[rank] : [];
    for (const group of scanned[rank] ? [terms, NAMES.untriggered[rank]] : [terms]) {
      for (const t of group) {
        if (found?.reference || (found && !isReference(t))) {
          continue;
        }
        if (t.term.pattern.test(text)) {
          found = { type: PRECEDENCE[rank], reference: isReference(t), own: isOwn(t) };
        }
      }
    }
  }
  for (let rank = lowest; rank < PRECEDENCE.length; rank++) {
    CANDIDATES[rank].length = 0;
  }
  return found;
}

/**
 * The first type in precedence order one of whose naming terms matches `text` (among `allowed`, when given); undefined
 * when no term names a failure. With `evidence`, the matching terms of that type are added to it.
 */
export function firstNamedType(text: string, allowed: ReadonlySet<FailureType> | undefined, evidence?: Evidence[]): NamedType | undefined {
  if (!allowed && !evidence) {
    return firstMatch(text);
  }
  const [first] = matching(NAMES, text, allowed, false);
  if (!first) {
    return undefined;
  }
  for (const { t, match } of first.hits) {
    evidence?.push({ kind: 'term', term: t.term, vocabulary: t.vocabulary, match });
  }
  return { type: first.type, reference: first.hits.some((h) => isReference(h.t)), own: first.hits.some((h) => isOwn(h.t)) };
}

/** The type hinted by the most hint terms in `text` (ties: precedence order), with every hint found added to `evidence`. */
export function mostHintedType(text: string, allowed: ReadonlySet<FailureType> | undefined, evidence: Evidence[]): FailureType | undefined {
  let best: FailureType | undefined;
  let bestCount = 0;
  for (const { type, hits } of matching(HINTS, text, allowed, false)) {
    for (const { t, match } of hits) {
      evidence.push({ kind: 'term', term: t.term, vocabulary: t.vocabulary, match });
    }
    if (hits.length > bestCount) {
      best = type;
      bestCount = hits.length;
    }
  }
  return best;
}
