/** The snapshot projection: a session as the views, the CLI and the report show it, read from the store. Pure module. */
import { contextWindowFor, turnsLeft } from '../agents/contextWindows';
import { marathonWarnAt } from '../checks/marathon';
import { Severity, severityRank } from '../model/failures';
import { SessionSnapshot, healthOf } from '../model/snapshot';
import type { SessionRow, Store } from '../store/store';
import { HealthConfig, activityOf } from './activity';
import type { AgentProcessState } from './config';
import type { FindingLedger } from './ledger';

/** One session as shown: its findings (decorated), health, activity, marathon count and context use; undefined when unknown. */
export function projectSession(
  store: Store,
  ledger: FindingLedger,
  id: string,
  health: HealthConfig,
  process: AgentProcessState | undefined,
  now: number,
): SessionSnapshot | undefined {
  const r = store.session(id);
  return r ? projectRow(store, ledger, r, health, process, now) : undefined;
}

/**
 * The sessions active since `sinceMs` (epoch ms), or with an open finding, as shown (see {@link projectSession}), most recent
 * first: projected in one transaction from the rows one query read, with their context samples and shown findings read
 * at once (the store's `activeSessions(sinceMs, true)`), so that 1,000 sessions take a few queries, not thousands.
 * `processes`: the known agent process of each session, by session id.
 */
export function projectActive(
  store: Store,
  ledger: FindingLedger,
  sinceMs: number,
  health: HealthConfig,
  processes: ReadonlyMap<string, AgentProcessState>,
  now: number,
): SessionSnapshot[] {
  return store.transaction(() =>
    store.activeSessions(sinceMs, true).map((r) => projectRow(store, ledger, r, health, processes.get(r.id), now)),
  );
}

function projectRow(
  store: Store,
  ledger: FindingLedger,
  r: SessionRow,
  health: HealthConfig,
  process: AgentProcessState | undefined,
  now: number,
): SessionSnapshot {
  const id = r.id;
  const findings = store.findings(id).map((f) => ledger.decorate(f));
  let worst: Severity | undefined;
  for (const f of findings) {
    if (f.status === 'open' && (worst === undefined || severityRank(f.severity) > severityRank(worst))) {
      worst = f.severity;
    }
  }
  const activity = activityOf({ turnKind: r.turnKind, turnAt: r.turnAt, process, now, stuckMs: health.stuckMs });
  const marathon: SessionSnapshot['marathon'] = {
    count: r.messagesSinceReset,
    limit: Math.max(0, health.maxMessages),
    warnAt: marathonWarnAt(health),
    lastReset: r.lastResetReason ? { reason: r.lastResetReason, timestamp: r.lastResetAt } : undefined,
  };
  const contextTokens = r.contextTokens;
  let context: SessionSnapshot['context'];
  if (contextTokens > 0) {
    const windowTokens = r.contextWindow || contextWindowFor(r.contextModel, contextTokens);
    context = {
      usedTokens: contextTokens,
      windowTokens,
      percent: (contextTokens / windowTokens) * 100,
      model: r.contextModel,
      turnsLeft: turnsLeft(store.contextSamples(id, 10), windowTokens),
    };
  }
  // One literal with every field, in the order of SessionSnapshot (a spread of the row and then more properties costs a
  // change of the object's shape per property, 1,000 times over in the first snapshot of a window, before the JIT).
  return {
    id,
    agent: r.agent,
    project: r.project,
    title: r.title || r.firstPrompt,
    cwd: r.cwd,
    file: r.file,
    firstSeen: r.firstSeen,
    lastActivity: r.lastActivity,
    messageCount: r.messageCount,
    tokens: r.tokens,
    costUsd: r.costUsd,
    model: r.model,
    skippedLines: r.skippedLines,
    lastError: r.lastError,
    lastErrorAt: r.lastErrorAt,
    health: healthOf(worst),
    worstSeverity: worst,
    findings,
    activity,
    marathon,
    context,
    resumeBroken: r.resumeBroken,
  };
}

/** Project name: the last folder of the cwd, else the transcript's folder name (Claude Code's dash-encoded cwd), else "". */
export function projectName(cwd: string | undefined, file: string | undefined): string {
  if (cwd) {
    const parts = cwd.split(/[\\/]/).filter(Boolean);
    if (parts.length) {
      return parts[parts.length - 1];
    }
  }
  if (file) {
    const parts = file.split(/[\\/]/).filter(Boolean);
    if (parts.length >= 2) {
      return parts[parts.length - 2];
    }
  }
  return '';
}
