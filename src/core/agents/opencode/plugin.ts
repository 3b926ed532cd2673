/** opencode as an {@link AgentPlugin}. Source: opencode's documentation (`opencode --help`); its files are not read yet. */
import { type AgentPlugin, DEFAULT_PROMPT_FIX } from '../plugin';

/** opencode (`opencode-ai` on npm). It keeps its sessions in SQLite under `~/.local/share/opencode/` (not read yet). */
export const opencodePlugin: AgentPlugin = {
  id: 'opencode',
  displayName: 'opencode',
  programs: ['opencode', 'opencode-ai'],
  resume: { flags: ['--session', '-s'] },
  kinds: [],
  // `/compact`, `/new`, Escape, `opencode --session <id>`. Not checked against a release here.
  recipe: {
    compact: '/compact',
    clear: '/new',
    interrupt: 'escape',
    resume: 'opencode --session ${sessionId}',
    fresh: 'opencode',
    promptFix: DEFAULT_PROMPT_FIX,
  },
  outputChannels: { defaults: [], matches: ['opencode'] },
  contextWindows: [],
  prices: [],
  endKeys: ['ctrl-c', 'ctrl-c'],
};
