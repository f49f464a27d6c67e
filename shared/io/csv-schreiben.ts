/**
 * Writing `;`-separated CSV for people who open it in a spreadsheet (German Excel, LibreOffice):
 * the one place that quotes fields and keeps text from turning into a formula. Any text that came
 * from outside (a street name, a Hausnummerzusatz, an area's name, a message echoing a cell) and
 * starts with =, +, -, @, tab or CR would be taken for a formula by a spreadsheet ("CSV injection");
 * it gets a leading "'", which spreadsheets show as text. Numbers are written as numbers (decimal
 * comma, the same digits as in JSON), so a negative number is never mistaken for such text.
 */
export type CsvCell = string | number | null | undefined;

/** A number with decimal comma, the same digits as in JSON (no thousands separator). */
export function csvNumber(n: number): string {
  return String(n).replace('.', ',');
}

/** A text field: formula guard first, then quoting where `;`, `"` or a line break needs it. */
export function csvText(s: string): string {
  const t = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[;"\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

/** One field: empty for no value, numbers as numbers, everything else as guarded text. */
export function csvCell(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'number' ? csvNumber(v) : csvText(v);
}

/** One line (without line end). */
export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvCell).join(';');
}
