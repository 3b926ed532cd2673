/**
 * Settings of detection, the policy, recovery, notifications and the store. Defaults that the engine also has (the
 * policy's repeat window, the loop count, retention...) are read from the core's default configurations, so a default is
 * written once. Pure data module.
 */
import { DEFAULT_ENGINE_CONFIG } from '../../core/engine/config';
import { DEFAULT_POLICY_CONFIG } from '../../core/engine/policy';
import { failureDefinition } from '../../core/model/failures';
import { paletteTitle } from '../commands';
import {
  MINIMUM_SEVERITY_HELP,
  SEVERITIES_HIGHEST_FIRST,
  failureTypeEnum,
  failureTypeList,
  severitySchema,
  strategySchema,
} from '../policy';
import { DAY_MS, HOUR_MS, SettingSpec, settingLink } from '../settingSpec';

/** `recovery.mode`: `off` runs no recovery, `suggest` offers them (asking before ending a process), `auto` runs them. */
export type RecoveryMode = 'off' | 'suggest' | 'auto';

/** The values of `recovery.mode`, in the order the Settings editor offers them. */
export const RECOVERY_MODES: readonly RecoveryMode[] = ['off', 'suggest', 'auto'];

const REPORT = `**${paletteTitle('showReport')}**`;

/** Settings of detection, policy, recovery, notifications and the store. */
export const ENGINE_SETTINGS: readonly SettingSpec[] = [
  {
    key: 'activeSessionWindowHours',
    type: 'number',
    unit: 'hours',
    default: DEFAULT_ENGINE_CONFIG.activeWindowMs / HOUR_MS,
    minimum: 1,
    maximum: 720,
    scope: 'window',
    order: 2,
    markdownDescription: 'Show sessions with activity within this many hours (sessions with an open finding stay listed).',
  },
  {
    key: 'detection.errorRepeatCount',
    type: 'integer',
    unit: 'count',
    default: DEFAULT_POLICY_CONFIG.errorRepeatCount,
    minimum: 2,
    maximum: 100,
    scope: 'window',
    order: 10,
    markdownDescription: `The same failure this many times within ${settingLink('detection.errorWindowSeconds')} raises its severity one level.`,
  },
  {
    key: 'detection.errorWindowSeconds',
    type: 'number',
    unit: 'seconds',
    default: DEFAULT_POLICY_CONFIG.errorWindowMs / 1000,
    minimum: 10,
    maximum: 86_400,
    scope: 'window',
    order: 11,
    markdownDescription: `The window, in seconds, for ${settingLink('detection.errorRepeatCount')}.`,
  },
  {
    key: 'detection.toolLoopCount',
    type: 'integer',
    unit: 'count',
    default: DEFAULT_ENGINE_CONFIG.toolLoopCount,
    minimum: 2,
    maximum: 100,
    scope: 'window',
    order: 12,
    markdownDescription: 'The same tool called with the same input this many times in a row is reported as a loop.',
  },
  {
    key: 'budget.capUsd',
    type: 'number',
    unit: 'USD',
    default: DEFAULT_ENGINE_CONFIG.budgetCapUsd,
    minimum: 0,
    maximum: 1_000_000,
    scope: 'window',
    order: 20,
    markdownDescription: `Per-session cost cap in USD (estimated from token usage and list prices). A session over the cap gets a CRITICAL **${failureDefinition('budget_exceeded').title}** finding. \`0\` turns the cap off.`,
  },
  {
    key: 'recovery.mode',
    type: 'string',
    enum: RECOVERY_MODES,
    default: 'suggest',
    scope: 'window',
    order: 30,
    enumDescriptions: [
      'Never run a recovery; findings are only listed and notified.',
      'Offer recoveries in notifications and the Sessions view; ask before anything that ends the agent.',
      `Run the recommended recovery automatically (at most ${settingLink('recovery.maxAutoRetries')} times per failure type and session, only in a VS Code terminal that runs the agent); no confirmation.`,
    ],
    markdownDescription: 'What Session Doctor may do about a finding.',
  },
  {
    key: 'recovery.maxAutoRetries',
    type: 'integer',
    unit: 'count',
    default: DEFAULT_POLICY_CONFIG.maxAutoRetries,
    minimum: 0,
    maximum: 20,
    scope: 'window',
    order: 31,
    markdownDescription:
      "Recoveries taken for a session's non-critical findings before it escalates to CRITICAL and halts; also the most automatic recoveries per failure type and session in `auto` mode.",
  },
  {
    key: 'notifications.minimumSeverity',
    type: 'string',
    enum: SEVERITIES_HIGHEST_FIRST,
    default: 'CRITICAL',
    scope: 'window',
    order: 40,
    enumDescriptions: SEVERITIES_HIGHEST_FIRST.map((s) => MINIMUM_SEVERITY_HELP[s]),
    markdownDescription: 'Findings at or above this severity show a notification. All findings are listed in the Sessions view.',
  },
  {
    key: 'notifications.cooldownMinutes',
    type: 'number',
    unit: 'minutes',
    default: 10,
    minimum: 0,
    maximum: 1440,
    scope: 'window',
    order: 41,
    markdownDescription:
      'At most one notification per session and failure type within this many minutes (a rise in severity notifies again). `0` turns the cooldown off.',
  },
  {
    key: 'policy.overrides',
    type: 'object',
    default: {},
    scope: 'window',
    order: 50,
    schema: {
      propertyNames: { enum: failureTypeEnum() },
      additionalProperties: {
        type: 'object',
        properties: { severity: severitySchema(), strategy: strategySchema() },
        additionalProperties: false,
      },
    },
    markdownDescription: `Change the severity or recovery strategy of failure types, e.g. \`{ "rate_limit": { "severity": "HIGH" } }\`. Failure types: ${failureTypeList()}. The effective table is in ${REPORT}.`,
  },
  {
    key: 'store.maxEventsPerSession',
    type: 'integer',
    unit: 'count',
    default: DEFAULT_ENGINE_CONFIG.maxEventsPerSession,
    minimum: 100,
    maximum: 100_000,
    scope: 'window',
    order: 70,
    markdownDescription: "Events kept per session in Session Doctor's store (the oldest are dropped first).",
  },
  {
    key: 'store.retentionDays',
    type: 'number',
    unit: 'days',
    default: DEFAULT_ENGINE_CONFIG.retentionMs / DAY_MS,
    minimum: 1,
    maximum: 365,
    scope: 'window',
    order: 71,
    markdownDescription: 'Days events, resolved findings and recovery history are kept.',
  },
  {
    key: 'notifications.groupWindowMs',
    type: 'integer',
    unit: 'ms',
    default: 1500,
    minimum: 0,
    maximum: 10_000,
    scope: 'window',
    order: 120,
    markdownDescription:
      'Findings detected within this many milliseconds of the first one are shown as one notification ("3 findings in 2 sessions: ...") with the worst one\'s recovery buttons. `0` shows each at once.',
  },
  {
    key: 'detection.customRules',
    type: 'array',
    default: [],
    scope: 'window',
    order: 140,
    schema: {
      items: {
        type: 'object',
        required: ['type', 'pattern'],
        properties: {
          type: { type: 'string', enum: failureTypeEnum(), description: 'The built-in failure type a match is reported as.' },
          pattern: {
            type: 'string',
            minLength: 1,
            maxLength: 2000,
            description: 'RE2 regular expression, searched anywhere in the line (no backreferences or lookarounds; linear time).',
          },
          flags: {
            type: 'string',
            pattern: '^[ism]*$',
            default: 'i',
            description: 'i: case-insensitive (default), s: dot matches newline, m: multi-line ^ and $. "" is case-sensitive.',
          },
          severity: severitySchema(),
          strategy: strategySchema(),
        },
        additionalProperties: false,
      },
    },
    markdownDescription: `Your own detection rules, tried before the built-in catalog, e.g. \`[{ "type": "rate_limit", "pattern": "throttled by gateway", "severity": "HIGH" }]\`. \`type\` is a built-in failure type (as in ${settingLink('policy.overrides')}); \`pattern\` is an RE2 regular expression (linear time, so no backreferences or lookarounds); \`severity\` and \`strategy\` (optional) apply to what the rule matched, else the policy table's row does. A rule that does not compile is skipped with a warning naming it. Rules only classify text, so workspace values apply in untrusted workspaces too. The effective rules are in ${REPORT}.`,
  },
];
