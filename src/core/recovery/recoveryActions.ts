/**
 * Recovery actions: the concrete steps a person (or automatic recovery) can take for a finding, derived from the
 * finding's strategy and the agent that runs the session. Pure module: no `vscode`, no Node built-ins.
 */
import type { AgentKind } from '../model/event';
import type { Strategy } from '../model/failures';
import { Recipe, RecipeTable, recipeFor } from './recipes';

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

/**
 * How an action is shown and run. The command that runs each action (and its codicon) is in src/manifest/commands.ts
 * (`RECOVERY_ACTION_COMMANDS`), with the other commands of the extension.
 */
export interface RecoveryActionInfo {
  /** Button and tree label, e.g. "Compact Context" (the strategy label where one action is the strategy). */
  label: string;
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
    endsProcess: false,
    recovery: true,
    detail: "Sends the compact command to the agent's terminal so the conversation fits the context window again.",
  },
  restart: {
    label: 'Restart Session',
    endsProcess: true,
    recovery: true,
    detail: 'Ends the agent and resumes the same session in a new terminal.',
  },
  clearStale: {
    label: 'Clear Stale Session',
    endsProcess: true,
    recovery: true,
    detail: 'Ends the agent and starts a fresh session in a new terminal (the dead session id is not resumed).',
  },
  interrupt: {
    label: 'Interrupt Session',
    endsProcess: false,
    recovery: true,
    detail: "Sends the interrupt key to the agent's terminal to stop the current turn.",
  },
  promptFix: {
    label: 'Retry with Prompt Fix',
    endsProcess: false,
    recovery: true,
    detail: "Sends the corrective prompt to the agent's terminal.",
  },
  acknowledge: {
    label: 'Acknowledge',
    endsProcess: false,
    recovery: false,
    detail: 'Marks the finding as seen; it stays listed and notifies again only if its severity rises.',
  },
  snooze: {
    label: 'Snooze…',
    endsProcess: false,
    recovery: false,
    detail: 'Silences notifications for this finding for 15 minutes, 1 hour, or until the session changes (you choose).',
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
 * What is known about a session that limits its recoveries, apart from its agent's recipe. Other sources add flags here
 * (e.g. `resumeBroken`: resuming the session's id already failed, so restart-with-resume is not offered).
 */
export interface SessionRecoveryFlags {
  /** True when resuming this session's id is known not to work (a failed resume, a stale id). */
  resumeBroken?: boolean;
}

/**
 * The flags of a session that limit its recoveries: `resumeBroken` from the engine (a resume of its id already failed:
 * a stale id is never resumed again, only a fresh start helps). Every caller of {@link canRecover} goes through here.
 */
export function recoveryFlagsOf(session: { id: string; agent: AgentKind; resumeBroken?: boolean }): SessionRecoveryFlags {
  return { resumeBroken: !!session.resumeBroken };
}

/**
 * Whether the agent with `recipe` can do recovery step `action` for a session with `flags`. THE single place that decides
 * which steps are offered (tree, notifications, automatic recovery and the commands all go through it):
 * - `compact`, `promptFix`: the recipe has the text to type;
 * - `interrupt`: the recipe has an interrupt key;
 * - `restart` (resume offered?): the recipe has a resume command and the session's resume is not known to be broken;
 * - `clearStale`: the recipe has a fresh-start command;
 * - `acknowledge`, `snooze`: always.
 */
export function canRecover(action: RecoveryAction, recipe: Recipe, flags: SessionRecoveryFlags = {}): boolean {
  switch (action) {
    case 'compact':
      return recipe.compact !== '';
    case 'promptFix':
      return recipe.promptFix !== '';
    case 'interrupt':
      return recipe.interrupt !== '';
    case 'restart':
      return recipe.resume !== '' && !flags.resumeBroken;
    case 'clearStale':
      return recipe.fresh !== '';
    case 'acknowledge':
    case 'snooze':
      return true;
  }
}

/** The recovery steps (no acknowledge/snooze) the agent's recipe allows for a session with `flags`, in display order. */
export function capabilitiesOf(agent: AgentKind, recipes?: RecipeTable, flags: SessionRecoveryFlags = {}): RecoveryAction[] {
  const recipe = recipeFor(agent, recipes);
  return (['compact', 'restart', 'clearStale', 'interrupt', 'promptFix'] as const).filter((a) => canRecover(a, recipe, flags));
}

/**
 * The tree `contextValue` of a session row: `session.<agent>` followed by one `.can-<action>` per recovery the agent can
 * do, e.g. `session.claude-code.can-compact.can-restart.can-clearStale.can-interrupt.can-promptFix`. Menus match
 * `viewItem =~ /^session/` for every session and `viewItem =~ /\.can-compact(\.|$)/` for a capability.
 */
export function sessionContextValue(agent: AgentKind, recipes?: RecipeTable, flags: SessionRecoveryFlags = {}): string {
  return ['session', agent, ...capabilitiesOf(agent, recipes, flags).map((a) => `can-${a}`)].join('.');
}

/**
 * The actions offered for a finding with `strategy` in a session of `agent`: the strategy's recovery steps that the
 * agent's recipe allows ({@link canRecover}; `recipes` default to the built-in ones), then `acknowledge` and `snooze`
 * (always). Never empty; no duplicates.
 */
export function recoveryActionsFor(
  strategy: Strategy,
  agent: AgentKind,
  recipes?: RecipeTable,
  flags: SessionRecoveryFlags = {},
): RecoveryAction[] {
  const recipe = recipeFor(agent, recipes);
  const steps = (STRATEGY_ACTIONS[strategy] ?? []).filter((a) => canRecover(a, recipe, flags));
  return [...steps, 'acknowledge', 'snooze'];
}

/** Only the recovery steps of {@link recoveryActionsFor} (no acknowledge/snooze); may be empty. */
export function recoveryStepsFor(
  strategy: Strategy,
  agent: AgentKind,
  recipes?: RecipeTable,
  flags: SessionRecoveryFlags = {},
): RecoveryAction[] {
  return recoveryActionsFor(strategy, agent, recipes, flags).filter((a) => ACTION_INFO[a].recovery);
}

/**
 * The step automatic recovery (`recovery.mode: auto`) takes for a strategy, or undefined when it only notifies:
 * `backoff` is left to the agent, which retries on its own.
 */
export function autoActionFor(
  strategy: Strategy,
  agent: AgentKind,
  recipes?: RecipeTable,
  flags: SessionRecoveryFlags = {},
): RecoveryAction | undefined {
  if (strategy === 'backoff') {
    return undefined;
  }
  return recoveryStepsFor(strategy, agent, recipes, flags)[0];
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
 * The resume command line for a session: `template` (a recipe's `resume`, e.g. `claude --resume ${sessionId}`)
 * with every `${sessionId}` replaced (a template without `${sessionId}`, e.g. Aider's, is returned as it is). Throws `Error` when the id holds characters that are unsafe in a shell.
 */
export function resumeCommandFor(template: string, sessionId: string): string {
  if (template.includes('${sessionId}') && !isShellSafeSessionId(sessionId)) {
    throw new Error(`Refusing to put session id "${sessionId.slice(0, 80)}" into a shell command: it is not a plain id.`);
  }
  return template.split('${sessionId}').join(sessionId);
}
