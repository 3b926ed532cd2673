import * as assert from 'assert';
import { agentTerminalNames, resumePlan } from '../../../../src/core/recovery/resumeAtResetPlan';
import { DEFAULT_RECIPES, resolveRecipes } from '../../../../src/core/recovery/recipes';

const ID = '3f0c2a8e-1b7d-4c55-9e0a-2d6f1b9c7e11';

describe('core/recovery/resumeAtResetPlan', () => {
  it("types each agent's own continue text from its recipe into the terminal that runs it", () => {
    for (const agent of ['claude-code', 'codex', 'gemini'] as const) {
      assert.deepStrictEqual(resumePlan(DEFAULT_RECIPES[agent], ID, { terminalRunsAgent: true, startWhenEnded: false }), {
        kind: 'type',
        text: DEFAULT_RECIPES[agent].continue,
      });
    }
    // The user's recipe wins, field by field; an empty continue turns the typing off.
    const { recipes } = resolveRecipes({ codex: { continue: 'go on where you stopped' }, gemini: { continue: '' } });
    assert.deepStrictEqual(resumePlan(recipes.codex, ID, { terminalRunsAgent: true, startWhenEnded: false }), {
      kind: 'type',
      text: 'go on where you stopped',
    });
    assert.strictEqual(resumePlan(recipes.gemini, ID, { terminalRunsAgent: true, startWhenEnded: true }).kind, 'none');
  });

  it("starts the plug-in's resume command in a new terminal only when the agent ended and the user asked", () => {
    const ended = { terminalRunsAgent: false, startWhenEnded: true };
    assert.deepStrictEqual(resumePlan(DEFAULT_RECIPES['claude-code'], ID, ended), {
      kind: 'newTerminal',
      command: `claude --resume ${ID}`,
    });
    assert.deepStrictEqual(resumePlan(DEFAULT_RECIPES.codex, ID, ended), { kind: 'newTerminal', command: `codex resume ${ID}` });
    assert.deepStrictEqual(resumePlan(DEFAULT_RECIPES.gemini, ID, ended), { kind: 'newTerminal', command: `gemini --resume ${ID}` });
    assert.deepStrictEqual(resumePlan(DEFAULT_RECIPES.codex, ID, { terminalRunsAgent: false, startWhenEnded: false }), {
      kind: 'none',
      why: 'no VS Code terminal runs the agent any more',
    });
    // No resume command (an IDE agent), or an id that is not safe in a shell: nothing is started.
    assert.strictEqual(resumePlan(DEFAULT_RECIPES.copilot, ID, ended).kind, 'none');
    const unsafe = resumePlan(DEFAULT_RECIPES['claude-code'], 'x; rm -rf ~', ended);
    assert.strictEqual(unsafe.kind, 'none');
    assert.match(unsafe.kind === 'none' ? unsafe.why : '', /not a plain id/);
  });

  it("names an agent's terminals by its programs, display name and the extra names", () => {
    assert.deepStrictEqual(agentTerminalNames('claude-code', ['cc']), [
      'claude',
      'claude-code',
      '@anthropic-ai/claude-code',
      'Claude Code',
      'cc',
    ]);
    assert.ok(agentTerminalNames('codex').includes('codex'));
  });
});
