/** shared/format/zahlen.ts: German numbers with the decimals of a Kennzahl; the catalogue field `nachkommastellen`. */
import { CatalogueError, STANDARD_CATALOGUE_DEFINITION, loadCatalogue, standardCatalogue } from '../../shared';
import { anzahl, excelFormat, gerundet, kennzahlWert, nachkommastellenOf, parseZahl, wert, zahl, zahlFuerDatei } from '../../shared/format/zahlen';

test('German separators, fixed decimals, no "-0,0"', () => {
  expect(zahl(1234567.891, 1)).toBe('1.234.567,9');
  expect(zahl(9.950671405844897, 1)).toBe('10,0');
  expect(zahl(9.94, 2)).toBe('9,94');
  expect(zahl(-0.04, 1)).toBe('0,0');
  expect(zahl(-3.25, 1)).toBe('-3,3');
  expect(zahl(12, 0)).toBe('12');
  expect(wert(null, 1)).toBe('.');
  expect(anzahl(12468)).toBe('12.468');
  expect(anzahl(2.5)).toBe('2,5');
});

test('decimals per Kennzahl: catalogue field, else by unit', () => {
  expect(nachkommastellenOf({ einheit: '%', nachkommastellen: 2 })).toBe(2);
  expect(nachkommastellenOf({ einheit: '%' })).toBe(1);
  expect(nachkommastellenOf({ einheit: 'Personen' })).toBe(2);
  expect(kennzahlWert(2.0666, { einheit: 'Personen' })).toBe('2,07');
  const c = standardCatalogue();
  for (const k of c.kennzahlen.values()) expect([k.id, k.nachkommastellen]).toEqual([k.id, k.einheit === 'Personen' ? 2 : 1]);
});

test('files: decimal comma without grouping, parsed back to the rounded value; Excel formats', () => {
  expect(zahlFuerDatei(1234.56, 1)).toBe('1234,6');
  expect(zahlFuerDatei(-0.01, 1)).toBe('0,0');
  expect(zahlFuerDatei(123456)).toBe('123456');
  expect(zahlFuerDatei(0.125)).toBe('0,125');
  expect(gerundet(9.950671405844897, 1)).toBe(10);
  expect(gerundet(2.0666, 2)).toBe(2.07);
  expect(parseZahl('1.234,5')).toBe(1234.5);
  expect(parseZahl('-3,0')).toBe(-3);
  expect(Number.isNaN(parseZahl('abc'))).toBe(true);
  expect(excelFormat(0)).toBe('#,##0');
  expect(excelFormat(2)).toBe('#,##0.00');
  // the same rounding as the printed value, for many values
  for (let i = 0; i < 2000; i++) {
    const v = (i * 7.123456) / 13 - 50;
    expect(zahl(v, 1).replace(/\./g, '')).toBe(zahlFuerDatei(v, 1));
  }
});

test('catalogue: nachkommastellen must be a whole number from 0 to 4, German message naming the entry', () => {
  const withValue = (v: unknown) => {
    const def = JSON.parse(JSON.stringify(STANDARD_CATALOGUE_DEFINITION));
    def.kennzahlen[0].nachkommastellen = v;
    return def;
  };
  expect(loadCatalogue(withValue(0)).kennzahlen.get('jugendquotient')!.nachkommastellen).toBe(0);
  for (const bad of [5, -1, 1.5, 'zwei']) {
    let err: unknown;
    try {
      loadCatalogue(withValue(bad));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CatalogueError);
    expect((err as CatalogueError).problems.join('\n')).toMatch(/^kennzahlen\[0\] \(„jugendquotient“\), Feld „nachkommastellen“: Nachkommastellen: (erwartet wird eine ganze Zahl von 0 bis 4|höchstens 4)/);
  }
});
