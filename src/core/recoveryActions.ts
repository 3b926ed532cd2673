/**
 * Recovery actions: the concrete steps a person (or automatic recovery) can take for a finding, derived from the
 * finding's strategy and the agent that runs the session. Pure module: no `vscode`, no Node built-ins.
 */
import type { AgentKind } from './event';
import type { Strategy } from './failures';

/**
 * One recovery step.
 * - `compact`: send the agent's compact command (`/compact`) to its terminal.
 * - `restart`: end the agent and start it again on the same session (`claude --resume <id>`) in a new terminal.
 * - `clearStale`: end the agent and start a fresh session (never resuming the dead id).
 * - `interrupt`: send the interrupt key (Escape or Ctrl+C) to stop the current turn.
 * - `promptFix`: send the configured corrective message ("Your last tool call was malformed...").
 * - `acknowledge`, `snooze`: bookkeeping on the finding; always offered.
 */
export type RecoveryAction = 'compact' | 'restart' | 'clearStale' | 'interrupt' | 'promptFix' | 'acknowledge' | 'snooze';

/** Command ids of the extension, one casing everywhere (`sessionDoctor.<verbNoun>`). */
export const COMMAND_IDS = {
  compactContext: 'sessionDoctor.compactContext',
  restartSession: 'sessionDoctor.restartSession',
  clearStaleSession: 'sessionDoctor.clearStaleSession',
  interruptSession: 'sessionDoctor.interruptSession',
  retryWithPromptFix: 'sessionDoctor.retryWithPromptFix',
  acknowledgeFinding: 'sessionDoctor.acknowledgeFinding',
  snoozeFinding: 'sessionDoctor.snoozeFinding',
  showReport: 'sessionDoctor.showReport',
  injectTestError: 'sessionDoctor.injectTestError',
  refresh: 'sessionDoctor.refresh',
  openTranscript: 'sessionDoctor.openTranscript',
  copyResumeCommand: 'sessionDoctor.copyResumeCommand',
  showLogs: 'sessionDoctor.showLogs',
  showTerminal: 'sessionDoctor.showTerminal',
  openShellIntegrationSettings: 'sessionDoctor.openShellIntegrationSettings',
} as const;

/** A command id of the extension. */
export type CommandId = (typeof COMMAND_IDS)[keyof typeof COMMAND_IDS];

/** How an action is shown and run. */
export interface RecoveryActionInfo {
  /** Button and tree label, e.g. "Compact Context" (the strategy label where one action is the strategy). */
  label: string;
  /** The command that runs it; it takes a `{ sessionId, findingId }` target. */
  command: CommandId;
  /** Codicon id (without `$()`), e.g. `fold`. */
  icon: string;
  /** True when the action ends the agent's process (asks for confirmation unless recovery mode is `auto`). */
  endsProcess: boolean;
  /** True when the action is a recovery (written to the audit log, disabled by `recovery.mode: off`). */
  recovery: boolean;
  /** One sentence on what it does (tooltips, confirmations). */
  detail: string;
}

/** Presentation and behaviour of every action. */
export const ACTION_INFO: Readonly<Record<RecoveryAction, RecoveryActionInfo>> = {
  compact: {
    label: 'Compact Context',
    command: COMMAND_IDS.compactContext,
    icon: 'fold',
    endsProcess: false,
    recovery: true,
    detail: 'Sends the compact command to the agent\'s terminal so the conversation fits the context window again.',
  },
  restart: {
    label: 'Restart Session',
    command: COMMAND_IDS.restartSession,
    icon: 'debug-restart',
    endsProcess: true,
    recovery: true,
    detail: 'Ends the agent and resumes the same session in a new terminal.',
  },
  clearStale: {
    label: 'Clear Stale Session',
    command: COMMAND_IDS.clearStaleSession,
    icon: 'clear-all',
    endsProcess: true,
    recovery: true,
    detail: 'Ends the agent and starts a fresh session in a new terminal (the dead session id is not resumed).',
  },
  interrupt: {
    label: 'Interrupt Session',
    command: COMMAND_IDS.interruptSession,
    icon: 'debug-stop',
    endsProcess: false,
    recovery: true,
    detail: 'Sends the interrupt key to the agent\'s terminal to stop the current turn.',
  },
  promptFix: {
    label: 'Retry with Prompt Fix',
    command: COMMAND_IDS.retryWithPromptFix,
    icon: 'wand',
    endsProcess: false,
    recovery: true,
    detail: 'Sends the corrective prompt to the agent\'s terminal.',
  },
  acknowledge: {
    label: 'Acknowledge',
    command: COMMAND_IDS.acknowledgeFinding,
    icon: 'check',
    endsProcess: false,
    recovery: false,
    detail: 'Marks the finding as seen; it stays listed and notifies again only if its severity rises.',
  },
  snooze: {
    label: 'Snooze 1 Hour',
    command: COMMAND_IDS.snoozeFinding,
    icon: 'bell-slash',
    endsProcess: false,
    recovery: false,
    detail: 'Silences notifications for this finding for one hour.',
  },
};

/** Recovery steps of each strategy, most useful first (acknowledge and snooze are appended by {@link recoveryActionsFor}). */
const STRATEGY_ACTIONS: Readonly<Record<Strategy, readonly RecoveryAction[]>> = {
  compact_context: ['compact', 'restart'],
  restart_session: ['restart'],
  clear_stale_session: ['clearStale'],
  backoff: ['interrupt'],
  retry_with_prompt_fix: ['promptFix', 'restart'],
  break_loop_and_notify: ['interrupt', 'promptFix'],
  halt_and_notify: ['interrupt'],
};

/**
 * Actions that depend on agent-specific commands (Claude Code's `/compact`, `/clear`, `claude --resume`). Other agents
 * get only the agent-neutral ones (interrupt key, a typed prompt).
 */
const CLAUDE_ONLY: ReadonlySet<RecoveryAction> = new Set<RecoveryAction>(['compact', 'restart', 'clearStale']);

/**
 * The actions offered for a finding with `strategy` in a session of `agent`: the strategy's recovery steps that the agent
 * supports, then `acknowledge` and `snooze` (always). Never empty; no duplicates.
 */
export function recoveryActionsFor(strategy: Strategy, agent: AgentKind): RecoveryAction[] {
  const steps = (STRATEGY_ACTIONS[strategy] ?? []).filter((a) => agent === 'claude-code' || !CLAUDE_ONLY.has(a));
  return [...steps, 'acknowledge', 'snooze'];
}

/** Only the recovery steps of {@link recoveryActionsFor} (no acknowledge/snooze); may be empty. */
export function recoveryStepsFor(strategy: Strategy, agent: AgentKind): RecoveryAction[] {
  return recoveryActionsFor(strategy, agent).filter((a) => ACTION_INFO[a].recovery);
}

/**
 * The step automatic recovery (`recovery.mode: auto`) takes for a strategy, or undefined when it only notifies:
 * `backoff` is left to the agent, which retries on its own.
 */
export function autoActionFor(strategy: Strategy, agent: AgentKind): RecoveryAction | undefined {
  if (strategy === 'backoff') {
    return undefined;
  }
  return recoveryStepsFor(strategy, agent)[0];
}

/**
 * The strategy an action is recorded under in the audit log. `interrupt` takes the finding's own strategy when that is
 * an interrupting one (back off, break loop, halt), else `halt_and_notify`.
 */
export function strategyOfAction(action: Exclude<RecoveryAction, 'acknowledge' | 'snooze'>, findingStrategy?: Strategy): Strategy {
  switch (action) {
    case 'compact':
      return 'compact_context';
    case 'restart':
      return 'restart_session';
    case 'clearStale':
      return 'clear_stale_session';
    case 'promptFix':
      return 'retry_with_prompt_fix';
    case 'interrupt':
      return findingStrategy === 'backoff' || findingStrategy === 'break_loop_and_notify' || findingStrategy === 'halt_and_notify'
        ? findingStrategy
        : 'halt_and_notify';
  }
}

/** Session ids that may be put into a shell command line: letters, digits, `.`, `_`, `-` (Claude Code ids are UUIDs). */
const SAFE_SESSION_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** True when `sessionId` is safe to substitute into a shell command. */
export function isShellSafeSessionId(sessionId: string): boolean {
  return SAFE_SESSION_ID.test(sessionId);
}

/**
 * The resume command line for a session: `template` (setting `claudeCode.resumeCommand`, e.g. `claude --resume ${sessionId}`)
 * with every `${sessionId}` replaced. Throws `Error` when the id holds characters that are unsafe in a shell.
 */
export function resumeCommandFor(template: string, sessionId: string): string {
  if (!isShellSafeSessionId(sessionId)) {
    throw new Error(`Refusing to put session id "${sessionId.slice(0, 80)}" into a shell command: it is not a plain id.`);
  }
  return template.split('${sessionId}').join(sessionId);
}
