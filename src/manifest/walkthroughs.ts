/**
 * The Getting Started walkthrough (`contributes.walkthroughs`): what Session Doctor watches, how a failing session looks
 * (the demo, the dashboard), how to set recovery mode and notifications, how to add the Claude Code hooks. The step
 * texts live here; the longer pages are Markdown under media/walkthrough/. Pure data module.
 */
import { COMMAND_IDS, commandLink } from './commands';
import { VIEW_IDS, focusCommand } from './viewIds';

/** The walkthrough's id (`<publisher>.<name>#<id>` opens it). */
export const WALKTHROUGH_ID = 'sessionDoctor.gettingStarted';

/** One step. */
interface StepSpec {
  id: string;
  title: string;
  /** Markdown; a line holding only a `[label](command:...)` link shows as a button. */
  description: string;
  /** A Markdown page (under media/walkthrough/) or an image (light and dark) shown beside the step. */
  media: { markdown: string } | { image: { light: string; dark: string; hc: string }; altText: string };
  /** What ticks the step off. */
  completionEvents: string[];
}

const settingsLink = (label: string, query: string): string =>
  `[${label}](command:workbench.action.openSettings?${encodeURIComponent(JSON.stringify(query))})`;

const STEPS: readonly StepSpec[] = [
  {
    id: 'watch',
    title: 'What Session Doctor watches',
    description:
      "Session Doctor reads your agents' own transcripts (Claude Code, Codex CLI, Gemini CLI, Qwen Code, Aider...), the agent " +
      "CLIs you start in VS Code terminals and agent extensions' output channels, and finds the failures that stall a session: " +
      'rate limits retried forever, a full context window, a tool loop, an expired key, a hang.\n' +
      `[Show the Sessions view](command:${focusCommand(VIEW_IDS.sessions)})`,
    media: { markdown: 'media/walkthrough/watch.md' },
    completionEvents: [`onView:${VIEW_IDS.sessions}`],
  },
  {
    id: 'failingSession',
    title: 'See a failing session',
    description:
      'Run `npm run demo` in a clone of the repository for real failing sessions, or add a sample failure to a session here. ' +
      "The dashboard shows every session over time; a session's panel shows its timeline, its findings and their recoveries.\n" +
      `${commandLink('Inject Test Error', COMMAND_IDS.injectTestError)}\n` +
      `${commandLink('Open Dashboard', COMMAND_IDS.openDashboard)}`,
    media: { markdown: 'media/walkthrough/failing.md' },
    completionEvents: [`onCommand:${COMMAND_IDS.openDashboard}`, `onCommand:${COMMAND_IDS.openSessionPanel}`],
  },
  {
    id: 'recovery',
    title: 'Choose recovery mode and notifications',
    description:
      'Recovery mode says what Session Doctor may do about a finding: `suggest` offers the recovery and asks before anything ' +
      'that ends the agent (the default), `auto` runs the recommended one, `off` only lists and notifies. Notifications start ' +
      'at a minimum severity and keep a cooldown per finding.\n' +
      `${settingsLink('Recovery settings', 'sessionDoctor.recovery')}\n` +
      `${settingsLink('Notification settings', 'sessionDoctor.notifications')}`,
    media: { markdown: 'media/walkthrough/recovery.md' },
    completionEvents: ['onSettingChanged:sessionDoctor.recovery.mode', 'onSettingChanged:sessionDoctor.notifications.minimumSeverity'],
  },
  {
    id: 'hooks',
    title: 'Add the Claude Code hooks',
    description:
      'Claude Code hooks tell Session Doctor what a transcript does not say: that a turn ended and the session waits for you, a ' +
      'permission prompt, a compaction, a turn that ended on an API error. Add the snippet beside this step to ' +
      '`~/.claude/settings.json`.',
    media: { markdown: 'media/walkthrough/hooks.md' },
    completionEvents: [],
  },
];

/** `contributes.walkthroughs`. */
export function walkthroughsContribution(): Record<string, unknown>[] {
  return [
    {
      id: WALKTHROUGH_ID,
      title: 'Get started with Session Doctor',
      description: 'Watch your AI coding agent sessions, see when one is in trouble, and recover it.',
      steps: STEPS.map((s) => ({ ...s, completionEvents: [...s.completionEvents] })),
    },
  ];
}
