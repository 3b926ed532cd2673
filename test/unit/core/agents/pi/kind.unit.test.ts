/** pi's session files: where they are (honouring PI_CODING_AGENT_DIR and PI_CODING_AGENT_SESSION_DIR), discovery, sniff. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { discoverPiSessions, piKind, piSessionRoots, sniffPi } from '../../../../../src/core/agents/pi/kind';
import { kindForFile } from '../../../../../src/core/ingest/kinds';
import { nodeFileAccess } from '../../../../../src/host/node/nodeFileAccess';
import { REPO_ROOT } from '../../../helpers';
import { FIXTURES, REAL, fileNameOf, raw, sessionIdOf } from './fixtures';

const ctx = (env: Record<string, string>) => ({
  env,
  home: '/home/dev',
  workspaceFolders: [],
  join: (...p: string[]) => path.posix.join(...p),
});

describe('pi sessions: the kind', () => {
  it('default roots: ~/.pi/agent/sessions, $PI_CODING_AGENT_DIR/sessions, and $PI_CODING_AGENT_SESSION_DIR first', () => {
    assert.deepStrictEqual(piSessionRoots(ctx({})), ['/home/dev/.pi/agent/sessions']);
    assert.deepStrictEqual(piSessionRoots(ctx({ PI_CODING_AGENT_DIR: '~/pi' })), ['/home/dev/pi/sessions']);
    assert.deepStrictEqual(piSessionRoots(ctx({ PI_CODING_AGENT_SESSION_DIR: '/s' })), ['/s', '/home/dev/.pi/agent/sessions']);
  });

  it('discovery: the files in the per-folder subfolders and straight in a session folder, by the id in their name', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-pi-kind-'));
    try {
      const sessions = path.join(dir, '.pi', 'agent', 'sessions');
      const project = path.join(sessions, '--home-dev-projects-demo-app--');
      const custom = path.join(dir, 'pi-sessions');
      fs.mkdirSync(project, { recursive: true });
      fs.mkdirSync(custom, { recursive: true });
      fs.writeFileSync(path.join(project, fileNameOf('happy')), raw('happy'));
      fs.writeFileSync(path.join(custom, fileNameOf('happy_session_dir')), raw('happy_session_dir'));
      fs.writeFileSync(path.join(project, 'notes.jsonl'), '{}\n');
      const found = await discoverPiSessions(nodeFileAccess, [custom, sessions], 0);
      assert.deepStrictEqual(found.map((f) => f.sessionIdFromName).sort(), [sessionIdOf('happy'), sessionIdOf('happy_session_dir')].sort());
      assert.ok(piKind.matchesPath(path.join(project, fileNameOf('happy'))));
      assert.deepStrictEqual(await discoverPiSessions(nodeFileAccess, [path.join(dir, 'missing')], 0), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("recognised by content: every pi fixture, and no other agent's fixture (nor pi's by theirs)", () => {
    for (const name of REAL) {
      assert.ok(sniffPi(raw(name)), name);
      assert.strictEqual(kindForFile(`/elsewhere/${name}.jsonl`, raw(name))?.id, 'pi', name);
    }
    for (const agent of ['claude', 'codex', 'qwen', 'gemini']) {
      const d = path.join(REPO_ROOT, 'test', 'fixtures', agent);
      for (const f of fs.readdirSync(d).filter((n) => /\.jsonl?$/.test(n))) {
        const head = fs.readFileSync(path.join(d, f), 'utf8').slice(0, 4096);
        assert.ok(!sniffPi(head), `${agent}/${f}`);
      }
    }
    assert.ok(fs.existsSync(FIXTURES));
  });
});
