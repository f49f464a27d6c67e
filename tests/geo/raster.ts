/** Grids of square blocks (100 m) for the district tests: nr = y·w + x + 1, y grows northwards. */
import type { RegionBlock } from '../../shared/geo/gemeindeteile';
import type { Trennart } from '../../shared/geo/eingabe';

export type Sep = (x1: number, y1: number, x2: number, y2: number) => Trennart;

/** A w × h grid of blocks; `sep(x1,y1,x2,y2)` names the line between two neighbours. */
export function grid(w: number, h: number, gewicht: (x: number, y: number) => number, sep: Sep): RegionBlock[] {
  const nr = (x: number, y: number) => y * w + x + 1;
  const blocks: RegionBlock[] = [];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const nachbarn = new Map<number, Partial<Record<Trennart, number>>>();
    for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
      const X = x + dx, Y = y + dy;
      if (X < 0 || Y < 0 || X >= w || Y >= h) continue;
      nachbarn.set(nr(X, Y), { [sep(Math.min(x, X), Math.min(y, Y), Math.max(x, X), Math.max(y, Y))]: 100 });
    }
    blocks.push({ nr: nr(x, y), gewicht: gewicht(x, y), x: x * 100, y: y * 100, nachbarn, flaeche: 10_000, umfang: 400 });
  }
  return blocks;
}

/** Weights given as rows from north to south, as they are drawn in the tests. */
export const rows = (r: number[][]) => (x: number, y: number) => r[r.length - 1 - y]![x]!;

export function connected(blocks: readonly RegionBlock[], members: readonly number[]): boolean {
  const set = new Set(members);
  const byNr = new Map(blocks.map((b) => [b.nr, b]));
  const seen = new Set([members[0]!]);
  const stack = [members[0]!];
  while (stack.length) for (const n of byNr.get(stack.pop()!)!.nachbarn.keys()) if (set.has(n) && !seen.has(n)) { seen.add(n); stack.push(n); }
  return seen.size === set.size;
}

/** The districts as letters, north row first (for readable failure messages). */
export function picture(w: number, h: number, districts: readonly (readonly number[])[]): string {
  const g = Array.from({ length: h }, () => Array<string>(w).fill('?'));
  districts.forEach((d, i) => d.forEach((nr) => { g[Math.floor((nr - 1) / w)]![(nr - 1) % w] = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[i] ?? '*'; }));
  return g.reverse().map((r) => r.join('')).join('\n');
}
