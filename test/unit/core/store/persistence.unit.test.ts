/**
 * The one store persistence module (src/core/store/persistence.ts): open, move a corrupt blob aside, write atomically,
 * on an in-memory blob storage that records what it was asked, and on the Node port (src/host/node/blobStorage.ts) in a
 * temporary folder, through the CLI's wrappers (src/host/node/storeFile.ts).
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BlobStorage, corruptBlobName, openStoreBlob, saveStoreBlob } from '../../../../src/core/store/persistence';
import { Store } from '../../../../src/core/store/store';
import { NodeBlobStorage } from '../../../../src/host/node/blobStorage';
import { openStoreFile, saveStoreFile } from '../../../../src/host/node/storeFile';
import { sqlJs, REPO_ROOT } from '../../helpers';

/** Blobs in a Map; `calls` lists the writes and renames in order. */
class MemoryBlobStorage implements BlobStorage {
  readonly blobs = new Map<string, Uint8Array>();
  readonly calls: string[] = [];
  async read(name: string): Promise<Uint8Array | undefined> {
    return this.blobs.get(name);
  }
  async exists(name: string): Promise<boolean> {
    return this.blobs.has(name);
  }
  async write(name: string, bytes: Uint8Array): Promise<void> {
    this.calls.push(`write ${name}`);
    this.blobs.set(name, bytes);
  }
  async rename(from: string, to: string): Promise<void> {
    this.calls.push(`rename ${from} ${to}`);
    const bytes = this.blobs.get(from);
    if (!bytes) {
      throw new Error(`no blob ${from}`);
    }
    this.blobs.delete(from);
    this.blobs.set(to, bytes);
  }
  async list(): Promise<string[]> {
    return [...this.blobs.keys()];
  }
  async remove(name: string): Promise<void> {
    this.blobs.delete(name);
  }
}

const GARBAGE = new TextEncoder().encode('this is not a SQLite database, just some text that happens to be long enough');

describe('store persistence (core, over a blob-storage port)', () => {
  it('opens a new store when there is no blob, and writes nothing until saved', async () => {
    const storage = new MemoryBlobStorage();
    const opened = await openStoreBlob(await sqlJs(), storage, 'store.sqlite', 1);
    assert.strictEqual(opened.existed, false);
    assert.strictEqual(opened.movedAside, undefined);
    assert.deepStrictEqual(storage.calls, []);
    // a first start's store is resident (src/core/store/resident.ts): SQLite's in-memory database, not a sql.js file
    const main = opened.store.database.all('PRAGMA database_list').find((r) => r.name === 'main');
    assert.strictEqual(main?.file, '');
    assert.strictEqual(
      await saveStoreBlob(opened.store, storage, 'store.sqlite'),
      true,
      'a store that was never written is written even when clean',
    );
    assert.deepStrictEqual(storage.calls, ['write store.sqlite.tmp', 'rename store.sqlite.tmp store.sqlite']);
    assert.deepStrictEqual([...storage.blobs.keys()], ['store.sqlite']);
  });

  it('writes atomically only when changed (or forced), and the written blob opens with its data', async () => {
    const sql = await sqlJs();
    const storage = new MemoryBlobStorage();
    const store = Store.open(sql);
    await saveStoreBlob(store, storage, 'store.sqlite');
    storage.calls.length = 0;
    assert.strictEqual(await saveStoreBlob(store, storage, 'store.sqlite'), false, 'clean and on disk: nothing to write');
    store.ensureSession('s1', 'codex', 'f.jsonl', 'p', 10);
    assert.strictEqual(await saveStoreBlob(store, storage, 'store.sqlite', { tmpName: 'store.sqlite.tmp-7' }), true);
    assert.strictEqual(await saveStoreBlob(store, storage, 'store.sqlite', { force: true }), true);
    assert.deepStrictEqual(storage.calls, [
      'write store.sqlite.tmp-7',
      'rename store.sqlite.tmp-7 store.sqlite',
      'write store.sqlite.tmp',
      'rename store.sqlite.tmp store.sqlite',
    ]);
    const reopened = await openStoreBlob(sql, storage, 'store.sqlite', 2);
    assert.strictEqual(reopened.existed, true);
    assert.strictEqual(reopened.store.session('s1')!.agent, 'codex');
  });

  it('moves a blob that is not a store aside and starts a new store', async () => {
    const storage = new MemoryBlobStorage();
    storage.blobs.set('store.sqlite', GARBAGE);
    const opened = await openStoreBlob(await sqlJs(), storage, 'store.sqlite', 1234);
    assert.strictEqual(opened.existed, false);
    assert.strictEqual(opened.movedAside, 'store.sqlite.corrupt-1234');
    assert.strictEqual(corruptBlobName('store.sqlite', 1234), opened.movedAside);
    assert.deepStrictEqual(storage.calls, ['rename store.sqlite store.sqlite.corrupt-1234']);
    assert.strictEqual(storage.blobs.get('store.sqlite.corrupt-1234'), GARBAGE, 'the old bytes are kept as they were');
    assert.deepStrictEqual(opened.store.activeSessions(0), []);
  });

  it('lets I/O errors through: they are not a reason to start afresh', async () => {
    const storage = new MemoryBlobStorage();
    storage.read = () => Promise.reject(new Error('EACCES: permission denied'));
    await assert.rejects(openStoreBlob(await sqlJs(), storage, 'store.sqlite', 1), /EACCES/);
    assert.deepStrictEqual(storage.calls, []);
  });

  it('takes the promise of sql.js and reads the blob before it resolves (the read overlaps the WebAssembly compile)', async () => {
    const sql = await sqlJs();
    const storage = new MemoryBlobStorage();
    const saved = Store.open(sql);
    saved.ensureSession('s1', 'claude-code', 'f.jsonl', 'p', 10);
    await saveStoreBlob(saved, storage, 'store.sqlite');
    const order: string[] = [];
    const read = storage.read.bind(storage);
    storage.read = (name) => {
      order.push(`read ${name}`);
      return read(name);
    };
    let resolveSql: (s: typeof sql) => void = () => undefined;
    const pending = new Promise<typeof sql>((r) => (resolveSql = r));
    const opening = openStoreBlob(pending, storage, 'store.sqlite', 1);
    await new Promise((r) => setImmediate(r));
    order.push('sql.js ready');
    resolveSql(sql);
    const opened = await opening;
    assert.deepStrictEqual(order, ['read store.sqlite', 'sql.js ready']);
    assert.strictEqual(opened.existed, true);
    assert.strictEqual(opened.store.session('s1')!.agent, 'claude-code');
    await assert.rejects(openStoreBlob(Promise.reject(new Error('no wasm')), storage, 'store.sqlite', 1), /no wasm/);
  });
});

describe('store persistence on Node (NodeBlobStorage, openStoreFile, saveStoreFile)', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-store-'));
  });
  afterEach(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('the port: a missing file reads as undefined, a write creates the folder, a rename replaces', async () => {
    const storage = new NodeBlobStorage(path.join(tmp, 'a', 'b'));
    assert.strictEqual(await storage.read('x'), undefined);
    assert.strictEqual(await storage.exists('x'), false);
    await storage.write('x', new Uint8Array([1, 2]));
    await storage.write('y', new Uint8Array([3]));
    await storage.rename('y', 'x');
    assert.deepStrictEqual([...(await storage.read('x'))!], [3]);
    assert.deepStrictEqual(fs.readdirSync(storage.dir), ['x']);
    fs.mkdirSync(path.join(storage.dir, 'dir'));
    await assert.rejects(storage.read('dir'), (e: NodeJS.ErrnoException) => e.code === 'EISDIR');
  });

  it('opens a missing file as a new store, saves it atomically (no temporary file left), and opens it again', async () => {
    const file = path.join(tmp, 'nested', 'store.sqlite');
    const opened = await openStoreFile(file, 1);
    assert.deepStrictEqual([opened.path, opened.existed, opened.movedAside], [file, false, undefined]);
    assert.strictEqual(fs.existsSync(file), false, 'nothing written on open');
    opened.store.ensureSession('s1', 'claude-code', '', 'p', 5);
    await saveStoreFile(opened.store, file);
    // The store, and the version blob other processes look at (no temporary file, no lock left behind).
    assert.deepStrictEqual(fs.readdirSync(path.dirname(file)).sort(), ['store.sqlite', 'store.sqlite.version']);
    const mtime = fs.statSync(file).mtimeMs;
    await saveStoreFile(opened.store, file);
    assert.strictEqual(fs.statSync(file).mtimeMs, mtime, 'clean: not written again');
    const again = await openStoreFile(file, 2);
    assert.strictEqual(again.existed, true);
    assert.strictEqual(again.store.session('s1')!.project, 'p');
  });

  it('moves a corrupt file aside beside it and starts afresh', async () => {
    const file = path.join(tmp, 'store.sqlite');
    fs.writeFileSync(file, GARBAGE);
    const opened = await openStoreFile(file, 99);
    assert.strictEqual(opened.movedAside, `${file}.corrupt-99`);
    assert.strictEqual(opened.existed, false);
    assert.deepStrictEqual(fs.readdirSync(tmp), ['store.sqlite.corrupt-99']);
    assert.deepStrictEqual(fs.readFileSync(`${file}.corrupt-99`), Buffer.from(GARBAGE));
  });

  it('opens the version-2 fixture file and migrates it without writing it', async () => {
    const fixture = path.join(REPO_ROOT, 'test/fixtures/store/v2-store.sqlite');
    const file = path.join(tmp, 'store.sqlite');
    fs.copyFileSync(fixture, file);
    const opened = await openStoreFile(file, 1);
    assert.strictEqual(opened.existed, true);
    assert.strictEqual(opened.store.activeSessions(0).length, 7);
    await saveStoreFile(opened.store, file);
    assert.deepStrictEqual(fs.readFileSync(file), fs.readFileSync(fixture), 'opening and migrating is not a change');
    await saveStoreFile(opened.store, file, true);
    const reopened = await openStoreFile(file, 2);
    assert.strictEqual(reopened.store.silences().length, 3);
  });
});
