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
      const first = fs.readFileSync(path.join(fixtures, 'claude', file), 'utf8').split('\n').find((l) => l.includes('"sessionId"'))!;
      return JSON.parse(first).sessionId as string;
    };
    await waitFor(() => a.sessions().length >= 10, { timeoutMs: 20_000, message: 'fixture sessions listed' });
    assert.strictEqual(sessionOf(a, byFixture('happy.jsonl'))?.health, 'ok');
    assert.strictEqual(sessionOf(a, byFixture('auth_401.jsonl'))?.health, 'critical');
    const loop = sessionOf(a, byFixture('tool_loop.jsonl'));
    assert.ok(loop?.findings.some((f) => f.type === 'repeated_tool_call' && f.status === 'open'), JSON.stringify(loop));
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
    await waitFor(() => sessionOf(a, id)?.findings.some((f) => f.type === 'rate_limit' && f.count === 3), { timeoutMs: 10_000, message: 'three 429s' });
    const rate = sessionOf(a, id)!.findings.find((f) => f.type === 'rate_limit')!;
    assert.strictEqual(rate.severity, 'MEDIUM', 'three in 300 s escalate LOW -> MEDIUM');
    assert.strictEqual(rate.strategy, 'backoff');
    fs.appendFileSync(file, transcriptLine(fixtures, 'promptTooLong', id, workspace));
    await waitFor(() => sessionOf(a, id)?.findings.some((f) => f.type === 'token_limit'), { timeoutMs: 10_000, message: 'prompt too long' });
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
    const terminal = vscode.window.createTerminal({ name: 'claude', cwd: workspace, shellPath: '/bin/sh', shellArgs: ['-c', `stty -echo 2>/dev/null; cat > '${received}'`] });
    try {
      await waitFor(async () => (await terminal.processId) !== undefined && fs.existsSync(received), { timeoutMs: 15_000, message: 'terminal started' });
      const finding = sessionOf(a, id)!.findings.find((f) => f.type === 'token_limit')!;
      await vscode.commands.executeCommand('sessionDoctor.compactContext', { sessionId: id, findingId: finding.id });
      await waitFor(() => fs.readFileSync(received, 'utf8').includes('/compact'), { timeoutMs: 10_000, message: '/compact reached the terminal' });
    } finally {
      terminal.dispose();
      fs.rmSync(received, { force: true });
    }
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
