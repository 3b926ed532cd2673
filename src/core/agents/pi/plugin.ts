/**
 * pi (`@mariozechner/pi-coding-agent` on npm, program `pi`) as an {@link AgentPlugin}. Source: pi 0.73.1 (`pi --help`,
 * its docs/usage.md, keybindings.md, session-format.md) and runs of it (test/fixtures/pi).
 */
import { type AgentPlugin, DEFAULT_PROMPT_FIX } from '../plugin';
import { piKind } from './kind';

/** pi, the minimal coding agent. Its sessions are JSONL files under `~/.pi/agent/sessions`. */
export const piPlugin: AgentPlugin = {
  id: 'pi',
  displayName: 'pi',
  programs: ['pi'],
  // `--session <path|id>` opens a session (a partial UUID is enough); `-c/--continue` takes the latest and names none.
  resume: { flags: ['--session'] },
  kinds: [piKind],
  // Slash commands `/compact` and `/new`; `app.interrupt` is Escape; `pi --session <id>` reopens the session.
  recipe: {
    compact: '/compact',
    clear: '/new',
    interrupt: 'escape',
    resume: 'pi --session ${sessionId}',
    fresh: 'pi',
    promptFix: DEFAULT_PROMPT_FIX,
    // pi ends the turn on a failed model call; the next prompt "continue" goes on in the same session.
    continue: 'continue',
  },
  outputChannels: { defaults: [], matches: [] },
  // pi runs any provider's model and saves no context window in its files; the models it runs most are in the other
  // plug-ins' tables.
  contextWindows: [],
  // No price table: pi saves each reply's cost (`usage.cost.total`, USD) itself.
  prices: [],
  // `app.exit` is Ctrl+D on an empty editor (Ctrl+C only clears the editor).
  endKeys: ['ctrl-d'],
  // Every failed model call (each retry too) is an assistant message with `stopReason: "error"`; a hang after the first
  // reply leaves the prompt and nothing after it (test/fixtures/pi/hang_after_reply). Before the first reply: no file.
  unansweredIsHang: true,
};
