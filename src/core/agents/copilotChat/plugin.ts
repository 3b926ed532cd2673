/**
 * GitHub Copilot Chat (the VS Code extension) as an {@link AgentPlugin}: read through its output channels only. The
 * Copilot CLI (`@github/copilot`, program `copilot`) is its own agent, `copilot-cli` (../copilot/plugin.ts).
 */
import { type AgentPlugin, NO_RECIPE } from '../plugin';

/** GitHub Copilot Chat. It runs inside VS Code, so no terminal recovery applies. */
export const copilotChatPlugin: AgentPlugin = {
  id: 'copilot',
  displayName: 'Copilot Chat',
  programs: [],
  resume: { flags: [] },
  kinds: [],
  recipe: NO_RECIPE,
  outputChannels: { defaults: ['GitHub Copilot Chat', 'GitHub Copilot'], matches: ['copilot'] },
  contextWindows: [],
  prices: [],
  endKeys: [],
};
