/**
 * A parsed chunk as it crosses from the parse worker to the host (structured clone): only what the host's ingest reads
 * of it. Cloning cost goes by objects more than bytes, and most transcript lines (Claude Code's progress, snapshot and
 * bookkeeping lines) give no event and repeat the line before's session facts, so those go as bare offsets.
 */
import type { ChunkLine, LineResult, ParsedChunk } from '../../core/ingest/lineParser';
import { sessionAfter } from '../../core/ingest/lineParser';

/** What the worker remembers of one stream between its chunks (see {@link compactChunk}). */
export interface WireState {
  /** The session the host's reader is at after the lines sent so far (as {@link sessionAfter} follows it). */
  sessionId: string;
  /** The session facts (id, cwd, title) of the last line sent with them; undefined before the first. */
  facts?: string;
}

/** The stream's starting state: `sessionId` is the session of lines that name none at the read's start. */
export function wireState(sessionId: string): WireState {
  return { sessionId };
}

/**
 * The chunk to post (the worker's side), changed in place and returned:
 * - each line's `info` keeps only what the host reads (`sessionId`, `cwd`, `title`; the formats' `LineResult` type);
 * - a line with no event whose facts are those of the last line sent and which moves no session goes as its offset
 *   alone (the host counts it as a line and has nothing to do with it);
 * - an event's `origin.file` equal to `path` is left out ({@link restoreChunk} puts it back).
 * The host's ingest of the result is the same as of the chunk as parsed: session ids followed alike, the same
 * events, the same session facts told (a fact the host would tell again at a later time slice is one it was told).
 */
export function compactChunk(chunk: ParsedChunk, state: WireState, path: string): ParsedChunk {
  const lines: ChunkLine[] = [];
  for (const line of chunk.lines) {
    const parsed = line.parsed;
    if (!parsed || !parsed.ok) {
      lines.push(line);
      continue;
    }
    const { sessionId, cwd, title } = parsed.info;
    const trimmed: LineResult & { ok: true } = { ok: true, events: parsed.events, info: {} };
    if (sessionId !== undefined) {
      trimmed.info.sessionId = sessionId;
    }
    if (cwd !== undefined) {
      trimmed.info.cwd = cwd;
    }
    if (title !== undefined) {
      trimmed.info.title = title;
    }
    const facts = `${sessionId ?? ''}\u0000${cwd ?? ''}\u0000${title ?? ''}`;
    const next = sessionAfter(state.sessionId, trimmed);
    if (parsed.events.length === 0 && facts === state.facts && next === state.sessionId) {
      lines.push({ offset: line.offset });
      continue;
    }
    state.sessionId = next;
    state.facts = facts;
    for (const e of parsed.events) {
      if (e.origin?.file === path) {
        e.origin = { offset: e.origin.offset } as typeof e.origin;
      }
    }
    lines.push({ offset: line.offset, parsed: trimmed });
  }
  chunk.lines = lines;
  return chunk;
}

/** The chunk as parsed again (the host's side, in place): every event's `origin.file` that was left out is `path`. */
export function restoreChunk(chunk: ParsedChunk, path: string): ParsedChunk {
  for (const line of chunk.lines) {
    if (line.parsed?.ok) {
      for (const e of line.parsed.events) {
        if (e.origin && e.origin.file === undefined) {
          e.origin.file = path;
        }
      }
    }
  }
  return chunk;
}
