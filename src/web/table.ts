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
  /** At most this many rows (the last ones); a note says how many were left out. */
  limit?: number;
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

/** A table element. */
export function renderTable<R>(columns: readonly Column<R>[], rows: readonly R[], opts: TableOptions<R>): HTMLElement {
  const shown = opts.limit !== undefined && rows.length > opts.limit ? rows.slice(rows.length - opts.limit) : rows;
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
  const fragment = document.createDocumentFragment();
  for (const r of shown) {
    const tr = h('tr', opts.rowAttrs?.(r) ?? {});
    for (const c of columns) {
      const v = c.cell ? c.cell(r) : String(c.value(r));
      tr.append(h('td', { class: c.numeric ? 'num' : undefined, 'data-col': c.key }, v));
    }
    fragment.append(tr);
  }
  body.append(fragment);
  if (shown.length === 0) {
    body.append(h('tr', {}, h('td', { colspan: columns.length, class: 'empty', text: opts.empty ?? 'Nothing to show.' })));
  }
  const table = h('table', { class: 'data' }, h('caption', { text: opts.caption }), h('thead', {}, head), body);
  if (shown.length < rows.length) {
    return h('div', {}, h('p', { class: 'note', text: `The last ${shown.length} of ${rows.length} rows.` }), table);
  }
  return table;
}
