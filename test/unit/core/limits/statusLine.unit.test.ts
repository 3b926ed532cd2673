import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseStatusLine } from '../../../../src/core/limits/statusLine';
import { REPO_ROOT } from '../../helpers';

// Field names as the Claude Code 2.1.330 bundle builds the status-line input (see statusLine.ts).
const PAYLOAD = {
  session_id: '0a1b2c3d-0000-4000-8000-000000000001',
  transcript_path: '/home/dev/.claude/projects/-home-dev-app/0a1b2c3d-0000-4000-8000-000000000001.jsonl',
  cwd: '/home/dev/app',
  model: { id: 'claude-sonnet-4-5', display_name: 'Sonnet 4.5' },
  workspace: { current_dir: '/home/dev/app', project_dir: '/home/dev/app', added_dirs: [] },
  version: '2.1.330',
  cost: { total_cost_usd: 0.42, total_duration_ms: 1000, total_api_duration_ms: 800, total_lines_added: 1, total_lines_removed: 0 },
  context_window: {
    total_input_tokens: 50_000,
    total_output_tokens: 100,
    context_window_size: 200_000,
    used_percentage: 25,
    remaining_percentage: 75,
  },
  rate_limits: {
    five_hour: { used_percentage: 63, resets_at: 1_796_050_800 },
    seven_day: { used_percentage: 12.5, resets_at: 1_796_400_000 },
  },
};

describe('core/limits/statusLine', () => {
  it('reads session, context, cost and both plan windows (resets_at in seconds)', () => {
    const r = parseStatusLine(JSON.stringify(PAYLOAD), 1000);
    assert.ok(r.ok);
    const s = r.snapshot;
    assert.strictEqual(s.sessionId, PAYLOAD.session_id);
    assert.strictEqual(s.model, 'Sonnet 4.5');
    assert.strictEqual(s.agentVersion, '2.1.330');
    assert.strictEqual(s.costUsd, 0.42);
    assert.strictEqual(s.contextUsedPercent, 25);
    assert.strictEqual(s.contextWindowSize, 200_000);
    assert.deepStrictEqual(
      s.gauges.map((g) => [g.window, g.usedPercent, g.windowMinutes, g.resetsAt]),
      [
        ['five_hour', 63, 300, 1_796_050_800_000],
        ['seven_day', 12.5, 10_080, 1_796_400_000_000],
      ],
    );
  });

  it('has no gauges without rate_limits (API key users) and rejects bad input with a reason', () => {
    const { rate_limits: _omit, ...noLimits } = PAYLOAD;
    const r = parseStatusLine(JSON.stringify(noLimits), 1);
    assert.ok(r.ok && r.snapshot.gauges.length === 0);
    assert.deepStrictEqual(parseStatusLine('{', 1).ok, false);
    assert.deepStrictEqual(parseStatusLine('[1]', 1), { ok: false, error: 'not a JSON object' });
    assert.deepStrictEqual(parseStatusLine('{"cwd":"/x"}', 1), { ok: false, error: 'no session_id' });
  });
});

describe('core/limits/statusLine on the real payload', () => {
  it('reads the payload the real Claude Code 2.1.330 wrote (API key: no rate_limits; test/fixtures/statusline)', () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/statusline/claude-code-2.1.330-api-key.json'), 'utf8');
    const r = parseStatusLine(text, 1);
    assert.ok(r.ok);
    assert.strictEqual(r.snapshot.sessionId, 'e6ea3a45-177e-411c-aff1-2d6382bb16a0');
    assert.strictEqual(r.snapshot.agentVersion, '2.1.330');
    assert.strictEqual(r.snapshot.model, 'Opus 5.5');
    assert.strictEqual(r.snapshot.cwd, '/home/dev/projects/demo-app');
    assert.strictEqual(r.snapshot.contextUsedPercent, 1);
    assert.strictEqual(r.snapshot.contextWindowSize, 1_000_000);
    assert.ok(Math.abs(r.snapshot.costUsd! - 0.015547) < 1e-9);
    assert.deepStrictEqual(r.snapshot.gauges, []);
  });
});
