/**
 * The one CSV writer of the server (the API's `Accept: text/csv` and the report's export.csv), in
 * the form German Excel and LibreOffice open with a double click: UTF-8 with byte order mark, `;`
 * between fields, decimal comma, CRLF. A number cell (type number) is the JSON's number digit for
 * digit, only with "," for "."; a `Gerundet` cell is a number printed with a fixed number of
 * decimals (as the report prints it); a suppressed value is the sign "." as in the printed tables; a
 * missing value is an empty field.
 * Text that a spreadsheet would take for a formula (=, +, -, @, tab or CR at the start) gets a
 * leading "'" (CSV injection): names of areas and Kennzahlen come from uploads. Numbers are told
 * apart by their type, never by their text, so -3,5 stays a number and "-3,5" as text is guarded.
 */
import { zahlFuerDatei } from '../../shared/format/zahlen';

export const CSV_TYPE = 'text/csv; charset=utf-8; header=present';

/** A number printed with `stellen` decimals (shared/format/zahlen.ts zahlFuerDatei); without: exact. */
export interface Gerundet {
  zahl: number;
  stellen?: number;
}

export type CsvCell = string | number | Gerundet | null | undefined;

/** A number with decimal comma, the same digits as in JSON. */
export function csvNumber(n: number): string {
  return String(n).replace('.', ',');
}

function csvText(s: string): string {
  const t = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[;"\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

function cell(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return csvNumber(v);
  return typeof v === 'string' ? csvText(v) : zahlFuerDatei(v.zahl, v.stellen);
}

/** The whole file: header line and rows. */
export function toCsv(header: string[], rows: Iterable<CsvCell[]>): string {
  const lines = [header.map(cell).join(';')];
  for (const r of rows) lines.push(r.map(cell).join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
