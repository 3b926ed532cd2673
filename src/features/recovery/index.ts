/**
 * The recovery feature: the recovery and utility commands, automatic recovery (`recovery.mode: auto`), and the session
 * priority and cleanup commands, over one terminal finder.
 */
import type * as vscode from 'vscode';
import type { ServicesWithViews } from '../../host/vscode/services';
import { startAutoRecovery } from './autoRecovery';
import { registerCommands } from './commands';
import { Runner, createRunner } from './runner';
import { registerSessionCleanup } from './sessionCleanup';
import { createTargets } from './targets';
import { TerminalFinder } from './terminals';

/** What the feature offers the extension's API (and tests). */
export interface Recovery {
  readonly terminals: TerminalFinder;
  readonly run: Runner['run'];
}

/** Registers the commands and automatic recovery (all pushed to `context.subscriptions`). Call once from `activate`. */
export function register(context: vscode.ExtensionContext, services: ServicesWithViews): Recovery {
  const { engine, log } = services;
  const config = () => services.config.current();
  const now = Date.now;
  const terminals = new TerminalFinder(services.executions, () => config().claudeCode.terminalNames);
  const targets = createTargets(engine, now);
  const runner = createRunner({ engine, log, terminals, config });
  const refresh = async (): Promise<void> => {
    await services.sources.rescan();
    services.sessionsView.refresh();
  };
  registerCommands(context, { engine, log, config, targets, runner, refresh, now });
  context.subscriptions.push(startAutoRecovery({ engine, log, config, runner }));
  registerSessionCleanup(context, { engine, log, terminals, config, now });
  return { terminals, run: runner.run };
}
