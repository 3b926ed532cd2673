/**
 * The gauges of the metrics, computed from engine snapshots at scrape time: sessions by agent and health, the live count
 * against the limit and its forecast, the plan limits (used share, reset, pace forecast), open findings, stuck sessions,
 * and per-session series for the labelled live sessions.
 * Pure module: the snapshots, the concurrency status, the limit readings and the clock come in as arguments.
 */
import type { LimitGauge } from '../limits/gauge';
import type { PaceForecast } from '../limits/paceForecast';
import type { SessionSnapshot } from '../model/snapshot';
import { DEFAULT_LIMIT_SERIES_CAP } from './catalog';
import type { MetricSample } from './counters';
import { idLabel, labelledSessions } from './labels';

/** One plan-limit window as last seen (src/core/limits: the latest gauge of an account and window) with its pace forecast. */
export interface LimitReading {
  gauge: Pick<LimitGauge, 'agent' | 'account' | 'window' | 'usedPercent' | 'resetsAt'>;
  forecast?: Pick<PaceForecast, 'hitsAt' | 'beforeReset' | 'resetsAt'>;
}

/** What the gauges are computed from. */
export interface GaugeInput {
  /** Epoch ms of the scrape. */
  nowMs: number;
  /** Every session the engine knows. */
  sessions: readonly SessionSnapshot[];
  /** Ids of the live sessions (src/core/alerting/liveSessions.ts `isLive`). */
  liveIds: ReadonlySet<string>;
  /** Live sessions allowed (0: no limit). */
  limit: number;
  /** Epoch ms the live count's trend reaches the limit, when predicted. */
  limitHitAtMs?: number;
  /** Most live sessions with per-session series. */
  sessionLabelCap: number;
  /** Epoch ms of the last read of new lines (0: none yet). */
  lastIngestMs: number;
  /** The watcher's version, for `session_doctor_build_info`. */
  version: string;
  /** The plan-limit windows of this machine (default none); at most {@link DEFAULT_LIMIT_SERIES_CAP} are exposed, fullest first. */
  limits?: readonly LimitReading[];
}

/** Adds `by` to the sample with these labels in `into` (creating it). */
function bump(into: Map<string, MetricSample>, name: string, labels: Record<string, string>, by = 1): void {
  const key = name + JSON.stringify(labels);
  const s = into.get(key);
  if (s) {
    (s as { value: number }).value += by;
  } else {
    into.set(key, { name, labels, value: by });
  }
}

/** The gauge samples of one scrape (families of ./catalog.ts; counters come from ./counters.ts). */
export function collectGauges(input: GaugeInput): MetricSample[] {
  const out: MetricSample[] = [{ name: 'session_doctor_build_info', labels: { version: idLabel(input.version) }, value: 1 }];
  const grouped = new Map<string, MetricSample>();
  const live: SessionSnapshot[] = [];
  const files = new Set<string>();
  for (const s of input.sessions) {
    const agent = idLabel(s.agent);
    bump(grouped, 'session_doctor_sessions', { agent, health: s.health });
    for (const f of s.findings) {
      if (f.status === 'open') {
        bump(grouped, 'session_doctor_open_findings', { agent, type: f.type, severity: f.severity });
      }
    }
    bump(grouped, 'session_doctor_stuck_sessions', { agent }, s.activity.state === 'stuck' ? 1 : 0);
    if (input.liveIds.has(s.id)) {
      live.push(s);
    }
    if (s.file) {
      files.add(s.file);
    }
  }
  const limit = input.limit > 0 ? input.limit : 0;
  out.push(
    ...grouped.values(),
    { name: 'session_doctor_live_sessions', labels: {}, value: live.length },
    { name: 'session_doctor_concurrency_limit', labels: {}, value: limit },
    { name: 'session_doctor_concurrency_used_ratio', labels: {}, value: limit > 0 ? live.length / limit : 0 },
  );
  if (input.limitHitAtMs !== undefined) {
    out.push({
      name: 'session_doctor_concurrency_limit_forecast_seconds',
      labels: {},
      value: Math.max(0, (input.limitHitAtMs - input.nowMs) / 1000),
    });
  }
  out.push(...limitSamples(input.limits ?? [], input.nowMs));
  const { labelled, dropped } = labelledSessions(live, input.sessionLabelCap);
  for (const s of labelled) {
    out.push(...sessionSamples(s, input.nowMs));
  }
  out.push(
    { name: 'session_doctor_session_labels_dropped', labels: {}, value: dropped },
    { name: 'session_doctor_transcript_files', labels: {}, value: files.size },
    { name: 'session_doctor_last_ingest_timestamp_seconds', labels: {}, value: input.lastIngestMs / 1000 },
  );
  return out;
}

/** The per-session samples of one labelled live session. */
function sessionSamples(s: SessionSnapshot, nowMs: number): MetricSample[] {
  const base = { session: idLabel(s.id), agent: idLabel(s.agent) };
  const out: MetricSample[] = [];
  const open = new Map<string, MetricSample>();
  for (const f of s.findings) {
    if (f.status === 'open') {
      bump(open, 'session_doctor_session_open_findings', { ...base, type: f.type, severity: f.severity });
    }
  }
  out.push(...open.values());
  const since = s.activity.sinceMs > 0 ? Math.max(0, (nowMs - s.activity.sinceMs) / 1000) : 0;
  out.push({ name: 'session_doctor_session_activity', labels: { ...base, state: s.activity.state }, value: since });
  if (s.context) {
    out.push({ name: 'session_doctor_session_context_window_ratio', labels: base, value: s.context.percent / 100 });
  }
  out.push({ name: 'session_doctor_session_cost_usd', labels: base, value: s.costUsd });
  return out;
}

/**
 * The samples of the plan limits: used ratio and reset time per window, and the seconds until the pace forecast reaches
 * the limit when it does so before a known reset (as src/core/limits/limitAlerts.ts alerts on it).
 */
function limitSamples(readings: readonly LimitReading[], nowMs: number): MetricSample[] {
  const out: MetricSample[] = [];
  const fullest = [...readings].sort((a, b) => b.gauge.usedPercent - a.gauge.usedPercent).slice(0, DEFAULT_LIMIT_SERIES_CAP);
  for (const { gauge: g, forecast: f } of fullest) {
    if (!Number.isFinite(g.usedPercent)) {
      continue;
    }
    const labels = { agent: idLabel(g.agent), account: idLabel(g.account), window: idLabel(g.window) };
    out.push({ name: 'session_doctor_limit_used_ratio', labels, value: g.usedPercent / 100 });
    if (g.resetsAt !== undefined && Number.isFinite(g.resetsAt)) {
      out.push({ name: 'session_doctor_limit_reset_timestamp_seconds', labels, value: g.resetsAt / 1000 });
    }
    if (f && f.beforeReset && f.resetsAt !== undefined) {
      out.push({ name: 'session_doctor_limit_forecast_seconds', labels, value: Math.max(0, (f.hitsAt - nowMs) / 1000) });
    }
  }
  return out;
}
