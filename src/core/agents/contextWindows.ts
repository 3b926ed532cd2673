/**
 * Context windows per model (tokens): how much of the window the latest request used, for the context-pressure finding.
 * The rows are the agent plug-ins' `contextWindows` (each names its source). Claude Sonnet 4 and 4.5 take a 1 000 000-token
 * window with the `context-1m-2025-08-07` beta, which Claude Code selects with the `[1m]` model suffix; the transcript's
 * `message.model` is the API id without the suffix, so a Claude session seen using more than 200 000 tokens is taken to
 * run with 1M (see {@link contextWindowFor}). Unknown models fall back to {@link DEFAULT_CONTEXT_WINDOW} (200 000: the
 * smallest window of the agents Session Doctor knows, so a warning comes early rather than late). Pure module.
 */
import { AGENTS } from './index';
import type { ContextWindowRow } from './plugin';

export type { ContextWindowRow };

/** Fallback window for a model the table does not know (tokens). */
export const DEFAULT_CONTEXT_WINDOW = 200_000;

/** The 1M-token window of Claude models run with the `[1m]` variant (tokens). */
export const CLAUDE_1M_WINDOW = 1_000_000;

/** Every plug-in's rows (matching picks the longest matching prefix, so the order does not matter). */
export const CONTEXT_WINDOWS: readonly ContextWindowRow[] = AGENTS.flatMap((a) => a.contextWindows);

/**
 * The context window of `model` in tokens, from the table (longest matching prefix; a provider prefix such as
 * `anthropic/` or `models/` is ignored), or {@link DEFAULT_CONTEXT_WINDOW} when unknown.
 * A `[1m]` suffix (Claude Code's 1M-context variant) gives {@link CLAUDE_1M_WINDOW}.
 * `observedTokens` (the context a request was seen to use) larger than the 200 000 of a Claude model (or of an unknown
 * model) means the 1M variant. Another model seen using more than its window keeps its table value (usage over 100 %).
 */
export function contextWindowFor(model: string | undefined, observedTokens = 0): number {
  const id = (model ?? '').trim().toLowerCase();
  if (/\[1m\]$/.test(id)) {
    return CLAUDE_1M_WINDOW;
  }
  const bare = id.includes('/') ? id.slice(id.lastIndexOf('/') + 1) : id;
  let best: ContextWindowRow | undefined;
  for (const row of CONTEXT_WINDOWS) {
    if (bare.startsWith(row.prefix) && (!best || row.prefix.length > best.prefix.length)) {
      best = row;
    }
  }
  const tokens = best?.tokens ?? DEFAULT_CONTEXT_WINDOW;
  if (observedTokens > tokens && (best?.prefix === 'claude-' || !best)) {
    return CLAUDE_1M_WINDOW;
  }
  return tokens;
}

/**
 * Tokens the latest request put in the context window, from its usage: input + cache read + cache creation + output
 * (Anthropic `usage` counts these apart; the reply's output is part of the next request's input).
 */
export function contextTokensOf(u: { input: number; output: number; cacheRead: number; cacheCreation: number }): number {
  return u.input + u.cacheRead + u.cacheCreation + u.output;
}

/**
 * Estimated responses (turns) left before the window is full, from the recent growth of the context: `samples` are the
 * context sizes (tokens) of the latest responses since the last compaction, oldest first. The growth per turn is the mean
 * increase over the last up to 10 samples ((last - first) / (n - 1)); with fewer than 2 samples, or no growth, the
 * estimate is undefined. Returns the whole number of turns that still fit (0 when full).
 */
export function turnsLeft(samples: readonly number[], windowTokens: number): number | undefined {
  const recent = samples.slice(-10);
  if (recent.length < 2) {
    return undefined;
  }
  const growth = (recent[recent.length - 1] - recent[0]) / (recent.length - 1);
  if (!(growth > 0)) {
    return undefined;
  }
  return Math.max(0, Math.floor((windowTokens - recent[recent.length - 1]) / growth));
}
