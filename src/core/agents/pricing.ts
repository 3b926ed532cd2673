/**
 * The per-model price table, the one place prices live. Prices in USD per million tokens, as Anthropic's public
 * pricing page lists them for the Claude API (standard tier, 5-minute cache writes), checked 2026-11. Cost of a
 * response = input × in + output × out + cache read × cacheRead + cache creation × cacheWrite, all / 1,000,000.
 * Pure module.
 */
import type { TokenUsage } from '../model/event';

/** Prices of one model family in USD per million tokens. */
export interface ModelPrice {
  /** Matched against the model id: the first entry whose `match` occurs in the lower-cased id wins. */
  match: string;
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** Most specific first. */
export const PRICE_TABLE: readonly ModelPrice[] = [
  // Google Gemini API (Gemini CLI), paid tier, prompts up to 200k tokens, as Google's pricing page listed them in 2025-10
  // (not re-checked offline); cached input is the cache read (context caching), no separate cache write.
  { match: 'gemini-2.5-flash-lite', input: 0.1, output: 0.4, cacheRead: 0.01, cacheWrite: 0 },
  { match: 'gemini-2.5-flash', input: 0.3, output: 2.5, cacheRead: 0.03, cacheWrite: 0 },
  { match: 'gemini-2.5-pro', input: 1.25, output: 10, cacheRead: 0.125, cacheWrite: 0 },
  { match: 'opus-4-5', input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  { match: 'opus-4-6', input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  { match: 'opus', input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  { match: 'sonnet', input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  { match: 'haiku-4', input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
  { match: '3-5-haiku', input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 },
  { match: 'haiku', input: 0.25, output: 1.25, cacheRead: 0.03, cacheWrite: 0.3 },
  // OpenAI GPT-5 family (Codex CLI), list prices as OpenAI published them at the GPT-5 launch (2025-08); cached input is
  // the cache read, and OpenAI charges nothing to write the cache.
  { match: 'gpt-5-mini', input: 0.25, output: 2, cacheRead: 0.025, cacheWrite: 0 },
  { match: 'gpt-5-nano', input: 0.05, output: 0.4, cacheRead: 0.005, cacheWrite: 0 },
  { match: 'gpt-5', input: 1.25, output: 10, cacheRead: 0.125, cacheWrite: 0 },
];

/** The price entry for a model id, or undefined when the model is unknown (its cost is then not counted). */
export function priceFor(model: string | undefined): ModelPrice | undefined {
  if (!model) {
    return undefined;
  }
  const id = model.toLowerCase();
  return PRICE_TABLE.find((p) => id.includes(p.match));
}

/** Cost in USD of one response's usage with `model`; undefined for an unknown model. */
export function costOf(model: string | undefined, usage: TokenUsage): number | undefined {
  const p = priceFor(model);
  if (!p) {
    return undefined;
  }
  return (usage.input * p.input + usage.output * p.output + usage.cacheRead * p.cacheRead + usage.cacheCreation * p.cacheWrite) / 1_000_000;
}
