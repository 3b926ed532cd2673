/**
 * Shared by the dashboard tests: one real transcript fixture read by the tailer into a real engine (real sql.js store) and,
 * separately, into a {@link TimelineBuilder}, as the session panel's timeline source reads it.
 */
import * as assert from 'assert';
import * as path from 'path';
import { TimelineBuilder } from '../../../../src/core/dashboard/timeline';
import type { TimelineData } from '../../../../src/core/dashboard/protocol';
import type { IngestSink } from '../../../../src/core/ingest/sink';
import { Tailer, TranscriptFormat } from '../../../../src/core/ingest/tailer';
import type { SessionSnapshot } from '../../../../src/core/model/snapshot';
import type { FileState } from '../../../../src/core/store/store';
import { nodeFileAccess } from '../../../../src/host/node/nodeFileAccess';
import { REPO_ROOT, tailFixture } from '../../helpers';

/** Reads a file into a timeline builder for `sessionId`, as the session panel's timeline source does. */
export async function readTimeline(
  file: string,
  format: TranscriptFormat,
  sessionId: string,
  fallbackId: string,
  now: number,
): Promise<TimelineData> {
  const builder = new TimelineBuilder(sessionId, () => now);
  const files = new Map<string, FileState>();
  const sink: IngestSink = {
    fileState: (p) => files.get(p),
    setFileState: (s) => void files.set(s.path, s),
    deleteFileState: (p) => void files.delete(p),
    updateSession: () => undefined,
    ingest: (events) => builder.add(events),
    noteSkippedLines: () => undefined,
  };
  await new Tailer(nodeFileAccess, sink, { chunkBytes: 4096 }).read(file, format, fallbackId, false);
  return builder.timeline();
}

/**
 * The engine's snapshot and the timeline of one fixture. `format` makes a fresh format for each read: a stateful one
 * (Codex) must not be shared by the two reads, as the session panel's timeline source does not share the engine's.
 */
export async function both(
  dir: string,
  name: string,
  format: () => TranscriptFormat,
): Promise<{ s: SessionSnapshot; t: TimelineData; file: string }> {
  const file = path.join(REPO_ROOT, 'test/fixtures', dir, name);
  const fallback = path.basename(name, '.jsonl');
  const { engine, result } = await tailFixture(file, format(), fallback);
  const s = engine.snapshot().find((x) => result.sessionIds.includes(x.id)) ?? engine.snapshot()[0];
  assert.ok(s, `${name}: a session`);
  const t = await readTimeline(file, format(), s.id, fallback, s.lastActivity);
  return { s, t, file };
}
