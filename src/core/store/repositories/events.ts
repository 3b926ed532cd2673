/**
 * Repository of the table `events`: the agents' events, bounded per session and by age (see {@link EventsRepository.prune}
 * and {@link EventsRepository.pruneOlderThan}), with the failure type the detector gave each. The detection windows and
 * counts are queries here. Times are epoch ms; `seq` orders events by arrival. Pure module.
 *
 * Inside a transaction the last tool calls of each session and thread are kept in a {@link LastToolCalls} cache (read
 * once, then kept up to date by each insert), since the loop check reads them after every tool call.
 */
import { clipText, type AgentEvent } from '../../model/event';
import type { FailureType } from '../../model/failures';
import { SqlDatabase, TransactionCache, textParam } from '../database';
import { BulkRead } from './bulkRead';
import { LastToolCalls, ToolCallRow } from './lastToolCalls';

export type { ToolCallRow } from './lastToolCalls';

/**
 * Longest text stored for an event in which the detector found no failure (characters): its first lines, enough to
 * recognise it. A failure, an error event and a failed tool result keep their text whole (up to MAX_EVENT_TEXT); every
 * event keeps its transcript file and offset, where the rest is. Tool results are most of a transcript's bytes.
 */
export const STORED_TEXT_PREVIEW = 500;

/** Context samples per session the one-query read keeps (the snapshot's projection asks for 10). */
const CONTEXT_SAMPLES_BULK = 10;

/**
 * A column of a query over `sessions AS s`: the session's last {@link CONTEXT_SAMPLES_BULK} context samples (tokens),
 * oldest first, as a JSON array, read through the index `events_context` (schema version 5); NULL when its context is
 * empty (`context_tokens` 0: nothing to show). {@link parseContextSamples} reads it.
 */
export const CONTEXT_SAMPLES_COLUMN = `CASE WHEN s.context_tokens > 0 THEN (SELECT json_group_array(t ORDER BY seq) FROM
  (SELECT seq, context_tokens AS t FROM events WHERE session_id = s.id AND context_tokens IS NOT NULL AND seq > s.context_since_seq
   ORDER BY seq DESC LIMIT ${CONTEXT_SAMPLES_BULK})) END`;

/** The value of {@link CONTEXT_SAMPLES_COLUMN}: the samples (tokens), oldest first; undefined for NULL or a value not of that shape. */
export function parseContextSamples(v: unknown): number[] | undefined {
  if (typeof v !== 'string') {
    return undefined;
  }
  const samples: unknown = JSON.parse(v);
  return Array.isArray(samples) && samples.every((x) => typeof x === 'number') ? samples : undefined;
}

/** {@link EventsRepository.contextSamples} for every session at once (the last {@link CONTEXT_SAMPLES_BULK}, oldest first). */
function contextSamplesBySession(db: SqlDatabase, owner: TransactionCache): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const rows = db.all(
    `SELECT session_id, t FROM (SELECT e.session_id, e.seq, e.context_tokens AS t,
       ROW_NUMBER() OVER (PARTITION BY e.session_id ORDER BY e.seq DESC) AS k
       FROM events e JOIN sessions s ON s.id = e.session_id WHERE e.context_tokens IS NOT NULL AND e.seq > s.context_since_seq)
     WHERE k <= ${CONTEXT_SAMPLES_BULK} ORDER BY session_id, seq`,
    [],
    owner,
  );
  for (const r of rows) {
    const id = String(r.session_id);
    const list = out.get(id);
    if (list) {
      list.push(Number(r.t));
    } else {
      out.set(id, [Number(r.t)]);
    }
  }
  return out;
}

/** Reads and writes `events`. Every method throws only on a SQLite error (a bug). */
export class EventsRepository {
  private readonly toolCalls: LastToolCalls;
  /** Every session's last {@link CONTEXT_SAMPLES_BULK} context samples, oldest first, read in one query per transaction. */
  private readonly contexts: BulkRead<number[]>;

  constructor(private readonly db: SqlDatabase) {
    this.toolCalls = new LastToolCalls(db, (sessionId, sidechain, n) => this.queryToolCalls(sessionId, sidechain, n));
    db.addTransactionCache(this.toolCalls);
    this.contexts = new BulkRead(
      db,
      ['events', 'sessions'],
      (owner) => contextSamplesBySession(db, owner),
      () => [],
    );
  }

  /**
   * Appends an event with its failure type (undefined: none) and, for a main-thread response with usage, the context
   * size it reported (tokens); the text of an event without a failure is stored clipped to {@link STORED_TEXT_PREVIEW}.
   * Its sequence number is not read back (one statement per event, not two: nothing uses it).
   */
  insert(e: AgentEvent, failureType: FailureType | undefined, contextTokens?: number): void {
    const whole = failureType !== undefined || e.isError === true || e.kind === 'error';
    this.db.run(
      `INSERT INTO events (session_id, ts, kind, text, tool_name, tool_hash, http_status, failure_type, sidechain, file, offset, context_tokens)
       VALUES (?, ?, ?, CAST(? AS TEXT), ?, ?, ?, ?, ?, CAST(? AS TEXT), ?, ?)`,
      [
        e.sessionId,
        e.timestamp,
        e.kind,
        textParam(whole ? e.text : clipText(e.text, STORED_TEXT_PREVIEW)),
        e.toolName ?? null,
        e.toolInputHash ?? null,
        e.httpStatus ?? null,
        failureType ?? null,
        e.sidechain ? 1 : 0,
        textParam(e.origin?.file),
        e.origin?.offset ?? null,
        contextTokens ?? null,
      ],
      this.toolCalls,
    );
    if (e.kind === 'tool_call') {
      this.toolCalls.added(e);
    }
  }

  /** Events of `type` in the session with a timestamp in [sinceMs, untilMs]. */
  countFailures(sessionId: string, type: FailureType, sinceMs: number, untilMs: number): number {
    return this.db.number('SELECT COUNT(*) AS n FROM events WHERE session_id = ? AND failure_type = ? AND ts >= ? AND ts <= ?', [
      sessionId,
      type,
      sinceMs,
      untilMs,
    ]);
  }

  /** Error events of the session with a timestamp at or after `sinceMs`. */
  countErrors(sessionId: string, sinceMs: number): number {
    return this.db.number("SELECT COUNT(*) AS n FROM events WHERE session_id = ? AND kind = 'error' AND ts >= ?", [sessionId, sinceMs]);
  }

  /** The last `n` tool calls of the session on one thread (`sidechain`: subagents; else the main thread), newest first. */
  lastToolCalls(sessionId: string, sidechain: boolean, n: number): ToolCallRow[] {
    return this.toolCalls.last(sessionId, sidechain, n) ?? this.queryToolCalls(sessionId, sidechain, n);
  }

  private queryToolCalls(sessionId: string, sidechain: boolean, n: number): ToolCallRow[] {
    return this.db
      .all(
        "SELECT tool_name, tool_hash FROM events WHERE session_id = ? AND kind = 'tool_call' AND sidechain = ? ORDER BY seq DESC LIMIT ?",
        [sessionId, sidechain ? 1 : 0, n],
        this.toolCalls,
      )
      .map((r) => ({ toolName: String(r.tool_name ?? ''), toolHash: String(r.tool_hash ?? '') }));
  }

  /** Number of events kept for the session. */
  count(sessionId: string): number {
    return this.db.number('SELECT COUNT(*) AS n FROM events WHERE session_id = ?', [sessionId]);
  }

  /** Context sizes (tokens) of the session's last `n` responses after its context epoch (the last compaction), oldest first. */
  contextSamples(sessionId: string, n: number): number[] {
    if (n <= CONTEXT_SAMPLES_BULK) {
      const bulk = this.contexts.of(sessionId);
      if (bulk) {
        return bulk.slice(Math.max(0, bulk.length - n));
      }
    }
    return this.db
      .all(
        'SELECT context_tokens AS t FROM events WHERE session_id = ? AND context_tokens IS NOT NULL AND seq > (SELECT context_since_seq FROM sessions WHERE id = ?) ORDER BY seq DESC LIMIT ?',
        [sessionId, sessionId, n],
      )
      .map((r) => Number(r.t))
      .reverse();
  }

  /**
   * Keeps context samples another query of this transaction read ({@link CONTEXT_SAMPLES_COLUMN}, by session id), to
   * answer {@link contextSamples} until the next write to `events` or `sessions`. Outside a transaction: nothing.
   */
  keepContextSamples(samples: ReadonlyMap<string, number[]>): void {
    this.contexts.seed(samples);
  }

  /** Forgets the context samples kept in this transaction (a session's context epoch changed without a statement naming `events`). */
  forgetContextSamples(): void {
    this.contexts.clear();
  }

  /** Keeps the newest `maxPerSession` events of the session and deletes its older ones. */
  prune(sessionId: string, maxPerSession: number): void {
    this.db.run(
      'DELETE FROM events WHERE session_id = ? AND seq <= (SELECT seq FROM events WHERE session_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)',
      [sessionId, sessionId, maxPerSession],
    );
  }

  /** Deletes every event (of every session) with a timestamp before `olderThanMs`. */
  pruneOlderThan(olderThanMs: number): void {
    this.db.run('DELETE FROM events WHERE ts < ?', [olderThanMs]);
  }
}
