/**
 * What the store keeps of an event's text (src/core/store/repositories/events.ts): a failure, an error event and a
 * failed tool result whole (up to MAX_EVENT_TEXT), any other event its first STORED_TEXT_PREVIEW characters, with the
 * transcript file and offset where the rest is.
 */
import * as assert from 'assert';
import type { AgentEvent } from '../../../../../src/core/model/event';
import { MAX_EVENT_TEXT } from '../../../../../src/core/model/event';
import { STORED_TEXT_PREVIEW } from '../../../../../src/core/store/repositories/events';
import { Store } from '../../../../../src/core/store/store';
import { sqlJs } from '../../../helpers';

const LONG = 'line of a tool result\n'.repeat(150); // 3,300 characters

function stored(store: Store): { kind: string; text: string; file: string; offset: number }[] {
  return store.database
    .all('SELECT kind, text, file, offset FROM events ORDER BY seq')
    .map((r) => ({ kind: String(r.kind), text: String(r.text), file: String(r.file), offset: Number(r.offset) }));
}

describe('store: the text kept of an event', () => {
  it('keeps a failure, an error event and a failed tool result whole; clips the rest to the preview, with its origin', async () => {
    const store = Store.open(await sqlJs());
    store.ensureSession('s', 'claude-code', '', 'p', 1000);
    const base = (kind: AgentEvent['kind'], extra: Partial<AgentEvent> = {}, offset = 0): AgentEvent => ({
      sessionId: 's',
      agent: 'claude-code',
      timestamp: 2000 + offset,
      kind,
      text: LONG,
      origin: { file: '/t/s.jsonl', offset },
      ...extra,
    });
    store.insertEvent(base('tool_result', {}, 10), undefined);
    store.insertEvent(base('tool_result', { isError: true }, 20), undefined);
    store.insertEvent(base('tool_result', {}, 30), 'timeout');
    store.insertEvent(base('error', {}, 40), undefined);
    store.insertEvent(base('assistant', { text: 'short reply' }, 50), undefined);
    const rows = stored(store);
    assert.strictEqual(rows[0].text.length, STORED_TEXT_PREVIEW);
    assert.ok(
      rows[0].text.endsWith('…') && LONG.startsWith(rows[0].text.slice(0, -1)),
      "the preview is the text's beginning, marked as cut",
    );
    assert.deepStrictEqual(
      rows.slice(1, 4).map((r) => r.text),
      [LONG, LONG, LONG],
      'failed tool result, failure and error event whole',
    );
    assert.ok(LONG.length < MAX_EVENT_TEXT);
    assert.strictEqual(rows[4].text, 'short reply');
    assert.deepStrictEqual(
      rows.map((r) => [r.file, r.offset]),
      [10, 20, 30, 40, 50].map((o) => ['/t/s.jsonl', o]),
      'every event keeps where its whole text is',
    );
  });
});
