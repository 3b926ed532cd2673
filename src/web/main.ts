/**
 * The dashboard pages' entry point (the web bundle dist/web/dashboard.js, built with webpack target `web`): VS Code's
 * controls (@vscode-elements/elements), then the overview or the session page as the body's `data-view` says. The page
 * says `ready` on every load (first open, shown again after being hidden, restored after a reload) and the host answers
 * with everything; after that the host sends updates.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { onHostMessage, post } from './host';
import { OverviewView } from './overview';
import { SessionView } from './session';
import { onThemeChange } from './theme';

function start(): void {
  const root = document.getElementById('app');
  if (!root) {
    return;
  }
  let scrollTimer: ReturnType<typeof setTimeout> | undefined;
  if (document.body.dataset.view === 'session') {
    const view = new SessionView(root, document.body.dataset.sessionId);
    onHostMessage((m) => {
      if (m.type === 'session') {
        view.show(m.model);
      } else if (m.type === 'sessionDelta' && !view.apply(m.delta)) {
        post({ type: 'ready', view: 'session', sessionId: view.sessionId });
      } else if (m.type === 'sessionGone') {
        view.gone(m.sessionId);
      }
    });
    onThemeChange(() => view.redraw());
    window.addEventListener('scroll', () => {
      clearTimeout(scrollTimer);
      scrollTimer = setTimeout(() => view.rememberScroll(), 200);
    });
    post({ type: 'ready', view: 'session', sessionId: view.sessionId });
  } else {
    const view = new OverviewView(root);
    onHostMessage((m) => {
      if (m.type === 'overview') {
        view.show(m.model);
      }
    });
    onThemeChange(() => view.redraw());
    window.addEventListener('scroll', () => {
      clearTimeout(scrollTimer);
      scrollTimer = setTimeout(() => view.rememberScroll(), 200);
    });
    post({ type: 'ready', view: 'overview' });
  }
}

start();
