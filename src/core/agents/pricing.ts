/**
 * Costs from the per-model prices of the agent plug-ins (each names its source). Prices in USD per million tokens. Cost of
 * a response = input × in + output × out + cache read × cacheRead + cache creation × cacheWrite, all / 1,000,000.
 * Pure module.
 */
import type { TokenUsage } from '../model/event';
import { AGENTS } from './index';
import type { ModelPrice } from './plugin';

export type { ModelPrice };

/** Every plug-in's prices, each plug-in's most specific first (families do not overlap between agents). */
export const PRICE_TABLE: readonly ModelPrice[] = AGENTS.flatMap((a) => a.prices);

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
