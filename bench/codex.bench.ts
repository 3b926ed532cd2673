/**
 * Benchmark (figures printed, nothing asserted): the Codex rollout parser on real rollout lines (the tool_loop and
 * auto_compact fixtures, repeated), in lines and MiB per second. Run: npm run compile-tests && node out/bench/codex.bench.js
 */
import * as fs from 'fs';
import * as path from 'path';
import { CodexParseState, parseCodexLine } from '../src/core/agents/codex/rollout';

const FIXTURES = path.resolve(__dirname, '../../test/fixtures/codex');

function main(): void {
  const lines = ['tool_loop.jsonl', 'auto_compact.jsonl'].flatMap((f) =>
    fs.readFileSync(path.join(FIXTURES, f), 'utf8').split('\n').filter(Boolean),
  );
  const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
  const rounds = 200;
  const state = new CodexParseState();
  let events = 0;
  const t0 = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    for (const line of lines) {
      const p = parseCodexLine(line, { file: 'bench', offset: 0 }, `s${r}`, state);
      if (p.ok) {
        events += p.events.length;
      }
    }
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const n = lines.length * rounds;
  console.log(
    `codex rollout parser: ${n} lines (${((bytes * rounds) / 1024 / 1024).toFixed(1)} MiB) in ${s.toFixed(2)} s: ${Math.round(n / s)} lines/s, ${((bytes * rounds) / 1024 / 1024 / s).toFixed(1)} MiB/s, ${events} events`,
  );
}

main();
