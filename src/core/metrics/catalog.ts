/**
 * The metrics `session-doctor watch --metrics` exposes: one entry per metric family, its Prometheus name (with its unit
 * and `_total` for counters), its type, its labels and its help text. The one source of the exposition (src/cli/metricsServer.ts
 * registers exactly these), of the README's metrics table and of docs/fleet.md (see {@link metricsTable}). Pure module.
 *
 * Labels carry only bounded vocabularies: agent ids (src/core/agents), health, failure types, severities, strategies and
 * outcomes (src/core/model), activity states, `session` (a sanitised session id, for live sessions only, at most
 * {@link DEFAULT_SESSION_LABEL_CAP} of them; see ./labels.ts), and the plan-limit `account` and `window` ids of
 * src/core/limits/gauge.ts (sanitised the same way; one series per account and window seen in the last 7 days, at most
 * {@link DEFAULT_LIMIT_SERIES_CAP}). Never transcript text, a prompt, a title, a path or a secret.
 */

/** A metric's Prometheus type. */
export type MetricType = 'gauge' | 'counter';

/** A label name used by the metrics. */
export type MetricLabel =
  'agent' | 'health' | 'type' | 'severity' | 'session' | 'strategy' | 'outcome' | 'state' | 'version' | 'account' | 'window';

/** One metric family. */
export interface MetricSpec {
  /** Prometheus name: `session_doctor_` prefix, base unit suffix (`_seconds`, `_ratio`, `_usd`), `_total` for counters. */
  name: string;
  type: MetricType;
  /** Label names, in the order of the exposition. */
  labels: readonly MetricLabel[];
  /** One sentence: what is counted or measured, and its unit. */
  help: string;
  /** True when the family has one series per labelled live session (bounded by the session label cap). */
  perSession?: boolean;
}

/** Most live sessions that get per-session series on one watcher (the worst and most recent first); see ./labels.ts. */
export const DEFAULT_SESSION_LABEL_CAP = 50;

/** Most plan-limit windows (account and window pairs) exposed by one watcher, the fullest first. */
export const DEFAULT_LIMIT_SERIES_CAP = 20;

/** Every metric family, in the order of the exposition and the tables. */
export const METRICS: readonly MetricSpec[] = [
  { name: 'session_doctor_build_info', type: 'gauge', labels: ['version'], help: 'Always 1; the version label is the watcher version.' },
  {
    name: 'session_doctor_sessions',
    type: 'gauge',
    labels: ['agent', 'health'],
    help: 'Sessions the watcher knows, by agent and health (ok, warning, critical: the worst open finding decides).',
  },
  {
    name: 'session_doctor_live_sessions',
    type: 'gauge',
    labels: [],
    help: 'Live sessions: activity within the live window (3 h) or a running agent process, as the extension counts them.',
  },
  {
    name: 'session_doctor_concurrency_limit',
    type: 'gauge',
    labels: [],
    help: 'Live sessions allowed on this machine (concurrency.limit; 0: no limit).',
  },
  {
    name: 'session_doctor_concurrency_used_ratio',
    type: 'gauge',
    labels: [],
    help: 'Live sessions divided by the limit (0..1, may exceed 1; 0 without a limit). The policy tiers start at 0.65, 0.8 and 0.9.',
  },
  {
    name: 'session_doctor_concurrency_limit_forecast_seconds',
    type: 'gauge',
    labels: [],
    help: 'Seconds until the trend of the live count reaches the limit (0: at it already); absent when the trend predicts nothing within 24 h.',
  },
  {
    name: 'session_doctor_limit_used_ratio',
    type: 'gauge',
    labels: ['agent', 'account', 'window'],
    help: "Used share of a plan's usage window (0..1, may exceed 1), per agent, account and window (five_hour, seven_day, primary, ...), as the agent last reported it.",
  },
  {
    name: 'session_doctor_limit_reset_timestamp_seconds',
    type: 'gauge',
    labels: ['agent', 'account', 'window'],
    help: 'Unix time (seconds) the usage window resets; absent when the agent did not say.',
  },
  {
    name: 'session_doctor_limit_forecast_seconds',
    type: 'gauge',
    labels: ['agent', 'account', 'window'],
    help: "Seconds until the pace of the last hour reaches the window's limit (0: at it already); present only when that comes before the window resets.",
  },
  {
    name: 'session_doctor_open_findings',
    type: 'gauge',
    labels: ['agent', 'type', 'severity'],
    help: 'Open (not resolved, not acknowledged) findings of all sessions, by agent, failure type and effective severity.',
  },
  {
    name: 'session_doctor_failures_detected_total',
    type: 'counter',
    labels: ['agent', 'type', 'severity'],
    help: 'Failures detected since the watcher started (each occurrence, repeats included), by agent, failure type and severity.',
  },
  {
    name: 'session_doctor_stuck_sessions',
    type: 'gauge',
    labels: ['agent'],
    help: 'Sessions the watchdog reads as stuck: a prompt or tool result without response for longer than the stuck threshold.',
  },
  {
    name: 'session_doctor_recoveries_total',
    type: 'counter',
    labels: ['strategy', 'outcome'],
    help: 'Recovery audit rows written since the watcher started (by the extension sharing the store, or this watcher), by strategy and outcome.',
  },
  {
    name: 'session_doctor_skipped_lines_total',
    type: 'counter',
    labels: ['agent'],
    help: 'Transcript lines that could not be parsed and were skipped since the watcher started, by agent.',
  },
  {
    name: 'session_doctor_session_open_findings',
    type: 'gauge',
    labels: ['session', 'agent', 'type', 'severity'],
    help: 'Open findings of one live session, by failure type and severity (labelled live sessions only).',
    perSession: true,
  },
  {
    name: 'session_doctor_session_activity',
    type: 'gauge',
    labels: ['session', 'agent', 'state'],
    help: 'Seconds one live session has been in its activity state (working, waiting, stuck, dead, unknown); one series per session.',
    perSession: true,
  },
  {
    name: 'session_doctor_session_context_window_ratio',
    type: 'gauge',
    labels: ['session', 'agent'],
    help: 'Share of the context window used at the latest response of one live session (may exceed 1); absent before any usage.',
    perSession: true,
  },
  {
    name: 'session_doctor_session_cost_usd',
    type: 'gauge',
    labels: ['session', 'agent'],
    help: 'Cost of one live session in USD, from its token usage and the price table (or as the agent reports it).',
    perSession: true,
  },
  {
    name: 'session_doctor_session_labels_dropped',
    type: 'gauge',
    labels: [],
    help: 'Live sessions left without per-session series because the session label cap was reached (they still count in every other metric).',
  },
  {
    name: 'session_doctor_transcript_files',
    type: 'gauge',
    labels: [],
    help: 'Transcript files the known sessions were read from.',
  },
  {
    name: 'session_doctor_last_ingest_timestamp_seconds',
    type: 'gauge',
    labels: [],
    help: 'Unix time (seconds) the watcher last read new lines into a session; 0 before the first.',
  },
  {
    name: 'session_doctor_watch_errors_total',
    type: 'counter',
    labels: [],
    help: 'Errors of the watcher since it started: files it could not read, watch errors, failed discoveries, failed store saves.',
  },
];

/** The spec named `name`; throws an Error for an unknown name (a programming error). */
export function metricSpec(name: string): MetricSpec {
  const spec = METRICS.find((m) => m.name === name);
  if (!spec) {
    throw new Error(`Unknown metric ${name}`);
  }
  return spec;
}

/** The Markdown table of {@link METRICS} (name, type, labels, meaning), as README.md and docs/fleet.md show it. */
export function metricsTable(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const rows = METRICS.map(
    (m) =>
      `| \`${m.name}\` | ${m.type} | ${m.labels.map((l) => `\`${l}\``).join(', ') || '—'} | ${cell(m.help)}${m.perSession ? ' Capped: see below.' : ''} |`,
  );
  return ['| Metric | Type | Labels | Meaning |', '|---|---|---|---|', ...rows].join('\n');
}
