/**
 * Codex's `rate_limits`: the object Codex CLI (`@openai/codex`, 0.169.0) writes into each rollout's `event_msg`
 * `token_count` payload, built from the response headers `x-codex-primary-used-percent`, `-primary-window-minutes`,
 * `-primary-reset-at` (epoch s), the same three for `secondary`, and `x-codex-credits-has-credits`, `-unlimited`,
 * `-balance` (codex-rs/codex-api/src/rate_limits.rs). Shape: `{limit_id, limit_name, primary: {used_percent,
 * window_minutes, resets_at} | null, secondary: ... | null, credits: {has_credits, unlimited, balance} | null,
 * individual_limit, spend_control_reached, plan_type, rate_limit_reached_type}`. Pure module; never throws.
 */
import { LimitGauge, finite } from './gauge';

/** Credits of a Codex account (`credits`). */
export interface CodexCredits {
  hasCredits: boolean;
  unlimited: boolean;
  /** As the server sends it (a decimal string). */
  balance?: string;
}

/** What one `rate_limits` object says. */
export interface CodexRateLimits {
  /** `limit_id` (`codex` unless the server names another meter). */
  limitId: string;
  gauges: LimitGauge[];
  credits?: CodexCredits;
  planType?: string;
  /** `rate_limit_reached_type` when a limit was reached. */
  reachedType?: string;
  /** `spend_control_reached`. */
  spendControlReached?: boolean;
}

/**
 * Reads a rollout's `rate_limits` seen at `observedAt` (epoch ms) in session `sessionId`. Undefined when it is not an
 * object or carries neither window nor credits (what Codex writes when the server sent no limit headers).
 */
export function parseCodexRateLimits(raw: unknown, observedAt: number, sessionId?: string): CodexRateLimits | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return undefined;
  }
  const r = raw as Record<string, unknown>;
  const limitId = typeof r.limit_id === 'string' && r.limit_id.trim() ? r.limit_id.trim() : 'codex';
  const account = limitId === 'codex' ? 'codex' : `codex:${limitId}`;
  const gauges: LimitGauge[] = [];
  for (const window of ['primary', 'secondary'] as const) {
    const w = r[window];
    if (!w || typeof w !== 'object') {
      continue;
    }
    const o = w as Record<string, unknown>;
    const used = finite(o.used_percent);
    if (used === undefined) {
      continue;
    }
    const minutes = finite(o.window_minutes);
    const resets = finite(o.resets_at);
    gauges.push({
      agent: 'codex',
      account,
      window,
      usedPercent: used,
      ...(minutes !== undefined ? { windowMinutes: minutes } : {}),
      ...(resets !== undefined ? { resetsAt: resets * 1000 } : {}),
      observedAt,
      ...(sessionId ? { sessionId } : {}),
    });
  }
  let credits: CodexCredits | undefined;
  if (r.credits && typeof r.credits === 'object') {
    const c = r.credits as Record<string, unknown>;
    if (typeof c.has_credits === 'boolean' && typeof c.unlimited === 'boolean') {
      credits = { hasCredits: c.has_credits, unlimited: c.unlimited, ...(typeof c.balance === 'string' ? { balance: c.balance } : {}) };
    }
  }
  if (gauges.length === 0 && !credits) {
    return undefined;
  }
  return {
    limitId,
    gauges,
    ...(credits ? { credits } : {}),
    ...(typeof r.plan_type === 'string' ? { planType: r.plan_type } : {}),
    ...(typeof r.rate_limit_reached_type === 'string' ? { reachedType: r.rate_limit_reached_type } : {}),
    ...(typeof r.spend_control_reached === 'boolean' ? { spendControlReached: r.spend_control_reached } : {}),
  };
}
