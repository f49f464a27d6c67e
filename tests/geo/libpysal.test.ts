/**
 * Real data shipped by Debian's python3-libpysal (BSD-3-Clause; installed by scripts/system-deps.sh):
 * - geodanet/streets.shp: 293 street polylines of a real city (Arizona State Plane, feet), as is;
 * - columbus: the 49 Columbus (Ohio) neighbourhoods of Anselin (1988) with their queen contiguity
 *   (columbus.gal), the classic regionalization test set.
 * The shapefile is read by libpysal itself under /usr/bin/python3 (no download, no GDAL).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { loadGeosForTests } from './geos-loader';
import { buildBloecke, geometryArea } from '../../shared/geo/bloecke';
import { insideRings } from '../../shared/geo/assign';
import { mulberry32 } from '../../shared/geo/synthetisch';
import { regionalize, RegionBlock } from '../../shared/geo/gemeindeteile';
import type { PolygonCoords } from '../../shared/geo/geos';

const EX = '/usr/lib/python3/dist-packages/libpysal/examples';

function streets(): number[][][] {
  const py = `import json, warnings
warnings.simplefilter('ignore')
import libpysal
print(json.dumps([[list(p) for p in part] for c in libpysal.io.open('${EX}/geodanet/streets.shp').read() for part in c.parts]))`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
}

test('Baublöcke from the real geodanet street network: areas add up, random points in exactly one block', async () => {
  const geos = await loadGeosForTests();
  const lines = streets();
  expect(lines.length).toBeGreaterThan(290);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const l of lines) for (const [x, y] of l) { minX = Math.min(minX, x!); maxX = Math.max(maxX, x!); minY = Math.min(minY, y!); maxY = Math.max(maxY, y!); }
  // the boundary: the network's extent shrunk by 5 %, so streets overshoot it as in real extracts
  const dx = (maxX - minX) * 0.05, dy = (maxY - minY) * 0.05;
  // on the 0.01 noding grid (real boundaries come in cm), so the area comparison can be exact
  const b = [minX + dx, minY + dy, maxX - dx, maxY - dy].map((v) => Math.round(v * 100) / 100) as [number, number, number, number];
  const grenze: PolygonCoords = [[[b[0], b[1]], [b[2], b[1]], [b[2], b[3]], [b[0], b[3]], [b[0], b[1]]]];
  const blocks = buildBloecke(geos, [grenze], lines.map((coords, i) => ({ feature: i + 1, art: 'nebenstrasse', name: '', coords })), { minFlaeche: 2000 /* ft² */, raster: 0.01 });
  expect(blocks.length).toBeGreaterThan(50);
  const total = blocks.reduce((s, x) => s + geometryArea(x.geometry), 0);
  expect(total / ((b[2] - b[0]) * (b[3] - b[1]))).toBeCloseTo(1, 6);
  const rings = blocks.map((x) => (x.geometry.type === 'Polygon' ? [x.geometry.coordinates] : x.geometry.coordinates).flatMap((p) => p.map((r) => Float64Array.from(r.flat()))));
  const rnd = mulberry32(5);
  for (let i = 0; i < 300; i++) {
    const x = b[0] + rnd() * (b[2] - b[0]), y = b[1] + rnd() * (b[3] - b[1]);
    expect(rings.filter((r) => insideRings(r, x, y)).length).toBe(1);
  }
});

test('Columbus neighbourhoods: contiguous regions within bounds', () => {
  const gal = fs.readFileSync(`${EX}/columbus/columbus.gal`, 'utf8').trim().split(/\r?\n/);
  const json = JSON.parse(fs.readFileSync(`${EX}/columbus/columbus.json`, 'utf8')) as { features: { properties: Record<string, number>; geometry: { coordinates: number[][][] | number[][][][] } }[] };
  const n = Number(gal[0]!.trim().split(/\s+/).pop());
  expect(n).toBe(49);
  const nachbarn = new Map<number, number[]>();
  for (let i = 1; i + 1 < gal.length; i += 2) {
    const [id] = gal[i]!.trim().split(/\s+/).map(Number);
    nachbarn.set(id!, gal[i + 1]!.trim().split(/\s+/).map(Number));
  }
  const blocks: RegionBlock[] = json.features.map((f, i) => {
    const first = JSON.stringify(f.geometry.coordinates).match(/-?\d+(\.\d+)?/g)!.slice(0, 2).map(Number);
    return {
      nr: i + 1,
      // a weight per neighbourhood: the number of households is not in the set; the crime count is
      gewicht: Math.round(f.properties.CRIME!),
      x: first[0]!, y: first[1]!,
      nachbarn: new Map((nachbarn.get(i + 1) ?? []).map((j) => [j, { nebenstrasse: 1 }])),
    };
  });
  const total = blocks.reduce((s, x) => s + x.gewicht, 0);
  const regions = regionalize(blocks, { min: 200, max: 500 });
  expect(regions.reduce((s, r) => s + r.gewicht, 0)).toBe(total);
  expect(regions.reduce((s, r) => s + r.bloecke.length, 0)).toBe(49);
  for (const r of regions) {
    expect(r.gewicht).toBeGreaterThanOrEqual(200);
    expect(r.gewicht).toBeLessThanOrEqual(500);
    const set = new Set(r.bloecke);
    const seen = new Set([r.bloecke[0]!]);
    const stack = [r.bloecke[0]!];
    while (stack.length) for (const m of nachbarn.get(stack.pop()!) ?? []) if (set.has(m) && !seen.has(m)) { seen.add(m); stack.push(m); }
    expect(seen.size).toBe(set.size);
  }
});
