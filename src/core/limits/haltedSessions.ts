/**
 * Sessions halted by a usage limit and when each can resume: the sessions with an unresolved `quota_exhausted` finding,
 * their reset read from the finding's line ({@link parseLimitMessage}), else from the account's used-up window. Pure
 * module.
 */
import type { SessionSnapshot } from '../model/snapshot';
import type { HaltedSession } from '../recovery/resumeAtReset';
import { LimitGauge } from './gauge';
import { parseLimitMessage } from './limitMessages';
import { CLAUDE_ACCOUNT } from './statusLine';

/** A halted session, with where its reset time comes from. */
export interface HaltedInfo extends HaltedSession {
  project: string;
  /** `message`: the limit message's own time; `gauge`: the used-up window's reset; `unknown`: neither (resetsAt 0). */
  from: 'message' | 'gauge' | 'unknown';
  /** The reset is the documented schedule's, not a time the agent printed (Gemini's daily quota). */
  estimated: boolean;
}

/** The account of an agent's plan limits (one per agent; Codex meters other than `codex` are their own accounts). */
export function accountOf(agent: string): string {
  return agent === 'claude-code' ? CLAUDE_ACCOUNT : agent;
}

/**
 * The halted sessions among `sessions`, earliest reset first (unknown resets last). `gauges` are the latest readings
 * (see latestGauges); `timeZone` reads wall times a message does not zone (default: the machine's).
 */
export function haltedSessions(sessions: readonly SessionSnapshot[], gauges: readonly LimitGauge[], timeZone?: string): HaltedInfo[] {
  const out: HaltedInfo[] = [];
  for (const s of sessions) {
    const f = s.findings.find((x) => x.type === 'quota_exhausted' && x.status !== 'resolved');
    if (!f) {
      continue;
    }
    const account = accountOf(s.agent);
    const base = { sessionId: s.id, agent: s.agent, account, haltedAt: f.lastSeen, project: s.project };
    const parsed = parseLimitMessage(f.lastText, { at: f.lastSeen, ...(timeZone ? { timeZone } : {}) });
    if (parsed) {
      out.push({ ...base, resetsAt: parsed.resetsAt, from: 'message', estimated: parsed.estimated });
      continue;
    }
    const full = gauges.filter((g) => g.account === account && g.usedPercent >= 100 && g.resetsAt !== undefined);
    const resetsAt = full.length > 0 ? Math.max(...full.map((g) => g.resetsAt!)) : 0;
    out.push({ ...base, resetsAt, from: resetsAt ? 'gauge' : 'unknown', estimated: false });
  }
  return out.sort((a, b) => (a.resetsAt || Infinity) - (b.resetsAt || Infinity));
}
