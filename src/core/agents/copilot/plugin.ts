/**
 * GitHub Copilot as an {@link AgentPlugin}: Copilot Chat (the VS Code extension) through its output channels, and the
 * Copilot CLI (`@github/copilot`, 1.0.102) through its session event logs (kind.ts, events.ts).
 */
import { type AgentPlugin, NO_RECIPE } from '../plugin';
import { copilotCliKind } from './kind';

/**
 * GitHub Copilot. Copilot Chat runs inside VS Code (no terminal recovery); the CLI is recognised in terminals, but its
 * recoveries were not checked against its real TUI, so none is offered for it either.
 */
export const copilotPlugin: AgentPlugin = {
  id: 'copilot',
  displayName: 'Copilot',
  // The CLI (`copilot`): `--resume[=<id>]` reopens a session, and it prints `Resume copilot --resume=<id>` when it ends.
  programs: ['copilot'],
  resume: { flags: ['--resume'] },
  kinds: [copilotCliKind],
  recipe: NO_RECIPE,
  outputChannels: { defaults: ['GitHub Copilot Chat', 'GitHub Copilot'], matches: ['copilot'] },
  contextWindows: [],
  prices: [],
  endKeys: [],
};
