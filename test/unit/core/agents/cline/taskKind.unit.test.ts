/**
 * Where the Cline family's task histories are found (src/core/agents/cline/taskKind.ts and the three plug-ins' kinds):
 * default roots from the environment, discovery, which kind claims a path or a file's start.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { clineTaskKind } from '../../../../../src/core/agents/cline/plugin';
import { clineDataRoots, discoverTasks, vscodeGlobalStorageRoots } from '../../../../../src/core/agents/cline/taskKind';
import { kiloTaskKind } from '../../../../../src/core/agents/kilo/plugin';
import { rooTaskKind } from '../../../../../src/core/agents/roo/plugin';
import { kindForFile } from '../../../../../src/core/ingest/kinds';
import { nodeFileAccess } from '../../../../../src/host/node/nodeFileAccess';
import { FIXTURES, raw, taskId } from './fixtures';

const posix = (env: Record<string, string>, home = '/home/dev') => ({ env, home, workspaceFolders: [], join: path.posix.join });

describe('Cline family: where the task histories are', () => {
  it('Linux: every VS Code-family editor, code-server and the remote servers', () => {
    const roots = vscodeGlobalStorageRoots(posix({}));
    for (const r of [
      '/home/dev/.config/Code/User/globalStorage',
      '/home/dev/.config/Code - Insiders/User/globalStorage',
      '/home/dev/.config/VSCodium/User/globalStorage',
      '/home/dev/.config/Cursor/User/globalStorage',
      '/home/dev/.config/Windsurf/User/globalStorage',
      '/home/dev/.local/share/code-server/User/globalStorage',
      '/home/dev/.vscode-server/data/User/globalStorage',
    ]) {
      assert.ok(roots.includes(r), r);
    }
    assert.ok(vscodeGlobalStorageRoots(posix({ XDG_CONFIG_HOME: '/cfg' })).includes('/cfg/Code/User/globalStorage'));
  });

  it('macOS and Windows', () => {
    assert.ok(vscodeGlobalStorageRoots(posix({}, '/Users/dev')).includes('/Users/dev/Library/Application Support/Code/User/globalStorage'));
    const win = {
      env: { APPDATA: 'C:\\Users\\dev\\AppData\\Roaming' },
      home: 'C:\\Users\\dev',
      workspaceFolders: [],
      join: path.win32.join,
    };
    assert.ok(vscodeGlobalStorageRoots(win).includes('C:\\Users\\dev\\AppData\\Roaming\\Code\\User\\globalStorage'));
  });

  it('each kind: its extension folder in every editor; Cline also the CLI data folder (CLINE_DIR, CLINE_DATA_DIR)', () => {
    const ctx = posix({});
    assert.ok(clineTaskKind.defaultRoots(ctx).includes('/home/dev/.config/Code/User/globalStorage/saoudrizwan.claude-dev/tasks'));
    assert.ok(clineTaskKind.defaultRoots(ctx).includes('/home/dev/.cline/data/tasks'));
    assert.ok(rooTaskKind.defaultRoots(ctx).includes('/home/dev/.config/Code/User/globalStorage/rooveterinaryinc.roo-cline/tasks'));
    assert.ok(kiloTaskKind.defaultRoots(ctx).includes('/home/dev/.config/Cursor/User/globalStorage/kilocode.kilo-code/tasks'));
    assert.ok(!rooTaskKind.defaultRoots(ctx).includes('/home/dev/.cline/data/tasks'));
    assert.deepStrictEqual(clineDataRoots(posix({ CLINE_DIR: '/c' })), ['/c/data/tasks']);
    assert.deepStrictEqual(clineDataRoots(posix({ CLINE_DATA_DIR: '/d' })), ['/d/tasks', '/home/dev/.cline/data/tasks']);
  });

  it('discovery: <root>/<task id>/ui_messages.json, the task id as the session id; the CLI run with CLINE_DIR found there', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-cline-kind-'));
    try {
      const id = taskId('happy_cline_dir');
      const task = path.join(dir, 'cline-home', 'data', 'tasks', id);
      fs.mkdirSync(task, { recursive: true });
      fs.copyFileSync(path.join(FIXTURES, 'happy_cline_dir', 'ui_messages.json'), path.join(task, 'ui_messages.json'));
      fs.mkdirSync(path.join(dir, 'cline-home', 'data', 'tasks', 'empty-task'));
      const roots = clineTaskKind.defaultRoots({
        env: { CLINE_DIR: path.join(dir, 'cline-home') },
        home: dir,
        workspaceFolders: [],
        join: path.join,
      });
      const found = await discoverTasks(nodeFileAccess, roots, 0);
      assert.deepStrictEqual(
        found.map((f) => [f.path, f.sessionIdFromName]),
        [[path.join(task, 'ui_messages.json'), id]],
      );
      assert.deepStrictEqual(await discoverTasks(nodeFileAccess, roots, Date.now() + 60_000), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a path names the agent by its extension folder; the CLI folder is Cline', () => {
    const g = '/home/dev/.config/Code/User/globalStorage';
    assert.strictEqual(kindForFile(`${g}/saoudrizwan.claude-dev/tasks/1/ui_messages.json`, '')?.id, 'cline');
    assert.strictEqual(kindForFile(`${g}/rooveterinaryinc.roo-cline/tasks/u/ui_messages.json`, '')?.id, 'roo');
    assert.strictEqual(kindForFile(`${g}/kilocode.kilo-code/tasks/u/ui_messages.json`, '')?.id, 'kilo');
    assert.strictEqual(kindForFile('/home/dev/.cline/data/tasks/1/ui_messages.json', '')?.id, 'cline');
    assert.ok(!clineTaskKind.matchesPath(`${g}/saoudrizwan.claude-dev/tasks/1/api_conversation_history.json`));
  });

  it('by content: a Cline task starts with say "task", a Roo Code one with say "text"', () => {
    assert.strictEqual(kindForFile('/elsewhere/a.json', raw('happy').slice(0, 4096))?.id, 'cline');
    assert.strictEqual(kindForFile('/elsewhere/b.json', '[{"ts":1,"type":"say","say":"text","text":"Fix it"}]')?.id, 'roo');
    assert.ok(!clineTaskKind.sniff('{"ts":1,"type":"say","say":"task"}'));
  });
});
