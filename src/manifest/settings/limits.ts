/**
 * Settings of usage limits: resume at reset (what happens when a session halted by a usage limit can go on), the gap
 * between two resumes of one account, the random delay after the reset, and whether an ended agent is started again in a new terminal. Pure data module.
 */
import { failureDefinition } from '../../core/model/failures';
import { RESUME_AT_RESET_MODES } from '../../core/recovery/resumeAtReset';
import { SettingSpec, settingLink } from '../settingSpec';

/** Settings of usage limits and resume at reset. */
export const LIMITS_SETTINGS: readonly SettingSpec[] = [
  {
    key: 'recovery.resumeAtReset',
    type: 'string',
    enum: RESUME_AT_RESET_MODES,
    default: 'ask',
    scope: 'machine-overridable',
    order: 32,
    restricted: true,
    enumDescriptions: [
      'Never schedule a resume; the session stays halted until you act.',
      `At the reset time (plus a random delay of up to ${settingLink('recovery.resumeJitterSeconds')}) show a notification with **Resume** / **Not now**.`,
      `At the reset time (plus a random delay of up to ${settingLink('recovery.resumeJitterSeconds')}) type the agent's continue text (its recipe's \`continue\`) into the VS Code terminal that still runs it; sessions of one account go ${settingLink('recovery.resumeGapSeconds')} apart. A session that hits the limit again right after is not retried.`,
    ],
    markdownDescription: `What happens when a session halted by **${failureDefinition('quota_exhausted').title}** reaches the time its limit resets. The Sessions view shows the countdown; **Cancel Resume at Reset** stops it. Every scheduled, done or cancelled resume is in the audit log.`,
  },
  {
    key: 'recovery.resumeGapSeconds',
    type: 'integer',
    unit: 'seconds',
    default: 60,
    minimum: 0,
    maximum: 3600,
    scope: 'window',
    order: 33,
    markdownDescription: `Least time between two resumes of sessions of the same account at a reset (no burst of rate limits right after it); see ${settingLink('recovery.resumeAtReset')}.`,
  },
  {
    key: 'recovery.resumeJitterSeconds',
    type: 'integer',
    unit: 'seconds',
    default: 30,
    minimum: 0,
    maximum: 600,
    scope: 'window',
    order: 34,
    markdownDescription: `Largest random delay added to the reset time before a resume (each resume waits a random 0 to this many seconds after its limit resets), so that machines and sessions do not all send their next request in the same second; 0 resumes exactly at the reset. See ${settingLink('recovery.resumeAtReset')}.`,
  },
  {
    key: 'recovery.resumeInNewTerminal',
    type: 'boolean',
    default: false,
    scope: 'machine-overridable',
    order: 35,
    restricted: true,
    markdownDescription: `In \`auto\` mode of ${settingLink('recovery.resumeAtReset')}: when no VS Code terminal runs the halted agent any more, start its resume command (the recipe's \`resume\`, e.g. \`claude --resume <id>\`) in a new terminal. Off: such a resume is logged as failed. In \`ask\` mode the notification offers **Resume in New Terminal** instead.`,
  },
];
