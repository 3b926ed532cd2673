/**
 * Qwen Code as an {@link AgentPlugin}. Source: Qwen Code 0.24.4 (`@qwen-code/qwen-code`, its `qwen --help` and its npm
 * bundle: packages/cli/src/ui/commands, packages/core/src/core/tokenLimits.ts), and runs of it (test/fixtures/qwen).
 */
import { type AgentPlugin, DEFAULT_PROMPT_FIX } from '../plugin';
import { qwenKind } from './kind';

/** Qwen Code (`@qwen-code/qwen-code`, program `qwen`), a fork of Gemini CLI for OpenAI-compatible APIs. */
export const qwenPlugin: AgentPlugin = {
  id: 'qwen',
  displayName: 'Qwen Code',
  programs: ['qwen', '@qwen-code/qwen-code'],
  // `-r, --resume <id>` resumes a session (without an id: a picker); `--session-id <id>` names the session of a run;
  // `-c, --continue` takes the latest session and names none.
  resume: { flags: ['--resume', '-r', '--session-id'] },
  kinds: [qwenKind],
  // Slash commands `/compress` (also `/summarize`) and `/clear` (also `/reset`, `/new`); Escape cancels the running turn
  // ("esc to cancel"); `qwen --resume <id>` appends to the same session file (the `compress` fixture ran it).
  recipe: {
    compact: '/compress',
    clear: '/clear',
    interrupt: 'escape',
    resume: 'qwen --resume ${sessionId}',
    fresh: 'qwen',
    promptFix: DEFAULT_PROMPT_FIX,
    // Qwen Code (a Gemini CLI fork) ends the turn on a quota error; the next prompt "continue" goes on.
    continue: 'continue',
  },
  outputChannels: { defaults: [], matches: ['qwen'] },
  // The CLI's own table (packages/core/src/core/tokenLimits.ts, 0.24.4; the same number is saved as `contextWindowSize`
  // with each reply): Qwen3-Coder-Plus / -Flash, Qwen3.x, qwen-plus-latest, qwen-flash-latest and `coder-model` (Qwen
  // OAuth) 1 000 000; Qwen3-Max, open Qwen3-Coder and other Qwen models 262 144 (the Qwen3-Coder model card's native
  // 256K); models it is often run with: DeepSeek V4 1 000 000, other DeepSeek 131 072; Kimi K3 1 000 000, other Kimi
  // 262 144; MiniMax M3 1 000 000, M2.5 196 608, other MiniMax 200 000 (GLM left out: its rules are not by prefix).
  contextWindows: [
    { prefix: 'qwen3-coder-plus', tokens: 1_000_000 },
    { prefix: 'qwen3-coder-flash', tokens: 1_000_000 },
    { prefix: 'qwen3-coder', tokens: 262_144 },
    { prefix: 'qwen3-max', tokens: 262_144 },
    { prefix: 'qwen3.', tokens: 1_000_000 },
    { prefix: 'qwen-plus-latest', tokens: 1_000_000 },
    { prefix: 'qwen-flash-latest', tokens: 1_000_000 },
    { prefix: 'coder-model', tokens: 1_000_000 },
    { prefix: 'qwen', tokens: 262_144 },
    { prefix: 'deepseek-v4', tokens: 1_000_000 },
    { prefix: 'deepseek-flash', tokens: 1_000_000 },
    { prefix: 'deepseek', tokens: 131_072 },
    { prefix: 'kimi-k3', tokens: 1_000_000 },
    { prefix: 'kimi-', tokens: 262_144 },
    { prefix: 'minimax-m3', tokens: 1_000_000 },
    { prefix: 'minimax-m2.5', tokens: 196_608 },
    { prefix: 'minimax-', tokens: 200_000 },
  ],
  // No price table: the CLI computes no cost and no provider's price list was checked offline.
  prices: [],
  // Ctrl+C once shows "Press Ctrl+C again to exit.", the second exits.
  endKeys: ['ctrl-c', 'ctrl-c'],
  // Every failed request is written (a `ui_telemetry` `qwen-code.api_error` record per attempt, test/fixtures/qwen); a
  // request that never answered leaves the prompt and its `attribution_snapshot` last (hang.jsonl, 0.24.4). A headless
  // run stopped with Ctrl+C while it waited writes nothing more either (hang_interrupted.jsonl): it reads the same way.
  unansweredIsHang: true,
};
