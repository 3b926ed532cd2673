import * as assert from 'assert';
import * as path from 'path';
import { ignoredOutsideScopes } from '../../../src/cli/watchScope';

describe('watchScope: what watch follows under the default folders', () => {
  const tmp = path.resolve('/tmp/sd-scope');
  const tasks = path.resolve('/home/u/.cline/data/tasks');
  const projects = path.resolve('/home/u/.claude/projects');
  const ignored = ignoredOutsideScopes([
    { root: tmp, glob: 'gemini-client-error-*.json' },
    { root: tasks, glob: '*/ui_messages.json' },
    { root: projects },
  ]);

  it('follows only the glob in a broad folder, never crawling its subfolders or opening sockets', () => {
    assert.strictEqual(ignored(tmp, true), false);
    assert.strictEqual(ignored(path.join(tmp, 'gemini-client-error-Turn.run-2026-11-30.json'), false), false);
    assert.strictEqual(ignored(path.join(tmp, 'vscode-git-131c177bd1.sock'), undefined), true);
    assert.strictEqual(ignored(path.join(tmp, 'bash_jobs.0'), true), true);
    assert.strictEqual(ignored(path.join(tmp, 'bash_jobs.0', 'gemini-client-error-x.json'), false), true);
  });

  it('keeps the folders a deeper glob goes through, and only its files', () => {
    assert.strictEqual(ignored(path.join(tasks, '1796051652346'), true), false);
    assert.strictEqual(ignored(path.join(tasks, '1796051652346', 'ui_messages.json'), false), false);
    assert.strictEqual(ignored(path.join(tasks, '1796051652346', 'api_conversation_history.json'), false), true);
    assert.strictEqual(ignored(path.join(tasks, '1796051652346', 'checkpoints'), true), true);
  });

  it('follows everything under a root without a glob, and never ignores paths under no root', () => {
    assert.strictEqual(ignored(path.join(projects, '-work-app', 'a.jsonl'), false), false);
    assert.strictEqual(ignored(path.resolve('/var/log/agent.log'), false), false);
  });
});
