/** Gemini CLI as an {@link AgentPlugin}. Sources: Gemini CLI 0.61.0 (`@google/gemini-cli`, read from its bundle), Google's model pages. */
import { type AgentPlugin, DEFAULT_PROMPT_FIX } from '../plugin';
import { geminiErrorReportKind } from './errorReports';
import { geminiKind } from './kind';

/** Gemini CLI (`@google/gemini-cli`). */
export const geminiPlugin: AgentPlugin = {
  id: 'gemini',
  displayName: 'Gemini CLI',
  programs: ['gemini', '@google/gemini-cli'],
  resume: { flags: ['--resume', '-r', '--session-id'] },
  kinds: [geminiKind, geminiErrorReportKind],
  // Slash commands `/compress` and `/clear`; Escape cancels the turn; `gemini --resume <uuid>` (also `latest`).
  recipe: {
    compact: '/compress',
    clear: '/clear',
    interrupt: 'escape',
    resume: 'gemini --resume ${sessionId}',
    fresh: 'gemini',
    promptFix: DEFAULT_PROMPT_FIX,
    // Gemini CLI ends the turn on a quota error; the next prompt "continue" goes on in the same session.
    continue: 'continue',
  },
  outputChannels: { defaults: ['Gemini Code Assist'], matches: ['gemini'] },
  // Google Gemini API model pages: Gemini 2.x / 3 Pro and Flash 1 048 576; Gemini 1.5 Pro 2 097 152.
  contextWindows: [
    { prefix: 'gemini-1.5-pro', tokens: 2_097_152 },
    { prefix: 'gemini-1.5-flash', tokens: 1_048_576 },
    { prefix: 'gemini-2', tokens: 1_048_576 },
    { prefix: 'gemini-3', tokens: 1_048_576 },
  ],
  // Paid tier, prompts up to 200k tokens, as Google's pricing page listed them in 2025-10 (not re-checked offline); cached
  // input is the cache read (context caching), no separate cache write.
  prices: [
    { match: 'gemini-2.5-flash-lite', input: 0.1, output: 0.4, cacheRead: 0.01, cacheWrite: 0 },
    { match: 'gemini-2.5-flash', input: 0.3, output: 2.5, cacheRead: 0.03, cacheWrite: 0 },
    { match: 'gemini-2.5-pro', input: 1.25, output: 10, cacheRead: 0.125, cacheWrite: 0 },
  ],
  endKeys: ['ctrl-c', 'ctrl-c'],
  // A turn that ended with no answer takes its prompt out of the history (a failed headless run, whose error is in its
  // report) or saves "Request cancelled." (the TUI's Escape): a prompt still last was never answered, as in the real
  // 0.61.0 hang run killed while it waited (test/fixtures/gemini/hang.jsonl; session.ts says how each ending reads).
  unansweredIsHang: true,
};
