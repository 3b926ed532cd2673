/**
 * Kilo Code (the VS Code extension `kilocode.kilo-code`, a fork of Roo Code) as an {@link AgentPlugin}: its task
 * histories (`tasks/<task id>/ui_messages.json`, Roo Code's format, read by the shared parser in src/core/agents/cline/)
 * and its output channel. See FORMAT.md for what was checked.
 */
import { type AgentPlugin, NO_RECIPE } from '../plugin';
import { taskKind } from '../cline/taskKind';

/** Kilo Code's task histories in the extension's global storage (recognised by their folder only: see FORMAT.md). */
export const kiloTaskKind = taskKind({
  id: 'kilo',
  agent: 'kilo',
  label: 'Kilo Code tasks',
  extensionId: 'kilocode.kilo-code',
  sniff: () => false,
});

/** Kilo Code. It runs inside VS Code, not in a terminal: no terminal recovery. */
export const kiloPlugin: AgentPlugin = {
  id: 'kilo',
  displayName: 'Kilo Code',
  programs: [],
  resume: { flags: [] },
  kinds: [kiloTaskKind],
  recipe: NO_RECIPE,
  outputChannels: { defaults: ['Kilo-Code'], matches: ['kilo-code', 'kilocode', 'kilo'] },
  contextWindows: [],
  prices: [],
  endKeys: [],
};
