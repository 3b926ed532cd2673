/** Cline (and its forks Roo Code and Kilo Code), the VS Code extensions, as an {@link AgentPlugin}: read through their output channels. */
import { type AgentPlugin, NO_RECIPE } from '../plugin';

/** Cline (`saoudrizwan.claude-dev`) and Roo Code. They run inside VS Code, not in a terminal: no terminal recovery. */
export const clinePlugin: AgentPlugin = {
  id: 'cline',
  displayName: 'Cline',
  programs: [],
  resume: { flags: [] },
  kinds: [],
  recipe: NO_RECIPE,
  outputChannels: { defaults: ['Cline', 'Roo-Code'], matches: ['claude-dev', 'cline', 'roo'] },
  contextWindows: [],
  prices: [],
  endKeys: [],
};
