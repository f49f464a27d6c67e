/**
 * Tables as CSV for spreadsheets (`Accept: text/csv`), in the form German Excel and LibreOffice
 * open with a double click: UTF-8 with byte order mark, `;` between fields, decimal comma, CRLF.
 * The numbers are the JSON's numbers digit for digit, only with "," for "."; a suppressed value
 * (status "gesperrt") is the sign "." as in the printed tables; a missing value is an empty field.
 * Text that a spreadsheet would take for a formula (=, +, -, @ at the start) gets a leading "'".
 */
export const CSV_TYPE = 'text/csv; charset=utf-8; header=present';

export type CsvCell = string | number | null | undefined;

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
  return typeof v === 'number' ? csvNumber(v) : csvText(v);
}

/** The whole file: header line and rows. */
export function toCsv(header: string[], rows: Iterable<CsvCell[]>): string {
  const lines = [header.map(cell).join(';')];
  for (const r of rows) lines.push(r.map(cell).join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
