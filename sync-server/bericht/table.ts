/** Sortable table: click on a column head sorts; "." for suppressed cells (official sign). */
import { anzahl, wert, zahl } from '../../shared/format/zahlen';

export interface Column<T> {
  label: string;
  value: (row: T) => string | number | null;
  numeric?: boolean;
  /** decimals of a numeric column (a Kennzahl's `nachkommastellen`); without: counts as counts */
  stellen?: number;
}

// the one number format of report and export (shared/format/zahlen.ts)
const fmt = (v: string | number | null, stellen?: number): string => (v === null ? wert(null) : typeof v === 'number' ? (stellen === undefined ? anzahl(v) : zahl(v, stellen)) : v);

export function sortableTable<T>(host: HTMLElement, columns: Column<T>[], rows: T[], caption: string): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'tabelle';
  const cap = document.createElement('caption');
  cap.textContent = caption;
  const head = document.createElement('thead');
  const hr = document.createElement('tr');
  const body = document.createElement('tbody');
  let sortBy = -1;
  let asc = true;
  const render = () => {
    const sorted = sortBy < 0 ? rows : [...rows].sort((a, b) => {
      const x = columns[sortBy]!.value(a);
      const y = columns[sortBy]!.value(b);
      // Suppressed cells ('.') always last, whatever the direction.
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'de');
      return asc ? c : -c;
    });
    body.replaceChildren(...sorted.map((r) => {
      const tr = document.createElement('tr');
      for (const c of columns) {
        const td = document.createElement('td');
        const v = c.value(r);
        td.textContent = fmt(v, c.stellen);
        if (c.numeric) td.className = 'zahl';
        tr.appendChild(td);
      }
      return tr;
    }));
  };
  columns.forEach((c, i) => {
    const th = document.createElement('th');
    th.scope = 'col';
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = c.label;
    b.addEventListener('click', () => {
      asc = sortBy === i ? !asc : true;
      sortBy = i;
      hr.querySelectorAll('th').forEach((o) => o.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      render();
    });
    th.appendChild(b);
    hr.appendChild(th);
  });
  head.appendChild(hr);
  table.append(cap, head, body);
  render();
  host.appendChild(table);
  return table;
}
