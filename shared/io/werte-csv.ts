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
  /** the Berichtsjahr of the row when the file has a column `period` (also `periode`, `jahr`); absent otherwise */
  period?: string;
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
const ALIASES: Record<string, (typeof REQUIRED)[number] | 'period'> = {
  period: 'period',
  periode: 'period',
  jahr: 'period',
  berichtsjahr: 'period',
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
  const periodIndex = columns.indexOf('period');
  const missing = REQUIRED.filter((c) => index[c] < 0);
  if (missing.length > 0) {
    throw new CsvFormatError(file, 1, `Spalte(n) ${missing.map((m) => `„${m}“`).join(', ')} fehlen in der Kopfzeile; erwartet: area;variable;value`);
  }
  return records.slice(1).map(({ record, info }) => ({
    area: (record[index.area] ?? '').trim(),
    variable: (record[index.variable] ?? '').trim(),
    value: cellValue(record[index.value] ?? ''),
    ...(periodIndex >= 0 ? { period: (record[periodIndex] ?? '').trim() } : {}),
    line: info.lines,
  }));
}

/**
 * The one Berichtsjahr of a values file: from its column `period` if it has one (every row the same
 * year; a year given on the command line must agree), else the year given (`angegeben`, may be
 * undefined). A file mixing years is refused: its values would otherwise be filed under one year.
 */
export function periodeDerDatei(rows: readonly WerteCsvRow[], file: string, angegeben: string | undefined, option = '--periode'): string | undefined {
  if (rows.length === 0 || rows[0]!.period === undefined) return angegeben;
  const jahre = new Map<string, number>();
  for (const r of rows) {
    if (!/^(19|20)[0-9]{2}$/.test(r.period ?? '')) {
      throw new CsvFormatError(file, r.line, `„${r.period}“ in der Spalte period ist kein Berichtsjahr; erwartet wird z. B. 2024`);
    }
    if (!jahre.has(r.period!)) jahre.set(r.period!, r.line);
  }
  if (jahre.size > 1) {
    const [a, b] = [...jahre.entries()];
    throw new CsvFormatError(file, b![1], `Die Datei enthält mehrere Berichtsjahre (${[...jahre.keys()].join(', ')}; ${b![0]} zuerst in Zeile ${b![1]}, ${a![0]} in Zeile ${a![1]}); bitte je Berichtsjahr eine Datei`);
  }
  const jahr = [...jahre.keys()][0]!;
  if (angegeben !== undefined && angegeben !== jahr) {
    throw new CsvFormatError(file, null, `Laut Spalte period gehören die Werte zum Berichtsjahr ${jahr}, angegeben ist ${option} ${angegeben}; bitte prüfen, welches Jahr stimmt`);
  }
  return jahr;
}
