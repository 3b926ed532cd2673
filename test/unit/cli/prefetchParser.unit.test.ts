import * as assert from 'assert';
import type { LineParser, ParseRequest, ParseStream, TranscriptFormat } from '../../../src/core/ingest/tailer';
import { PrefetchingLineParser, sameRequest } from '../../../src/cli/prefetchParser';

const format: TranscriptFormat = { agent: 'claude-code', parseLine: () => ({ ok: true, events: [], info: {} }) };
const other: TranscriptFormat = { agent: 'generic', parseLine: () => ({ ok: true, events: [], info: {} }) };

/** A parser that records what it was asked to open and which streams were closed. */
function recorder(): LineParser & { opened: ParseRequest[]; closed: string[] } {
  const opened: ParseRequest[] = [];
  const closed: string[] = [];
  return {
    opened,
    closed,
    accepts: (f) => f === format,
    open(request): ParseStream {
      opened.push(request);
      const name = `${request.path}#${opened.length}`;
      return { next: async () => undefined, close: () => closed.push(name) };
    },
  };
}

const request = (path: string, end = 100): ParseRequest => ({ path, format, offset: 0, end, sessionId: 's', chunkBytes: 4096 });

describe('cli prefetch parser', () => {
  it('hands the prefetched stream to the same request, without opening another', () => {
    const inner = recorder();
    const p = new PrefetchingLineParser(inner);
    p.prefetch(request('/a.jsonl'));
    assert.strictEqual(inner.opened.length, 1);
    p.open(request('/a.jsonl'));
    assert.strictEqual(inner.opened.length, 1);
    assert.strictEqual(p.taken, 1);
    // taken once: the next read of the path opens its own
    p.open(request('/a.jsonl'));
    assert.strictEqual(inner.opened.length, 2);
    p.dispose();
    assert.deepStrictEqual(inner.closed, []);
  });

  it('closes a prefetched stream for another read of the path (the file grew) and opens the one asked for', () => {
    const inner = recorder();
    const p = new PrefetchingLineParser(inner);
    p.prefetch(request('/a.jsonl', 100));
    p.open(request('/a.jsonl', 150));
    assert.deepStrictEqual(inner.closed, ['/a.jsonl#1']);
    assert.strictEqual(p.taken, 0);
    assert.strictEqual(inner.opened[1].end, 150);
  });

  it('prefetches only accepted formats, once per path; dispose closes what nobody took', () => {
    const inner = recorder();
    const p = new PrefetchingLineParser(inner);
    p.prefetch({ ...request('/x.log'), format: other });
    p.prefetch(request('/b.jsonl'));
    p.prefetch(request('/b.jsonl'));
    assert.deepStrictEqual(
      inner.opened.map((r) => r.path),
      ['/b.jsonl'],
    );
    p.dispose();
    assert.deepStrictEqual(inner.closed, ['/b.jsonl#1']);
  });

  it('compares every field of a request', () => {
    const a = request('/a.jsonl');
    assert.ok(sameRequest(a, { ...a }));
    for (const change of [
      { path: '/b' },
      { format: other },
      { offset: 1 },
      { end: 1 },
      { sessionId: 't' },
      { chunkBytes: 1 },
      { maxLineBytes: 1 },
    ]) {
      assert.ok(!sameRequest(a, { ...a, ...change }), JSON.stringify(Object.keys(change)));
    }
  });
});
