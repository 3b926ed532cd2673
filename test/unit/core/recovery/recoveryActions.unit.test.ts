import * as assert from 'assert';
import { STRATEGY_LABELS, Strategy } from '../../../../src/core/model/failures';
import {
  ACTION_INFO,
  RecoveryAction,
  autoActionFor,
  canRecover,
  isShellSafeSessionId,
  recoveryActionsFor,
  sessionContextValue,
  recoveryStepsFor,
  resumeCommandFor,
  strategyOfAction,
} from '../../../../src/core/recovery/recoveryActions';
import { DEFAULT_RECIPES, resolveRecipes } from '../../../../src/core/recovery/recipes';

describe('recoveryActionsFor', () => {
  const expected: Record<Strategy, RecoveryAction[]> = {
    compact_context: ['compact', 'restart'],
    restart_session: ['restart'],
    clear_stale_session: ['clearStale'],
    backoff: ['interrupt'],
    retry_with_prompt_fix: ['promptFix', 'restart'],
    break_loop_and_notify: ['interrupt', 'promptFix'],
    halt_and_notify: ['interrupt'],
  };

  for (const strategy of Object.keys(STRATEGY_LABELS) as Strategy[]) {
    it(`${strategy}: the strategy's steps, then acknowledge and snooze (Claude Code)`, () => {
      assert.deepStrictEqual(recoveryActionsFor(strategy, 'claude-code'), [...expected[strategy], 'acknowledge', 'snooze']);
    });
  }

  it('offers for other agents only the steps their recipe has', () => {
    assert.deepStrictEqual(recoveryActionsFor('compact_context', 'codex'), ['compact', 'restart', 'acknowledge', 'snooze']);
    // Aider has no compact command; it restarts with its chat history.
    assert.deepStrictEqual(recoveryActionsFor('compact_context', 'aider'), ['restart', 'acknowledge', 'snooze']);
    assert.deepStrictEqual(recoveryActionsFor('retry_with_prompt_fix', 'generic'), ['promptFix', 'acknowledge', 'snooze']);
    assert.deepStrictEqual(recoveryActionsFor('break_loop_and_notify', 'aider'), ['interrupt', 'promptFix', 'acknowledge', 'snooze']);
    // Copilot Chat, Roo Code and Kilo Code run inside VS Code: no terminal recovery at all. Cline also runs as a CLI
    // (`cline`), whose turn Escape interrupts.
    assert.deepStrictEqual(recoveryActionsFor('compact_context', 'copilot'), ['acknowledge', 'snooze']);
    assert.deepStrictEqual(recoveryActionsFor('halt_and_notify', 'roo'), ['acknowledge', 'snooze']);
    assert.deepStrictEqual(recoveryActionsFor('halt_and_notify', 'kilo'), ['acknowledge', 'snooze']);
    assert.deepStrictEqual(recoveryActionsFor('halt_and_notify', 'cline'), ['interrupt', 'acknowledge', 'snooze']);
  });

  it("follows the user's recipes: an emptied field is not offered, a broken resume is not offered", () => {
    const { recipes } = resolveRecipes({ codex: { compact: '' }, gemini: { resume: '' } });
    assert.deepStrictEqual(recoveryStepsFor('compact_context', 'codex', recipes), ['restart']);
    assert.deepStrictEqual(recoveryStepsFor('compact_context', 'gemini', recipes), ['compact']);
    assert.deepStrictEqual(recoveryStepsFor('compact_context', 'claude-code', undefined, { resumeBroken: true }), ['compact']);
    assert.strictEqual(canRecover('restart', DEFAULT_RECIPES['claude-code'], { resumeBroken: true }), false);
    assert.strictEqual(autoActionFor('restart_session', 'claude-code', undefined, { resumeBroken: true }), undefined);
  });

  it('names each session row after its agent and what it can do (tree menus match these)', () => {
    assert.strictEqual(
      sessionContextValue('claude-code'),
      'session.claude-code.can-compact.can-restart.can-clearStale.can-interrupt.can-promptFix',
    );
    assert.strictEqual(sessionContextValue('aider'), 'session.aider.can-restart.can-clearStale.can-interrupt.can-promptFix');
    assert.strictEqual(sessionContextValue('copilot'), 'session.copilot');
    const menuCompact = /^session\..*\.can-compact(\.|$)/;
    assert.ok(menuCompact.test(sessionContextValue('gemini')));
    assert.ok(!menuCompact.test(sessionContextValue('aider')));
    assert.ok(/^session/.test(sessionContextValue('generic')));
  });

  it('never repeats an action', () => {
    for (const strategy of Object.keys(STRATEGY_LABELS) as Strategy[]) {
      const actions = recoveryActionsFor(strategy, 'claude-code');
      assert.strictEqual(new Set(actions).size, actions.length, strategy);
    }
  });

  it('recoveryStepsFor drops acknowledge and snooze', () => {
    assert.deepStrictEqual(recoveryStepsFor('compact_context', 'claude-code'), ['compact', 'restart']);
    assert.deepStrictEqual(recoveryStepsFor('compact_context', 'gemini'), ['compact', 'restart']);
    assert.deepStrictEqual(recoveryStepsFor('compact_context', 'copilot'), []);
  });

  it('labels the strategy steps with the strategy labels', () => {
    assert.strictEqual(ACTION_INFO.compact.label, STRATEGY_LABELS.compact_context);
    assert.strictEqual(ACTION_INFO.restart.label, STRATEGY_LABELS.restart_session);
    assert.strictEqual(ACTION_INFO.clearStale.label, STRATEGY_LABELS.clear_stale_session);
    assert.strictEqual(ACTION_INFO.promptFix.label, STRATEGY_LABELS.retry_with_prompt_fix);
  });

  it('asks before ending a process only for restart and clear', () => {
    const ending = (Object.keys(ACTION_INFO) as RecoveryAction[]).filter((a) => ACTION_INFO[a].endsProcess);
    assert.deepStrictEqual(ending.sort(), ['clearStale', 'restart']);
  });
});

describe('autoActionFor / strategyOfAction', () => {
  it('leaves backoff to the agent and takes the first step otherwise', () => {
    assert.strictEqual(autoActionFor('backoff', 'claude-code'), undefined);
    assert.strictEqual(autoActionFor('compact_context', 'claude-code'), 'compact');
    assert.strictEqual(autoActionFor('halt_and_notify', 'claude-code'), 'interrupt');
    assert.strictEqual(autoActionFor('compact_context', 'codex'), 'compact');
    assert.strictEqual(autoActionFor('compact_context', 'aider'), 'restart');
    assert.strictEqual(autoActionFor('compact_context', 'copilot'), undefined);
  });

  it('records interrupt under the finding strategy when it interrupts', () => {
    assert.strictEqual(strategyOfAction('interrupt', 'backoff'), 'backoff');
    assert.strictEqual(strategyOfAction('interrupt', 'break_loop_and_notify'), 'break_loop_and_notify');
    assert.strictEqual(strategyOfAction('interrupt', 'compact_context'), 'halt_and_notify');
    assert.strictEqual(strategyOfAction('interrupt'), 'halt_and_notify');
    assert.strictEqual(strategyOfAction('compact'), 'compact_context');
  });
});

describe('resumeCommandFor', () => {
  it('substitutes every ${sessionId}', () => {
    const id = '6f1c2e0a-3b7d-4c1e-9a55-0d2f4e6b8a10';
    assert.strictEqual(resumeCommandFor('claude --resume ${sessionId}', id), `claude --resume ${id}`);
    assert.strictEqual(resumeCommandFor('x ${sessionId} ${sessionId}', 'abc'), 'x abc abc');
  });

  it('refuses ids that could inject shell syntax', () => {
    for (const bad of ['a; rm -rf ~', '$(whoami)', '`id`', '', '-rf', 'a b', 'a\nb']) {
      assert.strictEqual(isShellSafeSessionId(bad), false, JSON.stringify(bad));
      assert.throws(() => resumeCommandFor('claude --resume ${sessionId}', bad), /Refusing/);
    }
  });

  it('returns a template without ${sessionId} as it is (Aider restarts from its chat history)', () => {
    assert.strictEqual(resumeCommandFor('aider --restore-chat-history', 'aider-20251020T214922-1a2b3c4d'), 'aider --restore-chat-history');
  });
});
