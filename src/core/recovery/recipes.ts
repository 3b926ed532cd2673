/**
 * Recovery recipes: for each agent, the text Session Doctor types into its terminal (compact, clear, prompt fix), the key
 * that interrupts it, and the shell commands that restart it on the same session (resume) or start a fresh one. The
 * defaults come from each agent's own CLI; the setting `sessionDoctor.recipes` overrides them per agent, field by field
 * (an empty string turns a recovery off for that agent). A recovery whose recipe field is empty is not offered
 * (see `recoveryActionsFor` in recoveryActions.ts). Pure module: no `vscode`, no Node built-ins.
 *
 * Sources of the defaults:
 * - Claude Code 2.x: `/compact`, `/clear`, Escape interrupts, `claude --resume <id>`, `claude`.
 * - Codex CLI (@openai/codex): `/compact`, `/new`, Escape interrupts, `codex resume <id>`, `codex`.
 * - Gemini CLI 0.61.0 (@google/gemini-cli, read from its bundle): slash commands `/compress` and `/clear`; Escape cancels
 *   the turn; `gemini --resume <uuid>` (also `--resume latest`, `--list-sessions`).
 * - Qwen Code: a fork of Gemini CLI, the same commands (`qwen`). Not checked against a release here.
 * - Aider: no compact command (it summarizes history itself); `/clear` drops the chat history (`/reset` also drops the
 *   files); Ctrl+C interrupts; no session ids: `aider --restore-chat-history` restarts with the history of
 *   `.aider.chat.history.md`.
 * - opencode: `/compact`, `/new`, Escape, `opencode --session <id>`. Not checked against a release here.
 * - GitHub Copilot Chat and Cline run inside VS Code, not in a terminal: no terminal recovery.
 */
import type { AgentKind } from '../model/event';

/** The key that interrupts an agent's turn: Escape, Ctrl+C, or none (`''`: interrupt not offered). */
export type InterruptKey = 'escape' | 'ctrl-c' | '';

/** One agent's recipe. Every field may be `''`, which means the agent cannot do that recovery. */
export interface Recipe {
  /** Typed into the agent's terminal (then Enter) to compact the context, e.g. `/compact`. */
  compact: string;
  /** Typed into the agent's terminal to clear the conversation, e.g. `/clear`. */
  clear: string;
  /** Key sent to interrupt the current turn. */
  interrupt: InterruptKey;
  /** Shell command that restarts the agent on the same session; `${sessionId}` is replaced by the (shell-safe) id. */
  resume: string;
  /** Shell command that starts a fresh session of the agent. */
  fresh: string;
  /** Typed into the agent's terminal by "Retry with Prompt Fix". */
  promptFix: string;
}

/** Recipes of every agent. */
export type RecipeTable = Readonly<Record<AgentKind, Recipe>>;

/** The corrective prompt typed by "Retry with Prompt Fix" unless overridden. */
export const DEFAULT_PROMPT_FIX = "Your last tool call was malformed. Retry it with valid JSON arguments that match the tool's schema.";

const NONE: Recipe = { compact: '', clear: '', interrupt: '', resume: '', fresh: '', promptFix: '' };

/** The built-in recipes (see the module comment for where each comes from). */
export const DEFAULT_RECIPES: RecipeTable = {
  'claude-code': { compact: '/compact', clear: '/clear', interrupt: 'escape', resume: 'claude --resume ${sessionId}', fresh: 'claude', promptFix: DEFAULT_PROMPT_FIX },
  codex: { compact: '/compact', clear: '/new', interrupt: 'escape', resume: 'codex resume ${sessionId}', fresh: 'codex', promptFix: DEFAULT_PROMPT_FIX },
  gemini: { compact: '/compress', clear: '/clear', interrupt: 'escape', resume: 'gemini --resume ${sessionId}', fresh: 'gemini', promptFix: DEFAULT_PROMPT_FIX },
  qwen: { compact: '/compress', clear: '/clear', interrupt: 'escape', resume: 'qwen --resume ${sessionId}', fresh: 'qwen', promptFix: DEFAULT_PROMPT_FIX },
  aider: { compact: '', clear: '/clear', interrupt: 'ctrl-c', resume: 'aider --restore-chat-history', fresh: 'aider', promptFix: DEFAULT_PROMPT_FIX },
  opencode: { compact: '/compact', clear: '/new', interrupt: 'escape', resume: 'opencode --session ${sessionId}', fresh: 'opencode', promptFix: DEFAULT_PROMPT_FIX },
  copilot: NONE,
  cline: NONE,
  generic: { ...NONE, interrupt: 'ctrl-c', promptFix: DEFAULT_PROMPT_FIX },
};

/** Agent kinds that take a recipe (the keys of `sessionDoctor.recipes`). */
export const RECIPE_AGENTS = Object.keys(DEFAULT_RECIPES) as AgentKind[];

const FIELDS: readonly (keyof Recipe)[] = ['compact', 'clear', 'interrupt', 'resume', 'fresh', 'promptFix'];

/**
 * The recipes with the user's overrides (`sessionDoctor.recipes`: `{ "<agent>": { compact?, clear?, interrupt?, resume?,
 * fresh?, promptFix? } }`) laid over the defaults, field by field. Unknown agents, unknown fields, non-string values
 * and interrupt keys other than `escape`/`ctrl-c`/`''` are left out and reported in `problems` (one sentence each).
 * Never throws.
 */
export function resolveRecipes(overrides: unknown): { recipes: RecipeTable; problems: string[] } {
  const problems: string[] = [];
  const recipes: Record<string, Recipe> = {};
  for (const agent of RECIPE_AGENTS) {
    recipes[agent] = { ...DEFAULT_RECIPES[agent] };
  }
  if (overrides === undefined || overrides === null) {
    return { recipes: recipes as RecipeTable, problems };
  }
  if (typeof overrides !== 'object' || Array.isArray(overrides)) {
    return { recipes: recipes as RecipeTable, problems: ['recipes: expected an object keyed by agent (e.g. { "codex": { "compact": "/compact" } }).'] };
  }
  for (const [agent, value] of Object.entries(overrides as Record<string, unknown>)) {
    const recipe = recipes[agent];
    if (!recipe) {
      problems.push(`recipes: unknown agent "${agent}" (known: ${RECIPE_AGENTS.join(', ')}).`);
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      problems.push(`recipes.${agent}: expected an object with compact, clear, interrupt, resume, fresh or promptFix.`);
      continue;
    }
    for (const [field, v] of Object.entries(value as Record<string, unknown>)) {
      if (!(FIELDS as readonly string[]).includes(field)) {
        problems.push(`recipes.${agent}.${field}: unknown field (known: ${FIELDS.join(', ')}).`);
      } else if (typeof v !== 'string') {
        problems.push(`recipes.${agent}.${field}: expected a string.`);
      } else if (field === 'interrupt' && v !== 'escape' && v !== 'ctrl-c' && v !== '') {
        problems.push(`recipes.${agent}.interrupt: expected "escape", "ctrl-c" or "" (none), not "${v}".`);
      } else {
        (recipe as unknown as Record<string, string>)[field] = v.trim() === '' ? '' : v;
      }
    }
  }
  return { recipes: recipes as RecipeTable, problems };
}

/** The recipe of an agent (the defaults when `recipes` is not given). */
export function recipeFor(agent: AgentKind, recipes: RecipeTable = DEFAULT_RECIPES): Recipe {
  return recipes[agent] ?? DEFAULT_RECIPES.generic;
}
