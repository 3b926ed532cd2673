/**
 * The commands: recoveries that reach the agent's terminal (compact, restart, clear stale session, interrupt, prompt fix),
 * finding bookkeeping (acknowledge, snooze), and the utility commands (report, inject test error, refresh, open transcript,
 * copy resume command, show logs). Every command runs through one wrapper that catches, logs and shows the error.
 * Automatic recovery (`recovery.mode: auto`) lives here too.
 */
import * as fs from 'fs';
import * as vscode from 'vscode';
import { Config, readConfig } from '../../host/vscode/config';
import { applySnooze } from '../../core/alerting/alerts';
import { FAILURE_CATALOG, FailureType, isFailureType, severityRank } from '../../core/model/failures';
import { ACTION_INFO, COMMAND_IDS, CommandId, RecoveryAction, autoActionFor, canRecover, recoveryFlagsOf, resumeCommandFor, strategyOfAction } from '../../core/recovery/recoveryActions';
import { recipeFor } from '../../core/recovery/recipes';
import { agentPlugin } from '../../core/agents/index';
import type { EndKey } from '../../core/agents/plugin';
import type { AuditEntry, FindingSnapshot, SessionSnapshot } from '../../core/model/snapshot';
import type { DetectionEvent, EngineApi } from '../../host/vscode/engineApi';
import { agentName, formatAgo, sessionLabel } from '../../core/report/labels';
import { SHOW_LOGS, notify, pickSnooze, snoozeChoiceIn } from '../notifications/notifier';
import { TerminalFinder } from './terminals';

/** What the commands need. */
export interface RecoveryDeps {
  engine: EngineApi;
  /** Re-reads the sources and refreshes the views (the `sessionDoctor.refresh` command). */
  refresh(): void | Promise<void>;
  /** The "Session Doctor" log channel; created (and disposed with the extension) when not given. */
  log?: vscode.LogOutputChannel;
  /** Clock, epoch ms; default `Date.now`. */
  now?: () => number;
}

/** What the commands offer the rest of the extension (and tests). */
export interface Recovery {
  /** The log channel the commands write to. */
  readonly log: vscode.LogOutputChannel;
  /** The terminal finder (tracks shell executions). */
  readonly terminals: TerminalFinder;
  /**
   * Runs a recovery step for a session (and finding), as the user or automatically; records every step with
   * `engine.recordRecovery`. Resolves when done; rejects when sending to a terminal fails (after recording `failed`).
   */
  run(action: Exclude<RecoveryAction, 'acknowledge' | 'snooze'>, target: Target, actor: 'user' | 'auto'): Promise<void>;
}

/** A resolved command argument: a session and, when known, one of its findings. */
export interface Target {
  session: SessionSnapshot;
  finding?: FindingSnapshot;
}

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

/**
 * Registers every command (all pushed to `context.subscriptions`) and automatic recovery. Call once from `activate`.
 * Returns the {@link Recovery} service.
 */
export function register(context: vscode.ExtensionContext, deps: RecoveryDeps): Recovery {
  const log = deps.log ?? vscode.window.createOutputChannel('Session Doctor', { log: true });
  if (!deps.log) {
    context.subscriptions.push(log);
  }
  const now = deps.now ?? Date.now;
  const engine = deps.engine;
  const terminals = new TerminalFinder(() => readConfig().claudeCode.terminalNames);
  context.subscriptions.push(terminals);

  /** Registers a command through the wrapper: errors are logged and shown with a "Show Logs" button. */
  const command = (id: CommandId, fn: (...args: unknown[]) => unknown): void => {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await fn(...args);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          log.error(`${id} failed: ${message}`, err instanceof Error && err.stack ? err.stack : '');
          void notify('error', `Session Doctor: ${message}`, [SHOW_LOGS], { log });
          return undefined;
        }
      }),
    );
  };

  // ---- targets ---------------------------------------------------------------------------------------------------------

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
        .map((finding) => ({ label: finding.title, description: `${finding.severity} · ×${finding.count} · ${sessionLabel(session)}`, target: { session, finding } })),
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

  // ---- recoveries ------------------------------------------------------------------------------------------------------

  const run = async (action: Exclude<RecoveryAction, 'acknowledge' | 'snooze'>, target: Target, actor: 'user' | 'auto'): Promise<void> => {
    const config = readConfig();
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
        const choice = await notify('info', 'Session Doctor: recovery is off. Turn it on with the setting "Recovery: Mode".', [OPEN_SETTINGS]);
        if (choice === OPEN_SETTINGS) {
          await vscode.commands.executeCommand('workbench.action.openSettings', 'sessionDoctor.recovery.mode');
        }
      }
      return;
    }
    const recipe = recipeFor(session.agent, config.recipes);
    if (!canRecover(action, recipe, recoveryFlagsOf(session))) {
      throw new Error(`${agentName(session.agent)} cannot do ${ACTION_INFO[action].label} for "${label}" (no recipe for it: setting sessionDoctor.recipes).`);
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
        await offerResume(session, `Session Doctor: no VS Code terminal running ${agentName(session.agent)} for "${label}" was found (matched by terminal name, command line and folder).`, config);
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
    const terminal = vscode.window.createTerminal({ name: `${agentName(session.agent)} · ${session.project || session.id.slice(0, 8)}`, cwd, iconPath: new vscode.ThemeIcon('pulse') });
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
      engine.recordRecovery({ sessionId: session.id, findingId: worstOpen(session)?.id, failureType: worstOpen(session)?.type, strategy: 'restart_session', outcome: 'taken', actor: 'user', detail: `Opened a terminal with "${command}".` });
      await startInNewTerminal(session, command);
    } else if (choice === COPY_RESUME) {
      await vscode.env.clipboard.writeText(command);
      vscode.window.setStatusBarMessage(`$(copy) Copied: ${command}`, 5000);
    }
  };

  const recovery = (action: Exclude<RecoveryAction, 'acknowledge' | 'snooze'>) => async (arg: unknown) => {
    const target = await resolveTarget(arg, 'session');
    if (target) {
      await run(action, target, 'user');
    }
  };

  // ---- commands --------------------------------------------------------------------------------------------------------

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
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: engine.report() });
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
        const picked = await vscode.window.showQuickPick([demo, ...sessions.map((s) => ({ label: sessionLabel(s), description: `${s.health} · ${agentName(s.agent)}`, sessionId: s.id as string | undefined }))], {
          placeHolder: 'Session to add the test error to',
        });
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
    const recipe = recipeFor(target.session.agent, readConfig().recipes);
    if (!canRecover('restart', recipe, recoveryFlagsOf(target.session))) {
      throw new Error(`No resume command is known for "${sessionLabel(target.session)}" (${agentName(target.session.agent)}; setting sessionDoctor.recipes).`);
    }
    const text = resumeCommandFor(recipe.resume, target.session.id);
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(`$(copy) Copied: ${text}`, 5000);
  });

  command(COMMAND_IDS.showLogs, () => log.show());

  // ---- automatic recovery ----------------------------------------------------------------------------------------------

  const inFlight = new Set<string>();
  const auto = async (e: DetectionEvent): Promise<void> => {
    const config = readConfig();
    const { finding, session } = e;
    if (!e.live || config.recovery.mode !== 'auto' || finding.status !== 'open') {
      return;
    }
    const action = autoActionFor(finding.strategy, session.agent, config.recipes, recoveryFlagsOf(session));
    if (!action || action === 'acknowledge' || action === 'snooze' || inFlight.has(session.id)) {
      return;
    }
    const done = engine.audit(500).filter((a) => a.sessionId === session.id && a.failureType === finding.type && a.actor === 'auto' && a.outcome === 'taken').length;
    if (done >= config.recovery.maxAutoRetries) {
      log.info(`Automatic recovery of ${finding.type} in ${session.id} skipped: ${done} automatic recoveries already taken (max ${config.recovery.maxAutoRetries}).`);
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
  const autoSubscription = engine.onDidDetect((e) => void auto(e));
  context.subscriptions.push({ dispose: () => autoSubscription.dispose() });

  return { log, terminals, run };
}

/** The worst open finding of a session (undefined when none is open). */
function worstOpen(session: SessionSnapshot): FindingSnapshot | undefined {
  return session.findings.filter((f) => f.status === 'open').sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || b.lastSeen - a.lastSeen)[0];
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
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
