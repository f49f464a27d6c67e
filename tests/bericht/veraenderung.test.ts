/**
 * The change over five years (map of change, area profiles): computed from the two PUBLISHED values
 * only (difference rounded to the Kennzahl's decimals), "." when either year is suppressed, no value
 * when either year has none; the comparison year; the diverging classes (centred on 0, no overlap).
 */
import {
  einheitDerVeraenderung,
  veraenderungOf,
  veraenderungenJeGebiet,
  veraenderungText,
  vergleichsjahrOf,
  wandelKlasseOf,
  wandelKlassen,
} from '../../shared/format/veraenderung';

const ok = (value: number) => ({ value, status: 'ok' });
const gesperrt = { value: null, status: 'gesperrt' };
const fehlt = { value: null, status: 'fehlend', reason: 'Merkmal nicht geliefert' };

test('both years published: the difference of the published values, rounded to the Kennzahl decimals', () => {
  expect(veraenderungOf(ok(12.34), ok(10.01), 1, '2024', '2019')).toEqual({ art: 'wert', wert: 2.3 });
  expect(veraenderungOf(ok(10.01), ok(12.34), 1, '2024', '2019')).toEqual({ art: 'wert', wert: -2.3 });
  // 0.1 + 0.2 style float noise does not leak into the map
  expect(veraenderungOf(ok(0.3), ok(0.1), 2, '2024', '2019')).toEqual({ art: 'wert', wert: 0.2 });
  // a change rounding to zero is 0, not -0
  const z = veraenderungOf(ok(5.01), ok(5.04), 1, '2024', '2019');
  expect(z).toEqual({ art: 'wert', wert: 0 });
  expect(Object.is((z as { wert: number }).wert, -0)).toBe(false);
});

test('suppressed in either year: "." (gesperrt) naming the year; a value of the other year does not leak', () => {
  expect(veraenderungOf(gesperrt, ok(3), 1, '2024', '2019')).toEqual({ art: 'gesperrt', jahre: ['2024'] });
  expect(veraenderungOf(ok(3), gesperrt, 1, '2024', '2019')).toEqual({ art: 'gesperrt', jahre: ['2019'] });
  expect(veraenderungOf(gesperrt, gesperrt, 1, '2024', '2019')).toEqual({ art: 'gesperrt', jahre: ['2019', '2024'] });
  // suppressed beats missing: the area is "." whatever the other year
  expect(veraenderungOf(gesperrt, fehlt, 1, '2024', '2019')).toEqual({ art: 'gesperrt', jahre: ['2024'] });
});

test('not delivered (or no row) in either year: no value, naming the year', () => {
  expect(veraenderungOf(fehlt, ok(3), 1, '2024', '2019')).toEqual({ art: 'kein', jahre: ['2024'] });
  expect(veraenderungOf(ok(3), undefined, 1, '2024', '2019')).toEqual({ art: 'kein', jahre: ['2019'] });
  const all = veraenderungenJeGebiet([{ area: 'a', ...ok(4) }, { area: 'b', ...gesperrt }], [{ area: 'a', ...ok(1.5) }, { area: 'c', ...ok(2) }], 1, '2024', '2019');
  expect([...all.entries()].sort()).toEqual([
    ['a', { art: 'wert', wert: 2.5 }],
    ['b', { art: 'gesperrt', jahre: ['2024'] }],
    ['c', { art: 'kein', jahre: ['2024'] }],
  ]);
});

test('comparison year: five back if released, else the earliest released in between, else none', () => {
  expect(vergleichsjahrOf('2024', ['2019', '2020', '2024'])).toBe('2019');
  expect(vergleichsjahrOf('2024', ['2018', '2021', '2023', '2024'])).toBe('2021');
  expect(vergleichsjahrOf('2024', ['2017', '2024'])).toBeNull();
  expect(vergleichsjahrOf('2019', ['2019', '2020', '2024'])).toBeNull();
});

test('unit: percentage points for shares, else the Kennzahl unit; sign only when not zero', () => {
  expect(einheitDerVeraenderung('%')).toBe('Prozentpunkte');
  expect(einheitDerVeraenderung('je 1.000')).toBe('je 1.000');
  expect(veraenderungText(1.25, 1)).toBe('+1,3');
  expect(veraenderungText(-0.04, 1)).toBe('0,0');
  expect(veraenderungText(-2, 1)).toBe('-2,0');
});

test('diverging classes: centred on 0, "x bis unter y" without overlap, every value in its class', () => {
  const values = [-6.2, -2.5, -0.1, 0, 0.4, 2.5, 7.4];
  const { step, klassen } = wandelKlassen(values, 1);
  expect(step).toBe(2.5);
  expect(klassen.map((k) => k.label)).toEqual([
    '-7,5 bis unter -5,0',
    '-5,0 bis unter -2,5',
    '-2,5 bis unter 0,0',
    '0,0 bis unter 2,5',
    '2,5 bis unter 5,0',
    '5,0 bis unter 7,5',
  ]);
  // neighbours share a bound, nothing overlaps, 0 is a bound
  for (let i = 1; i < klassen.length; i++) expect(klassen[i]!.lo).toBe(klassen[i - 1]!.hi);
  expect(klassen.some((k) => k.lo === 0)).toBe(true);
  for (const v of values) {
    const k = klassen[wandelKlasseOf(v, klassen)]!;
    expect(v >= k.lo && v < k.hi).toBe(true);
  }
  expect(klassen[wandelKlasseOf(-2.5, klassen)]!.label).toBe('-2,5 bis unter 0,0');
  expect(klassen[wandelKlasseOf(2.5, klassen)]!.label).toBe('2,5 bis unter 5,0');
  expect(klassen[wandelKlasseOf(0, klassen)]!.label).toBe('0,0 bis unter 2,5');
});

test('diverging classes: only increases give no class below 0; a step finer than the decimals is not used', () => {
  const up = wandelKlassen([0.1, 0.2, 0.3], 1);
  expect(up.klassen.every((k) => k.lo >= 0)).toBe(true);
  expect(up.step).toBe(0.1);
  const counts = wandelKlassen([-3, 1, 2], 0);
  expect(counts.step).toBe(1);
  expect(counts.klassen[0]!.label).toBe('-3 bis unter -2');
  expect(wandelKlassen([], 1).klassen).toEqual([]);
  // all unchanged: one class from 0
  expect(wandelKlassen([0, 0], 1).klassen.map((k) => k.label)).toEqual(['0,0 bis unter 0,1']);
});
