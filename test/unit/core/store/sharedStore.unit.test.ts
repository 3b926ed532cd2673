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
import { sqlJs } from '../../helpers';

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
});
