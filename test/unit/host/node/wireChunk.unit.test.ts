import * as assert from 'assert';
import type { AgentEvent } from '../../../../src/core/model/event';
import type { ParsedChunk } from '../../../../src/core/ingest/lineParser';
import { compactChunk, restoreChunk, wireState } from '../../../../src/host/node/wireChunk';

const FILE = '/home/dev/.claude/projects/p/a.jsonl';

function event(offset: number, sessionId: string, extra: Partial<AgentEvent> = {}): AgentEvent {
  return { sessionId, agent: 'claude-code', timestamp: 1, kind: 'assistant', text: 'hi', origin: { file: FILE, offset }, ...extra };
}

function chunk(lines: ParsedChunk['lines']): ParsedChunk {
  return { lines, oversized: [], consumedOffset: 1000, end: 1000 };
}

describe('wireChunk: a parsed chunk as the parse worker posts it', () => {
  it('sends a line with no event and the same session facts as the line before as its offset alone, and trims info', () => {
    // a Claude Code line's info: besides the session facts, what the host does not read
    const info = (uuid: string, cwd = '/w') =>
      ({ sessionId: 'A', cwd, gitBranch: 'main', version: '2.1', uuid }) as { sessionId: string; cwd: string };
    const c = compactChunk(
      chunk([
        { offset: 0, parsed: { ok: true, events: [], info: info('u1') } },
        { offset: 10, parsed: { ok: true, events: [], info: info('u2') } },
        { offset: 20, parsed: { ok: true, events: [event(20, 'A')], info: info('u3') } },
        { offset: 30 },
        { offset: 40, parsed: { ok: false, error: 'invalid JSON' } },
        { offset: 50, parsed: { ok: true, events: [], info: info('u4', '/other') } },
      ]),
      wireState('A'),
      FILE,
    );
    assert.deepStrictEqual(
      c.lines.map((l) => (l.parsed?.ok ? { offset: l.offset, info: l.parsed.info, events: l.parsed.events.length } : l)),
      [
        { offset: 0, info: { sessionId: 'A', cwd: '/w' }, events: 0 },
        { offset: 10 },
        { offset: 20, info: { sessionId: 'A', cwd: '/w' }, events: 1 },
        { offset: 30 },
        { offset: 40, parsed: { ok: false, error: 'invalid JSON' } },
        { offset: 50, info: { sessionId: 'A', cwd: '/other' }, events: 0 },
      ],
    );
  });

  it('keeps a line with no event that moves the reader to its session, though its facts repeat the line before', () => {
    // a subagent's line names session B without moving the reader (it stays on A); the next line, with no event, moves it
    const c = compactChunk(
      chunk([
        { offset: 0, parsed: { ok: true, events: [event(0, 'A', { sidechain: true })], info: { sessionId: 'B' } } },
        { offset: 10, parsed: { ok: true, events: [], info: { sessionId: 'B' } } },
        { offset: 20, parsed: { ok: true, events: [], info: { sessionId: 'B' } } },
      ]),
      wireState('A'),
      FILE,
    );
    assert.deepStrictEqual(
      c.lines.map((l) => !!l.parsed),
      [true, true, false],
    );
  });

  it("leaves out each event's file where it is the stream's, and the host puts it back", () => {
    const other = { ...event(5, 'A'), origin: { file: '/elsewhere.jsonl', offset: 5 } };
    const sent = compactChunk(
      chunk([{ offset: 0, parsed: { ok: true, events: [event(0, 'A'), other], info: { sessionId: 'A' } } }]),
      wireState('A'),
      FILE,
    );
    const origins = () => (sent.lines[0].parsed?.ok ? sent.lines[0].parsed.events.map((e) => ({ ...e.origin })) : []);
    assert.deepStrictEqual(origins(), [{ offset: 0 }, { file: '/elsewhere.jsonl', offset: 5 }]);
    restoreChunk(sent, FILE);
    assert.deepStrictEqual(origins(), [
      { offset: 0, file: FILE },
      { file: '/elsewhere.jsonl', offset: 5 },
    ]);
  });
});
