/**
 * Gemeindeteile as a regionalization of Baublöcke: contiguous groups with a weight (inhabitants or
 * addresses) between `min` and `max`, borders on barriers.
 *
 * Method — a tree partition in the family of SKATER and REDCAP (Assunção et al. 2006; Guo 2008; the
 * PySAL spopt implementations are the reference):
 * 1. Graph: blocks are nodes, blocks sharing an edge are neighbours. The edge cost is the barrier
 *    between them (the strongest line type along their shared boundary: river/railway 1000, main road
 *    20, side street 3, footpath 1) plus the centroid distance in km (compactness).
 * 2. A minimum spanning tree (Kruskal, ties broken by block numbers — deterministic) joins everything
 *    along the cheapest links: a river or railway is crossed only where the tree has no other way to
 *    connect a part, i.e. once per part.
 * 3. The tree is cut top-down. A part is split while it is heavier than `max`, or while a barrier edge
 *    (river, railway) can be cut leaving both sides at least `min`. Among the edges of a part, the cut
 *    is chosen lexicographically: both sides can still be divided within the bounds (`min` ≤ w, and w
 *    splits into ⌈w/max⌉ ≤ ⌊w/min⌋ pieces) > barrier rank of the edge (river/railway > main road >
 *    rest) > balance of the two sides (compactness). So a barrier stays inside a district only when the
 *    bounds force it (a river bank too light to stand alone).
 * 4. Hand-fixed districts (table block → district) are taken out before step 1 and win.
 * 5. An AZP-style local search (lokalsuche.ts) then moves boundary blocks between neighbouring
 *    districts where that lowers the barrier length inside districts or, at equal barriers, the
 *    price-weighted border length (compactness; borders along barriers are cheap), keeping bounds,
 *    contiguity and the fixed districts. `lokaleSuche: false` returns the bare tree partition.
 */
import type { Trennart } from './eingabe';
import { lokaleSuche, SucheErgebnis } from './lokalsuche';

export interface RegionBlock {
  nr: number;
  gewicht: number;
  /** a representative point (EPSG:25832) for compactness and numbering */
  x: number;
  y: number;
  nachbarn: Map<number, Partial<Record<Trennart | 'ohne', number>>>;
  /** m² and outline length in m: only for the Polsby-Popper figure in the result */
  flaeche?: number;
  umfang?: number;
}

export interface RegionOptions {
  min: number;
  max: number;
  /** block nr → fixed district label (given by the Kreis; wins over the algorithm) */
  fest?: Map<number, string>;
  /** step 5, the local search; default true */
  lokaleSuche?: boolean;
}

export interface Region {
  /** fixed label from the table, or null for an algorithmic district */
  festLabel: string | null;
  bloecke: number[];
  gewicht: number;
}

const COST: Record<Trennart | 'ohne', number> = { gewaesser: 1000, bahn: 1000, hauptstrasse: 20, nebenstrasse: 3, weg: 1, ohne: 1 };
const RANK: Record<Trennart | 'ohne', number> = { gewaesser: 3, bahn: 3, hauptstrasse: 2, nebenstrasse: 1, weg: 1, ohne: 1 };

/** The strongest separator along a shared boundary (pieces under 1 m do not count, e.g. a corner). */
export function trennung(lens: Partial<Record<Trennart | 'ohne', number>>): Trennart | 'ohne' {
  let best: Trennart | 'ohne' = 'ohne';
  for (const [k, v] of Object.entries(lens) as [Trennart | 'ohne', number][]) {
    if (v >= 1 && (COST[k] > COST[best] || (COST[k] === COST[best] && k < best))) best = k;
  }
  if (best === 'ohne') {
    // only tiny pieces: take the longest
    let len = -1;
    for (const [k, v] of Object.entries(lens) as [Trennart | 'ohne', number][]) if (v > len) { len = v; best = k; }
  }
  return best;
}

interface Edge { a: number; b: number; cost: number; rank: number }

export function regionalize(blocks: readonly RegionBlock[], opts: RegionOptions): Region[] {
  return regionalizeDetail(blocks, opts).regions;
}

/** The districts and, unless switched off, what the local search changed. */
export function regionalizeDetail(blocks: readonly RegionBlock[], opts: RegionOptions): { regions: Region[]; suche: SucheErgebnis | null } {
  const { min, max } = opts;
  if (!(min >= 0) || !(max > 0) || min > max) throw new Error(`Ungültige Grenzen: --min ${min} muss ≤ --max ${max} sein (beide ≥ 0)`);
  const fest = opts.fest ?? new Map<number, string>();
  const index = new Map<number, number>();
  blocks.forEach((b, i) => index.set(b.nr, i));
  for (const nr of fest.keys()) if (!index.has(nr)) throw new Error(`Festlegung nennt Baublock ${nr}, den es nicht gibt`);

  const regions: Region[] = [];
  const festGroups = new Map<string, number[]>();
  for (const b of blocks) {
    const l = fest.get(b.nr);
    if (l !== undefined) festGroups.set(l, [...(festGroups.get(l) ?? []), b.nr]);
  }
  for (const [label, nrs] of [...festGroups].sort((p, q) => (p[0] < q[0] ? -1 : 1))) {
    regions.push({ festLabel: label, bloecke: nrs, gewicht: nrs.reduce((s, nr) => s + blocks[index.get(nr)!]!.gewicht, 0) });
  }

  // 1. graph of the free blocks
  // sorted by number: tie-breaks by index are then independent of the input order
  const free = blocks.filter((b) => !fest.has(b.nr)).sort((p, q) => p.nr - q.nr);
  const local = new Map<number, number>();
  free.forEach((b, i) => local.set(b.nr, i));
  const edges: Edge[] = [];
  free.forEach((b, i) => {
    for (const [nr, lens] of b.nachbarn) {
      const j = local.get(nr);
      if (j === undefined || j <= i) continue;
      const t = trennung(lens);
      const o = free[j]!;
      edges.push({ a: i, b: j, cost: COST[t] + Math.hypot(b.x - o.x, b.y - o.y) / 1000, rank: RANK[t] });
    }
  });
  edges.sort((p, q) => p.cost - q.cost || p.a - q.a || p.b - q.b);

  // 2. Kruskal
  const uf = free.map((_, i) => i);
  const find = (i: number): number => { while (uf[i] !== i) i = uf[i] = uf[uf[i]!]!; return i; };
  const tree: Edge[][] = free.map(() => []);
  for (const e of edges) {
    const ra = find(e.a), rb = find(e.b);
    if (ra === rb) continue;
    uf[ra] = rb;
    tree[e.a]!.push(e);
    tree[e.b]!.push(e);
  }
  const cut = new Set<Edge>();
  const w = free.map((b) => b.gewicht);

  /** nodes of the component containing `start` in the tree minus cut edges, in DFS order with parents */
  const component = (start: number) => {
    const order: number[] = [];
    const parentEdge = new Map<number, Edge | null>([[start, null]]);
    const stack = [start];
    while (stack.length) {
      const v = stack.pop()!;
      order.push(v);
      for (const e of tree[v]!) {
        if (cut.has(e)) continue;
        const u = e.a === v ? e.b : e.a;
        if (parentEdge.has(u)) continue;
        parentEdge.set(u, e);
        stack.push(u);
      }
    }
    return { order, parentEdge };
  };
  const divisible = (x: number) => x >= min && (x <= max || Math.ceil(x / max) <= Math.floor(x / min));

  // 3. top-down cuts
  const seen = new Uint8Array(free.length);
  const work: number[] = [];
  for (let i = 0; i < free.length; i++) if (!seen[i]) { for (const v of component(i).order) seen[v] = 1; work.push(i); }
  const done: number[][] = [];
  while (work.length) {
    const start = work.shift()!;
    const { order, parentEdge } = component(start);
    const sub = new Map<number, number>();
    for (let k = order.length - 1; k >= 0; k--) {
      const v = order[k]!;
      let s = w[v]!;
      for (const e of tree[v]!) {
        const u = e.a === v ? e.b : e.a;
        if (!cut.has(e) && parentEdge.get(u) === e) s += sub.get(u)!;
      }
      sub.set(v, s);
    }
    const total = sub.get(start)!;
    let best: Edge | null = null;
    let bestKey: number[] | null = null;
    for (const v of order) {
      const e = parentEdge.get(v);
      if (!e) continue;
      const s = sub.get(v)!, t = total - s;
      if (s < min || t < min) continue;
      const key = [divisible(s) && divisible(t) ? 1 : 0, e.rank, -Math.abs(s - t), -Math.min(e.a, e.b), -Math.max(e.a, e.b)];
      if (!bestKey || lexGreater(key, bestKey)) { best = e; bestKey = key; }
    }
    const mustSplit = total > max;
    const barrierSplit = best !== null && bestKey![1] === 3;
    if (best && (mustSplit || barrierSplit)) {
      cut.add(best);
      work.push(best.a, best.b);
    } else {
      done.push(order);
    }
  }
  // 4. parts lighter than `min` (an island, a bank cut off by fixed districts) join the neighbouring
  // part across the weakest barrier, preferring a join that stays within `max`
  const regionOf = new Int32Array(free.length);
  done.forEach((order, r) => order.forEach((v) => (regionOf[v] = r)));
  const members = done.map((o) => [...o]);
  const weight = done.map((o) => o.reduce((s, v) => s + w[v]!, 0));
  let merged = true;
  while (merged) {
    merged = false;
    const light = members.map((_, r) => r).filter((r) => members[r]!.length > 0 && weight[r]! < min).sort((p, q) => weight[p]! - weight[q]! || p - q);
    for (const r of light) {
      if (members[r]!.length === 0 || weight[r]! >= min) continue;
      let target = -1;
      let targetKey: number[] | null = null;
      for (const e of edges) {
        const ra = regionOf[e.a]!, rb = regionOf[e.b]!;
        if (ra === rb || (ra !== r && rb !== r)) continue;
        const o = ra === r ? rb : ra;
        const key = [weight[o]! + weight[r]! <= max ? 1 : 0, -e.cost, -o];
        if (!targetKey || lexGreater(key, targetKey)) { target = o; targetKey = key; }
      }
      if (target < 0) continue; // no neighbour at all: stays as it is
      for (const v of members[r]!) regionOf[v] = target;
      members[target]!.push(...members[r]!);
      members[r] = [];
      weight[target]! += weight[r]!;
      weight[r] = 0;
      merged = true;
    }
  }
  members.forEach((order) => {
    if (order.length === 0) return;
    const nrs = order.map((i) => free[i]!.nr).sort((a, b) => a - b);
    regions.push({ festLabel: null, bloecke: nrs, gewicht: order.reduce((s, i) => s + w[i]!, 0) });
  });
  if (opts.lokaleSuche === false) return { regions, suche: null };

  // 5. local search; the fixed districts take part only as fixed neighbours
  const districts = regions.map((r) => [...r.bloecke]);
  const fixed = new Set(regions.map((r, i) => (r.festLabel === null ? -1 : i)).filter((i) => i >= 0));
  const suche = lokaleSuche(blocks, districts, { min, max, fixed });
  const byNr = new Map(blocks.map((b) => [b.nr, b]));
  districts.forEach((d, i) => {
    const r = regions[i]!;
    r.bloecke = d.sort((a, b) => a - b);
    r.gewicht = d.reduce((s, nr) => s + byNr.get(nr)!.gewicht, 0);
  });
  return { regions, suche };
}

function lexGreater(a: number[], b: number[]): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! > b[k]!;
  return false;
}
