/**
 * The installed VSIX in a real extension host (code-server), driven through its exported API and its commands:
 * fixture transcripts (real Claude Code 2.1.330 output) found under CLAUDE_CONFIG_DIR with the right health, a live
 * transcript followed as it grows, and a recovery that reaches the agent's terminal.
 */
import * as assert from 'assert';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { transcriptLine } from './transcriptLines';
import { waitFor } from './waitFor';

interface Finding {
  id: number;
  type: string;
  severity: string;
  strategy: string;
  count: number;
  status: string;
  lastText: string;
}
interface Session {
  id: string;
  project: string;
  title: string;
  health: string;
  skippedLines: number;
  findings: Finding[];
}
interface Api {
  ready: Promise<void>;
  sessions(): Session[];
  ingestEvent(sessionId: string, text: string, options?: { budgetUsed?: number }): Finding[];
  flush(): Promise<void>;
  storeUri: string;
}

const fixtures = process.env.SESSION_DOCTOR_E2E_FIXTURES!;
const projectDir = process.env.SESSION_DOCTOR_E2E_PROJECT_DIR!;
const workspace = process.env.SESSION_DOCTOR_E2E_WORKSPACE!;

async function api(): Promise<Api> {
  const ext = vscode.extensions.getExtension<Api>('session-doctor.session-doctor');
  assert.ok(ext, 'the VSIX is installed');
  const exports = await ext.activate();
  await exports.ready;
  return exports;
}

const sessionOf = (a: Api, id: string) => a.sessions().find((s) => s.id === id);

suite('Session Doctor in a real extension host', function () {
  this.timeout(60_000);

  test('finds the fixture Claude Code sessions with the right health', async () => {
    const a = await api();
    const byFixture = (file: string) => {
      const first = fs
        .readFileSync(path.join(fixtures, 'claude', file), 'utf8')
        .split('\n')
        .find((l) => l.includes('"sessionId"'))!;
      return JSON.parse(first).sessionId as string;
    };
    await waitFor(() => a.sessions().length >= 10, { timeoutMs: 20_000, message: 'fixture sessions listed' });
    assert.strictEqual(sessionOf(a, byFixture('happy.jsonl'))?.health, 'ok');
    assert.strictEqual(sessionOf(a, byFixture('auth_401.jsonl'))?.health, 'critical');
    const loop = sessionOf(a, byFixture('tool_loop.jsonl'));
    assert.ok(
      loop?.findings.some((f) => f.type === 'repeated_tool_call' && f.status === 'open'),
      JSON.stringify(loop),
    );
    const garbage = a.sessions().find((s) => s.skippedLines > 0);
    assert.ok(garbage, 'the garbage fixture counts its skipped lines');
  });

  test('follows a live transcript: three 429s escalate, a prompt too long asks for compaction', async () => {
    const a = await api();
    const id = crypto.randomUUID();
    const file = path.join(projectDir, `${id}.jsonl`);
    fs.writeFileSync(file, transcriptLine(fixtures, 'prompt', id, workspace) + transcriptLine(fixtures, 'reply', id, workspace));
    await waitFor(() => sessionOf(a, id)?.health === 'ok', { timeoutMs: 15_000, message: 'new transcript picked up' });
    for (let i = 1; i <= 3; i++) {
      fs.appendFileSync(file, transcriptLine(fixtures, 'rateLimit429', id, workspace, Date.now(), i));
    }
    await waitFor(() => sessionOf(a, id)?.findings.some((f) => f.type === 'rate_limit' && f.count === 3), {
      timeoutMs: 10_000,
      message: 'three 429s',
    });
    const rate = sessionOf(a, id)!.findings.find((f) => f.type === 'rate_limit')!;
    assert.strictEqual(rate.severity, 'MEDIUM', 'three in 300 s escalate LOW -> MEDIUM');
    assert.strictEqual(rate.strategy, 'backoff');
    fs.appendFileSync(file, transcriptLine(fixtures, 'promptTooLong', id, workspace));
    await waitFor(() => sessionOf(a, id)?.findings.some((f) => f.type === 'token_limit'), {
      timeoutMs: 10_000,
      message: 'prompt too long',
    });
    const s = sessionOf(a, id)!;
    const tl = s.findings.find((f) => f.type === 'token_limit')!;
    assert.deepStrictEqual([tl.severity, tl.strategy], ['HIGH', 'compact_context']);
    assert.strictEqual(s.health, 'warning');
  });

  test('Compact Context types /compact into the terminal running the session', async () => {
    const a = await api();
    const id = crypto.randomUUID();
    const file = path.join(projectDir, `${id}.jsonl`);
    fs.writeFileSync(file, transcriptLine(fixtures, 'prompt', id, workspace) + transcriptLine(fixtures, 'promptTooLong', id, workspace));
    await waitFor(() => sessionOf(a, id)?.findings.some((f) => f.type === 'token_limit'), { timeoutMs: 15_000, message: 'finding' });
    // A stand-in for the agent: a terminal named like Claude Code, in the session's folder, that records its input.
    const received = path.join(os.tmpdir(), `sd-received-${id}.txt`);
    const terminal = vscode.window.createTerminal({
      name: 'claude',
      cwd: workspace,
      shellPath: '/bin/sh',
      shellArgs: ['-c', `stty -echo 2>/dev/null; cat > '${received}'`],
    });
    try {
      await waitFor(async () => (await terminal.processId) !== undefined && fs.existsSync(received), {
        timeoutMs: 15_000,
        message: 'terminal started',
      });
      const finding = sessionOf(a, id)!.findings.find((f) => f.type === 'token_limit')!;
      await vscode.commands.executeCommand('sessionDoctor.compactContext', { sessionId: id, findingId: finding.id });
      await waitFor(() => fs.readFileSync(received, 'utf8').includes('/compact'), {
        timeoutMs: 10_000,
        message: '/compact reached the terminal',
      });
    } finally {
      terminal.dispose();
      fs.rmSync(received, { force: true });
    }
  });

  /** Runs `fn` with user settings changed (recovery mode auto: no confirmation), then restores them. */
  async function withSettings(values: Record<string, unknown>, fn: () => Promise<void>): Promise<void> {
    const c = vscode.workspace.getConfiguration('sessionDoctor');
    const old = Object.keys(values).map((k) => [k, c.inspect(k)?.globalValue] as const);
    for (const [k, v] of Object.entries(values)) {
      await c.update(k, v, vscode.ConfigurationTarget.Global);
    }
    try {
      await fn();
    } finally {
      for (const [k, v] of old) {
        await c.update(k, v, vscode.ConfigurationTarget.Global);
      }
    }
  }

  /** A stand-in for a running agent: a terminal named like Claude Code in the workspace; Ctrl+C ends it. */
  async function agentTerminal(id: string): Promise<{ terminal: vscode.Terminal; closed: Promise<void> }> {
    const ready = path.join(os.tmpdir(), `sd-agent-${id}.txt`);
    const terminal = vscode.window.createTerminal({
      name: 'claude',
      cwd: workspace,
      shellPath: '/bin/sh',
      shellArgs: ['-c', `: > '${ready}'; exec cat > /dev/null`],
    });
    const closed = new Promise<void>((resolve) => {
      const sub = vscode.window.onDidCloseTerminal((t) => {
        if (t === terminal) {
          sub.dispose();
          resolve();
        }
      });
    });
    await waitFor(() => fs.existsSync(ready), { timeoutMs: 15_000, message: 'agent terminal started' });
    fs.rmSync(ready, { force: true });
    return { terminal, closed };
  }

  test('Restart Session ends the agent and resumes the same session id in a new terminal', async () => {
    const a = await api();
    const id = crypto.randomUUID();
    fs.writeFileSync(
      path.join(projectDir, `${id}.jsonl`),
      transcriptLine(fixtures, 'prompt', id, workspace) + transcriptLine(fixtures, 'promptTooLong', id, workspace),
    );
    await waitFor(() => sessionOf(a, id)?.findings.some((f) => f.type === 'token_limit'), { timeoutMs: 15_000, message: 'finding' });
    const resumed = path.join(os.tmpdir(), `sd-resumed-${id}.txt`);
    const { closed } = await agentTerminal(id);
    await withSettings(
      { 'recovery.mode': 'auto', recipes: { 'claude-code': { resume: `echo "resumed \${sessionId}" > '${resumed}'` } } },
      async () => {
        await vscode.commands.executeCommand('sessionDoctor.restartSession', { sessionId: id });
        await closed; // Ctrl+C ended the stand-in agent
        await waitFor(() => fs.existsSync(resumed) && fs.readFileSync(resumed, 'utf8').includes(`resumed ${id}`), {
          timeoutMs: 15_000,
          message: 'the resume command ran',
        });
      },
    );
    assert.ok(
      vscode.window.terminals.some((t) => t.name.startsWith('Claude Code')),
      'a new Claude Code terminal',
    );
    fs.rmSync(resumed, { force: true });
  });

  test('Clear Stale Session starts fresh and never resumes the dead id', async () => {
    const a = await api();
    const id = crypto.randomUUID();
    // A Claude Code session whose resume failed: the CLI prints this (see stale_resume.stdout.txt) and writes no transcript
    // line, so it arrives through ingestEvent (as a hook or a terminal reader would send it).
    fs.writeFileSync(path.join(projectDir, `${id}.jsonl`), transcriptLine(fixtures, 'prompt', id, workspace));
    await waitFor(() => sessionOf(a, id) !== undefined, { timeoutMs: 15_000, message: 'session' });
    a.ingestEvent(id, fs.readFileSync(path.join(fixtures, 'claude', 'stale_resume.stdout.txt'), 'utf8'));
    assert.strictEqual(sessionOf(a, id)?.findings[0]?.type, 'stale_session');
    const started = path.join(os.tmpdir(), `sd-fresh-${id}.txt`);
    await withSettings(
      { 'recovery.mode': 'auto', recipes: { 'claude-code': { fresh: `echo "fresh start" > '${started}'` } } },
      async () => {
        await vscode.commands.executeCommand('sessionDoctor.clearStaleSession', { sessionId: id });
        await waitFor(() => fs.existsSync(started) && fs.readFileSync(started, 'utf8').includes('fresh start'), {
          timeoutMs: 15_000,
          message: 'the fresh command ran',
        });
      },
    );
    assert.ok(!fs.readFileSync(started, 'utf8').includes(id), 'the stale id is not used');
    fs.rmSync(started, { force: true });
  });

  test('ingestEvent (the API other tools use) classifies, redacts and stores', async () => {
    const a = await api();
    const found = a.ingestEvent('api-session', 'Error: 401 Unauthorized: invalid api key sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    assert.strictEqual(found[0]?.type, 'auth');
    const s = sessionOf(a, 'api-session')!;
    assert.strictEqual(s.health, 'critical');
    assert.ok(!JSON.stringify(s).includes('AAAAAAAAAAAAAAAAAAAA'), 'the key is redacted');
    await a.flush();
    assert.ok(fs.statSync(vscode.Uri.parse(a.storeUri).fsPath).size > 0, 'store written');
  });
});
