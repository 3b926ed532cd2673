/**
 * The overview's data from the engine's session snapshots: the sessions table, live sessions against the concurrency
 * limit over time, findings per time bucket by severity and by type, and cost and tokens per day and agent.
 *
 * What the snapshots do not keep is estimated, and said so in docs/dashboard.md: a session counts as live from its first
 * event until the live window after its last one (the concurrency watch's measured counts replace that estimate where
 * they exist), and a session's cost and tokens are spread over the days it was active in proportion to its time on
 * each. Pure module: time comes in as arguments.
 */
import { TIER_RULES } from '../alerting/concurrencyMonitor';
import type { LiveSample } from '../alerting/limitTrend';
import { SEVERITIES, Severity, severityRank } from '../model/failures';
import type { SessionSnapshot } from '../model/snapshot';
import { ACTIVITY_LABELS, agentName, sessionLabel } from '../report/labels';
import type { FindingsChart, LiveChart, OverviewModel, SessionRow, SpendChart } from './protocol';

/** What the overview needs besides the sessions. */
export interface OverviewInput {
  now: number;
  /** `concurrency.limit` (0: none) and `concurrency.liveWindowMinutes` in ms. */
  limit: number;
  liveWindowMs: number;
  /** Live counts measured by the concurrency watch since the extension started, oldest first. */
  measured?: readonly LiveSample[];
  /** The concurrency watch's prediction of the limit, if any. */
  prediction?: { atMs: number; perHour: number };
  /** Start of the local day of an epoch ms (default: the host's time zone). */
  dayStart?: (ms: number) => number;
}

/** Points of the live chart's estimated part. */
const LIVE_STEPS = 120;
/** Findings buckets: hours when the span is at most two days, else days. */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Local midnight of `ms`. */
export function localDayStart(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Total tokens of a session. */
export function totalTokens(s: Pick<SessionSnapshot, 'tokens'>): number {
  return s.tokens.input + s.tokens.output + s.tokens.cacheRead + s.tokens.cacheCreation;
}

/** One row of the sessions table. */
export function sessionRow(s: SessionSnapshot): SessionRow {
  const open = s.findings.filter((f) => f.status === 'open');
  const worst = open.slice().sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || b.lastSeen - a.lastSeen)[0];
  return {
    id: s.id,
    label: sessionLabel(s),
    agent: s.agent,
    agentName: agentName(s.agent),
    project: s.project,
    health: s.health,
    state: s.activity.state,
    stateLabel: ACTIVITY_LABELS[s.activity.state],
    messages: s.messageCount,
    contextPercent: s.context ? Math.round(s.context.percent * 10) / 10 : null,
    costUsd: s.costUsd,
    tokens: totalTokens(s),
    lastActivity: s.lastActivity,
    firstSeen: s.firstSeen,
    openFindings: open.length,
    findings: s.findings.length,
    worstFinding: worst?.title ?? '',
  };
}

/** Live sessions over time: estimated from first and last activity, then the measured counts, then now. */
export function liveChart(sessions: readonly SessionSnapshot[], input: OverviewInput): LiveChart {
  const { now, limit, liveWindowMs } = input;
  const measured = (input.measured ?? []).filter((m) => m.at <= now);
  const spans = sessions.filter((s) => s.firstSeen > 0).map((s) => [s.firstSeen, s.lastActivity + liveWindowMs] as const);
  const from = Math.min(now - HOUR, ...spans.map((s) => s[0]));
  const estimatedUntil = measured.length > 0 ? measured[0].at : now;
  const step = Math.max(60_000, Math.ceil((now - from) / LIVE_STEPS / 60_000) * 60_000);
  const t: number[] = [];
  const live: number[] = [];
  for (let at = from; at < estimatedUntil; at += step) {
    t.push(at);
    live.push(spans.filter(([a, b]) => a <= at && at <= b).length);
  }
  for (const m of measured) {
    t.push(m.at);
    live.push(m.live);
  }
  const current = measured.length > 0 ? measured[measured.length - 1].live : undefined;
  if (t.length === 0 || t[t.length - 1] < now) {
    t.push(now);
    live.push(current ?? spans.filter(([a, b]) => a <= now && now <= b).length);
  }
  return {
    t,
    live,
    limit,
    tiers: limit > 0 ? TIER_RULES.map((r) => ({ tier: r.tier, atLive: Math.ceil(r.ratio * limit) })) : [],
    ...(input.prediction ? { prediction: { ...input.prediction } } : {}),
    ...(current !== undefined ? { current } : {}),
  };
}

/** Findings first seen per bucket (hours over at most two days, else days), by severity; and per type. */
export function findingsChart(
  sessions: readonly SessionSnapshot[],
  now: number,
  dayStart: (ms: number) => number = localDayStart,
): FindingsChart {
  const findings = sessions.flatMap((s) => s.findings);
  const first = Math.min(now, ...findings.map((f) => f.firstSeen).filter((x) => x > 0));
  const daily = now - first > 2 * DAY;
  const bucketMs = daily ? DAY : HOUR;
  const startOf = (ms: number): number => (daily ? dayStart(ms) : Math.floor(ms / HOUR) * HOUR);
  const buckets: number[] = [];
  for (let b = startOf(first); b <= now; b = daily ? dayStart(b + DAY + 2 * HOUR) : b + HOUR) {
    buckets.push(b);
  }
  const index = (ms: number): number => {
    const b = startOf(Math.min(Math.max(ms, first), now));
    const i = buckets.indexOf(b);
    return i >= 0 ? i : buckets.length - 1;
  };
  const severities = SEVERITIES.map((severity) => ({ severity, counts: buckets.map(() => 0) }));
  const byType = new Map<string, FindingsChart['byType'][number] & { ids: Set<string> }>();
  for (const f of findings) {
    severities[severityRank(f.severity)].counts[index(f.firstSeen)]++;
    const row = byType.get(f.type) ?? {
      type: f.type,
      title: f.title,
      worst: f.severity,
      findings: 0,
      occurrences: 0,
      sessions: 0,
      ids: new Set(),
    };
    row.findings++;
    row.occurrences += f.count;
    row.ids.add(f.sessionId);
    if (severityRank(f.severity) > severityRank(row.worst)) {
      row.worst = f.severity;
    }
    byType.set(f.type, row);
  }
  return {
    buckets,
    bucketMs,
    severities,
    byType: [...byType.values()]
      .map(({ ids, ...r }) => ({ ...r, sessions: ids.size }))
      .sort((a, b) => b.findings - a.findings || severityRank(b.worst) - severityRank(a.worst) || a.type.localeCompare(b.type)),
  };
}

/** Cost and tokens per day and agent, each session's spread over its active days by time. */
export function spendChart(
  sessions: readonly SessionSnapshot[],
  now: number,
  dayStart: (ms: number) => number = localDayStart,
): SpendChart {
  const active = sessions.filter((s) => s.firstSeen > 0 || s.lastActivity > 0);
  const firstDay = dayStart(Math.min(now, ...active.map((s) => s.firstSeen || s.lastActivity)));
  const days: number[] = [];
  for (let d = firstDay; d <= now; d = dayStart(d + DAY + 2 * HOUR)) {
    days.push(d);
  }
  const agents = new Map<string, SpendChart['agents'][number]>();
  for (const s of active) {
    const row = agents.get(s.agent) ?? { agent: s.agent, name: agentName(s.agent), cost: days.map(() => 0), tokens: days.map(() => 0) };
    agents.set(s.agent, row);
    const start = s.firstSeen || s.lastActivity;
    const end = Math.max(start, s.lastActivity);
    const tokens = totalTokens(s);
    days.forEach((d, i) => {
      const dayEnd = i + 1 < days.length ? days[i + 1] : Math.max(now, end) + 1;
      const share =
        end === start ? (start >= d && start < dayEnd ? 1 : 0) : Math.max(0, Math.min(end, dayEnd) - Math.max(start, d)) / (end - start);
      row.cost[i] += s.costUsd * share;
      row.tokens[i] += tokens * share;
    });
  }
  return { days, agents: [...agents.values()].sort((a, b) => sum(b.cost) - sum(a.cost) || a.agent.localeCompare(b.agent)) };
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

/** The whole overview. */
export function buildOverview(sessions: readonly SessionSnapshot[], input: OverviewInput): OverviewModel {
  const dayStart = input.dayStart ?? localDayStart;
  return {
    generatedAt: input.now,
    sessions: sessions.map(sessionRow),
    live: liveChart(sessions, input),
    findings: findingsChart(sessions, input.now, dayStart),
    spend: spendChart(sessions, input.now, dayStart),
  };
}

/** The severities, worst first (legend order). */
export const SEVERITIES_WORST_FIRST: readonly Severity[] = [...SEVERITIES].reverse();
