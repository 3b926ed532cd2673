/**
 * The Markdown report: what session-doctor's `status` (health table) and `report` (recovery history) show, plus each
 * session's findings and the effective policy table. Pure module.
 */
import type { EngineConfig } from '../engine/config';
import { STRATEGY_LABELS } from '../model/failures';
import type { PolicyRow } from '../engine/policy';
import type { CompiledRule } from '../detection/userRules';
import type { AuditEntry, MessageReset, SessionSnapshot } from '../model/snapshot';
import { DEFAULT_HEALTH_CONFIG } from '../engine/activity';

/** Everything the report renders. Times are epoch ms. */
export interface ReportInput {
  generatedAt: number;
  sessions: SessionSnapshot[];
  audit: AuditEntry[];
  policy: PolicyRow[];
  /** The user rules in effect (detection.customRules), in the order they are tried; absent or empty: none. */
  rules?: readonly CompiledRule[];
  config: EngineConfig;
  /** The newest message-count resets (idle, daily, message_limit), newest first; omitted: none shown. */
  resets?: MessageReset[];
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
    out.push(
      '| Session | Agent | Health | State | Open findings | Messages | Context | Tokens (in / out / cache read / cache write) | Cost | Last activity |',
    );
    out.push('|---|---|---|---|---|---|---|---|---|---|');
    for (const s of r.sessions) {
      const open = s.findings.filter((f) => f.status === 'open').length;
      const t = s.tokens;
      out.push(
        row([
          `${s.project || '?'}: ${s.title || s.id}`,
          s.agent,
          HEALTH_MARK[s.health],
          s.activity ? s.activity.state : '—',
          String(open),
          s.marathon ? messagesCell(s) : String(s.messageCount),
          s.context ? contextCell(s.context) : '—',
          `${t.input} / ${t.output} / ${t.cacheRead} / ${t.cacheCreation}`,
          usd(s.costUsd),
          iso(s.lastActivity),
        ]),
      );
    }
    out.push('');
    for (const s of r.sessions.filter((x) => x.findings.length > 0 || x.skippedLines > 0)) {
      out.push(
        `### ${escape(s.project || '?')}: ${escape(s.title || s.id)}`,
        '',
        `Session \`${s.id}\`${s.file ? ` — transcript \`${escape(s.file)}\`` : ''}.`,
        '',
      );
      if (s.skippedLines > 0) {
        out.push(`${s.skippedLines} unreadable line(s) skipped.`, '');
      }
      if (s.activity && s.activity.state !== 'working' && s.activity.state !== 'waiting') {
        out.push(`State: ${s.activity.state}. ${escape(s.activity.detail)}`, '');
      }
      if (s.resumeBroken) {
        out.push('Resuming this session id failed (stale session): it is never resumed again; recovery starts a fresh session.', '');
      }
      if (s.findings.length > 0) {
        out.push(
          '| Finding | Severity | Strategy | Count | First seen | Last seen | Status | Why | Last line |',
          '|---|---|---|---|---|---|---|---|---|',
        );
        for (const f of s.findings) {
          out.push(
            row([
              f.title,
              f.severity,
              STRATEGY_LABELS[f.strategy],
              String(f.count),
              iso(f.firstSeen),
              iso(f.lastSeen),
              f.status,
              f.escalation || '—',
              clip(f.lastText, 160),
            ]),
          );
        }
        out.push('');
      }
    }
  }
  if (r.resets && r.resets.length > 0) {
    out.push('## Message count resets', '', '| When | Session | Reason | Messages before |', '|---|---|---|---|');
    for (const x of r.resets) {
      out.push(row([iso(x.timestamp), x.sessionId, x.reason, String(x.countBefore)]));
    }
    out.push('');
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
  const h = { ...DEFAULT_HEALTH_CONFIG, ...(c.health ?? {}) };
  out.push(
    `Session health: a prompt or tool result with no assistant response for ${Math.round(h.stuckMs / 60_000)} min while the agent runs is stuck ` +
      `(critical with API errors in the last 30 min). Message limit: ${h.maxMessages > 0 ? `${h.maxMessages} per session, warning at ${h.messageWarnPercent} %` : 'off'}; ` +
      `the count resets after ${h.idleResetMs > 0 ? `${Math.round(h.idleResetMs / 60_000)} min idle` : 'no idle gap (off)'}, ` +
      `${h.dailyResetHour >= 0 ? `daily at ${h.dailyResetHour}:00` : 'never daily (off)'} and on a compaction near the limit. ` +
      `Context pressure: warning at ${h.contextWarnPercent} % of the model's window.`,
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
  out.push(
    'Tried in this order, before the catalog; the first match decides the failure type, and its severity and strategy (when set) apply to the finding.',
    '',
  );
  out.push('| # | Pattern (RE2) | Flags | Failure type | Severity | Strategy |', '|---|---|---|---|---|---|');
  for (const rule of rules) {
    out.push(
      row([
        String(rule.index),
        '`' + rule.pattern.replace(/`/g, "'") + '`',
        rule.flags || '—',
        rule.type,
        rule.severity ?? 'policy table',
        rule.strategy ? STRATEGY_LABELS[rule.strategy] : 'policy table',
      ]),
    );
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

function messagesCell(s: SessionSnapshot): string {
  const m = s.marathon;
  const reset = m.lastReset ? ` (reset: ${m.lastReset.reason})` : '';
  return m.limit > 0 ? `${m.count} / ${m.limit}${reset}` : `${m.count}${reset}`;
}

function contextCell(c: NonNullable<SessionSnapshot['context']>): string {
  return `${Math.round(c.percent)} % of ${Math.round(c.windowTokens / 1000)}k${c.turnsLeft !== undefined ? `, ~${c.turnsLeft} turns left` : ''}`;
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
