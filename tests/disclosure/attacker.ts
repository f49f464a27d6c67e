/**
 * The attacker: sees every published cell and knows every additive equation (area hierarchy for
 * additive Merkmale, the catalogue's `summe` relations) and, with `withInequalities`, every
 * Teil-Ganzes rule (`hoechstens`, L <= R) in each area where it holds in the true data (the rules
 * of severity Fehler hold everywhere after validation; a warning rule the data break would only
 * mislead him). For each suppressed cell it computes the tightest bounds the published data allow
 * by linear programming with HiGHS (min and max of the cell subject to all of these, published
 * cells fixed, all values >= 0).
 *
 * The equations are built here independently of shared/disclosure (from the tree, the catalogue's
 * compiled relations and the counts), so that a mistake in the method cannot hide in its own model.
 * Only equations touching a suppressed cell constrain anything; the LP for a cell uses the
 * connected block of equations around it (cells in other blocks cannot influence it).
 *
 * Every LP solution is a table consistent with everything published, and so is the true table:
 * the attacker keeps, per cell, the smallest and largest value seen in any of them. When these
 * already lie `threshold` apart, the cell's true interval is at least that wide and its LPs are
 * skipped (the reported interval is then the seen one, `tight: false`); otherwise min and max are
 * solved exactly. So a narrowed cell is always found, at a fraction of the LPs.
 */
import loadHighs from 'highs';
import type { AreaTree, Catalogue } from '../../shared';
import type { SuppressionPattern } from '../../shared/disclosure';

export interface Interval {
  area: string;
  merkmal: string;
  value: number;
  min: number;
  max: number;
  threshold: number;
  /** min and max solved by LP; false: seen in other solutions, the true interval is at least as wide */
  tight: boolean;
}

interface Equation {
  /** cell keys with coefficients; sum(coef * x) = 0, or <= 0 for a `hoechstens` rule */
  terms: [string, number][];
  le?: boolean;
}

const key = (a: string, m: string) => `${a}\u0000${m}`;

export function equationsOf(
  catalogue: Catalogue,
  tree: AreaTree,
  count: (a: string, m: string) => number | undefined,
  withInequalities = false,
): Equation[] {
  const eqs: Equation[] = [];
  const areas = tree.all().map((a) => a.code);
  for (const m of catalogue.merkmale.values()) {
    if (!m.additiv) continue;
    for (const a of areas) {
      const ch = tree.children(a);
      if (ch.length === 0 || count(a, m.id) === undefined || ch.some((c) => count(c, m.id) === undefined)) continue;
      eqs.push({ terms: [[key(a, m.id), 1], ...ch.map((c) => [key(c, m.id), -1] as [string, number])] });
    }
  }
  for (const b of catalogue.beziehungen) {
    if (b.art !== 'summe' && !(withInequalities && b.art === 'hoechstens')) continue;
    const terms = [
      ...b.linksLinear.terms.map((t) => [t.merkmal, t.coefficient, t.offset] as const),
      ...b.rechtsLinear.terms.map((t) => [t.merkmal, -t.coefficient, t.offset] as const),
    ];
    if (terms.some((t) => t[2] !== 0) || b.linksLinear.constant !== b.rechtsLinear.constant) continue;
    for (const a of areas) {
      if (terms.some(([m]) => count(a, m) === undefined)) continue;
      // the same Merkmal may stand on both sides (5 * x <= y): merge coefficients
      const merged = new Map<string, number>();
      for (const [m, c] of terms) merged.set(key(a, m), (merged.get(key(a, m)) ?? 0) + c);
      // L - R <= 0 must hold in the true table, else the rule is no knowledge about this area
      if (b.art === 'hoechstens' && [...merged].reduce((s, [k, c]) => s + c * count(...(k.split('\u0000') as [string, string]))!, 0) > 0) continue;
      eqs.push({ terms: [...merged].filter(([, c]) => c !== 0), le: b.art === 'hoechstens' });
    }
  }
  return eqs;
}

/** Intervals of all suppressed cells (additive Merkmale): solved exactly, or seen at least `threshold` wide (`tight: false`). */
export async function attack(
  catalogue: Catalogue,
  tree: AreaTree,
  count: (a: string, m: string) => number | undefined,
  pattern: SuppressionPattern,
  only?: (area: string, merkmal: string) => boolean,
  withInequalities = false,
): Promise<Interval[]> {
  const highs = await loadHighs();
  const suppressed = new Set([...pattern.cells.keys()]);
  const valueOf = (k: string) => {
    const [a, m] = k.split('\u0000') as [string, string];
    return count(a, m)!;
  };
  // Reduce every equation to its suppressed variables and a right-hand side of published values.
  const reduced: { vars: [string, number][]; rhs: number; le?: boolean }[] = [];
  const byVar = new Map<string, number[]>();
  for (const e of equationsOf(catalogue, tree, count, withInequalities)) {
    const vars: [string, number][] = [];
    let rhs = 0;
    for (const [k, c] of e.terms) {
      if (suppressed.has(k)) vars.push([k, c]);
      else rhs -= c * valueOf(k);
    }
    if (vars.length === 0) continue;
    const i = reduced.push({ vars, rhs, le: e.le }) - 1;
    for (const [k] of vars) byVar.set(k, [...(byVar.get(k) ?? []), i]);
  }
  const names = new Map<string, string>();
  const nameOf = (k: string) => {
    let n = names.get(k);
    if (!n) names.set(k, (n = `x${names.size}`));
    return n;
  };
  const out: Interval[] = [];
  const done = new Set<string>();
  for (const cell of [...suppressed].sort()) {
    const [area, merkmal] = cell.split('\u0000') as [string, string];
    if (!catalogue.merkmale.get(merkmal)?.additiv || done.has(cell)) continue;
    if (only && !only(area, merkmal)) continue;
    // The connected block of equations around the cell.
    const vars = new Set<string>([cell]);
    const rows = new Set<number>();
    const queue = [cell];
    while (queue.length) {
      for (const r of byVar.get(queue.pop()!) ?? []) {
        if (rows.has(r)) continue;
        rows.add(r);
        for (const [k] of reduced[r]!.vars) if (!vars.has(k)) (vars.add(k), queue.push(k));
      }
    }
    const lines = [...rows].map((r, i) => {
      const e = reduced[r]!;
      return ` e${i}: ${e.vars.map(([k, c]) => `${c >= 0 ? '+' : '-'} ${Math.abs(c)} ${nameOf(k)}`).join(' ')} ${e.le ? '<=' : '='} ${e.rhs}`;
    });
    const bounds = [...vars].map((k) => ` ${nameOf(k)} >= 0`);
    const constraints = lines.length ? lines.join('\n') : '';
    // Smallest and largest value of each cell over all tables seen (the true one first).
    const seen = new Map<string, [number, number]>([...vars].map((k) => [k, [valueOf(k), valueOf(k)]]));
    const see = (k: string, v: number) => {
      const s = seen.get(k)!;
      s[0] = Math.min(s[0], v);
      s[1] = Math.max(s[1], v);
    };
    // Every cell of the block is attacked with the same constraints.
    for (const target of [...vars].sort()) {
      if (done.has(target)) continue;
      done.add(target);
      const [ta, tm] = target.split('\u0000') as [string, string];
      if (only && !only(ta, tm)) continue;
      const threshold = pattern.threshold(tm);
      const wide = () => seen.get(target)![1] - seen.get(target)![0] >= threshold;
      if (wide()) {
        const [min, max] = seen.get(target)!;
        out.push({ area: ta, merkmal: tm, value: valueOf(target), min, max, threshold, tight: false });
        continue;
      }
      const solve = (sense: 'Minimize' | 'Maximize') => {
        const lp = `${sense}\n obj: ${nameOf(target)}\nSubject To\n${constraints || ` e0: ${nameOf(target)} >= 0`}\nBounds\n${bounds.join('\n')}\nEnd`;
        const r = highs.solve(lp, { output_flag: false });
        if (r.Status === 'Unbounded') return Infinity;
        if (r.Status !== 'Optimal') throw new Error(`LP für ${target}: ${r.Status}`);
        for (const k of vars) {
          const col = r.Columns[nameOf(k)];
          if (col) see(k, col.Primal);
        }
        return r.Columns[nameOf(target)]!.Primal;
      };
      const min = solve('Minimize');
      const max = solve('Maximize');
      out.push({ area: ta, merkmal: tm, value: valueOf(target), min, max, threshold, tight: true });
    }
  }
  return out;
}
