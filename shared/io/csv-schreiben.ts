/**
 * Writing `;`-separated CSV for people who open it in a spreadsheet (German Excel, LibreOffice):
 * the one place that quotes fields and keeps text from turning into a formula. Any text that came
 * from outside (a street name, a Hausnummerzusatz, an area's name, a message echoing a cell) and
 * starts with =, +, -, @, tab or CR would be taken for a formula by a spreadsheet ("CSV injection");
 * it gets a leading "'", which spreadsheets show as text. Numbers are written as numbers (decimal
 * comma, the same digits as in JSON), so a negative number is never mistaken for such text.
 */
import { zahlFuerDatei } from '../format/zahlen';

/** A number printed with `stellen` decimals (as the report prints it, zahlFuerDatei); without: exact. */
export interface Gerundet {
  zahl: number;
  stellen?: number;
}

export type CsvCell = string | number | Gerundet | null | undefined;

/** A number with decimal comma, the same digits as in JSON (no thousands separator). */
export function csvNumber(n: number): string {
  return String(n).replace('.', ',');
}

/** A text field: formula guard first, then quoting where `;`, `"` or a line break needs it. */
export function csvText(s: string): string {
  const t = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[;"\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

/** One field: empty for no value, numbers as numbers (told apart by type, never by text), text guarded. */
export function csvCell(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return csvNumber(v);
  return typeof v === 'string' ? csvText(v) : zahlFuerDatei(v.zahl, v.stellen);
}

/** One line (without line end). */
export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvCell).join(';');
}

/** A whole file as German Excel opens it with a double click: byte order mark, header line, CRLF. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const lines = [csvLine(header)];
  for (const r of rows) lines.push(csvLine(r));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
