/**
 * Merging two copies of the store: the rows of `source` (the store file as another process wrote it) are brought into
 * `target` (this process's store) table by table, on natural keys, so that what either holds is in the result and
 * nothing is counted twice. The rules (docs/store.md, "Merge rules"):
 * - sessions by id: counters and last activity the larger, first seen the earlier, text fields from the newer side;
 * - events (append-only) by (session, time, kind, origin file and offset, tool hash, text); only those the source
 *   added after `sinceSeq` are looked at (see ./sharedStore.ts for how that is known);
 * - findings by (session, type, first seen), or, both unresolved, by (session, type): the ledger keeps at most one
 *   unresolved finding of a type per session. Status on a lattice: resolved wins; an acknowledgement holds when it was
 *   made at the merged severity (a rise of severity elsewhere opens it again, as the ledger does); severity, count and
 *   last seen the larger;
 * - audit rows, message resets, resume failures and session silences as sets by their columns; a silence lifted on
 *   either side stays lifted; a finding's snooze ends at the later time;
 * - session marks: each mark from the side that changed it last;
 * - tailer file states: this process's own reading progress stays; paths it never read come from the source.
 * Rows of a session the target lacks and that retention is done with (./retention.ts: over at the target's cutoff) are
 * left out in every table, so a session pruned here does not come back from another writer's older copy.
 * Ids are this process's own and never change: the source's finding ids are translated (audit rows and snoozes refer
 * to findings by id), and rows new to the target get new ids. Pure module.
 */
import type { SqlDatabase } from './database';
import type { Store } from './store';
import { mergeAudit, mergeFilesAndMarks, mergeSets, mergeSnoozes } from './mergeRules';
import { OVER_SESSIONS_TABLE, sessionOverSql } from './retention';

/** Options of {@link mergeStore}. */
export interface MergeOptions {
  /** Events of the source with a sequence number at or below this one are known to the target already (0: look at all). */
  sinceSeq: number;
}

/** What {@link mergeStore} did. */
export interface MergeResult {
  /** Rows inserted, updated or deleted in the target (0: the target already held everything). */
  changes: number;
  /** The source's largest event sequence number (its events up to it are now in the target). */
  maxSeq: number;
}

/** Schema name the source is attached under while merging. */
export const SOURCE = 'merge_source';

/** Severity as a number (CRITICAL 3 ... LOW 0), in SQL over a column `col`. */
const rank = (col: string) => `(CASE ${col} WHEN 'CRITICAL' THEN 3 WHEN 'HIGH' THEN 2 WHEN 'MEDIUM' THEN 1 ELSE 0 END)`;

/**
 * Brings the rows of `source` into `target` (one transaction; see the module comment). Both must be at the same schema
 * version (open the source with `Store.open`, which migrates it, and do not merge a newer one). The source is not
 * changed. The target's retention ({@link Store.retention}) applies to what comes in.
 * @throws the SQLite error of a failed statement (the target is then rolled back)
 */
export function mergeStore(target: Store, source: Store, options: MergeOptions): MergeResult {
  const db = target.database;
  db.attach(source.database, SOURCE);
  try {
    const cutoff = target.retention?.olderThanMs ?? Number.MIN_SAFE_INTEGER;
    const maxSeq = db.number(`SELECT MAX(seq) AS n FROM ${SOURCE}.events`);
    const changes = db.transaction(() => {
      // Sessions retention deleted here (or would): none of their rows come back from an older copy.
      db.exec(`CREATE TEMP TABLE ${OVER_SESSIONS_TABLE.slice('temp.'.length)} AS SELECT id FROM ${SOURCE}.sessions o
        WHERE NOT EXISTS (SELECT 1 FROM main.sessions m WHERE m.id = o.id) AND ${sessionOverSql('o', SOURCE, cutoff)}`);
      let n = mergeSessions(db);
      n += mergeEvents(db, options.sinceSeq, cutoff, target.retention?.maxPerSession);
      n += mergeFindings(db, cutoff);
      n += mergeAudit(db);
      n += mergeSnoozes(db, cutoff);
      n += mergeSets(db, cutoff);
      n += mergeFilesAndMarks(db);
      db.exec(
        `DROP TABLE temp.merge_fmap; DROP TABLE temp.merge_events; DROP TABLE temp.merge_new_sessions; DROP TABLE ${OVER_SESSIONS_TABLE};`,
      );
      return n;
    });
    return { changes, maxSeq };
  } finally {
    db.detach(SOURCE);
  }
}

/** `sessions`: new ids inserted; for known ids, the merged row (see the module comment). */
function mergeSessions(db: SqlDatabase): number {
  const cols = db.columns('sessions').filter((c) => c !== 'context_since_seq');
  const list = cols.join(', ');
  db.exec(`CREATE TEMP TABLE merge_new_sessions AS
    SELECT id FROM ${SOURCE}.sessions o WHERE NOT EXISTS (SELECT 1 FROM main.sessions m WHERE m.id = o.id)
      AND o.id NOT IN (SELECT id FROM ${OVER_SESSIONS_TABLE})`);
  let n = db.write(`
    INSERT INTO main.sessions (${list}) SELECT ${list} FROM ${SOURCE}.sessions WHERE id IN (SELECT id FROM temp.merge_new_sessions);`);
  const newer = 'o.last_activity > m.last_activity';
  const pick = (col: string, when: string) => `${col} = CASE WHEN ${when} THEN o.${col} ELSE m.${col} END`;
  const max = (col: string) => `${col} = MAX(m.${col}, o.${col})`;
  const differs = cols.map((c) => `m.${c} IS NOT o.${c}`).join(' OR ');
  n += db.write(`
    UPDATE main.sessions AS m SET
      ${['last_activity', 'message_count', 'input_tokens', 'output_tokens', 'cache_read', 'cache_creation', 'cost_usd', 'skipped_lines', 'resume_broken'].map(max).join(', ')},
      first_seen = CASE WHEN m.first_seen = 0 THEN o.first_seen WHEN o.first_seen = 0 THEN m.first_seen ELSE MIN(m.first_seen, o.first_seen) END,
      ${['title', 'project', 'model', 'context_model'].map((c) => pick(c, `(${newer} AND o.${c} != '') OR m.${c} = ''`)).join(', ')},
      ${['first_prompt', 'cwd', 'file'].map((c) => pick(c, `m.${c} = ''`)).join(', ')},
      ${['last_message_id', 'context_tokens', 'context_window'].map((c) => pick(c, newer)).join(', ')},
      ${['last_error', 'last_error_at'].map((c) => pick(c, 'o.last_error_at > m.last_error_at')).join(', ')},
      ${['turn_kind', 'turn_at'].map((c) => pick(c, 'o.turn_at > m.turn_at')).join(', ')},
      ${['last_reset_reason', 'last_reset_at'].map((c) => pick(c, 'o.last_reset_at > m.last_reset_at')).join(', ')},
      messages_since_reset = CASE WHEN o.last_reset_at > m.last_reset_at THEN o.messages_since_reset
        WHEN o.last_reset_at < m.last_reset_at THEN m.messages_since_reset ELSE MAX(m.messages_since_reset, o.messages_since_reset) END
    FROM ${SOURCE}.sessions AS o WHERE m.id = o.id AND (${differs});`);
  return n;
}

/**
 * `events`: the source's events after `sinceSeq` that the target lacks, in the source's order, dropped when older
 * than the retention cutoff; then the per-session cap of retention on the sessions that got events. A new session's
 * context epoch (the sequence number after which context samples count) is carried over by time.
 */
function mergeEvents(db: SqlDatabase, sinceSeq: number, cutoff: number, maxPerSession: number | undefined): number {
  const cols = db.columns('events').filter((c) => c !== 'seq');
  const list = cols.join(', ');
  db.exec(`
    CREATE TEMP TABLE merge_events AS SELECT ${list} FROM ${SOURCE}.events o
      WHERE o.seq > ${Math.trunc(sinceSeq)} AND o.ts >= ${Math.trunc(cutoff)} AND o.session_id NOT IN (SELECT id FROM ${OVER_SESSIONS_TABLE})
        AND NOT EXISTS (
        SELECT 1 FROM main.events m WHERE m.session_id = o.session_id AND m.ts = o.ts AND m.kind = o.kind AND m.file IS o.file
          AND m.offset IS o.offset AND m.tool_hash IS o.tool_hash AND m.text = o.text)
      ORDER BY o.seq`);
  let n = db.write(`INSERT INTO main.events (${list}) SELECT ${list} FROM temp.merge_events ORDER BY rowid`);
  n += db.write(`
    UPDATE main.sessions AS m SET context_since_seq = COALESCE((SELECT MAX(e.seq) FROM main.events e WHERE e.session_id = m.id
      AND e.ts <= (SELECT b.ts FROM ${SOURCE}.events b WHERE b.seq = o.context_since_seq)), 0)
    FROM ${SOURCE}.sessions AS o WHERE m.id = o.id AND o.context_since_seq > 0 AND m.id IN (SELECT id FROM temp.merge_new_sessions);`);
  if (maxPerSession !== undefined && maxPerSession >= 0) {
    n += db.write(`
      DELETE FROM main.events WHERE seq IN (SELECT seq FROM (
        SELECT seq, ROW_NUMBER() OVER (PARTITION BY session_id ORDER BY seq DESC) AS r FROM main.events
        WHERE session_id IN (SELECT DISTINCT session_id FROM temp.merge_events)) WHERE r > ${Math.trunc(maxPerSession)});`);
  }
  return n;
}

/**
 * `findings`: pairs the source's findings with the target's (temp table `merge_fmap`: source id -> target id, `fresh`
 * 1 for a row inserted now), inserts the unpaired ones (closed ones older than the cutoff are left out) and merges the
 * pairs (see the module comment).
 */
function mergeFindings(db: SqlDatabase, cutoff: number): number {
  db.exec(`
    CREATE TEMP TABLE merge_fmap (other_id INTEGER PRIMARY KEY, local_id INTEGER, fresh INTEGER NOT NULL DEFAULT 0);
    INSERT INTO temp.merge_fmap (other_id, local_id)
      SELECT o.id, (SELECT m.id FROM main.findings m WHERE m.session_id = o.session_id AND m.type = o.type AND m.first_seen = o.first_seen
                    ORDER BY m.id LIMIT 1)
      FROM ${SOURCE}.findings o ORDER BY o.id;
    UPDATE temp.merge_fmap SET local_id = (
      SELECT m.id FROM main.findings m, ${SOURCE}.findings o
      WHERE o.id = merge_fmap.other_id AND o.status != 'resolved' AND m.session_id = o.session_id AND m.type = o.type
        AND m.status != 'resolved' AND m.id NOT IN (SELECT f.local_id FROM temp.merge_fmap f WHERE f.local_id IS NOT NULL)
      ORDER BY m.id DESC LIMIT 1)
    WHERE local_id IS NULL;
    DELETE FROM temp.merge_fmap WHERE local_id IS NULL
      AND other_id IN (SELECT id FROM ${SOURCE}.findings WHERE (status != 'open' AND last_seen < ${Math.trunc(cutoff)})
        OR session_id IN (SELECT id FROM ${OVER_SESSIONS_TABLE}));`);
  let n = 0;
  const cols = db.columns('findings').filter((c) => c !== 'id');
  const list = cols.join(', ');
  // One by one, so each source id gets the id of its own new row (there are few: the findings new since the last merge).
  for (const row of db.all('SELECT other_id FROM temp.merge_fmap WHERE local_id IS NULL ORDER BY other_id')) {
    const id = Number(row.other_id);
    const local = db.insert(`INSERT INTO main.findings (${list}) SELECT ${list} FROM ${SOURCE}.findings WHERE id = ?`, [id]);
    db.run('UPDATE temp.merge_fmap SET local_id = ?, fresh = 1 WHERE other_id = ?', [local, id]);
    n++;
  }
  const later = 'o.last_seen > m.last_seen';
  const higher = `${rank('o.severity')} > ${rank('m.severity')}`;
  n += db.write(`
    UPDATE main.findings AS m SET
      severity = CASE WHEN ${higher} THEN o.severity ELSE m.severity END,
      strategy = CASE WHEN ${higher} THEN o.strategy ELSE m.strategy END,
      escalation = CASE WHEN ${higher} THEN o.escalation ELSE m.escalation END,
      status = CASE WHEN m.status = 'resolved' OR o.status = 'resolved' THEN 'resolved'
        WHEN (m.status = 'acknowledged' AND ${rank('m.severity')} >= ${rank('o.severity')})
          OR (o.status = 'acknowledged' AND ${rank('o.severity')} >= ${rank('m.severity')}) THEN 'acknowledged'
        ELSE 'open' END,
      count = MAX(m.count, o.count),
      first_seen = MIN(m.first_seen, o.first_seen),
      last_seen = MAX(m.last_seen, o.last_seen),
      last_text = CASE WHEN ${later} THEN o.last_text ELSE m.last_text END,
      file = CASE WHEN ${later} THEN o.file ELSE m.file END,
      offset = CASE WHEN ${later} THEN o.offset ELSE m.offset END
    FROM ${SOURCE}.findings AS o JOIN temp.merge_fmap AS f ON f.other_id = o.id
    WHERE m.id = f.local_id AND f.fresh = 0 AND (${cols.map((c) => `m.${c} IS NOT o.${c}`).join(' OR ')});`);
  return n;
}
