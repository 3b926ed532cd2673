/**
 * The views of the extension: the Session Doctor activity-bar container, its two tree views, and
 * what an empty view shows. package.json `contributes.viewsContainers` / `views` / `viewsWelcome` are generated from here
 * (scripts/manifest.mjs); the ids live in viewIds.ts. Pure data module.
 */
import { COMMAND_IDS, commandLink } from './commands';
import { EXTENSION_TITLE, VIEW_CONTAINER_ID, VIEW_IDS, ViewId } from './viewIds';

const ICON = 'media/session-doctor.svg';

/** `contributes.viewsContainers`. */
export function viewsContainersContribution(): Record<string, unknown> {
  return { activitybar: [{ id: VIEW_CONTAINER_ID, title: EXTENSION_TITLE, icon: ICON }] };
}

/** `contributes.views`: the views of the container, in display order. */
export function viewsContribution(): Record<string, unknown> {
  const view = (id: ViewId, name: string) => ({ id, name, icon: ICON, contextualTitle: EXTENSION_TITLE });
  return {
    [VIEW_CONTAINER_ID]: [
      view(VIEW_IDS.sessions, 'Sessions'),
      view(VIEW_IDS.terminals, 'Terminals'),
      { ...view(VIEW_IDS.fleet, 'Fleet'), visibility: 'collapsed' },
    ],
  };
}

/** `contributes.viewsWelcome`: what an empty view shows, with links that run our commands. */
export function viewsWelcomeContribution(): Record<string, unknown>[] {
  return [
    {
      view: VIEW_IDS.sessions,
      contents: [
        'No agent session was active in the last day.',
        'Session Doctor watches Claude Code transcripts under ~/.claude/projects (or $CLAUDE_CONFIG_DIR/projects) and reports rate limits, context overflow, loops, authentication and budget problems as they happen.',
        commandLink('Inject Test Error', COMMAND_IDS.injectTestError),
        '[Open Settings](command:workbench.action.openSettings?%5B%22sessionDoctor%22%5D)',
        `See what was found so far in the ${commandLink('report', COMMAND_IDS.showReport)} or the ${commandLink('logs', COMMAND_IDS.showLogs)}.`,
      ].join('\n'),
    },
    {
      view: VIEW_IDS.terminals,
      contents: [
        'No terminal is open. Session Doctor reads agent CLIs (claude, codex, gemini, aider, qwen, opencode) that run in VS Code terminals with shell integration, and the output channels of agent extensions.',
        commandLink('Open Terminal Settings', COMMAND_IDS.openShellIntegrationSettings),
      ].join('\n'),
    },
  ];
}
