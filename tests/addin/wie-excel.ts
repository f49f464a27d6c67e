/**
 * A CSV as a clerk gets it by opening the download in Excel (German settings), for tests of the pane's
 * plans without Excel: the file decoded and split as the CLI reads it (decodeText, csv-parse with `;`,
 * quoted line breaks inside one cell), then each cell as Excel's "Standard" format takes it — whole
 * numbers and German thousands/decimals become numbers (05954 → 5954: the leading zero is gone),
 * TT.MM.JJJJ becomes a date (its serial number, shown as the date), the rest stays text, empty cells
 * are '' as Office.js hands them over. `values` and `texts` are what the gateway loads.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { decodeText } from '../../shared/io/text';
import type { CellValue } from '../../addin/src/plans/types';

/** the grid as `sozialmonitor import tabelle` reads the file (cli/import-commands.ts) */
export function wieCli(file: string): string[][] {
  const { text } = decodeText(readFileSync(file));
  return parse(text, { delimiter: ';', relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
}

const serial = (t: number, m: number, j: number): number => Math.round((Date.UTC(j, m - 1, t) - Date.UTC(1899, 11, 30)) / 86_400_000);

export function wieExcel(file: string): { values: CellValue[][]; texts: string[][] } {
  const cli = wieCli(file);
  const breite = Math.max(...cli.map((r) => r.length));
  const values: CellValue[][] = [];
  const texts: string[][] = [];
  for (const row of cli) {
    const v: CellValue[] = [];
    const t: string[] = [];
    for (let c = 0; c < breite; c++) {
      const s = row[c] ?? '';
      const d = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(s.trim());
      if (d) {
        v.push(serial(Number(d[1]), Number(d[2]), Number(d[3])));
        t.push(s.trim());
      } else if (/^-?(\d+|\d{1,3}(\.\d{3})+)(,\d+)?$/.test(s.trim())) {
        const n = Number(s.trim().replace(/\./g, '').replace(',', '.'));
        v.push(n);
        t.push(String(n));
      } else {
        v.push(s);
        t.push(s);
      }
    }
    values.push(v);
    texts.push(t);
  }
  return { values, texts };
}
