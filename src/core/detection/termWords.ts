/**
 * The words each vocabulary term needs in a text ({@link TermWords}): derived from the patterns' sources
 * (`scripts/trigger-words.mjs` writes them to `triggerWords.json`) and read back from that data. Pure module.
 */
import type { Term, Vocabulary } from './vocabulary';
import { candidateWords, triggerWords } from './triggers';
import { VOCABULARIES } from './vocabularies';

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

/** The whole words a term's pattern requires in a text, lower case. */
export interface TermWords {
  /** Words of which the text must hold one ({@link triggerWords}): the term is looked up by them. */
  trigger: string[];
  /** The pattern's other runs of required words ({@link candidateWords}): the text must hold one word of each as well. */
  also: string[][];
}

/** `trigger` (one of `runs`, or undefined) with the other runs. */
function termWords(trigger: string[] | undefined, runs: readonly string[][]): TermWords | undefined {
  const key = trigger?.join('|');
  return trigger && { trigger, also: runs.filter((r) => r.join('|') !== key) };
}

/**
 * Every term's words, by pattern source (undefined: the pattern has none), the trigger chosen as {@link triggerWords}
 * does with the word frequencies of all the terms of `vocabularies`: what `scripts/trigger-words.mjs` writes to
 * `triggerWords.json`, in vocabulary and term order. Costs a parse of every pattern (about 80 ms).
 */
export function deriveTriggerWords(vocabularies: readonly Vocabulary[] = VOCABULARIES): Map<string, TermWords | undefined> {
  // every term's candidate words, found once (the frequencies and the choice of trigger words both need them)
  const candidates = new Map<Term, string[][]>(vocabularies.flatMap((v) => v.terms.map((t) => [t, candidateWords(t.pattern.source)])));
  const frequency = wordFrequency(candidates);
  const out = new Map<string, TermWords | undefined>();
  for (const [term, runs] of candidates) {
    out.set(term.pattern.source, termWords(triggerWords(term.pattern.source, frequency, runs), runs));
  }
  return out;
}

/**
 * The shipped data's entries: a pattern source, its trigger words (null: none) and, when there are any, the other runs
 * of words it requires ({@link TermWords.also}).
 */
export type TriggerWordsEntry = readonly [source: string, words: readonly string[] | null, also?: readonly (readonly string[])[]];

/** The data's entry of a term's words ({@link TermWords}; undefined: none). */
export function triggerWordsEntry(source: string, words: TermWords | undefined): TriggerWordsEntry {
  return words?.also.length ? [source, words.trigger, words.also] : [source, words?.trigger ?? null];
}

/**
 * The trigger words of each term: the shipped entry of its pattern's source when there is one, else derived from the
 * source alone (without the word frequencies: words the pattern requires all the same, so the same terms match, perhaps
 * tried in another order). Entries of sources no term has are ignored.
 */
export function triggerWordsOf(terms: readonly Term[], shipped: readonly TriggerWordsEntry[]): Map<Term, TermWords | undefined> {
  const bySource = new Map(shipped.map((e) => [e[0], e]));
  const out = new Map<Term, TermWords | undefined>();
  for (const t of terms) {
    const known = bySource.get(t.pattern.source);
    if (known === undefined) {
      const runs = candidateWords(t.pattern.source);
      out.set(t, termWords(triggerWords(t.pattern.source, undefined, runs), runs));
    } else {
      out.set(t, known[1] === null ? undefined : { trigger: [...known[1]], also: (known[2] ?? []).map((r) => [...r]) });
    }
  }
  return out;
}
