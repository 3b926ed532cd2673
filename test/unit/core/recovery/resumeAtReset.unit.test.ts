import * as assert from 'assert';
import { HaltedSession, ResumeAudit, ResumeScheduler } from '../../../../src/core/recovery/resumeAtReset';

const RESET = Date.parse('2026-11-30T15:00:00Z');
const halted = (sessionId: string, account = 'claude-code', resetsAt = RESET): HaltedSession => ({
  sessionId,
  agent: 'claude-code',
  account,
  resetsAt,
  haltedAt: RESET - 3_600_000,
});

function make(random = () => 0.5) {
  const audit: ResumeAudit[] = [];
  const s = new ResumeScheduler((a) => audit.push(a), { maxDelayMs: 20_000, gapMs: 60_000, loopWindowMs: 600_000, random });
  return { s, audit };
}

describe('core/recovery/resumeAtReset', () => {
  it('schedules at the reset plus the random delay, and nothing when off', () => {
    const { s, audit } = make();
    assert.strictEqual(s.schedule(halted('a'), 'off', RESET - 1000), undefined);
    const e = s.schedule(halted('a'), 'ask', RESET - 1000);
    assert.strictEqual(e?.dueAt, RESET + 10_000);
    assert.deepStrictEqual(s.due(RESET + 9_999), []);
    assert.deepStrictEqual(
      s.due(RESET + 10_000).map((x) => x.sessionId),
      ['a'],
    );
    assert.strictEqual(audit.length, 1);
    assert.match(audit[0].detail, /^resume at reset scheduled: asks at 2026-11-30T15:00:10.000Z/);
    assert.strictEqual(audit[0].outcome, 'offered');
  });

  it('takes a new random delay and gap (the settings changed) for the resumes scheduled after, not before', () => {
    // The random source at its top (0.999...): the delay is the largest the setting allows.
    const { s } = make(() => 0.9999);
    const a = s.schedule(halted('a'), 'ask', RESET - 1000);
    assert.strictEqual(a?.dueAt, RESET + 19_998);
    s.retune({ maxDelayMs: 120_000 });
    const b = s.schedule(halted('b', 'codex'), 'ask', RESET - 1000);
    assert.strictEqual(b?.dueAt, RESET + 119_988);
    s.retune({ maxDelayMs: 0, gapMs: 5_000 });
    const c = s.schedule(halted('c', 'gemini'), 'ask', RESET - 1000);
    assert.strictEqual(c?.dueAt, RESET, 'no delay: exactly at the reset');
    const d = s.schedule(halted('d', 'gemini'), 'ask', RESET - 1000);
    assert.strictEqual(d?.dueAt, RESET + 5_000, 'the new gap after c');
    s.retune({ maxDelayMs: -1 });
    const e = s.schedule(halted('e', 'pi'), 'ask', RESET + 2_000);
    assert.strictEqual(e?.dueAt, RESET + 2_000, 'a negative delay is none; a reset already past resumes now');
    assert.deepStrictEqual(
      s.pending().map((x) => [x.sessionId, x.dueAt - RESET]),
      [
        ['c', 0],
        ['e', 2_000],
        ['d', 5_000],
        ['a', 19_998],
        ['b', 119_988],
      ],
    );
  });

  it('spaces the sessions of one account by the gap, not those of another account', () => {
    const { s } = make(() => 0);
    s.schedule(halted('a'), 'auto', 0);
    s.schedule(halted('b'), 'auto', 0);
    s.schedule(halted('c'), 'auto', 0);
    s.schedule(halted('x', 'codex'), 'auto', 0);
    const due = s.pending().map((e) => [e.sessionId, e.dueAt - RESET]);
    assert.deepStrictEqual(due, [
      ['a', 0],
      ['x', 0],
      ['b', 60_000],
      ['c', 120_000],
    ]);
  });

  it('keeps the gap after a resume carried out late: the next ones move to the gap after it', () => {
    const { s } = make(() => 0);
    s.schedule(halted('a'), 'ask', 0);
    s.schedule(halted('b'), 'ask', 0);
    s.schedule(halted('c'), 'ask', 0);
    s.schedule(halted('x', 'codex'), 'ask', 0);
    // The notification of 'a' is answered 100 s after the reset, after 'b' was due (60 s).
    assert.ok(s.markDone('a', RESET + 100_000, 'typed'));
    assert.deepStrictEqual(
      s.pending().map((e) => [e.sessionId, e.dueAt - RESET]),
      [
        ['x', 0],
        ['b', 160_000],
        ['c', 220_000],
      ],
    );
    assert.deepStrictEqual(
      s.due(RESET + 159_999).map((e) => e.sessionId),
      ['x'],
    );
    // Answered on time, nothing moves.
    assert.ok(s.markDone('b', RESET + 160_000, 'typed'));
    assert.strictEqual(s.get('c')?.dueAt, RESET + 220_000);
  });

  it('keeps one entry when the same halt is seen twice', () => {
    const { s, audit } = make();
    s.schedule(halted('a'), 'auto', 0);
    s.schedule(halted('a'), 'auto', 5);
    assert.strictEqual(s.pending().length, 1);
    assert.strictEqual(audit.length, 1);
  });

  it('does not loop: a limit hit again soon after a resume is skipped, a later one is scheduled', () => {
    const { s, audit } = make();
    s.schedule(halted('a'), 'auto', 0);
    assert.strictEqual(s.markDone('a', RESET + 10_000, 'typed "continue"'), true);
    const again = s.schedule(halted('a', 'claude-code', RESET + 5 * 3_600_000), 'auto', RESET + 60_000);
    assert.strictEqual(again?.state, 'skipped');
    assert.deepStrictEqual(s.pending(), []);
    const later = s.schedule(halted('a', 'claude-code', RESET + 10 * 3_600_000), 'auto', RESET + 3_600_000);
    assert.strictEqual(later?.state, 'scheduled');
    assert.deepStrictEqual(
      audit.map((a) => [a.outcome, a.detail.split(':')[0]]),
      [
        ['offered', 'resume at reset scheduled'],
        ['taken', 'resume at reset done'],
        ['declined', 'resume at reset skipped'],
        ['offered', 'resume at reset scheduled'],
      ],
    );
  });

  it('never schedules the same halt twice: after a resume, Not now or a failure, the same reset is left alone', () => {
    const { s, audit } = make();
    s.schedule(halted('a'), 'ask', 0);
    s.schedule(halted('b'), 'ask', 0);
    s.schedule(halted('c'), 'ask', 0);
    s.markDone('a', RESET + 10_000, 'typed "continue"');
    s.cancel('b', RESET + 10_000, 'Not now');
    s.markFailed('c', RESET + 10_000, 'no terminal');
    // The findings stay open until the agent goes on; the host sees the same halts on its next looks.
    for (const now of [RESET + 15_000, RESET + 30_000, RESET + 45_000]) {
      for (const id of ['a', 'b', 'c']) {
        assert.notStrictEqual(s.schedule(halted(id), 'ask', now)?.state, 'scheduled');
      }
    }
    assert.deepStrictEqual(s.pending(), []);
    assert.strictEqual(audit.length, 6);
  });

  it('cancels and fails only scheduled resumes, each with an audit entry', () => {
    const { s, audit } = make();
    s.schedule(halted('a'), 'ask', 0);
    assert.strictEqual(s.cancel('a', 1, 'Not now'), true);
    assert.strictEqual(s.cancel('a', 2, 'again'), false);
    assert.strictEqual(s.markDone('a', 3, 'x'), false);
    s.schedule(halted('b'), 'auto', 0);
    assert.strictEqual(s.markFailed('b', 4, 'no terminal runs claude'), true);
    assert.deepStrictEqual(
      audit.map((a) => [a.sessionId, a.outcome, a.actor]),
      [
        ['a', 'offered', 'system'],
        ['a', 'declined', 'user'],
        ['b', 'offered', 'system'],
        ['b', 'failed', 'system'],
      ],
    );
  });
});
