/**
 * The page's link to the extension host: typed messages both ways ({@link PageMessage} out, {@link HostMessage} in) and
 * the page state VS Code keeps while the panel is hidden or the window reloads (`getState`/`setState`, so the panel
 * needs no `retainContextWhenHidden`).
 */
import type { HostMessage, PageMessage, ViewKind } from '../core/dashboard/protocol';

/** The VS Code API a webview gets (acquireVsCodeApi may be called once). */
interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** A table's sort: column key and direction. */
export interface SortState {
  key: string;
  dir: 'asc' | 'desc';
}

/** What a page remembers across hide/show and reloads. */
export interface PageState {
  view: ViewKind;
  /** The session panel's session. */
  sessionId?: string;
  sort?: SortState;
  filter?: { text: string; health: string; agent: string };
  /** Charts shown as tables (chart id -> true). */
  tables?: Record<string, boolean>;
  scrollY?: number;
}

const api: VsCodeApi =
  typeof acquireVsCodeApi === 'function'
    ? acquireVsCodeApi()
    : // Outside VS Code (the bench page): a stand-in that keeps the state in memory.
      (() => {
        let state: unknown;
        return { postMessage: () => undefined, getState: () => state, setState: (s: unknown) => void (state = s) };
      })();

/** Posts a message to the host. */
export function post(message: PageMessage): void {
  api.postMessage(message);
}

/** The saved state of this page, if it is of this view. */
export function loadState(view: ViewKind): PageState {
  const s = api.getState() as PageState | undefined;
  return s && s.view === view ? s : { view };
}

/** Saves (merges) the page state. */
export function saveState(patch: Partial<PageState>, view: ViewKind): void {
  api.setState({ ...loadState(view), ...patch, view });
}

/** Listens for the host's messages. */
export function onHostMessage(listener: (m: HostMessage) => void): void {
  window.addEventListener('message', (ev: MessageEvent) => {
    const m = ev.data as HostMessage | undefined;
    if (m && typeof m === 'object' && typeof m.type === 'string') {
      listener(m);
    }
  });
}
