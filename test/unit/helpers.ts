/** Shared test helpers: a real sql.js module, a fake clock, event builders. */
import initSqlJs from 'sql.js';
import type { SqlJsStatic } from 'sql.js';
import { Engine, DEFAULT_ENGINE_CONFIG, EngineConfig } from '../../src/core/engine/engine';
import type { AgentEvent } from '../../src/core/model/event';
import { Store } from '../../src/core/store/store';
import * as fs from 'fs';
import * as path from 'path';
import { Tailer, TailResult, TranscriptFormat } from '../../src/core/ingest/tailer';
import { nodeFileAccess } from '../../src/host/node/nodeFileAccess';

let sql: Promise<SqlJsStatic> | undefined;

/** The real sql.js (WebAssembly) module, loaded once. */
export function sqlJs(): Promise<SqlJsStatic> {
  sql ??= initSqlJs();
  return sql;
}

/** A clock the test moves by hand (epoch ms). */
export class FakeClock {
  constructor(public t = Date.UTC(2026, 10, 23, 12, 0, 0)) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/** A fresh engine on a fresh in-memory store. */
export async function newEngine(
  config: Partial<EngineConfig> = {},
  clock = new FakeClock(),
): Promise<{ engine: Engine; store: Store; clock: FakeClock }> {
  const store = Store.open(await sqlJs());
  const engine = new Engine(
    store,
    { ...DEFAULT_ENGINE_CONFIG, ...config, policy: { ...DEFAULT_ENGINE_CONFIG.policy, ...(config.policy ?? {}) } },
    clock,
  );
  return { engine, store, clock };
}

/** An event of session `s1` at the clock's time. */
export function ev(clock: FakeClock, partial: Partial<AgentEvent>): AgentEvent {
  return { sessionId: 's1', agent: 'claude-code', timestamp: clock.now(), kind: 'assistant', text: '', ...partial };
}

/**
 * Tails one transcript fixture (JSONL lines with ISO `"timestamp"`s) into a fresh engine whose clock sits one minute
 * after the file's last timestamp, as if it had just been written; returns the engine and what the read did.
 */
export async function tailFixture(
  file: string,
  format: TranscriptFormat,
  sessionIdFromName: string,
  config: Partial<EngineConfig> = {},
): Promise<{ engine: Engine; result: TailResult }> {
  const lastTs = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => /"timestamp":"([^"]+)"/.exec(l)?.[1])
    .filter(Boolean)
    .map((t) => Date.parse(t!))
    .reduce((a, b) => Math.max(a, b), 0);
  const { engine } = await newEngine(config, new FakeClock(lastTs + 60_000));
  const tailer = new Tailer(nodeFileAccess, engine, { chunkBytes: 4096 });
  const result = await tailer.read(file, format, sessionIdFromName, false);
  return { engine, result };
}

/** The repository's root (the folder with package.json), found from the compiled test's folder. */
export const REPO_ROOT: string = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    dir = path.dirname(dir);
  }
  return dir;
})();
