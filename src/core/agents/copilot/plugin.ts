/** GitHub Copilot Chat (the VS Code extension) as an {@link AgentPlugin}: read through its output channels only. */
import { type AgentPlugin, NO_RECIPE } from '../plugin';

/** GitHub Copilot Chat. It runs inside VS Code, not in a terminal: no terminal recovery. */
export const copilotPlugin: AgentPlugin = {
  id: 'copilot',
  displayName: 'Copilot',
  programs: [],
  resume: { flags: [] },
  kinds: [],
  recipe: NO_RECIPE,
  outputChannels: { defaults: ['GitHub Copilot Chat', 'GitHub Copilot'], matches: ['copilot'] },
  contextWindows: [],
  prices: [],
  endKeys: [],
};
