/**
 * The merge rules of the smaller tables (./merge.ts runs them after sessions, events and findings, with the source
 * attached as `merge_source` and the finding id map in `temp.merge_fmap`): audit rows, snoozes, message resets and
 * resume failures, session marks, tailer file states. Each returns how many target rows it changed. Pure module.
 */
import type { SqlDatabase } from './database';
import { AUDIT_ROWS_KEPT } from './repositories/audit';
import { OVER_SESSIONS_TABLE } from './retention';

const SOURCE = 'merge_source';

/** SQL condition: the source row `o` does not name a session that is over (see ./retention.ts). */
const notOver = (col = 'o.session_id') => `${col} NOT IN (SELECT id FROM ${OVER_SESSIONS_TABLE})`;

/**
 * `audit`: the source's rows the target lacks, compared by every column, their finding id translated to the target's
 * (a row whose finding the source no longer holds matches any finding id); then retention's bound on the row count.
 */
export function mergeAudit(db: SqlDatabase): number {
  db.exec(`
    CREATE TEMP TABLE merge_audit AS
      SELECT o.ts, o.session_id, f.local_id AS finding_id, o.failure_type, o.strategy, o.outcome, o.actor, o.detail
      FROM ${SOURCE}.audit o LEFT JOIN temp.merge_fmap f ON f.other_id = o.finding_id
      WHERE ${notOver()} AND NOT EXISTS (SELECT 1 FROM main.audit m WHERE m.ts = o.ts AND m.session_id = o.session_id AND m.strategy = o.strategy
        AND m.outcome = o.outcome AND m.actor = o.actor AND m.detail = o.detail AND m.failure_type IS o.failure_type
        AND (m.finding_id IS f.local_id OR f.local_id IS NULL))
      ORDER BY o.id`);
  const n = db.write(`INSERT INTO main.audit (ts, session_id, finding_id, failure_type, strategy, outcome, actor, detail)
    SELECT ts, session_id, finding_id, failure_type, strategy, outcome, actor, detail FROM temp.merge_audit ORDER BY rowid`);
  db.exec('DROP TABLE temp.merge_audit');
  return n > 0
    ? n + db.write(`DELETE FROM main.audit WHERE id <= (SELECT id FROM main.audit ORDER BY id DESC LIMIT 1 OFFSET ${AUDIT_ROWS_KEPT})`)
    : 0;
}

/**
 * `snoozes`: a finding's snooze ends at the later of the two times (the finding id translated); session-scoped snoozes
 * (silences) are a set by their columns, and one lifted on either side is lifted. Lifted ones older than the cutoff
 * are not brought in.
 */
export function mergeSnoozes(db: SqlDatabase, cutoff: number): number {
  const same = `m.finding_id IS NULL AND m.session_id = o.session_id AND m.failure_type = o.failure_type AND m.until_ms = o.until_ms
    AND m.until_change = o.until_change AND m.message_count = o.message_count AND m.created_at = o.created_at`;
  let n = db.write(`
    INSERT INTO main.snoozes (session_id, failure_type, finding_id, until_ms, until_change, message_count, created_at, lifted)
      SELECT o.session_id, o.failure_type, f.local_id, o.until_ms, o.until_change, o.message_count, o.created_at, o.lifted
      FROM ${SOURCE}.snoozes o JOIN temp.merge_fmap f ON f.other_id = o.finding_id WHERE f.local_id IS NOT NULL
    ON CONFLICT(finding_id) DO UPDATE SET until_ms = excluded.until_ms WHERE excluded.until_ms > snoozes.until_ms;`);
  n += db.write(`
    UPDATE main.snoozes AS m SET lifted = 1 FROM ${SOURCE}.snoozes AS o
      WHERE o.finding_id IS NULL AND o.lifted = 1 AND m.lifted = 0 AND ${same};`);
  n += db.write(`
    INSERT INTO main.snoozes (session_id, failure_type, finding_id, until_ms, until_change, message_count, created_at, lifted)
      SELECT o.session_id, o.failure_type, NULL, o.until_ms, o.until_change, o.message_count, o.created_at, o.lifted
      FROM ${SOURCE}.snoozes o
      WHERE o.finding_id IS NULL AND ${notOver()} AND NOT (o.lifted = 1 AND MAX(o.created_at, o.until_ms) < ${Math.trunc(cutoff)})
        AND NOT EXISTS (SELECT 1 FROM main.snoozes m WHERE ${same})
      ORDER BY o.id;`);
  return n;
}

/**
 * `message_resets` and `resume_failures`: sets by their columns (rows older than the cutoff left out); a resume
 * failure marks its two sessions never to be resumed, as {@link Store.addResumeFailure} does.
 */
export function mergeSets(db: SqlDatabase, cutoff: number): number {
  const at = Math.trunc(cutoff);
  let n = db.write(`
    INSERT INTO main.message_resets (session_id, ts, reason, count_before)
      SELECT o.session_id, o.ts, o.reason, o.count_before FROM ${SOURCE}.message_resets o
      WHERE o.ts >= ${at} AND ${notOver()} AND NOT EXISTS (SELECT 1 FROM main.message_resets m WHERE m.session_id = o.session_id AND m.ts = o.ts AND m.reason = o.reason)
      ORDER BY o.id;`);
  const failures = db.write(`
    INSERT INTO main.resume_failures (resumed_id, session_id, ts)
      SELECT o.resumed_id, o.session_id, o.ts FROM ${SOURCE}.resume_failures o
      WHERE o.ts >= ${at} AND ${notOver()} AND ${notOver('o.resumed_id')} AND NOT EXISTS (SELECT 1 FROM main.resume_failures m WHERE m.resumed_id = o.resumed_id AND m.session_id = o.session_id AND m.ts = o.ts)
      ORDER BY o.id;`);
  n += failures;
  if (failures > 0) {
    n += db.write(`
      UPDATE main.sessions SET resume_broken = 1 WHERE resume_broken = 0
        AND (id IN (SELECT resumed_id FROM main.resume_failures) OR id IN (SELECT session_id FROM main.resume_failures));`);
  }
  return n;
}

/**
 * `session_marks`: each mark (priority; closed by a cleanup) from the side that changed it last (a closed mark
 * written before version 4 counts as changed when it was closed); `files`: only paths the target never read.
 */
export function mergeFilesAndMarks(db: SqlDatabase): number {
  const closedAt = (t: string) => `COALESCE(NULLIF(${t}.closed_changed_at, 0), ${t}.closed_at, 0)`;
  let n = db.write(`
    INSERT INTO main.session_marks (session_id, priority, closed_at, priority_at, closed_changed_at)
      SELECT session_id, priority, closed_at, priority_at, closed_changed_at FROM ${SOURCE}.session_marks o
      WHERE ${notOver()} AND NOT EXISTS (SELECT 1 FROM main.session_marks m WHERE m.session_id = o.session_id);`);
  n += db.write(`
    UPDATE main.session_marks AS m SET
      priority = CASE WHEN o.priority_at > m.priority_at OR (o.priority_at = m.priority_at AND o.priority > m.priority) THEN o.priority ELSE m.priority END,
      priority_at = MAX(m.priority_at, o.priority_at),
      closed_at = CASE WHEN ${closedAt('o')} > ${closedAt('m')}
        OR (${closedAt('o')} = ${closedAt('m')} AND COALESCE(o.closed_at, -1) > COALESCE(m.closed_at, -1)) THEN o.closed_at ELSE m.closed_at END,
      closed_changed_at = MAX(m.closed_changed_at, o.closed_changed_at)
    FROM ${SOURCE}.session_marks AS o
    WHERE m.session_id = o.session_id AND (m.priority IS NOT o.priority OR m.closed_at IS NOT o.closed_at
      OR m.priority_at IS NOT o.priority_at OR m.closed_changed_at IS NOT o.closed_changed_at);`);
  n += db.write(`
    INSERT INTO main.files (path, session_id, offset, size, mtime)
      SELECT path, session_id, offset, size, mtime FROM ${SOURCE}.files o WHERE NOT EXISTS (SELECT 1 FROM main.files m WHERE m.path = o.path);`);
  return n;
}
