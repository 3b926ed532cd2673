/**
 * Claude Code's status-line payload: the JSON object Claude Code (2.x; fields checked in the 2.1.330 bundle) writes to
 * the standard input of the user's `statusLine` command. Fields read: `session_id`, `transcript_path`, `cwd`,
 * `model.id` / `model.display_name`, `version`, `cost.total_cost_usd` (USD), `context_window.used_percentage` and
 * `context_window_size` (tokens), and for subscribers `rate_limits.five_hour` / `rate_limits.seven_day` /
 * `rate_limits.spend_limit`, each `{used_percentage, resets_at}` (`resets_at` in epoch seconds). `rate_limits` is
 * absent when plan limits do not apply (API key, Bedrock, Vertex). Pure module; never throws.
 */
import { CLAUDE_WINDOW_MINUTES, LimitGauge, finite } from './gauge';

/** What Session Doctor keeps of one status-line payload. */
export interface StatusLineSnapshot {
  sessionId: string;
  transcriptPath?: string;
  cwd?: string;
  model?: string;
  /** Claude Code's version (`version`). */
  agentVersion?: string;
  /** Session cost so far, USD. */
  costUsd?: number;
  /** Share of the context window in use, percent. */
  contextUsedPercent?: number;
  /** Context window, tokens. */
  contextWindowSize?: number;
  /** One gauge per window present (five_hour, seven_day, spend_limit). */
  gauges: LimitGauge[];
}

/** Result of {@link parseStatusLine}. */
export type StatusLineResult = { ok: true; snapshot: StatusLineSnapshot } | { ok: false; error: string };

/** The account of Claude Code's plan limits (one login a machine; the payload names no account). */
export const CLAUDE_ACCOUNT = 'claude-code';

/** Reads the payload text received at `observedAt` (epoch ms). Bad input is `{ok: false}` with the reason. */
export function parseStatusLine(text: string, observedAt: number): StatusLineResult {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `not JSON: ${(e as Error).message}` };
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) {
    return { ok: false, error: 'not a JSON object' };
  }
  const r = o as Record<string, unknown>;
  const sessionId = str(r.session_id);
  if (!sessionId) {
    return { ok: false, error: 'no session_id' };
  }
  const model = obj(r.model);
  const cost = obj(r.cost);
  const ctx = obj(r.context_window);
  const limits = obj(r.rate_limits);
  const gauges: LimitGauge[] = [];
  for (const window of ['five_hour', 'seven_day', 'spend_limit']) {
    const w = obj(limits?.[window]);
    const used = finite(w?.used_percentage);
    if (used === undefined) {
      continue;
    }
    const resets = finite(w?.resets_at);
    const minutes = CLAUDE_WINDOW_MINUTES[window];
    gauges.push({
      agent: 'claude-code',
      account: CLAUDE_ACCOUNT,
      window,
      usedPercent: used,
      ...(minutes ? { windowMinutes: minutes } : {}),
      ...(resets !== undefined ? { resetsAt: resets * 1000 } : {}),
      observedAt,
      sessionId,
    });
  }
  const snapshot: StatusLineSnapshot = { sessionId, gauges };
  const set = <K extends keyof StatusLineSnapshot>(k: K, v: StatusLineSnapshot[K] | undefined): void => {
    if (v !== undefined) {
      snapshot[k] = v;
    }
  };
  set('transcriptPath', str(r.transcript_path));
  set('cwd', str(r.cwd) ?? str(obj(r.workspace)?.current_dir));
  set('model', str(model?.display_name) ?? str(model?.id));
  set('agentVersion', str(r.version));
  set('costUsd', finite(cost?.total_cost_usd));
  set('contextUsedPercent', finite(ctx?.used_percentage));
  set('contextWindowSize', finite(ctx?.context_window_size));
  return { ok: true, snapshot };
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v : undefined;
}
