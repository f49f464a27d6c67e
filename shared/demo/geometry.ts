/**
 * Simple, valid polygons for the demo geography: every area is an axis-parallel rectangle in WGS84
 * (lon/lat), children tile their parent exactly. Edges are rounded once and then shared by the
 * neighbouring children, so that a child's rectangle never pokes out of its parent by a rounding
 * error. Outer rings are counter-clockwise and closed, as RFC 7946 asks.
 */
import { AreaGeometry } from '../areas/exchange';

export interface Box {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** six decimals are about 0.1 m: plenty for a demo, and short in the exchange file */
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Closed counter-clockwise ring of a rectangle (lon/lat as x/y). */
export function rectangleRing(b: Box): number[][] {
  return [
    [b.west, b.south],
    [b.east, b.south],
    [b.east, b.north],
    [b.west, b.north],
    [b.west, b.south],
  ];
}

export function rectanglePolygon(b: Box): AreaGeometry {
  return { type: 'Polygon', coordinates: [rectangleRing(b)] };
}

export function rectanglesMultiPolygon(boxes: readonly Box[]): AreaGeometry {
  return { type: 'MultiPolygon', coordinates: boxes.map((b) => [rectangleRing(b)]) };
}

/** Cut points of [from, to] in proportion to the weights; the ends stay exact. */
function cuts(from: number, to: number, weights: readonly number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  const out = [from];
  let acc = 0;
  for (let i = 0; i < weights.length - 1; i++) {
    acc += weights[i]!;
    out.push(round6(from + ((to - from) * acc) / total));
  }
  out.push(to);
  return out;
}

/** Vertical strips (west to east) with widths in proportion to the weights. */
export function splitIntoStrips(b: Box, weights: readonly number[]): Box[] {
  const xs = cuts(b.west, b.east, weights);
  return weights.map((_, i) => ({ west: xs[i]!, south: b.south, east: xs[i + 1]!, north: b.north }));
}

/**
 * `n` cells tiling the box: rows of roughly square cells (judged in km, not degrees), the rows
 * holding floor or ceil of n/rows cells each so that no cell is left over. Row-major, from the
 * north-west corner, which is how the blocks are numbered.
 */
export function splitIntoGrid(b: Box, n: number): Box[] {
  const latMid = ((b.south + b.north) / 2) * (Math.PI / 180);
  const widthKm = (b.east - b.west) * 111.32 * Math.cos(latMid);
  const heightKm = (b.north - b.south) * 110.57;
  const cols = Math.max(1, Math.round(Math.sqrt((n * widthKm) / heightKm)));
  const rows = Math.ceil(n / cols);
  const perRow = Array.from({ length: rows }, (_, r) => Math.floor(n / rows) + (r < n % rows ? 1 : 0));
  const ys = cuts(b.north, b.south, perRow.map(() => 1));
  const cells: Box[] = [];
  perRow.forEach((count, r) => {
    const xs = cuts(b.west, b.east, Array.from({ length: count }, () => 1));
    for (let c = 0; c < count; c++) cells.push({ west: xs[c]!, east: xs[c + 1]!, north: ys[r]!, south: ys[r + 1]! });
  });
  return cells;
}

/** Bounding box of a Polygon or MultiPolygon. */
export function boundingBox(g: AreaGeometry): Box {
  const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  const box: Box = { west: Infinity, south: Infinity, east: -Infinity, north: -Infinity };
  for (const ring of rings) {
    for (const [x, y] of ring) {
      box.west = Math.min(box.west, x!);
      box.east = Math.max(box.east, x!);
      box.south = Math.min(box.south, y!);
      box.north = Math.max(box.north, y!);
    }
  }
  return box;
}

export const boxContains = (outer: Box, inner: Box): boolean =>
  inner.west >= outer.west && inner.east <= outer.east && inner.south >= outer.south && inner.north <= outer.north;

/** true if the interiors intersect (touching edges do not count) */
export const boxesOverlap = (a: Box, b: Box): boolean =>
  a.west < b.east && b.west < a.east && a.south < b.north && b.south < a.north;

/** Signed area of a ring by the shoelace formula: positive for counter-clockwise. */
export function signedRingArea(ring: readonly (readonly number[])[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return s / 2;
}
