/**
 * The `session-doctor-statusline` executable as Claude Code runs it: a real Node process (the compiled
 * src/cli/statuslineMain.ts) with the payload on stdin. The line goes to stdout with clock times in the process's `TZ`,
 * the record to the spool named by `--spool`; bad input and a reader that left still exit 0.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { limitsFolder } from '../../../src/cli/statusline';
import { parseLimitRecord } from '../../../src/core/limits/limitRecord';

const ENTRY = path.resolve(__dirname, '../../../src/cli/statuslineMain.js');
const RESET_5H = Date.parse('2030-01-15T14:40:00Z');

function payload(id: string): string {
  return JSON.stringify({
    session_id: id,
    cwd: '/home/dev/app',
    model: { id: 'claude-sonnet-4-5', display_name: 'Sonnet 4.5' },
    context_window: { used_percentage: 12 },
    rate_limits: { five_hour: { used_percentage: 85, resets_at: RESET_5H / 1000 } },
  });
}

describe('cli/statuslineMain', () => {
  let spool: string;
  beforeEach(() => {
    spool = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-statusline-main-'));
  });
  afterEach(() => fs.rmSync(spool, { recursive: true, force: true }));

  const run = (args: string[], input: string, tz: string) =>
    spawnSync(process.execPath, [ENTRY, ...args], { input, encoding: 'utf8', env: { PATH: process.env.PATH, TZ: tz, HOME: spool } });

  it('prints the line with reset times in the process zone and records the payload in the --spool folder', () => {
    const berlin = run(['--spool', spool], payload('s-berlin'), 'Europe/Berlin');
    assert.strictEqual(berlin.status, 0, berlin.stderr);
    assert.strictEqual(berlin.stdout, 'SD warn · ctx 12% · 5h 85% ↻Jan 15 15:40\n');
    const tokyo = run([`--spool=${spool}`], payload('s-tokyo'), 'Asia/Tokyo');
    assert.strictEqual(tokyo.stdout, 'SD warn · ctx 12% · 5h 85% ↻Jan 15 23:40\n');
    for (const id of ['s-berlin', 's-tokyo']) {
      const rec = parseLimitRecord(fs.readFileSync(path.join(limitsFolder(spool), `${id}.json`), 'utf8'));
      assert.strictEqual(rec?.gauges[0]?.usedPercent, 85, id);
    }
  });

  it('prints a short line, says why on stderr and exits 0 on bad input', () => {
    const bad = run(['--spool', spool], 'not json', 'UTC');
    assert.strictEqual(bad.status, 0);
    assert.strictEqual(bad.stdout, 'Session Doctor: no status (bad input)\n');
    assert.match(bad.stderr, /^session-doctor statusline: /);
    assert.deepStrictEqual(fs.readdirSync(spool), []);
  });

  it('exits 0 when its reader has already closed stdout', () => {
    // `true` exits without reading, before Node has started: the status line's write meets a closed pipe (EPIPE).
    const script = `"${process.execPath}" "${ENTRY}" --spool "${spool}" | true; exit \${PIPESTATUS[0]}`;
    const r = spawnSync('bash', ['-c', script], { input: payload('s-pipe'), encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.strictEqual(r.stderr, '');
  });
});
