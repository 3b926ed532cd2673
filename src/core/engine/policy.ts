/**
 * The policy engine: failure type -> severity and strategy (the catalog's defaults, overridden by settings), exponential
 * backoff, and the escalations (repeats within a window, too many recoveries). Pure module.
 */
import {
  FAILURE_CATALOG,
  FailureType,
  SEVERITIES,
  Severity,
  Strategy,
  STRATEGY_LABELS,
  failureDefinition,
  isFailureType,
  raiseSeverity,
} from '../model/failures';

/** A user's override of one failure type's policy (settings `sessionDoctor.policy.overrides`). */
export interface PolicyOverride {
  severity?: Severity;
  strategy?: Strategy;
}

/** One row of the effective policy table. */
export interface PolicyRow {
  type: FailureType;
  title: string;
  severity: Severity;
  strategy: Strategy;
  /** True when a setting changed this row from the catalog's default. */
  overridden: boolean;
  /** The catalog's default severity (what `severity` was before the override). */
  catalogSeverity: Severity;
  /** The catalog's default strategy (what `strategy` was before the override). */
  catalogStrategy: Strategy;
}

/** Backoff schedule: 2 s doubling per attempt, at most 32 s (ms). */
export const BACKOFF_BASE_MS = 2000;
export const BACKOFF_MAX_MS = 32000;

/** Backoff delay in ms before retry number `attempt` (0-based): 2000, 4000, 8000, 16000, 32000, 32000, ... */
export function backoffDelayMs(attempt: number): number {
  const n = Math.max(0, Math.floor(attempt));
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(n, 10));
}

/**
 * Checks raw overrides (as read from settings JSON) and keeps the valid ones.
 * Returns the valid map and a list of human-readable problems (unknown type, bad severity or strategy); never throws.
 */
export function parsePolicyOverrides(raw: unknown): { overrides: Partial<Record<FailureType, PolicyOverride>>; problems: string[] } {
  const overrides: Partial<Record<FailureType, PolicyOverride>> = {};
  const problems: string[] = [];
  if (raw === undefined || raw === null) {
    return { overrides, problems };
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { overrides, problems: ['policy.overrides must be an object of failure type -> { severity, strategy }'] };
  }
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!isFailureType(key)) {
      problems.push(`policy.overrides: unknown failure type "${key}"`);
      continue;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      problems.push(`policy.overrides.${key} must be an object`);
      continue;
    }
    const v = value as Record<string, unknown>;
    const o: PolicyOverride = {};
    if (v.severity !== undefined) {
      if (typeof v.severity === 'string' && (SEVERITIES as readonly string[]).includes(v.severity)) {
        o.severity = v.severity as Severity;
      } else {
        problems.push(`policy.overrides.${key}.severity "${String(v.severity)}" is not one of ${SEVERITIES.join(', ')}`);
      }
    }
    if (v.strategy !== undefined) {
      if (typeof v.strategy === 'string' && Object.hasOwn(STRATEGY_LABELS, v.strategy)) {
        o.strategy = v.strategy as Strategy;
      } else {
        problems.push(`policy.overrides.${key}.strategy "${String(v.strategy)}" is not one of ${Object.keys(STRATEGY_LABELS).join(', ')}`);
      }
    }
    overrides[key] = o;
  }
  return { overrides, problems };
}

/** Settings the policy engine uses. */
export interface PolicyConfig {
  /** Same failure type this many times within the window escalates one severity level (default 3). */
  errorRepeatCount: number;
  /** The window, ms (default 300 000). */
  errorWindowMs: number;
  /** Recoveries of non-critical findings in one session after which the policy escalates to CRITICAL / halt (default 2). */
  maxAutoRetries: number;
  overrides: Partial<Record<FailureType, PolicyOverride>>;
}

/** Defaults from session-doctor 0.1.1: 3 times in 300 s, 2 auto retries. */
export const DEFAULT_POLICY_CONFIG: PolicyConfig = {
  errorRepeatCount: 3,
  errorWindowMs: 300_000,
  maxAutoRetries: 2,
  overrides: {},
};

/** What the policy decides for one finding. */
export interface PolicyDecision {
  severity: Severity;
  strategy: Strategy;
  /** Why the decision differs from the table, "" when it does not. */
  escalation: string;
}

/** The policy engine. Stateless: the counts it needs come from the store. */
export class Policy {
  constructor(private readonly config: PolicyConfig) {}

  /** The effective row for `type` (catalog default, then the override). */
  row(type: FailureType): PolicyRow {
    const d = failureDefinition(type);
    const o = this.config.overrides[type];
    const severity = o?.severity ?? d.severity;
    const strategy = o?.strategy ?? d.strategy;
    return {
      type,
      title: d.title,
      severity,
      strategy,
      overridden: severity !== d.severity || strategy !== d.strategy,
      catalogSeverity: d.severity,
      catalogStrategy: d.strategy,
    };
  }

  /** The whole effective table, in catalog order. */
  table(): PolicyRow[] {
    return FAILURE_CATALOG.map((d) => this.row(d.type));
  }

  /**
   * Decides severity and strategy for a finding of `type`.
   * @param recentCount occurrences of this type in the session within the window (including this one)
   * @param recoveriesTaken recoveries already taken for non-critical findings of this session
   * @param rule the severity and strategy of the user rule that matched the finding (detection.customRules), if any: they
   *   replace the table's row before the escalations apply
   */
  decide(type: FailureType, recentCount: number, recoveriesTaken: number, rule?: PolicyOverride): PolicyDecision {
    const row = this.row(type);
    let severity = rule?.severity ?? row.severity;
    let strategy = rule?.strategy ?? row.strategy;
    const reasons: string[] = [];
    if (
      severity !== 'CRITICAL' &&
      recoveriesTaken >= this.config.maxAutoRetries &&
      this.config.maxAutoRetries >= 0 &&
      recoveriesTaken > 0
    ) {
      severity = 'CRITICAL';
      strategy = 'halt_and_notify';
      reasons.push(`${recoveriesTaken} recoveries already taken in this session (max ${this.config.maxAutoRetries}): halt`);
    } else if (recentCount >= this.config.errorRepeatCount && severity !== 'CRITICAL') {
      severity = raiseSeverity(severity);
      reasons.push(`${recentCount} times in ${Math.round(this.config.errorWindowMs / 1000)} s`);
    }
    return { severity, strategy, escalation: reasons.join('; ') };
  }

  get errorWindowMs(): number {
    return this.config.errorWindowMs;
  }
}
