/**
 * The CLI and the extension give the same findings on the same files (issue 9, "one behaviour for both hosts").
 *
 * The real fixtures of test/fixtures/{claude,codex,gemini,aider,generic} are copied, byte for byte, into a temporary home
 * laid out as each agent writes them (`~/.claude/projects/<project>/<id>.jsonl`, `~/.codex/sessions/YYYY/MM/DD/rollout-
 * ….jsonl`, `~/.gemini/tmp/<project>/chats/session-….jsonl`, Gemini CLI's error reports `$TMPDIR/gemini-client-error-
 * ….json`, `<workspace>/.aider.chat.history.md`, a Hermes-style `~/.hermes/logs/*.log`), because the extension follows
 * files only where the agents put them. Then:
 * - the extension's path is driven without VS Code. src/features/transcripts/fileSource.ts imports `vscode` (its file
 *   watchers and log channel), so this test does what its catch-up (`rescan` then `readFile`) does, with the core pieces
 *   built as src/extension.ts and src/features/sources.ts build them: `activeKinds` (src/features/transcripts/kinds.ts)
 *   over the settings picks the kinds and their roots (defaults, and one configured generic log); for each kind in turn,
 *   `kind.discover(fs, roots, now - window)`, then all its files read at once (`Promise.all`) with `live` false: a
 *   `document` kind through `DocumentReader.read(path, kind.format, sessionIdFromName, false)`, a `lines` kind through
 *   `Tailer.read(path, kind.format, sessionIdFromName, false)` (`liveFormat` applies only to live reads);
 * - the CLI runs as `session-doctor scan --json …` in its own process, as a user runs it (in-process it would share the
 *   parsers' per-file memory with the extension's path: the Gemini parser remembers, by file path, which messages it
 *   already turned into events, so the second reader of a path would see fewer).
 * Both engines have the same settings and the system clock. Per fixture file, the findings of the sessions the file's
 * read touched are compared as (session, type, severity, status).
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ALL_TIME_MS } from '../../../src/cli/common';
import { genericLogKind, parseGenericLogSpecs } from '../../../src/core/agents/generic/genericLog';
import { DEFAULT_ENGINE_CONFIG, Engine } from '../../../src/core/engine/engine';
import { DocumentReader } from '../../../src/core/ingest/documentReader';
import type { RootContext } from '../../../src/core/ingest/kinds';
import { Tailer } from '../../../src/core/ingest/tailer';
import { activeKinds } from '../../../src/features/transcripts/kinds';
import type { Config } from '../../../src/host/vscode/config';
import { nodeFileAccess } from '../../../src/host/node/nodeFileAccess';
import { Store } from '../../../src/core/store/store';
import { sqlJs, REPO_ROOT } from '../helpers';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures');

/** One fixture and where its copy lies in the temporary home. */
interface Placed {
  fixture: string;
  copy: string;
}

/** A finding as compared: `session type severity status`. */
type Key = string;

/** The fixtures of one agent folder whose names match (captured stdout and pty screens are not files an agent keeps). */
function transcripts(agent: string, pattern: RegExp): string[] {
  return fs
    .readdirSync(path.join(FIXTURES, agent))
    .filter((n) => pattern.test(n))
    .sort()
    .map((n) => path.join(FIXTURES, agent, n));
}

/** Copies every fixture into `home` as its agent lays it out; the Aider copies each get a workspace folder. */
function layOut(home: string): { placed: Placed[]; workspaces: string[]; genericGlob: string; tmp: string } {
  const placed: Placed[] = [];
  const workspaces: string[] = [];
  const put = (fixture: string, copy: string) => {
    fs.mkdirSync(path.dirname(copy), { recursive: true });
    fs.copyFileSync(fixture, copy);
    placed.push({ fixture, copy });
  };
  for (const f of transcripts('claude', /\.jsonl$/)) {
    put(f, path.join(home, '.claude', 'projects', '-work-demo-app', path.basename(f)));
  }
  for (const f of transcripts('codex', /\.jsonl$/)) {
    put(f, path.join(home, '.codex', 'sessions', '2026', '11', '23', `rollout-2026-11-23T12-00-00-${path.basename(f)}`));
  }
  for (const f of transcripts('gemini', /\.jsonl$/)) {
    put(f, path.join(home, '.gemini', 'tmp', 'demo-app', 'chats', `session-2026-11-23T12-00-${path.basename(f)}`));
  }
  const tmp = path.join(home, 'tmp');
  for (const f of transcripts('gemini', /\.client-error\.json$/)) {
    put(
      f,
      path.join(
        tmp,
        `gemini-client-error-Turn.run-sendMessageStream-${path.basename(f, '.client-error.json')}-2026-11-23T12-00-00-000Z.json`,
      ),
    );
  }
  for (const f of transcripts('aider', /\.aider\.chat\.history\.md$/)) {
    const ws = path.join(home, 'work', path.basename(f).replace(/\.aider\.chat\.history\.md$/, ''));
    workspaces.push(ws);
    put(f, path.join(ws, '.aider.chat.history.md'));
  }
  for (const f of transcripts('generic', /\.log$/)) {
    put(f, path.join(home, '.hermes', 'logs', path.basename(f)));
  }
  return { placed, workspaces, genericGlob: path.join(home, '.hermes', 'logs', '*.log').replace(/\\/g, '/'), tmp };
}

/** The findings of `sessions` in `engine`, as sorted keys. */
function keysOf(engine: Engine, sessions: readonly string[]): Key[] {
  return [...new Set(sessions)]
    .flatMap((id) => engine.session(id)?.findings.map((f) => `${f.sessionId} ${f.type} ${f.severity} ${f.status}`) ?? [])
    .sort();
}

/** The extension's catch-up over the laid-out home (see the header): per file, the finding keys of the sessions it touched. */
async function extensionFindings(home: string, workspaces: string[], genericGlob: string, tmp: string): Promise<Map<string, Key[]>> {
  // As src/extension.ts builds it (system clock), with the CLI's engine settings so that only the ingestion differs.
  const engine = new Engine(Store.open(await sqlJs()), { ...DEFAULT_ENGINE_CONFIG, activeWindowMs: ALL_TIME_MS, budgetCapUsd: 0 });
  const tailer = new Tailer(nodeFileAccess, engine, { yieldControl: () => new Promise((r) => setImmediate(r)) });
  const documents = new DocumentReader(nodeFileAccess, engine, { yieldControl: () => new Promise((r) => setImmediate(r)) });
  const ctx: RootContext = { env: { TMPDIR: tmp }, home, workspaceFolders: workspaces, join: (...parts) => path.join(...parts) };
  const sources = Object.fromEntries(
    ['claude-code', 'codex', 'gemini', 'aider', 'generic'].map((id) => [id, { enabled: true, roots: [] }]),
  );
  const config = { sources, spool: { folder: '' }, genericLogs: [{ glob: genericGlob }] } as unknown as Config;
  const { specs, problems } = parseGenericLogSpecs(config.genericLogs, (p) => p);
  assert.deepStrictEqual(problems, []);
  const touched = new Map<string, string[]>();
  const since = Date.now() - ALL_TIME_MS;
  for (const { kind, roots } of activeKinds(config, ctx, genericLogKind(specs))) {
    const files = await kind.discover(nodeFileAccess, roots, since);
    await Promise.all(
      files.map(async (f) => {
        if (kind.reader === 'document') {
          const r = await documents.read(f.path, kind.format, f.sessionIdFromName, false);
          touched.set(f.path, r.gone ? [] : [r.sessionId]);
        } else {
          const r = await tailer.read(f.path, kind.format, f.sessionIdFromName, false);
          touched.set(f.path, r.sessionIds);
        }
      }),
    );
  }
  return new Map([...touched].map(([file, sessions]) => [file, keysOf(engine, sessions)]));
}

/** The compiled executable (mocha runs the tests from out/). */
const COMPILED_CLI = path.join(REPO_ROOT, 'out', 'src', 'cli', 'index.js');

/** `session-doctor scan --json <args>` run as its own process (see the header): per file it read, the finding keys of the sessions it touched. */
function cliFindings(args: string[], home: string, tmp: string, cwd = home): Map<string, Key[]> {
  const env = { HOME: home, USERPROFILE: home, TMPDIR: tmp, TEMP: tmp, TMP: tmp, PATH: process.env.PATH };
  const run = spawnSync(process.execPath, [COMPILED_CLI, 'scan', '--json', ...args], { cwd, env, encoding: 'utf8' });
  assert.ok(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`);
  const out = JSON.parse(run.stdout) as {
    files: { file: string; kind?: string; sessionIds: string[] }[];
    findings: { sessionId: string; type: string; severity: string; status: string; lastText?: string }[];
  };
  // A hang judged at scan time (Engine.judgeUnanswered: a prompt nothing answered, for the agents whose files record
  // every failure) has no counterpart in a read alone: the extension's watchdog judges it live, for sessions of the last
  // day (test/unit/core/agents/codex/hang.unit.test.ts covers both).
  const judgedAtScan = (f: { type: string; lastText?: string }) =>
    f.type === 'session_stuck' && /judged at scan time/.test(f.lastText ?? '');
  const keys = (sessions: string[]) =>
    out.findings
      .filter((f) => sessions.includes(f.sessionId) && !judgedAtScan(f))
      .map((f) => `${f.sessionId} ${f.type} ${f.severity} ${f.status}`)
      .sort();
  return new Map(out.files.filter((f) => f.kind).map((f) => [f.file, keys(f.sessionIds)]));
}

/** Per fixture: what each host found, for the assertion message. */
function compare(
  placed: readonly Placed[],
  cli: Map<string, Key[]>,
  ext: Map<string, Key[]>,
): { fixture: string; cli?: Key[]; ext?: Key[] }[] {
  return placed.map(({ fixture, copy }) => ({ fixture: path.relative(FIXTURES, fixture), cli: cli.get(copy), ext: ext.get(copy) }));
}

describe('cli: the CLI and the extension give the same findings on the same files', function () {
  this.timeout(60_000);
  let home: string;
  let tmp: string;
  let placed: Placed[];
  let workspaces: string[];
  let ext: Map<string, Key[]>;
  before(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-same-'));
    const laid = layOut(home);
    ({ placed, workspaces, tmp } = laid);
    ext = await extensionFindings(home, workspaces, laid.genericGlob, tmp);
  });
  after(() => fs.rmSync(home, { recursive: true, force: true }));

  const isLog = (p: Placed) => p.copy.endsWith('.log');

  it('the extension follows every transcript fixture and finds something in most (the comparison is not vacuous)', () => {
    const transcriptFixtures = placed.filter((p) => !p.copy.startsWith(tmp + path.sep));
    assert.deepStrictEqual(
      transcriptFixtures.filter((p) => !ext.has(p.copy)).map((p) => p.fixture),
      [],
    );
    const withFindings = [...ext.values()].filter((k) => k.length > 0).length;
    assert.ok(withFindings >= 25, `${withFindings} files with findings`);
  });

  it("scan <the agents' folders>: the same findings per file (session, type, severity, status)", () => {
    const roots = [
      path.join(home, '.claude', 'projects'),
      path.join(home, '.codex', 'sessions'),
      path.join(home, '.gemini', 'tmp'),
      tmp,
      ...workspaces,
    ];
    const cli = cliFindings(roots, home, tmp);
    const rows = compare(
      placed.filter((p) => !isLog(p)),
      cli,
      ext,
    );
    assert.deepStrictEqual(
      rows.filter((r) => JSON.stringify(r.cli) !== JSON.stringify(r.ext)),
      [],
    );
  });

  it("scan without paths (each agent's default folder, found by the same discovery): the same files, the same findings", () => {
    const cwd = workspaces[0];
    const cli = cliFindings([], home, tmp, cwd);
    // The CLI's only workspace folder is the current one; the generic log is a setting of the extension only.
    const expected = placed.filter(
      (p) => ext.has(p.copy) && !isLog(p) && (!p.copy.endsWith('.aider.chat.history.md') || p.copy.startsWith(cwd + path.sep)),
    );
    assert.deepStrictEqual([...cli.keys()].sort(), expected.map((p) => p.copy).sort());
    const rows = compare(expected, cli, ext);
    assert.deepStrictEqual(
      rows.filter((r) => JSON.stringify(r.cli) !== JSON.stringify(r.ext)),
      [],
    );
  });

  it('a plain log: scan --format text and the same file configured as a generic log give the same findings', () => {
    const logs = placed.filter(isLog);
    const cli = cliFindings(['--format', 'text', ...logs.map((p) => p.copy)], home, tmp);
    const rows = compare(logs, cli, ext);
    assert.ok(
      rows.every((r) => r.ext && r.ext.length > 0),
      JSON.stringify(rows),
    );
    assert.deepStrictEqual(
      rows.filter((r) => JSON.stringify(r.cli) !== JSON.stringify(r.ext)),
      [],
    );
  });
});
