/**
 * Repository of the table `findings`: one row per episode of one failure type in one session (repeats raise `count`),
 * with its lifecycle status (open, acknowledged, resolved). A finding's `snoozedUntil` is read from the table `snoozes`
 * (see ./snoozes.ts). Times are epoch ms. Pure module.
 *
 * Inside a transaction each session's unresolved findings are kept in {@link OpenFindings}, so that the active finding
 * of a type, and whether anything is left to resolve, are answered without a query; every write still goes to SQLite
 * when it is made, and the snapshot an update returns is the cached one changed by the same rules as the UPDATE.
 */
import type { FailureType, Severity, Strategy } from '../../model/failures';
import type { FindingSnapshot, FindingStatus } from '../../model/snapshot';
import { Row, SqlDatabase, SqlValue, TransactionCache, isWellFormed, textParam } from '../database';
import { BulkRead } from './bulkRead';
import { OpenFindings } from './openFindings';
import { ACTIVE_SESSIONS_WHERE } from './sessions';
import { FINDING_SNOOZED_UNTIL_SQL } from './snoozes';

/** A new finding: its first occurrence at `ts` with the (redacted) line `text`, and where that line came from. */
export interface NewFinding {
  sessionId: string;
  type: FailureType;
  severity: Severity;
  strategy: Strategy;
  ts: number;
  text: string;
  file?: string;
  offset?: number;
  /** Why severity or strategy differ from the policy table ('' when they do not). */
  escalation: string;
}

/** A finding's new state without an occurrence counted; `reopen` opens an acknowledged finding again. */
export interface FindingUpdate {
  ts: number;
  text: string;
  severity: Severity;
  strategy: Strategy;
  escalation: string;
  reopen: boolean;
}

/** One more occurrence of a finding: a {@link FindingUpdate} plus where the line came from. */
export interface FindingOccurrence extends FindingUpdate {
  file?: string;
  offset?: number;
}

/** Every column of `findings` and the finding's snooze end, for `toFinding`. */
const SELECT_FINDINGS = `SELECT findings.*, ${FINDING_SNOOZED_UNTIL_SQL} AS snoozed_until FROM findings`;

/** The columns of a finding (the last one the snooze end), in the order {@link findingOf} reads them. */
const FINDING_COLUMNS = [
  'id',
  'session_id',
  'type',
  'severity',
  'strategy',
  'count',
  'first_seen',
  'last_seen',
  'last_text',
  'file',
  'offset',
  'status',
  'escalation',
  'snoozed_until',
] as const;

/** Writes a finding's state as its cached snapshot holds it ({@link stateParams}); see {@link OpenFindings.flush}. */
const WRITE_STATE_SQL = `UPDATE findings SET count = ?, last_seen = ?, last_text = CAST(? AS TEXT), file = ?, offset = ?, severity = ?, strategy = ?,
  escalation = ?, status = ? WHERE id = ?`;

/** The parameters of {@link WRITE_STATE_SQL} for a finding. */
function stateParams(f: FindingSnapshot): SqlValue[] {
  return [
    f.count,
    f.lastSeen,
    textParam(f.lastText),
    f.file ?? null,
    f.offset ?? null,
    f.severity,
    f.strategy,
    f.escalation,
    f.status,
    f.id,
  ];
}

/** Severity as a number for sorting (CRITICAL 3 ... LOW 0). */
const SEVERITY_RANK = "CASE severity WHEN 'CRITICAL' THEN 3 WHEN 'HIGH' THEN 2 WHEN 'MEDIUM' THEN 1 ELSE 0 END";

/** How a session's unresolved findings are shown: worst first, then the most recent (then the newest id). */
const ACTIVE_ORDER = `${SEVERITY_RANK} DESC, last_seen DESC, id DESC`;

/** How a session's resolved findings are shown: the most recent first (then the newest id). */
const RESOLVED_ORDER = 'last_seen DESC, id DESC';

/** Resolved findings shown per session. */
const RESOLVED_SHOWN = 10;

/**
 * {@link FindingsRepository.ofSession} for every session at once, or for the sessions active since `activeSinceMs` (epoch
 * ms; see {@link ACTIVE_SESSIONS_WHERE}): two queries, each finding as the values of {@link FINDING_COLUMNS}, grouped by
 * session id.
 */
function shownBySession(db: SqlDatabase, owner: TransactionCache, activeSinceMs?: number): Map<string, SqlValue[][]> {
  const scope = activeSinceMs === undefined ? '' : `AND session_id IN (SELECT s.id FROM sessions s WHERE ${ACTIVE_SESSIONS_WHERE})`;
  const params = activeSinceMs === undefined ? [] : [activeSinceMs, activeSinceMs];
  const columns = FINDING_COLUMNS.map((c) => `"${c}"`).join(', ');
  const out = new Map<string, SqlValue[][]>();
  const add = (v: SqlValue[]) => {
    const id = String(v[1]);
    const list = out.get(id);
    if (list) {
      list.push(v);
    } else {
      out.set(id, [v]);
    }
  };
  db.values(
    `SELECT ${columns} FROM (${SELECT_FINDINGS} WHERE status != 'resolved' ${scope}) ORDER BY session_id, ${ACTIVE_ORDER}`,
    params,
    owner,
  ).forEach(add);
  db.values(
    `SELECT ${columns} FROM (SELECT findings.*, ${FINDING_SNOOZED_UNTIL_SQL} AS snoozed_until,
       ROW_NUMBER() OVER (PARTITION BY session_id ORDER BY ${RESOLVED_ORDER}) AS shown_rank FROM findings WHERE status = 'resolved' ${scope})
     WHERE shown_rank <= ${RESOLVED_SHOWN} ORDER BY session_id, ${RESOLVED_ORDER}`,
    params,
    owner,
  ).forEach(add);
  return out;
}

/** Reads and writes `findings`. Every method throws only on a SQLite error (a bug). */
export class FindingsRepository {
  private readonly open: OpenFindings;
  /** Every session's shown findings (as {@link ofSession} orders them), read in one query per transaction. */
  private readonly shown: BulkRead<SqlValue[][]>;

  constructor(private readonly db: SqlDatabase) {
    this.open = new OpenFindings(
      db,
      (sessionId) => this.db.all(`${SELECT_FINDINGS} WHERE session_id = ? AND status != 'resolved'`, [sessionId], this.open).map(toFinding),
      (f) => this.db.run(WRITE_STATE_SQL, stateParams(f), this.open),
    );
    db.addTransactionCache(this.open);
    this.shown = new BulkRead(
      db,
      ['findings', 'snoozes'],
      (owner) => shownBySession(db, owner),
      () => [],
    );
  }

  /** The newest unresolved (open or acknowledged) finding of `type` in the session, if any. */
  active(sessionId: string, type: FailureType): FindingSnapshot | undefined {
    const open = this.open.of(sessionId);
    if (open) {
      let newest: FindingSnapshot | undefined;
      for (const f of open) {
        if (f.type === type && (!newest || f.id > newest.id)) {
          newest = f;
        }
      }
      return newest ? { ...newest } : undefined;
    }
    const r = this.db.get(`${SELECT_FINDINGS} WHERE session_id = ? AND type = ? AND status != 'resolved' ORDER BY id DESC LIMIT 1`, [
      sessionId,
      type,
    ]);
    return r ? toFinding(r) : undefined;
  }

  /** Inserts a finding with one occurrence and returns it. */
  insert(f: NewFinding): FindingSnapshot {
    const id = this.db.insert(
      `INSERT INTO findings (session_id, type, severity, strategy, count, first_seen, last_seen, last_text, file, offset, escalation)
       VALUES (?, ?, ?, ?, 1, ?, ?, CAST(? AS TEXT), ?, ?, ?)`,
      [f.sessionId, f.type, f.severity, f.strategy, f.ts, f.ts, textParam(f.text), f.file ?? null, f.offset ?? null, f.escalation],
      this.open,
    );
    const inserted = this.get(id)!;
    this.open.inserted({ ...inserted });
    return inserted;
  }

  /**
   * Counts one more occurrence and returns the finding (undefined for an unknown id). In a transaction, for a cached
   * finding, the row is written later, once for all its occurrences of the transaction ({@link OpenFindings.flush}).
   */
  addOccurrence(id: number, o: FindingOccurrence): FindingSnapshot | undefined {
    const cached = this.open.find(id);
    const file = o.file === undefined || o.file === null ? undefined : o.file;
    const offset = o.offset === undefined || o.offset === null ? undefined : o.offset;
    if (cached && exactUpdate(o) && (file === undefined || isWellFormed(file)) && (offset === undefined || Number.isFinite(offset))) {
      return this.changed({ ...updatedFinding(cached, o), count: cached.count + 1, file, offset });
    }
    this.open.flush();
    this.db.run(
      `UPDATE findings SET count = count + 1, last_seen = MAX(last_seen, ?), last_text = CAST(? AS TEXT), file = ?, offset = ?, severity = ?,
         strategy = ?, escalation = ?, status = CASE WHEN ? THEN 'open' ELSE status END WHERE id = ?`,
      [o.ts, textParam(o.text), o.file ?? null, o.offset ?? null, o.severity, o.strategy, o.escalation, o.reopen ? 1 : 0, id],
      this.open,
    );
    this.open.clear();
    return this.get(id);
  }

  /**
   * Updates the state without counting an occurrence and returns the finding (undefined for an unknown id); written
   * later for a cached finding, as {@link addOccurrence}.
   */
  update(id: number, o: FindingUpdate): FindingSnapshot | undefined {
    const cached = this.open.find(id);
    if (cached && exactUpdate(o)) {
      return this.changed(updatedFinding(cached, o));
    }
    this.open.flush();
    this.db.run(
      "UPDATE findings SET last_seen = MAX(last_seen, ?), last_text = CAST(? AS TEXT), severity = ?, strategy = ?, escalation = ?, status = CASE WHEN ? THEN 'open' ELSE status END WHERE id = ?",
      [o.ts, textParam(o.text), o.severity, o.strategy, o.escalation, o.reopen ? 1 : 0, id],
      this.open,
    );
    this.open.clear();
    return this.get(id);
  }

  /** Keeps a changed cached finding, to be written before the next statement that reads it, and returns a copy of it. */
  private changed(f: FindingSnapshot): FindingSnapshot {
    this.open.changed(f);
    // what the UPDATE would have done at once: the shown findings read in this transaction are stale
    this.shown.clear();
    return { ...f };
  }

  /** One finding by id (its `title` is '': the engine adds it from the catalog). */
  get(id: number): FindingSnapshot | undefined {
    this.open.flush();
    const r = this.db.get(`${SELECT_FINDINGS} WHERE id = ?`, [id], this.open);
    return r ? toFinding(r) : undefined;
  }

  /** A session's findings: unresolved ones by worst severity then newest, then its 10 newest resolved ones. */
  ofSession(sessionId: string): FindingSnapshot[] {
    const bulk = this.shown.of(sessionId);
    if (bulk) {
      return bulk.map(findingOf);
    }
    const active = this.db.all(`${SELECT_FINDINGS} WHERE session_id = ? AND status != 'resolved' ORDER BY ${ACTIVE_ORDER}`, [sessionId]);
    const resolved = this.db.all(
      `${SELECT_FINDINGS} WHERE session_id = ? AND status = 'resolved' ORDER BY ${RESOLVED_ORDER} LIMIT ${RESOLVED_SHOWN}`,
      [sessionId],
    );
    return [...active, ...resolved].map(toFinding);
  }

  /**
   * For a snapshot, in a transaction: reads the shown findings of the sessions active since `sinceMs` (epoch ms) at
   * once, and keeps them to answer {@link ofSession} for `ids` (those sessions; none for one without findings) until the
   * next write to `findings` or `snoozes`. Outside a transaction: nothing.
   */
  keepShownOfActive(ids: readonly string[], sinceMs: number): void {
    if (!this.db.inTransaction) {
      return;
    }
    const shown = shownBySession(this.db, this.shown, sinceMs);
    this.shown.seed(new Map(ids.map((id) => [id, shown.get(id) ?? []])));
  }

  /** Sets a finding's status (unknown ids are ignored). */
  setStatus(id: number, status: FindingStatus): void {
    this.open.flush();
    this.db.run('UPDATE findings SET status = ? WHERE id = ?', [status, id], this.open);
    const cached = this.open.find(id);
    if (cached) {
      this.open.replaced({ ...cached, status });
    } else if (status !== 'resolved') {
      // A resolved finding opened again (or an unknown id): the cached lists may miss it.
      this.open.clear();
    }
  }

  /** Resolves the session's unresolved findings of `types` last seen at or before `ts`; returns them as they were before. */
  resolve(sessionId: string, types: readonly FailureType[], ts: number): FindingSnapshot[] {
    if (types.length === 0) {
      return [];
    }
    const open = this.open.of(sessionId);
    if (open && !open.some((f) => f.lastSeen <= ts && types.includes(f.type))) {
      return [];
    }
    this.open.flush();
    const marks = types.map(() => '?').join(',');
    const rows = this.db
      .all(
        `${SELECT_FINDINGS} WHERE session_id = ? AND status != 'resolved' AND last_seen <= ? AND type IN (${marks})`,
        [sessionId, ts, ...types],
        this.open,
      )
      .map(toFinding);
    for (const f of rows) {
      this.setStatus(f.id, 'resolved');
    }
    return rows;
  }

  /** Ids of the sessions with an unresolved finding of `type`. */
  sessionsWithActive(type: FailureType): string[] {
    return this.db
      .all("SELECT DISTINCT session_id FROM findings WHERE type = ? AND status != 'resolved'", [type])
      .map((r) => String(r.session_id));
  }

  /** Deletes the findings that are not open (acknowledged or resolved) and were last seen before `olderThanMs`. */
  pruneClosedOlderThan(olderThanMs: number): void {
    this.db.run("DELETE FROM findings WHERE status != 'open' AND last_seen < ?", [olderThanMs]);
  }
}

/** True when SQLite stores an update's values as given (finite time, well-formed text), so the cached finding can follow it. */
function exactUpdate(o: FindingUpdate): boolean {
  return Number.isFinite(o.ts) && isWellFormed(o.text) && isWellFormed(o.escalation);
}

/** A finding after {@link FindingsRepository.update}'s UPDATE, as `toFinding` would read it back. */
function updatedFinding(f: FindingSnapshot, o: FindingUpdate): FindingSnapshot {
  return {
    ...f,
    lastSeen: Math.max(f.lastSeen, o.ts),
    lastText: o.text,
    severity: o.severity,
    strategy: o.strategy,
    escalation: o.escalation,
    status: o.reopen ? 'open' : f.status,
  };
}

function toFinding(r: Row): FindingSnapshot {
  return findingOf(FINDING_COLUMNS.map((c) => r[c]));
}

/** A finding from the values of {@link FINDING_COLUMNS}, in that order (its `title` is '': the engine adds it). */
function findingOf(v: readonly SqlValue[]): FindingSnapshot {
  return {
    id: Number(v[0]),
    sessionId: String(v[1]),
    type: String(v[2]) as FailureType,
    title: '',
    severity: String(v[3]) as Severity,
    strategy: String(v[4]) as Strategy,
    count: Number(v[5]),
    firstSeen: Number(v[6]),
    lastSeen: Number(v[7]),
    lastText: String(v[8]),
    file: v[9] === null ? undefined : String(v[9]),
    offset: v[10] === null ? undefined : Number(v[10]),
    status: String(v[11]) as FindingStatus,
    snoozedUntil: Number(v[13]),
    escalation: String(v[12]),
  };
}
