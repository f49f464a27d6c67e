/**
 * Assigns points (EPSG:25832) to Baublöcke: a uniform grid over the blocks' bounding boxes as the
 * spatial index, then an exact crossing-number point-in-polygon test.
 *
 * Boundary rule (documented in the README): a point exactly on an edge shared by two blocks belongs
 * to the block that lies east of it (for a horizontal edge: north of it) — the half-open crossing
 * rule. Each edge is evaluated from its lower endpoint whatever the ring's direction, so both
 * neighbours compute the identical crossing and the point lands in exactly one block.
 *
 * Why a grid and not flatbush: flatbush 4 ships as an ES module only, which the project's CommonJS
 * test runner cannot load; for point queries on a city's blocks a grid of about one block per cell
 * answers in O(1) without allocation and was measured faster than a tree walk (bench/geo.ts).
 */
import type { AreaWithGeometry } from '../areas/exchange';
import { bereichsHinweis, wgsInDeutschland, wgsToUtm } from './crs';
import { GeoEingabeError } from './eingabe';

export interface BlockAssigner {
  /** Baublock code for a point in EPSG:25832, or null when it lies in no block */
  assign(east: number, north: number): string | null;
  /** index of the block (into `codes`), -1 when outside every block: the allocation-free fast path */
  assignIndex(east: number, north: number): number;
  readonly codes: readonly string[];
}

/** Rings of one block, flat: [x0,y0,x1,y1,…] per ring, closed (last = first). */
interface BlockRings {
  rings: Float64Array[];
  minX: number; minY: number; maxX: number; maxY: number;
}

/** Crossing-number parity over all rings (outer rings and holes alike; parts do not overlap). */
export function insideRings(rings: readonly Float64Array[], x: number, y: number): boolean {
  let inside = false;
  for (const r of rings) {
    const n = r.length;
    for (let k = 0; k + 3 < n; k += 2) {
      let x1 = r[k]!, y1 = r[k + 1]!, x2 = r[k + 2]!, y2 = r[k + 3]!;
      // half-open in y: the edge counts for y1 <= y < y2 (after ordering by y)
      if (y1 > y2) { const tx = x1, ty = y1; x1 = x2; y1 = y2; x2 = tx; y2 = ty; }
      if (y < y1 || y >= y2) continue;
      // crossing strictly east of the point: a point on the edge itself is not "inside" this side
      const xc = x1 + ((y - y1) * (x2 - x1)) / (y2 - y1);
      if (x < xc) inside = !inside;
    }
  }
  return inside;
}

function toRings(a: AreaWithGeometry, metric: boolean, datei?: string): BlockRings | null {
  const g = a.geometry;
  if (!g) return null;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const rings: Float64Array[] = [];
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const poly of polys) {
    for (const ring of poly) {
      const f = new Float64Array(ring.length * 2);
      ring.forEach((p, i) => {
        // the exchange format is WGS84: swapped axes or another system would assign silently wrong
        if (!metric && !wgsInDeutschland(p[0]!, p[1]!)) {
          throw new GeoEingabeError([`${datei ? `${datei}: ` : ''}Baublock „${a.name || a.code}“ (${a.code}): Koordinate (${p[0]}, ${p[1]}) liegt als WGS84 (EPSG:4326, Länge vor Breite) nicht in Deutschland ${bereichsHinweis(4326, p)}`]);
        }
        const [x, y] = metric ? [p[0]!, p[1]!] : wgsToUtm(p);
        f[2 * i] = x; f[2 * i + 1] = y;
        if (x < minX) minX = x; if (x > maxX) maxX = x;
        if (y < minY) minY = y; if (y > maxY) maxY = y;
      });
      rings.push(f);
    }
  }
  return { rings, minX, minY, maxX, maxY };
}

/**
 * Builds the assigner over the Baublöcke among `areas` (other levels are ignored). Geometries are in
 * WGS84 as the exchange format has them (a position outside Germany is refused with the likely system,
 * naming `datei`); pass `metric: true` for geometries already in EPSG:25832.
 */
export function createBlockAssigner(areas: readonly AreaWithGeometry[], opts: { metric?: boolean; datei?: string } = {}): BlockAssigner {
  const codes: string[] = [];
  const blocks: BlockRings[] = [];
  for (const a of areas) {
    if (a.ebene !== 'baublock') continue;
    const r = toRings(a, opts.metric ?? false, opts.datei);
    if (!r) continue;
    codes.push(a.code);
    blocks.push(r);
  }
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const b of blocks) {
    minX = Math.min(minX, b.minX); minY = Math.min(minY, b.minY);
    maxX = Math.max(maxX, b.maxX); maxY = Math.max(maxY, b.maxY);
  }
  // about one block per cell on average; the grid is at most 2048 × 2048
  const width = Math.max(maxX - minX, 1), height = Math.max(maxY - minY, 1);
  const cell = Math.max(Math.sqrt((width * height) / Math.max(blocks.length, 1)), 1e-6);
  const nx = Math.min(2048, Math.max(1, Math.ceil(width / cell)));
  const ny = Math.min(2048, Math.max(1, Math.ceil(height / cell)));
  const cw = width / nx, ch = height / ny;
  // CSR layout: cellStart[c]..cellStart[c+1] indexes cellItems (no per-cell arrays at query time)
  const counts = new Uint32Array(nx * ny + 1);
  const span = (b: BlockRings) => [
    Math.max(0, Math.min(nx - 1, Math.floor((b.minX - minX) / cw))),
    Math.max(0, Math.min(nx - 1, Math.floor((b.maxX - minX) / cw))),
    Math.max(0, Math.min(ny - 1, Math.floor((b.minY - minY) / ch))),
    Math.max(0, Math.min(ny - 1, Math.floor((b.maxY - minY) / ch))),
  ] as const;
  for (const b of blocks) {
    const [x0, x1, y0, y1] = span(b);
    for (let j = y0; j <= y1; j++) for (let i = x0; i <= x1; i++) counts[j * nx + i + 1]!++;
  }
  for (let c = 1; c < counts.length; c++) counts[c]! += counts[c - 1]!;
  const items = new Uint32Array(counts[counts.length - 1]!);
  const fill = counts.slice(0, nx * ny);
  blocks.forEach((b, id) => {
    const [x0, x1, y0, y1] = span(b);
    for (let j = y0; j <= y1; j++) for (let i = x0; i <= x1; i++) items[fill[j * nx + i]!++] = id;
  });

  const assignIndex = (x: number, y: number): number => {
    if (!(x >= minX && x <= maxX && y >= minY && y <= maxY)) return -1;
    const i = Math.min(nx - 1, Math.floor((x - minX) / cw));
    const j = Math.min(ny - 1, Math.floor((y - minY) / ch));
    const c = j * nx + i;
    for (let k = counts[c]!, end = counts[c + 1]!; k < end; k++) {
      const id = items[k]!;
      const b = blocks[id]!;
      if (x < b.minX || x > b.maxX || y < b.minY || y > b.maxY) continue;
      if (insideRings(b.rings, x, y)) return id;
    }
    return -1;
  };
  return {
    codes,
    assignIndex,
    assign: (x, y) => {
      const id = assignIndex(x, y);
      return id < 0 ? null : codes[id]!;
    },
  };
}
