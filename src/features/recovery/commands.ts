/**
 * The commands: recoveries that reach the agent's terminal (compact, restart, clear stale session, interrupt, prompt fix),
 * finding bookkeeping (acknowledge, snooze), and the utility commands (report, inject test error, refresh, open transcript,
 * copy resume command, show logs), each registered through the one command wrapper.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as vscode from 'vscode';
import { applySnooze } from '../../core/alerting/alerts';
import { machineUsageLimitsSection } from '../../cli/limits';
import { FAILURE_CATALOG, FailureType, isFailureType, severityRank } from '../../core/model/failures';
import { canRecover, recoveryFlagsOf, resumeCommandFor } from '../../core/recovery/recoveryActions';
import { COMMAND_IDS, CommandId } from '../../manifest/commands';
import { recipeFor } from '../../core/recovery/recipes';
import { agentName, sessionLabel } from '../../core/report/labels';
import { registerCommand } from '../../host/vscode/commands';
import type { Config } from '../../host/vscode/config';
import type { EngineApi } from '../../host/vscode/engineApi';
import { pickSnooze, snoozeChoiceIn } from '../../host/vscode/notify';
import type { AgentAction, Runner } from './runner';
import type { Targets } from './targets';

/** What the commands need. */
export interface CommandsDeps {
  engine: EngineApi;
  log: vscode.LogOutputChannel;
  config(): Config;
  targets: Targets;
  runner: Runner;
  /** Re-reads the sources and refreshes the views (the `sessionDoctor.refresh` command). */
  refresh(): void | Promise<void>;
  /** Clock, epoch ms. */
  now(): number;
}

/** Registers every command (all pushed to `context.subscriptions`). */
export function registerCommands(context: vscode.ExtensionContext, deps: CommandsDeps): void {
  const { engine, log, config, runner, now } = deps;
  const { resolveTarget } = deps.targets;
  const command = (id: CommandId, fn: (...args: unknown[]) => unknown): void => {
    context.subscriptions.push(registerCommand(id, fn, log));
  };
  const run = runner.run;

  const recovery = (action: AgentAction) => async (arg: unknown) => {
    const target = await resolveTarget(arg, 'session');
    if (target) {
      await run(action, target, 'user');
    }
  };

  command(COMMAND_IDS.compactContext, recovery('compact'));
  command(COMMAND_IDS.restartSession, recovery('restart'));
  command(COMMAND_IDS.clearStaleSession, recovery('clearStale'));
  command(COMMAND_IDS.interruptSession, recovery('interrupt'));
  command(COMMAND_IDS.retryWithPromptFix, recovery('promptFix'));

  command(COMMAND_IDS.acknowledgeFinding, async (arg) => {
    const target = await resolveTarget(arg, 'finding');
    if (target?.finding) {
      engine.acknowledge(target.finding.id, 'user');
    }
  });

  command(COMMAND_IDS.snoozeFinding, async (arg) => {
    const target = await resolveTarget(arg, 'finding');
    if (target?.finding) {
      // `{ snooze: '15m' | '1h' | 'change' }` in the argument skips the question.
      const choice = snoozeChoiceIn(arg) ?? (await pickSnooze(`${target.finding.title} in ${sessionLabel(target.session)}`));
      if (choice) {
        const how = applySnooze(engine, target.session, target.finding, choice, now());
        vscode.window.setStatusBarMessage(`$(bell-slash) Session Doctor: ${target.finding.title} snoozed ${how}`, 5000);
      }
    }
  });

  command(COMMAND_IDS.showReport, async () => {
    // The engine's report, then the usage limits of this machine (the spool's status-line records, Codex rollouts).
    let limits = '';
    try {
      limits = machineUsageLimitsSection(process.env, os.homedir(), now(), config().spool.folder, engine.snapshot());
    } catch (err) {
      log.warn(`Report: usage limits left out: ${err instanceof Error ? err.message : String(err)}`);
    }
    const content = engine.report() + (limits ? '\n\n' + limits : '');
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    await vscode.window.showTextDocument(doc, { preview: false });
    try {
      await vscode.commands.executeCommand('markdown.showPreviewToSide', doc.uri);
    } catch (err) {
      log.debug(`Markdown preview unavailable: ${String(err)}`);
    }
  });

  command(COMMAND_IDS.injectTestError, async (arg) => {
    // Accepts a failure type, `{ type?, sessionId? }`, or a tree node (its session).
    let type: FailureType | undefined;
    let sessionId: string | undefined;
    let sessionGiven = false;
    if (typeof arg === 'string' && isFailureType(arg)) {
      type = arg;
    } else if (arg && typeof arg === 'object') {
      const o = arg as { type?: unknown; sessionId?: unknown };
      type = typeof o.type === 'string' && isFailureType(o.type) ? o.type : undefined;
      if (typeof o.sessionId === 'string') {
        sessionId = o.sessionId;
        sessionGiven = true;
      }
    }
    if (!type) {
      const picked = await vscode.window.showQuickPick(
        [...FAILURE_CATALOG]
          .sort((a, b) => severityRank(b.severity) - severityRank(a.severity))
          .map((d) => ({ label: d.title, description: `${d.severity} · ${d.type}`, detail: d.description, type: d.type })),
        { placeHolder: 'Failure type to inject', matchOnDescription: true },
      );
      if (!picked) {
        return;
      }
      type = picked.type;
    }
    if (!sessionGiven) {
      const sessions = engine.snapshot();
      if (sessions.length > 0) {
        const demo = { label: '$(beaker) Demo session', description: 'session-doctor-test', sessionId: undefined as string | undefined };
        const picked = await vscode.window.showQuickPick(
          [
            demo,
            ...sessions.map((s) => ({
              label: sessionLabel(s),
              description: `${s.health} · ${agentName(s.agent)}`,
              sessionId: s.id as string | undefined,
            })),
          ],
          {
            placeHolder: 'Session to add the test error to',
          },
        );
        if (!picked) {
          return;
        }
        sessionId = picked.sessionId;
      }
    }
    engine.injectTestError(sessionId, type);
    log.info(`Injected a test ${type} error into ${sessionId ?? 'session-doctor-test'}`);
  });

  command(COMMAND_IDS.refresh, () => deps.refresh());

  command(COMMAND_IDS.openTranscript, async (arg) => {
    const target = await resolveTarget(arg, 'session');
    if (!target) {
      return;
    }
    // From a session node, open at its end; from a finding (its id given), at the finding's line.
    const findingGiven = !!arg && typeof arg === 'object' && typeof (arg as { findingId?: unknown }).findingId === 'number';
    const finding = findingGiven || typeof arg === 'number' ? target.finding : undefined;
    const file = finding?.file || target.session.file;
    if (!file) {
      throw new Error(`No transcript file is known for "${sessionLabel(target.session)}".`);
    }
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const line = finding?.offset !== undefined && finding.file === file ? await lineOfOffset(file, finding.offset) : doc.lineCount - 1;
    const position = new vscode.Position(Math.min(line, doc.lineCount - 1), 0);
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(position, position), preview: true });
  });

  command(COMMAND_IDS.copyResumeCommand, async (arg) => {
    const target = await resolveTarget(arg, 'session');
    if (!target) {
      return;
    }
    const recipe = recipeFor(target.session.agent, config().recipes);
    if (!canRecover('restart', recipe, recoveryFlagsOf(target.session))) {
      throw new Error(
        `No resume command is known for "${sessionLabel(target.session)}" (${agentName(target.session.agent)}; setting sessionDoctor.recipes).`,
      );
    }
    const text = resumeCommandFor(recipe.resume, target.session.id);
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(`$(copy) Copied: ${text}`, 5000);
  });

  command(COMMAND_IDS.showLogs, () => log.show());
}

/**
 * The 0-based line number of the line that starts at byte `offset` of `file` (newlines counted in the bytes before it).
 * Reads only the first `offset` bytes. Throws the file system error when the file cannot be read.
 */
async function lineOfOffset(file: string, offset: number): Promise<number> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    let position = 0;
    let lines = 0;
    while (position < offset) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, offset - position), position);
      if (bytesRead === 0) {
        break;
      }
      for (let i = 0; i < bytesRead; i++) {
        if (buffer[i] === 0x0a) {
          lines++;
        }
      }
      position += bytesRead;
    }
    return lines;
  } finally {
    await handle.close();
  }
}
