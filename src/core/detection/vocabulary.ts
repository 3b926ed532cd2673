/**
 * The shape of the detector's vocabularies: published error names and wordings, each mapped to the failure type it
 * shows, grouped by who publishes them (a provider's error reference, an SDK's exception classes, an agent's own
 * messages). Pure module.
 */
import type { FailureType } from '../model/failures';

/**
 * How much one term says on its own:
 * - `names`: the term names the failure (`rate_limit_error`, `ECONNRESET`, "prompt is too long");
 * - `hint`: a word that points at a type only where the text is already an error report (an error event, or a raw line
 *   with an error mark such as `Error:` or `failed`): "throttled", "unauthorized", "timed out".
 */
export type TermStrength = 'names' | 'hint';

/** One term of a vocabulary. */
export interface Term {
  /** `<vocabulary id>/<n>`, set by {@link vocabulary}; shown by `classify --explain`. */
  id: string;
  /** The pattern, linear (no quantified group that holds a quantifier). */
  pattern: RegExp;
  /** The failure type the term shows. */
  type: FailureType;
  strength: TermStrength;
  /** Where this term is defined, when the vocabulary's source is not precise enough (a file and line of an agent's code). */
  source?: string;
}

/** A published vocabulary: its id, what it is, where it is documented, and its terms. */
export interface Vocabulary {
  /** Short id, e.g. `anthropic`, `node`, `agent:codex`. */
  id: string;
  /** What the vocabulary is, e.g. "Anthropic Messages API error types". */
  title: string;
  /** Where it is published (URL of the reference page, or of the source file that defines the messages). */
  source: string;
  terms: readonly Term[];
}

/** One row of a vocabulary table: type, then the patterns that show it. */
export type TermRow = readonly [FailureType, ...RegExp[]];

/**
 * Builds a vocabulary from rows of `[type, ...patterns]`: `names` rows are terms that name the failure, `hints` rows
 * weaker words (see {@link TermStrength}). Term ids are `<id>/<n>` in row order.
 */
export function vocabulary(
  id: string,
  title: string,
  source: string,
  names: readonly TermRow[],
  hints: readonly TermRow[] = [],
): Vocabulary {
  const terms: Term[] = [];
  const add = (rows: readonly TermRow[], strength: TermStrength) => {
    for (const [type, ...patterns] of rows) {
      for (const pattern of patterns) {
        terms.push({ id: `${id}/${terms.length + 1}`, pattern, type, strength });
      }
    }
  };
  add(names, 'names');
  add(hints, 'hint');
  return { id, title, source, terms };
}

/** One message an agent prints: its type, its fixed words (placeholders left out) and the file that defines it. */
export type MessageRow = readonly [FailureType, string, string];

/**
 * Builds a vocabulary from an agent's messages, read in its source: each phrase matches case-insensitively as written,
 * any run of white space matching any other, bounded by word boundaries where it starts or ends with a word character.
 */
export function messages(id: string, title: string, source: string, rows: readonly MessageRow[]): Vocabulary {
  const terms = rows.map(([type, phrase, where], i): Term => {
    const body = phrase
      .trim()
      .split(/\s+/)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
      .join('\\s+');
    const start = /^\w/.test(phrase.trim()) ? '\\b' : '';
    const end = /\w$/.test(phrase.trim()) ? '\\b' : '';
    return { id: `${id}/${i + 1}`, pattern: new RegExp(start + body + end, 'i'), type, strength: 'names', source: where };
  });
  return { id, title, source, terms };
}
