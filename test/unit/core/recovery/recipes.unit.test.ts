import * as assert from 'assert';
import { DEFAULT_RECIPES, RECIPE_AGENTS, recipeFor, resolveRecipes } from '../../../../src/core/recovery/recipes';

describe('recovery recipes', () => {
  it("has each agent's own commands by default", () => {
    assert.deepStrictEqual(
      [
        DEFAULT_RECIPES['claude-code'].compact,
        DEFAULT_RECIPES['claude-code'].clear,
        DEFAULT_RECIPES['claude-code'].interrupt,
        DEFAULT_RECIPES['claude-code'].resume,
        DEFAULT_RECIPES['claude-code'].fresh,
      ],
      ['/compact', '/clear', 'escape', 'claude --resume ${sessionId}', 'claude'],
    );
    assert.deepStrictEqual(
      [DEFAULT_RECIPES.codex.compact, DEFAULT_RECIPES.codex.clear, DEFAULT_RECIPES.codex.resume, DEFAULT_RECIPES.codex.fresh],
      ['/compact', '/new', 'codex resume ${sessionId}', 'codex'],
    );
    assert.deepStrictEqual(
      [DEFAULT_RECIPES.gemini.compact, DEFAULT_RECIPES.gemini.clear, DEFAULT_RECIPES.gemini.resume],
      ['/compress', '/clear', 'gemini --resume ${sessionId}'],
    );
    assert.deepStrictEqual(
      [DEFAULT_RECIPES.aider.compact, DEFAULT_RECIPES.aider.clear, DEFAULT_RECIPES.aider.interrupt],
      ['', '/clear', 'ctrl-c'],
    );
    assert.strictEqual(DEFAULT_RECIPES.qwen.compact, DEFAULT_RECIPES.gemini.compact);
  });

  it('lays the user\'s overrides over the defaults field by field; "" turns a recovery off', () => {
    const { recipes, problems } = resolveRecipes({
      'claude-code': { resume: 'ccr --resume ${sessionId}', compact: '  ' },
      aider: { interrupt: 'escape' },
    });
    assert.deepStrictEqual(problems, []);
    assert.strictEqual(recipes['claude-code'].resume, 'ccr --resume ${sessionId}');
    assert.strictEqual(recipes['claude-code'].compact, '');
    assert.strictEqual(recipes['claude-code'].fresh, 'claude');
    assert.strictEqual(recipes.aider.interrupt, 'escape');
    assert.strictEqual(DEFAULT_RECIPES['claude-code'].compact, '/compact', 'the defaults are not changed');
  });

  it('reports unknown agents, fields, types and interrupt keys, and keeps the rest', () => {
    const { recipes, problems } = resolveRecipes({
      claud: { compact: '/x' },
      codex: { compat: '/x', clear: 3, interrupt: 'f1', fresh: 'codex --full-auto' },
      gemini: 'x',
    });
    assert.strictEqual(problems.length, 5, problems.join('\n'));
    assert.match(problems.join('\n'), /unknown agent "claud"/);
    assert.match(problems.join('\n'), /recipes\.codex\.compat: unknown field/);
    assert.match(problems.join('\n'), /recipes\.codex\.clear: expected a string/);
    assert.match(problems.join('\n'), /recipes\.codex\.interrupt: expected "escape", "ctrl-c"/);
    assert.match(problems.join('\n'), /recipes\.gemini: expected an object/);
    assert.strictEqual(recipes.codex.fresh, 'codex --full-auto');
    assert.strictEqual(recipes.codex.clear, '/new');
    assert.deepStrictEqual(resolveRecipes([1]).problems.length, 1);
  });

  it('has a recipe for every agent kind', () => {
    for (const agent of RECIPE_AGENTS) {
      assert.ok(recipeFor(agent), agent);
    }
    assert.deepStrictEqual(RECIPE_AGENTS.sort(), [
      'aider',
      'claude-code',
      'cline',
      'codex',
      'continue',
      'copilot',
      'copilot-cli',
      'gemini',
      'generic',
      'kilo',
      'opencode',
      'pi',
      'qwen',
      'roo',
    ]);
  });
});
