/**
 * opencode as an {@link AgentPlugin}. Source: opencode 1.18.33 (`opencode-ai` on npm: `opencode --help`, `opencode run
 * --help`, its binary's bundled JavaScript: the TUI's commands and keybinds, `Global.Path`, the database path, the file
 * logger), and runs of it (test/fixtures/opencode).
 */
import { type AgentPlugin, DEFAULT_PROMPT_FIX } from '../plugin';
import { opencodeDatabaseKind, opencodeLogKind } from './kind';

/** opencode (`opencode-ai` on npm, program `opencode`). Its sessions are in SQLite, its retried API errors in its log. */
export const opencodePlugin: AgentPlugin = {
  id: 'opencode',
  displayName: 'opencode',
  programs: ['opencode', 'opencode-ai'],
  // `-s, --session <id>` continues a session (the TUI and `opencode run`); `-c, --continue` takes the latest and names none.
  resume: { flags: ['--session', '-s'] },
  // The log (every retried API error, which the database does not keep) and the database (every session: prompts,
  // answers, tools, tokens, the last error of a turn). The log first: at a catch-up its retried errors are then seen
  // before the answer that got past them (read later from the database), which resolves them.
  kinds: [opencodeLogKind, opencodeDatabaseKind],
  // TUI slash commands `/compact` (alias `/summarize`) and `/new` (alias `/clear`); `session_interrupt` is Escape, but
  // the first Escape only arms it ("esc again to interrupt"): the interrupt needs Escape twice. `opencode --session
  // <id>` reopens the session in the TUI (the `resume` fixture ran `opencode run --session <id>` on the same session).
  recipe: {
    compact: '/compact',
    clear: '/new',
    interrupt: 'escape',
    resume: 'opencode --session ${sessionId}',
    fresh: 'opencode',
    promptFix: DEFAULT_PROMPT_FIX,
    // opencode ends the turn on a provider limit; the next prompt "continue" goes on in the same session.
    continue: 'continue',
  },
  outputChannels: { defaults: [], matches: ['opencode'] },
  // opencode runs any provider's model; it writes no context window into its files, and the windows of the models it
  // runs most (Claude, GPT, Gemini, Qwen) are in the other plug-ins' tables.
  contextWindows: [],
  // No price table: opencode computes each call's cost itself (models.dev prices) and saves it with the usage.
  prices: [],
  // `app_exit` is Ctrl+C (also Ctrl+D); the first Ctrl+C shows "Press ctrl+c again to exit".
  endKeys: ['ctrl-c', 'ctrl-c'],
  // Its log records every failed model call; a hang leaves the prompt and nothing after it (test/fixtures/opencode/hang).
  unansweredIsHang: true,
};
