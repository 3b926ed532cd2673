/**
 * The learned fallback: for a raw line shaped like an error report that names a model API or agent, but in which the
 * rules found nothing (no term, no status, no hint, no negative shape), how likely the line is a failure report and, if
 * it is, its most likely type. Logistic regressions over the gate's features of the line (gate.ts: words, first and
 * last words, shape), trained on the corpus's development part by `scripts/train-fallback.mjs` and shipped as data
 * (`fallbackModel.json`); no training at run time. Pure module.
 */
import type { FailureType } from '../model/failures';
import { gateFeatures } from './gate';
import { COUNT_FIRST, ERROR_REPORT_MARK } from './negatives';
import FALLBACK_MODEL_DATA from './fallbackModel.json';

/** One logistic regression: a bias and feature weights (feature names as gate.ts's `gateFeatures` gives them). */
export interface LogisticModel {
  bias: number;
  weights: Readonly<Record<string, number>>;
}

/** The fallback's model: whether a line is a failure report, and one model per failure type (one against the rest). */
export interface FallbackModel {
  failure: LogisticModel;
  /** Lines whose probability of being a failure report is at least this are failures. */
  threshold: number;
  types: Readonly<Record<string, LogisticModel>>;
  /** How the model was trained (corpus lines, features, the training script's options), for docs. */
  trainedOn: string;
}

/** The trained model (`fallbackModel.json`, written by scripts/train-fallback.mjs). */
export const FALLBACK_MODEL: FallbackModel = FALLBACK_MODEL_DATA as FallbackModel;

/** The fallback's answer on one line: the probability it is a failure report (0..1), and the type when it is one. */
export interface FallbackReading {
  probability: number;
  threshold: number;
  /** The most likely type among those allowed, when the probability reaches the threshold; else undefined. */
  type: FailureType | undefined;
}

/**
 * Words that tie a line to a model API or an agent (or a 4xx/5xx status): without one, a line is left to the rules, so
 * the user's own build, test and tool errors in a terminal (`Cannot find module`, `failed to push some refs`, a
 * TypeError) are never read by the fallback.
 */
const MODEL_CONTEXT =
  /\b(?:api|apis|model|models|llm|llms|provider|providers|upstream|endpoint|completions?|chat|prompt|tokens?|quota|credits?|billing|rate|overloaded|capacity|inference|generate(?:content)?|gateway|proxy|channel|claude|anthropic|openai|gpt[\w.-]*|gemini|vertex(?:ai)?|bedrock|azure|ollama|vllm|llama[\w.-]*|deepseek|qwen|kimi|moonshot|mistral|groq|openrouter|litellm|copilot|codex|cursor|agent|sse)\b|\b[45]\d\d\b/i;

/** A line that opens an error body (`API Error: [{`, `... failed: {`): the failure is named in the lines after it. */
const OPENS_BODY = /[[{(]\s*$/;

/**
 * True when a raw line is in the fallback's domain: it has an error report's shape (`Error:`, an exception class, an
 * `"error":` key, a status; ERROR_REPORT_MARK) and a word of a model API or agent ({@link MODEL_CONTEXT}), and it is
 * neither the opening line of a body nor a count at its start ("500 Lines of output"). A bare "API call failed" is left
 * to the lines that name the failure.
 */
export function inFallbackDomain(line: string): boolean {
  return MODEL_CONTEXT.test(line) && ERROR_REPORT_MARK.test(line) && !OPENS_BODY.test(line) && !COUNT_FIRST.test(line);
}

/** The distinct features of a line the fallback weighs (gate.ts's features without the verdict's). */
export function fallbackFeatures(line: string): string[] {
  return [...new Set(gateFeatures(line))];
}

/** A model's weights as a Map (feature name -> weight), built once per model object. */
interface Compiled {
  bias: number;
  weights: Map<string, number>;
}

const COMPILED = new WeakMap<FallbackModel, { failure: Compiled; types: [FailureType, Compiled][] }>();

/** `model` with its weights as Maps (looked up for every feature of every line it reads). */
function compiled(model: FallbackModel): { failure: Compiled; types: [FailureType, Compiled][] } {
  let c = COMPILED.get(model);
  if (!c) {
    const one = (m: LogisticModel): Compiled => ({ bias: m.bias, weights: new Map(Object.entries(m.weights)) });
    c = { failure: one(model.failure), types: Object.entries(model.types).map(([t, m]) => [t as FailureType, one(m)]) };
    COMPILED.set(model, c);
  }
  return c;
}

/** The linear score (log-odds) of `features` under `model`. */
function score(model: Compiled, features: readonly string[]): number {
  let z = model.bias;
  for (const f of features) {
    z += model.weights.get(f) ?? 0;
  }
  return z;
}

/**
 * Reads one raw line the rules left undecided: the probability that it is a failure report, and when it reaches the
 * model's threshold the highest-scoring type of `allowed` (every type of the model when absent). The caller checks the
 * domain ({@link inFallbackDomain}). Never throws.
 */
export function fallbackReading(line: string, allowed?: ReadonlySet<FailureType>, model: FallbackModel = FALLBACK_MODEL): FallbackReading {
  const features = fallbackFeatures(line);
  const c = compiled(model);
  const probability = 1 / (1 + Math.exp(-score(c.failure, features)));
  let type: FailureType | undefined;
  if (probability >= model.threshold) {
    let best = -Infinity;
    for (const [t, typeModel] of c.types) {
      if (allowed && !allowed.has(t)) {
        continue;
      }
      const z = score(typeModel, features);
      if (z > best) {
        best = z;
        type = t;
      }
    }
  }
  return { probability, threshold: model.threshold, type };
}
