/**
 * GitHub Copilot CLI (`@github/copilot`, 1.0.102) as an {@link AgentPlugin}: its session event logs (kind.ts, events.ts)
 * and its TUI's recoveries. Source: the real 1.0.102 TUI driven in a pseudo-terminal, offline against our fake server
 * (`node scripts/make-copilot-fixtures.mjs tui_recipes`; what each key and command did is in
 * test/fixtures/copilot/tui_recipes.screens.txt). Copilot Chat, the VS Code extension, is the agent `copilot`
 * (../copilotChat/plugin.ts): it runs in no terminal, so this recipe never applies to it.
 */
import { type AgentPlugin, DEFAULT_PROMPT_FIX } from '../plugin';
import { copilotCliKind } from './kind';

/**
 * GitHub Copilot CLI. Checked in its TUI: `/compact` ("Compaction completed"), `/clear` ("Started a fresh session"; `/new`
 * does the same), Ctrl+C while a request waits ("Operation cancelled by user"; Escape did nothing there),
 * `copilot --resume <id>` (the same session, its history shown, new turns appended to its event log), `copilot`.
 */
export const copilotCliPlugin: AgentPlugin = {
  id: 'copilot-cli',
  displayName: 'Copilot CLI',
  // `--resume[=<id>]` reopens a session; it prints `Resume copilot --resume=<id>` when it ends.
  programs: ['copilot', '@github/copilot'],
  resume: { flags: ['--resume'] },
  kinds: [copilotCliKind],
  recipe: {
    compact: '/compact',
    clear: '/clear',
    interrupt: 'ctrl-c',
    resume: 'copilot --resume ${sessionId}',
    fresh: 'copilot',
    promptFix: DEFAULT_PROMPT_FIX,
    // No usage-limit halt of Copilot CLI was seen (its bring-your-own-key mode has none), so nothing is typed at a reset.
    continue: '',
  },
  outputChannels: { defaults: [], matches: [] },
  contextWindows: [],
  prices: [],
  // Idle, Ctrl+C twice ends it; while a request runs the first Ctrl+C cancels the request, so a third is needed (an extra
  // one at the shell prompt is harmless).
  endKeys: ['ctrl-c', 'ctrl-c', 'ctrl-c'],
  // Every other ending of a turn is logged (an answer and `assistant.turn_end`, `session.error` with the failure after its
  // retries, `abort` on Ctrl+C): a prompt with only `system.message` and `assistant.turn_start` after it was never
  // answered, as in the real 1.0.102 hang run killed while it waited (test/fixtures/copilot/hang.events.jsonl).
  unansweredIsHang: true,
};
