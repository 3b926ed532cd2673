/**
 * The policy vocabulary as settings show it: failure types (from the catalog in src/core/model/failures.ts), severities
 * and strategies with the words the Settings editor shows for each value. `policy.overrides`, `detection.customRules` and
 * `notifications.minimumSeverity` take their enums from here. Pure data module.
 */
import { FAILURE_TYPES, SEVERITIES, STRATEGY_LABELS, Severity, Strategy } from '../core/model/failures';
import type { Json } from './settingSpec';

/** What each severity means, for `enumDescriptions` where a severity is chosen for a failure type. */
export const SEVERITY_HELP: Readonly<Record<Severity, string>> = {
  LOW: 'Low: noted in the view; the agent usually gets past it (a single rate limit).',
  MEDIUM: 'Medium: worth a look (timeouts, network errors, malformed tool calls).',
  HIGH: 'High: the session is likely stuck without help (context overflow, loops, stale session).',
  CRITICAL: 'Critical: stop now (authentication failed, budget exceeded, repeated failures).',
};

/** What choosing each severity as `notifications.minimumSeverity` does. */
export const MINIMUM_SEVERITY_HELP: Readonly<Record<Severity, string>> = {
  CRITICAL: 'Notify only for critical findings.',
  HIGH: 'Notify for high and critical findings.',
  MEDIUM: 'Notify for medium, high and critical findings.',
  LOW: 'Notify for every finding.',
};

/** What each strategy does (after its label from {@link STRATEGY_LABELS}). */
export const STRATEGY_HELP: Readonly<Record<Strategy, string>> = {
  backoff: 'Wait and let the agent retry (interrupt it if it burns retries).',
  compact_context: 'Compact the conversation (`/compact`), else restart.',
  restart_session: 'End the agent and resume the same session in a new terminal.',
  retry_with_prompt_fix: "Send a corrective prompt (the `promptFix` of the agent's recipe, setting `sessionDoctor.recipes`).",
  break_loop_and_notify: 'Interrupt the loop and send a corrective prompt.',
  clear_stale_session: 'Start a fresh session instead of resuming the dead one.',
  halt_and_notify: 'Interrupt the agent and tell you; a person must act.',
};

/** Severities from the highest, the order `notifications.minimumSeverity` offers them in. */
export const SEVERITIES_HIGHEST_FIRST: readonly Severity[] = [...SEVERITIES].reverse();

/** JSON schema of a severity chosen for a failure type (`policy.overrides`, `detection.customRules`). */
export function severitySchema(): Json {
  return { type: 'string', enum: [...SEVERITIES], enumDescriptions: SEVERITIES.map((s) => SEVERITY_HELP[s]) };
}

/** JSON schema of a recovery strategy, each value described as `<label>: <what it does>`. */
export function strategySchema(): Json {
  const strategies = Object.keys(STRATEGY_LABELS) as Strategy[];
  return { type: 'string', enum: strategies, enumDescriptions: strategies.map((s) => `${STRATEGY_LABELS[s]}: ${STRATEGY_HELP[s]}`) };
}

/** Every failure type of the catalog, in catalog order (the enum of `policy.overrides` keys and of rule types). */
export function failureTypeEnum(): string[] {
  return [...FAILURE_TYPES];
}

/** The failure types as Markdown code spans, comma-separated, for descriptions. */
export function failureTypeList(): string {
  return FAILURE_TYPES.map((t) => `\`${t}\``).join(', ');
}
