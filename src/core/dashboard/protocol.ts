/**
 * The dashboard's message protocol: what the extension host posts to the two webviews (the overview and the session
 * panel) and what the pages post back. The host (src/features/dashboard) and the page (src/web) both import this one
 * file, so a message changed on one side fails to compile on the other. Messages from a page are untrusted input: the
 * host reads them only through {@link parsePageMessage}. Pure module: types, constants and validation only.
 */
import type { Severity } from '../model/failures';
import type { ActivityState, Health } from '../model/snapshot';
import type { RecoveryAction } from '../recovery/recoveryActions';

/** The two pages: the overview of all sessions, and one session's timeline. */
export type ViewKind = 'overview' | 'session';

/** Every view kind (for validation). */
export const VIEW_KINDS: readonly ViewKind[] = ['overview', 'session'];

// ---- the overview ----------------------------------------------------------------------------------------------------

/** One row of the sessions table (overview), also the session panel's header. Times are epoch ms. */
export interface SessionRow {
  id: string;
  /** "project — title" as the tree shows it. */
  label: string;
  agent: string;
  agentName: string;
  project: string;
  health: Health;
  state: ActivityState;
  /** The activity state in words, e.g. "waiting for you". */
  stateLabel: string;
  /** Messages counted in all (the snapshot's `messageCount`). */
  messages: number;
  /** Context window use of the latest response, percent; null before any usage. */
  contextPercent: number | null;
  costUsd: number;
  /** Input + output + cache read + cache creation tokens. */
  tokens: number;
  lastActivity: number;
  firstSeen: number;
  /** Findings still open. */
  openFindings: number;
  /** Every finding listed for the session (open, acknowledged, recently resolved). */
  findings: number;
  /** Title of the worst open finding ("" when none is open). */
  worstFinding: string;
}

/** Live sessions against the concurrency limit over time. */
export interface LiveChart {
  /** Sample times (epoch ms, ascending) and live counts at each. */
  t: number[];
  live: number[];
  /** `concurrency.limit` (0: no limit). */
  limit: number;
  /** The tiers as live counts: notice at 65 %, warning at 80 %, critical at 90 % of the limit. */
  tiers: { tier: string; atLive: number }[];
  /** When the trend reaches the limit, if it rises. */
  prediction?: { atMs: number; perHour: number };
  /** The live count measured now (the last sample), when the concurrency watch has counted. */
  current?: number;
}

/** Findings opened per time bucket, by severity, and a summary by type. */
export interface FindingsChart {
  /** Bucket starts (epoch ms, ascending) and their width (ms). */
  buckets: number[];
  bucketMs: number;
  /** Findings first seen in each bucket, one row per severity (LOW first). */
  severities: { severity: Severity; counts: number[] }[];
  /** One row per failure type, most findings first. */
  byType: { type: string; title: string; worst: Severity; findings: number; occurrences: number; sessions: number }[];
}

/** Cost and tokens per day and agent. */
export interface SpendChart {
  /** Day starts (local midnight, epoch ms, ascending). */
  days: number[];
  agents: { agent: string; name: string; cost: number[]; tokens: number[] }[];
}

/** Everything the overview page shows. */
export interface OverviewModel {
  generatedAt: number;
  sessions: SessionRow[];
  live: LiveChart;
  findings: FindingsChart;
  spend: SpendChart;
}

// ---- the session panel -----------------------------------------------------------------------------------------------

/** The lanes of a session's timeline, top to bottom. */
export type TimelineLane = 'prompt' | 'assistant' | 'tool' | 'error' | 'compaction' | 'finding' | 'recovery';

/** Every lane, in display order. */
export const TIMELINE_LANES: readonly TimelineLane[] = ['prompt', 'assistant', 'tool', 'error', 'compaction', 'finding', 'recovery'];

/** Lane titles. */
export const LANE_LABELS: Readonly<Record<TimelineLane, string>> = {
  prompt: 'Prompts',
  assistant: 'Replies',
  tool: 'Tool calls',
  error: 'API errors',
  compaction: 'Compactions',
  finding: 'Findings',
  recovery: 'Recoveries',
};

/** One point on the timeline. */
export interface TimelinePoint {
  t: number;
  lane: TimelineLane;
  /** One line, at most ~120 characters. */
  label: string;
  /** Byte offset of the transcript line (jump to it), when the point came from the transcript. */
  offset?: number;
  /** HTTP status of an API error. */
  status?: number;
  /** The agent's own retry of an API error: attempt, out of how many, and the wait before it (ms). */
  attempt?: number;
  maxAttempts?: number;
  waitMs?: number;
  /** For a tool call whose result was an error. */
  failed?: boolean;
  /** Finding markers: the finding and its severity. */
  findingId?: number;
  severity?: Severity;
}

/** Running totals of the timeline (what the transcript says, counted as the engine counts). */
export interface TimelineTotals {
  events: number;
  messages: number;
  tokens: number;
  costUsd: number;
  toolCalls: number;
  errors: number;
  retries: number;
  /** Sum of the agent's announced retry waits, ms. */
  waitMs: number;
  compactions: number;
}

/** The transcript part of a timeline: points, context use and cumulative counters, each append-only. */
export interface TimelineData {
  points: TimelinePoint[];
  /** Context window use (tokens) at each main-thread response. */
  context: { t: number[]; used: number[] };
  /** Cumulative tokens, cost (USD) and messages, sampled when one of them changes. */
  cumulative: { t: number[]; tokens: number[]; cost: number[]; messages: number[] };
  totals: TimelineTotals;
}

/** Where a page's copy of a timeline ends: the lengths of its arrays. */
export interface TimelineCursor {
  points: number;
  context: number;
  cumulative: number;
}

/** A recovery button. */
export interface ActionView {
  action: RecoveryAction;
  label: string;
  detail: string;
  /** The first step of the finding's strategy. */
  recommended: boolean;
}

/** A finding as the session panel lists it. */
export interface FindingView {
  id: number;
  type: string;
  title: string;
  severity: Severity;
  status: 'open' | 'snoozed' | 'acknowledged' | 'resolved';
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** The (redacted) line that triggered it. */
  evidence: string;
  /** True when the evidence line is in a transcript file (a jump is possible). */
  hasLine: boolean;
  strategy: string;
  escalation: string;
  actions: ActionView[];
}

/** The session panel's header: the row, plus what one session adds. */
export interface SessionHeader extends SessionRow {
  title: string;
  cwd: string;
  file: string;
  model: string;
  activityDetail: string;
  /** The model's context window (tokens), 0 when unknown. */
  windowTokens: number;
  /** `context.warnPercent`: the warning line of the context chart. */
  warnPercent: number;
  turnsLeft?: number;
  /** The session's recovery buttons: what the Sessions tree's session menu offers (the steps the agent's recipe can do). */
  actions: ActionView[];
}

/** Everything the session panel shows. */
export interface SessionPanelModel {
  header: SessionHeader;
  /** Where the timeline came from: the transcript (re-read), or the engine's findings alone (no file). */
  source: 'transcript' | 'none';
  timeline: TimelineData;
  /** Finding and recovery markers (small, always sent whole). */
  markers: TimelinePoint[];
  /** When the context window fills at the recent rate (epoch ms), if it grows. */
  overflowAt?: number;
  findings: FindingView[];
}

/** An update of an open session panel: the header, markers and findings whole, the timeline's new tail only. */
export interface SessionDelta {
  header: SessionHeader;
  markers: TimelinePoint[];
  overflowAt?: number;
  findings: FindingView[];
  /** The page's cursor this tail starts at. */
  from: TimelineCursor;
  tail: TimelineData;
}

// ---- messages --------------------------------------------------------------------------------------------------------

/** Host -> page. */
export type HostMessage =
  | { type: 'overview'; model: OverviewModel }
  | { type: 'session'; model: SessionPanelModel }
  | { type: 'sessionDelta'; sessionId: string; delta: SessionDelta }
  | { type: 'sessionGone'; sessionId: string };

/** Page -> host. */
export type PageMessage =
  /** The page has loaded (first time, or again after it was hidden and shown): send everything. */
  | { type: 'ready'; view: ViewKind; sessionId?: string }
  | { type: 'openSession'; sessionId: string }
  | { type: 'openOverview' }
  /** A recovery button: runs the same command as the tree, with `{ sessionId, findingId }`. */
  | { type: 'runAction'; action: RecoveryAction; sessionId: string; findingId?: number }
  /** Opens the transcript at a finding's line (or at its end). */
  | { type: 'openTranscript'; sessionId: string; findingId?: number }
  /** Opens the transcript at the line starting at this byte offset. */
  | { type: 'openLine'; sessionId: string; offset: number };

/** The recovery actions a page may ask for. */
export const PAGE_ACTIONS: readonly RecoveryAction[] = [
  'compact',
  'restart',
  'clearStale',
  'interrupt',
  'promptFix',
  'acknowledge',
  'snooze',
];

/** Longest session id accepted from a page. */
const MAX_ID_LENGTH = 512;

function isId(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_LENGTH;
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/**
 * Reads a message a page posted. Returns undefined for anything that is not exactly one of {@link PageMessage}: an
 * unknown type, a missing or ill-typed field, an unknown action or view. Extra fields are dropped.
 */
export function parsePageMessage(raw: unknown): PageMessage | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    return undefined;
  }
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      if (!VIEW_KINDS.includes(m.view as ViewKind)) {
        return undefined;
      }
      if (m.sessionId !== undefined && !isId(m.sessionId)) {
        return undefined;
      }
      return m.sessionId === undefined
        ? { type: 'ready', view: m.view as ViewKind }
        : { type: 'ready', view: m.view as ViewKind, sessionId: m.sessionId as string };
    case 'openSession':
      return isId(m.sessionId) ? { type: 'openSession', sessionId: m.sessionId } : undefined;
    case 'openOverview':
      return { type: 'openOverview' };
    case 'runAction':
    case 'openTranscript': {
      if (!isId(m.sessionId) || (m.findingId !== undefined && !isCount(m.findingId))) {
        return undefined;
      }
      const findingId = m.findingId as number | undefined;
      if (m.type === 'openTranscript') {
        return findingId === undefined
          ? { type: 'openTranscript', sessionId: m.sessionId }
          : { type: 'openTranscript', sessionId: m.sessionId, findingId };
      }
      if (!PAGE_ACTIONS.includes(m.action as RecoveryAction)) {
        return undefined;
      }
      const action = m.action as RecoveryAction;
      return findingId === undefined
        ? { type: 'runAction', action, sessionId: m.sessionId }
        : { type: 'runAction', action, sessionId: m.sessionId, findingId };
    }
    case 'openLine':
      return isId(m.sessionId) && isCount(m.offset) ? { type: 'openLine', sessionId: m.sessionId, offset: m.offset } : undefined;
    default:
      return undefined;
  }
}

/** The cursor at the end of a timeline. */
export function cursorOf(t: TimelineData): TimelineCursor {
  return { points: t.points.length, context: t.context.t.length, cumulative: t.cumulative.t.length };
}

/** The part of `t` after `from` (totals are the current ones). */
export function timelineTail(t: TimelineData, from: TimelineCursor): TimelineData {
  return {
    points: t.points.slice(from.points),
    context: { t: t.context.t.slice(from.context), used: t.context.used.slice(from.context) },
    cumulative: {
      t: t.cumulative.t.slice(from.cumulative),
      tokens: t.cumulative.tokens.slice(from.cumulative),
      cost: t.cumulative.cost.slice(from.cumulative),
      messages: t.cumulative.messages.slice(from.cumulative),
    },
    totals: { ...t.totals },
  };
}

/**
 * Appends a tail to a page's timeline in place. Returns false (and changes nothing) when the tail does not start where
 * `base` ends: the page then asks for everything again.
 */
export function appendTimeline(base: TimelineData, from: TimelineCursor, tail: TimelineData): boolean {
  const at = cursorOf(base);
  if (at.points !== from.points || at.context !== from.context || at.cumulative !== from.cumulative) {
    return false;
  }
  base.points.push(...tail.points);
  base.context.t.push(...tail.context.t);
  base.context.used.push(...tail.context.used);
  base.cumulative.t.push(...tail.cumulative.t);
  base.cumulative.tokens.push(...tail.cumulative.tokens);
  base.cumulative.cost.push(...tail.cumulative.cost);
  base.cumulative.messages.push(...tail.cumulative.messages);
  base.totals = { ...tail.totals };
  return true;
}

/** An empty timeline. */
export function emptyTimeline(): TimelineData {
  return {
    points: [],
    context: { t: [], used: [] },
    cumulative: { t: [], tokens: [], cost: [], messages: [] },
    totals: { events: 0, messages: 0, tokens: 0, costUsd: 0, toolCalls: 0, errors: 0, retries: 0, waitMs: 0, compactions: 0 },
  };
}
