/** Helpers shared by the CLI's commands. */
import * as fs from 'fs';
import * as path from 'path';
import { Clock, DEFAULT_ENGINE_CONFIG, Engine, EngineConfig } from '../core/engine/engine';
import type { Store } from '../core/store/store';

/** Sessions "active" for scan, demo and `--all`: every session in the store, however old (ms). */
export const ALL_TIME_MS = 100 * 365 * 24 * 3600_000;

/** An engine on `store` with the default settings changed by `config`. */
export function newEngine(store: Store, config: Partial<EngineConfig>, clock: Clock): Engine {
  return new Engine(store, { ...DEFAULT_ENGINE_CONFIG, ...config }, clock);
}

/** The nearest `rel` above this module's folder (dist/ or out/src/cli/) for which `accept` holds. */
export function findUp(rel: string, accept: (p: string) => boolean = () => true): string | undefined {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const p = path.join(dir, rel);
    try {
      if (fs.existsSync(p) && accept(p)) {
        return p;
      }
    } catch {
      // not ours; keep looking
    }
    const up = path.dirname(dir);
    if (up === dir) {
      break;
    }
    dir = up;
  }
  return undefined;
}
