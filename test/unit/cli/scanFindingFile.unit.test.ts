/**
 * Every finding of `session-doctor scan --json` names its file, the hang judged at scan time (Engine.judgeUnanswered,
 * which names no line) included: the real Qwen Code 0.24.4 runs (test/fixtures/qwen, PROVENANCE.md) laid out where the
 * CLI writes them, scanned with no paths by the compiled CLI in its own process.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../helpers';
import { ScanJson, scanFixturesInHome } from './scanHome';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/qwen');

/** Where Qwen Code 0.24 writes a session (`~/.qwen/projects/<cwd with / as ->/chats/<session id>.jsonl`). */
function placeQwen(home: string, name: string): string {
  const first = JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.jsonl`), 'utf8').split('\n')[0]) as { sessionId: string };
  return path.join(home, '.qwen', 'projects', '-home-dev-projects-demo-app', 'chats', `${first.sessionId}.jsonl`);
}

describe('cli: scan --json names the file of every finding', function () {
  this.timeout(60_000);
  let root: string;
  let found = new Map<string, ScanJson['findings']>();
  before(() => {
    ({ root, found } = scanFixturesInHome({
      prefix: 'sd-scan-file-',
      kind: 'qwen',
      fixtures: FIXTURES,
      names: ['hang', 'auth_401'],
      place: placeQwen,
    }));
  });
  after(() => root && fs.rmSync(root, { recursive: true, force: true }));

  /** The findings of one laid-out fixture, with the `file` each names. */
  const of = (name: string) => (found.get(name) ?? []) as (ScanJson['findings'][number] & { file?: string })[];

  it('the hang judged at scan time names the session file the unanswered prompt is in', () => {
    const stuck = of('hang').filter((f) => f.type === 'session_stuck');
    assert.strictEqual(stuck.length, 1, JSON.stringify(of('hang')));
    assert.strictEqual(stuck[0].file, placeQwen(path.join(root, 'home'), 'hang'));
  });

  it('a finding read from a line keeps that line’s file', () => {
    const auth = of('auth_401').filter((f) => f.type === 'auth');
    assert.ok(auth.length > 0, JSON.stringify(of('auth_401')));
    auth.forEach((f) => assert.strictEqual(f.file, placeQwen(path.join(root, 'home'), 'auth_401')));
  });
});
