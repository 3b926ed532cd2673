/**
 * Settings of session health (the stuck watchdog, the marathon limit, context pressure) and of the fleet (concurrency
 * limit and idle cleanup). Defaults come from the core's `DEFAULT_HEALTH_CONFIG` and `DEFAULT_CONCURRENCY_SETTINGS`,
 * converted to the settings' units. Pure data module.
 */
import { DEFAULT_CONCURRENCY_SETTINGS } from '../../core/alerting/concurrency';
import { DEFAULT_HEALTH_CONFIG } from '../../core/engine/activity';
import { failureDefinition } from '../../core/model/failures';
import { commandSpec, paletteTitle } from '../commands';
import { HOUR_MS, MINUTE_MS, SettingSpec, settingLink } from '../settingSpec';

/** Settings of session health and of the fleet. */
export const HEALTH_SETTINGS: readonly SettingSpec[] = [
  {
    key: 'watchdog.stuckMinutes',
    type: 'number',
    unit: 'minutes',
    default: DEFAULT_HEALTH_CONFIG.stuckMs / MINUTE_MS,
    minimum: 1,
    maximum: 1440,
    scope: 'window',
    order: 100,
    markdownDescription:
      'A session whose last prompt or tool result has had no assistant response for this many minutes, while its agent still runs, is **stuck** (HIGH; CRITICAL with API errors in the last 30 minutes). Recovery: interrupt and resume. Sessions waiting for you (the agent answered) are never stuck.',
  },
  {
    key: 'sessions.maxMessages',
    type: 'integer',
    unit: 'count',
    default: DEFAULT_HEALTH_CONFIG.maxMessages,
    minimum: 0,
    maximum: 100_000,
    scope: 'window',
    order: 101,
    markdownDescription: `Messages per session (prompts, assistant messages, tool results; not metadata) before a **${failureDefinition('marathon_session').title}** finding recommends to checkpoint and rotate (compact, or restart with resume). Shown as \`count / limit\` in the Sessions view. \`0\` means unlimited.`,
  },
  {
    key: 'sessions.warnPercent',
    type: 'number',
    unit: 'percent',
    default: DEFAULT_HEALTH_CONFIG.messageWarnPercent,
    minimum: 50,
    maximum: 100,
    scope: 'window',
    order: 102,
    markdownDescription: `Warn (MEDIUM, with the messages remaining) when a session reaches this percentage of ${settingLink('sessions.maxMessages')}; at the limit the finding is HIGH.`,
  },
  {
    key: 'sessions.idleResetMinutes',
    type: 'number',
    unit: 'minutes',
    default: DEFAULT_HEALTH_CONFIG.idleResetMs / MINUTE_MS,
    minimum: 0,
    maximum: 43_200,
    scope: 'window',
    order: 103,
    markdownDescription:
      'A session idle for longer than this many minutes starts its message count again (reset reason `idle`, listed in the report). `0` turns the idle reset off.',
  },
  {
    key: 'sessions.dailyResetHour',
    type: 'integer',
    unit: 'hour of day',
    default: DEFAULT_HEALTH_CONFIG.dailyResetHour,
    minimum: -1,
    maximum: 23,
    scope: 'window',
    order: 104,
    markdownDescription:
      "Local hour (0-23) after which the first message of a new day starts the session's message count again (reset reason `daily`). `-1` turns the daily reset off. A compaction near the limit resets the count too (reason `message_limit`).",
  },
  {
    key: 'context.warnPercent',
    type: 'number',
    unit: 'percent',
    default: DEFAULT_HEALTH_CONFIG.contextWarnPercent,
    minimum: 50,
    maximum: 100,
    scope: 'window',
    order: 105,
    markdownDescription: `Warn (**${failureDefinition('context_pressure').title}**, MEDIUM; HIGH from 95 %) when the latest response used this percentage of the model's context window, with the turns left at the recent growth, so you can compact before the overflow. The windows per model are in \`src/core/agents/contextWindows.ts\`.`,
  },
  {
    key: 'concurrency.limit',
    type: 'integer',
    unit: 'count',
    default: DEFAULT_CONCURRENCY_SETTINGS.limit,
    minimum: 0,
    maximum: 1000,
    scope: 'window',
    order: 121,
    markdownDescription:
      "Live agent sessions allowed across every source (your plan's or API key's concurrency, or what you can supervise). Notices at 65 %, warnings at 80 %, critical alerts at 90 % (repeated at most every 30, 15 and 5 minutes; a higher tier silences the lower ones). `0` turns the tiers off.",
  },
  {
    key: 'concurrency.liveWindowMinutes',
    type: 'number',
    unit: 'minutes',
    default: DEFAULT_CONCURRENCY_SETTINGS.liveWindowMs / MINUTE_MS,
    minimum: 1,
    maximum: 1440,
    scope: 'window',
    order: 122,
    markdownDescription: `A session counts as live when its agent process runs, or when it had activity within this many minutes (and its process did not end). Keep it above ${settingLink('concurrency.idleCleanupHours')} so idle sessions can be cleaned up.`,
  },
  {
    key: 'concurrency.idleCleanupHours',
    type: 'number',
    unit: 'hours',
    default: DEFAULT_CONCURRENCY_SETTINGS.idleCleanupMs / HOUR_MS,
    minimum: 0.25,
    maximum: 168,
    scope: 'window',
    order: 123,
    markdownDescription: `Live sessions idle for this many hours or more are cleanup candidates (**${paletteTitle('cleanUpIdleSessions')}**). Priority sessions never are.`,
  },
  {
    key: 'concurrency.headroom',
    type: 'integer',
    unit: 'count',
    default: DEFAULT_CONCURRENCY_SETTINGS.headroom,
    minimum: 0,
    maximum: 1000,
    scope: 'window',
    order: 124,
    markdownDescription: `Free slots under ${settingLink('concurrency.limit')} the cleanup aims to keep: the longest-idle candidates needed to get there are preselected.`,
  },
  {
    key: 'concurrency.prioritySessions',
    type: 'array',
    items: { type: 'string' },
    default: [...DEFAULT_CONCURRENCY_SETTINGS.prioritySessions],
    scope: 'window',
    order: 125,
    markdownDescription: `Sessions cleanup never closes: a project, title or session id (or its first 8+ characters), a glob with \`*\` and \`?\` (e.g. \`release-*\`), or \`/regex/\` in RE2 syntax; case-insensitive. Sessions can also be marked with **${commandSpec('markPriority').title}** in the Sessions view.`,
  },
];
