/**
 * Local improvement of Gemeindeteile after the tree partition (gemeindeteile.ts), in the manner of
 * AZP, the automatic zoning procedure (Openshaw 1977; Openshaw & Rao 1995; PySAL spopt `AZP` is the
 * reference): boundary Baublöcke move to a neighbouring Gemeindeteil when that improves the objective.
 * The tree partition can only cut its spanning tree, so its districts follow the tree's branches:
 * ragged borders through residential streets, or a strip of blocks on the wrong side of a main road.
 * The local search straightens that out without touching what the tree partition guarantees.
 *
 * Objective (smaller is better), compared lexicographically, so the first term is never traded
 * against the second:
 *  1. Homogeneity — barrier length inside districts: metres of river and railway separating two
 *     blocks of the same Gemeindeteil. This is what the tree partition optimises (its edge costs make
 *     river and railway the most expensive links), and a move may only keep or lower it.
 *  2. Compactness — weighted border length: for every pair of neighbouring blocks in different
 *     Gemeindeteile, the length of their shared edge times a price per line type (BORDER_PRICE):
 *     river or railway 0.1, main road 0.3, side street, footpath or no line 1 per metre. With fixed
 *     district areas, a shorter perimeter means a more compact district (Polsby-Popper 4πA/P² rises
 *     as P falls); the sum of perimeters is the additive form of that measure, which a move changes
 *     only at the moved block, and the prices make a border along a barrier almost free and one
 *     through a residential street expensive — the districts the issue asks for.
 *
 * Rule (deterministic): sweep the free blocks in order of block number. For a block in district A
 * with neighbours in district B ≠ A, the move A → B is allowed when
 *  - the objective improves (term 1 falls, or term 1 stays and term 2 falls by more than 1 mm),
 *  - the bounds hold: A stays ≥ min and B stays ≤ max; a district already outside the bounds (the
 *    tree partition could not avoid it) may not get further outside,
 *  - A stays connected without the block (a search over A's blocks) and keeps at least one block;
 *    B with the block is connected because the block touches B.
 * Among several allowed targets the larger improvement wins, ties by the smaller district index.
 * Sweeps repeat until one moves nothing (at most MAX_SWEEPS). Every move strictly improves the
 * objective, so the search ends; it uses no randomness, so the result is reproducible.
 * Hand-fixed blocks (the Kreis' table) never move, and no block moves into a fixed district. Codes
 * are given after the search (gebiete.ts), so `--vorher` keeps them stable exactly as before.
 *
 * Limits: single-block moves reach a local optimum only (no tabu list, no annealing, no swaps of two
 * blocks); e.g. two long parallel strips are not rebuilt into squares, because every single move
 * lengthens the border first.
 */
import type { Trennart } from './eingabe';

type Lens = Partial<Record<Trennart | 'ohne', number>>;

/** price per metre of district border along a line of this type */
export const BORDER_PRICE: Record<Trennart | 'ohne', number> = { gewaesser: 0.1, bahn: 0.1, hauptstrasse: 0.3, nebenstrasse: 1, weg: 1, ohne: 1 };
const MAX_SWEEPS = 50;
const EPS = 1e-3;

export interface SucheBlock {
  nr: number;
  gewicht: number;
  nachbarn: Map<number, Lens>;
  /** m², for the Polsby-Popper figure only */
  flaeche?: number;
  /** outline length in m (all rings), for the Polsby-Popper figure only */
  umfang?: number;
}

export interface Bewertung {
  /** metres of river/railway between two blocks of the same district (term 1) */
  barriereInnen: number;
  /** price-weighted border length between districts (term 2) */
  grenzkosten: number;
  /** mean Polsby-Popper score 4πA/P² of the districts (1 = circle), when areas and outlines are known */
  polsbyPopper: number | null;
}

export interface SucheErgebnis {
  vorher: Bewertung;
  nachher: Bewertung;
  /** number of block moves */
  verschoben: number;
  durchlaeufe: number;
}

const barrierLen = (l: Lens) => (l.gewaesser ?? 0) + (l.bahn ?? 0);
const borderCost = (l: Lens) => {
  let s = 0;
  for (const [k, v] of Object.entries(l) as [Trennart | 'ohne', number][]) s += (v ?? 0) * (BORDER_PRICE[k] ?? 1);
  return s;
};
const totalLen = (l: Lens) => Object.values(l).reduce<number>((s, v) => s + (v ?? 0), 0);

/** Neighbour pairs once each (lower nr first); a pair listed by only one side still counts. */
function pairs(blocks: readonly SucheBlock[]): { a: number; b: number; lens: Lens }[] {
  const known = new Set(blocks.map((b) => b.nr));
  const out = new Map<string, { a: number; b: number; lens: Lens }>();
  for (const b of [...blocks].sort((p, q) => p.nr - q.nr)) {
    for (const [nr, lens] of b.nachbarn) {
      if (!known.has(nr) || nr === b.nr) continue;
      const a = Math.min(b.nr, nr), c = Math.max(b.nr, nr);
      const k = `${a},${c}`;
      if (!out.has(k)) out.set(k, { a, b: c, lens });
    }
  }
  return [...out.values()];
}

/** The objective (and the Polsby-Popper figure) of any partition of the blocks into districts. */
export function bewertung(blocks: readonly SucheBlock[], districts: readonly (readonly number[])[]): Bewertung {
  const of = new Map<number, number>();
  districts.forEach((d, i) => d.forEach((nr) => of.set(nr, i)));
  let barriereInnen = 0, grenzkosten = 0;
  const inner = new Float64Array(districts.length);
  for (const { a, b, lens } of pairs(blocks)) {
    const da = of.get(a), db = of.get(b);
    if (da === undefined || db === undefined) continue;
    if (da === db) { barriereInnen += barrierLen(lens); inner[da] = inner[da]! + totalLen(lens); } else grenzkosten += borderCost(lens);
  }
  let polsbyPopper: number | null = null;
  if (districts.length && blocks.every((b) => b.flaeche !== undefined && b.umfang !== undefined)) {
    const byNr = new Map(blocks.map((b) => [b.nr, b]));
    let sum = 0;
    districts.forEach((d, i) => {
      let area = 0, outline = 0;
      for (const nr of d) { area += byNr.get(nr)!.flaeche!; outline += byNr.get(nr)!.umfang!; }
      // shared edges are part of both blocks' outlines and of neither side of the district border
      const p = outline - 2 * inner[i]!;
      sum += p > 0 ? (4 * Math.PI * area) / (p * p) : 0;
    });
    polsbyPopper = sum / districts.length;
  }
  return { barriereInnen, grenzkosten, polsbyPopper };
}

/**
 * Improves `districts` (lists of block numbers) in place by moving boundary blocks; the districts
 * whose index is in `fixed` are neither changed nor joined.
 */
export function lokaleSuche(
  blocks: readonly SucheBlock[],
  districts: number[][],
  opts: { min: number; max: number; fixed?: ReadonlySet<number> },
): SucheErgebnis {
  const { min, max } = opts;
  const fixed = opts.fixed ?? new Set<number>();
  const vorher = bewertung(blocks, districts);
  const sorted = [...blocks].sort((p, q) => p.nr - q.nr);
  const idx = new Map<number, number>();
  sorted.forEach((b, i) => idx.set(b.nr, i));
  const n = sorted.length;

  // adjacency with the two per-pair terms
  const adj: { u: number; bar: number; cost: number }[][] = sorted.map(() => []);
  for (const { a, b, lens } of pairs(sorted)) {
    const i = idx.get(a)!, j = idx.get(b)!;
    const bar = barrierLen(lens), cost = borderCost(lens);
    adj[i]!.push({ u: j, bar, cost });
    adj[j]!.push({ u: i, bar, cost });
  }
  const region = new Int32Array(n).fill(-1);
  const size: number[] = districts.map((d) => d.length);
  const weight: number[] = districts.map(() => 0);
  districts.forEach((d, r) => d.forEach((nr) => {
    const i = idx.get(nr);
    if (i === undefined) throw new Error(`Gemeindeteil ${r + 1} nennt Baublock ${nr}, den es nicht gibt`);
    region[i] = r;
    weight[r]! += sorted[i]!.gewicht;
  }));

  const outside = (w: number) => Math.max(0, min - w, w - max);
  // `seen` marks with a stamp per search, so it is allocated once
  const seen = new Int32Array(n);
  let stamp = 0;
  const stack: number[] = [];
  /** is district r still connected without block v? */
  const connectedWithout = (r: number, v: number): boolean => {
    if (size[r]! <= 1) return false;
    const start = adj[v]!.find((e) => region[e.u] === r)?.u;
    if (start === undefined) return false;
    stamp++;
    seen[v] = stamp;
    seen[start] = stamp;
    stack.length = 0;
    stack.push(start);
    let reached = 1;
    while (stack.length) {
      const x = stack.pop()!;
      for (const e of adj[x]!) {
        if (region[e.u] !== r || seen[e.u] === stamp) continue;
        seen[e.u] = stamp;
        reached++;
        stack.push(e.u);
      }
    }
    return reached === size[r]! - 1;
  };

  let verschoben = 0, durchlaeufe = 0;
  const dBar = new Map<number, number>(), dCost = new Map<number, number>();
  for (let moved = true; moved && durchlaeufe < MAX_SWEEPS;) {
    moved = false;
    durchlaeufe++;
    for (let v = 0; v < n; v++) {
      const a = region[v]!;
      if (a < 0 || fixed.has(a)) continue;
      // per neighbouring district: what leaving A and joining it changes
      let barA = 0, costA = 0;
      dBar.clear();
      dCost.clear();
      for (const e of adj[v]!) {
        const r = region[e.u]!;
        if (r < 0) continue;
        if (r === a) { barA += e.bar; costA += e.cost; continue; }
        if (fixed.has(r)) continue;
        dBar.set(r, (dBar.get(r) ?? 0) + e.bar);
        dCost.set(r, (dCost.get(r) ?? 0) + e.cost);
      }
      if (dBar.size === 0) continue;
      const w = sorted[v]!.gewicht;
      let best = -1, bestBar = 0, bestCost = 0;
      for (const b of [...dBar.keys()].sort((p, q) => p - q)) {
        // term 1: A-pairs become borders (−barA), B-pairs become inner (+); term 2 the other way round
        const d1 = dBar.get(b)! - barA, d2 = costA - dCost.get(b)!;
        const improves = d1 < -EPS || (d1 <= EPS && d2 < -EPS);
        if (!improves) continue;
        if (outside(weight[a]! - w) > outside(weight[a]!) || outside(weight[b]! + w) > outside(weight[b]!)) continue;
        if (best >= 0 && !(d1 < bestBar - EPS || (d1 <= bestBar + EPS && d2 < bestCost - EPS))) continue;
        best = b; bestBar = d1; bestCost = d2;
      }
      if (best < 0 || !connectedWithout(a, v)) continue;
      region[v] = best;
      size[a]!--; size[best]!++;
      weight[a]! -= w; weight[best]! += w;
      verschoben++;
      moved = true;
    }
  }
  districts.forEach((d, r) => {
    if (fixed.has(r)) return;
    d.length = 0;
  });
  for (let i = 0; i < n; i++) {
    const r = region[i]!;
    if (r >= 0 && !fixed.has(r)) districts[r]!.push(sorted[i]!.nr);
  }
  return { vorher, nachher: bewertung(blocks, districts), verschoben, durchlaeufe };
}
