import fc from 'fast-check';
import { Zuordnung } from '../../shared/register/zuordnung';
import { NumberIndex } from '../../shared/register/number-index';

describe('address table', () => {
  test('numeric and string keys: unusual street keys, house numbers and suffixes are found exactly', () => {
    const z = new Zuordnung();
    const ags = '05954036';
    const rows: [string, string, string, string][] = [
      ['100', '12', '', '05954036-01-0001'],
      ['100', '12', 'a', '05954036-01-0002'],
      ['0100', '12', 'AB', '05954036-01-0003'], // two-letter suffix (interned code)
      ['99999999', '1', '', '05954036-02-0001'], // street key beyond 20 bits: string key
      ['100', '20000', '', '05954036-02-0002'], // house number beyond 14 bits: string key
      ['100', '7', 'ä', '05954036-02-0003'],
    ];
    for (const [st, h, zs, b] of rows) z.add({ gemeindeschluessel: ags, strassenschluessel: st, hausnummer: h, hausnummerzusatz: zs }, b, null);
    const look = (st: string, h: string, zs = '') => z.lookup({ gemeindeschluessel: ags, strassenschluessel: st, hausnummer: h, hausnummerzusatz: zs })?.baublock;
    expect(look('100', '12')).toBe('05954036-01-0001');
    expect(look('100', '12 A')).toBe('05954036-01-0002');
    expect(look('100', '12', 'A')).toBe('05954036-01-0002');
    expect(look('100', '12ab')).toBe('05954036-01-0003');
    expect(look('99999999', '1')).toBe('05954036-02-0001');
    expect(look('100', '20000')).toBe('05954036-02-0002');
    expect(look('100', '7Ä')).toBe('05954036-02-0003');
    expect(look('100', '13')).toBeUndefined();
    expect(look('101', '12')).toBeUndefined();
    expect(z.lookup({ gemeindeschluessel: '05954004', strassenschluessel: '100', hausnummer: '12', hausnummerzusatz: '' })).toBeUndefined();
    expect(z.size).toBe(6);
    expect(z.gemeindeteilDerStrasse(ags, '100')).toBeUndefined(); // street 100 spans both Gemeindeteile
    expect(z.gemeindeteilDerStrasse(ags, '99999999')).toBe('05954036-02');
  });

  test('real numbering schemes: Stadtbezirk and 3-digit Stadtteil (Köln), 8-digit planning areas; wrong shapes named', () => {
    const z = new Zuordnung();
    const koeln = (st: string, h: string) => ({ gemeindeschluessel: '05315000', strassenschluessel: st, hausnummer: h, hausnummerzusatz: '' });
    z.add(koeln('1', '1'), '05315000-1-101-0017', null);
    z.add(koeln('1', '3'), null, '05315000-1-102');
    z.add({ gemeindeschluessel: '11000000', strassenschluessel: '7', hausnummer: '2', hausnummerzusatz: '' }, '11000000-01100101-0003', '11000000-01100101');
    expect(z.lookup(koeln('1', '1'))).toEqual({ baublock: '05315000-1-101-0017', gemeindeteil: '05315000-1-101' });
    expect(z.lookup(koeln('1', '3'))).toEqual({ baublock: null, gemeindeteil: '05315000-1-102' });
    expect(z.gemeindeteile).toEqual(['05315000-1-101', '05315000-1-102', '11000000-01100101']);
    expect(() => z.add(koeln('1', '5'), '05315000-1-101-0017', '05315000-1-102')).toThrow('Baublock 05315000-1-101-0017 liegt nicht im Gemeindeteil 05315000-1-102');
    expect(() => z.add(koeln('1', '5'), '05315000-0017', null)).toThrow('Baublock „05315000-0017“ hat nicht die Form Gemeindeschlüssel-Gemeindeteil-Baublock');
    expect(() => z.add(koeln('1', '5'), '05315000-1-101-123456789', null)).toThrow('hat nicht die Form');
    expect(() => z.add(koeln('1', '5'), null, '05315000')).toThrow('Gemeindeteil „05315000“ hat nicht die Form Gemeindeschlüssel-Gemeindeteil');
    expect(() => z.add(koeln('1', '5'), '05954036-01-0001', null)).toThrow('Gebiet 05954036-01-0001 gehört nicht zum Gemeindeschlüssel 05315000 der Adresse');
  });

  test('property: NumberIndex behaves like a Map', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 ** 53 - 1 }).map((x) => (x % 3 === 0 ? x % 1000 : x)), fc.integer({ min: -5, max: 1 << 30 })), { maxLength: 300 }), (pairs) => {
        const idx = new NumberIndex(4);
        const ref = new Map<number, number>();
        for (const [k, v] of pairs) {
          idx.set(k, v);
          ref.set(k, v);
        }
        expect(idx.size).toBe(ref.size);
        for (const [k, v] of ref) expect(idx.get(k)).toBe(v);
        for (const [k] of pairs) expect(idx.get(k + 0.5 > 2 ** 53 ? k - 1 : k + 1) ?? 'x').toBe(ref.get(k + 0.5 > 2 ** 53 ? k - 1 : k + 1) ?? 'x');
      }),
    );
  });
});
