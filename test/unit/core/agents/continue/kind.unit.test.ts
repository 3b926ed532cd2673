/**
 * Continue's session files where the CLI keeps them: the kind's roots (honouring `$CONTINUE_GLOBAL_DIR`), discovery,
 * name and content recognition, and `session-doctor scan` with no paths in a fresh HOME holding the real fixtures
 * (test/fixtures/continue, Continue CLI 1.5.47, PROVENANCE.md).
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { continueKind, continueSessionRoots, discoverContinueSessions, sniffContinue } from '../../../../../src/core/agents/continue/kind';
import { nodeFileAccess } from '../../../../../src/host/node/nodeFileAccess';
import { REPO_ROOT } from '../../../helpers';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/continue');
/** The compiled CLI (whichever folder the tests were compiled into). */
const CLI = path.resolve(__dirname, '../../../../../src/cli/index.js');
const ctx = (env: Record<string, string>) => ({
  env,
  home: '/home/dev',
  workspaceFolders: [],
  join: (...p: string[]) => path.posix.join(...p),
});
const idOf = (name: string) =>
  (JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as { sessionId: string }).sessionId;

describe('Continue sessions: where they are and how they are recognised', () => {
  let home: string;
  beforeEach(() => (home = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-continue-'))));
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('roots: ~/.continue/sessions, and $CONTINUE_GLOBAL_DIR/sessions first when it is absolute', () => {
    assert.deepStrictEqual(continueSessionRoots(ctx({})), ['/home/dev/.continue/sessions']);
    assert.deepStrictEqual(continueSessionRoots(ctx({ CONTINUE_GLOBAL_DIR: '/data/cn' })), [
      '/data/cn/sessions',
      '/home/dev/.continue/sessions',
    ]);
    assert.deepStrictEqual(continueSessionRoots(ctx({ CONTINUE_GLOBAL_DIR: 'rel/dir' })), ['/home/dev/.continue/sessions']);
  });

  it('discovery: the <uuid>.json files, not the sessions.json index; the session id from the name', async () => {
    const dir = path.join(home, '.continue', 'sessions');
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(path.join(FIXTURES, 'happy.json'), path.join(dir, `${idOf('happy')}.json`));
    fs.writeFileSync(path.join(dir, 'sessions.json'), '[]');
    const found = await discoverContinueSessions(nodeFileAccess, [dir, path.join(home, 'missing')], 0);
    assert.deepStrictEqual(
      found.map((f) => [path.basename(f.path), f.sessionIdFromName]),
      [[`${idOf('happy')}.json`, idOf('happy')]],
    );
  });

  it('by name under .continue/sessions, and by content (a session object with a history), nothing else', () => {
    assert.ok(continueKind.matchesPath(`/home/dev/.continue/sessions/${idOf('happy')}.json`));
    assert.ok(!continueKind.matchesPath('/home/dev/.continue/sessions/sessions.json'));
    assert.ok(!continueKind.matchesPath(`/home/dev/other/${idOf('happy')}.json`));
    for (const name of ['happy', 'tool_use']) {
      assert.ok(sniffContinue(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8').slice(0, 400)), name);
    }
    assert.ok(!sniffContinue('[{"ts": 1, "type": "say", "say": "task"}]'));
    assert.ok(!sniffContinue('{"type":"session","version":3,"id":"x"}'));
  });

  it('scan with no paths in a fresh HOME: clean runs nothing, the tool loop a repeated tool call; CONTINUE_GLOBAL_DIR honoured', function () {
    this.timeout(60_000);
    const dir = path.join(home, '.continue', 'sessions');
    const global = path.join(home, 'cn-global');
    fs.mkdirSync(dir, { recursive: true });
    fs.mkdirSync(path.join(global, 'sessions'), { recursive: true });
    for (const name of ['happy', 'tool_use', 'tool_loop', 'rate_limit_then_ok']) {
      fs.copyFileSync(path.join(FIXTURES, `${name}.json`), path.join(dir, `${idOf(name)}.json`));
    }
    fs.copyFileSync(path.join(FIXTURES, 'happy_global_dir.json'), path.join(global, 'sessions', `${idOf('happy_global_dir')}.json`));
    const env = { HOME: home, USERPROFILE: home, TMPDIR: home, PATH: process.env.PATH, CONTINUE_GLOBAL_DIR: global };
    const run = spawnSync(process.execPath, [CLI, 'scan', '--json'], { cwd: home, env, encoding: 'utf8' });
    assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`);
    const out = JSON.parse(run.stdout) as {
      files: { file: string; kind?: string }[];
      sessions: { id: string; agent: string }[];
      findings: { sessionId: string; type: string; status: string }[];
    };
    assert.strictEqual(out.files.filter((f) => f.kind === 'continue').length, 5, JSON.stringify(out.files));
    assert.strictEqual(out.sessions.filter((s) => s.agent === 'continue').length, 5);
    assert.deepStrictEqual(
      out.findings.map((f) => [f.sessionId, f.type, f.status]),
      [[idOf('tool_loop'), 'repeated_tool_call', 'open']],
    );
  });
});
