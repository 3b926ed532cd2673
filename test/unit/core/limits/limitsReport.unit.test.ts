/**
 * The report's "Usage limits" section, as `session-doctor report` and the extension's Show Report print it: the gauges
 * of the real Codex 0.169.0 rollout with rate limits (test/fixtures/codex/rate_limits.jsonl, see its PROVENANCE.md), a
 * Claude Code status-line history in the payload's shape (test/fixtures/statusline/PROVENANCE.md: the real CLI sends
 * `rate_limits` only to subscribers, so these values are ours), and the sessions halted by a usage limit.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseCodexLine } from '../../../../src/core/agents/codex/rollout';
import type { LimitGauge } from '../../../../src/core/limits/gauge';
import { LimitRecord, updateRecord } from '../../../../src/core/limits/limitRecord';
import { gaugeRows, limitsReportSection, usageLimitsSection } from '../../../../src/core/limits/limitsReport';
import { parseStatusLine } from '../../../../src/core/limits/statusLine';
import type { FindingSnapshot, SessionSnapshot } from '../../../../src/core/model/snapshot';
import { REPO_ROOT } from '../../helpers';

// Just after the Codex fixture was written (2026-11-30 15:43 UTC).
const NOW = Date.parse('2026-11-30T15:43:50Z');

function codexGauges(): LimitGauge[] {
  const file = path.join(REPO_ROOT, 'test/fixtures/codex/rate_limits.jsonl');
  const out: LimitGauge[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const r = parseCodexLine(line, { file, offset: 0 }, 'codex-sess');
    if (r.ok && r.info.rateLimits) {
      out.push(...r.info.rateLimits.gauges);
    }
  }
  return out;
}

/** A status-line record whose 5-hour window rose 10 % every 10 min for 30 min, to `last` % now; resets in 2 h. */
function claudeRecord(last: number): LimitRecord {
  let rec: LimitRecord | undefined;
  for (const minutesAgo of [30, 20, 10, 0]) {
    const at = NOW - minutesAgo * 60_000;
    const payload = {
      session_id: 'claude-sess',
      cwd: '/home/dev/app',
      model: { id: 'claude-sonnet-4-5', display_name: 'Sonnet 4.5' },
      rate_limits: {
        five_hour: { used_percentage: last - minutesAgo, resets_at: (NOW + 2 * 3_600_000) / 1000 },
        seven_day: { used_percentage: 20, resets_at: Date.parse('2026-12-04T09:00:00Z') / 1000 },
      },
    };
    const parsed = parseStatusLine(JSON.stringify(payload), at);
    assert.ok(parsed.ok);
    rec = updateRecord(rec, parsed.snapshot, at);
  }
  return rec as LimitRecord;
}

const halted = (id: string, agent: string, project: string, lastText: string): SessionSnapshot =>
  ({
    id,
    agent,
    project,
    findings: [{ id: 1, sessionId: id, type: 'quota_exhausted', status: 'open', lastSeen: NOW - 60_000, lastText } as FindingSnapshot],
  }) as unknown as SessionSnapshot;

describe('core/limits/limitsReport', () => {
  it('tables each account and window with its reset and pace, then when each halted session can resume', () => {
    const sessions = [
      halted('0a1b2c3d-claude', 'claude-code', 'app|web', 'Claude AI usage limit reached|1796054400'),
      halted('9f8e7d6c-gemini', 'gemini', 'tool', 'Quota exceeded'),
    ];
    const section = usageLimitsSection([claudeRecord(80)], codexGauges(), sessions, NOW, 'UTC');
    assert.strictEqual(
      section,
      [
        '## Usage limits',
        '',
        '| Account | Window | Used | Resets | Pace |',
        '|---|---|---|---|---|',
        '| claude-code | 5 h | 80% | 17:43 (in 2 h 00 min) | at this pace the 5 h limit is reached at 16:03, 1 h 40 min before it resets |',
        '| claude-code | 7 d | 20% | Dec 4 09:00 (in 4 d) |  |',
        '| codex | 5 h | 50% | 18:43 (in 3 h 00 min) |  |',
        '| codex | 7 d | 12% | Dec 4 15:43 (in 4 d) |  |',
        '',
        'Halted by a usage limit:',
        '',
        '- claude-code app\\|web `0a1b2c3d`: can resume at 16:00 (in 16 min)',
        '- gemini tool `9f8e7d6c`: reset time unknown',
        '',
      ].join('\n'),
    );
  });

  it('forecasts nothing for a used-up window, whose reset then dates the halted session', () => {
    const rows = gaugeRows([claudeRecord(100)], [], NOW);
    assert.deepStrictEqual(
      rows.map((r) => [r.gauge.window, r.gauge.usedPercent, r.forecast === undefined]),
      [
        ['five_hour', 100, true],
        ['seven_day', 20, true],
      ],
    );
    const section = usageLimitsSection(
      [claudeRecord(100)],
      [],
      [halted('0a1b2c3d-claude', 'claude-code', 'app', 'usage limit')],
      NOW,
      'UTC',
    );
    assert.match(section, /^\| claude-code \| 5 h \| 100% \| 17:43 \(in 2 h 00 min\) \| {2}\|$/m);
    assert.match(section, /^- claude-code app `0a1b2c3d`: can resume at 17:43 \(in 2 h 00 min\)$/m);
  });

  it('is empty when there is no reading and no halted session', () => {
    assert.strictEqual(limitsReportSection([], [], NOW), '');
    assert.strictEqual(
      usageLimitsSection(
        [],
        [],
        [halted('x', 'codex', 'app', 'x')].map((s) => ({ ...s, findings: [] })),
        NOW,
      ),
      '',
    );
  });
});
