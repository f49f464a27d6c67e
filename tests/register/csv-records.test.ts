import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { CsvFieldError, CsvRecordParser, field, parseCsvRecords, readCsvRecords } from '../../shared/io/csv-records';
import { CsvFormatError } from '../../shared/io/werte-csv';

const enc = (s: string) => new TextEncoder().encode(s);
/** Windows-1252 bytes for text with German letters only (all below U+0100). */
const latin1 = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));

function* chunksOf(bytes: Uint8Array, sizes: number[]): Generator<Uint8Array> {
  let pos = 0;
  let k = 0;
  while (pos < bytes.length) {
    const n = Math.max(1, sizes[k++ % sizes.length] ?? 1);
    yield bytes.subarray(pos, pos + n);
    pos += n;
  }
}

async function collect(source: Iterable<Uint8Array | string>, batchChars = 8) {
  const out: { line: number; values: string[] }[] = [];
  for await (const r of readCsvRecords(source, { file: 'x.csv', batchChars })) out.push({ line: r.line, values: r.values });
  return out;
}

describe('csv-records: streaming CSV with line numbers', () => {
  test('header lookup, BOM, CRLF, quotes with ; and line breaks, line numbers across chunks', async () => {
    const text = '\uFEFFName;Ort;Nr\r\n"Müller; Anna";"Zeile\nzwei";1\r\n\r\nBeck;Essen;2\r\n';
    const rows = await collect(chunksOf(enc(text), [3, 1, 5]));
    expect(rows).toEqual([
      { line: 3, values: ['Müller; Anna', 'Zeile\nzwei', '1'] },
      { line: 5, values: ['Beck', 'Essen', '2'] },
    ]);
    const { header, records, encoding } = parseCsvRecords(enc(text), { file: 'x.csv' });
    expect(encoding).toBe('utf-8');
    expect(header.names).toEqual(['name', 'ort', 'nr']);
    expect(field(records[1]!, 'ORT')).toBe('Essen');
    expect(field(records[1]!, 'fehlt')).toBe('');
  });

  test('Windows-1252: umlauts only after the first chunk still switch the decoding', async () => {
    const text = 'a;b\n' + 'x;y\n'.repeat(50) + 'Gräfin;Straße\n';
    const rows = await collect(chunksOf(latin1(text), [16]));
    expect(rows.at(-1)).toEqual({ line: 52, values: ['Gräfin', 'Straße'] });
    expect(parseCsvRecords(latin1(text), { file: 'x.csv' }).encoding).toBe('windows-1252');
  });

  test('a file mixing UTF-8 and Latin-1 is refused with a line', async () => {
    const bytes = new Uint8Array([...enc('a;b\nGrün;1\n'), ...latin1('Grün;2\n')]);
    await expect(collect([bytes.subarray(0, 12), bytes.subarray(12)])).rejects.toThrow(/x\.csv, Zeile \d+: Die Datei ist teils UTF-8/);
  });

  test('missing columns are named all at once', () => {
    expect(() => parseCsvRecords('a;b\n1;2\n', { file: 'ew.csv', requiredColumns: ['a', 'c', 'd'] })).toThrow(
      'ew.csv, Zeile 1: In der Kopfzeile fehlen die Spalten „c“, „d“; vorhanden: a;b',
    );
  });

  test('an unclosed quote is reported with its line; a runaway quote stops early', async () => {
    expect(() => parseCsvRecords('a;b\n1;2\n3;"offen\n4;5\n', { file: 'x.csv' })).toThrow(CsvFormatError);
    try {
      parseCsvRecords('a;b\n1;2\n3;"offen\n4;5\n', { file: 'x.csv' });
    } catch (e) {
      expect((e as Error).message).toMatch(/^x\.csv, Zeile \d: Ein Feld beginnt mit einem Anführungszeichen, das nicht geschlossen wird/);
    }
    const p = new CsvRecordParser({ file: 'x.csv', maxRecordChars: 100 });
    p.push('a;b\n1;2\n3;"offen\n');
    expect(() => p.push('x'.repeat(200))).toThrow(/x\.csv, Zeile 3: .*nicht geschlossenes Anführungszeichen/);
  });

  test('a small file with CR-only line ends is read by csv-parse; a large one is refused with a clear message', () => {
    const { records } = parseCsvRecords('a;b\r1;2\r3;4\r', { file: 'mac.csv' });
    expect(records.map((r) => r.values)).toEqual([['1', '2'], ['3', '4']]);
    const p = new CsvRecordParser({ file: 'mac.csv', maxRecordChars: 50 });
    expect(() => p.push('a;b\r' + '1;2\r'.repeat(30))).toThrow('mac.csv, Zeile 1: Die Datei trennt Zeilen nur mit CR (altes Mac-Format)');
  });

  test('an empty file has no header', () => {
    expect(() => parseCsvRecords(new Uint8Array(), { file: 'leer.csv' })).toThrow('leer.csv: Die Datei ist leer (keine Kopfzeile)');
  });

  test('CsvFieldError names file, line and column', () => {
    expect(new CsvFieldError('ew.csv', 7, 'geburtsdatum', 'kein Datum', 2).message).toBe('ew.csv, Zeile 7, Spalte „geburtsdatum“ (2. Spalte): kein Datum');
  });

  test('property: quote-free text split without csv-parse gives exactly what csv-parse gives (LF, CRLF, empty lines)', async () => {
    const cell = fc.stringMatching(/^[a-zäß 0-9.,-]{0,5}$/);
    const row = fc.array(cell, { minLength: 1, maxLength: 4 }).map((c) => c.join(';'));
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 15 }), fc.boolean(), fc.boolean(), async (rows, crlf, finalEol) => {
        const eol = crlf ? '\r\n' : '\n';
        const text = 'h1;h2;h3;h4' + eol + rows.join(eol) + (finalEol ? eol : '');
        const expected = (parse(text, { delimiter: ';', relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[])
          .slice(1)
          .map((r) => ({ line: r.info.lines, values: r.record }));
        expect(await collect([enc(text)], 1 << 20)).toEqual(expected);
        expect(await collect(chunksOf(enc(text), [7, 3]), 8)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  test('property: any split into chunks gives the records csv-parse gives for the whole text', async () => {
    const cell = fc.stringMatching(/^[a-zä;" \n]{0,6}$/).map((s) => (/[;"\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s));
    const row = fc.array(cell, { minLength: 3, maxLength: 3 }).map((c) => c.join(';'));
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 12 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }), async (rows, sizes) => {
        const text = 'h1;h2;h3\n' + rows.join('\n') + '\n';
        const expected = (parse(text, { delimiter: ';', relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[])
          .slice(1)
          .map((r) => ({ line: r.info.lines, values: r.record }));
        expect(await collect(chunksOf(enc(text), sizes), 4)).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });
});
