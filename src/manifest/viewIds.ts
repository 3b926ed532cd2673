/**
 * Ids shared by package.json's contributions and the code: the activity-bar container, its tree views, and the context
 * keys that `when` clauses read. Pure data module.
 */

/** The container's title, and every command's category. */
export const EXTENSION_TITLE = 'Session Doctor';

/** The activity-bar container's id (also the key of its views in `contributes.views`). */
export const VIEW_CONTAINER_ID = 'sessionDoctor';

/** Ids of the tree views. */
export const VIEW_IDS = {
  /** Sessions -> findings -> recoveries. */
  sessions: 'sessionDoctor.sessions',
  /** Open terminals and the output channels read. */
  terminals: 'sessionDoctor.terminals',
  /** Machines of the fleet and their troubled sessions, from Prometheus (src/features/fleet). */
  fleet: 'sessionDoctor.fleet',
} as const;

/** A tree view id. */
export type ViewId = (typeof VIEW_IDS)[keyof typeof VIEW_IDS];

/** The command VS Code creates for every view, which opens and focuses it (e.g. `sessionDoctor.sessions.focus`). */
export function focusCommand(view: ViewId): `${ViewId}.focus` {
  return `${view}.focus`;
}

/** Context keys the extension sets (`setContext`) and `when` clauses read. */
export const CONTEXT_KEYS = {
  /** True while the Sessions view lists at least one session. */
  hasSessions: 'sessionDoctor.hasSessions',
  /** True while a listed session has an open finding. */
  hasOpenFindings: 'sessionDoctor.hasOpenFindings',
} as const;
