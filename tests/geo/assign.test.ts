import { createBlockAssigner, insideRings } from '../../shared/geo/assign';
import { utmToWgs } from '../../shared/geo/crs';
import type { AreaWithGeometry } from '../../shared/areas/exchange';

const square = (x0: number, y0: number, s: number, hole?: [number, number, number]) => {
  const ring = [[x0, y0], [x0 + s, y0], [x0 + s, y0 + s], [x0, y0 + s], [x0, y0]];
  const rings = [ring];
  if (hole) {
    const [hx, hy, hs] = hole;
    // holes run the other way round, as GeoJSON writers do
    rings.push([[hx, hy], [hx, hy + hs], [hx + hs, hy + hs], [hx + hs, hy], [hx, hy]]);
  }
  return rings;
};
const block = (code: string, rings: number[][][]): AreaWithGeometry => ({
  code, name: code, ebene: 'baublock', parent: code.slice(0, 11), geometry: { type: 'Polygon', coordinates: rings },
});

// 2 × 2 blocks of 100 m at (500000, 5700000); block A has a hole filled by block E
const X = 500000, Y = 5700000;
const blocks = [
  block('05954036-01-0001', square(X, Y, 100, [X + 40, Y + 40, 20])), // SW, with hole
  block('05954036-01-0002', square(X + 100, Y, 100)), // SE
  block('05954036-01-0003', square(X, Y + 100, 100)), // NW
  block('05954036-01-0004', square(X + 100, Y + 100, 100)), // NE
  block('05954036-01-0005', square(X + 40, Y + 40, 20)), // the hole's island
];

describe('createBlockAssigner (metric)', () => {
  const a = createBlockAssigner(blocks, { metric: true });
  test('interior points go to their block', () => {
    expect(a.assign(X + 10, Y + 10)).toBe('05954036-01-0001');
    expect(a.assign(X + 150, Y + 10)).toBe('05954036-01-0002');
    expect(a.assign(X + 10, Y + 150)).toBe('05954036-01-0003');
    expect(a.assign(X + 150, Y + 150)).toBe('05954036-01-0004');
  });
  test('a point in a hole belongs to the island, not the block around it', () => {
    expect(a.assign(X + 50, Y + 50)).toBe('05954036-01-0005');
  });
  test('shared edge: the block east of a vertical edge, north of a horizontal edge', () => {
    expect(a.assign(X + 100, Y + 50)).toBe('05954036-01-0002');
    expect(a.assign(X + 50, Y + 100)).toBe('05954036-01-0003');
    expect(a.assign(X + 100, Y + 100)).toBe('05954036-01-0004'); // the common corner: north-east
    expect(a.assign(X + 40, Y + 50)).toBe('05954036-01-0005'); // hole edge: the island lies east
    expect(a.assign(X + 60, Y + 50)).toBe('05954036-01-0001');
  });
  test('outside points are null (-1), also just beyond the east boundary', () => {
    expect(a.assign(X - 1, Y + 10)).toBeNull();
    expect(a.assign(X + 250, Y + 10)).toBeNull();
    expect(a.assignIndex(X + 200.0001, Y + 10)).toBe(-1);
  });
  test('every point on a fine lattice, also on edges, lies in exactly one block', () => {
    const rings = blocks.map((b) => {
      const g = b.geometry!;
      return (g.coordinates as number[][][]).map((r) => Float64Array.from(r.flat()));
    });
    for (let x = X; x < X + 200; x += 5) {
      for (let y = Y; y < Y + 200; y += 5) {
        const hits = rings.filter((r) => insideRings(r, x, y)).length;
        expect(hits).toBe(1);
        expect(a.assign(x, y)).not.toBeNull();
      }
    }
  });
  test('sloped shared edge: both orientations compute the same crossing', () => {
    // two triangles sharing the diagonal of a square, traversed in opposite directions
    const t1 = block('05954036-01-0001', [[[X, Y], [X + 97, Y], [X + 97, Y + 31], [X, Y]]]);
    const t2 = block('05954036-01-0002', [[[X, Y], [X + 97, Y + 31], [X, Y + 31], [X, Y]]]);
    const b = createBlockAssigner([t1, t2], { metric: true });
    let n = 0;
    for (let k = 1; k < 31; k++) {
      const y = Y + k;
      const x = X + (k * 97) / 31;
      const r1 = insideRings([Float64Array.from([X, Y, X + 97, Y, X + 97, Y + 31, X, Y])], x, y);
      const r2 = insideRings([Float64Array.from([X, Y, X + 97, Y + 31, X, Y + 31, X, Y])], x, y);
      expect(Number(r1) + Number(r2)).toBe(1);
      if (b.assign(x, y) !== null) n++;
    }
    expect(n).toBe(30);
  });
});

test('WGS84 geometries (the exchange format) are projected to EPSG:25832 with proj4', () => {
  const wgs = blocks.map((b) => ({
    ...b,
    geometry: { type: 'Polygon' as const, coordinates: (b.geometry!.coordinates as number[][][]).map((r) => r.map(utmToWgs)) },
  }));
  const a = createBlockAssigner(wgs);
  expect(a.assign(X + 10, Y + 10)).toBe('05954036-01-0001');
  expect(a.assign(X + 150, Y + 150)).toBe('05954036-01-0004');
  expect(a.assign(X + 50, Y + 50)).toBe('05954036-01-0005');
  expect(a.assign(X + 1000, Y)).toBeNull();
  // latitude before longitude in an exchange file is refused, not assigned to nowhere
  const swapped = wgs.map((b) => ({ ...b, geometry: { type: 'Polygon' as const, coordinates: b.geometry.coordinates.map((r) => r.map(([x, y]) => [y!, x!])) } }));
  expect(() => createBlockAssigner(swapped, { datei: 'gebiete.geojson' })).toThrow(/gebiete.geojson: Baublock .* liegt als WGS84 \(EPSG:4326, Länge vor Breite\) nicht in Deutschland .*Vermutlich EPSG:4326 \(WGS 84, Grad\) mit vertauschten Achsen/);
});

test('only Baublöcke are indexed; an empty list assigns nothing', () => {
  const stadt: AreaWithGeometry = { ...blocks[0]!, code: '05954036', ebene: 'stadt', parent: '05954' };
  const a = createBlockAssigner([stadt], { metric: true });
  expect(a.codes).toEqual([]);
  expect(a.assign(X + 10, Y + 10)).toBeNull();
});
