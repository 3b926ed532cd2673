/**
 * Cline as an {@link AgentPlugin}: the VS Code extension (`saoudrizwan.claude-dev`) and the Cline CLI (`cline`), which keep
 * the same task histories (`tasks/<task id>/ui_messages.json`, read by the shared parser in this folder, which Roo Code
 * and Kilo Code use too), and the extension's output channel. Source: the Cline CLI 2.18.0 (`cline --help`, its bundle's
 * slash commands) and runs of it (test/fixtures/cline).
 */
import { type AgentPlugin, DEFAULT_PROMPT_FIX } from '../plugin';
import { clineDataRoots, firstSayIs, taskKind } from './taskKind';

/** Cline's task histories: the extension's global storage and the CLI's `~/.cline/data/tasks`. */
export const clineTaskKind = taskKind({
  id: 'cline',
  agent: 'cline',
  label: 'Cline tasks',
  extensionId: 'saoudrizwan.claude-dev',
  extraRoots: clineDataRoots,
  // The CLI's data folder (`~/.cline/data`, `$CLINE_DIR/data`, `$CLINE_DATA_DIR`): any `.../tasks/<id>/ui_messages.json`
  // outside the Roo Code and Kilo Code extensions' storage.
  claimsOtherPath: (path) =>
    /[\\/]tasks[\\/][^\\/]+[\\/]ui_messages\.json$/.test(path) && !/rooveterinaryinc\.roo-cline|kilocode\.kilo-code/i.test(path),
  // Cline's first message is `say: "task"` (Roo Code and Kilo Code say the task as `text`).
  sniff: (head) => firstSayIs(head, 'task'),
});

/** Cline (`saoudrizwan.claude-dev`, and the `cline` CLI). */
export const clinePlugin: AgentPlugin = {
  id: 'cline',
  displayName: 'Cline',
  programs: ['cline'],
  // `-T, --taskId <id>` resumes a task; `--continue` takes the latest of the folder and names none.
  resume: { flags: ['--taskId', '-T'] },
  kinds: [clineTaskKind],
  // The CLI's slash commands `/smol` (condense the context) and `/clear`; Esc interrupts the turn ("esc to interrupt");
  // `cline --taskId <id>` reopens a task. The extension itself has no terminal: these apply to the CLI only.
  recipe: {
    compact: '/smol',
    clear: '/clear',
    interrupt: 'escape',
    resume: 'cline --taskId ${sessionId}',
    fresh: 'cline',
    promptFix: DEFAULT_PROMPT_FIX,
    // Cline CLI ends the task turn on a limit; the next message "continue" goes on with the task.
    continue: 'continue',
  },
  outputChannels: { defaults: ['Cline'], matches: ['claude-dev', 'cline'] },
  contextWindows: [],
  // No price table: each request's cost is in the task history (`api_req_started.cost`, the extension's own prices).
  prices: [],
  endKeys: ['ctrl-c', 'ctrl-c'],
  // Each failed request is an `api_req_failed` ask or an error say; a hang leaves the request open (test/fixtures/cline/hang).
  unansweredIsHang: true,
};
