/**
 * Geometry checks of an area tree on real data: Berlin as Land 11 > kreisfreie Stadt 11000000 >
 * Bezirke (stadtbezirk) > LOR Planungsräume with 8-digit ids (gemeindeteil), from
 * tests/fixtures/real/berlin-lor (see SOURCE.md there); and broken variants of it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAreaExchange, AreaWithGeometry } from '../../shared/areas/exchange';
import { AUSSERHALB_TOLERANZ, checkAreaGeometry } from '../../shared/areas/geometrie';
import type { Geos } from '../../shared/geo/geos';
import { landBaum } from '../helpers/land-baum';
import { loadGeosForTests } from './geos-loader';

const DIR = path.join(__dirname, '../fixtures/real/berlin-lor');
const berlin = (): { type: string; features: { properties: { code: string; name: string; ebene: string; parent: string }; geometry: AreaWithGeometry['geometry'] }[] } =>
  JSON.parse(fs.readFileSync(path.join(DIR, 'gebiete.geojson'), 'utf8'));

let geos: Geos;
beforeAll(async () => {
  geos = await loadGeosForTests();
});

const check = (input: object) => {
  const { tree, areas } = parseAreaExchange(input);
  return checkAreaGeometry(geos, areas, tree);
};

describe('Berlin LOR as one tree', () => {
  it('Land 11 > kreisfreie Stadt 11000000 > 2 Bezirke > 67 Planungsräume with 8-digit ids is accepted', () => {
    const { tree, areas } = parseAreaExchange(berlin());
    expect(tree.root).toMatchObject({ code: '11', ebene: 'land' });
    expect(tree.get('11000000')).toMatchObject({ ebene: 'stadt', parent: '11' });
    expect(tree.children('11000000')).toEqual(['11000000-01', '11000000-02']);
    expect(tree.atLevel('stadtbezirk').map((a) => a.name)).toEqual(['Mitte', 'Friedrichshain-Kreuzberg']);
    const plr = tree.atLevel('gemeindeteil');
    expect(plr).toHaveLength(67);
    for (const p of plr) expect(p.code).toMatch(new RegExp(`^${p.parent}-${p.parent!.slice(-2)}[0-9]{6}$`));
    expect(tree.get('11000000-01-01011101')).toMatchObject({ name: 'Stülerstraße', parent: '11000000-01' });
    expect(tree.stadtOf('11000000-01-01011101')).toBe('11000000');
    expect(tree.stadtOf('11')).toBeUndefined();
    const befund = checkAreaGeometry(geos, areas, tree);
    expect(befund.problems).toEqual([]);
    // the Planungsräume cover their Bezirk (published layers of the same office): no gap warning
    expect(befund.warnings).toEqual([]);
  });

  it('refuses a Planungsraum moved into its neighbour, naming both', () => {
    const input = berlin();
    const a = input.features.find((f) => f.properties.code === '11000000-01-01011101')!;
    const b = input.features.find((f) => f.properties.code === '11000000-01-01011102')!;
    b.geometry = a.geometry;
    const { problems } = check(input);
    expect(problems).toContain('Gemeindeteil Stülerstraße (11000000-01-01011101) und Gemeindeteil Großer Tiergarten (11000000-01-01011102) überlappen sich auf 100 % der kleineren Fläche (erlaubt sind 1 %)');
  });

  it('refuses a Planungsraum outside its Bezirk, naming both', () => {
    const input = berlin();
    const f = input.features.find((x) => x.properties.code === '11000000-02-02010101')!;
    // moved 0.05° east: out of Friedrichshain-Kreuzberg
    const shift = (c: unknown): unknown => (typeof (c as number[])[0] === 'number' ? [(c as number[])[0]! + 0.05, (c as number[])[1]] : (c as unknown[]).map(shift));
    f.geometry = { ...f.geometry!, coordinates: shift(f.geometry!.coordinates) } as AreaWithGeometry['geometry'];
    const { problems } = check(input);
    const mine = problems.filter((p) => p.includes('02010101'));
    expect(mine.some((p) => /liegt zu [0-9,]+ % außerhalb von Stadtbezirk Friedrichshain-Kreuzberg \(11000000-02\) \(erlaubt sind 2 %/.test(p))).toBe(true);
    expect(AUSSERHALB_TOLERANZ).toBe(0.02);
  });

  it('warns (only) when Planungsräume leave part of their Bezirk uncovered', () => {
    const input = berlin();
    input.features = input.features.filter((f) => !f.properties.code.startsWith('11000000-01-0101'));
    const { problems, warnings } = check(input);
    expect(problems).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Die Teilgebiete von Stadtbezirk Mitte \(11000000-01\) decken [0-9]+,[0-9] % seiner Fläche ab/);
  });

  it('refuses an outline GEOS finds invalid though every ring is simple (a hole outside its shell)', () => {
    const sq = (x: number, y: number, d: number) => [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];
    const input = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: '05315000', name: 'Köln', ebene: 'stadt', parent: '' }, geometry: { type: 'Polygon', coordinates: [sq(6.8, 50.8, 0.2)] } },
        { type: 'Feature', properties: { code: '05315000-1', name: 'Innenstadt', ebene: 'stadtbezirk', parent: '05315000' }, geometry: { type: 'Polygon', coordinates: [sq(6.9, 50.9, 0.01), sq(6.95, 50.95, 0.01)] } },
      ],
    };
    const { problems } = check(input);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^Stadtbezirk Innenstadt \(05315000-1\): Der Umriss ist ungültig \(Hole lies outside shell/);
  });
});

describe('a Land tree (NRW): Kreis with its cities and a kreisfreie Stadt', () => {
  it('builds Land 05 > Kreis 05954 > its cities and Land 05 > kreisfreie Stadt 05315000 > Stadtbezirk > Stadtteil > Baublock', () => {
    const tree = landBaum(['05', '05954', '05954036', '05954036-03', '05315000', '05315000-1', '05315000-1-101', '05315000-1-101-0017']);
    expect(tree.root.code).toBe('05');
    expect(tree.ancestors('05315000-1-101-0017')).toEqual(['05315000-1-101', '05315000-1', '05315000', '05']);
    expect(tree.stadtOf('05315000-1-101-0017')).toBe('05315000');
    expect(tree.stadtOf('05954')).toBeUndefined();
  });
});
