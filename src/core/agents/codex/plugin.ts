/** Codex CLI as an {@link AgentPlugin}. Sources: Codex CLI 0.169.0 (`codex --help`, codex-rs), OpenAI's model pages. */
import { type AgentPlugin, DEFAULT_PROMPT_FIX } from '../plugin';
import { codexKind } from './kind';

/** Codex CLI (`@openai/codex`). */
export const codexPlugin: AgentPlugin = {
  id: 'codex',
  displayName: 'Codex',
  programs: ['codex', '@openai/codex'],
  resume: { flags: ['--resume', '-r', '--session-id'], subcommand: 'resume' },
  kinds: [codexKind],
  // `/compact`, `/new`, Escape interrupts, `codex resume <id>`.
  recipe: {
    compact: '/compact',
    clear: '/new',
    interrupt: 'escape',
    resume: 'codex resume ${sessionId}',
    fresh: 'codex',
    promptFix: DEFAULT_PROMPT_FIX,
    // Codex's "try again at ..." halt waits for the next prompt; "continue" goes on with the same thread (openai/codex#21073).
    continue: 'continue',
  },
  outputChannels: { defaults: ['Codex'], matches: ['codex', 'openai.chatgpt'] },
  // OpenAI model pages: GPT-5 family 400 000 total of which 128 000 output, so 272 000 input (Codex's own
  // `model_context_window`, codex-rs `openai_model_info.rs`); GPT-4.1 1 047 576; GPT-4o 128 000; o3 / o4-mini 200 000.
  contextWindows: [
    { prefix: 'gpt-5', tokens: 272_000 },
    { prefix: 'codex-', tokens: 272_000 },
    { prefix: 'gpt-4.1', tokens: 1_047_576 },
    { prefix: 'gpt-4o', tokens: 128_000 },
    { prefix: 'o3', tokens: 200_000 },
    { prefix: 'o4-mini', tokens: 200_000 },
  ],
  // List prices as OpenAI published them at the GPT-5 launch (2025-08); cached input is the cache read, cache writes are free.
  prices: [
    { match: 'gpt-5-mini', input: 0.25, output: 2, cacheRead: 0.025, cacheWrite: 0 },
    { match: 'gpt-5-nano', input: 0.05, output: 0.4, cacheRead: 0.005, cacheWrite: 0 },
    { match: 'gpt-5', input: 1.25, output: 10, cacheRead: 0.125, cacheWrite: 0 },
  ],
  endKeys: ['ctrl-c', 'ctrl-c'],
  // A turn always ends in the rollout: an answer, `task_complete` with the error once its (bounded) retries are spent, or
  // `turn_aborted` on Ctrl+C. A hang leaves the turn open at the prompt (test/fixtures/codex/hang.jsonl, 0.169.0).
  unansweredIsHang: true,
};
