/**
 * The dashboard's page messages are untrusted input: {@link parsePageMessage} accepts exactly the protocol's shapes and
 * refuses everything else (unknown types, ill-typed or oversized ids, actions the page may not ask for).
 */
import * as assert from 'assert';
import fc from 'fast-check';
import { PAGE_ACTIONS, parsePageMessage } from '../../../../src/core/dashboard/protocol';

describe('dashboard protocol', () => {
  it('accepts each message shape and drops extra fields', () => {
    assert.deepStrictEqual(parsePageMessage({ type: 'ready', view: 'overview', extra: 1 }), { type: 'ready', view: 'overview' });
    assert.deepStrictEqual(parsePageMessage({ type: 'ready', view: 'session', sessionId: 's' }), {
      type: 'ready',
      view: 'session',
      sessionId: 's',
    });
    assert.deepStrictEqual(parsePageMessage({ type: 'openSession', sessionId: 'abc' }), { type: 'openSession', sessionId: 'abc' });
    assert.deepStrictEqual(parsePageMessage({ type: 'openOverview' }), { type: 'openOverview' });
    assert.deepStrictEqual(parsePageMessage({ type: 'runAction', action: 'compact', sessionId: 's', findingId: 3 }), {
      type: 'runAction',
      action: 'compact',
      sessionId: 's',
      findingId: 3,
    });
    assert.deepStrictEqual(parsePageMessage({ type: 'openTranscript', sessionId: 's' }), { type: 'openTranscript', sessionId: 's' });
    assert.deepStrictEqual(parsePageMessage({ type: 'openLine', sessionId: 's', offset: 0 }), {
      type: 'openLine',
      sessionId: 's',
      offset: 0,
    });
  });

  it('refuses what is not the protocol', () => {
    for (const bad of [
      null,
      'ready',
      [],
      { type: 'ready', view: 'other' },
      { type: 'ready', view: 'session', sessionId: 5 },
      { type: 'openSession', sessionId: '' },
      { type: 'openSession', sessionId: 'x'.repeat(513) },
      { type: 'runAction', action: 'rm -rf', sessionId: 's' },
      { type: 'runAction', action: 'compact', sessionId: 's', findingId: -1 },
      { type: 'runAction', action: 'compact', sessionId: 's', findingId: 1.5 },
      { type: 'openLine', sessionId: 's', offset: '10' },
      { type: 'eval', code: '1' },
    ]) {
      assert.strictEqual(parsePageMessage(bad), undefined, JSON.stringify(bad));
    }
    for (const action of PAGE_ACTIONS) {
      assert.ok(parsePageMessage({ type: 'runAction', action, sessionId: 's' }));
    }
  });

  it('never throws, and what it returns has a known type (fuzzed)', () => {
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        const m = parsePageMessage(raw);
        return m === undefined || ['ready', 'openSession', 'openOverview', 'runAction', 'openTranscript', 'openLine'].includes(m.type);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        fc.record({
          type: fc.constantFrom('runAction', 'openLine', 'openSession'),
          sessionId: fc.anything(),
          action: fc.anything(),
          offset: fc.anything(),
        }),
        (raw) => {
          const m = parsePageMessage(raw);
          return (
            m === undefined ||
            (typeof (m as { sessionId: string }).sessionId === 'string' && (m as { sessionId: string }).sessionId.length > 0)
          );
        },
      ),
    );
  });
});
