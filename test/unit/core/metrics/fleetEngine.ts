/** Test helper: one engine fed several real transcript fixtures, its clock a minute after the newest line. */
import * as fs from 'fs';
import * as path from 'path';
import type { Engine } from '../../../../src/core/engine/engine';
import { Tailer, TranscriptFormat } from '../../../../src/core/ingest/tailer';
import { nodeFileAccess } from '../../../../src/host/node/nodeFileAccess';
import { FakeClock, REPO_ROOT, newEngine } from '../../helpers';

/** A fixture to read: `<agent folder>/<file>` under test/fixtures, as this format. */
export interface FixtureRef {
  dir: 'claude' | 'codex';
  file: string;
  format: TranscriptFormat;
}

/** Reads the fixtures into one fresh engine; the clock sits one minute after the newest timestamp of them all. */
export async function engineOf(refs: readonly FixtureRef[]): Promise<{ engine: Engine; clock: FakeClock }> {
  const files = refs.map((r) => path.join(REPO_ROOT, 'test', 'fixtures', r.dir, r.file));
  const newest = files
    .flatMap((f) => fs.readFileSync(f, 'utf8').split('\n'))
    .map((l) => /"timestamp":"([^"]+)"/.exec(l)?.[1])
    .filter((t): t is string => !!t)
    .map((t) => Date.parse(t))
    .filter((t) => Number.isFinite(t))
    .reduce((a, b) => Math.max(a, b), 0);
  const clock = new FakeClock(newest + 60_000);
  const { engine } = await newEngine({}, clock);
  const tailer = new Tailer(nodeFileAccess, engine, { chunkBytes: 4096 });
  for (let i = 0; i < files.length; i++) {
    await tailer.read(files[i], refs[i].format, path.basename(files[i], '.jsonl'), false);
  }
  return { engine, clock };
}
