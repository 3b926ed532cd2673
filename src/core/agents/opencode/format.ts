/**
 * opencode's database as a document: the whole database (with its WAL) parsed at each change, its events in the stable
 * order of the event log, so a reader that remembers how many events it already ingested feeds only the new ones. Pure
 * module: the sql.js module and the bytes are passed in.
 *
 * A SQLite database is read from its bytes, with the bytes of its `-wal` file beside it, and needs the sql.js module:
 * the format's `binary` parser ({@link BinaryDocumentFormat}), which the ingest layer's document reader calls with the
 * bytes it copied; `parseDocument` (text) refuses.
 */
import type { SqlJsStatic } from 'sql.js';
import type { BinaryDocument, BinaryParser, DocumentFormat, DocumentResult, DocumentSession } from '../../ingest/transcriptKind';
import { readOpencodeDatabase } from './database';
import { opencodeEvents } from './events';

export type { BinaryDocument, DocumentSession } from '../../ingest/transcriptKind';

/** A document read from bytes (the ingest layer's {@link DocumentFormat} with its `binary` parser). */
export interface BinaryDocumentFormat extends DocumentFormat {
  binary: BinaryParser & {
    parse(doc: BinaryDocument, file: string, fallbackSessionId: string, sql: SqlJsStatic): OpencodeDocumentResult;
  };
}

/**
 * A {@link DocumentResult} of a document that holds many sessions: `sessionId`/`info` name the session of its latest
 * event (where a later failure to read it is counted), `sessions` every session with events, with its folder and title.
 */
export type OpencodeDocumentResult =
  (DocumentResult & { ok: true; sessions: DocumentSession[]; walFrames: number }) | { ok: false; error: string };

/** The suffix of SQLite's write-ahead log beside a database. */
export const WAL_SUFFIX = '-wal';

/**
 * Parses opencode's database from the bytes of `opencode.db` and of `opencode.db-wal` (absent when there is none):
 * every session's events in event-log order. `{ ok: false }` when the bytes are not an opencode database or cannot be
 * read (a file caught while it is written: read again at its next change). Never throws.
 */
export function parseOpencodeDatabase(
  doc: BinaryDocument,
  file: string,
  fallbackSessionId: string,
  sql: SqlJsStatic,
): OpencodeDocumentResult {
  try {
    const read = readOpencodeDatabase(sql, doc.bytes, doc.companions[WAL_SUFFIX]);
    if (!read.ok) {
      return read;
    }
    const parsed = opencodeEvents(read.value.events, read.value.sessions, file);
    const withEvents = new Set(parsed.events.map((e) => e.sessionId));
    const sessions: DocumentSession[] = [...withEvents].map((id) => {
      const facts = parsed.sessions.get(id) ?? {};
      return { id, ...(facts.cwd ? { cwd: facts.cwd } : {}), ...(facts.title ? { title: facts.title } : {}) };
    });
    const latest = parsed.events.length > 0 ? parsed.events[parsed.events.length - 1].sessionId : fallbackSessionId;
    const facts = parsed.sessions.get(latest) ?? {};
    return {
      ok: true,
      sessionId: latest,
      events: parsed.events,
      info: { ...(facts.cwd ? { cwd: facts.cwd } : {}), ...(facts.title ? { title: facts.title } : {}) },
      sessions,
      walFrames: read.value.wal.frames,
    };
  } catch (err) {
    return { ok: false, error: `opencode database: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** opencode's database as a document format (bytes, with its WAL). */
export const opencodeDatabaseFormat: BinaryDocumentFormat = {
  agent: 'opencode',
  parseDocument: () => ({ ok: false, error: 'an opencode database is read from its bytes (with its -wal file), not as text' }),
  binary: { companions: [WAL_SUFFIX], parse: parseOpencodeDatabase },
};
