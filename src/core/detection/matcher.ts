/**
 * Fast matching of the vocabularies: each failure type's terms are joined into one regular expression per flag set, the
 * types are tried in precedence order and the first that matches decides, so a line costs a few dozen regular-expression
 * searches whatever the number of terms. Only the deciding type's terms are then tried one by one, for the evidence.
 *
 * Each term is looked up by the words its pattern requires ({@link TermWords}), shipped as data (`triggerWords.json`,
 * see termWords.ts) since deriving them from every pattern's source takes about 80 ms in the middle of the first
 * detection; a term the data does not know (a vocabulary edited since) gets its words derived then.
 * Pure module.
 */
import type { FailureType } from '../model/failures';
import type { Evidence } from './verdict';
import { PRECEDENCE } from './rules';
import type { Term, TermStrength, Vocabulary } from './vocabulary';
import { MIN_TRIGGER, needsNonAscii } from './triggers';
import { TermWords, TriggerWordsEntry, triggerWordsOf } from './termWords';
import { VOCABULARIES } from './vocabularies';
import TRIGGER_WORDS_DATA from './triggerWords.json';
import { WordTable } from './wordTable';

interface IndexedTerm {
  term: Term;
  vocabulary: Vocabulary;
  /** The term's trigger words and the other words its pattern requires, if it has them. */
  words: TermWords | undefined;
  /** The ids in its index's word table of each of {@link TermWords.also}'s runs. */
  also: number[][];
  /** The term's type's rank in {@link PRECEDENCE}. */
  rank: number;
  /** The call of {@link matching} that last tried it (so a word seen twice tries its terms once). */
  stamp: number;
}

interface TypeMatcher {
  type: FailureType;
  terms: IndexedTerm[];
}

/** Groups of patterns to join into one scan: by flags, and by whether every match holds a non-ASCII character. */
function groupByFlags(patterns: readonly RegExp[]): Map<string, string[]> {
  const byFlags = new Map<string, string[]>();
  for (const p of patterns) {
    // (with the `u` or `v` flag and `i`, a non-ASCII letter may match an ASCII one: the Kelvin sign a `k`)
    const nonAscii = needsNonAscii(p.source) && !(/[uv]/.test(p.flags) && p.flags.includes('i'));
    const key = `${p.flags}/${nonAscii ? 'non-ascii' : 'any'}`;
    byFlags.set(key, [...(byFlags.get(key) ?? []), `(?:${p.source})`]);
  }
  return byFlags;
}

function build(strength: TermStrength, words: ReadonlyMap<Term, TermWords | undefined>): TypeMatcher[] {
  return PRECEDENCE.map((type) => ({
    type,
    terms: VOCABULARIES.flatMap((vocabulary) =>
      vocabulary.terms
        .filter((t) => t.type === type && t.strength === strength)
        .map((term) => ({
          term,
          vocabulary,
          words: words.get(term),
          also: [],
          rank: PRECEDENCE.indexOf(type),
          stamp: 0,
        })),
    ),
  })).filter((m) => m.terms.length > 0);
}

/** A word of an index's table: its id and the terms it triggers (none when other terms only require it too). */
interface WordEntry {
  id: number;
  terms: IndexedTerm[];
}

/** A vocabulary's index: each trigger word's terms, and the terms without one joined into one global scan per flag set. */
interface Index {
  /** Each word the terms require: the terms it triggers. */
  byWord: WordTable<WordEntry>;
  /** By word id: the call of {@link matching} or {@link firstMatch} whose text last held the word. */
  seen: Float64Array;
  /** One capture group per type; one scan of a text lists every type (rank) one of these terms matches. */
  scans: { regex: RegExp; ranks: number[]; nonAscii: boolean }[];
  /** The terms without a trigger word, by rank. */
  untriggered: IndexedTerm[][];
}

function index(matchers: readonly TypeMatcher[]): Index {
  const byWord = new Map<string, WordEntry>();
  const entry = (w: string): WordEntry => byWord.get(w) ?? byWord.set(w, { id: byWord.size, terms: [] }).get(w)!;
  const untriggered: IndexedTerm[][] = PRECEDENCE.map(() => []);
  const byFlags = new Map<string, { sources: string[]; ranks: number[] }>();
  for (const m of matchers) {
    const rank = PRECEDENCE.indexOf(m.type);
    for (const t of m.terms) {
      if (t.words) {
        for (const w of t.words.trigger) {
          entry(w).terms.push(t);
        }
        t.also = t.words.also.map((run) => run.map((w) => entry(w).id));
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
  return {
    byWord: new WordTable(byWord),
    seen: new Float64Array(byWord.size),
    untriggered,
    scans: [...byFlags].map(([key, e]) => {
      const [flags, chars] = key.split('/');
      return { regex: new RegExp(e.sources.join('|'), flags + 'g'), ranks: e.ranks, nonAscii: chars === 'non-ascii' };
    }),
  };
}

/**
 * The indexes of the terms that name a failure and of the hints, built on the first detection rather than when the module
 * loads (a window opening a store and painting its tree does not need them), from the shipped trigger words.
 */
let indexes: { names: Index; hints: Index } | undefined;

function termIndexes(): { names: Index; hints: Index } {
  if (!indexes) {
    const words = triggerWordsOf(
      VOCABULARIES.flatMap((v) => v.terms),
      TRIGGER_WORDS_DATA.terms as unknown as TriggerWordsEntry[],
    );
    indexes = { names: index(build('names', words)), hints: index(build('hint', words)) };
  }
  return indexes;
}

/** The whole words of a text, lower case (what {@link triggerWords} are looked up in). */
export function wordsOf(text: string): string[] {
  const lower = text.toLowerCase();
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 32;
    const word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;
    if (word && start < 0) {
      start = i;
    } else if (!word && start >= 0) {
      if (i - start >= MIN_TRIGGER) {
        out.push(lower.slice(start, i));
      }
      start = -1;
    }
  }
  return out;
}

/**
 * Marks in `found` the ranks of the types one of whose untriggered terms matches `text`. Each scan restarts one character
 * after the start of its last match, so matches that overlap are found too.
 */
function scanUntriggered(idx: Index, text: string, found: boolean[]): void {
  let ascii: boolean | undefined;
  for (const { regex, ranks, nonAscii } of idx.scans) {
    if (nonAscii && (ascii ??= !NON_ASCII.test(text))) {
      continue;
    }
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

const NON_ASCII = /[^\x00-\x7f]/;

let calls = 0;

/**
 * True when the text of call `stamp` holds a word of each run of words the term requires besides its trigger words
 * (`seen`: by word id, the last call whose text held the word): else its pattern cannot match and is not tried.
 */
function holdsTheRest(t: IndexedTerm, seen: Float64Array, stamp: number): boolean {
  for (const run of t.also) {
    let held = false;
    for (let i = 0; i < run.length && !held; i++) {
      held = seen[run[i]] === stamp;
    }
    if (!held) {
      return false;
    }
  }
  return true;
}

/**
 * Every term of `idx` that matches `text`, by type in precedence order: the terms whose trigger word the text holds are
 * tried one by one, the others only for the types the global scan found. With `firstOnly`, stops at the first type.
 */
function matching(
  idx: Index,
  text: string,
  allowed: ReadonlySet<FailureType> | undefined,
  firstOnly: boolean,
): { type: FailureType; hits: { t: IndexedTerm; match: string }[] }[] {
  const stamp = ++calls;
  const candidates: IndexedTerm[][] = [];
  const seen = idx.seen;
  idx.byWord.visit(text, MIN_TRIGGER, (word) => {
    seen[word.id] = stamp;
    for (const t of word.terms) {
      if (t.stamp !== stamp) {
        t.stamp = stamp;
        (candidates[t.rank] ??= []).push(t);
      }
    }
  });
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
      const m = holdsTheRest(t, seen, stamp) ? t.term.pattern.exec(text) : null;
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
  const names = termIndexes().names;
  let lowest = PRECEDENCE.length;
  const seen = names.seen;
  names.byWord.visit(text, MIN_TRIGGER, (word) => {
    seen[word.id] = stamp;
    for (const t of word.terms) {
      if (t.stamp !== stamp) {
        t.stamp = stamp;
        CANDIDATES[t.rank].push(t);
        lowest = Math.min(lowest, t.rank);
      }
    }
  });
  const scanned: boolean[] = [];
  scanUntriggered(names, text, scanned);
  let found: NamedType | undefined;
  for (let rank = 0; rank < PRECEDENCE.length && found === undefined; rank++) {
    if (rank >= lowest) {
      found = firstOf(CANDIDATES[rank], rank, text, found, seen, stamp);
    }
    if (scanned[rank]) {
      found = firstOf(names.untriggered[rank], rank, text, found, seen, stamp);
    }
  }
  for (let rank = lowest; rank < PRECEDENCE.length; rank++) {
    CANDIDATES[rank].length = 0;
  }
  return found;
}

/**
 * `found`, or what the first of `terms` (of the type of `rank`) that matches `text` names; a reference term replaces a
 * common one. `seen` and `stamp`: the words the text holds ({@link holdsTheRest}).
 */
function firstOf(
  terms: readonly IndexedTerm[],
  rank: number,
  text: string,
  found: NamedType | undefined,
  seen: Float64Array,
  stamp: number,
): NamedType | undefined {
  for (const t of terms) {
    if (found?.reference) {
      break;
    }
    if ((!found || isReference(t)) && holdsTheRest(t, seen, stamp) && t.term.pattern.test(text)) {
      found = { type: PRECEDENCE[rank], reference: isReference(t), own: isOwn(t) };
    }
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
  const [first] = matching(termIndexes().names, text, allowed, false);
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
  for (const { type, hits } of matching(termIndexes().hints, text, allowed, false)) {
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
