import * as assert from 'assert';
import { ChunkParser, LineResult, TranscriptFormat, sessionAfter } from '../../../../src/core/ingest/lineParser';

/** `{"sid"?, "text", "side"?}` per line: an event of the session the line names, else of the fallback session. */
const format: TranscriptFormat = {
  agent: 'generic',
  parseLine(line, origin, fallback) {
    try {
      const o = JSON.parse(line);
      const sessionId = o.sid ?? fallback;
      return {
        ok: true,
        info: { sessionId: o.sid },
        events: [{ sessionId, agent: 'generic', timestamp: 0, kind: 'assistant', text: o.text, sidechain: o.side, origin }],
      };
    } catch (e) {
      return { ok: false, error: (e as Error).message };
    }
  },
};

describe('chunk parser', () => {
  it('parses the lines chunks complete, with byte offsets, blank lines kept empty, a half line waiting for its end', () => {
    const enc = new TextEncoder();
    const p = new ChunkParser(format, '/f.jsonl', 10, 'from-name');
    const a = p.push(enc.encode('{"text":"é"}\n\n{"te'), 29);
    assert.deepStrictEqual(
      a.lines.map((l) => [l.offset, l.parsed?.ok && l.parsed.events[0].text]),
      [
        [10, 'é'],
        [24, undefined],
      ],
    );
    assert.strictEqual(a.lines[1].parsed, undefined);
    assert.strictEqual(a.consumedOffset, 25);
    assert.strictEqual(a.end, 29);
    const b = p.push(enc.encode('xt":"x"}\nnot json\n'), 47);
    assert.deepStrictEqual(
      b.lines.map((l) => [l.offset, l.parsed?.ok]),
      [
        [25, true],
        [38, false],
      ],
    );
    assert.strictEqual(b.consumedOffset, 47);
    const first = a.lines[0].parsed as Extract<LineResult, { ok: true }>;
    assert.deepStrictEqual(first.events[0].origin, { file: '/f.jsonl', offset: 10 });
  });

  it('follows the session the lines name, as the tailer does, but not a sidechain line', () => {
    const enc = new TextEncoder();
    const p = new ChunkParser(format, '/f.jsonl', 0, 'from-name');
    const lines = ['{"text":"a"}', '{"sid":"side","side":true,"text":"b"}', '{"text":"c"}', '{"sid":"real","text":"d"}', '{"text":"e"}'];
    const out = p.push(enc.encode(lines.join('\n') + '\n'), 0);
    assert.deepStrictEqual(
      out.lines.map((l) => (l.parsed?.ok ? l.parsed.events[0].sessionId : '')),
      ['from-name', 'side', 'from-name', 'real', 'real'],
    );
    const ok = (sid?: string, side?: boolean): LineResult => ({
      ok: true,
      info: { sessionId: sid },
      events: side ? [{ sessionId: 'x', agent: 'generic', timestamp: 0, kind: 'assistant', text: '', sidechain: true }] : [],
    });
    assert.strictEqual(sessionAfter('a', ok('b')), 'b');
    assert.strictEqual(sessionAfter('a', ok('b', true)), 'a');
    assert.strictEqual(sessionAfter('a', ok()), 'a');
    assert.strictEqual(sessionAfter('a', { ok: false, error: 'x' }), 'a');
  });

  it('hands each event it parsed to the annotation, in order, before the chunk is returned', () => {
    const seen: string[] = [];
    const p = new ChunkParser(format, '/f.jsonl', 0, 'from-name', undefined, (e) => {
      seen.push(e.text);
      e.detected = e.text === 'b' ? 'timeout' : null;
    });
    const out = p.push(new TextEncoder().encode('{"text":"a"}\nbad\n\n{"text":"b"}\n'), 0);
    assert.deepStrictEqual(seen, ['a', 'b']);
    assert.deepStrictEqual(
      out.lines.map((l) => (l.parsed?.ok ? l.parsed.events[0].detected : l.parsed?.ok)),
      [null, false, undefined, 'timeout'],
    );
  });
});
