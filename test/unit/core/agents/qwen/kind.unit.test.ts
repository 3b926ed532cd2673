/**
 * The Qwen Code transcript kind: its default root from the CLI's variables, discovery in the CLI's layout, and telling
 * its files from Claude Code's, Codex's and Gemini CLI's by path and by content (real fixtures of each, test/fixtures).
 * The kind is tested directly: it is not in the registry (src/core/agents/index.ts) yet.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SESSION_FILE_NAME, discoverQwenSessions, qwenKind, qwenProjectsRoot, sniffQwen } from '../../../../../src/core/agents/qwen/kind';
import { qwenFormat } from '../../../../../src/core/agents/qwen/session';
import { qwenPlugin } from '../../../../../src/core/agents/qwen/plugin';
import { claudeKind } from '../../../../../src/core/agents/claude/kind';
import { kindForFile } from '../../../../../src/core/ingest/kinds';
import { codexKind } from '../../../../../src/core/agents/codex/kind';
import { geminiKind } from '../../../../../src/core/agents/gemini/kind';
import type { RootContext } from '../../../../../src/core/ingest/transcriptKind';
import { nodeFileAccess } from '../../../../../src/host/node/nodeFileAccess';
import { FIXTURES, REAL } from './fixtures';

const OTHERS = { claude: claudeKind, codex: codexKind, gemini: geminiKind };

/** The head (first 4 KiB) of a file, as kindForFile gets it. */
const head = (file: string) => fs.readFileSync(file, 'utf8').slice(0, 4096);

/** The real session fixtures of another agent. */
function fixturesOf(agent: string): string[] {
  const dir = path.resolve(FIXTURES, '..', agent);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl') && f !== 'garbage.jsonl')
    .map((f) => path.join(dir, f));
}

const qwenFiles = () => REAL.map((n) => path.join(FIXTURES, `${n}.jsonl`));

describe('Qwen Code sessions: the kind', () => {
  const ctx = (env: Record<string, string>): RootContext => ({
    env,
    home: '/home/dev',
    workspaceFolders: [],
    join: (...p: string[]) => p.join('/'),
  });

  it("describes itself and is the plug-in's only kind", () => {
    assert.strictEqual(qwenKind.id, 'qwen');
    assert.strictEqual(qwenKind.agent, 'qwen');
    assert.strictEqual(qwenKind.reader, 'lines');
    assert.strictEqual(qwenKind.format, qwenFormat);
    assert.match(qwenKind.label, /Qwen Code/);
    assert.deepStrictEqual(qwenPlugin.kinds, [qwenKind]);
    assert.strictEqual(qwenPlugin.id, 'qwen');
    assert.deepStrictEqual(qwenPlugin.programs, ['qwen', '@qwen-code/qwen-code']);
    assert.strictEqual(qwenPlugin.recipe.resume, 'qwen --resume ${sessionId}');
    assert.deepStrictEqual(qwenPlugin.outputChannels, { defaults: [], matches: ['qwen'] });
    assert.ok(qwenPlugin.contextWindows.some((r) => r.prefix === 'qwen3-coder' && r.tokens === 262_144));
    assert.strictEqual(new Set(qwenPlugin.contextWindows.map((r) => r.prefix)).size, qwenPlugin.contextWindows.length, 'no prefix twice');
  });

  it('default root: $QWEN_RUNTIME_DIR, else $QWEN_HOME, else ~/.qwen, then projects (~ is the home folder)', () => {
    assert.deepStrictEqual(qwenKind.defaultRoots(ctx({})), ['/home/dev/.qwen/projects']);
    assert.deepStrictEqual(qwenKind.defaultRoots(ctx({ QWEN_HOME: '/srv/q' })), ['/srv/q/projects']);
    assert.deepStrictEqual(qwenKind.defaultRoots(ctx({ QWEN_HOME: '/srv/q', QWEN_RUNTIME_DIR: '/var/run/q' })), ['/var/run/q/projects']);
    assert.strictEqual(qwenProjectsRoot(ctx({ QWEN_HOME: '~/alt/qwen' })), '/home/dev/alt/qwen/projects');
    assert.strictEqual(qwenProjectsRoot(ctx({ QWEN_RUNTIME_DIR: '~' })), '/home/dev/projects');
  });

  it('where the fixtures were written (PROVENANCE.md / *.stdout.txt) is a path the kind claims', () => {
    const written = fs
      .readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.stdout.txt'))
      .map((f) => /^# session file: (\S+\.jsonl)$/m.exec(fs.readFileSync(path.join(FIXTURES, f), 'utf8'))?.[1])
      .filter((p): p is string => !!p);
    assert.ok(written.length >= REAL.length);
    for (const p of written) {
      assert.ok(qwenKind.matchesPath(p), p);
      assert.match(path.basename(p), SESSION_FILE_NAME);
    }
    assert.ok(
      written.some((p) => p.startsWith('/runtime/projects/')),
      'QWEN_RUNTIME_DIR moved one',
    );
  });

  it("matchesPath: session files (and archived ones), not sidecars or other agents' files", () => {
    const chats = '/home/dev/.qwen/projects/-home-dev-x/chats';
    assert.ok(qwenKind.matchesPath(`${chats}/bf9c2180-b39a-4df3-bf96-31be873d8b32.jsonl`));
    assert.ok(qwenKind.matchesPath(`${chats}/archive/bf9c2180-b39a-4df3-bf96-31be873d8b32.jsonl`));
    assert.ok(qwenKind.matchesPath('C:\\Users\\dev\\.qwen\\projects\\c--x\\chats\\bf9c2180b39a4df3bf9631be873d8b32.jsonl'));
    assert.ok(!qwenKind.matchesPath(`${chats}/bf9c2180-b39a-4df3-bf96-31be873d8b32.ledger.jsonl`));
    assert.ok(!qwenKind.matchesPath(`${chats}/bf9c2180-b39a-4df3-bf96-31be873d8b32.runtime.json`));
    assert.ok(!qwenKind.matchesPath('/home/dev/.claude/projects/-home-dev-x/bf9c2180-b39a-4df3-bf96-31be873d8b32.jsonl'));
    assert.ok(!qwenKind.matchesPath('/home/dev/.gemini/tmp/x/chats/session-2026-11-23T16-55-3292c119.jsonl'));
    assert.ok(
      !qwenKind.matchesPath('/home/dev/.codex/sessions/2026/11/23/rollout-2026-11-23T16-55-00-bf9c2180-b39a-4df3-bf96-31be873d8b32.jsonl'),
    );
  });

  it("the other kinds' matchesPath leave Qwen Code session paths alone", () => {
    const p = '/home/dev/.qwen/projects/-home-dev-projects-demo-app/chats/bf9c2180-b39a-4df3-bf96-31be873d8b32.jsonl';
    for (const [name, kind] of Object.entries(OTHERS)) {
      assert.strictEqual(kind.matchesPath(p), false, name);
    }
  });

  it('sniff claims every real Qwen Code file, and no real Claude Code, Codex or Gemini CLI file', () => {
    for (const f of qwenFiles()) {
      assert.ok(sniffQwen(head(f)), f);
    }
    for (const agent of Object.keys(OTHERS)) {
      const files = fixturesOf(agent);
      assert.ok(files.length > 3, agent);
      for (const f of files) {
        assert.strictEqual(qwenKind.sniff(head(f)), false, f);
      }
    }
  });

  it('the Codex and Gemini CLI sniffs leave Qwen Code files alone', () => {
    for (const f of qwenFiles()) {
      assert.strictEqual(codexKind.sniff(head(f)), false, `codex: ${f}`);
      assert.strictEqual(geminiKind.sniff(head(f)), false, `gemini: ${f}`);
    }
  });

  it('the Claude Code sniff leaves Qwen Code files alone, and a copied Qwen file is read as Qwen wherever it lies', () => {
    for (const f of qwenFiles()) {
      assert.strictEqual(claudeKind.sniff(head(f)), false, `claude: ${f}`);
      assert.strictEqual(kindForFile('/elsewhere/copy.jsonl', head(f))?.id, 'qwen', f);
    }
  });

  it("sniff looks at the first line only, and needs Qwen Code's shape, not just its ids", () => {
    const rec = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'happy.jsonl'), 'utf8').split('\n')[0]);
    assert.ok(sniffQwen(JSON.stringify(rec)));
    const { provenance: _p, message: _m, ...bare } = rec;
    assert.strictEqual(sniffQwen(JSON.stringify(bare)), false);
    assert.strictEqual(sniffQwen(JSON.stringify({ ...rec, isSidechain: false })), false);
    assert.strictEqual(sniffQwen(JSON.stringify({ ...bare, message: { role: 'user', content: 'hi' } })), false);
    assert.strictEqual(sniffQwen(`not json\n${JSON.stringify(rec)}`), false);
  });
});

describe('Qwen Code sessions: discovery', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-qwen-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Lays a fixture out as the CLI does: <root>/<project>/chats/<session id>.jsonl. */
  function install(root: string, name: string, project = '-home-dev-projects-demo-app'): { file: string; id: string } {
    const text = fs.readFileSync(path.join(FIXTURES, `${name}.jsonl`), 'utf8');
    const id = /"sessionId":"([^"]+)"/.exec(text)![1];
    const chats = path.join(root, project, 'chats');
    fs.mkdirSync(chats, { recursive: true });
    const file = path.join(chats, `${id}.jsonl`);
    fs.writeFileSync(file, text);
    return { file, id };
  }

  it('finds session files with their ids, skipping sidecars, archives, other files and old files', async () => {
    const root = path.join(dir, '.qwen', 'projects');
    const happy = install(root, 'happy');
    const loop = install(root, 'tool_loop', '-home-dev-other');
    const chats = path.dirname(happy.file);
    fs.writeFileSync(path.join(chats, `${happy.id}.ledger.jsonl`), '{}\n');
    fs.writeFileSync(path.join(chats, `${happy.id}.runtime.json`), '{}');
    fs.mkdirSync(path.join(chats, 'archive'));
    fs.writeFileSync(path.join(chats, 'archive', '11111111-2222-4333-8444-555555555555.jsonl'), '');
    fs.writeFileSync(path.join(root, '-home-dev-projects-demo-app', 'meta.json'), '{}');
    const old = install(root, 'auth_401', '-home-dev-old');
    const past = new Date(Date.UTC(2020, 0, 1));
    fs.utimesSync(old.file, past, past);
    const found = await discoverQwenSessions(nodeFileAccess, [root, path.join(dir, 'missing')], Date.UTC(2021, 0, 1));
    assert.deepStrictEqual(
      found.map((f) => [f.path, f.sessionIdFromName]).sort(),
      [
        [happy.file, happy.id],
        [loop.file, loop.id],
      ].sort(),
    );
    assert.deepStrictEqual(
      (await qwenKind.discover(nodeFileAccess, [root], 0)).map((f) => f.path).sort(),
      [happy.file, loop.file, old.file].sort(),
    );
  });
});
