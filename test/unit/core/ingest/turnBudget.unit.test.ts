import * as assert from 'assert';
import { Slots, TurnBudget } from '../../../../src/core/ingest/turnBudget';

/** A hand-driven event loop: `yieldControl` parks until {@link turn} runs the parked callbacks (one turn). */
function fakeLoop() {
  let parked: (() => void)[] = [];
  return {
    yieldControl: () => new Promise<void>((r) => parked.push(r)),
    /** Runs one turn: the callbacks parked before it, then their promise continuations. */
    async turn(): Promise<void> {
      const now = parked;
      parked = [];
      now.forEach((r) => r());
      for (let i = 0; i < 10; i++) {
        await Promise.resolve();
      }
    },
    get parked(): number {
      return parked.length;
    },
  };
}

describe('turn budget', () => {
  it('gives each turn one slice, shared by every reader, and resumes paused readers one per turn in order', async () => {
    let t = 0;
    const loop = fakeLoop();
    const budget = new TurnBudget(20, () => t, loop.yieldControl);
    assert.strictEqual(budget.room(), 20);
    t += 15;
    assert.strictEqual(budget.room(), 5); // a second reader in the same turn sees what the first left
    t += 5;
    assert.strictEqual(budget.room(), 0);
    const resumed: string[] = [];
    void budget.pause().then(() => resumed.push('a'));
    void budget.pause().then(() => resumed.push('b'));
    assert.strictEqual(loop.parked, 1, 'one yield for all the readers paused in a turn');
    await loop.turn();
    assert.deepStrictEqual(resumed, ['a']);
    assert.strictEqual(budget.room(), 20, 'a new turn starts with a full slice');
    await loop.turn();
    assert.deepStrictEqual(resumed, ['a', 'b']);
    assert.strictEqual(loop.parked, 0);
  });
});

describe('slots', () => {
  it('lets at most the limit hold a slot, the others in the order they asked', async () => {
    const slots = new Slots(2);
    const order: string[] = [];
    const take = (name: string) => slots.acquire().then(() => order.push(name));
    await Promise.all([take('a'), take('b')]);
    const c = take('c');
    const d = take('d');
    await Promise.resolve();
    assert.deepStrictEqual(order, ['a', 'b']);
    slots.release();
    await c;
    assert.deepStrictEqual(order, ['a', 'b', 'c']);
    slots.release();
    await d;
    slots.release();
    slots.release();
    await take('e');
    await take('f');
    assert.deepStrictEqual(order, ['a', 'b', 'c', 'd', 'e', 'f']);
  });
});
