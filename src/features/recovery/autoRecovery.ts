/** Automatic recovery (`recovery.mode: auto`): a live finding whose strategy has a safe step runs it, up to `maxAutoRetries`. */
import type * as vscode from 'vscode';
import { ACTION_INFO, autoActionFor, recoveryFlagsOf } from '../../core/recovery/recoveryActions';
import type { Config } from '../../host/vscode/config';
import type { DetectionEvent, EngineApi } from '../../host/vscode/engineApi';
import type { Runner } from './runner';

/** Subscribes to the engine's detections; returns the subscription. */
export function startAutoRecovery(deps: { engine: EngineApi; log: vscode.LogOutputChannel; config(): Config; runner: Runner }): {
  dispose(): void;
} {
  const { engine, log } = deps;
  const run = deps.runner.run;
  const inFlight = new Set<string>();
  const auto = async (e: DetectionEvent): Promise<void> => {
    const config = deps.config();
    const { finding, session } = e;
    if (!e.live || config.recovery.mode !== 'auto' || finding.status !== 'open') {
      return;
    }
    const action = autoActionFor(finding.strategy, session.agent, config.recipes, recoveryFlagsOf(session));
    if (!action || action === 'acknowledge' || action === 'snooze' || inFlight.has(session.id)) {
      return;
    }
    const done = engine
      .audit(500)
      .filter((a) => a.sessionId === session.id && a.failureType === finding.type && a.actor === 'auto' && a.outcome === 'taken').length;
    if (done >= config.recovery.maxAutoRetries) {
      log.info(
        `Automatic recovery of ${finding.type} in ${session.id} skipped: ${done} automatic recoveries already taken (max ${config.recovery.maxAutoRetries}).`,
      );
      return;
    }
    inFlight.add(session.id);
    try {
      await run(action, { session, finding }, 'auto');
    } catch (err) {
      log.error(`Automatic ${ACTION_INFO[action].label} for ${session.id} failed`, err);
    } finally {
      inFlight.delete(session.id);
    }
  };
  return engine.onDidDetect((e) => void auto(e));
}
