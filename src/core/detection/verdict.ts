/** The detector's answer and its evidence, as `classify --explain` shows them. Pure module: types only. */
import type { FailureType } from '../model/failures';
import type { NegativeRule } from './negatives';
import type { DisambiguationRule } from './rules';
import type { StatusReading } from './status';
import type { Term, Vocabulary } from './vocabulary';

/** One piece of evidence, as `classify --explain` shows it. */
export type Evidence =
  | { kind: 'negative'; rule: NegativeRule }
  | { kind: 'status'; reading: StatusReading; type: FailureType | undefined }
  | { kind: 'term'; term: Term; vocabulary: Vocabulary; match: string }
  | { kind: 'rule'; rule: DisambiguationRule; from: FailureType; to: FailureType }
  | { kind: 'gate'; probability: number; threshold: number; accepted: boolean }
  | { kind: 'learned'; probability: number; threshold: number; type: FailureType | undefined };

/**
 * What decided a verdict: a negative shape; a published `reference` term (a provider's, SDK's, runtime's or agent's own
 * message or name); the field's common wordings (`vocabulary`); the HTTP `status`; hints; the learned `gate`; the
 * learned fallback (`learned`) on a line with an error mark that nothing else decided.
 */
export type DecidedBy = 'negative' | 'reference' | 'vocabulary' | 'status' | 'hint' | 'gate' | 'learned' | 'nothing';

/** The detector's answer on one text. */
export interface Verdict {
  /** The failure type, or undefined when the text shows no failure. */
  type: FailureType | undefined;
  decidedBy: DecidedBy;
  /** The evidence found, in the order it was weighed (negative, status, terms, hints, rules). */
  evidence: Evidence[];
}
