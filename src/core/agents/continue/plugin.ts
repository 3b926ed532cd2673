/**
 * Continue's CLI (`@continuedev/cli` on npm, program `cn`) as an {@link AgentPlugin}. Source: cn 1.5.47 (`cn --help`,
 * its slash commands in the bundle), runs of it (test/fixtures/continue), and its TUI driven in a pseudo-terminal for the
 * recipe (`node scripts/make-continue-fixtures.mjs tui_recipes`; what each key and command did is in
 * test/fixtures/continue/tui_recipes.screens.txt).
 */
import { type AgentPlugin, DEFAULT_PROMPT_FIX } from '../plugin';
import { continueKind } from './kind';

/**
 * Continue. Its sessions are JSON files under `~/.continue/sessions`. Checked in its TUI: `/compact` ("Chat history
 * compacted successfully."), `/clear` ("Chat history cleared"; the next prompt starts a new session file), Escape while a
 * request waits ("Interrupted by user"), `cn --fork <id>` (a new session holding that session's history: `cn` can
 * resume only its latest session, `--resume`, which names none), `cn`.
 */
export const continuePlugin: AgentPlugin = {
  id: 'continue',
  displayName: 'Continue',
  programs: ['cn'],
  // `--resume` takes the latest session and names none; `--fork <sessionId>` writes a new session, so neither names the
  // session a terminal runs.
  resume: { flags: [] },
  kinds: [continueKind],
  recipe: {
    compact: '/compact',
    clear: '/clear',
    interrupt: 'escape',
    resume: 'cn --fork ${sessionId}',
    fresh: 'cn',
    promptFix: DEFAULT_PROMPT_FIX,
    // No usage-limit halt of cn was seen offline, so nothing is typed at a reset.
    continue: '',
  },
  outputChannels: { defaults: [], matches: [] },
  contextWindows: [],
  // No price table: the CLI saves each reply's cost (`usage.cost_cents`) itself.
  prices: [],
  // Ctrl+C twice within a second ends it, idle or while a request runs (the first prints "ctrl+c to exit").
  endKeys: ['ctrl-c', 'ctrl-c'],
};
