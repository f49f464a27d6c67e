/**
 * Baublöcke from a municipal boundary and line networks.
 *
 * 1. Node: all lines plus the boundary rings go through GEOS' unary union on a 1 cm grid — every
 *    crossing becomes a vertex, also where lines cross without a shared vertex, and duplicated or
 *    overlapping pieces dissolve. (turf has no noder; pairwise lineSplit grows quadratically and is not
 *    robust; GEOS' snap-rounding overlay is what PostGIS and Shapely use.)
 * 2. Polygonize: GEOS returns every face, including faces that fill another face's hole; dangles
 *    (dead ends, overshoots) are dropped by the polygonizer.
 * 3. Clip: faces whose interior point lies outside the boundary are dropped (the boundary rings are
 *    part of the line work, so a face is either wholly inside or wholly outside).
 * 4. Slivers below `minFlaeche` merge into the neighbour across the weakest line type, among those
 *    the one with the longest shared edge (smallest first); merged geometries are built with GEOS'
 *    coverage union.
 * 5. Adjacency: faces from one polygonization share identical edge vertices, so neighbours are found
 *    by matching edge segments; each shared segment is classified by the input line it lies on
 *    (Gewässer > Bahn > Hauptstraße > Nebenstraße > Weg), which the district builder uses as barrier.
 */
import { insideRings } from './assign';
import { GeoEingabeError, Linie, Trennart, TRENNARTEN } from './eingabe';
import { Geos, lineWkt, PolygonCoords } from './geos';

export interface Block {
  nr: number;
  /** EPSG:25832; a merged block may be a MultiPolygon */
  geometry: { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: PolygonCoords[] };
  flaeche: number;
  /** shared edge length in metres per neighbour and separating line type */
  nachbarn: Map<number, Partial<Record<Trennart | 'ohne', number>>>;
}

export interface BloeckeOptions {
  /** faces smaller than this (m²) are merged into a neighbour; default 200 */
  minFlaeche?: number;
  /** noding grid in metres; default 0.01 */
  raster?: number;
  onProgress?: (step: string, done: number, total: number) => void;
}

export function ringArea(r: readonly (readonly number[])[]): number {
  let a = 0;
  for (let i = 0; i + 1 < r.length; i++) a += r[i]![0]! * r[i + 1]![1]! - r[i + 1]![0]! * r[i]![1]!;
  return a / 2;
}
export const polygonArea = (p: PolygonCoords) => p.reduce((s, r, i) => s + (i === 0 ? 1 : -1) * Math.abs(ringArea(r)), 0);
export function geometryArea(g: Block['geometry']): number {
  return g.type === 'Polygon' ? polygonArea(g.coordinates) : g.coordinates.reduce((s, p) => s + polygonArea(p), 0);
}

const RANK: Record<Trennart, number> = { gewaesser: 5, bahn: 4, hauptstrasse: 3, nebenstrasse: 2, weg: 1 };

/** Grid over input line segments: which line type does a point lie on (within `tol`)? */
function segmentClassifier(linien: readonly Linie[], tol: number) {
  const segs: number[] = []; // x1,y1,x2,y2,rank
  for (const l of linien) {
    for (let i = 0; i + 1 < l.coords.length; i++) {
      const a = l.coords[i]!, b = l.coords[i + 1]!;
      segs.push(a[0]!, a[1]!, b[0]!, b[1]!, RANK[l.art]);
    }
  }
  const cell = 50;
  const grid = new Map<string, number[]>();
  for (let s = 0; s < segs.length; s += 5) {
    const x0 = Math.floor((Math.min(segs[s]!, segs[s + 2]!) - tol) / cell), x1 = Math.floor((Math.max(segs[s]!, segs[s + 2]!) + tol) / cell);
    const y0 = Math.floor((Math.min(segs[s + 1]!, segs[s + 3]!) - tol) / cell), y1 = Math.floor((Math.max(segs[s + 1]!, segs[s + 3]!) + tol) / cell);
    for (let i = x0; i <= x1; i++) for (let j = y0; j <= y1; j++) {
      const k = `${i},${j}`;
      const list = grid.get(k);
      if (list) list.push(s); else grid.set(k, [s]);
    }
  }
  const t2 = tol * tol;
  return (x: number, y: number): Trennart | 'ohne' => {
    let best = 0;
    for (const s of grid.get(`${Math.floor(x / cell)},${Math.floor(y / cell)}`) ?? []) {
      const ax = segs[s]!, ay = segs[s + 1]!, bx = segs[s + 2]!, by = segs[s + 3]!;
      const dx = bx - ax, dy = by - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
      const ex = ax + t * dx - x, ey = ay + t * dy - y;
      if (ex * ex + ey * ey <= t2 && segs[s + 4]! > best) best = segs[s + 4]!;
    }
    return best === 0 ? 'ohne' : TRENNARTEN.find((a) => RANK[a] === best)!;
  };
}

export function buildBloecke(geos: Geos, grenze: readonly PolygonCoords[], linien: readonly Linie[], opts: BloeckeOptions = {}): Block[] {
  const minFlaeche = opts.minFlaeche ?? 200;
  const raster = opts.raster ?? 0.01;
  const progress = opts.onProgress ?? (() => undefined);

  // 1. node lines and boundary rings together
  const parts: string[] = [];
  for (const l of linien) parts.push(lineWkt(l.coords));
  for (const p of grenze) for (const r of p) parts.push(lineWkt(r));
  progress('Knoten bilden', 0, 3);
  const noded = geos.nodeLines(`MULTILINESTRING(${parts.join(',')})`, raster);
  progress('Flächen bilden', 1, 3);
  const faces = geos.polygonize(noded);
  geos.destroy(noded);
  const collection = geos.toGeoJson(faces);
  geos.destroy(faces);
  progress('Flächen bilden', 2, 3);
  const polys = (collection.geometries ?? []) as { type: string; coordinates: PolygonCoords }[];

  // 2. clip: keep faces inside the boundary (test a point strictly inside the face)
  const grenzeRings = grenze.flatMap((p) => p.map((r) => Float64Array.from(r.flat())));
  const inside: PolygonCoords[] = [];
  for (const g of polys) {
    if (g.type !== 'Polygon') continue;
    const pt = interiorPoint(g.coordinates);
    if (pt && insideRings(grenzeRings, pt[0], pt[1])) inside.push(g.coordinates);
  }
  if (inside.length === 0) {
    throw new GeoEingabeError(['Aus Grenze und Linien entsteht keine Fläche innerhalb der Gemeinde: liegen Grenze und Linien im selben Koordinatensystem?']);
  }
  progress('Nachbarschaften', 3, 3);

  // 3. adjacency by shared segments, classified by the line they lie on
  const classify = segmentClassifier(linien, Math.max(raster * 5, 0.05));
  const bySegment = new Map<string, number>();
  const adj: Map<number, Partial<Record<Trennart | 'ohne', number>>>[] = inside.map(() => new Map());
  const key = (a: number[], b: number[]) => {
    const ka = `${a[0]},${a[1]}`, kb = `${b[0]},${b[1]}`;
    return ka < kb ? `${ka};${kb}` : `${kb};${ka}`;
  };
  inside.forEach((poly, f) => {
    for (const r of poly) {
      for (let i = 0; i + 1 < r.length; i++) {
        const k = key(r[i]!, r[i + 1]!);
        const other = bySegment.get(k);
        if (other === undefined) { bySegment.set(k, f); continue; }
        bySegment.delete(k);
        if (other === f) continue;
        const a = r[i]!, b = r[i + 1]!;
        const len = Math.hypot(b[0]! - a[0]!, b[1]! - a[1]!);
        const art = classify((a[0]! + b[0]!) / 2, (a[1]! + b[1]!) / 2);
        for (const [x, y] of [[f, other], [other, f]] as const) {
          const m = adj[x]!.get(y) ?? {};
          m[art] = (m[art] ?? 0) + len;
          adj[x]!.set(y, m);
        }
      }
    }
  });

  // 4. merge slivers into the neighbour with the longest shared edge (union-find, smallest first)
  const area = inside.map(polygonArea);
  const parent = inside.map((_, i) => i);
  const find = (i: number): number => { while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!; return i; };
  const groupArea = [...area];
  const order = inside.map((_, i) => i).sort((a, b) => area[a]! - area[b]! || a - b);
  for (const i of order) {
    const r = find(i);
    if (groupArea[r]! >= minFlaeche) continue;
    // the neighbour across the weakest line (a sliver never jumps a river or railway when a street
    // neighbour exists), then the longest shared edge
    let best = -1, bestLen = -1, bestRank = Infinity;
    for (const [n, m] of adj[i]!) {
      const rn = find(n);
      if (rn === r) continue;
      const len = Object.values(m).reduce((s, v) => s + (v ?? 0), 0);
      let rank = 0;
      for (const [k, v] of Object.entries(m)) if (k !== 'ohne' && (v ?? 0) > 0) rank = Math.max(rank, RANK[k as Trennart]);
      if (rank < bestRank || (rank === bestRank && (len > bestLen || (len === bestLen && rn < best)))) { best = rn; bestLen = len; bestRank = rank; }
    }
    if (best < 0) continue; // an isolated sliver stays a block of its own
    parent[r] = best;
    groupArea[best]! += groupArea[r]!;
  }
  const groups = new Map<number, number[]>();
  inside.forEach((_, i) => {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(i); else groups.set(r, [i]);
  });

  // 5. blocks: numbered north to south, west to east (deterministic), adjacency lifted to groups
  const members = [...groups.values()];
  const anchor = members.map((m) => interiorPoint(inside[m.reduce((a, b) => (area[b]! > area[a]! ? b : a))]!)!);
  const idx = members.map((_, i) => i).sort((a, b) => anchor[b]![1] - anchor[a]![1] || anchor[a]![0] - anchor[b]![0]);
  const nrOfGroup = new Map<number, number>();
  idx.forEach((g, k) => nrOfGroup.set(g, k + 1));
  const groupOfFace = new Map<number, number>();
  members.forEach((m, g) => m.forEach((f) => groupOfFace.set(f, g)));
  return idx.map((g) => {
    const m = members[g]!;
    const geometry: Block['geometry'] = m.length === 1
      ? { type: 'Polygon', coordinates: inside[m[0]!]! }
      : (geos.coverageUnion(m.map((f) => inside[f]!)) as Block['geometry']);
    const nachbarn = new Map<number, Partial<Record<Trennart | 'ohne', number>>>();
    for (const f of m) {
      for (const [n, lens] of adj[f]!) {
        const ng = groupOfFace.get(n)!;
        if (ng === g) continue;
        const nr = nrOfGroup.get(ng)!;
        const acc = nachbarn.get(nr) ?? {};
        for (const [k, v] of Object.entries(lens)) acc[k as Trennart] = (acc[k as Trennart] ?? 0) + (v ?? 0);
        nachbarn.set(nr, acc);
      }
    }
    return { nr: nrOfGroup.get(g)!, geometry, flaeche: m.reduce((s, f) => s + area[f]!, 0), nachbarn };
  });
}

/**
 * A point strictly inside a polygon: the midpoint of the widest interior run of a horizontal scan line
 * through the middle of the outer ring's extent (holes taken into account).
 */
export function interiorPoint(poly: PolygonCoords): [number, number] | null {
  let minY = Infinity, maxY = -Infinity;
  for (const p of poly[0]!) { minY = Math.min(minY, p[1]!); maxY = Math.max(maxY, p[1]!); }
  for (const frac of [0.5, 0.37, 0.63, 0.21, 0.79, 0.1, 0.9]) {
    const y = minY + (maxY - minY) * frac;
    const xs: number[] = [];
    for (const r of poly) {
      for (let i = 0; i + 1 < r.length; i++) {
        const a = r[i]!, b = r[i + 1]!;
        if ((a[1]! > y) !== (b[1]! > y)) xs.push(a[0]! + ((y - a[1]!) * (b[0]! - a[0]!)) / (b[1]! - a[1]!));
      }
    }
    xs.sort((p, q) => p - q);
    let best: [number, number] | null = null, width = 0;
    for (let i = 0; i + 1 < xs.length; i += 2) {
      if (xs[i + 1]! - xs[i]! > width) { width = xs[i + 1]! - xs[i]!; best = [(xs[i]! + xs[i + 1]!) / 2, y]; }
    }
    if (best) return best;
  }
  return null;
}
