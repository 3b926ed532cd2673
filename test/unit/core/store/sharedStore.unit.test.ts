/**
 * One store file, many processes (src/core/store/sharedStore.ts) on Node's ports (src/host/node/blobStorage.ts,
 * storeLock.ts with proper-lockfile) in a temporary folder: two stores of one file see each other's changes after a
 * sync; a clean sync costs one read of the version blob; a file damaged by someone else is moved aside; a newer
 * version's file is neither merged nor overwritten; a failed write keeps the changes for the next sync; the lock of a
 * dead writer is taken over; free pages are given back.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LockBusyError } from '../../../../src/core/store/persistence';
import { SharedStore, compactStore } from '../../../../src/core/store/sharedStore';
import { SCHEMA_VERSION, Store } from '../../../../src/core/store/store';
import { NodeBlobStorage } from '../../../../src/host/node/blobStorage';
import { NodeStoreLock } from '../../../../src/host/node/storeLock';
import { claudeFormat } from '../../../../src/core/agents/claude/kind';
import { DEFAULT_ENGINE_CONFIG, Engine } from '../../../../src/core/engine/engine';
import { Tailer } from '../../../../src/core/ingest/tailer';
import { nodeFileAccess } from '../../../../src/host/node/nodeFileAccess';
import { FakeClock, REPO_ROOT, sqlJs } from '../../helpers';

const NAME = 'store.sqlite';

describe('shared store file (src/core/store/sharedStore.ts)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-shared-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** One "process": its own store of the file, its own writer id. */
  async function open(storage = new NodeBlobStorage(dir)): Promise<SharedStore> {
    return (await SharedStore.open(await sqlJs(), storage, new NodeStoreLock(dir), NAME)).shared;
  }

  it('two processes: what one records shows in the other after its next sync, and nothing is lost either way', async () => {
    const a = await open();
    const b = await open();
    a.store.ensureSession('sa', 'claude-code', '/a.jsonl', 'p', 1);
    const fa = a.store.insertFinding({
      sessionId: 'sa',
      type: 'auth',
      severity: 'CRITICAL',
      strategy: 'halt_and_notify',
      ts: 5,
      text: 'x',
      escalation: '',
    });
    b.store.ensureSession('sb', 'codex', '/b.jsonl', 'q', 2);
    assert.deepStrictEqual(await a.sync(), { merged: false, wrote: true, newer: false });
    assert.deepStrictEqual(await b.sync(), { merged: true, wrote: true, newer: false }, 'b merges a, then writes its own session');
    assert.ok(b.store.session('sa') && b.store.findings('sa').length === 1);
    const fb = b.store.findings('sa')[0];
    b.store.setFindingStatus(fb.id, 'acknowledged');
    b.store.insertAudit({
      timestamp: 9,
      sessionId: 'sa',
      findingId: fb.id,
      failureType: 'auth',
      strategy: 'acknowledge',
      outcome: 'taken',
      actor: 'user',
      detail: '',
    });
    await b.sync();
    const r = await a.sync();
    assert.deepStrictEqual(r, { merged: true, wrote: false, newer: false }, 'a had no change of its own: it only reads');
    assert.strictEqual(a.store.finding(fa.id)!.status, 'acknowledged');
    assert.deepStrictEqual(
      a.store.audit(5).map((x) => [x.findingId, x.strategy]),
      [[fa.id, 'acknowledge']],
    );
    assert.ok(a.store.session('sb'));
    const reopened = await open();
    assert.deepStrictEqual(
      reopened.store
        .activeSessions(0)
        .map((s) => s.id)
        .sort(),
      ['sa', 'sb'],
    );
    assert.deepStrictEqual(fs.readdirSync(dir).sort(), [NAME, `${NAME}.version`], 'no temporary file and no lock left');
  });

  it('a sync with nothing new anywhere reads only the version blob and writes nothing', async () => {
    const a = await open();
    a.store.ensureSession('s', 'claude-code', '', 'p', 1);
    await a.sync();
    const mtime = fs.statSync(path.join(dir, NAME)).mtimeMs;
    const storage = new NodeBlobStorage(dir);
    const b = await open(storage);
    const reads: string[] = [];
    const read = storage.read.bind(storage);
    storage.read = (n) => (reads.push(n), read(n));
    assert.deepStrictEqual(await b.sync(), { merged: false, wrote: false, newer: false });
    assert.deepStrictEqual(reads, [`${NAME}.version`]);
    assert.strictEqual(fs.statSync(path.join(dir, NAME)).mtimeMs, mtime);
  });

  it('many rounds of two writers on the same events keep one copy of each (only new events are looked at)', async () => {
    const a = await open();
    const b = await open();
    for (let round = 0; round < 5; round++) {
      for (const [s, who] of [
        [a, 'a'],
        [b, 'b'],
      ] as const) {
        s.store.ensureSession(who, 'claude-code', '', 'p', 1);
        for (let i = 0; i < 10; i++) {
          s.store.insertEvent(
            { sessionId: who, agent: 'claude-code', timestamp: round * 100 + i, kind: 'assistant', text: `${round}-${i}` },
            undefined,
          );
        }
        await s.sync();
      }
    }
    await a.sync();
    for (const s of [a, b]) {
      assert.strictEqual(s.store.eventCount('a'), 50);
      assert.strictEqual(s.store.eventCount('b'), 50);
    }
  });

  it('a file that is no store any more (written by something else) is moved aside and this store written in its place', async () => {
    const a = await open();
    a.store.ensureSession('s', 'claude-code', '', 'p', 1);
    await a.sync();
    fs.writeFileSync(path.join(dir, NAME), 'not a database '.repeat(100));
    fs.writeFileSync(path.join(dir, `${NAME}.version`), 'someone:1');
    const r = await a.sync();
    assert.ok(r.movedAside?.startsWith(`${NAME}.corrupt-`) && r.wrote, JSON.stringify(r));
    assert.ok((await open()).store.session('s'));
  });

  it("a newer Session Doctor's file is not merged nor overwritten; this store keeps its changes", async () => {
    const sql = await sqlJs();
    const newer = Store.open(sql);
    newer.database.userVersion = SCHEMA_VERSION + 1;
    fs.writeFileSync(path.join(dir, NAME), newer.export());
    const a = await open();
    a.store.ensureSession('mine', 'claude-code', '', 'p', 1);
    fs.writeFileSync(path.join(dir, `${NAME}.version`), 'newer:1');
    const before = fs.readFileSync(path.join(dir, NAME));
    assert.deepStrictEqual(await a.sync(), { merged: false, wrote: false, newer: true });
    assert.ok(a.store.dirty);
    assert.deepStrictEqual(fs.readFileSync(path.join(dir, NAME)), before);
  });

  it('a failed write (a full disk) keeps the changes dirty and the file as it was; the next sync writes them', async () => {
    const storage = new NodeBlobStorage(dir);
    const a = await open(storage);
    a.store.ensureSession('s1', 'claude-code', '', 'p', 1);
    await a.sync();
    const write = storage.write.bind(storage);
    storage.write = async (n, bytes) => {
      if (n.includes('.tmp-')) {
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      }
      return write(n, bytes);
    };
    a.store.ensureSession('s2', 'claude-code', '', 'p', 2);
    await assert.rejects(a.sync(), /ENOSPC/);
    assert.ok(a.store.dirty);
    assert.strictEqual((await open()).store.session('s2'), undefined, 'the file still opens, as it was');
    storage.write = write;
    assert.strictEqual((await a.sync()).wrote, true);
    assert.ok((await open()).store.session('s2'));
  });

  it('the lock: held by another process, acquire waits and then gives up; a dead holder is taken over after the stale time', async () => {
    const holder = new NodeStoreLock(dir);
    const release = await holder.acquire(NAME);
    await assert.rejects(new NodeStoreLock(dir, { waitMs: 300 }).acquire(NAME), LockBusyError);
    await release();
    // A holder that died (SIGKILL) leaves the lock directory and stops refreshing it.
    fs.mkdirSync(path.join(dir, `${NAME}.lock`));
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(dir, `${NAME}.lock`), old, old);
    const started = Date.now();
    const taken = await new NodeStoreLock(dir, { waitMs: 300 }).acquire(NAME);
    assert.ok(Date.now() - started < 1000);
    await taken();
    assert.ok(!fs.existsSync(path.join(dir, `${NAME}.lock`)));
  });

  it("a dead writer's temporary file is removed at the first sync; free pages are given back on write", async () => {
    fs.writeFileSync(path.join(dir, `${NAME}.tmp-deadwriter`), 'half a store');
    const a = await open();
    for (let i = 0; i < 3000; i++) {
      a.store.insertEvent({ sessionId: 's', agent: 'claude-code', timestamp: i, kind: 'assistant', text: 'x'.repeat(500) }, undefined);
    }
    await a.sync();
    assert.ok(!fs.existsSync(path.join(dir, `${NAME}.tmp-deadwriter`)));
    const big = fs.statSync(path.join(dir, NAME)).size;
    a.store.prune('s', 10, 0);
    assert.strictEqual(compactStore(a.store, 1 << 30), false, 'not while the free space is under the threshold');
    await a.sync();
    const small = fs.statSync(path.join(dir, NAME)).size;
    assert.ok(small < big / 5, `${small} < ${big} / 5`);
  });

  it('growth of the written file per session and per 1,000 events of real transcripts, and retention with VACUUM shrinking it back', async function () {
    this.timeout(120_000);
    // The failing and busy real Claude Code transcripts (test/fixtures/claude, PROVENANCE.md there), each copy a new session.
    const names = ['auth_401', 'rate_limit_then_ok', 'rate_limit_forever', 'server_500', 'overloaded_529', 'tool_loop', 'compact', 'happy'];
    const texts = names.map((n) => fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/claude', `${n}.jsonl`), 'utf8'));
    // VACUUM from 64 KiB of free pages (default 1 MiB, more than this small store frees).
    const a = (await SharedStore.open(await sqlJs(), new NodeBlobStorage(dir), new NodeStoreLock(dir), NAME, { vacuumFromBytes: 1 << 16 }))
      .shared;
    const clock = new FakeClock(Date.UTC(2026, 10, 23, 17, 0, 0)); // an hour after the fixtures were written
    const engine = new Engine(a.store, DEFAULT_ENGINE_CONFIG, clock);
    const tailer = new Tailer(nodeFileAccess, engine, { chunkBytes: 1 << 16 });
    const file = path.join(dir, NAME);
    const points: { sessions: number; events: number; bytes: number }[] = [];
    const ids: string[] = [];
    for (let round = 1; round <= 12; round++) {
      for (const [k, text] of texts.entries()) {
        const original = /"sessionId":"([0-9a-f-]{36})"/.exec(text)![1];
        const id = `${original.slice(0, 24)}${String(round).padStart(4, '0')}${String(k).padStart(8, '0')}`;
        const copy = path.join(dir, `${id}.jsonl`);
        fs.writeFileSync(copy, text.split(original).join(id));
        await tailer.read(copy, claudeFormat, id, false);
        ids.push(id);
      }
      await a.sync();
      const events = ids.reduce((n, id) => n + a.store.eventCount(id), 0);
      points.push({ sessions: ids.length, events, bytes: fs.statSync(file).size });
    }
    const [first, last] = [points[0], points[points.length - 1]];
    const perSession = (last.bytes - first.bytes) / (last.sessions - first.sessions);
    const per1000Events = ((last.bytes - first.bytes) / (last.events - first.events)) * 1000;
    assert.ok(
      points.every((p, i) => i === 0 || p.bytes > points[i - 1].bytes),
      'the file grows with each round of sessions',
    );
    // Retention: a week later every event and every closed finding has aged out; the next write gives the pages back.
    clock.advance(DEFAULT_ENGINE_CONFIG.retentionMs + 3600_000);
    for (const id of ids) {
      a.store.prune(id, DEFAULT_ENGINE_CONFIG.maxEventsPerSession, clock.now() - DEFAULT_ENGINE_CONFIG.retentionMs);
    }
    const withOpenFinding = ids.filter((id) => a.store.findings(id).some((f) => f.status === 'open')).length;
    await a.sync();
    const after = fs.statSync(file).size;
    const pages = a.store.database.pages();
    assert.strictEqual(a.store.eventCount(ids[0]), 0);
    // The write deleted the sessions retention is done with (src/core/store/retention.ts): only those with an open finding stay.
    const left = a.store.database.number('SELECT COUNT(*) AS n FROM sessions');
    assert.ok(withOpenFinding > 0 && withOpenFinding < ids.length, `${withOpenFinding} of ${ids.length} sessions with an open finding`);
    assert.strictEqual(left, withOpenFinding);
    assert.ok(after < last.bytes / 2, `${after} bytes after retention < ${last.bytes} / 2`);
    assert.ok(pages.free * 4 < pages.total, `free pages given back: ${pages.free} of ${pages.total}`);
    console.log(
      `      ${last.sessions} sessions, ${last.events} events: ${last.bytes} bytes; growth ${Math.round(perSession)} bytes a session ` +
        `(${((last.events - first.events) / (last.sessions - first.sessions)).toFixed(1)} events each; ${Math.round(per1000Events)} bytes per 1,000 ` +
        `such events, session rows included); ` +
        `after retention and VACUUM ${after} bytes, ${left} sessions left (those with an open finding; ${Math.round(after / left)} bytes each: ` +
        `row, open findings, audit; the tailer's file states of all ${ids.length})`,
    );
  });

  it('one long session: growth per 1,000 events of a real tool loop, and the per-session cap bounding the file', async function () {
    this.timeout(180_000);
    const text = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/claude/tool_loop.jsonl'), 'utf8');
    const id = /"sessionId":"([0-9a-f-]{36})"/.exec(text)![1];
    const a = (await SharedStore.open(await sqlJs(), new NodeBlobStorage(dir), new NodeStoreLock(dir), NAME, { vacuumFromBytes: 1 << 16 }))
      .shared;
    const engine = new Engine(a.store, DEFAULT_ENGINE_CONFIG, new FakeClock(Date.UTC(2026, 10, 23, 17, 0, 0)));
    const tailer = new Tailer(nodeFileAccess, engine, { chunkBytes: 1 << 16 });
    const cap = DEFAULT_ENGINE_CONFIG.maxEventsPerSession;
    const points: { ingested: number; kept: number; bytes: number }[] = [];
    // The same real session read from many files, as a session resumed again and again writes them.
    for (let copy = 0; copy < 400 && (points[points.length - 1]?.ingested ?? 0) < 3 * cap; copy++) {
      const f = path.join(dir, `part-${copy}.jsonl`);
      fs.writeFileSync(f, text);
      await tailer.read(f, claudeFormat, id, false);
      await a.sync();
      const ingested = a.store.database.number('SELECT MAX(seq) AS n FROM events');
      points.push({ ingested, kept: a.store.eventCount(id), bytes: fs.statSync(path.join(dir, NAME)).size });
    }
    const uncapped = points.filter((p) => p.kept === p.ingested);
    const [from, to] = [uncapped.find((p) => p.ingested >= 200)!, uncapped[uncapped.length - 1]];
    const per1000 = ((to.bytes - from.bytes) / (to.ingested - from.ingested)) * 1000;
    const last = points[points.length - 1];
    assert.ok(last.ingested >= 3 * cap, `${last.ingested} events read`);
    assert.ok(last.kept <= cap + 250, `at most the cap and one retention interval kept: ${last.kept}`);
    const atCap = points.find((p) => p.ingested >= cap + 250)!;
    assert.ok(last.bytes <= atCap.bytes * 1.2, `the file stops growing at the cap: ${last.bytes} <= 1.2 x ${atCap.bytes}`);
    console.log(
      `      ${Math.round(per1000)} bytes per 1,000 events (${from.ingested} -> ${to.ingested} events: ${from.bytes} -> ${to.bytes} bytes); ` +
        `capped at ${last.kept} events: ${atCap.bytes} bytes after ${atCap.ingested} events read, ${last.bytes} after ${last.ingested}`,
    );
  });
});
