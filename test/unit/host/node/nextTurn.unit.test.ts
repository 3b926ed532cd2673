import * as assert from 'assert';
import * as fs from 'fs';
import { nextTurn } from '../../../../src/host/node/nextTurn';

/** Holds the thread for `ms` milliseconds (so a timer queued before is due when the loop next looks). */
function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // spin
  }
}

/** From inside an I/O callback (the poll phase), queues a due timer, then `yieldOnce`; the order the two ran in. */
function orderFromIoCallback(yieldOnce: () => Promise<void>): Promise<string[]> {
  return new Promise((resolve, reject) => {
    fs.stat(__filename, (err) => {
      if (err) {
        reject(err);
        return;
      }
      const order: string[] = [];
      setTimeout(() => order.push('timer'), 0);
      busy(5);
      void yieldOnce().then(() => {
        order.push('yield');
        setTimeout(() => resolve(order), 5);
      });
    });
  });
}

describe('host/node/nextTurn', () => {
  it('resumes work yielded from an I/O callback only after the timers that were due: a turn of the event loop', async () => {
    assert.deepStrictEqual(await orderFromIoCallback(nextTurn), ['timer', 'yield']);
  });

  it('(one setImmediate, which it replaces, resumes before them: two slices would run in one turn)', async () => {
    assert.deepStrictEqual(await orderFromIoCallback(() => new Promise((r) => setImmediate(r))), ['yield', 'timer']);
  });

  it('resumes work yielded from an immediate after the next turn of timers too', async () => {
    const order: string[] = [];
    await new Promise<void>((resolve) =>
      setImmediate(() => {
        setTimeout(() => order.push('timer'), 0);
        busy(5);
        void nextTurn().then(() => {
          order.push('yield');
          resolve();
        });
      }),
    );
    await new Promise((r) => setTimeout(r, 5));
    assert.deepStrictEqual(order, ['timer', 'yield']);
  });
});
