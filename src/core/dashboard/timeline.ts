/**
 * A session's timeline from its events, built incrementally as the transcript grows: points on lanes (prompts, replies,
 * tool calls, API errors with the agent's own retries and waits, compactions), context window use at each response, and
 * cumulative tokens, cost and messages. Messages, tokens and cost are counted exactly as the engine counts them (the
 * marathon check's {@link countsAsMessage}, usage of every event, the agent's cost or the price table's), so the
 * timeline's totals equal the session snapshot's for a session read from one transcript. Pure module.
 */
import { contextTokensOf } from '../agents/contextWindows';
import { costOf } from '../agents/pricing';
import { countsAsMessage } from '../checks/marathon';
import type { AgentEvent } from '../model/event';
import { TimelineData, TimelinePoint, emptyTimeline } from './protocol';

/** Longest label of a point, characters. */
export const MAX_LABEL = 120;

/** Tool calls kept waiting for a result (older ones are forgotten: their results were not recorded). */
const MAX_PENDING_TOOLS = 64;

/** `(retry 3/10 in 4123 ms)` as the Claude Code parser writes an API error's retry (src/core/agents/claude/transcriptRecords.ts). */
const RETRY = /\(retry (\d+)(?:\/(\d+))?(?: in (\d+) ms)?\)/;

/** One line of at most `max` characters (whitespace folded, `…` marks a cut). */
export function oneLine(text: string, max = MAX_LABEL): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}

/** The retry an API error's text announces, if any. */
export function retryOf(text: string): { attempt: number; maxAttempts?: number; waitMs?: number } | undefined {
  const m = RETRY.exec(text);
  if (!m) {
    return undefined;
  }
  return {
    attempt: Number(m[1]),
    ...(m[2] !== undefined ? { maxAttempts: Number(m[2]) } : {}),
    ...(m[3] !== undefined ? { waitMs: Number(m[3]) } : {}),
  };
}

/** Builds one session's timeline from its events, in the order the agent wrote them. */
export class TimelineBuilder {
  private readonly data: TimelineData = emptyTimeline();
  private lastMessageId = '';
  /**
   * Points of the tool calls still waiting for their result, oldest first, to mark a call failed when its result is an
   * error. A result names its tool where the agent records it (Codex); else (Claude Code) results answer calls in order.
   */
  private pendingTools: number[] = [];

  /**
   * @param sessionId events of other sessions (a file may hold several) are ignored
   * @param now the clock (epoch ms): events with timestamp 0 (untimed logs) take its time, as the engine gives them
   */
  constructor(
    readonly sessionId: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds events (file order). */
  add(events: readonly AgentEvent[]): void {
    for (const e of events) {
      if (e.sessionId === this.sessionId) {
        this.addOne(e);
      }
    }
  }

  /** The timeline so far (the builder's own arrays: do not change them). */
  timeline(): TimelineData {
    return this.data;
  }

  private addOne(e: AgentEvent): void {
    const t = e.timestamp > 0 ? e.timestamp : this.now();
    const d = this.data;
    const totals = d.totals;
    totals.events++;
    const before: Parameters<typeof countsAsMessage>[1] = {
      lastActivity: 0,
      messagesSinceReset: 0,
      lastMessageId: this.lastMessageId,
      turnKind: '',
      contextWindow: 0,
    };
    const isMessage = countsAsMessage(e, before);
    if (isMessage && e.messageId && (e.kind === 'assistant' || e.kind === 'tool_call')) {
      this.lastMessageId = e.messageId;
    }
    const cost = e.costUsd ?? (e.usage ? costOf(e.model, e.usage) : undefined);
    const tokens = e.usage ? e.usage.input + e.usage.output + e.usage.cacheRead + e.usage.cacheCreation : 0;
    if (isMessage || tokens > 0 || (cost ?? 0) > 0) {
      totals.messages += isMessage ? 1 : 0;
      totals.tokens += tokens;
      totals.costUsd += cost ?? 0;
      d.cumulative.t.push(t);
      d.cumulative.tokens.push(totals.tokens);
      d.cumulative.cost.push(totals.costUsd);
      d.cumulative.messages.push(totals.messages);
    }
    if (e.usage && !e.sidechain) {
      d.context.t.push(t);
      d.context.used.push(contextTokensOf(e.usage));
    }
    const point = this.pointOf(e, t, isMessage);
    if (point) {
      d.points.push(point);
    }
  }

  private pointOf(e: AgentEvent, t: number, isMessage: boolean): TimelinePoint | undefined {
    const origin = e.origin ? { offset: e.origin.offset } : {};
    switch (e.kind) {
      case 'user':
        return e.sidechain ? undefined : { t, lane: 'prompt', label: oneLine(e.text) || 'Prompt', ...origin };
      case 'assistant':
        return isMessage && !e.sidechain ? { t, lane: 'assistant', label: oneLine(e.text) || 'Reply', ...origin } : undefined;
      case 'tool_call': {
        this.data.totals.toolCalls++;
        const p: TimelinePoint = { t, lane: 'tool', label: oneLine(`${e.toolName ?? 'tool'}: ${e.text}`), ...origin };
        this.pendingTools.push(this.data.points.length);
        if (this.pendingTools.length > MAX_PENDING_TOOLS) {
          this.pendingTools.shift();
        }
        return p;
      }
      case 'tool_result': {
        const k = this.pendingTools.findIndex((i) => !e.toolName || this.data.points[i].label.startsWith(`${e.toolName}:`));
        if (k >= 0) {
          if (e.isError) {
            this.data.points[this.pendingTools[k]].failed = true;
          }
          this.pendingTools.splice(k, 1);
        }
        return undefined;
      }
      case 'error': {
        const totals = this.data.totals;
        totals.errors++;
        const retry = retryOf(e.text);
        if (retry) {
          totals.retries++;
          totals.waitMs += retry.waitMs ?? 0;
        }
        return {
          t,
          lane: 'error',
          label: oneLine(e.text) || 'API error',
          ...origin,
          ...(e.httpStatus !== undefined ? { status: e.httpStatus } : {}),
          ...(retry ?? {}),
        };
      }
      case 'system':
        if (e.compaction) {
          this.data.totals.compactions++;
          return { t, lane: 'compaction', label: oneLine(e.text) || 'Context compacted', ...origin };
        }
        return undefined;
      default:
        return undefined;
    }
  }
}

/**
 * When the context window fills at the recent rate: a least-squares line through the context samples (time, tokens)
 * since the last drop (a compaction), at most the last `n`; undefined without a window, with fewer than 3 samples, or
 * when use does not grow. A time at or before the last sample means it is full already.
 */
export function predictOverflow(context: TimelineData['context'], windowTokens: number, n = 10): number | undefined {
  if (!(windowTokens > 0)) {
    return undefined;
  }
  const { t, used } = context;
  let start = Math.max(0, t.length - n);
  for (let i = t.length - 1; i > start; i--) {
    if (used[i] < used[i - 1]) {
      start = i;
      break;
    }
  }
  const count = t.length - start;
  if (count < 3) {
    return undefined;
  }
  let sx = 0;
  let sy = 0;
  for (let i = start; i < t.length; i++) {
    sx += t[i];
    sy += used[i];
  }
  const mx = sx / count;
  const my = sy / count;
  let num = 0;
  let den = 0;
  for (let i = start; i < t.length; i++) {
    num += (t[i] - mx) * (used[i] - my);
    den += (t[i] - mx) ** 2;
  }
  if (den === 0 || num <= 0) {
    return undefined;
  }
  const slope = num / den; // tokens per ms
  return Math.round(mx + (windowTokens - my) / slope);
}
