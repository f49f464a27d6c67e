import { regionalize } from '../../shared/geo/gemeindeteile';
import { connected, grid } from './raster';

const riverAt4 = (x1: number, _y1: number, x2: number) => (x1 === 3 && x2 === 4 ? 'gewaesser' : 'nebenstrasse');

test('districts are contiguous, within bounds, and do not cross the river', () => {
  const blocks = grid(10, 10, () => 100, riverAt4);
  const regions = regionalize(blocks, { min: 1000, max: 2500 });
  expect(regions.reduce((s, r) => s + r.bloecke.length, 0)).toBe(100);
  for (const r of regions) {
    expect(connected(blocks, r.bloecke)).toBe(true);
    expect(r.gewicht).toBeGreaterThanOrEqual(1000);
    expect(r.gewicht).toBeLessThanOrEqual(2500);
    const sides = new Set(r.bloecke.map((nr) => ((nr - 1) % 10 < 4 ? 'west' : 'ost')));
    expect(sides.size).toBe(1);
  }
});

test('the river is crossed when the bounds force it: a bank lighter than min joins across', () => {
  const riverAt1 = (x1: number, _y1: number, x2: number) => (x1 === 0 && x2 === 1 ? 'gewaesser' : 'nebenstrasse');
  const blocks = grid(6, 3, () => 100, riverAt1); // the west bank: 3 blocks = 300 < min
  const regions = regionalize(blocks, { min: 500, max: 2000 });
  for (const r of regions) expect(r.gewicht).toBeGreaterThanOrEqual(500);
  const west = regions.find((r) => r.bloecke.includes(1))!;
  expect(west.bloecke).toEqual(expect.arrayContaining([1, 7, 13]));
  expect(west.bloecke.some((nr) => (nr - 1) % 6 >= 1)).toBe(true);
});

test('main roads are preferred as borders', () => {
  // a 8 × 2 strip with a main road between columns 3 and 4: the only cut should be there
  const main = (x1: number, _y1: number, x2: number) => (x1 === 3 && x2 === 4 ? 'hauptstrasse' : 'weg');
  const blocks = grid(8, 2, () => 100, main);
  const regions = regionalize(blocks, { min: 500, max: 1200 });
  expect(regions).toHaveLength(2);
  for (const r of regions) expect(new Set(r.bloecke.map((nr) => ((nr - 1) % 8 < 4 ? 'w' : 'o'))).size).toBe(1);
});

test('a hand-fixed table wins over the algorithm', () => {
  const blocks = grid(10, 10, () => 100, riverAt4);
  // blocks 1..3 and 14 (across nothing in particular) are fixed to district 07
  const fest = new Map([[1, '07'], [2, '07'], [3, '07'], [14, '07']]);
  const regions = regionalize(blocks, { min: 1000, max: 2500, fest });
  const fixed = regions.filter((r) => r.festLabel === '07');
  expect(fixed).toHaveLength(1);
  expect(fixed[0]!.bloecke).toEqual([1, 2, 3, 14]);
  for (const r of regions.filter((x) => x.festLabel === null)) for (const nr of [1, 2, 3, 14]) expect(r.bloecke).not.toContain(nr);
  expect(() => regionalize(blocks, { min: 1000, max: 2500, fest: new Map([[999, '01']]) })).toThrow(/Baublock 999/);
});

test('deterministic: the same input gives the same districts, whatever the block order', () => {
  const blocks = grid(12, 9, (x, y) => 50 + ((x * 7 + y * 13) % 11) * 10, (x1, y1, x2) => (x1 === 5 && x2 === 6 ? 'bahn' : (x1 + y1) % 3 === 0 ? 'hauptstrasse' : 'nebenstrasse'));
  const a = regionalize(blocks, { min: 800, max: 2000 });
  const b = regionalize([...blocks].reverse(), { min: 800, max: 2000 });
  const norm = (rs: typeof a) => rs.map((r) => r.bloecke.join(',')).sort();
  expect(norm(b)).toEqual(norm(a));
});

test('bad bounds are refused', () => {
  expect(() => regionalize(grid(2, 2, () => 1, () => 'weg'), { min: 10, max: 5 })).toThrow(/--min 10 muss ≤ --max 5/);
});
