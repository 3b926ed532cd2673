/**
 * `session-doctor statusline`: the line printed for a Claude Code status-line payload, the record written into the spool
 * (history for the pace forecast), bad input, and the command through `main` with captured streams.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable, Writable } from 'stream';
import { main } from '../../../src/cli/main';
import { limitsFolder, runStatusLine, spoolFolder } from '../../../src/cli/statusline';
import { parseLimitRecord } from '../../../src/core/limits/limitRecord';
import { FakeClock } from '../helpers';

const T0 = Date.parse('2026-11-30T12:00:00Z');
const payload = (five: number, at = T0) =>
  JSON.stringify({
    session_id: 'sess-1',
    cwd: '/home/dev/app',
    model: { id: 'claude-sonnet-4-5', display_name: 'Sonnet 4.5' },
    cost: { total_cost_usd: 1.234 },
    context_window: { used_percentage: 41.6, context_window_size: 200000 },
    rate_limits: {
      five_hour: { used_percentage: five, resets_at: Math.floor((at + 3 * 3_600_000) / 1000) },
      seven_day: { used_percentage: 20, resets_at: Math.floor((at + 4 * 86_400_000) / 1000) },
    },
  });

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('cli/statusline', () => {
  let spool: string;
  beforeEach(() => {
    spool = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-statusline-'));
  });
  afterEach(() => fs.rmSync(spool, { recursive: true, force: true }));

  it('prints context, both windows with reset times and cost, and records the payload', () => {
    const run = runStatusLine(payload(63), spool, T0, 'UTC');
    assert.strictEqual(run.line, 'SD ok · ctx 42% · 5h 63% ↻15:00 · 7d 20% ↻Dec 4 12:00 · $1.23');
    const rec = parseLimitRecord(fs.readFileSync(path.join(limitsFolder(spool), 'sess-1.json'), 'utf8'));
    assert.strictEqual(rec?.gauges.length, 2);
    assert.strictEqual(rec?.cwd, '/home/dev/app');
  });

  it('adds the pace forecast once the history shows the window filling before its reset', () => {
    // +10 % every 10 min = 60 %/h: from 80 % at 12:30, 100 % at 12:50, before the 15:30 reset.
    for (const [min, used] of [
      [0, 50],
      [10, 60],
      [20, 70],
    ]) {
      runStatusLine(payload(used, T0), spool, T0 + min * 60_000, 'UTC');
    }
    const run = runStatusLine(payload(80, T0), spool, T0 + 30 * 60_000, 'UTC');
    assert.match(run.line, /^SD warn · ctx 42% · 5h 80% ↻15:00 \(limit 12:50\) · 7d 20%/);
  });

  it('says limit when a window is used up, and records nothing for bad input', () => {
    assert.match(runStatusLine(payload(100), spool, T0, 'UTC').line, /^SD limit /);
    const bad = runStatusLine('{"no":"session"}', spool, T0, 'UTC');
    assert.strictEqual(bad.error, 'no session_id');
    assert.strictEqual(bad.line, 'Session Doctor: no status (bad input)');
  });

  it('keeps printing when the spool cannot be written', () => {
    const file = path.join(spool, 'a-file');
    fs.writeFileSync(file, '');
    const run = runStatusLine(payload(10), file, T0, 'UTC');
    assert.match(run.line, /^SD ok /);
    assert.match(run.error ?? '', /^spool not written/);
  });

  it('finds the spool in $SESSION_DOCTOR_SPOOL or under the home folder', () => {
    assert.strictEqual(spoolFolder({}, '/home/u'), path.join('/home/u', '.session-doctor', 'spool'));
    assert.strictEqual(spoolFolder({ SESSION_DOCTOR_SPOOL: '~/sp' }, '/home/u'), path.join('/home/u', 'sp'));
  });

  it('runs as a command: stdin in, the line out, exit 0', async () => {
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await main(['statusline', '--spool', spool], {
      stdout,
      stderr,
      stdin: Readable.from([payload(30)]),
      env: { TZ: 'UTC' },
      cwd: spool,
      home: spool,
      clock: new FakeClock(T0),
    });
    assert.strictEqual(code, 0);
    assert.strictEqual(stdout.text, 'SD ok · ctx 42% · 5h 30% ↻15:00 · 7d 20% ↻Dec 4 12:00 · $1.23\n');
    assert.ok(fs.existsSync(path.join(limitsFolder(spool), 'sess-1.json')));
  });
});
