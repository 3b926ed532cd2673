import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { geminiErrorReportKind, parseErrorReport, reportSessionId, reportTimeMs } from '../../../../../src/core/agents/gemini/errorReports';
import { kindForFile } from '../../../../../src/core/ingest/kinds';
import { detectEvent } from '../../../../../src/core/detection/detector';
import { REPO_ROOT } from '../../../helpers';

// Compiled to out/test/unit/agents/gemini/*.js; fixtures stay in the source tree (test/fixtures/gemini/PROVENANCE.md).
const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/gemini');
const REPORT_NAME = 'gemini-client-error-Turn.run-sendMessageStream-2026-11-23T16-51-32-123Z.json';

describe('Gemini CLI error reports (gemini-client-error-*.json)', () => {
  const parse = (scenario: string) => {
    const file = path.join(FIXTURES, `${scenario}.client-error.json`);
    const r = parseErrorReport(fs.readFileSync(file, 'utf8'), `/tmp/${REPORT_NAME}`, reportSessionId(REPORT_NAME));
    assert.ok(r.ok, `${scenario}: ${r.ok ? '' : r.error}`);
    return r;
  };

  it('reads each real report as one error event with the API status, classified as the scenario failed', () => {
    const expected: Record<string, [number | undefined, string]> = {
      rate_limit_forever: [undefined, 'rate_limit'],
      // "You have exhausted your daily quota on this model." (the CLI's TerminalQuotaError for a PerDay quota id)
      quota: [undefined, 'quota_exhausted'],
      overloaded_503: [undefined, 'overloaded'],
      dropped_connection: [undefined, 'network'],
      malformed_stream: [undefined, 'json_parse'],
      auth_401: [401, 'auth'],
      auth_403: [403, 'auth'],
      api_key_invalid: [400, 'auth'],
      context_too_long: [400, 'token_limit'],
      server_500: [500, 'server_error'],
    };
    for (const [scenario, [status, type]] of Object.entries(expected)) {
      const r = parse(scenario);
      assert.strictEqual(r.events.length, 1, scenario);
      const [e] = r.events;
      assert.strictEqual(e.kind, 'error');
      assert.strictEqual(e.agent, 'gemini');
      assert.strictEqual(e.httpStatus, status, scenario);
      assert.strictEqual(detectEvent(e)?.type, type, `${scenario}: ${e.text}`);
    }
  });

  it('names the session after the report, dates it from the name, and takes the workspace from the request history', () => {
    const r = parse('auth_401');
    assert.strictEqual(r.sessionId, 'gemini-client-error-Turn.run-sendMessageStream-2026-11-23T16-51-32-123Z');
    assert.strictEqual(r.events[0].timestamp, Date.parse('2026-11-23T16:51:32.123Z'));
    assert.strictEqual(r.info.cwd, '/home/dev/projects/demo-app');
    assert.strictEqual(reportTimeMs('/tmp/auth_401.client-error.json'), 0);
  });

  it('gives a clear error for text that is not a report, and never throws', () => {
    for (const text of ['', '{', '[]', 'null', '{"error":"x"}', '{"context":[]}']) {
      const r = parseErrorReport(text, '/tmp/x.json', 'x');
      assert.strictEqual(r.ok, false, text);
    }
  });

  it('is recognised by name anywhere, and by content when the name says nothing, without claiming other agents’ files', () => {
    assert.strictEqual(kindForFile(`/var/tmp/${REPORT_NAME}`, '')?.id, 'gemini-errors');
    const head = fs.readFileSync(path.join(FIXTURES, 'server_500.client-error.json'), 'utf8').slice(0, 4096);
    assert.strictEqual(kindForFile('/elsewhere/report.json', head)?.id, 'gemini-errors');
    for (const other of ['../claude/happy.jsonl', '../codex/happy.jsonl', 'happy.jsonl']) {
      const text = fs.readFileSync(path.join(FIXTURES, other), 'utf8').slice(0, 4096);
      assert.strictEqual(geminiErrorReportKind.sniff(text), false, other);
    }
  });

  it('finds a Gemini CLI session file by its content outside ~/.gemini (not as Claude Code)', () => {
    const head = fs.readFileSync(path.join(FIXTURES, 'happy.jsonl'), 'utf8').slice(0, 4096);
    assert.strictEqual(kindForFile('/elsewhere/copy.jsonl', head)?.id, 'gemini');
    const claude = fs.readFileSync(path.join(FIXTURES, '../claude/happy.jsonl'), 'utf8').slice(0, 4096);
    assert.strictEqual(kindForFile('/elsewhere/c.jsonl', claude)?.id, 'claude-code');
    const codex = fs.readFileSync(path.join(FIXTURES, '../codex/happy.jsonl'), 'utf8').slice(0, 4096);
    assert.strictEqual(kindForFile('/elsewhere/r.jsonl', codex)?.id, 'codex');
  });

  it('discovers only the reports in the temp folder', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-reports-'));
    try {
      fs.writeFileSync(path.join(dir, REPORT_NAME), '{}');
      fs.writeFileSync(path.join(dir, 'other.json'), '{}');
      const { nodeFileAccess } = await import('../../../../../src/host/node/nodeFileAccess');
      const files = await geminiErrorReportKind.discover(nodeFileAccess, [dir], 0);
      assert.deepStrictEqual(
        files.map((f) => path.basename(f.path)),
        [REPORT_NAME],
      );
      assert.deepStrictEqual(
        geminiErrorReportKind.defaultRoots({ env: {}, home: '/h', tmpdir: '/t', workspaceFolders: [], join: path.join }),
        ['/t'],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
