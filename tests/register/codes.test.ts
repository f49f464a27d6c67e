import fc from 'fast-check';
import { completedYears, oneYearBefore, parseDatum, parseGeschlecht, parseLandCode } from '../../shared/register/codes';

/** Reference: a date is valid when JavaScript's calendar gives back the same day. */
const valid = (y: number, m: number, d: number) => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
};
const p2 = (n: number) => String(n).padStart(2, '0');

describe('register field codes', () => {
  test('property: both date styles agree with the calendar, including 29 February and impossible days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1850, max: 2100 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        for (const s of [`${p2(d)}.${p2(m)}.${y}`, `${y}-${p2(m)}-${p2(d)}`, `${d}.${m}.${y}`]) {
          if (valid(y, m, d)) expect(parseDatum(s)).toBe(y * 10000 + m * 100 + d);
          else expect(() => parseDatum(s)).toThrow(/kein gültiges Kalenderdatum|kein Datum/);
        }
      }),
      { numRuns: 2000 },
    );
    expect(() => parseDatum('1.1.1700')).toThrow('liegt vor 1850');
    expect(() => parseDatum('2024/01/01')).toThrow('„2024/01/01“ ist kein Datum; erwartet TT.MM.JJJJ oder JJJJ-MM-TT');
    expect(() => parseDatum('aa.bb.cccc')).toThrow('ist kein Datum');
    expect(parseDatum(' 01.02.2003 ')).toBe(20030201);
  });

  test('completed years at a Stichtag, birthday on the Stichtag counts', () => {
    expect(completedYears(19901231, 20241231)).toBe(34);
    expect(completedYears(19910101, 20241231)).toBe(33);
    expect(completedYears(20000229, 20240228)).toBe(23);
    expect(completedYears(20000229, 20240229)).toBe(24);
    expect(oneYearBefore(20241231)).toBe(20231231);
    expect(oneYearBefore(20240229)).toBe(20230228);
  });

  test('nationality and country codes: ISO alpha-2 and Destatis keys, German or not', () => {
    expect(parseLandCode('DE')).toEqual({ code: 'DE', deutsch: true });
    expect(parseLandCode('de')).toEqual({ code: 'DE', deutsch: true });
    expect(parseLandCode('000')).toEqual({ code: '000', deutsch: true });
    expect(parseLandCode('TR').deutsch).toBe(false);
    expect(parseLandCode('163').deutsch).toBe(false);
    expect(parseLandCode('997').deutsch).toBe(false);
    expect(() => parseLandCode('QQ')).toThrow('„QQ“ ist kein Ländercode nach ISO 3166-1');
    expect(() => parseLandCode('ZZ')).toThrow('kein Ländercode');
    expect(() => parseLandCode('700')).toThrow('kein Schlüssel der Staatsangehörigkeit nach Destatis');
    expect(() => parseLandCode('Deutsch')).toThrow('weder ein ISO-Ländercode');
    expect(parseGeschlecht('W')).toBe('w');
    expect(parseGeschlecht('4')).toBe('x');
  });
});
