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

/** The rows of page `page` (0 = the last `size` rows, 1 = the ones before, ...): [start, end) indices. */
export function pageRange(total: number, size: number, page: number): [number, number] {
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
  const fill = (page: number): void => {
    const [start, end] = pageRange(rows.length, size, page);
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
  const older = h('vscode-button', { secondary: true, 'data-role': 'older', onClick: () => go(page + 1), text: 'Older' });
  const newer = h('vscode-button', { secondary: true, 'data-role': 'newer', onClick: () => go(page - 1), text: 'Newer' });
  const go = (next: number): void => {
    page = Math.min(pages - 1, Math.max(0, next));
    fill(page);
    const [start, end] = pageRange(rows.length, size, page);
    status.textContent = `Rows ${(start + 1).toLocaleString('en')}–${end.toLocaleString('en')} of ${rows.length.toLocaleString('en')}`;
    older.toggleAttribute('disabled', page === pages - 1);
    newer.toggleAttribute('disabled', page === 0);
  };
  go(0);
  return h('div', {}, h('nav', { class: 'pager', 'aria-label': `${opts.caption}: pages` }, older, status, newer), table);
}
