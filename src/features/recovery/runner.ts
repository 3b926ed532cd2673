/**
 * Runs one recovery step on a session's agent: compact, interrupt, prompt fix (typed into its terminal), restart and
 * clear a stale session (end the agent with its plug-in's keys, then start it again in a new terminal), with the
 * confirmations a user expects and every step written to the audit log.
 */
import * as vscode from 'vscode';
import { agentPlugin } from '../../core/agents/index';
import type { EndKey } from '../../core/agents/plugin';
import type { AuditEntry, SessionSnapshot } from '../../core/model/snapshot';
import {
  ACTION_INFO,
  RecoveryAction,
  canRecover,
  recoveryFlagsOf,
  resumeCommandFor,
  strategyOfAction,
} from '../../core/recovery/recoveryActions';
import { recipeFor } from '../../core/recovery/recipes';
import { agentName, sessionLabel } from '../../core/report/labels';
import type { Config } from '../../host/vscode/config';
import type { EngineApi } from '../../host/vscode/engineApi';
import { SHOW_LOGS, notify } from '../../host/vscode/notify';
import { Target, worstOpen } from './targets';
import type { TerminalFinder } from './terminals';

/** Button texts. */
const OPEN_RESUME = 'Open Terminal with Resume Command';
const COPY_RESUME = 'Copy Resume Command';
const START_FRESH = 'Start Fresh Session';
const OPEN_SETTINGS = 'Open Settings';

/** Ctrl+C, Escape. */
/** Pause between text typed into an agent's prompt and the Enter that submits it (ms). */
const SUBMIT_DELAY_MS = 300;
const CTRL_C = '\x03';
const ESCAPE = '\x1b';
/** What each end key sends to the terminal. */
const END_KEY_TEXT: Readonly<Record<EndKey, string>> = { 'ctrl-c': CTRL_C, 'ctrl-d': '\x04', escape: ESCAPE };

/** Pause between the two Ctrl+C that end Claude Code, and after them, ms. */
const EXIT_GAP_MS = 300;
const EXIT_SETTLE_MS = 700;

/** A recovery step that acts on the agent (acknowledge and snooze are bookkeeping). */
export type AgentAction = Exclude<RecoveryAction, 'acknowledge' | 'snooze'>;

/** What the runner needs. */
export interface RunnerDeps {
  engine: EngineApi;
  log: vscode.LogOutputChannel;
  terminals: TerminalFinder;
  /** The current settings. */
  config(): Config;
}

/** Runs recovery steps (see the module comment). */
export interface Runner {
  /**
   * Runs a recovery step for a session (and finding), as the user or automatically; records every step with
   * `engine.recordRecovery`. Resolves when done; rejects when sending to a terminal fails (after recording `failed`).
   */
  run(action: AgentAction, target: Target, actor: 'user' | 'auto'): Promise<void>;
}

/** Creates the runner. */
export function createRunner(deps: RunnerDeps): Runner {
  const { engine, log, terminals } = deps;
  const run = async (action: Exclude<RecoveryAction, 'acknowledge' | 'snooze'>, target: Target, actor: 'user' | 'auto'): Promise<void> => {
    const config = deps.config();
    const { session, finding } = target;
    const record = (outcome: AuditEntry['outcome'], detail: string, strategyAction: typeof action = action): void => {
      engine.recordRecovery({
        sessionId: session.id,
        findingId: finding?.id,
        failureType: finding?.type,
        strategy: strategyOfAction(strategyAction, finding?.strategy),
        outcome,
        actor,
        detail,
      });
      log.info(`${ACTION_INFO[strategyAction].label} · ${outcome} · ${actor} · ${session.id}: ${detail}`);
    };
    const label = sessionLabel(session);

    if (config.recovery.mode === 'off') {
      record('declined', 'Recovery is off (setting sessionDoctor.recovery.mode).');
      if (actor === 'user') {
        const choice = await notify('info', 'Session Doctor: recovery is off. Turn it on with the setting "Recovery: Mode".', [
          OPEN_SETTINGS,
        ]);
        if (choice === OPEN_SETTINGS) {
          await vscode.commands.executeCommand('workbench.action.openSettings', 'sessionDoctor.recovery.mode');
        }
      }
      return;
    }
    const recipe = recipeFor(session.agent, config.recipes);
    if (!canRecover(action, recipe, recoveryFlagsOf(session))) {
      throw new Error(
        `${agentName(session.agent)} cannot do ${ACTION_INFO[action].label} for "${label}" (no recipe for it: setting sessionDoctor.recipes).`,
      );
    }

    const terminal = terminals.find(session);
    const confirmNeeded = ACTION_INFO[action].endsProcess && actor === 'user' && config.recovery.mode !== 'auto';

    /**
     * Sends text to the agent's terminal, recording taken / failed. To execute, the Enter goes separately after
     * {@link SUBMIT_DELAY_MS}: an agent's TUI (Claude Code's prompt) reads text and Enter that arrive in one write as a
     * paste, a newline in its input instead of a submit.
     */
    const send = async (t: vscode.Terminal, text: string, execute: boolean, detail: string): Promise<void> => {
      record('taken', detail);
      try {
        t.sendText(text, false);
        if (execute) {
          await new Promise((r) => setTimeout(r, SUBMIT_DELAY_MS));
          t.sendText('\r', false);
        }
      } catch (err) {
        record('failed', `Could not send to terminal "${t.name}": ${err instanceof Error ? err.message : String(err)}`);
        throw err;
      }
    };

    if (!terminal && (action === 'compact' || action === 'interrupt' || action === 'promptFix')) {
      record('failed', 'No VS Code terminal running the agent was found.');
      if (actor === 'user') {
        await offerResume(
          session,
          `Session Doctor: no VS Code terminal running ${agentName(session.agent)} for "${label}" was found (matched by terminal name, command line and folder).`,
          config,
        );
      }
      return;
    }
    if (!terminal && actor === 'auto') {
      // Never start a second process for a session that may run outside VS Code.
      record('failed', 'No VS Code terminal running the agent was found; automatic recovery does not start new processes.');
      return;
    }

    switch (action) {
      case 'compact':
        await send(terminal!, recipe.compact, true, `Sent "${recipe.compact}" to terminal "${terminal!.name}".`);
        terminal!.show(true);
        vscode.window.setStatusBarMessage(`$(check) Session Doctor: sent ${recipe.compact} to ${terminal!.name}`, 5000);
        return;
      case 'interrupt': {
        const key = recipe.interrupt === 'ctrl-c' ? CTRL_C : ESCAPE;
        await send(terminal!, key, false, `Sent ${recipe.interrupt === 'ctrl-c' ? 'Ctrl+C' : 'Escape'} to terminal "${terminal!.name}".`);
        terminal!.show(true);
        vscode.window.setStatusBarMessage(`$(debug-stop) Session Doctor: interrupted ${terminal!.name}`, 5000);
        return;
      }
      case 'promptFix':
        await send(terminal!, recipe.promptFix, true, `Sent the prompt fix to terminal "${terminal!.name}".`);
        terminal!.show(true);
        return;
      case 'restart': {
        const command = resumeCommandFor(recipe.resume, session.id);
        if (confirmNeeded) {
          const detail = terminal
            ? `This ends the agent in terminal "${terminal.name}" (Ctrl+C twice) and runs in a new terminal:\n${command}`
            : `No terminal running the agent was found in VS Code. If it runs elsewhere, end it first: two processes on one session conflict.\nA new terminal will run:\n${command}`;
          if ((await notify('warning', `Restart session "${label}"?`, ['Restart'], { modal: true, detail })) !== 'Restart') {
            record('declined', 'The user declined the restart.');
            return;
          }
        }
        if (terminal) {
          await endAgent(terminal, session.agent);
        }
        record('taken', `Starting "${command}" in a new terminal.`);
        await startInNewTerminal(session, command);
        record('succeeded', `Resumed in a new terminal with "${command}".`);
        return;
      }
      case 'clearStale': {
        const fresh = recipe.fresh;
        let choice = START_FRESH;
        if (confirmNeeded) {
          const buttons = terminal && recipe.clear ? [START_FRESH, `Send ${recipe.clear}`] : [START_FRESH];
          const detail = `${START_FRESH}: ${terminal ? `ends the agent in terminal "${terminal.name}" and ` : ''}runs "${fresh}" in a new terminal (the stale session id is not resumed).${
            terminal && recipe.clear ? `\nSend ${recipe.clear}: clears the conversation in the running agent instead.` : ''
          }`;
          const picked = await notify('warning', `Clear the stale session "${label}"?`, buttons, { modal: true, detail });
          if (picked === undefined) {
            record('declined', 'The user declined clearing the stale session.');
            return;
          }
          choice = picked;
        }
        if (choice !== START_FRESH && terminal) {
          await send(terminal, recipe.clear, true, `Sent "${recipe.clear}" to terminal "${terminal.name}".`);
          terminal.show(true);
          return;
        }
        if (terminal) {
          await endAgent(terminal, session.agent);
        }
        record('taken', `Starting "${fresh}" in a new terminal.`);
        await startInNewTerminal(session, fresh);
        record('succeeded', `Started a fresh session with "${fresh}".`);
        return;
      }
    }
  };

  /** Ends the agent in a terminal with its plug-in's `endKeys` (Claude Code: Ctrl+C twice), then a pause for the process to exit. */
  const endAgent = async (t: vscode.Terminal, agent: string): Promise<void> => {
    const keys = agentPlugin(agent).endKeys;
    for (const [i, key] of keys.entries()) {
      if (i > 0) {
        await delay(EXIT_GAP_MS);
      }
      t.sendText(END_KEY_TEXT[key], false);
    }
    await delay(EXIT_SETTLE_MS);
  };

  /** Opens a new terminal in the session's folder (when it still exists) and runs `commandLine` there. */
  const startInNewTerminal = async (session: SessionSnapshot, commandLine: string): Promise<vscode.Terminal> => {
    let cwd: vscode.Uri | undefined;
    if (session.cwd) {
      try {
        const uri = vscode.Uri.file(session.cwd);
        if ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) {
          cwd = uri;
        }
      } catch {
        log.warn(`Folder ${session.cwd} of session ${session.id} no longer exists; starting in the default folder.`);
      }
    }
    const terminal = vscode.window.createTerminal({
      name: `${agentName(session.agent)} · ${session.project || session.id.slice(0, 8)}`,
      cwd,
      iconPath: new vscode.ThemeIcon('pulse'),
    });
    terminals.remember(terminal, commandLine);
    terminal.show();
    terminal.sendText(commandLine, true);
    return terminal;
  };

  /** Where no terminal matches: offers to open one with the resume command, or to copy it. */
  const offerResume = async (session: SessionSnapshot, message: string, config: Config): Promise<void> => {
    const recipe = recipeFor(session.agent, config.recipes);
    if (!canRecover('restart', recipe, recoveryFlagsOf(session))) {
      void notify('warning', message, [SHOW_LOGS], { log });
      return;
    }
    const command = resumeCommandFor(recipe.resume, session.id);
    const choice = await notify('warning', message, [OPEN_RESUME, COPY_RESUME]);
    if (choice === OPEN_RESUME) {
      engine.recordRecovery({
        sessionId: session.id,
        findingId: worstOpen(session)?.id,
        failureType: worstOpen(session)?.type,
        strategy: 'restart_session',
        outcome: 'taken',
        actor: 'user',
        detail: `Opened a terminal with "${command}".`,
      });
      await startInNewTerminal(session, command);
    } else if (choice === COPY_RESUME) {
      await vscode.env.clipboard.writeText(command);
      vscode.window.setStatusBarMessage(`$(copy) Copied: ${command}`, 5000);
    }
  };

  return { run };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
