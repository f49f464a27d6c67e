import { CsvFormatError, cellValue, decodeText, parseWerteCsv } from '../../shared';
import { periodeDerDatei } from '../../shared/io/werte-csv';

describe('decodeText', () => {
  it('reads UTF-8 and drops a BOM', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('Gemeindeteil Büttenberg')]);
    expect(decodeText(bytes)).toEqual({ text: 'Gemeindeteil Büttenberg', encoding: 'utf-8' });
  });
  it('falls back to Windows-1252 for ISO-8859-1 exports', () => {
    // "Straße" in Latin-1: ß = 0xDF, which is not valid UTF-8 on its own
    const bytes = new Uint8Array([0x53, 0x74, 0x72, 0x61, 0xdf, 0x65]);
    expect(decodeText(bytes)).toEqual({ text: 'Straße', encoding: 'windows-1252' });
  });
});

describe('cellValue', () => {
  it.each([
    ['12', 12],
    [' 7 ', 7],
    ['-3', -3],
    ['12,5', 12.5],
    ['0.5', 0.5],
    ['', null],
    ['1.234', '1.234'],
    ['zwölf', 'zwölf'],
  ])('%p -> %p', (raw, expected) => {
    expect(cellValue(raw)).toEqual(expected);
  });
});

describe('parseWerteCsv', () => {
  it('maps columns by name (any order, German aliases), keeps file lines, handles CRLF and quotes', () => {
    const text = '\uFEFFwert;merkmal;gebiet\r\n120;bevoelkerung;"05954036-01"\r\n\r\n;bev_weiblich;05954036-01\r\n';
    expect(parseWerteCsv(text, 'w.csv')).toEqual([
      { area: '05954036-01', variable: 'bevoelkerung', value: 120, line: 2 },
      { area: '05954036-01', variable: 'bev_weiblich', value: null, line: 4 },
    ]);
  });
  it('accepts a comma as delimiter when there is no semicolon', () => {
    expect(parseWerteCsv('area,variable,value\n05954,geburten,3\n', 'w.csv')).toEqual([
      { area: '05954', variable: 'geburten', value: 3, line: 2 },
    ]);
  });
  it('names the file and the missing columns', () => {
    expect(() => parseWerteCsv('area;value\nx;1\n', 'meine.csv')).toThrow(CsvFormatError);
    expect(() => parseWerteCsv('area;value\nx;1\n', 'meine.csv')).toThrow('meine.csv, Zeile 1: Spalte(n) „variable“ fehlen');
  });
  it('names the file and line of a broken quote', () => {
    expect(() => parseWerteCsv('area;variable;value\n"x;y;1\n', 'kaputt.csv')).toThrow(/^kaputt\.csv.*kein lesbares CSV/);
  });
  it('rejects an empty file', () => {
    expect(() => parseWerteCsv('', 'leer.csv')).toThrow('leer.csv: Die Datei ist leer');
  });
});

describe('Berichtsjahr from a column period', () => {
  it('reads the column (also „jahr“) and gives the one year of the file', () => {
    const rows = parseWerteCsv('Gebiet;Merkmal;Wert;Jahr\n05954036;bevoelkerung;10;2019\n05954004;bevoelkerung;5;2019\n', 'a.csv');
    expect(rows[0]).toEqual({ area: '05954036', variable: 'bevoelkerung', value: 10, period: '2019', line: 2 });
    expect(periodeDerDatei(rows, 'a.csv', undefined)).toBe('2019');
    expect(periodeDerDatei(rows, 'a.csv', '2019')).toBe('2019');
    // without the column: the year given (or none)
    const ohne = parseWerteCsv('area;variable;value\n05954036;bevoelkerung;10\n', 'b.csv');
    expect(periodeDerDatei(ohne, 'b.csv', '2024')).toBe('2024');
    expect(periodeDerDatei(ohne, 'b.csv', undefined)).toBeUndefined();
  });
  it('refuses mixed years, a bad year, and a contradicting --periode, naming file and line', () => {
    const gemischt = parseWerteCsv('area;variable;value;period\n05954036;bevoelkerung;10;2019\n05954004;bevoelkerung;5;2024\n', 'm.csv');
    expect(() => periodeDerDatei(gemischt, 'm.csv', undefined)).toThrow('m.csv, Zeile 3: Die Datei enthält mehrere Berichtsjahre (2019, 2024; 2024 zuerst in Zeile 3, 2019 in Zeile 2); bitte je Berichtsjahr eine Datei');
    const falsch = parseWerteCsv('area;variable;value;period\n05954036;bevoelkerung;10;19\n', 'f.csv');
    expect(() => periodeDerDatei(falsch, 'f.csv', undefined)).toThrow('f.csv, Zeile 2: „19“ in der Spalte period ist kein Berichtsjahr');
    const rows = parseWerteCsv('area;variable;value;period\n05954036;bevoelkerung;10;2019\n', 'w.csv');
    expect(() => periodeDerDatei(rows, 'w.csv', '2024', '--period')).toThrow('w.csv: Laut Spalte period gehören die Werte zum Berichtsjahr 2019, angegeben ist --period 2024');
  });
});
