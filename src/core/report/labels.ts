/**
 * Text formatting shared by the tree, the status bar and the notifications. Pure: no `vscode` import, so it is unit-tested
 * under plain mocha.
 */
import type { ActivityState, ContextUsage, Health, MarathonState, SessionActivity, SessionSnapshot } from '../model/snapshot';

/** Sessions counted by health. */
export interface HealthCounts {
  ok: number;
  warning: number;
  critical: number;
}

/** Counts sessions by health. */
export function countHealth(sessions: readonly Pick<SessionSnapshot, 'health'>[]): HealthCounts {
  const counts: HealthCounts = { ok: 0, warning: 0, critical: 0 };
  for (const s of sessions) {
    counts[s.health]++;
  }
  return counts;
}

/** The worst health among counts, or undefined when there are no sessions. */
export function worstHealth(counts: HealthCounts): Health | undefined {
  if (counts.critical > 0) {
    return 'critical';
  }
  if (counts.warning > 0) {
    return 'warning';
  }
  return counts.ok > 0 ? 'ok' : undefined;
}

/**
 * The status bar text: `$(pulse) <n> ok · <n> warning · <n> critical`, leaving out zero warning/critical parts (the ok part
 * always shows), e.g. `$(pulse) 1 ok · 1 critical`; `$(pulse) Session Doctor` when there are no sessions.
 */
export function statusBarText(counts: HealthCounts): string {
  if (counts.ok + counts.warning + counts.critical === 0) {
    return '$(pulse) Session Doctor';
  }
  const parts = [`${counts.ok} ok`];
  if (counts.warning > 0) {
    parts.push(`${counts.warning} warning`);
  }
  if (counts.critical > 0) {
    parts.push(`${counts.critical} critical`);
  }
  return `$(pulse) ${parts.join(' · ')}`;
}

/** Time since `thenMs` in short words: `just now`, `42s ago`, `3m ago`, `5h ago`, `2d ago` (both epoch ms). */
export function formatAgo(thenMs: number, nowMs: number): string {
  const s = Math.max(0, Math.floor((nowMs - thenMs) / 1000));
  if (s < 5) {
    return 'just now';
  }
  if (s < 60) {
    return `${s}s ago`;
  }
  const m = Math.floor(s / 60);
  if (m < 60) {
    return `${m}m ago`;
  }
  const h = Math.floor(m / 60);
  if (h < 48) {
    return `${h}h ago`;
  }
  return `${Math.floor(h / 24)}d ago`;
}

/** A duration in ms as `2s`, `1.5s`, `32s`, `2m`. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) {
    const s = ms / 1000;
    return `${Number.isInteger(s) ? s : s.toFixed(1)}s`;
  }
  return `${Math.round(ms / 60_000)}m`;
}

/** One line, at most `max` characters (whitespace collapsed, cut marked with `…`). */
export function clip(text: string, max: number): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : one.slice(0, Math.max(0, max - 1)).trimEnd() + '…';
}

/** A session's label: `project — title` (title or first prompt, clipped to 60 characters), or the project alone. */
export function sessionLabel(session: Pick<SessionSnapshot, 'project' | 'title' | 'id'>): string {
  const project = session.project || session.id.slice(0, 8);
  const title = clip(session.title, 60);
  return title ? `${project} — ${title}` : project;
}

/** Token count in short form: 950, 12.3k, 1.2M. */
export function formatTokens(n: number): string {
  if (n < 1000) {
    return String(n);
  }
  if (n < 1_000_000) {
    return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  }
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** USD with cents, or four decimals under one cent: `$1.23`, `$0.0042`. */
export function formatUsd(usd: number): string {
  return usd > 0 && usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

/** Escapes Markdown control characters in untrusted text (agent output) for a `MarkdownString`. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

/** Wraps untrusted text in a fenced code block that its own backticks cannot close. */
export function codeBlock(text: string): string {
  const longest = Math.max(2, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

export { agentName } from '../agents/index';

/** Words for a session's activity state (see `ActivityState` in src/core/model/snapshot.ts). */
export const ACTIVITY_LABELS: Readonly<Record<ActivityState, string>> = {
  working: 'working',
  waiting: 'waiting for you',
  stuck: 'stuck',
  dead: 'ended',
  unknown: 'unknown',
};

/** Messages against the limit: `171/200 msgs`, or `171 msgs` when unlimited. */
export function formatMessages(m: Pick<MarathonState, 'count' | 'limit'>): string {
  return m.limit > 0 ? `${m.count}/${m.limit} msgs` : `${m.count} msgs`;
}

/** Context use in short form: `ctx 86%`, with the turns left when known and under 20: `ctx 86% (~3 turns)`. */
export function formatContext(c: Pick<ContextUsage, 'percent' | 'turnsLeft'>): string {
  const left = c.turnsLeft !== undefined && c.turnsLeft < 20 ? ` (~${c.turnsLeft} turn${c.turnsLeft === 1 ? '' : 's'})` : '';
  return `ctx ${Math.round(c.percent)}%${left}`;
}

/**
 * A session row's description: `health · state · count/limit msgs · ctx NN% · 3m ago`, e.g.
 * `warning · stuck · 171/200 msgs · ctx 86% · 7m ago`. The state is left out when it is "waiting for you" or "unknown" on an
 * ok session (the common, quiet case); the context part only shows from 50 %.
 */
export function sessionDescription(
  s: Pick<SessionSnapshot, 'health' | 'lastActivity'> & {
    activity: Pick<SessionActivity, 'state'>;
    marathon: Pick<MarathonState, 'count' | 'limit'>;
    context?: Pick<ContextUsage, 'percent' | 'turnsLeft'>;
  },
  nowMs: number,
): string {
  const parts: string[] = [s.health];
  const quiet = s.health === 'ok' && (s.activity.state === 'waiting' || s.activity.state === 'unknown');
  if (!quiet) {
    parts.push(ACTIVITY_LABELS[s.activity.state]);
  }
  parts.push(formatMessages(s.marathon));
  if (s.context && s.context.percent >= 50) {
    parts.push(formatContext(s.context));
  }
  parts.push(formatAgo(s.lastActivity, nowMs));
  return parts.join(' · ');
}
