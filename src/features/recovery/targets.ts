/** What a command acts on: its argument resolved to a session and finding, or picked with a QuickPick. */
import * as vscode from 'vscode';
import { severityRank } from '../../core/model/failures';
import type { FindingSnapshot, SessionSnapshot } from '../../core/model/snapshot';
import { agentName, formatAgo, sessionLabel } from '../../core/report/labels';
import type { EngineApi } from '../../host/vscode/engineApi';
import { notify } from '../../host/vscode/notify';

/** A resolved command argument: a session and, when known, one of its findings. */
export interface Target {
  session: SessionSnapshot;
  finding?: FindingSnapshot;
}

/** Resolves command arguments against the engine. */
export interface Targets {
  /** The session and finding of a finding id (in one session, or any); undefined when unknown. */
  findFinding(findingId: number, sessionId?: string): Target | undefined;
  /**
   * Resolves a command argument: a tree node or `{ sessionId, findingId? }`, a session id (string) or a finding id (number).
   * Without one, asks with a QuickPick (`need: 'finding'` picks among open findings). Undefined when the user cancels.
   * Throws when the argument names an unknown session or finding.
   */
  resolveTarget(arg: unknown, need: 'session' | 'finding'): Promise<Target | undefined>;
}

/** Creates the resolver over `engine` (`now`: epoch ms, for "3m ago" in the pickers). */
export function createTargets(engine: Pick<EngineApi, 'session' | 'snapshot'>, now: () => number): Targets {
  const findFinding = (findingId: number, sessionId?: string): Target | undefined => {
    const sessions = sessionId ? [engine.session(sessionId)].filter((s): s is SessionSnapshot => !!s) : engine.snapshot();
    for (const session of sessions) {
      const finding = session.findings.find((f) => f.id === findingId);
      if (finding) {
        return { session, finding };
      }
    }
    return undefined;
  };

  /**
   * Resolves a command argument: a tree node or `{ sessionId, findingId? }`, a session id (string) or a finding id (number).
   * Without one, asks with a QuickPick (`need: 'finding'` picks among open findings). Undefined when the user cancels.
   * Throws when the argument names an unknown session or finding.
   */
  const resolveTarget = async (arg: unknown, need: 'session' | 'finding'): Promise<Target | undefined> => {
    let sessionId: string | undefined;
    let findingId: number | undefined;
    if (typeof arg === 'string') {
      sessionId = arg;
    } else if (typeof arg === 'number') {
      findingId = arg;
    } else if (arg && typeof arg === 'object') {
      const o = arg as { sessionId?: unknown; findingId?: unknown };
      sessionId = typeof o.sessionId === 'string' ? o.sessionId : undefined;
      findingId = typeof o.findingId === 'number' ? o.findingId : undefined;
    }
    if (findingId !== undefined) {
      const t = findFinding(findingId, sessionId);
      if (!t) {
        throw new Error(`Finding ${findingId} is no longer known.`);
      }
      return t;
    }
    if (sessionId !== undefined) {
      const session = engine.session(sessionId);
      if (!session) {
        throw new Error(`Session ${sessionId} is no longer known.`);
      }
      if (need === 'finding') {
        return pickFinding([session]);
      }
      return { session, finding: worstOpen(session) };
    }
    if (need === 'finding') {
      return pickFinding(engine.snapshot());
    }
    const session = await pickSession('Session to recover');
    return session ? { session, finding: worstOpen(session) } : undefined;
  };

  const pickSession = async (placeHolder: string): Promise<SessionSnapshot | undefined> => {
    const sessions = engine.snapshot();
    if (sessions.length === 0) {
      void notify('info', 'Session Doctor: no agent session is shown (none active in the configured window).');
      return undefined;
    }
    const t = now();
    const picked = await vscode.window.showQuickPick(
      sessions.map((s) => ({
        label: `$(${s.health === 'ok' ? 'pass' : s.health === 'warning' ? 'warning' : 'error'}) ${sessionLabel(s)}`,
        description: `${s.health} · ${formatAgo(s.lastActivity, t)} · ${agentName(s.agent)}`,
        detail: worstOpen(s) ? `${worstOpen(s)!.title} (${worstOpen(s)!.severity})` : undefined,
        session: s,
      })),
      { placeHolder, matchOnDescription: true, matchOnDetail: true },
    );
    return picked?.session;
  };

  const pickFinding = async (sessions: readonly SessionSnapshot[]): Promise<Target | undefined> => {
    const items = sessions.flatMap((session) =>
      session.findings
        .filter((f) => f.status === 'open')
        .map((finding) => ({
          label: finding.title,
          description: `${finding.severity} · ×${finding.count} · ${sessionLabel(session)}`,
          target: { session, finding },
        })),
    );
    if (items.length === 0) {
      void notify('info', 'Session Doctor: no open finding.');
      return undefined;
    }
    if (items.length === 1) {
      return items[0].target;
    }
    return (await vscode.window.showQuickPick(items, { placeHolder: 'Finding', matchOnDescription: true }))?.target;
  };

  return { findFinding, resolveTarget };
}

/** The worst open finding of a session (undefined when none is open). */
export function worstOpen(session: SessionSnapshot): FindingSnapshot | undefined {
  return session.findings
    .filter((f) => f.status === 'open')
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || b.lastSeen - a.lastSeen)[0];
}
