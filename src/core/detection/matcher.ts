/**
 * Fast matching of the vocabularies: each failure type's terms are joined into one regular expression per flag set, the
 * types are tried in precedence order and the first that matches decides, so a line costs a few dozen regular-expression
 * searches whatever the number of terms. Only the deciding type's terms are then tried one by one, for the evidence.
 *
 * Each term's trigger words ({@link triggerWords}) are computed at build time and shipped as data (`triggerWords.json`,
 * written by `scripts/trigger-words.mjs` from {@link deriveTriggerWords}; a unit test fails while it disagrees with the
 * vocabularies), since deriving them from every pattern's source takes a few hundred ms on a busy 2-core machine in the
 * middle of the first detection. A term the data does not know (a vocabulary edited since) gets its words derived here.
 * Pure module.
 */
import type { FailureType } from '../model/failures';
import type { Evidence } from './verdict';
import { PRECEDENCE } from './rules';
import type { Term, TermStrength, Vocabulary } from './vocabulary';
import { MIN_TRIGGER, candidateWords, triggerWords } from './triggers';
import { VOCABULARIES } from './vocabularies';
import TRIGGER_WORDS_DATA from './triggerWords.json';

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

/** How many terms of every vocabulary could be triggered by each word: the rarer, the better a trigger. */
function wordFrequency(candidates: ReadonlyMap<Term, string[][]>): (word: string) => number {
  const count = new Map<string, number>();
  for (const words of candidates.values()) {
    for (const w of new Set(words.flat())) {
      count.set(w, (count.get(w) ?? 0) + 1);
    }
  }
  return (w: string): number => count.get(w) ?? 0;
}

/**
 * Every term's trigger words, by pattern source (undefined: the pattern has none), chosen as {@link triggerWords} does
 * with the word frequencies of all the terms of `vocabularies`: what `scripts/trigger-words.mjs` writes to
 * `triggerWords.json`, in vocabulary and term order. Costs a parse of every pattern.
 */
export function deriveTriggerWords(vocabularies: readonly Vocabulary[] = VOCABULARIES): Map<string, string[] | undefined> {
  // every term's candidate words, found once (the frequencies and the choice of trigger words both need them)
  const candidates = new Map<Term, string[][]>(vocabularies.flatMap((v) => v.terms.map((t) => [t, candidateWords(t.pattern.source)])));
  const frequency = wordFrequency(candidates);
  const out = new Map<string, string[] | undefined>();
  for (const [term, words] of candidates) {
    out.set(term.pattern.source, triggerWords(term.pattern.source, frequency, words));
  }
  return out;
}

/** The shipped data's entries: a pattern source and its trigger words (null: none). */
export type TriggerWordsEntry = readonly [source: string, words: readonly string[] | null];

/**
 * The trigger words of each term: the shipped entry of its pattern's source when there is one, else derived from the
 * source alone (without the word frequencies: words the pattern requires all the same, so the same terms match, perhaps
 * tried in another order). Entries of sources no term has are ignored.
 */
export function triggerWordsOf(terms: readonly Term[], shipped: readonly TriggerWordsEntry[]): Map<Term, string[] | undefined> {
  const bySource = new Map<string, readonly string[] | null>(shipped);
  const out = new Map<Term, string[] | undefined>();
  for (const t of terms) {
    const known = bySource.get(t.pattern.source);
    out.set(t, known === undefined ? triggerWords(t.pattern.source) : known === null ? undefined : [...known]);
  }
  return out;
}

function build(strength: TermStrength, words: ReadonlyMap<Term, string[] | undefined>): TypeMatcher[] {
  return PRECEDENCE.map((type) => ({
    type,
    terms: VOCABULARIES.flatMap((vocabulary) =>
      vocabulary.terms
        .filter((t) => t.type === type && t.strength === strength)
        .map((term) => ({
          term,
          vocabulary,
          words: words.get(term),
          rank: PRECEDENCE.indexOf(type),
          stamp: 0,
        })),
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
  return {
    byWord,
    untriggered,
    scans: [...byFlags].map(([flags, e]) => ({ regex: new RegExp(e.sources.join('|'), flags + 'g'), ranks: e.ranks })),
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
function matching(
  idx: Index,
  text: string,
  allowed: ReadonlySet<FailureType> | undefined,
  firstOnly: boolean,
): { type: FailureType; hits: { t: IndexedTerm; match: string }[] }[] {
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
  const names = termIndexes().names;
  let lowest = PRECEDENCE.length;
  for (const w of wordsOf(text)) {
    const terms = names.byWord.get(w);
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
  scanUntriggered(names, text, scanned);
  let found: NamedType | undefined;
  for (let rank = 0; rank < PRECEDENCE.length && found === undefined; rank++) {
    const terms = rank >= lowest ? CANDIDATES[rank] : [];
    for (const group of scanned[rank] ? [terms, names.untriggered[rank]] : [terms]) {
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
