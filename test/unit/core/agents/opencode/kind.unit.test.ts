/** opencode's files: where they are (honouring XDG_DATA_HOME and OPENCODE_DB), discovery and recognition by content. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  discoverOpencodeDatabases,
  discoverOpencodeLogs,
  opencodeDatabaseKind,
  opencodeDatabaseRoots,
  opencodeLogKind,
  sniffOpencodeDatabase,
  sniffOpencodeLog,
} from '../../../../../src/core/agents/opencode/kind';
import { nodeFileAccess } from '../../../../../src/host/node/nodeFileAccess';
import { document, logText } from './fixtures';

const ctx = (env: Record<string, string>, home = '/home/dev') => ({
  env,
  home,
  workspaceFolders: [],
  join: (...p: string[]) => path.posix.join(...p),
});

describe('opencode files: the kinds', () => {
  it('default roots: ~/.local/share/opencode, $XDG_DATA_HOME/opencode, and $OPENCODE_DB', () => {
    assert.deepStrictEqual(opencodeDatabaseRoots(ctx({})), ['/home/dev/.local/share/opencode']);
    assert.deepStrictEqual(opencodeDatabaseRoots(ctx({ XDG_DATA_HOME: '/x/data' })), ['/x/data/opencode']);
    assert.deepStrictEqual(opencodeDatabaseRoots(ctx({ OPENCODE_DB: '/db/mine.sqlite' })), [
      '/home/dev/.local/share/opencode',
      '/db/mine.sqlite',
    ]);
    assert.deepStrictEqual(opencodeDatabaseRoots(ctx({ OPENCODE_DB: 'opencode-dev.db' })), ['/home/dev/.local/share/opencode']);
    assert.deepStrictEqual(opencodeDatabaseRoots(ctx({ OPENCODE_DB: ':memory:' })), ['/home/dev/.local/share/opencode']);
    assert.deepStrictEqual(opencodeLogKind.defaultRoots(ctx({ XDG_DATA_HOME: '/x/data' })), ['/x/data/opencode/log']);
  });

  it('discovery: the databases (by name, with the WAL time) and the logs of a data folder, nothing else', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-opencode-kind-'));
    try {
      const data = path.join(dir, '.local', 'share', 'opencode');
      fs.mkdirSync(path.join(data, 'log'), { recursive: true });
      const doc = document('happy');
      fs.writeFileSync(path.join(data, 'opencode.db'), doc.bytes);
      fs.writeFileSync(path.join(data, 'opencode.db-wal'), doc.companions['-wal']!);
      fs.writeFileSync(path.join(data, 'opencode.db-shm'), '');
      fs.writeFileSync(path.join(data, 'notes.txt'), '');
      fs.writeFileSync(path.join(data, 'log', 'opencode.log'), logText('happy'));
      const dbs = await discoverOpencodeDatabases(nodeFileAccess, opencodeDatabaseKind.defaultRoots(ctx({}, dir)), 0);
      assert.deepStrictEqual(
        dbs.map((f) => path.basename(f.path)),
        ['opencode.db'],
      );
      const walTime = fs.statSync(path.join(data, 'opencode.db-wal')).mtimeMs;
      assert.ok(dbs[0].mtime >= walTime);
      const logs = await discoverOpencodeLogs(nodeFileAccess, opencodeLogKind.defaultRoots(ctx({}, dir)), 0);
      assert.deepStrictEqual(
        logs.map((f) => path.basename(f.path)),
        ['opencode.log'],
      );
      assert.ok(opencodeLogKind.matchesPath(logs[0].path));
      assert.deepStrictEqual(await discoverOpencodeDatabases(nodeFileAccess, [path.join(dir, 'missing')], 0), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('recognised by content: the log by its first line; a database whose schema is on page 1 (a checkpointed one)', () => {
    assert.ok(sniffOpencodeLog(logText('happy')));
    assert.ok(!sniffOpencodeLog('{"type":"user"}\n'));
    assert.ok(!sniffOpencodeDatabase('SQLite format 3\u0000 CREATE TABLE `users`'));
    assert.ok(sniffOpencodeDatabase('SQLite format 3\u0000 ... CREATE TABLE `session_message` (...'));
    assert.ok(!sniffOpencodeDatabase('{"ts":1}'));
  });
});
