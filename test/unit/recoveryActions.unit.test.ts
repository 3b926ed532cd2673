import * as assert from 'assert';
import { STRATEGY_LABELS, Strategy } from '../../src/core/failures';
import {
  ACTION_INFO,
  RecoveryAction,
  autoActionFor,
  isShellSafeSessionId,
  recoveryActionsFor,
  recoveryStepsFor,
  resumeCommandFor,
  strategyOfAction,
} from '../../src/core/recoveryActions';

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

  it('keeps only agent-neutral steps for other agents', () => {
    assert.deepStrictEqual(recoveryActionsFor('compact_context', 'codex'), ['acknowledge', 'snooze']);
    assert.deepStrictEqual(recoveryActionsFor('retry_with_prompt_fix', 'generic'), ['promptFix', 'acknowledge', 'snooze']);
    assert.deepStrictEqual(recoveryActionsFor('break_loop_and_notify', 'aider'), ['interrupt', 'promptFix', 'acknowledge', 'snooze']);
  });

  it('never repeats an action', () => {
    for (const strategy of Object.keys(STRATEGY_LABELS) as Strategy[]) {
      const actions = recoveryActionsFor(strategy, 'claude-code');
      assert.strictEqual(new Set(actions).size, actions.length, strategy);
    }
  });

  it('recoveryStepsFor drops acknowledge and snooze', () => {
    assert.deepStrictEqual(recoveryStepsFor('compact_context', 'claude-code'), ['compact', 'restart']);
    assert.deepStrictEqual(recoveryStepsFor('compact_context', 'gemini'), []);
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
    assert.strictEqual(autoActionFor('compact_context', 'codex'), undefined);
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
});
