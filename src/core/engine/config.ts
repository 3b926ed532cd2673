/** The engine's settings, clock and the shapes it exchanges with sources and listeners. Pure module. */
import type { CompiledRule } from '../detection/userRules';
import type { AgentKind } from '../model/event';
import type { FindingSnapshot, SessionSnapshot } from '../model/snapshot';
import type { PolicyConfig } from './policy';
import type { HealthConfig } from './activity';

/** Time source (epoch ms); tests inject a fake one. */
export interface Clock {
  now(): number;
}

/** The system clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** Engine settings (from `sessionDoctor.*`). */
export interface EngineConfig {
  policy: PolicyConfig;
  /** Same tool with the same input this many times in a row is a loop (default 3). */
  toolLoopCount: number;
  /** Per-session cost cap in USD; 0 = off. */
  budgetCapUsd: number;
  /** Sessions with activity in this many ms are shown (default 24 h). */
  activeWindowMs: number;
  /** Events kept per session (default 2000). */
  maxEventsPerSession: number;
  /** Events, resolved findings and old audit rows are dropped after this many ms (default 7 days). */
  retentionMs: number;
  /** User rules (`detection.customRules`, compiled by `compileRules`), tried before the catalog; none when absent. */
  rules?: readonly CompiledRule[];
  /** Session health: watchdog, marathon limit, context pressure (missing fields take `DEFAULT_HEALTH_CONFIG`). */
  health?: Partial<HealthConfig>;
}

/** Defaults: the seeds' values. */
export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  policy: { errorRepeatCount: 3, errorWindowMs: 300_000, maxAutoRetries: 2, overrides: {} },
  toolLoopCount: 3,
  budgetCapUsd: 0,
  activeWindowMs: 24 * 3600_000,
  maxEventsPerSession: 2000,
  retentionMs: 7 * 24 * 3600_000,
};

/** A detection: a finding that is new, or whose severity rose. `live` is false while catching up on old lines. */
export interface DetectEvent {
  finding: FindingSnapshot;
  session: SessionSnapshot;
  live: boolean;
}

/** Options of one ingest call. */
export interface IngestOptions {
  /** False while a source catches up on lines written before the extension started (no notifications then). */
  live: boolean;
}

/** Session metadata a source knows apart from events. */
export interface SessionInfo {
  agent: AgentKind;
  /** Transcript file, if any. */
  file?: string;
  title?: string;
  cwd?: string;
}

/**
 * What a process or terminal source knows of the agent process behind a session: it runs, or it ended (with its exit
 * code when known; undefined when killed by a signal or unknown). `atMs` is when this was observed (epoch ms); `source`
 * names who observed it (e.g. "terminal:3").
 */
export interface AgentProcessState {
  state: 'running' | 'exited';
  exitCode?: number;
  atMs: number;
  source: string;
}

/** Disposable listener handle. */
export interface Subscription {
  dispose(): void;
}
