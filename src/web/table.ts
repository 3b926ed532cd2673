/**
 * Accessible tables: a caption, column headers with `scope`, numbers right-aligned, and (when sortable) header buttons
 * that sort and announce the order through `aria-sort`. Used for the sessions table and for every chart's table view.
 */
import type { SortState } from './host';
import { announce, h } from './dom';

/** A column of a table of rows `R`. */
export interface Column<R> {
  key: string;
  label: string;
  numeric?: boolean;
  /** The value sorted by (and shown, without `cell`). */
  value(row: R): string | number;
  /** What the cell shows, when it is not the value as text. */
  cell?(row: R): Node | string;
}

/** Options of {@link renderTable}. */
export interface TableOptions<R> {
  caption: string;
  /** Sorting: the current order and what to do when a header is activated. */
  sort?: SortState;
  onSort?(sort: SortState): void;
  /** Extra attributes of a row (data-*, class). */
  rowAttrs?(row: R): Record<string, string>;
  /**
   * Rows per page: a longer table shows its last page (the newest rows) first, with Older/Newer buttons, so a timeline
   * of 10,000 events puts only one page of rows in the page at a time.
   */
  pageSize?: number;
  /**
   * Which page comes first: `end` (default) the last rows, with Older/Newer buttons (a timeline); `start` the first
   * rows, with Previous/Next buttons (a sorted table: its top rows first).
   */
  pageFrom?: 'start' | 'end';
  /** Shown in the body when there is no row. */
  empty?: string;
}

/** Sorts rows by a column (stable; numbers numerically, text by locale). */
export function sortRows<R>(rows: readonly R[], columns: readonly Column<R>[], sort: SortState | undefined): R[] {
  const col = sort && columns.find((c) => c.key === sort.key);
  if (!col || !sort) {
    return rows.slice();
  }
  const sign = sort.dir === 'asc' ? 1 : -1;
  return rows
    .map((r, i) => ({ r, i, v: col.value(r) }))
    .sort((a, b) => {
      const c = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : String(a.v).localeCompare(String(b.v));
      return c * sign || a.i - b.i;
    })
    .map((x) => x.r);
}

/**
 * The rows of page `page`: [start, end) indices. From the end (default): 0 = the last `size` rows, 1 = the ones before,
 * ...; from the start: 0 = the first `size` rows, 1 = the ones after, ...
 */
export function pageRange(total: number, size: number, page: number, from: 'start' | 'end' = 'end'): [number, number] {
  if (from === 'start') {
    const start = Math.min(total, page * size);
    return [start, Math.min(total, start + size)];
  }
  const end = Math.max(0, total - page * size);
  return [Math.max(0, end - size), end];
}

/** A table element. */
export function renderTable<R>(columns: readonly Column<R>[], rows: readonly R[], opts: TableOptions<R>): HTMLElement {
  const size = opts.pageSize !== undefined && opts.pageSize > 0 && rows.length > opts.pageSize ? opts.pageSize : rows.length;
  const pages = size > 0 ? Math.ceil(rows.length / size) : 1;
  const head = h(
    'tr',
    {},
    ...columns.map((c) => {
      const active = opts.sort?.key === c.key;
      const ariaSort = active ? (opts.sort!.dir === 'asc' ? 'ascending' : 'descending') : opts.onSort ? 'none' : undefined;
      const label = opts.onSort
        ? h(
            'button',
            {
              class: 'sort',
              type: 'button',
              onClick: () => {
                const dir = active && opts.sort!.dir === 'desc' ? 'asc' : active ? 'desc' : c.numeric ? 'desc' : 'asc';
                opts.onSort!({ key: c.key, dir });
                announce(`Sorted by ${c.label}, ${dir === 'asc' ? 'ascending' : 'descending'}`);
              },
            },
            c.label,
            h('span', { class: 'sort-mark', 'aria-hidden': 'true', text: active ? (opts.sort!.dir === 'asc' ? ' ▲' : ' ▼') : '' }),
          )
        : c.label;
      return h('th', { scope: 'col', class: c.numeric ? 'num' : undefined, 'aria-sort': ariaSort, 'data-col': c.key }, label);
    }),
  );
  const body = h('tbody');
  const from = opts.pageFrom ?? 'end';
  const fill = (page: number): void => {
    const [start, end] = pageRange(rows.length, size, page, from);
    const fragment = document.createDocumentFragment();
    for (let i = start; i < end; i++) {
      const r = rows[i];
      const tr = h('tr', opts.rowAttrs?.(r) ?? {});
      for (const c of columns) {
        const v = c.cell ? c.cell(r) : String(c.value(r));
        tr.append(h('td', { class: c.numeric ? 'num' : undefined, 'data-col': c.key }, v));
      }
      fragment.append(tr);
    }
    if (rows.length === 0) {
      fragment.append(h('tr', {}, h('td', { colspan: columns.length, class: 'empty', text: opts.empty ?? 'Nothing to show.' })));
    }
    body.replaceChildren(fragment);
  };
  fill(0);
  const table = h('table', { class: 'data' }, h('caption', { text: opts.caption }), h('thead', {}, head), body);
  if (pages <= 1) {
    return table;
  }
  let page = 0;
  const status = h('span', { class: 'note', 'aria-live': 'polite', 'data-role': 'page-status' });
  // From the end the page after is older (left button); from the start the page after is the next one (right button).
  const [backRole, backText, onRole, onText] =
    from === 'end' ? ['newer', 'Newer', 'older', 'Older'] : ['previous', 'Previous', 'next', 'Next'];
  const forward = h('vscode-button', { secondary: true, 'data-role': onRole, onClick: () => go(page + 1), text: onText });
  const back = h('vscode-button', { secondary: true, 'data-role': backRole, onClick: () => go(page - 1), text: backText });
  const go = (next: number): void => {
    page = Math.min(pages - 1, Math.max(0, next));
    fill(page);
    const [start, end] = pageRange(rows.length, size, page, from);
    status.textContent = `Rows ${(start + 1).toLocaleString('en')}–${end.toLocaleString('en')} of ${rows.length.toLocaleString('en')}`;
    forward.toggleAttribute('disabled', page === pages - 1);
    back.toggleAttribute('disabled', page === 0);
  };
  go(0);
  const buttons = from === 'end' ? [forward, status, back] : [back, status, forward];
  return h('div', {}, h('nav', { class: 'pager', 'aria-label': `${opts.caption}: pages` }, ...buttons), table);
}
