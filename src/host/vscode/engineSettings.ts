/** The engine's settings (core `EngineConfig`) from the extension's settings. */
import type { EngineConfig } from '../../core/engine/engine';
import { parsePolicyOverrides } from '../../core/engine/policy';
import { compileRules } from '../../core/detection/userRules';
import type { Config } from './config';

/**
 * The engine's settings from {@link Config}, with the problems found in `policy.overrides` (unknown types, bad
 * severities or strategies) and `detection.customRules` (which rule, and why: unknown type, pattern that RE2 rejects...);
 * the bad entries are left out, the others apply. Never throws.
 */
export function toEngineConfig(config: Config): { engineConfig: EngineConfig; problems: string[] } {
  const { overrides, problems } = parsePolicyOverrides(config.policy.overrides);
  const compiled = compileRules(config.detection.customRules);
  problems.push(...compiled.problems);
  return {
    engineConfig: {
      policy: {
        errorRepeatCount: config.detection.errorRepeatCount,
        errorWindowMs: config.detection.errorWindowSeconds * 1000,
        maxAutoRetries: config.recovery.maxAutoRetries,
        overrides,
      },
      toolLoopCount: config.detection.toolLoopCount,
      budgetCapUsd: config.budget.capUsd,
      activeWindowMs: config.activeSessionWindowHours * 3_600_000,
      maxEventsPerSession: config.store.maxEventsPerSession,
      retentionMs: config.store.retentionDays * 86_400_000,
      rules: compiled.rules,
      health: {
        stuckMs: config.health.stuckMinutes * 60_000,
        maxMessages: config.health.maxMessages,
        messageWarnPercent: config.health.messageWarnPercent,
        idleResetMs: config.health.idleResetMinutes * 60_000,
        dailyResetHour: config.health.dailyResetHour,
        contextWarnPercent: config.health.contextWarnPercent,
      },
    },
    problems: [...problems, ...config.recipeProblems],
  };
}
