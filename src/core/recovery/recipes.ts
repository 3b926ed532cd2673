/**
 * Recovery recipes: for each agent, the text Session Doctor types into its terminal (compact, clear, prompt fix, the
 * continue text after a usage limit's reset), the key
 * that interrupts it, and the shell commands that restart it on the same session (resume) or start a fresh one. The
 * defaults are each agent plug-in's `recipe` (src/core/agents/<id>/plugin.ts, which names where it comes from); the
 * setting `sessionDoctor.recipes` overrides them per agent, field by field (an empty string turns a recovery off for that
 * agent). A recovery whose recipe field is empty is not offered (see `recoveryActionsFor` in recoveryActions.ts).
 * Pure module: no `vscode`, no Node built-ins.
 */
import type { AgentKind } from '../model/event';
import { AGENTS } from '../agents/index';
import { DEFAULT_PROMPT_FIX, type InterruptKey, type Recipe } from '../agents/plugin';

export { DEFAULT_PROMPT_FIX };
export type { InterruptKey, Recipe };

/** Recipes of every agent. */
export type RecipeTable = Readonly<Record<AgentKind, Recipe>>;

/** The built-in recipes: each agent plug-in's `recipe`. */
export const DEFAULT_RECIPES: RecipeTable = Object.fromEntries(AGENTS.map((a) => [a.id, a.recipe]));

/** Agent kinds that take a recipe (the keys of `sessionDoctor.recipes`). */
export const RECIPE_AGENTS = Object.keys(DEFAULT_RECIPES) as AgentKind[];

const FIELDS: readonly (keyof Recipe)[] = ['compact', 'clear', 'interrupt', 'resume', 'fresh', 'promptFix', 'continue'];

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
    return {
      recipes: recipes as RecipeTable,
      problems: ['recipes: expected an object keyed by agent (e.g. { "codex": { "compact": "/compact" } }).'],
    };
  }
  for (const [agent, value] of Object.entries(overrides as Record<string, unknown>)) {
    const recipe = recipes[agent];
    if (!recipe) {
      problems.push(`recipes: unknown agent "${agent}" (known: ${RECIPE_AGENTS.join(', ')}).`);
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      problems.push(`recipes.${agent}: expected an object with compact, clear, interrupt, resume, fresh, promptFix or continue.`);
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
