/**
 * Plausibility maxima follow the level: real Berlin (Land 11 > kreisfreie Stadt 11000000 >
 * Bezirke > Planungsräume, inhabitants 31.12.2020 from tests/fixtures/real/berlin-lor) is accepted;
 * a Land of 18 million is plausible, a Baublock of a million is not.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAreaExchange } from '../../shared/areas/exchange';
import { standardCatalogue } from '../../shared/catalogue/standard';
import { validateDataset } from '../../shared/validation/validate';
import { MAXIMUM_FAKTOR, plausibleMaximum } from '../../shared/validation/maxima';
import { landBaum } from '../helpers/land-baum';

const DIR = path.join(__dirname, '../fixtures/real/berlin-lor');
const csv = (file: string): [string, number][] =>
  fs.readFileSync(path.join(DIR, file), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')).map(([k, v]) => [k!, Number(v)]);
const catalogue = standardCatalogue();
const KREIS = { rolle: 'kreis' } as const;

describe('Berlin: real inhabitants on every level', () => {
  const { tree } = parseAreaExchange(JSON.parse(fs.readFileSync(path.join(DIR, 'gebiete.geojson'), 'utf8')));
  const bezirke = csv('einwohner-2020-bezirke.csv');
  const berlin = bezirke.reduce((s, [, n]) => s + n, 0);
  const rows = [
    { area: '11', variable: 'bevoelkerung', value: berlin },
    { area: '11000000', variable: 'bevoelkerung', value: berlin },
    ...bezirke.filter(([b]) => tree.has(`11000000-${b}`)).map(([b, n]) => ({ area: `11000000-${b}`, variable: 'bevoelkerung', value: n })),
    ...csv('einwohner-2020-planungsraeume.csv').map(([id, n]) => ({ area: `11000000-${id.slice(0, 2)}-${id}`, variable: 'bevoelkerung', value: n })),
  ];

  it('a Land and a kreisfreie Stadt of 3.77 million, Bezirke and 67 Planungsräume are accepted', () => {
    expect(berlin).toBeGreaterThan(3_700_000);
    expect(rows).toHaveLength(2 + 2 + 67);
    const r = validateDataset({ period: '2020', rows }, { catalogue, tree, submitter: KREIS });
    expect(r.errors).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('the Stadt with one digit too many (37 million) is refused, naming the level and its maximum', () => {
    const r = validateDataset({ period: '2020', rows: rows.map((x) => (x.area === '11000000' ? { ...x, value: berlin * 10 } : x)) }, { catalogue, tree, submitter: KREIS });
    const f = r.errors.find((e) => e.code === 'WERT_ZU_GROSS');
    expect(f?.area).toBe('11000000');
    expect(f?.detail).toBe(`Der Wert 37.699.620 ist für ein Gebiet der Ebene Stadt nicht plausibel; erlaubt sind höchstens 4.000.000 Personen`);
  });
});

describe('maxima by level (Nordrhein-Westfalen)', () => {
  const tree = landBaum(['05', '05954', '05954036', '05954036-03', '05954036-03-0017', '05315000']);
  const check = (area: string, variable: string, value: number) =>
    validateDataset({ period: '2024', rows: [{ area, variable, value }] }, { catalogue, tree, submitter: KREIS }).errors.map((e) => e.code);

  it.each([
    ['05', 'bevoelkerung', 18_000_000, []],
    ['05', 'hh_gesamt', 9_000_000, []],
    ['05', 'svb_wohnort', 7_500_000, []],
    ['05', 'bevoelkerung', 20_000_001, ['WERT_ZU_GROSS']],
    ['05315000', 'bevoelkerung', 1_100_000, []],
    ['05954', 'bevoelkerung', 1_200_000, []],
    ['05954036-03', 'bevoelkerung', 1_000_001, ['WERT_ZU_GROSS']],
    ['05954036-03-0017', 'bevoelkerung', 1_000_001, ['WERT_ZU_GROSS']],
  ])('%s %s = %d: %p', (area, variable, value, expected) => {
    expect(check(area, variable, value).filter((c) => c === 'WERT_ZU_GROSS')).toEqual(expected);
  });

  it('the factor grows from the Baublock to the Land', () => {
    expect(plausibleMaximum({ maximum: 1_000_000 }, 'land')).toBe(20_000_000);
    expect(plausibleMaximum({ maximum: 1_000_000 }, undefined)).toBe(1_000_000);
    expect(MAXIMUM_FAKTOR.land).toBeGreaterThan(MAXIMUM_FAKTOR.stadt);
    expect(MAXIMUM_FAKTOR.stadt).toBeGreaterThan(MAXIMUM_FAKTOR.gemeindeteil);
  });
});
