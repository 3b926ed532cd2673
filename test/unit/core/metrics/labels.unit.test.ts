import * as assert from 'assert';
import { claudeFormat } from '../../../../src/core/agents/claude/kind';
import { idLabel, labelledSessions } from '../../../../src/core/metrics/labels';
import { engineOf } from './fleetEngine';

describe('core/metrics/labels', () => {
  it('keeps plain ids and hashes anything else (paths, text, long values), stably', () => {
    assert.strictEqual(idLabel('a5c02b0f-6d0f-4f4d-b003-aec0568bb3c5'), 'a5c02b0f-6d0f-4f4d-b003-aec0568bb3c5');
    assert.strictEqual(idLabel('claude-code'), 'claude-code');
    for (const bad of ['/home/me/.claude/projects/x/a.jsonl', 'fix the login bug please', 'sk-ant-' + 'x'.repeat(80), '', 'é']) {
      const v = idLabel(bad);
      assert.match(v, /^h-[0-9a-f]{8}$/, bad);
      assert.strictEqual(idLabel(bad), v, 'stable');
    }
    assert.notStrictEqual(idLabel('a b'), idLabel('a c'));
  });

  it('chooses the worst and most recent live sessions up to the cap', async () => {
    const { engine } = await engineOf([
      { dir: 'claude', file: 'happy.jsonl', format: claudeFormat },
      { dir: 'claude', file: 'auth_401.jsonl', format: claudeFormat },
      { dir: 'claude', file: 'tool_loop.jsonl', format: claudeFormat },
    ]);
    const sessions = engine.snapshot();
    const order = (cap: number) => labelledSessions(sessions, cap);
    assert.deepStrictEqual(
      order(2).labelled.map((s) => s.worstSeverity),
      ['CRITICAL', 'HIGH'],
    );
    assert.strictEqual(order(2).dropped, 1);
    assert.strictEqual(order(10).labelled.length, 3);
    assert.strictEqual(order(10).dropped, 0);
    assert.deepStrictEqual(order(0), { labelled: [], dropped: 3 });
  });
});
