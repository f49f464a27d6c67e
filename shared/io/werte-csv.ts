/**
 * Reader for base values in long format, `area;variable;value` with a header row (what
 * `sozialmonitor einwohner aggregieren` writes and what municipalities exchange). csv-parse does
 * the CSV work (quotes, CRLF, BOM); this module maps columns and keeps the file line of every row so
 * that findings can name it. Values are converted as strictly as the validation needs: a clean
 * integer becomes a number, anything else stays text and is reported by the validation.
 */
import { parse } from 'csv-parse/sync';

export interface WerteCsvRow {
  area: string;
  variable: string;
  value: number | string | null;
  /** 1-based line in the file */
  line: number;
}

export class CsvFormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    detail: string,
  ) {
    super(`${file}${line !== null ? `, Zeile ${line}` : ''}: ${detail}`);
    this.name = 'CsvFormatError';
  }
}

const REQUIRED = ['area', 'variable', 'value'] as const;
const ALIASES: Record<string, (typeof REQUIRED)[number]> = {
  area: 'area',
  gebiet: 'area',
  variable: 'variable',
  merkmal: 'variable',
  value: 'value',
  wert: 'value',
};

/** Turns a cell into a number where it is unambiguously one (integers, decimal comma or point). */
export function cellValue(raw: string): number | string | null {
  const s = raw.trim();
  if (s === '') return null;
  if (/^-?[0-9]+$/.test(s)) return Number(s);
  if (/^-?[0-9]+[.,][0-9]+$/.test(s) && !/^-?[0-9]{1,3}\.[0-9]{3}$/.test(s)) return Number(s.replace(',', '.'));
  return s; // e.g. "1.234" (thousands separator or decimal?) stays text: the validation reports it
}

export function parseWerteCsv(text: string, file: string): WerteCsvRow[] {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      delimiter: text.includes(';') ? ';' : ',',
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    const err = e as { lines?: number; message: string };
    throw new CsvFormatError(file, err.lines ?? null, `Die Datei ist kein lesbares CSV (${err.message})`);
  }
  const header = records[0];
  if (!header) throw new CsvFormatError(file, null, 'Die Datei ist leer');
  const columns = header.record.map((h) => ALIASES[h.trim().toLowerCase()]);
  const index = Object.fromEntries(REQUIRED.map((c) => [c, columns.indexOf(c)])) as Record<(typeof REQUIRED)[number], number>;
  const missing = REQUIRED.filter((c) => index[c] < 0);
  if (missing.length > 0) {
    throw new CsvFormatError(file, 1, `Spalte(n) ${missing.map((m) => `„${m}“`).join(', ')} fehlen in der Kopfzeile; erwartet: area;variable;value`);
  }
  return records.slice(1).map(({ record, info }) => ({
    area: (record[index.area] ?? '').trim(),
    variable: (record[index.variable] ?? '').trim(),
    value: cellValue(record[index.value] ?? ''),
    line: info.lines,
  }));
}
