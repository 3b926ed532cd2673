/**
 * The session panel's timeline source on real transcripts (test/fixtures/codex and test/fixtures/claude, written by the
 * real CLIs; see each PROVENANCE.md), read after the engine read the same file with its shared format: the timeline's
 * tokens equal the snapshot's (the Codex parser's per-session state is not shared), an append is read incrementally, and
 * a file replaced by a shorter one starts the timeline over (a new generation).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createCodexFormat } from '../../../../src/core/agents/codex/kind';
import { claudeFormat } from '../../../../src/core/agents/claude/kind';
import { totalTokens } from '../../../../src/core/dashboard/overview';
import { Tailer } from '../../../../src/core/ingest/tailer';
import { nodeFileAccess } from '../../../../src/host/node/nodeFileAccess';
import { TimelineSource } from '../../../../src/features/dashboard/timelineSource';
import { FakeClock, REPO_ROOT, newEngine } from '../../helpers';

const fixture = (p: string): string => path.join(REPO_ROOT, 'test/fixtures', p);

describe('dashboard timeline source', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-timeline-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a Codex rollout the engine read with its shared format: the same tokens and cost', async () => {
    const file = path.join(dir, 'rollout-2026-11-23T17-08-58-01a22d20-2068-7fa0-8c64-1520a44d2bef.jsonl');
    fs.copyFileSync(fixture('codex/usage_limit.jsonl'), file);
    const { engine } = await newEngine({}, new FakeClock(Date.parse('2026-11-23T18:00:00Z')));
    // the engine's format, as shared by every Codex file it reads (a fresh one: other tests' reads of this fixture
    // must not leave their state in it); the panel must not read through it
    const shared = createCodexFormat();
    await new Tailer(nodeFileAccess, engine, {}).read(file, shared, 'fallback', false);
    const s = engine.snapshot()[0];
    assert.ok(totalTokens(s) > 0);
    const source = new TimelineSource(nodeFileAccess, s.id, file, undefined);
    assert.strictEqual(await source.refresh(), true);
    assert.strictEqual(source.readable, true, 'the kind is recognised from the file');
    const t = source.timeline().totals;
    assert.strictEqual(t.tokens, totalTokens(s));
    assert.ok(Math.abs(t.costUsd - s.costUsd) < 1e-12);
    assert.strictEqual(t.messages, s.messageCount);
    assert.strictEqual(await source.refresh(), false, 'nothing new');
  });

  it('appends are read incrementally; a replaced shorter file starts over', async () => {
    const lines = fs
      .readFileSync(fixture('claude/rate_limit_then_ok.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.trim());
    const file = path.join(dir, 'session.jsonl');
    fs.writeFileSync(file, lines.slice(0, 5).join('\n') + '\n');
    const last = lines.map((l) => /"timestamp":"([^"]+)"/.exec(l)?.[1]).filter((x): x is string => !!x);
    const { engine } = await newEngine({}, new FakeClock(Date.parse(last[last.length - 1]) + 60_000));
    await new Tailer(nodeFileAccess, engine, {}).read(file, claudeFormat, 'session', false);
    const id = engine.snapshot()[0].id;
    const source = new TimelineSource(nodeFileAccess, id, file, 'claude-code');
    await source.refresh();
    const first = source.timeline().totals.events;
    assert.ok(first > 0);
    fs.appendFileSync(file, lines.slice(5).join('\n') + '\n');
    assert.strictEqual(await source.refresh(), true);
    const all = source.timeline().totals.events;
    assert.ok(all > first);
    assert.strictEqual(source.generation, 0);
    fs.writeFileSync(file, lines.slice(0, 2).join('\n') + '\n');
    assert.strictEqual(await source.refresh(), true);
    assert.strictEqual(source.generation, 1, 'started over');
    assert.ok(source.timeline().totals.events < all);
  });

  it('no file, or an unreadable one: an empty timeline, never a throw', async () => {
    const none = new TimelineSource(nodeFileAccess, 's', '', undefined);
    assert.strictEqual(await none.refresh(), false);
    assert.strictEqual(none.readable, false);
    const missing = new TimelineSource(nodeFileAccess, 's', path.join(dir, 'gone.jsonl'), 'claude-code');
    assert.strictEqual(await missing.refresh(), false);
    assert.strictEqual(missing.timeline().totals.events, 0);
  });
});
