/**
 * Continue's CLI (`@continuedev/cli` on npm, program `cn`) as an {@link AgentPlugin}. Source: cn 1.5.47 (`cn --help`,
 * its slash commands in the bundle) and runs of it (test/fixtures/continue).
 */
import { type AgentPlugin, NO_RECIPE } from '../plugin';
import { continueKind } from './kind';

/**
 * Continue. Its sessions are JSON files under `~/.continue/sessions`. The CLI has `/compact`, `/clear` and `/resume`, but
 * they were not checked against its TUI from a terminal, so no recovery is offered yet.
 */
export const continuePlugin: AgentPlugin = {
  id: 'continue',
  displayName: 'Continue',
  programs: ['cn'],
  // `--resume` takes the latest session and names none; `--fork <sessionId>` starts a new session from one.
  resume: { flags: [] },
  kinds: [continueKind],
  recipe: NO_RECIPE,
  outputChannels: { defaults: [], matches: [] },
  contextWindows: [],
  // No price table: the CLI saves each reply's cost (`usage.cost_cents`) itself.
  prices: [],
  endKeys: [],
};
