/**
 * The AZP-style local search after the tree partition (shared/geo/lokalsuche.ts): constructed cases
 * where the tree partition leaves a barrier-crossing or a ragged district, and property tests that
 * bounds, contiguity and the fixed table always hold.
 */
import fc from 'fast-check';
import { regionalizeDetail, RegionBlock, Region } from '../../shared/geo/gemeindeteile';
import { bewertung, lokaleSuche, BORDER_PRICE } from '../../shared/geo/lokalsuche';
import type { Trennart } from '../../shared/geo/eingabe';
import { connected, grid, picture, rows } from './raster';

const lists = (rs: readonly Region[]) => rs.map((r) => r.bloecke);
/** block nr of the grid cell (x, y), y = 0 in the south */
const at = (w: number) => (x: number, y: number) => y * w + x + 1;

test('a river crossed along its whole length by the tree partition is crossed only once afterwards', () => {
  // 4 × 7 blocks, a river between the first and the second column, a main road under the top row.
  // The west bank (698 inhabitants) is lighter than min 1039, so one district has to cross the river.
  const w = 4, h = 7;
  const weights = rows([
    [166, 157, 140, 199],
    [55, 59, 108, 178],
    [122, 70, 76, 160],
    [91, 146, 57, 98],
    [146, 151, 64, 126],
    [60, 144, 164, 108],
    [58, 107, 67, 167],
  ]);
  const sep = (x1: number, y1: number, x2: number, y2: number): Trennart => (x1 === 0 && x2 === 1 ? 'gewaesser' : y1 === 5 && y2 === 6 ? 'hauptstrasse' : 'nebenstrasse');
  const blocks = grid(w, h, weights, sep);
  const opts = { min: 1039, max: 2374 };
  const tree = regionalizeDetail(blocks, { ...opts, lokaleSuche: false });
  const best = regionalizeDetail(blocks, opts);
  const before = bewertung(blocks, lists(tree.regions));
  const after = bewertung(blocks, lists(best.regions));

  // the tree partition keeps both banks together over all 7 rows: 700 m of river inside a district
  expect(before.barriereInnen).toBe(700);
  // afterwards the river runs inside a district for one block edge only (the forced crossing)
  expect(after.barriereInnen).toBe(100);
  expect(best.suche!.vorher).toEqual(before);
  expect(best.suche!.nachher).toEqual(after);
  expect(after.grenzkosten).toBeLessThan(before.grenzkosten);
  // the west bank is not split between districts on the other side: it is one district's bank
  const west = new Set(Array.from({ length: h }, (_, y) => best.regions.findIndex((r) => r.bloecke.includes(at(w)(0, y)))));
  expect(west.size).toBe(1);
  for (const r of best.regions) {
    expect(connected(blocks, r.bloecke)).toBe(true);
    expect(r.gewicht).toBeGreaterThanOrEqual(opts.min);
    expect(r.gewicht).toBeLessThanOrEqual(opts.max);
  }
});

test('a ragged district (a tail through residential streets) is straightened', () => {
  // 4 × 7 blocks, a main road under the top row, side streets elsewhere
  const w = 4, h = 7;
  const weights = rows([
    [66, 148, 189, 57],
    [126, 55, 197, 60],
    [168, 106, 185, 188],
    [113, 196, 88, 78],
    [86, 168, 156, 143],
    [90, 86, 84, 123],
    [87, 56, 78, 88],
  ]);
  const sep = (_x1: number, y1: number, _x2: number, y2: number): Trennart => (y1 === 5 && y2 === 6 ? 'hauptstrasse' : 'nebenstrasse');
  const blocks = grid(w, h, weights, sep);
  const opts = { min: 591, max: 1270 };
  const tree = regionalizeDetail(blocks, { ...opts, lokaleSuche: false });
  const best = regionalizeDetail(blocks, opts);
  const before = bewertung(blocks, lists(tree.regions));
  const after = bewertung(blocks, lists(best.regions));
  // the tree partition: one district is the top row plus a tail three blocks down the west edge
  const top = tree.regions.find((r) => r.bloecke.includes(at(w)(3, 6)))!;
  expect(top.bloecke).toEqual(expect.arrayContaining([at(w)(0, 5), at(w)(0, 4), at(w)(0, 3)]));
  expect(picture(w, h, lists(tree.regions))).not.toEqual(picture(w, h, lists(best.regions)));
  // afterwards: shorter and cheaper borders, more compact districts, no river or railway involved
  expect(after.barriereInnen).toBe(0);
  expect(after.grenzkosten).toBeLessThan(before.grenzkosten - 200);
  expect(after.polsbyPopper!).toBeGreaterThan(before.polsbyPopper! + 0.1);
  const topAfter = best.regions.find((r) => r.bloecke.includes(at(w)(3, 6)))!;
  expect(topAfter.bloecke).not.toContain(at(w)(0, 4));
  expect(topAfter.bloecke).not.toContain(at(w)(0, 3));
  for (const r of best.regions) {
    expect(connected(blocks, r.bloecke)).toBe(true);
    expect(r.gewicht).toBeGreaterThanOrEqual(opts.min);
    expect(r.gewicht).toBeLessThanOrEqual(opts.max);
  }
});

test('border prices: along a river or a main road a border is cheaper than through a side street', () => {
  expect(BORDER_PRICE.gewaesser).toBeLessThan(BORDER_PRICE.hauptstrasse);
  expect(BORDER_PRICE.bahn).toBeLessThan(BORDER_PRICE.hauptstrasse);
  expect(BORDER_PRICE.hauptstrasse).toBeLessThan(BORDER_PRICE.nebenstrasse);
  // a 1 × 3 strip, district {1} | {2, 3}: block 2 sits between a side street (west) and a main road
  // (east); moving it west puts the border on the main road
  const strip = grid(3, 1, () => 100, (x1) => (x1 === 1 ? 'hauptstrasse' : 'nebenstrasse'));
  const d = [[1], [2, 3]];
  const r = lokaleSuche(strip, d, { min: 100, max: 200 });
  expect(d).toEqual([[1, 2], [3]]);
  expect(r.verschoben).toBe(1);
  expect(r.nachher.grenzkosten).toBeCloseTo(100 * BORDER_PRICE.hauptstrasse, 9);
  // the same move is refused when the bounds forbid it
  const d2 = [[1], [2, 3]];
  expect(lokaleSuche(strip, d2, { min: 100, max: 150 }).verschoben).toBe(0);
  expect(d2).toEqual([[1], [2, 3]]);
});

test('a move that would split the district it leaves is refused', () => {
  // 3 × 3 blocks:  7 8 9    district A = {4, 5, 6} (middle row), B = {1, 2, 3}, C = {7, 8, 9}.
  //                4 5 6    Main roads (cheap borders) around 4 and 6 and between 4-5-6; side
  //                1 2 3    streets elsewhere. Block 5 would rather belong to B (its border would
  // then run on main roads only), but without 5, A falls apart into 4 and 6.
  const main = new Set(['0,0-0,1', '0,1-0,2', '2,0-2,1', '2,1-2,2', '0,1-1,1', '1,1-2,1']);
  const g = grid(3, 3, () => 100, (x1, y1, x2, y2) => (main.has(`${x1},${y1}-${x2},${y2}`) ? 'hauptstrasse' : 'nebenstrasse'));
  const start = [[4, 5, 6], [1, 2, 3], [7, 8, 9]];
  // the split would be cheaper, so only the contiguity rule keeps the search from doing it
  expect(bewertung(g, [[4, 6], [1, 2, 3, 5], [7, 8, 9]]).grenzkosten).toBeLessThan(bewertung(g, start).grenzkosten);
  const d = start.map((x) => [...x]);
  const r = lokaleSuche(g, d, { min: 0, max: 1000 });
  expect(r.verschoben).toBe(0);
  expect(d).toEqual(start);
});

test('hand-fixed districts neither lose nor gain blocks', () => {
  const blocks = grid(8, 6, (x, y) => 60 + ((x * 5 + y * 3) % 7) * 20, (x1, y1, x2) => (x1 === 3 && x2 === 4 ? 'bahn' : y1 % 2 ? 'hauptstrasse' : 'nebenstrasse'));
  const fest = new Map([[1, '07'], [2, '07'], [9, '07'], [10, '07'], [17, '07']]);
  const r = regionalizeDetail(blocks, { min: 500, max: 1400, fest });
  const fixed = r.regions.filter((x) => x.festLabel === '07');
  expect(fixed).toHaveLength(1);
  expect(fixed[0]!.bloecke).toEqual([1, 2, 9, 10, 17]);
});

// ---- properties --------------------------------------------------------------------------------

const TYPES: Trennart[] = ['gewaesser', 'bahn', 'hauptstrasse', 'nebenstrasse', 'nebenstrasse', 'nebenstrasse', 'weg'];
const outside = (g: number, min: number, max: number) => Math.max(0, min - g, g - max);

const arbCase = fc.record({
  w: fc.integer({ min: 2, max: 7 }),
  h: fc.integer({ min: 2, max: 7 }),
  seedWeights: fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 49, maxLength: 49 }),
  seedSeps: fc.array(fc.integer({ min: 0, max: TYPES.length - 1 }), { minLength: 98, maxLength: 98 }),
  parts: fc.integer({ min: 1, max: 6 }),
  spread: fc.double({ min: 1, max: 3, noNaN: true }),
  fixedCount: fc.integer({ min: 0, max: 4 }),
});

type Case = typeof arbCase extends fc.Arbitrary<infer T> ? T : never;

/** a grid with arbitrary weights and line types, bounds around total/(parts+1), a few fixed blocks */
function build(c: Case) {
  const { w, h, seedWeights, seedSeps } = c;
  // each edge (x1,y1)→east or →north has its own line type
  const blocks = grid(w, h, (x, y) => seedWeights[y * 7 + x]!, (x1, y1, x2) => TYPES[seedSeps[(y1 * 7 + x1) * 2 + (x2 > x1 ? 0 : 1)]!]!);
  const total = blocks.reduce((s, b) => s + b.gewicht, 0);
  const min = Math.floor(total / (c.parts + 1));
  const max = Math.max(min, Math.ceil(min * c.spread));
  const fest = new Map<number, string>();
  for (let nr = 1; nr <= Math.min(c.fixedCount, blocks.length - 1); nr++) fest.set(nr, '42');
  return { blocks, min, max, fest };
}

/** brute force: is there any allowed single move that improves the objective? */
function improvingMoveLeft(blocks: readonly RegionBlock[], regions: readonly Region[], min: number, max: number): string | null {
  const ds = regions.map((r) => [...r.bloecke]);
  const base = bewertung(blocks, ds);
  const of = new Map<number, number>();
  ds.forEach((d, i) => d.forEach((nr) => of.set(nr, i)));
  const weight = (d: number[]) => d.reduce((s, nr) => s + blocks.find((b) => b.nr === nr)!.gewicht, 0);
  for (const b of blocks) {
    const a = of.get(b.nr)!;
    if (regions[a]!.festLabel !== null) continue;
    for (const nb of b.nachbarn.keys()) {
      const t = of.get(nb)!;
      if (t === a || regions[t]!.festLabel !== null) continue;
      const rest = ds[a]!.filter((nr) => nr !== b.nr);
      if (rest.length === 0 || !connected(blocks, rest)) continue;
      const wa = weight(ds[a]!), wt = weight(ds[t]!);
      if (outside(wa - b.gewicht, min, max) > outside(wa, min, max) || outside(wt + b.gewicht, min, max) > outside(wt, min, max)) continue;
      const moved = ds.map((d, i) => (i === a ? rest : i === t ? [...d, b.nr] : d));
      const e = bewertung(blocks, moved);
      if (e.barriereInnen < base.barriereInnen - 1e-3 || (e.barriereInnen <= base.barriereInnen + 1e-3 && e.grenzkosten < base.grenzkosten - 1e-3)) return `${b.nr} → ${t}`;
    }
  }
  return null;
}

test('property: after the search every district is contiguous, no district is further outside the bounds, fixed districts are untouched, and no improving move is left', () => {
  fc.assert(
    fc.property(arbCase, (c) => {
      const { blocks, min, max, fest } = build(c);
      const tree = regionalizeDetail(blocks, { min, max, fest, lokaleSuche: false });
      const best = regionalizeDetail(blocks, { min, max, fest });
      // same districts in the same order: the search only moves blocks between them
      expect(best.regions.map((r) => r.festLabel)).toEqual(tree.regions.map((r) => r.festLabel));
      const all = best.regions.flatMap((r) => r.bloecke).sort((a, b) => a - b);
      expect(all).toEqual(blocks.map((b) => b.nr));
      best.regions.forEach((r, i) => {
        const t = tree.regions[i]!;
        expect(r.bloecke.length).toBeGreaterThan(0);
        if (r.festLabel === null) expect(connected(blocks, r.bloecke)).toBe(true);
        else expect(r.bloecke).toEqual(t.bloecke);
        expect(r.gewicht).toBe(r.bloecke.reduce((s, nr) => s + blocks[nr - 1]!.gewicht, 0));
        // within the bounds stays within; outside gets no further out
        expect(outside(r.gewicht, min, max)).toBeLessThanOrEqual(outside(t.gewicht, min, max));
      });
      // the objective: never worse, and the reported figures are the recomputed ones
      const before = bewertung(blocks, lists(tree.regions)), after = bewertung(blocks, lists(best.regions));
      expect(best.suche!.vorher.barriereInnen).toBeCloseTo(before.barriereInnen, 6);
      expect(best.suche!.nachher.barriereInnen).toBeCloseTo(after.barriereInnen, 6);
      expect(best.suche!.nachher.grenzkosten).toBeCloseTo(after.grenzkosten, 6);
      expect(after.barriereInnen).toBeLessThanOrEqual(before.barriereInnen + 1e-6);
      if (after.barriereInnen > before.barriereInnen - 1e-6) expect(after.grenzkosten).toBeLessThanOrEqual(before.grenzkosten + 1e-6);
      // a local optimum: no allowed single move improves it
      expect(improvingMoveLeft(blocks, best.regions, min, max)).toBeNull();
    }),
    { numRuns: 150, seed: 20261125 },
  );
});

test('property: deterministic, whatever the order of the blocks', () => {
  fc.assert(
    fc.property(arbCase, (c) => {
      const { blocks, min, max, fest } = build(c);
      const a = regionalizeDetail(blocks, { min, max, fest });
      const b = regionalizeDetail([...blocks].reverse(), { min, max, fest });
      expect(lists(b.regions)).toEqual(lists(a.regions));
      expect(b.suche).toEqual(a.suche);
    }),
    { numRuns: 60, seed: 7 },
  );
});
