/**
 * The engine loads the built-in detector on first use: loading the engine, opening a store and building a snapshot, and
 * ingesting events the detector has nothing to say of (or whose verdict the parse worker attached) leave it unloaded;
 * the first event it must read loads it. The findings are the same as the detector's on every event.
 */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { detectEvent, precomputeDetection } from '../../../../src/core/detection/detector';
import { compileRules } from '../../../../src/core/detection/userRules';
import type { AgentEvent } from '../../../../src/core/model/event';
import { FakeClock, ev, newEngine } from '../../helpers';

/** The compiled sources' src/ folder (this file runs from <out>/test/unit/core/engine). */
const SRC = path.join(__dirname, '..', '..', '..', '..', 'src');

/** Runs `steps` in a fresh Node process with the engine loaded; returns whether the detector module was loaded after each. */
function loadedAfter(steps: string[]): boolean[] {
  const script = `
    const initSqlJs = require('sql.js');
    const { Store } = require(${JSON.stringify(path.join(SRC, 'core/store/store.js'))});
    const { Engine, DEFAULT_ENGINE_CONFIG } = require(${JSON.stringify(path.join(SRC, 'core/engine/engine.js'))});
    const detector = require.resolve(${JSON.stringify(path.join(SRC, 'core/detection/detector.js'))});
    const ev = (kind, extra) => ({ sessionId: 's', agent: 'claude-code', timestamp: 1000, kind, text: 'x', ...extra });
    initSqlJs().then((SQL) => {
      const engine = new Engine(Store.open(SQL), DEFAULT_ENGINE_CONFIG, { now: () => 5000 });
      const out = [detector in require.cache];
      for (const step of ${JSON.stringify(steps)}) {
        eval(step);
        out.push(detector in require.cache);
      }
      console.log(JSON.stringify(out));
    });`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim()) as boolean[];
}

describe('engine: the built-in detector loaded on first use', () => {
  it('is not loaded by the engine, a snapshot, plain events, or events carrying the worker verdict; an error loads it', () => {
    assert.deepStrictEqual(
      loadedAfter([
        'engine.snapshot()',
        "engine.ingest([ev('user'), ev('assistant'), ev('tool_call', { toolName: 'Bash', toolInputHash: 'h' })], { live: false })",
        "engine.ingest([ev('error', { text: 'API Error: 429', detected: 'rate_limit' }), ev('tool_result', { isError: true, detected: null })], { live: false })",
        "engine.ingest([ev('error', { text: 'API Error: 529 Overloaded' })], { live: false })",
      ]),
      [false, false, false, false, true],
    );
  });

  it('classifyLine loads it', () => {
    assert.deepStrictEqual(loadedAfter(["engine.classifyLine('Error: read ECONNRESET')"]), [false, true]);
  });

  it('stores the failure type detectEvent gives each event, with or without a verdict and user rules', async () => {
    const clock = new FakeClock();
    const events: AgentEvent[] = [
      ev(clock, { kind: 'error', text: 'API Error: 429 {"type":"error","error":{"type":"rate_limit_error"}}', httpStatus: 429 }),
      ev(clock, { kind: 'error', text: 'Error: read ECONNRESET' }),
      ev(clock, { kind: 'tool_result', isError: true, text: 'Command timed out after 2m 0.0s' }),
      ev(clock, { kind: 'assistant', text: 'The server returns 429 when rate limited.' }),
      ev(clock, { kind: 'assistant', text: 'carries a verdict', detected: 'overloaded' }),
      ev(clock, { kind: 'error', text: 'API Error: 529 Overloaded', detected: null }),
    ];
    const withVerdicts = events.map((e) => {
      const c = structuredClone(e);
      if (c.detected === undefined) {
        precomputeDetection(c);
      }
      return c;
    });
    for (const rules of [[], compileRules([{ type: 'auth', pattern: 'ECONNRESET|Overloaded' }]).rules]) {
      for (const list of [events, withVerdicts]) {
        const { engine, store } = await newEngine({ rules });
        engine.ingest(list, { live: false });
        const stored = store.database.all('SELECT failure_type FROM events ORDER BY seq').map((r) => r.failure_type ?? undefined);
        assert.deepStrictEqual(
          stored,
          list.map((e) => detectEvent(e, rules)?.type),
        );
        store.close();
      }
    }
  });
});
