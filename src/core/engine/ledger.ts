/**
 * The finding ledger: opens, raises and resolves findings in the store, with the policy's decision and an audit row for
 * each resolution. Checks write findings only through it. Pure module.
 */
import type { CompiledRule } from '../detection/userRules';
import type { AgentEvent } from '../model/event';
import { FailureType, Severity, failureDefinition, severityRank } from '../model/failures';
import type { AuditEntry, FindingSnapshot } from '../model/snapshot';
import type { Store } from '../store/store';
import { Policy, backoffDelayMs } from './policy';

/** A severity a finding must at least have, and why (for the finding's escalation text). */
export interface SeverityFloor {
  severity: Severity;
  reason: string;
}

/** A policy decision raised to at least the floor's severity (the floor's reason joins the escalation text). */
export function withFloor<D extends { severity: Severity; escalation: string }>(decision: D, floor: SeverityFloor | undefined): D {
  if (!floor || severityRank(decision.severity) >= severityRank(floor.severity)) {
    return decision;
  }
  return { ...decision, severity: floor.severity, escalation: [decision.escalation, floor.reason].filter(Boolean).join('; ') };
}

/** The ledger over one store; `policy` is read on each decision (it changes when the settings do). */
export class FindingLedger {
  constructor(
    private readonly store: Store,
    private readonly policy: () => Policy,
  ) {}

  /**
   * Records one occurrence of `type` seen in event `e` (the policy counts recent occurrences within its window, except
   * for loops and budgets); returns the finding when it is new or its severity rose. `text` replaces the event's text.
   */
  record(e: AgentEvent, type: FailureType, opts: { text?: string; rule?: CompiledRule; floor?: SeverityFloor } = {}): FindingSnapshot[] {
    const policy = this.policy();
    const text = opts.text ?? e.text;
    const existing = this.store.activeFinding(e.sessionId, type);
    const counted = type !== 'repeated_tool_call' && type !== 'budget_exceeded';
    // An open finding takes the decision only when its severity rises. The decision grows with the count of recent
    // occurrences, so when even the highest count (and nothing can top CRITICAL) would not raise it, the count (a query
    // per occurrence) and the decision are not needed: the occurrence is added with the finding's own values.
    if (existing && (existing.severity === 'CRITICAL' || !this.couldRise(existing.severity, e.sessionId, type, counted, opts))) {
      this.store.addOccurrence(existing.id, {
        ts: e.timestamp,
        text,
        file: e.origin?.file,
        offset: e.origin?.offset,
        severity: existing.severity,
        strategy: existing.strategy,
        escalation: existing.escalation,
        reopen: false,
      });
      return [];
    }
    const recent = counted ? this.store.countFailures(e.sessionId, type, e.timestamp - policy.errorWindowMs, e.timestamp) : 1;
    const decision = withFloor(policy.decide(type, recent, this.store.recoveriesTaken(e.sessionId), opts.rule), opts.floor);
    if (!existing) {
      return [
        this.decorate(
          this.store.insertFinding({
            sessionId: e.sessionId,
            type,
            severity: decision.severity,
            strategy: decision.strategy,
            ts: e.timestamp,
            text,
            file: e.origin?.file,
            offset: e.origin?.offset,
            escalation: decision.escalation,
          }),
        ),
      ];
    }
    const rose = severityRank(decision.severity) > severityRank(existing.severity);
    const updated = this.store.addOccurrence(existing.id, {
      ts: e.timestamp,
      text,
      file: e.origin?.file,
      offset: e.origin?.offset,
      severity: rose ? decision.severity : existing.severity,
      strategy: rose ? decision.strategy : existing.strategy,
      escalation: rose ? decision.escalation : existing.escalation,
      reopen: rose,
    });
    return rose ? [this.decorate(updated)] : [];
  }

  /** True when the decision for one more occurrence of `type` could be above `severity` at the highest recent count. */
  private couldRise(
    severity: Severity,
    sessionId: string,
    type: FailureType,
    counted: boolean,
    opts: { rule?: CompiledRule; floor?: SeverityFloor },
  ): boolean {
    const most = withFloor(
      this.policy().decide(type, counted ? Number.MAX_SAFE_INTEGER : 1, this.store.recoveriesTaken(sessionId), opts.rule),
      opts.floor,
    );
    return severityRank(most.severity) > severityRank(severity);
  }

  /**
   * Opens a structural finding, or updates its text (without counting an occurrence); returns it when new or when its
   * severity rose (then it is opened again if acknowledged).
   */
  upsert(sessionId: string, type: FailureType, ts: number, text: string, floor?: SeverityFloor): FindingSnapshot[] {
    const existing = this.store.activeFinding(sessionId, type);
    // The policy decided when the finding opened; later only a higher floor raises it (no policy query per message).
    if (!existing || (floor && severityRank(floor.severity) > severityRank(existing.severity))) {
      const decision = withFloor(this.policy().decide(type, 1, this.store.recoveriesTaken(sessionId)), floor);
      if (!existing) {
        return [
          this.decorate(
            this.store.insertFinding({
              sessionId,
              type,
              severity: decision.severity,
              strategy: decision.strategy,
              ts,
              text,
              escalation: decision.escalation,
            }),
          ),
        ];
      }
      if (severityRank(decision.severity) > severityRank(existing.severity)) {
        return [
          this.decorate(
            this.store.updateFinding(existing.id, {
              ts,
              text,
              severity: decision.severity,
              strategy: decision.strategy,
              escalation: decision.escalation,
              reopen: true,
            }),
          ),
        ];
      }
    }
    if (existing.lastText !== text) {
      this.store.updateFinding(existing.id, {
        ts,
        text,
        severity: existing.severity,
        strategy: existing.strategy,
        escalation: existing.escalation,
        reopen: false,
      });
    }
    return [];
  }

  /**
   * Resolves the session's open findings of `types` last seen up to the event (a successful response after transient
   * failures: the agent got past them), with an audit row each (actor: the agent).
   */
  resolveSeenBy(e: AgentEvent, types: readonly FailureType[], detail: string): void {
    for (const f of this.store.resolveFindings(e.sessionId, types, e.timestamp)) {
      this.store.insertAudit({
        timestamp: e.timestamp,
        sessionId: e.sessionId,
        findingId: f.id,
        failureType: f.type,
        strategy: f.strategy,
        outcome: 'succeeded',
        actor: 'agent',
        detail,
      });
    }
  }

  /** Resolves the session's unresolved findings of `types` whatever their last-seen time, with an audit row each. */
  resolveAll(sessionId: string, types: readonly FailureType[], ts: number, detail: string, actor: AuditEntry['actor']): void {
    for (const f of this.store.resolveFindings(sessionId, types, Number.MAX_SAFE_INTEGER)) {
      this.store.insertAudit({
        timestamp: ts,
        sessionId,
        findingId: f.id,
        failureType: f.type,
        strategy: f.strategy,
        outcome: 'succeeded',
        actor,
        detail,
      });
    }
  }

  /** A finding with its catalog title and, for a backoff, the delay before the next attempt (ms). */
  decorate(f: FindingSnapshot): FindingSnapshot {
    const d = failureDefinition(f.type);
    return { ...f, title: d.title, backoffMs: f.strategy === 'backoff' ? backoffDelayMs(f.count - 1) : undefined };
  }
}
