/**
 * Marathon sessions: messages counted since the last reset against `sessions.maxMessages` (MEDIUM from `warnPercent`,
 * HIGH at the limit). The count resets after an idle gap, at the daily reset hour, and at a compaction near the limit.
 */
import type { HealthConfig } from '../engine/activity';
import type { AgentEvent } from '../model/event';
import type { MessageResetReason } from '../model/snapshot';
import type { SessionCounters } from '../store/store';
import type { Check, CheckContext } from './check';

/**
 * The start (epoch ms) of the current "day" for the daily reset: the latest local time `hour`:00 at or before `ts`.
 * Local time is the extension host's time zone.
 */
export function dailyResetBoundary(ts: number, hour: number): number {
  const d = new Date(ts);
  d.setHours(hour, 0, 0, 0);
  if (d.getTime() > ts) {
    d.setDate(d.getDate() - 1);
  }
  return d.getTime();
}

/**
 * Whether an event counts as a message toward the marathon limit: user prompts and tool results, one per assistant
 * message (Claude Code writes a line per content block, all with the message's id; events without an id count each),
 * main thread only (a subagent's messages live in its own context). Metadata, usage and errors do not count.
 */
export function countsAsMessage(e: AgentEvent, before: SessionCounters): boolean {
  if (e.sidechain) {
    return false;
  }
  switch (e.kind) {
    case 'user':
    case 'tool_result':
      return true;
    case 'assistant':
    case 'tool_call':
      return !e.messageId || e.messageId !== before.lastMessageId;
    default:
      return false;
  }
}

/** The count at which the marathon warning starts (0 when unlimited). */
export function marathonWarnAt(h: HealthConfig): number {
  return h.maxMessages > 0 ? Math.max(1, Math.ceil((h.maxMessages * h.messageWarnPercent) / 100)) : 0;
}

/** Resets a session's message count (recorded with its reason) and resolves its marathon finding. */
function resetCount(ctx: CheckContext, levels: Map<string, string>, sessionId: string, reason: MessageResetReason, ts: number): void {
  levels.delete(sessionId);
  const n = ctx.store.resetMessages(sessionId, reason, ts);
  const words = { idle: 'after an idle gap', daily: 'at the daily reset hour', message_limit: 'by a compaction near the message limit' }[
    reason
  ];
  ctx.ledger.resolveAll(
    sessionId,
    ['marathon_session'],
    ts,
    `Message count reset ${words} (${reason}) after ${n} messages.`,
    reason === 'message_limit' ? 'agent' : 'system',
  );
}

/** Before counting a message: resets the count after an idle gap ("idle") or on the first message of a new day ("daily"). */
function resetBeforeMessage(e: AgentEvent, ctx: CheckContext, levels: Map<string, string>, lastActivity: number, count: number): boolean {
  if (count === 0 || lastActivity <= 0 || e.timestamp <= lastActivity) {
    return false;
  }
  const h = ctx.health();
  if (h.idleResetMs > 0 && e.timestamp - lastActivity > h.idleResetMs) {
    resetCount(ctx, levels, e.sessionId, 'idle', e.timestamp);
    return true;
  }
  if (h.dailyResetHour >= 0 && h.dailyResetHour <= 23 && dailyResetBoundary(e.timestamp, h.dailyResetHour) > lastActivity) {
    resetCount(ctx, levels, e.sessionId, 'daily', e.timestamp);
    return true;
  }
  return false;
}

/** The marathon check; it keeps the level last written per session (`warn|limit:<limit>:<warnAt>`), so the finding is not rewritten per message. */
export function marathonCheck(): Check {
  const levels = new Map<string, string>();
  return {
    id: 'marathon',
    opens: ['marathon_session'],
    beforeEvent(e, facts, ctx) {
      if (
        facts.isMessage &&
        facts.before &&
        resetBeforeMessage(e, ctx, levels, facts.before.lastActivity, facts.before.messagesSinceReset)
      ) {
        facts.messageCount = 1;
      }
    },
    onEvent(e, facts, ctx) {
      const h = ctx.health();
      if (e.compaction) {
        // a compaction near or at the limit rotates the count ("message_limit")
        const s = ctx.store.session(e.sessionId);
        if (s && h.maxMessages > 0 && s.messagesSinceReset >= marathonWarnAt(h)) {
          resetCount(ctx, levels, e.sessionId, 'message_limit', e.timestamp);
        }
        return [];
      }
      if (!facts.isMessage) {
        return [];
      }
      const n = facts.messageCount;
      const warnAt = marathonWarnAt(h);
      const seen = levels;
      if (h.maxMessages <= 0 || n < warnAt) {
        seen.delete(e.sessionId);
        return [];
      }
      const limit = h.maxMessages;
      // The finding is written when the level changes (warning, limit), not on every message: the tree shows the live count.
      const level = `${n >= limit ? 'limit' : 'warn'}:${limit}:${warnAt}`;
      if (seen.get(e.sessionId) === level) {
        return [];
      }
      seen.set(e.sessionId, level);
      if (n >= limit) {
        const text = `${n} messages: the limit of ${limit} is reached. Checkpoint and rotate: compact the context, or restart the session with resume.`;
        return ctx.ledger.upsert(e.sessionId, 'marathon_session', e.timestamp, text, {
          severity: 'HIGH',
          reason: `at the message limit (${limit})`,
        });
      }
      const left = limit - n;
      const text = `${n} of ${limit} messages (${Math.round((n / limit) * 100)} %): ${left} message${left === 1 ? '' : 's'} remain${left === 1 ? 's' : ''} before the limit. Wrap up, then compact or restart with resume.`;
      return ctx.ledger.upsert(e.sessionId, 'marathon_session', e.timestamp, text);
    },
  };
}
