import { loadGeosForTests } from './geos-loader';
import { buildBloecke, geometryArea, polygonArea } from '../../shared/geo/bloecke';
import { Linie } from '../../shared/geo/eingabe';
import { synthStadt, mulberry32 } from '../../shared/geo/synthetisch';
import { insideRings } from '../../shared/geo/assign';
import type { Geos, PolygonCoords } from '../../shared/geo/geos';
import { buildGebiete } from '../../shared/geo/gebiete';
import { trennung } from '../../shared/geo/gemeindeteile';

let geos: Geos;
beforeAll(async () => { geos = await loadGeosForTests(); });

const ringsOf = (g: { type: string; coordinates: unknown }) =>
  (g.type === 'Polygon' ? [g.coordinates as PolygonCoords] : (g.coordinates as PolygonCoords[])).flatMap((p) => p.map((r) => Float64Array.from(r.flat())));

const sq = (x0: number, y0: number, x1: number, y1: number): PolygonCoords => [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]];
const line = (art: Linie['art'], ...coords: number[][]): Linie => ({ feature: 1, art, name: '', coords });

test('lines crossing without a shared vertex are noded; overshoots and duplicates do not matter', () => {
  const grenze = [sq(0, 0, 100, 100)];
  // a cross whose arms overshoot the boundary, one arm duplicated and one broken into two pieces
  const linien = [
    line('hauptstrasse', [50, -20], [50, 120]),
    line('hauptstrasse', [50, -20], [50, 120]),
    line('bahn', [-20, 40], [60, 40]),
    line('bahn', [55, 40], [130, 40]),
  ];
  const b = buildBloecke(geos, grenze, linien, { minFlaeche: 1 });
  expect(b).toHaveLength(4);
  expect(b.map((x) => Math.round(x.flaeche)).sort((p, q) => p - q)).toEqual([2000, 2000, 3000, 3000]);
  // numbered north to south, west to east
  expect(b[0]!.nr).toBe(1);
  const nw = b[0]!;
  expect(insideRings(ringsOf(nw.geometry), 10, 90)).toBe(true);
  // the north-west block borders the north-east one along the main road (60 m) and the south-west one along the railway (50 m)
  const arts = [...nw.nachbarn.values()].map((m) => Object.entries(m).map(([k, v]) => `${k}:${Math.round(v!)}`).join()).sort();
  expect(arts).toEqual(['bahn:50', 'hauptstrasse:60']);
});

test('a block inside another keeps the hole; both blocks cover the boundary once', () => {
  const grenze = [sq(0, 0, 100, 100)];
  const linien = [line('weg', [30, 30], [70, 30], [70, 70], [30, 70], [30, 30])];
  const b = buildBloecke(geos, grenze, linien, { minFlaeche: 1 });
  expect(b).toHaveLength(2);
  const outer = b.find((x) => x.flaeche > 5000)!;
  expect(outer.geometry.type).toBe('Polygon');
  expect((outer.geometry.coordinates as PolygonCoords).length).toBe(2); // outer ring + hole
  expect(outer.flaeche).toBeCloseTo(10000 - 1600, 6);
  expect(b.reduce((s, x) => s + x.flaeche, 0)).toBeCloseTo(10000, 6);
});

test('slivers below the threshold are merged into the neighbour with the longest shared edge', () => {
  const grenze = [sq(0, 0, 100, 100)];
  const linien = [line('nebenstrasse', [50, -5], [50, 105]), line('weg', [-5, 2], [50, 2])]; // 50 × 2 m sliver at the bottom left
  const b = buildBloecke(geos, grenze, linien, { minFlaeche: 200 });
  expect(b).toHaveLength(2);
  expect(b.map((x) => Math.round(x.flaeche)).sort()).toEqual([5000, 5000]);
  const unmerged = buildBloecke(geos, grenze, linien, { minFlaeche: 50 });
  expect(unmerged).toHaveLength(3);
});

describe('synthetic city', () => {
  const city = synthStadt({ seed: 7, radius: 1200 });
  let blocks: ReturnType<typeof buildBloecke>;
  beforeAll(() => { blocks = buildBloecke(geos, [city.grenze], city.linien.map((l, i) => ({ feature: i + 1, art: l.art === 'strasse' ? l.klasse! : l.art, name: l.name, coords: l.coords }))); });

  test('block areas add up to the boundary area', () => {
    const total = blocks.reduce((s, b) => s + geometryArea(b.geometry), 0);
    expect(blocks.length).toBeGreaterThan(100);
    expect(total / polygonArea(city.grenze)).toBeCloseTo(1, 6);
  });

  test('random points of the municipality lie in exactly one block', () => {
    const rnd = mulberry32(3);
    const g = Float64Array.from(city.grenze[0]!.flat());
    const rings = blocks.map((b) => ringsOf(b.geometry));
    let tested = 0;
    while (tested < 400) {
      const x = 385000 + (rnd() - 0.5) * 2800, y = 5700000 + (rnd() - 0.5) * 2800;
      const hits = rings.filter((r) => insideRings(r, x, y)).length;
      expect(hits).toBe(insideRings([g], x, y) ? 1 : 0);
      tested++;
    }
  });

  test('blocks on both sides of the river and the railway border along gewaesser/bahn', () => {
    const arts = new Set(blocks.flatMap((b) => [...b.nachbarn.values()].flatMap((m) => Object.keys(m))));
    expect(arts).toEqual(new Set(['gewaesser', 'bahn', 'hauptstrasse', 'nebenstrasse', 'weg']));
  });

  test('Gemeindeteile: within bounds, every district contiguous, no river or railway inside a district', () => {
    const r = buildGebiete(geos, blocks, city.adressen.map((a) => ({ east: a.east, north: a.north, einwohner: a.einwohner })), { ags: city.ags, min: 3000, max: 8000, nachEinwohnern: true });
    expect(r.ausserhalb).toEqual([]);
    expect(r.gemeindeteile.length).toBeGreaterThan(3);
    for (const g of r.gemeindeteile) {
      expect(g.gewicht).toBeGreaterThanOrEqual(3000);
      expect(g.gewicht).toBeLessThanOrEqual(8000);
    }
    const district = (nr: number) => r.codes.get(nr)!.slice(0, 11);
    const byNr = new Map(blocks.map((b) => [b.nr, b]));
    let barrierEdges = 0;
    for (const b of blocks) {
      for (const [n, lens] of b.nachbarn) {
        const t = trennung(lens);
        if (t === 'gewaesser' || t === 'bahn') { barrierEdges++; expect(district(n)).not.toBe(district(b.nr)); }
      }
    }
    expect(barrierEdges).toBeGreaterThan(20);
    for (const code of new Set(blocks.map((b) => district(b.nr)))) {
      const members = blocks.filter((b) => district(b.nr) === code).map((b) => b.nr);
      const seen = new Set([members[0]!]);
      const stack = [members[0]!];
      while (stack.length) for (const n of byNr.get(stack.pop()!)!.nachbarn.keys()) if (district(n) === code && !seen.has(n)) { seen.add(n); stack.push(n); }
      expect(seen.size).toBe(members.length);
    }
  });
});
