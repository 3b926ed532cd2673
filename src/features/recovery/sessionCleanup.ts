/**
 * Session priority and cleanup commands (the "session limit guardian"):
 * - `sessionDoctor.markPriority` / `sessionDoctor.unmarkPriority`: a session marked priority is never a cleanup
 *   candidate (kept in the store; `concurrency.prioritySessions` patterns protect sessions too);
 * - `sessionDoctor.cleanUpIdleSessions`: lists the live sessions idle for `concurrency.idleCleanupHours` or more (never
 *   priority ones), preselecting those needed to restore `concurrency.headroom` free slots; on confirmation ends each
 *   one's agent terminal when one is found (and no active session shares it) and marks the session closed so it stops
 *   counting. Every cleanup, suggested, declined or done, is written to the audit log.
 * The rules are pure (src/core/alerting/concurrency.ts); this file is the VS Code adapter.
 */
import * as vscode from 'vscode';
import { cleanupPlan } from '../../core/alerting/concurrency';
import { COMMAND_IDS, CommandId } from '../../manifest/commands';
import type { SessionSnapshot } from '../../core/model/snapshot';
import type { Config } from '../../host/vscode/config';
import { registerCommand } from '../../host/vscode/commands';
import type { EngineApi } from '../../host/vscode/engineApi';
import { agentName, formatAgo, sessionLabel } from '../../core/report/labels';
import { notify } from '../../host/vscode/notify';
import { concurrencySettingsOf, fleetView } from '../../host/vscode/concurrencyWatch';

/** Finds the terminal running a session's agent (the recovery commands' `TerminalFinder`). */
export interface TerminalLookup {
  find(session: { id: string; cwd: string }): vscode.Terminal | undefined;
}

/** What the cleanup commands need. */
export interface SessionCleanupDeps {
  engine: EngineApi;
  terminals: TerminalLookup;
  log: vscode.LogOutputChannel;
  /** The current settings. */
  config(): Config;
  /** Clock, epoch ms; default `Date.now`. */
  now?: () => number;
}

const CLOSE = 'Close Sessions';

/** Registers the priority and cleanup commands (pushed to `context.subscriptions`). Call once from `activate`. */
export function registerSessionCleanup(context: vscode.ExtensionContext, deps: SessionCleanupDeps): void {
  const { engine, log } = deps;
  const now = deps.now ?? Date.now;

  const command = (id: CommandId, fn: (arg: unknown) => unknown): void => {
    context.subscriptions.push(registerCommand(id, (arg) => fn(arg), log));
  };

  /** The session named by a tree node, `{ sessionId }` or an id; asks when none is given. Throws for unknown ids. */
  const sessionOf = async (arg: unknown, placeHolder: string): Promise<SessionSnapshot | undefined> => {
    const id =
      typeof arg === 'string'
        ? arg
        : arg && typeof arg === 'object' && typeof (arg as { sessionId?: unknown }).sessionId === 'string'
          ? (arg as { sessionId: string }).sessionId
          : undefined;
    if (id !== undefined) {
      const s = engine.session(id);
      if (!s) {
        throw new Error(`Session ${id} is no longer known.`);
      }
      return s;
    }
    const t = now();
    const picked = await vscode.window.showQuickPick(
      engine
        .snapshot()
        .map((s) => ({ label: sessionLabel(s), description: `${agentName(s.agent)} · ${formatAgo(s.lastActivity, t)}`, session: s })),
      { placeHolder },
    );
    return picked?.session;
  };

  command(COMMAND_IDS.markPriority, async (arg) => {
    const s = await sessionOf(arg, 'Session to mark as priority (never cleaned up)');
    if (s) {
      engine.setPriority(s.id, true);
      log.info(`Marked ${s.id} as priority`);
      vscode.window.setStatusBarMessage(`$(star-full) Session Doctor: "${sessionLabel(s)}" is priority; cleanup never closes it`, 5000);
    }
  });

  command(COMMAND_IDS.unmarkPriority, async (arg) => {
    const s = await sessionOf(arg, 'Session to unmark as priority');
    if (!s) {
      return;
    }
    engine.setPriority(s.id, false);
    log.info(`Unmarked ${s.id} as priority`);
    const config = deps.config();
    if (fleetView(engine, config).isPriority(s)) {
      void notify('info', `Session Doctor: "${sessionLabel(s)}" stays priority: it matches the setting "Concurrency: Priority Sessions".`);
    } else {
      vscode.window.setStatusBarMessage(`$(star-empty) Session Doctor: "${sessionLabel(s)}" is no longer priority`, 5000);
    }
  });

  command(COMMAND_IDS.cleanUpIdleSessions, async () => {
    const config = deps.config();
    const settings = concurrencySettingsOf(config);
    const fleet = fleetView(engine, config);
    const t = now();
    const plan = cleanupPlan(fleet.sessions, t, settings, fleet.facts, fleet.isPriority);
    const hours = config.concurrency.idleCleanupHours;
    if (plan.candidates.length === 0) {
      void notify(
        'info',
        `Session Doctor: no live session has been idle for ${hours} h or more${plan.protectedCount ? ` (${plan.protectedCount} priority session(s) kept)` : ''}.`,
      );
      return;
    }
    const items = plan.candidates.map((c) => {
      const s = engine.session(c.sessionId)!;
      return {
        label: sessionLabel(s),
        description: `idle since ${formatAgo(s.lastActivity, t)} · ${agentName(s.agent)}`,
        detail: c.suggested ? 'Suggested: closing it restores the headroom' : undefined,
        picked: c.suggested,
        session: s,
        suggested: c.suggested,
      };
    });
    for (const i of items.filter((x) => x.suggested)) {
      engine.recordRecovery({
        sessionId: i.session.id,
        strategy: 'cleanup',
        outcome: 'offered',
        actor: 'user',
        detail: `Cleanup suggested: idle since ${formatAgo(i.session.lastActivity, t)}, ${plan.live} live of ${settings.limit || 'no limit'}.`,
      });
    }
    const limitText =
      settings.limit > 0
        ? `${plan.live} of ${settings.limit} live, ${settings.headroom} free kept as headroom`
        : `${plan.live} live, no limit set`;
    const picked = await vscode.window.showQuickPick(items, {
      canPickMany: true,
      placeHolder:
        plan.needed > 0
          ? `Close idle sessions (${limitText}); ${plan.needed} needed`
          : `Close idle sessions (${limitText}); none needed, pick any to close`,
      matchOnDescription: true,
    });
    if (!picked || picked.length === 0) {
      for (const i of items.filter((x) => x.suggested)) {
        engine.recordRecovery({
          sessionId: i.session.id,
          strategy: 'cleanup',
          outcome: 'declined',
          actor: 'user',
          detail: 'Cleanup declined.',
        });
      }
      return;
    }
    // Terminals of sessions that stay must not be closed, even when the same terminal matches a candidate.
    const chosen = new Set(picked.map((p) => p.session.id));
    const keep = new Set<vscode.Terminal>();
    for (const s of engine.snapshot()) {
      if (!chosen.has(s.id)) {
        const term = deps.terminals.find(s);
        if (term) {
          keep.add(term);
        }
      }
    }
    const plans = picked.map((p) => {
      const term = deps.terminals.find(p.session);
      return { session: p.session, terminal: term && !keep.has(term) ? term : undefined, shared: !!term && keep.has(term) };
    });
    const withTerminal = plans.filter((p) => p.terminal).length;
    const detail = `${withTerminal ? `${withTerminal} agent terminal(s) will be closed, ending the agent. ` : ''}Every chosen session is marked closed and stops counting until it has new activity.`;
    if ((await notify('warning', `Close ${picked.length} idle session(s)?`, [CLOSE], { modal: true, detail })) !== CLOSE) {
      for (const p of plans) {
        engine.recordRecovery({
          sessionId: p.session.id,
          strategy: 'cleanup',
          outcome: 'declined',
          actor: 'user',
          detail: 'Cleanup not confirmed.',
        });
      }
      return;
    }
    for (const p of plans) {
      const id = p.session.id;
      engine.recordRecovery({
        sessionId: id,
        strategy: 'cleanup',
        outcome: 'taken',
        actor: 'user',
        detail: `Closing: idle since ${formatAgo(p.session.lastActivity, t)}.`,
      });
      try {
        let how: string;
        if (p.terminal) {
          const name = p.terminal.name;
          p.terminal.dispose();
          how = `Closed terminal "${name}" and marked the session closed.`;
        } else {
          how = p.shared
            ? 'Its terminal also runs an active session and was left open; marked the session closed.'
            : 'No VS Code terminal runs it; marked the session closed.';
        }
        engine.closeSession(id);
        engine.recordRecovery({ sessionId: id, strategy: 'cleanup', outcome: 'succeeded', actor: 'user', detail: how });
        log.info(`Cleanup of ${id}: ${how}`);
      } catch (err) {
        engine.recordRecovery({
          sessionId: id,
          strategy: 'cleanup',
          outcome: 'failed',
          actor: 'user',
          detail: err instanceof Error ? err.message : String(err),
        });
        log.error(`Cleanup of ${id} failed`, err);
      }
    }
    vscode.window.setStatusBarMessage(`$(trash) Session Doctor: closed ${plans.length} idle session(s)`, 5000);
  });
}
