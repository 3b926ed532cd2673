/** Aider as an {@link AgentPlugin}. Source: Aider's documentation of its in-chat commands and options (aider-chat 0.86). */
import { type AgentPlugin, DEFAULT_PROMPT_FIX } from '../plugin';
import { aiderKind } from './kind';

/** Aider (`aider-chat` on PyPI). It runs any provider's model: its windows and prices are those of the other agents' tables. */
export const aiderPlugin: AgentPlugin = {
  id: 'aider',
  displayName: 'Aider',
  programs: ['aider', 'aider-chat', 'aider-install'],
  // No session ids: `--restore-chat-history` restarts with the history of `.aider.chat.history.md`.
  resume: { flags: [] },
  kinds: [aiderKind],
  // No compact command (it summarizes history itself); `/clear` drops the chat history; Ctrl+C interrupts.
  recipe: {
    compact: '',
    clear: '/clear',
    interrupt: 'ctrl-c',
    resume: 'aider --restore-chat-history',
    fresh: 'aider',
    promptFix: DEFAULT_PROMPT_FIX,
    // Aider ends the reply on a rate limit; the next message "continue" goes on with the chat history.
    continue: 'continue',
  },
  outputChannels: { defaults: [], matches: ['aider'] },
  contextWindows: [],
  prices: [],
  endKeys: ['ctrl-c', 'ctrl-c'],
};
