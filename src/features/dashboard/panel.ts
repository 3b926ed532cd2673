/**
 * What the two dashboard panels share: the webview's HTML, the page's messages (validated, then `ready` answered by the
 * panel and the rest run as page actions), and live updates debounced from the engine's changes and skipped while the
 * panel is hidden (without `retainContextWhenHidden` a hidden page does not exist; it says `ready` again when shown).
 */
import * as vscode from 'vscode';
import type { LiveSample } from '../../core/alerting/limitTrend';
import { HostMessage, PageMessage, ViewKind, parsePageMessage } from '../../core/dashboard/protocol';
import type { Engine } from '../../core/engine/engine';
import type { FileAccess } from '../../core/ingest/tailer';
import type { ConcurrencyWatch } from '../../host/vscode/concurrencyWatch';
import type { ConfigService } from '../../host/vscode/configService';
import { SHOW_LOGS, notify } from '../../host/vscode/notify';
import type { SourcesService } from '../../host/vscode/services';
import { runPageAction } from './pageActions';
import { pageHtml, webviewOptions } from './webviewHtml';

/** What a panel needs. */
export interface DashboardDeps {
  extensionUri: vscode.Uri;
  engine: Engine;
  config: ConfigService;
  concurrency: ConcurrencyWatch;
  sources: SourcesService;
  fs: FileAccess;
  log: vscode.LogOutputChannel;
  /** Live counts measured since activation. */
  samples(): readonly LiveSample[];
  openOverview(): void;
  openSession(sessionId: string, preserveFocus?: boolean): void;
}

/** A dashboard webview panel. */
export abstract class DashboardPanel implements vscode.Disposable {
  protected readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private readonly onDisposeListeners: (() => void)[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    protected readonly deps: DashboardDeps,
    private readonly view: ViewKind,
    private readonly debounceMs: number,
  ) {
    panel.webview.options = webviewOptions(deps.extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      panel.onDidChangeViewState(() => {
        if (panel.visible) {
          this.schedule();
        }
      }),
    );
  }

  /** Sets the page's HTML (the page then says `ready`). */
  protected load(title: string, sessionId?: string): void {
    this.panel.title = title;
    this.panel.webview.html = pageHtml(this.panel.webview, this.deps.extensionUri, this.view, title, sessionId);
  }

  /** Runs `fn` when the panel is disposed. */
  onDidDispose(fn: () => void): void {
    this.onDisposeListeners.push(fn);
  }

  /** Posts a message to the page; false when the page is not there (hidden, or disposed). */
  protected post(message: HostMessage): Thenable<boolean> {
    if (this.disposed) {
      return Promise.resolve(false);
    }
    return this.panel.webview.postMessage(message);
  }

  /** The page (re)loaded: send it everything. */
  protected abstract onReady(msg: Extract<PageMessage, { type: 'ready' }>): Promise<void>;

  /** Sends what changed since the last post. Called debounced, only while visible. */
  protected abstract update(): Promise<void>;

  /** Schedules {@link update} after the debounce delay (merging the calls in between). */
  schedule(): void {
    if (this.timer !== undefined || this.disposed) {
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.panel.visible && !this.disposed) {
        this.update().catch((err) => this.deps.log.error(`Dashboard update failed: ${String(err)}`, err));
      }
    }, this.debounceMs);
  }

  private async receive(raw: unknown): Promise<void> {
    const msg = parsePageMessage(raw);
    if (!msg) {
      this.deps.log.warn(`Dashboard: ignored a malformed message from the page: ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    try {
      if (msg.type === 'ready') {
        // At startup a restored panel asks before the sources have caught up: answer with the sessions read.
        await this.deps.sources.ready.catch(() => undefined);
        await this.onReady(msg);
      } else {
        await runPageAction(msg, {
          session: (id) => this.deps.engine.session(id),
          fs: this.deps.fs,
          openOverview: () => this.deps.openOverview(),
          openSession: (id) => this.deps.openSession(id),
        });
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.deps.log.error(`Dashboard: ${msg.type} failed: ${message}`, err);
      void notify('error', `Session Doctor: ${message}`, [SHOW_LOGS], { log: this.deps.log });
    }
  }

  dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    this.panel.dispose();
    this.disposables.forEach((d) => d.dispose());
    this.onDisposeListeners.forEach((fn) => fn());
  }
}
