import * as assert from 'assert';
import { haltedSessions } from '../../../../src/core/limits/haltedSessions';
import type { FindingSnapshot, SessionSnapshot } from '../../../../src/core/model/snapshot';

const finding = (over: Partial<FindingSnapshot>): FindingSnapshot =>
  ({
    id: 1,
    sessionId: 's',
    type: 'quota_exhausted',
    status: 'open',
    lastSeen: Date.parse('2025-11-11T16:40:06Z'),
    lastText: '',
    ...over,
  }) as FindingSnapshot;
const session = (id: string, agent: string, findings: FindingSnapshot[]): SessionSnapshot =>
  ({ id, agent, project: 'app', findings }) as unknown as SessionSnapshot;

describe('core/limits/haltedSessions', () => {
  it('reads the reset from the finding line, else from the used-up window, and sorts by reset', () => {
    const out = haltedSessions(
      [
        session('a', 'codex', [finding({ lastText: 'the usage limit was hit' })]),
        session('b', 'claude-code', [finding({ lastText: 'Claude AI usage limit reached|1762952400' })]),
        session('c', 'claude-code', [finding({ type: 'rate_limit', lastText: 'x' })]),
        session('d', 'gemini', [finding({ lastText: 'no time here' })]),
      ],
      [{ agent: 'codex', account: 'codex', window: 'primary', usedPercent: 100, resetsAt: 1_762_960_000_000, observedAt: 0 }],
    );
    assert.deepStrictEqual(
      out.map((h) => [h.sessionId, h.account, h.resetsAt, h.from]),
      [
        ['b', 'claude-code', 1_762_952_400_000, 'message'],
        ['a', 'codex', 1_762_960_000_000, 'gauge'],
        ['d', 'gemini', 0, 'unknown'],
      ],
    );
  });

  it('leaves out resolved findings', () => {
    assert.deepStrictEqual(haltedSessions([session('a', 'codex', [finding({ status: 'resolved' })])], []), []);
  });
});
