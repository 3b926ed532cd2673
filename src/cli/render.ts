/**
 * What the CLI prints: the health table (like session-doctor's dashboard), the findings table of `scan`, one line per
 * live detection for `watch`, and the JSON shapes of `--json`. Every text passes through the secret redaction
 * (src/core/ingest/redact.ts) before it is printed; JSON values are redacted string by string, so the JSON stays valid.
 */
import Table from 'cli-table3';
import * as path from 'path';
import { STRATEGY_LABELS, Severity, severityRank } from '../core/model/failures';
import { redactSecrets } from '../core/ingest/redact';
import { usd } from '../core/report/report';
import type { AuditEntry, FindingSnapshot, SessionSnapshot } from '../core/model/snapshot';

const HEALTH_MARK = { ok: '🟢 ok', warning: '🟡 warning', critical: '🔴 critical' } as const;

/** A table without colours (CI logs, pipes), box-drawn like the seed's dashboard. */
function table(head: string[]): Table.Table {
  return new Table({ head, style: { head: [], border: [], compact: true } });
}

/** Cuts a one-line text to `n` characters. */
export function clip(text: string, n: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > n ? one.slice(0, n - 1) + '…' : one;
}

/** Cuts a path to `n` characters, keeping its end (the file name). */
export function clipPath(p: string, n: number): string {
  return p.length > n ? '…' + p.slice(p.length - n + 1) : p;
}

/** A session id short enough for a table: the first 8 characters of a long (UUID-like) id, else the whole id. */
export function shortId(id: string): string {
  return id.length > 12 ? id.slice(0, 8) : id;
}

/** Time since `ms` (epoch ms) as "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago"; "—" for 0. */
export function ago(ms: number, nowMs: number): string {
  if (ms <= 0) {
    return '—';
  }
  const s = Math.max(0, Math.round((nowMs - ms) / 1000));
  if (s < 5) {
    return 'just now';
  }
  if (s < 60) {
    return `${s} s ago`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)} min ago`;
  }
  if (s < 86400 * 2) {
    return `${Math.floor(s / 3600)} h ago`;
  }
  return `${Math.floor(s / 86400)} d ago`;
}

/** ISO 8601 time of `ms` (epoch ms) without milliseconds, or "" for 0. */
export function iso(ms: number): string {
  return ms > 0 ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : '';
}

/** The health table: session, agent, project, health, open findings, messages, cost (USD), last activity. */
export function renderStatusTable(sessions: readonly SessionSnapshot[], nowMs: number): string {
  if (sessions.length === 0) {
    return 'No agent session in the store for this window.\n';
  }
  const t = table(['Session', 'Agent', 'Project', 'Health', 'Open findings', 'Messages', 'Cost (USD)', 'Last activity']);
  for (const s of sessions) {
    const open = s.findings.filter((f) => f.status === 'open');
    const worst = open.length
      ? `${open.length} (${open
          .map((f) => f.type)
          .slice(0, 3)
          .join(', ')}${open.length > 3 ? ', …' : ''})`
      : '0';
    t.push([
      clip(s.title ? `${shortId(s.id)} ${s.title}` : s.id, 40),
      s.agent,
      clip(s.project || '—', 24),
      HEALTH_MARK[s.health],
      worst,
      String(s.messageCount),
      usd(s.costUsd),
      ago(s.lastActivity, nowMs),
    ]);
  }
  const counts = { ok: 0, warning: 0, critical: 0 };
  for (const s of sessions) {
    counts[s.health]++;
  }
  return redactSecrets(
    `${t.toString()}\n${sessions.length} session(s): ${counts.ok} ok · ${counts.warning} warning · ${counts.critical} critical\n`,
  );
}

/** A finding together with the session it belongs to, as scan and watch print it. */
export interface FindingRow {
  session: SessionSnapshot;
  finding: FindingSnapshot;
}

/** The findings table of `scan`: file, session, finding, severity, strategy, count, status, last line. Worst first. */
export function renderFindingsTable(rows: readonly FindingRow[], cwd: string): string {
  if (rows.length === 0) {
    return 'No findings.\n';
  }
  const t = table(['File', 'Session', 'Finding', 'Severity', 'Strategy', 'Count', 'Status', 'Last line']);
  for (const { session, finding: f } of sortFindings(rows)) {
    t.push([
      clipPath(displayPath(f.file || session.file, cwd) || '—', 40),
      shortId(session.id),
      f.type,
      f.severity,
      STRATEGY_LABELS[f.strategy],
      String(f.count),
      f.status,
      clip(f.lastText, 60),
    ]);
  }
  return redactSecrets(t.toString() + '\n');
}

/** Rows worst first (open before resolved), then by file and time. */
export function sortFindings(rows: readonly FindingRow[]): FindingRow[] {
  const open = (r: FindingRow) => (r.finding.status === 'open' ? 1 : 0);
  return [...rows].sort(
    (a, b) =>
      open(b) - open(a) ||
      severityRank(b.finding.severity) - severityRank(a.finding.severity) ||
      (a.finding.file ?? '').localeCompare(b.finding.file ?? '') ||
      a.finding.firstSeen - b.finding.firstSeen,
  );
}

/** One line for a detection (watch): time, severity, type, strategy, session, project, file, the line. */
export function renderDetection(row: FindingRow, cwd: string): string {
  const { session, finding: f } = row;
  const where = f.file ? ` ${displayPath(f.file, cwd)}${f.offset !== undefined ? `@${f.offset}` : ''}` : '';
  const why = f.escalation ? ` [${f.escalation}]` : '';
  return redactSecrets(
    `${iso(f.lastSeen)} ${f.severity} ${f.type} -> ${STRATEGY_LABELS[f.strategy]}${why} session=${session.id} project=${session.project || '—'}${where} x${f.count}: ${clip(f.lastText, 160)}\n`,
  );
}

/** The recovery history (audit) as a table, newest first. */
export function renderAuditTable(rows: readonly AuditEntry[]): string {
  if (rows.length === 0) {
    return 'No recovery yet.\n';
  }
  const t = table(['When', 'Session', 'Finding', 'Strategy', 'Outcome', 'By', 'Detail']);
  for (const a of rows) {
    const strategy = a.strategy in STRATEGY_LABELS ? STRATEGY_LABELS[a.strategy as keyof typeof STRATEGY_LABELS] : a.strategy;
    t.push([iso(a.timestamp), shortId(a.sessionId), a.failureType ?? '—', strategy, a.outcome, a.actor, clip(a.detail, 60) || '—']);
  }
  return redactSecrets(t.toString() + '\n');
}

/** JSON of a session for `status --json` (the snapshot, findings included, with ISO times added). */
export function sessionJson(s: SessionSnapshot): Record<string, unknown> {
  return { ...s, lastActivityIso: iso(s.lastActivity), findings: s.findings.map(findingJson) };
}

/** JSON of a finding (with its ISO times). */
export function findingJson(f: FindingSnapshot): Record<string, unknown> {
  return { ...f, firstSeenIso: iso(f.firstSeen), lastSeenIso: iso(f.lastSeen) };
}

/** `JSON.stringify` with every string value redacted first (the output stays valid JSON). */
export function redactedJson(value: unknown, indent?: number): string {
  return JSON.stringify(redactDeep(value), undefined, indent);
}

function redactDeep(v: unknown): unknown {
  if (typeof v === 'string') {
    return redactSecrets(v);
  }
  if (Array.isArray(v)) {
    return v.map(redactDeep);
  }
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, redactDeep(x)]));
  }
  return v;
}

/** True when `s` is at or above `min`. */
export function atLeast(s: Severity, min: Severity): boolean {
  return severityRank(s) >= severityRank(min);
}

/** `file` relative to `cwd` when it is inside it, else as given. */
export function displayPath(file: string, cwd: string): string {
  if (!file) {
    return '';
  }
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}
