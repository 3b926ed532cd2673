/** Claude Code as an {@link AgentPlugin}. Sources: Claude Code 2.x (`claude --help`, its slash commands), Anthropic's docs. */
import { type AgentPlugin, DEFAULT_PROMPT_FIX } from '../plugin';
import { claudeKind } from './kind';

/** Claude Code (`@anthropic-ai/claude-code`). */
export const claudePlugin: AgentPlugin = {
  id: 'claude-code',
  displayName: 'Claude Code',
  programs: ['claude', 'claude-code', '@anthropic-ai/claude-code'],
  resume: { flags: ['--resume', '-r', '--session-id'] },
  kinds: [claudeKind],
  // `/compact`, `/clear`, Escape interrupts, `claude --resume <id>`.
  recipe: {
    compact: '/compact',
    clear: '/clear',
    interrupt: 'escape',
    resume: 'claude --resume ${sessionId}',
    fresh: 'claude',
    promptFix: DEFAULT_PROMPT_FIX,
    // Claude Code's usage-limit halt waits for the user's next prompt; "continue" is what its users type (anthropics/claude-code#13354, #35744).
    continue: 'continue',
  },
  outputChannels: { defaults: ['Claude Code'], matches: ['claude'] },
  // Anthropic "Models overview" / "Context windows" (checked 2026-11): every Claude model has 200 000 tokens; the `[1m]`
  // variant is handled in contextWindows.ts.
  contextWindows: [{ prefix: 'claude-', tokens: 200_000 }],
  // Anthropic's pricing page, Claude API standard tier, 5-minute cache writes (checked 2026-11). Most specific first.
  prices: [
    { match: 'opus-4-5', input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
    { match: 'opus-4-6', input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
    { match: 'opus', input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
    { match: 'sonnet', input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
    { match: 'haiku-4', input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
    { match: '3-5-haiku', input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 },
    { match: 'haiku', input: 0.25, output: 1.25, cacheRead: 0.03, cacheWrite: 0.3 },
  ],
  // Ctrl+C twice: its "press Ctrl+C again to exit".
  endKeys: ['ctrl-c', 'ctrl-c'],
  // Every failed request is written (`system`/`api_error` per retry, then the synthetic "API Error: ..." message, its own
  // request timeout too: test/fixtures/claude/hang.jsonl); a request that never answered leaves the prompt and the
  // `api-request` bookkeeping last (hang_no_timeout.jsonl, 2.1.330). Esc writes "[Request interrupted by user]"; a
  // print-mode run stopped with Ctrl+C writes no such line (only `last-prompt` / `cost-state`, hang_interrupted.jsonl).
  unansweredIsHang: true,
};
