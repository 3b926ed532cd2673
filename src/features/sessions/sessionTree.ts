/**
 * The Sessions tree view (`sessionDoctor.sessions`): sessions -> findings -> recovery actions, over {@link EngineApi}.
 * Refreshes are debounced (the tailers report in bursts) and fire only the changed sessions when the list order holds.
 */
import * as vscode from 'vscode';
import type { SessionSnapshot } from '../../core/model/snapshot';
import type { EngineApi } from '../../host/vscode/engineApi';
import type { ViewRow, ViewSection } from '../../host/vscode/services';
import type { RecipeTable } from '../../core/recovery/recipes';
import { CONTEXT_KEYS, VIEW_IDS } from '../../manifest/viewIds';
import {
  ActionNode,
  ActionTreeItem,
  FindingNode,
  FindingTreeItem,
  RowNode,
  RowTreeItem,
  SessionNode,
  SessionTreeItem,
  TreeNode,
  actionsForFinding,
} from './treeNodes';

/** The id of the Sessions view (src/manifest/viewIds.ts, package.json `contributes.views`). */
export const SESSIONS_VIEW_ID = VIEW_IDS.sessions;

/** Delay between an engine change and the tree refresh, ms. */
export const REFRESH_DEBOUNCE_MS = 200;

/** How often the "3m ago" descriptions are brought up to date while the view is visible, ms. */
const TICK_MS = 60_000;

/** The tree data: reads the engine on demand and caches one snapshot per session between refreshes. */
export class SessionTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  /** Fires with the nodes to refresh (undefined: the whole tree). */
  readonly onDidChangeTreeData = this.emitter.event;

  private readonly sessionNodes = new Map<string, SessionNode>();
  private readonly findingNodes = new Map<number, FindingNode>();
  private readonly cache = new Map<string, SessionSnapshot>();
  private order: string[] = [];
  private pending = new Set<string>();
  private pendingAll = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners: { dispose(): void }[] = [];
  private readonly afterRefresh = new vscode.EventEmitter<SessionSnapshot[]>();
  private readonly sections: ViewSection[] = [];
  /** The rows of the sections as last read, by row id, with their node and parent node. */
  private rows = new Map<string, { row: ViewRow; node: RowNode; parent?: RowNode }>();
  private readonly rowNodes = new Map<string, RowNode>();
  /** Fires after each (debounced) refresh with the shown sessions; the view updates its badge from it. */
  readonly onDidRefresh = this.afterRefresh.event;

  /**
   * @param engine the engine to show.
   * @param now clock, epoch ms (tests pass a fake).
   * @param recipes the effective recovery recipes (`sessionDoctor.recipes` over the defaults), read on each render.
   */
  constructor(
    private readonly engine: EngineApi,
    private readonly now: () => number = Date.now,
    private readonly recipes: () => RecipeTable | undefined = () => undefined,
  ) {
    this.listeners.push(engine.onDidChange((ids) => this.schedule(ids)));
  }

  /** Queues a refresh of the given sessions (empty: everything), run after {@link REFRESH_DEBOUNCE_MS}. */
  schedule(sessionIds: readonly string[]): void {
    if (sessionIds.length === 0) {
      this.pendingAll = true;
    }
    for (const id of sessionIds) {
      this.pending.add(id);
    }
    if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), REFRESH_DEBOUNCE_MS);
    }
  }

  /**
   * Shows a section's rows above the sessions. A change of the section refreshes its top rows only (their children are
   * read again), unless the set of top rows changed. Disposing removes the rows.
   */
  addSection(section: ViewSection): vscode.Disposable {
    this.sections.push(section);
    let top = new Set<string>();
    const sub = section.onDidChange(() => {
      const before = top;
      top = new Set(section.rows().map((r) => r.id));
      const same = before.size === top.size && [...top].every((id) => before.has(id));
      this.readRows();
      const nodes = [...top].map((id) => this.rows.get(id)?.node).filter((n): n is RowNode => n !== undefined);
      this.emitter.fire(same && nodes.length === top.size && top.size > 0 ? nodes : undefined);
    });
    this.readRows();
    this.emitter.fire(undefined);
    return new vscode.Disposable(() => {
      sub.dispose();
      this.sections.splice(this.sections.indexOf(section), 1);
      this.readRows();
      this.emitter.fire(undefined);
    });
  }

  private readRows(): void {
    const rows = new Map<string, { row: ViewRow; node: RowNode; parent?: RowNode }>();
    const visit = (row: ViewRow, parent?: RowNode): void => {
      let node = this.rowNodes.get(row.id);
      if (!node || node.arg !== row.arg) {
        node = { kind: 'row', sessionId: '', rowId: row.id, ...(row.arg !== undefined ? { arg: row.arg } : {}) };
        this.rowNodes.set(row.id, node);
      }
      rows.set(row.id, { row, node, parent });
      for (const c of row.children ?? []) {
        visit(c, node);
      }
    };
    for (const section of this.sections) {
      for (const r of section.rows()) {
        visit(r);
      }
    }
    for (const id of this.rowNodes.keys()) {
      if (!rows.has(id)) {
        this.rowNodes.delete(id);
      }
    }
    this.rows = rows;
  }

  /** Refreshes the whole tree now. */
  refresh(): void {
    this.pendingAll = true;
    this.flush();
  }

  /** The shown sessions as of the last refresh (worst first). */
  sessions(): SessionSnapshot[] {
    return this.order.map((id) => this.cache.get(id)).filter((s): s is SessionSnapshot => s !== undefined);
  }

  private flush(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const changed = [...this.pending];
    const all = this.pendingAll;
    this.pending = new Set();
    this.pendingAll = false;

    const shown = this.engine.snapshot();
    const order = shown.map((s) => s.id);
    const sameOrder = order.length === this.order.length && order.every((id, i) => id === this.order[i]);
    this.cache.clear();
    for (const s of shown) {
      this.cache.set(s.id, s);
    }
    this.order = order;
    this.forgetNodes(shown);

    if (all || !sameOrder) {
      this.emitter.fire(undefined);
    } else {
      const nodes = changed.filter((id) => this.cache.has(id)).map((id) => this.sessionNode(id));
      if (nodes.length > 0) {
        this.emitter.fire(nodes);
      }
    }
    this.afterRefresh.fire(shown);
  }

  /** The stable node of a session. */
  sessionNode(sessionId: string): SessionNode {
    let n = this.sessionNodes.get(sessionId);
    if (!n) {
      n = { kind: 'session', sessionId };
      this.sessionNodes.set(sessionId, n);
    }
    return n;
  }

  /** The stable node of a finding. */
  findingNode(sessionId: string, findingId: number): FindingNode {
    let n = this.findingNodes.get(findingId);
    if (!n) {
      n = { kind: 'finding', sessionId, findingId };
      this.findingNodes.set(findingId, n);
    }
    return n;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) {
      if (this.order.length === 0 && this.cache.size === 0) {
        // First call, before any refresh.
        const shown = this.engine.snapshot();
        this.order = shown.map((s) => s.id);
        for (const s of shown) {
          this.cache.set(s.id, s);
        }
      }
      const top = [...this.rows.values()].filter((r) => !r.parent).map((r) => r.node);
      return [...top, ...this.order.map((id) => this.sessionNode(id))];
    }
    if (node.kind === 'row') {
      return (this.rows.get(node.rowId)?.row.children ?? [])
        .map((c) => this.rows.get(c.id)?.node)
        .filter((n): n is RowNode => n !== undefined);
    }
    const s = this.snapshotOf(node.sessionId);
    if (!s) {
      return [];
    }
    if (node.kind === 'session') {
      return s.findings.map((f) => this.findingNode(s.id, f.id));
    }
    if (node.kind === 'finding') {
      const f = s.findings.find((x) => x.id === node.findingId);
      return f
        ? actionsForFinding(f, s, this.now(), this.recipes()).map((action): ActionNode => ({
            kind: 'action',
            sessionId: s.id,
            findingId: f.id,
            action,
          }))
        : [];
    }
    return [];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (node.kind === 'row') {
      const r = this.rows.get(node.rowId);
      return r ? new RowTreeItem(node, r.row) : new vscode.TreeItem('(row no longer shown)');
    }
    const s = this.snapshotOf(node.sessionId);
    const now = this.now();
    if (!s) {
      return new vscode.TreeItem('(session no longer shown)');
    }
    if (node.kind === 'session') {
      return new SessionTreeItem(node, s, now, this.recipes());
    }
    const f = s.findings.find((x) => x.id === node.findingId);
    if (!f) {
      return new vscode.TreeItem('(finding no longer shown)');
    }
    return node.kind === 'finding' ? new FindingTreeItem(node, f, s, now, this.recipes()) : new ActionTreeItem(node, f, s, this.recipes());
  }

  getParent(node: TreeNode): TreeNode | undefined {
    switch (node.kind) {
      case 'session':
        return undefined;
      case 'finding':
        return this.sessionNode(node.sessionId);
      case 'action':
        return this.findingNode(node.sessionId, node.findingId);
      case 'row':
        return this.rows.get(node.rowId)?.parent;
    }
  }

  /** The cached snapshot of a session, read from the engine when not cached. */
  snapshotOf(sessionId: string): SessionSnapshot | undefined {
    let s = this.cache.get(sessionId);
    if (!s) {
      s = this.engine.session(sessionId);
      if (s) {
        this.cache.set(sessionId, s);
      }
    }
    return s;
  }

  private forgetNodes(shown: readonly SessionSnapshot[]): void {
    const sessions = new Set(shown.map((s) => s.id));
    const findings = new Set(shown.flatMap((s) => s.findings.map((f) => f.id)));
    for (const id of this.sessionNodes.keys()) {
      if (!sessions.has(id)) {
        this.sessionNodes.delete(id);
      }
    }
    for (const id of this.findingNodes.keys()) {
      if (!findings.has(id)) {
        this.findingNodes.delete(id);
      }
    }
  }

  dispose(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
    }
    for (const l of this.listeners) {
      l.dispose();
    }
    this.emitter.dispose();
    this.afterRefresh.dispose();
  }
}

/**
 * The Sessions view: the provider, the `TreeView` (badge = sessions needing attention, message when recovery is off),
 * the context keys `sessionDoctor.hasSessions` / `sessionDoctor.hasOpenFindings` and a minute tick for the relative times.
 */
export class SessionTree implements vscode.Disposable {
  readonly provider: SessionTreeProvider;
  readonly view: vscode.TreeView<TreeNode>;
  private readonly disposables: vscode.Disposable[] = [];
  private recoveryOff = false;

  constructor(engine: EngineApi, now: () => number = Date.now, recipes: () => RecipeTable | undefined = () => undefined) {
    this.provider = new SessionTreeProvider(engine, now, recipes);
    this.view = vscode.window.createTreeView(SESSIONS_VIEW_ID, { treeDataProvider: this.provider, showCollapseAll: true });
    this.disposables.push(
      this.provider,
      this.view,
      this.provider.onDidRefresh((shown) => this.update(shown)),
    );
    const tick = setInterval(() => {
      if (this.view.visible) {
        this.provider.refresh();
      }
    }, TICK_MS);
    this.disposables.push(new vscode.Disposable(() => clearInterval(tick)));
    this.provider.refresh();
  }

  /** Shows a message above the tree while `recovery.mode` is `off`. */
  setRecoveryOff(off: boolean): void {
    this.recoveryOff = off;
    this.update(this.provider.sessions());
  }

  /** Reveals, selects and focuses a session (and one of its findings), opening the view. */
  async reveal(sessionId: string, findingId?: number): Promise<void> {
    const s = this.provider.snapshotOf(sessionId);
    if (!s) {
      return;
    }
    const node =
      findingId !== undefined && s.findings.some((f) => f.id === findingId)
        ? this.provider.findingNode(sessionId, findingId)
        : this.provider.sessionNode(sessionId);
    await this.view.reveal(node, { select: true, focus: true, expand: 1 });
  }

  private update(shown: readonly SessionSnapshot[]): void {
    const troubled = shown.filter((s) => s.health !== 'ok').length;
    this.view.badge =
      troubled > 0 ? { value: troubled, tooltip: `${troubled} session${troubled === 1 ? ' needs' : 's need'} attention` } : undefined;
    this.view.message =
      this.recoveryOff && shown.length > 0
        ? 'Recovery is off (setting Session Doctor › Recovery: Mode); findings are listed but no recovery runs.'
        : undefined;
    this.setContext(CONTEXT_KEYS.hasSessions, shown.length > 0);
    this.setContext(
      CONTEXT_KEYS.hasOpenFindings,
      shown.some((s) => s.findings.some((f) => f.status === 'open')),
    );
  }

  private readonly contextKeys = new Map<string, boolean>();

  /** Sets a context key (used in package.json `when` clauses) when its value changed. */
  private setContext(key: string, value: boolean): void {
    if (this.contextKeys.get(key) !== value) {
      this.contextKeys.set(key, value);
      void vscode.commands.executeCommand('setContext', key, value);
    }
  }

  dispose(): void {
    for (const d of this.disposables.reverse()) {
      d.dispose();
    }
  }
}
