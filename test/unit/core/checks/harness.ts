/** A check alone: an in-memory store, a ledger with the default policy, a hand-moved clock and the facts the engine would compute. */
import type { Check, CheckContext, EventFacts } from '../../../../src/core/checks/check';
import { DEFAULT_HEALTH_CONFIG, HealthConfig } from '../../../../src/core/engine/activity';
import { AgentProcessState, DEFAULT_ENGINE_CONFIG, EngineConfig } from '../../../../src/core/engine/config';
import { FindingLedger } from '../../../../src/core/engine/ledger';
import { Policy } from '../../../../src/core/engine/policy';
import type { AgentEvent } from '../../../../src/core/model/event';
import type { FindingSnapshot } from '../../../../src/core/model/snapshot';
import { Store } from '../../../../src/core/store/store';
import { FakeClock, sqlJs } from '../../helpers';

/** One check on its own store. */
export interface CheckHarness {
  check: Check;
  ctx: CheckContext;
  store: Store;
  clock: FakeClock;
  processes: Map<string, AgentProcessState>;
  /** Stores the event as the engine does (session, counters, event row) and runs the check's hooks; returns its findings. */
  feed(partial: Partial<AgentEvent>, facts?: Partial<EventFacts>): FindingSnapshot[];
  /** The facts of the last event fed, as the check left them. */
  lastFacts?: EventFacts;
}

/** A harness for `check` with engine settings `config` and health settings `health`. */
export async function harness(check: Check, config: Partial<EngineConfig> = {}, health: Partial<HealthConfig> = {}): Promise<CheckHarness> {
  const store = Store.open(await sqlJs());
  const clock = new FakeClock();
  const policy = new Policy(DEFAULT_ENGINE_CONFIG.policy);
  const ledger = new FindingLedger(store, () => policy);
  const processes = new Map<string, AgentProcessState>();
  const engineConfig = { ...DEFAULT_ENGINE_CONFIG, ...config };
  const healthConfig = { ...DEFAULT_HEALTH_CONFIG, ...health };
  const ctx: CheckContext = { store, ledger, config: () => engineConfig, health: () => healthConfig, processes, now: () => clock.now() };
  const h: CheckHarness = {
    check,
    ctx,
    store,
    clock,
    processes,
    feed(partial, given = {}) {
      const e: AgentEvent = { sessionId: 's1', agent: 'claude-code', timestamp: clock.now(), kind: 'assistant', text: '', ...partial };
      store.ensureSession(e.sessionId, e.agent, '', 'demo', e.timestamp);
      const before = store.healthCounters(e.sessionId);
      const facts: EventFacts = { before, isMessage: false, messageCount: 0, contextTokens: 0, ...given };
      h.lastFacts = facts;
      check.beforeEvent?.(e, facts, ctx);
      store.touchSession(e.sessionId, {
        ts: e.timestamp,
        message: facts.isMessage,
        turn: facts.turn,
        usage: e.usage,
        costUsd: facts.cost,
        model: e.model,
      });
      store.insertEvent(e, facts.detection?.type, facts.contextTokens || undefined);
      return check.onEvent?.(e, facts, ctx) ?? [];
    },
  };
  return h;
}
