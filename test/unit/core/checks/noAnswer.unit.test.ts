import * as assert from 'assert';
import { EXIT_GRACE_MS, noAnswerCheck } from '../../../../src/core/checks/noAnswer';
import { harness } from './harness';

describe('checks/noAnswer', () => {
  /** A check whose session s1 ends with `turn`, then its process exits with `exitCode` (judged after the grace period). */
  async function endedWith(turn: 'user' | 'assistant' | 'error_end' | 'interrupted', exitCode: number | undefined) {
    const h = await harness(noAnswerCheck());
    h.feed({ kind: 'user', text: 'fix it' }, { turn: 'user' });
    if (turn !== 'user') {
      h.clock.advance(1000);
      h.feed({ kind: turn === 'assistant' ? 'assistant' : turn === 'interrupted' ? 'system' : 'error', text: 'x' }, { turn });
    }
    h.clock.advance(1000);
    h.processes.set('s1', { state: 'exited', ...(exitCode !== undefined ? { exitCode } : {}), atMs: h.clock.now(), source: 'terminal:1' });
    return h;
  }

  it('a clean exit after a prompt with no answer opens no_answer (HIGH) once the grace period has passed, once', async () => {
    const h = await endedWith('user', 0);
    assert.deepStrictEqual(h.check.onTick!(h.ctx, h.clock.now() + EXIT_GRACE_MS - 1).detections, [], 'within the grace period');
    h.clock.advance(EXIT_GRACE_MS);
    const tick = h.check.onTick!(h.ctx, h.clock.now());
    assert.deepStrictEqual(
      tick.detections.map((f) => [f.type, f.severity, f.lastText]),
      [['no_answer', 'HIGH', 'The agent process ended (exit code 0) with no answer after the last prompt.']],
    );
    assert.deepStrictEqual(tick.changed, ['s1']);
    h.clock.advance(20_000);
    assert.deepStrictEqual(h.check.onTick!(h.ctx, h.clock.now()).detections, [], 'judged once per exit');
  });

  it('no finding after an answer, an interrupt, or a non-zero exit (a crash is what the terminal source reports)', async () => {
    for (const [turn, code] of [
      ['assistant', 0],
      ['interrupted', 0],
      ['user', 1],
      ['user', 137],
    ] as const) {
      const h = await endedWith(turn, code);
      h.clock.advance(EXIT_GRACE_MS);
      assert.deepStrictEqual(h.check.onTick!(h.ctx, h.clock.now()).detections, [], `${turn} then exit ${code}`);
    }
  });

  it('no finding when an open finding already explains the missing answer; the answer after a resume resolves it', async () => {
    const explained = await endedWith('error_end', 0);
    explained.ctx.ledger.upsert('s1', 'auth', explained.clock.now(), 'API Error: 401');
    explained.clock.advance(EXIT_GRACE_MS);
    assert.deepStrictEqual(explained.check.onTick!(explained.ctx, explained.clock.now()).detections, []);

    const h = await endedWith('error_end', undefined);
    h.clock.advance(EXIT_GRACE_MS);
    assert.deepStrictEqual(
      h.check.onTick!(h.ctx, h.clock.now()).detections.map((f) => f.lastText),
      ['The agent process ended with no answer after the last API error.'],
    );
    h.clock.advance(1000);
    h.feed({ kind: 'assistant', text: 'done' }, { turn: 'assistant' });
    assert.strictEqual(h.store.findings('s1').find((f) => f.type === 'no_answer')?.status, 'resolved');
  });
});
