/**
 * `detectEvent` with a verdict worked out elsewhere (`event.detected`, set by `precomputeDetection` in the parse worker):
 * the same answer as the detector run on the event, user rules still first; and the engine's findings are the same
 * whether its events carry the verdict or not.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { builtinType, detectEvent, precomputeDetection } from '../../../../src/core/detection/detector';
import { compileRules } from '../../../../src/core/detection/userRules';
import { transcriptKind } from '../../../../src/core/ingest/kinds';
import type { TranscriptFormat } from '../../../../src/core/ingest/lineParser';
import type { AgentEvent } from '../../../../src/core/model/event';
import { FakeClock, REPO_ROOT, ev, newEngine } from '../../helpers';

const clock = new FakeClock();

/** Events of every branch of the detector: errors with and without a status, a raw line, failed and plain tool results, prose. */
const SAMPLES: AgentEvent[] = [
  ev(clock, { kind: 'error', text: 'API Error: 429 {"type":"error","error":{"type":"rate_limit_error"}}', httpStatus: 429 }),
  ev(clock, { kind: 'error', text: 'API Error: 400 prompt is too long: 210000 tokens > 200000 maximum', httpStatus: 400 }),
  ev(clock, { kind: 'error', text: 'Error: read ECONNRESET' }),
  ev(clock, { kind: 'error', text: 'something odd happened' }),
  ev(clock, { kind: 'error', text: 'HTTP/1.1 503 Service Unavailable', rawLine: true }),
  ev(clock, { kind: 'tool_result', isError: true, text: 'Command timed out after 2m 0.0s' }),
  ev(clock, { kind: 'tool_result', isError: true, text: 'FAILED test_rate_limit: expected 429 got 200' }),
  ev(clock, { kind: 'tool_result', isError: false, text: 'Command timed out after 2m' }),
  ev(clock, { kind: 'assistant', text: 'The server returns 429 Too Many Requests when rate limited.' }),
  ev(clock, { kind: 'user', text: 'fix the ECONNRESET handling' }),
];

/** The events of every real Claude Code fixture, in file order. */
function claudeFixtureEvents(): AgentEvent[] {
  const format = transcriptKind('claude-code')!.format as TranscriptFormat;
  const dir = path.join(REPO_ROOT, 'test', 'fixtures', 'claude');
  const out: AgentEvent[] = [];
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) {
    const file = path.join(dir, f);
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const r = line.trim() ? format.parseLine(line, { file, offset: i }, f.replace('.jsonl', '')) : undefined;
        out.push(...(r?.ok ? r.events : []));
      });
  }
  return out;
}

/** A copy of each event with the verdict attached, as the parse worker ships it. */
function precomputed(events: readonly AgentEvent[]): AgentEvent[] {
  return events.map((e) => {
    const c = structuredClone(e);
    precomputeDetection(c);
    return c;
  });
}

describe('detectEvent with a precomputed verdict', () => {
  const { rules } = compileRules([{ type: 'auth', pattern: 'ECONNRESET|timed out' }]);

  it('gives what the detector gives on the event itself, with and without user rules', () => {
    const found = SAMPLES.map((e) => detectEvent(e)?.type);
    assert.deepStrictEqual(found, [
      'rate_limit',
      'token_limit',
      'network',
      undefined,
      'overloaded',
      'timeout',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    const pre = precomputed(SAMPLES);
    assert.deepStrictEqual(
      pre.map((e) => e.detected),
      ['rate_limit', 'token_limit', 'network', null, 'overloaded', 'timeout', null, undefined, undefined, undefined],
    );
    assert.deepStrictEqual(
      pre.map((e) => detectEvent(e)),
      SAMPLES.map((e) => detectEvent(e)),
    );
    assert.deepStrictEqual(
      pre.map((e) => detectEvent(e, rules)),
      SAMPLES.map((e) => detectEvent(e, rules)),
    );
    assert.deepStrictEqual(
      SAMPLES.map((e) => detectEvent(e, rules)?.type),
      ['rate_limit', 'token_limit', 'auth', undefined, 'overloaded', 'auth', undefined, undefined, undefined, undefined],
    );
  });

  it('uses the verdict it carries instead of running the detector; user rules still decide first', () => {
    const e = ev(clock, { kind: 'error', text: 'API Error: 429 rate_limit_error', httpStatus: 429 });
    assert.strictEqual(builtinType(e), 'rate_limit');
    assert.strictEqual(detectEvent({ ...e, detected: null }), undefined);
    assert.deepStrictEqual(detectEvent({ ...e, detected: 'overloaded' }), { type: 'overloaded' });
    const { rules: mine } = compileRules([{ type: 'quota_exhausted', pattern: 'rate_limit_error' }]);
    assert.strictEqual(detectEvent({ ...e, detected: null }, mine)?.type, 'quota_exhausted');
  });

  it('the engine finds the same findings in the real Claude Code fixtures with the verdicts precomputed or not', async () => {
    const events = claudeFixtureEvents();
    const pre = precomputed(events);
    assert.ok(pre.filter((e) => e.detected).length >= 5, 'the fixtures hold detected failures');
    const findings = async (list: AgentEvent[], withRules: boolean) => {
      const { engine } = await newEngine(withRules ? { rules } : {});
      engine.ingest(list, { live: false });
      return engine.snapshot().map((s) => [s.id, s.health, s.findings.map((f) => [f.type, f.severity, f.count, f.status, f.lastText])]);
    };
    for (const withRules of [false, true]) {
      const plain = await findings(events, withRules);
      assert.ok(plain.some((s) => (s[2] as unknown[]).length > 0));
      assert.deepStrictEqual(await findings(pre, withRules), plain);
    }
  });
});
