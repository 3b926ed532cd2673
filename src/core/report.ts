/**
 * The Markdown report: what session-doctor's `status` (health table) and `report` (recovery history) show, plus each
 * session's findings and the effective policy table. Pure module.
 */
import type { EngineConfig } from './engine';
import { STRATEGY_LABELS } from './failures';
import type { PolicyRow } from './policy';
import type { CompiledRule } from './rules';
import type { AuditEntry, SessionSnapshot } from './snapshot';

/** Everything the report renders. Times are epoch ms. */
export interface ReportInput {
  generatedAt: number;
  sessions: SessionSnapshot[];
  audit: AuditEntry[];
  policy: PolicyRow[];
  /** The user rules in effect (detection.customRules), in the order they are tried; absent or empty: none. */
  rules?: readonly CompiledRule[];
  config: EngineConfig;
}

const HEALTH_MARK = { ok: '🟢 ok', warning: '🟡 warning', critical: '🔴 critical' } as const;

/** Renders the report as Markdown. */
export function renderReport(r: ReportInput): string {
  const out: string[] = [];
  out.push('# Session Doctor report', '', `Generated ${iso(r.generatedAt)}.`, '');
  out.push('## Sessions', '');
  if (r.sessions.length === 0) {
    out.push('No agent session was active in the window.', '');
  } else {
    out.push('| Session | Agent | Health | Open findings | Messages | Tokens (in / out / cache read / cache write) | Cost | Last activity |');
    out.push('|---|---|---|---|---|---|---|---|');
    for (const s of r.sessions) {
      const open = s.findings.filter((f) => f.status === 'open').length;
      const t = s.tokens;
      out.push(
        row([
          `${s.project || '?'}: ${s.title || s.id}`,
          s.agent,
          HEALTH_MARK[s.health],
          String(open),
          String(s.messageCount),
          `${t.input} / ${t.output} / ${t.cacheRead} / ${t.cacheCreation}`,
          usd(s.costUsd),
          iso(s.lastActivity),
        ]),
      );
    }
    out.push('');
    for (const s of r.sessions.filter((x) => x.findings.length > 0 || x.skippedLines > 0)) {
      out.push(`### ${escape(s.project || '?')}: ${escape(s.title || s.id)}`, '', `Session \`${s.id}\`${s.file ? ` — transcript \`${escape(s.file)}\`` : ''}.`, '');
      if (s.skippedLines > 0) {
        out.push(`${s.skippedLines} unreadable line(s) skipped.`, '');
      }
      if (s.findings.length > 0) {
        out.push('| Finding | Severity | Strategy | Count | First seen | Last seen | Status | Why | Last line |', '|---|---|---|---|---|---|---|---|---|');
        for (const f of s.findings) {
          out.push(row([f.title, f.severity, STRATEGY_LABELS[f.strategy], String(f.count), iso(f.firstSeen), iso(f.lastSeen), f.status, f.escalation || '—', clip(f.lastText, 160)]));
        }
        out.push('');
      }
    }
  }
  out.push('## Recovery history', '');
  if (r.audit.length === 0) {
    out.push('No recovery yet.', '');
  } else {
    out.push('| When | Session | Finding | Strategy | Outcome | By | Detail |', '|---|---|---|---|---|---|---|');
    for (const a of r.audit) {
      const strategy = a.strategy in STRATEGY_LABELS ? STRATEGY_LABELS[a.strategy as keyof typeof STRATEGY_LABELS] : a.strategy;
      out.push(row([iso(a.timestamp), a.sessionId, a.failureType ?? '—', strategy, a.outcome, a.actor, clip(a.detail, 160) || '—']));
    }
    out.push('');
  }
  out.push(...rulesSection(r.rules ?? []));
  out.push('## Policy', '', '| Failure type | Title | Severity | Strategy | Overridden (catalog default) |', '|---|---|---|---|---|');
  for (const p of r.policy) {
    out.push(row([p.type, p.title, p.severity, STRATEGY_LABELS[p.strategy], overriddenCell(p)]));
  }
  const c = r.config;
  out.push(
    '',
    `Escalation: the same failure ${c.policy.errorRepeatCount} times within ${Math.round(c.policy.errorWindowMs / 1000)} s raises its severity one level; ` +
      `after ${c.policy.maxAutoRetries} recoveries of non-critical findings in one session, the policy escalates to CRITICAL / Halt. ` +
      `The same tool with the same input ${c.toolLoopCount} times in a row is a loop. Backoff: 2, 4, 8, 16, 32 s (max). ` +
      `Budget cap: ${c.budgetCapUsd > 0 ? usd(c.budgetCapUsd) + ' per session' : 'off'}.`,
    '',
  );
  return out.join('\n');
}

/** The effective rule table: the user's rules, tried in this order before the catalog. */
function rulesSection(rules: readonly CompiledRule[]): string[] {
  const out = ['## Detection rules', ''];
  if (rules.length === 0) {
    out.push('No custom rules (`sessionDoctor.detection.customRules`): the catalog alone classifies.', '');
    return out;
  }
  out.push('Tried in this order, before the catalog; the first match decides the failure type, and its severity and strategy (when set) apply to the finding.', '');
  out.push('| # | Pattern (RE2) | Flags | Failure type | Severity | Strategy |', '|---|---|---|---|---|---|');
  for (const rule of rules) {
    out.push(row([String(rule.index), '`' + rule.pattern.replace(/`/g, "'") + '`', rule.flags || '—', rule.type, rule.severity ?? 'policy table', rule.strategy ? STRATEGY_LABELS[rule.strategy] : 'policy table']));
  }
  out.push('');
  return out;
}

/** "severity (LOW), strategy (Back Off)": what a setting changed, with the catalog's value; "" when nothing. */
function overriddenCell(p: PolicyRow): string {
  const parts: string[] = [];
  if (p.severity !== p.catalogSeverity) {
    parts.push(`severity (${p.catalogSeverity})`);
  }
  if (p.strategy !== p.catalogStrategy) {
    parts.push(`strategy (${STRATEGY_LABELS[p.catalogStrategy]})`);
  }
  return parts.join(', ');
}

function row(cells: string[]): string {
  return '| ' + cells.map(escape).join(' | ') + ' |';
}

function escape(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

function iso(ms: number): string {
  return ms > 0 ? new Date(ms).toISOString().replace('.000Z', 'Z') : '—';
}

/** USD with cents, or 4 decimals under one cent. */
export function usd(v: number): string {
  return v > 0 && v < 0.01 ? `$${v.toFixed(4)}` : `$${v.toFixed(2)}`;
}
