/**
 * Roo Code (the VS Code extension `rooveterinaryinc.roo-cline`, a fork of Cline) as an {@link AgentPlugin}: its task
 * histories (`tasks/<task id>/ui_messages.json`, Cline's format with Roo's own message types, read by the shared parser in
 * src/core/agents/cline/) and its output channel. Source: Roo Code's source (packages/types/src/message.ts,
 * src/core/task/Task.ts, src/core/task-persistence/), see FORMAT.md.
 */
import { type AgentPlugin, NO_RECIPE } from '../plugin';
import { firstSayIs, taskKind } from '../cline/taskKind';

/** Roo Code's task histories in the extension's global storage. */
export const rooTaskKind = taskKind({
  id: 'roo',
  agent: 'roo',
  label: 'Roo Code tasks',
  extensionId: 'rooveterinaryinc.roo-cline',
  // Roo Code's first message says the task as `text` (Kilo Code's does too: a Kilo Code file outside its extension's
  // folder is read as Roo Code's).
  sniff: (head) => firstSayIs(head, 'text'),
});

/** Roo Code. It runs inside VS Code, not in a terminal: no terminal recovery. */
export const rooPlugin: AgentPlugin = {
  id: 'roo',
  displayName: 'Roo Code',
  programs: [],
  resume: { flags: [] },
  kinds: [rooTaskKind],
  recipe: NO_RECIPE,
  outputChannels: { defaults: ['Roo-Code'], matches: ['roo-cline', 'roo-code', 'roo'] },
  contextWindows: [],
  // No price table: each request's cost is in the task history (`api_req_started.cost`).
  prices: [],
  endKeys: [],
};
