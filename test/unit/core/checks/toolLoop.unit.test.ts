import * as assert from 'assert';
import { toolLoopCheck } from '../../../../src/core/checks/toolLoop';
import { harness } from './harness';

describe('checks/toolLoop', () => {
  it('opens a loop at the Nth identical tool call in a row, not before, and not for calls with other input', async () => {
    const h = await harness(toolLoopCheck(), { toolLoopCount: 3 });
    const call = { kind: 'tool_call' as const, text: 'Bash: ls', toolName: 'Bash', toolInputHash: 'h1' };
    assert.deepStrictEqual(h.feed(call), []);
    assert.deepStrictEqual(h.feed({ ...call, toolInputHash: 'h2' }), [], 'another input breaks the run');
    assert.deepStrictEqual(h.feed({ ...call, toolInputHash: 'h2' }), []);
    const found = h.feed({ ...call, toolInputHash: 'h2' });
    assert.deepStrictEqual(
      found.map((f) => [f.type, f.severity]),
      [['repeated_tool_call', 'HIGH']],
    );
    assert.match(found[0].lastText, /Bash called 3 times in a row with the same input/);
  });

  it("opens one for the agent's own loop report too", async () => {
    const h = await harness(toolLoopCheck());
    const found = h.feed({ kind: 'error', text: 'A potential loop was detected' }, { detection: { type: 'repeated_tool_call' } });
    assert.deepStrictEqual(
      found.map((f) => f.type),
      ['repeated_tool_call'],
    );
  });
});
