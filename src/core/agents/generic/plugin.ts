/**
 * Any other agent, as an {@link AgentPlugin}: programs the user names in `sessionDoctor.terminals.agentCommands`, the line
 * logs of `sessionDoctor.sources.generic.logs` (built from the settings in genericLog.ts, so no fixed kind here) and
 * output channels no other agent claims.
 */
import { type AgentPlugin, DEFAULT_PROMPT_FIX, NO_RECIPE } from '../plugin';

/** An agent Session Doctor has no plug-in for. Ctrl+C is the one recovery every terminal program takes. */
export const genericPlugin: AgentPlugin = {
  id: 'generic',
  displayName: 'Agent',
  programs: [],
  resume: { flags: ['--resume', '-r', '--session-id'] },
  kinds: [],
  // An unknown agent in a terminal: the plain next prompt "continue" after a usage limit's reset.
  recipe: { ...NO_RECIPE, interrupt: 'ctrl-c', promptFix: DEFAULT_PROMPT_FIX, continue: 'continue' },
  outputChannels: { defaults: ['Continue'], matches: [] },
  contextWindows: [],
  prices: [],
  endKeys: ['ctrl-c', 'ctrl-c'],
};
