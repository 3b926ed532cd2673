/**
 * The commands of the extension, one table: id, title, codicon, enablement, and where each shows (the Command Palette,
 * view title bars, tree items). package.json `contributes.commands` and `contributes.menus` are generated from it
 * (scripts/manifest.mjs), and {@link COMMAND_IDS} is what the code registers and runs. Pure data module.
 *
 * A command id is `sessionDoctor.<name>`, the name being the table's key (one casing everywhere). Every command has the
 * category "Session Doctor" and a codicon; commands that need a tree item are hidden from the palette (`palette: 'false'`).
 */
import type { RecoveryAction } from '../core/recovery/recoveryActions';
import { CONTEXT_KEYS, EXTENSION_TITLE, VIEW_IDS, ViewId } from './viewIds';

/** A command in a view's title bar: `navigation@N` groups are buttons, the others the `...` menu. */
export interface ViewTitleEntry {
  view: ViewId;
  /** Menu group and position, e.g. `navigation@1`. */
  group: string;
}

/** A command on a tree item: `inline@N` groups are buttons on the row, the others its context menu. */
export interface ViewItemEntry {
  view: ViewId;
  /** The `viewItem` clause that picks the items (see {@link ITEMS}). */
  item: string;
  /** Menu group and position, e.g. `1_recovery@2`. */
  group: string;
}

/** One command. */
export interface CommandSpec {
  /** Title in the palette and menus (the palette shows it after the category). */
  title: string;
  /** Codicon id, without `$()`, e.g. `fold`. */
  icon: string;
  /** `enablement` clause: when the command can run at all (absent: always). */
  enablement?: string;
  /** `when` clause in the Command Palette; `'false'` hides it there; absent: always listed. */
  palette?: string;
  /** View title bar entries. */
  viewTitle?: readonly ViewTitleEntry[];
  /** Tree item entries (inline buttons and context menu). */
  viewItem?: readonly ViewItemEntry[];
}

/**
 * `viewItem` clauses over the tree items' `contextValue`s: sessions are `session.<agent>.can-<action>...`
 * (src/core/recovery/recoveryActions.ts `sessionContextValue`), findings `finding.<status>` (src/features/sessions/treeNodes.ts),
 * terminals `terminal.<state>` (src/features/terminals/terminalsView.ts).
 */
export const ITEMS = {
  session: 'viewItem =~ /^session/',
  finding: 'viewItem =~ /^finding\\./',
  findingOpen: 'viewItem == finding.open',
  findingOpenOrSnoozed: 'viewItem =~ /^finding\\.(open|snoozed)$/',
  /** A scheduled resume at reset (src/features/limits/limitsRows.ts). */
  resumeScheduled: 'viewItem == resume.scheduled',
  terminal: 'viewItem =~ /^terminal\\./',
  terminalNotReadable: 'viewItem == terminal.notReadable',
  /** A session whose agent can do `action` (its `contextValue` has `.can-<action>`). */
  sessionCan: (action: RecoveryAction): string => `viewItem =~ /^session\\..*\\.can-${action}(\\.|$)/`,
} as const;

const S = VIEW_IDS.sessions;
const T = VIEW_IDS.terminals;
const HAS_SESSIONS = CONTEXT_KEYS.hasSessions;
const HAS_OPEN_FINDINGS = CONTEXT_KEYS.hasOpenFindings;

/** Every command, in the order package.json and the README list them. */
const COMMANDS = {
  compactContext: {
    title: 'Compact Context',
    icon: 'fold',
    palette: HAS_SESSIONS,
    viewItem: [{ view: S, item: ITEMS.sessionCan('compact'), group: '1_recovery@1' }],
  },
  restartSession: {
    title: 'Restart Session',
    icon: 'debug-restart',
    palette: HAS_SESSIONS,
    viewItem: [{ view: S, item: ITEMS.sessionCan('restart'), group: '1_recovery@4' }],
  },
  clearStaleSession: {
    title: 'Clear Stale Session',
    icon: 'clear-all',
    palette: HAS_SESSIONS,
    viewItem: [{ view: S, item: ITEMS.sessionCan('clearStale'), group: '1_recovery@5' }],
  },
  interruptSession: {
    title: 'Interrupt / Halt Session',
    icon: 'debug-stop',
    palette: HAS_SESSIONS,
    viewItem: [
      { view: S, item: ITEMS.sessionCan('interrupt'), group: 'inline@1' },
      { view: S, item: ITEMS.sessionCan('interrupt'), group: '1_recovery@2' },
    ],
  },
  retryWithPromptFix: {
    title: 'Retry with Prompt Fix',
    icon: 'wand',
    palette: HAS_SESSIONS,
    viewItem: [{ view: S, item: ITEMS.sessionCan('promptFix'), group: '1_recovery@3' }],
  },
  acknowledgeFinding: {
    title: 'Acknowledge Finding',
    icon: 'check',
    palette: HAS_OPEN_FINDINGS,
    viewItem: [
      { view: S, item: ITEMS.findingOpenOrSnoozed, group: 'inline@1' },
      { view: S, item: ITEMS.findingOpenOrSnoozed, group: '1_finding@1' },
    ],
  },
  snoozeFinding: {
    title: 'Snooze Finding…',
    icon: 'bell-slash',
    palette: HAS_OPEN_FINDINGS,
    viewItem: [
      { view: S, item: ITEMS.findingOpen, group: 'inline@2' },
      { view: S, item: ITEMS.findingOpen, group: '1_finding@2' },
    ],
  },
  showReport: {
    title: 'Show Report',
    icon: 'report',
    viewTitle: [{ view: S, group: 'navigation@2' }],
  },
  openDashboard: {
    title: 'Open Dashboard',
    icon: 'graph',
    viewTitle: [{ view: S, group: 'navigation@0' }],
  },
  openSessionPanel: {
    title: 'Open Session Panel',
    icon: 'graph-line',
    palette: HAS_SESSIONS,
    viewItem: [{ view: S, item: ITEMS.session, group: '2_session@0' }],
  },
  cancelResumeAtReset: {
    title: 'Cancel Resume at Reset',
    icon: 'debug-stop',
    viewItem: [
      { view: S, item: ITEMS.resumeScheduled, group: 'inline@1' },
      { view: S, item: ITEMS.resumeScheduled, group: '1_resume@1' },
    ],
  },
  injectTestError: {
    title: 'Inject Test Error',
    icon: 'beaker',
    viewTitle: [{ view: S, group: '1_test@1' }],
    viewItem: [{ view: S, item: ITEMS.session, group: '3_test@1' }],
  },
  refresh: {
    title: 'Refresh',
    icon: 'refresh',
    viewTitle: [{ view: S, group: 'navigation@1' }],
  },
  openTranscript: {
    title: 'Open Transcript',
    icon: 'go-to-file',
    palette: HAS_SESSIONS,
    viewItem: [
      { view: S, item: ITEMS.session, group: 'inline@2' },
      { view: S, item: ITEMS.finding, group: 'inline@3' },
      { view: S, item: ITEMS.session, group: '2_session@1' },
      { view: S, item: ITEMS.finding, group: '2_transcript@1' },
    ],
  },
  copyResumeCommand: {
    title: 'Copy Resume Command',
    icon: 'copy',
    palette: HAS_SESSIONS,
    viewItem: [{ view: S, item: ITEMS.sessionCan('restart'), group: '2_session@2' }],
  },
  showLogs: {
    title: 'Show Logs',
    icon: 'output',
    viewTitle: [{ view: S, group: '2_logs@1' }],
  },
  markPriority: {
    title: 'Mark as Priority',
    icon: 'star-full',
    palette: HAS_SESSIONS,
    viewItem: [{ view: S, item: ITEMS.session, group: '2_session@3' }],
  },
  unmarkPriority: {
    title: 'Unmark Priority',
    icon: 'star-empty',
    palette: HAS_SESSIONS,
    viewItem: [{ view: S, item: ITEMS.session, group: '2_session@4' }],
  },
  cleanUpIdleSessions: {
    title: 'Clean Up Idle Sessions',
    icon: 'trash',
    viewTitle: [{ view: S, group: '0_fleet@1' }],
  },
  setFleetCredentials: {
    title: 'Set Fleet Credentials',
    icon: 'key',
    viewTitle: [{ view: VIEW_IDS.fleet, group: 'navigation@1' }],
  },
  ingestEvent: {
    title: 'Ingest Event',
    icon: 'cloud-download',
  },
  showTerminal: {
    title: 'Show Terminal',
    icon: 'terminal',
    palette: 'false',
    viewItem: [{ view: T, item: ITEMS.terminal, group: 'inline@1' }],
  },
  openShellIntegrationSettings: {
    title: 'Open Shell Integration Settings',
    icon: 'settings-gear',
    viewTitle: [{ view: T, group: 'navigation@1' }],
    viewItem: [{ view: T, item: ITEMS.terminalNotReadable, group: 'inline@2' }],
  },
} as const satisfies Record<string, CommandSpec>;

/** A command's name: the table key, e.g. `compactContext`. */
export type CommandName = keyof typeof COMMANDS;

/** A command id of the extension, e.g. `sessionDoctor.compactContext`. */
export type CommandId = `sessionDoctor.${CommandName}`;

/** The command names, in table order. */
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

/** Command ids by name: what the code registers (`registerCommand`) and runs (`executeCommand`). */
export const COMMAND_IDS = Object.freeze(Object.fromEntries(COMMAND_NAMES.map((n) => [n, `sessionDoctor.${n}`]))) as {
  readonly [N in CommandName]: `sessionDoctor.${N}`;
};

/** The table row of a command. */
export function commandSpec(name: CommandName): CommandSpec {
  return COMMANDS[name];
}

/** The name of a command id (`sessionDoctor.showReport` -> `showReport`). */
export function commandName(id: CommandId): CommandName {
  return id.slice('sessionDoctor.'.length) as CommandName;
}

/** The codicon of a command, without `$()`. */
export function commandIcon(id: CommandId): string {
  return COMMANDS[commandName(id)].icon;
}

/** How the palette names a command, e.g. `Session Doctor: Show Report`. */
export function paletteTitle(name: CommandName): string {
  return `${EXTENSION_TITLE}: ${COMMANDS[name].title}`;
}

/** A Markdown link that runs a command (welcome views, descriptions): `[text](command:sessionDoctor.x)`. */
export function commandLink(text: string, id: CommandId): string {
  return `[${text}](command:${id})`;
}

/** The command behind each recovery action (tree rows, notification buttons). */
export const RECOVERY_ACTION_COMMANDS: Readonly<Record<RecoveryAction, CommandId>> = {
  compact: COMMAND_IDS.compactContext,
  restart: COMMAND_IDS.restartSession,
  clearStale: COMMAND_IDS.clearStaleSession,
  interrupt: COMMAND_IDS.interruptSession,
  promptFix: COMMAND_IDS.retryWithPromptFix,
  acknowledge: COMMAND_IDS.acknowledgeFinding,
  snooze: COMMAND_IDS.snoozeFinding,
};

/** `contributes.commands`. */
export function commandsContribution(): Record<string, unknown>[] {
  return COMMAND_NAMES.map((n) => {
    const c: CommandSpec = COMMANDS[n];
    return {
      command: COMMAND_IDS[n],
      title: c.title,
      category: EXTENSION_TITLE,
      icon: `$(${c.icon})`,
      ...(c.enablement ? { enablement: c.enablement } : {}),
    };
  });
}

/** `contributes.menus`: the Command Palette's `when` clauses, view title bars, tree items. */
export function menusContribution(): Record<string, Record<string, unknown>[]> {
  const rows = COMMAND_NAMES.map((n) => ({ id: COMMAND_IDS[n], spec: COMMANDS[n] as CommandSpec }));
  return {
    commandPalette: rows.filter((r) => r.spec.palette !== undefined).map((r) => ({ command: r.id, when: r.spec.palette })),
    'view/title': rows.flatMap((r) => (r.spec.viewTitle ?? []).map((e) => ({ command: r.id, when: `view == ${e.view}`, group: e.group }))),
    'view/item/context': rows.flatMap((r) =>
      (r.spec.viewItem ?? []).map((e) => ({ command: r.id, when: `view == ${e.view} && ${e.item}`, group: e.group })),
    ),
  };
}
