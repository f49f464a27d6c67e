/**
 * The attacker: sees every published cell and knows every additive equation (area hierarchy for
 * additive Merkmale, the catalogue's `summe` relations) and, with `withInequalities`, every
 * Teil-Ganzes rule (`hoechstens`, L <= R) in each area where it holds in the true data (the rules
 * of severity Fehler hold everywhere after validation; a warning rule the data break would only
 * mislead him). For each suppressed cell it computes the tightest bounds the published data allow
 * with HiGHS (min and max of the cell subject to all of these, published cells fixed, all values
 * >= 0), as a linear programme or, with `integer`, as an integer programme (counts are whole
 * numbers: integer bounds can be narrower than LP bounds).
 *
 * Further knowledge (AttackOptions):
 *  - `insider`: the attacker is a Kommune and knows every cell of its own Stadt's subtree (as
 *    sync-server/publication.ts `seesRaw` shows them to it), and so every cell his own cells add
 *    up to (an area whose children are all his, e.g. a Kreis with a single Stadt); these are fixed
 *    to their true values and not attacked.
 *  - `knowledge`: further equations, e.g. the published Kennzahl rows (`indicatorKnowledge`).
 *
 * The equations are built here independently of shared/disclosure (from the tree, the catalogue's
 * compiled relations and the counts), so that a mistake in the method cannot hide in its own model.
 * Only equations touching a suppressed cell constrain anything; the LP for a cell uses the
 * connected block of equations around it (cells in other blocks cannot influence it).
 *
 * Every solution is a table consistent with everything the attacker knows, and so is the true
 * table: the attacker keeps, per cell, the smallest and largest value seen in any of them (for the
 * integer programme only integral solutions count). When these already lie `threshold` apart, the
 * cell's true interval is at least that wide and it is not solved (the reported interval is then
 * the seen one, `tight: false`); otherwise min and max are solved exactly. So a narrowed cell is
 * always found, at a fraction of the solves.
 */
import loadHighs from 'highs';
import type { AreaTree, Catalogue } from '../../shared';
import { ebeneDepth } from '../../shared/types';
import { indicatorSuppression, type DisclosureOptions, type SuppressionPattern } from '../../shared/disclosure';

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

export interface Equation {
  /** cell keys with coefficients; sum(coef * x) = rhs (default 0), or <= rhs for a `hoechstens` rule */
  terms: [string, number][];
  le?: boolean;
  rhs?: number;
}

const key = (a: string, m: string) => `${a}\u0000${m}`;
/** One HiGHS instance for all attacks (loading the WebAssembly module is not free). */
let highsModule: ReturnType<typeof loadHighs> | undefined;

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

/**
 * What readers learn from the published Kennzahl rows of the table's period (the rows of
 * /api/indicators for `leser`; a Kommune sees its own rows raw, which tells it nothing beyond its
 * own cells). A Kennzahl is numerator·faktor / denominator with numerator and denominator linear
 * in the cells of the row's area. A published row with a value (status ok: `indicatorSuppression`
 * leaves it alone) tells numerator(y)·faktor = value·denominator(y), value in full double precision
 * as the API sends it; a published row with status `nenner_null` tells denominator(y) = 0. Where
 * every cell of a row is published this is nothing new; where one is suppressed it is knowledge.
 *
 * Which `nenner_null` rows readers see: with `nennerNullSichtbar` every one (as
 * sync-server/publication.ts did when a suppressed row kept its status), otherwise only those
 * none of whose cells is suppressed (the reader then sees "gesperrt" for the others). Kennzahlen
 * reading another period (t-5) are left out: the table has one period.
 */
export function indicatorKnowledge(
  catalogue: Catalogue,
  tree: AreaTree,
  period: string,
  count: (a: string, m: string) => number | undefined,
  pattern: SuppressionPattern,
  options: DisclosureOptions = {},
  opts: { nennerNullSichtbar?: boolean } = {},
): Equation[] {
  const out: Equation[] = [];
  for (const k of catalogue.kennzahlen.values()) {
    if ([...k.zaehler.terms, ...k.nenner.terms].some((t) => t.offset !== 0)) continue;
    for (const a of tree.all()) {
      if (ebeneDepth(a.ebene) > ebeneDepth(k.tiefsteEbene)) continue;
      const evaluate = (terms: typeof k.zaehler.terms, constant: number) => {
        let v = constant;
        for (const t of terms) {
          const x = count(a.code, t.merkmal);
          if (x === undefined) return undefined;
          v += t.coefficient * x;
        }
        return v;
      };
      const n = evaluate(k.zaehler.terms, k.zaehler.constant);
      const d = evaluate(k.nenner.terms, k.nenner.constant);
      if (n === undefined || d === undefined) continue;
      const cellsOf = (terms: typeof k.zaehler.terms) => terms.map((t) => key(a.code, t.merkmal));
      if (d === 0) {
        const touchesSuppressed = [...cellsOf(k.zaehler.terms), ...cellsOf(k.nenner.terms)].some((c) => pattern.cells.has(c));
        if (touchesSuppressed && !opts.nennerNullSichtbar) continue;
        out.push({ terms: k.nenner.terms.map((t) => [key(a.code, t.merkmal), t.coefficient]), rhs: -k.nenner.constant });
        continue;
      }
      if (indicatorSuppression(k, a.code, period, n, d, () => pattern, options)) continue;
      // the value exactly as the engine computes it and JSON carries it
      const value = (n * k.faktor) / d;
      const terms = new Map<string, number>();
      for (const t of k.zaehler.terms) terms.set(key(a.code, t.merkmal), (terms.get(key(a.code, t.merkmal)) ?? 0) + k.faktor * t.coefficient);
      for (const t of k.nenner.terms) terms.set(key(a.code, t.merkmal), (terms.get(key(a.code, t.merkmal)) ?? 0) - value * t.coefficient);
      out.push({ terms: [...terms].filter(([, c]) => c !== 0), rhs: value * k.nenner.constant - k.faktor * k.zaehler.constant });
    }
  }
  return out;
}

/**
 * The cells the insider of Stadt `stadt` knows: every cell of its subtree, and every cell whose
 * hierarchy equation is in force with all children known (he adds them up himself).
 */
export function insiderKnows(catalogue: Catalogue, tree: AreaTree, count: (a: string, m: string) => number | undefined, stadt: string): (a: string, m: string) => boolean {
  const memo = new Map<string, boolean>();
  const knows = (a: string, m: string): boolean => {
    const k = key(a, m);
    let v = memo.get(k);
    if (v === undefined) {
      const ch = tree.children(a);
      v =
        tree.stadtOf(a) === stadt ||
        (catalogue.merkmale.get(m)?.additiv === true &&
          ch.length > 0 &&
          count(a, m) !== undefined &&
          ch.every((c) => count(c, m) !== undefined && knows(c, m)));
      memo.set(k, v);
    }
    return v;
  };
  return knows;
}

export interface AttackOptions {
  /** solve as an integer programme (after the LP, where integral points seen do not already prove the width) */
  integer?: boolean;
  /** the attacker is the insider of this Stadt: he knows its cells (see `insiderKnows`) */
  insider?: string;
  /** further equations the attacker knows (e.g. `indicatorKnowledge`) */
  knowledge?: Equation[];
  /** `equationsOf` already built for this table (saves building them again for each attacker) */
  equations?: Equation[];
  /**
   * unknowns the attacker reasons with that are no cells (key → true value), >= 0 and never
   * attacked themselves: e.g. the count of each age interval between two cuts of an area's bands
   * (tests/disclosure/altersbaender.test.ts), which the bands are sums of
   */
  latent?: ReadonlyMap<string, number>;
}

/** Intervals of all suppressed cells (additive Merkmale) the attacker does not know: solved exactly, or seen at least `threshold` wide (`tight: false`). */
export async function attack(
  catalogue: Catalogue,
  tree: AreaTree,
  count: (a: string, m: string) => number | undefined,
  pattern: SuppressionPattern,
  only?: (area: string, merkmal: string) => boolean,
  withInequalities = false,
  opts: AttackOptions = {},
): Promise<Interval[]> {
  const highs = await (highsModule ??= loadHighs());
  const knows = opts.insider ? insiderKnows(catalogue, tree, count, opts.insider) : () => false;
  const suppressed = new Set([...pattern.cells.keys()].filter((k) => !knows(...(k.split('\u0000') as [string, string]))));
  const latent = opts.latent ?? new Map<string, number>();
  const valueOf = (k: string) => {
    const l = latent.get(k);
    if (l !== undefined) return l;
    const [a, m] = k.split('\u0000') as [string, string];
    return count(a, m)!;
  };
  // Reduce every equation to its suppressed variables and a right-hand side of published values.
  const reduced: { vars: [string, number][]; rhs: number; le?: boolean }[] = [];
  const byVar = new Map<string, number[]>();
  const targets = [...suppressed].filter((k) => {
    const [a, m] = k.split('\u0000') as [string, string];
    return catalogue.merkmale.get(m)?.additiv && (!only || only(a, m));
  });
  if (targets.length === 0) return [];
  for (const e of [...(opts.equations ?? equationsOf(catalogue, tree, count, withInequalities)), ...(opts.knowledge ?? [])]) {
    const vars: [string, number][] = [];
    let rhs = e.rhs ?? 0;
    for (const [k, c] of e.terms) {
      if (suppressed.has(k) || latent.has(k)) vars.push([k, c]);
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
  // LP format wants plain decimals: a Kennzahl coefficient like 33.333333333333336 is written in
  // full (toString gives the shortest exact form; exponents are spelled out).
  const num = (x: number) => (Number.isInteger(x) ? String(x) : x.toPrecision(17).replace(/e\+?/, 'e'));
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
      return ` e${i}: ${e.vars.map(([k, c]) => `${c >= 0 ? '+' : '-'} ${num(Math.abs(c))} ${nameOf(k)}`).join(' ')} ${e.le ? '<=' : '='} ${num(e.rhs)}`;
    });
    const bounds = [...vars].map((k) => ` ${nameOf(k)} >= 0`);
    const constraints = lines.length ? lines.join('\n') : '';
    const general = `General\n${[...vars].map((k) => ` ${nameOf(k)}`).join('\n')}\n`;
    // Smallest and largest value of each cell over all tables seen (the true one first): any
    // solution for the LP, integral ones only for the integer programme.
    const seen = new Map<string, [number, number]>([...vars].map((k) => [k, [valueOf(k), valueOf(k)]]));
    const seenInt = new Map<string, [number, number]>([...vars].map((k) => [k, [valueOf(k), valueOf(k)]]));
    const see = (into: Map<string, [number, number]>, k: string, v: number) => {
      const s = into.get(k)!;
      s[0] = Math.min(s[0], v);
      s[1] = Math.max(s[1], v);
    };
    // Every cell of the block is attacked with the same constraints.
    for (const target of [...vars].sort()) {
      if (done.has(target) || latent.has(target)) continue;
      done.add(target);
      const [ta, tm] = target.split('\u0000') as [string, string];
      if (only && !only(ta, tm)) continue;
      const threshold = pattern.threshold(tm);
      const points = opts.integer ? seenInt : seen;
      const wide = () => points.get(target)![1] - points.get(target)![0] >= threshold;
      const seenInterval = (): Interval => {
        const [min, max] = points.get(target)!;
        return { area: ta, merkmal: tm, value: valueOf(target), min, max, threshold, tight: false };
      };
      if (wide()) {
        out.push(seenInterval());
        continue;
      }
      const solve = (sense: 'Minimize' | 'Maximize', integer: boolean) => {
        const lp = `${sense}\n obj: ${nameOf(target)}\nSubject To\n${constraints || ` e0: ${nameOf(target)} >= 0`}\nBounds\n${bounds.join('\n')}\n${integer ? general : ''}End`;
        const r = highs.solve(lp, { output_flag: false });
        if (r.Status === 'Unbounded') return Infinity;
        if (r.Status !== 'Optimal') throw new Error(`${integer ? 'MIP' : 'LP'} für ${target}: ${r.Status}`);
        const primal = [...vars].map((k) => [k, (r.Columns[nameOf(k)] as { Primal?: number } | undefined)?.Primal] as const);
        const integral = primal.every(([, v]) => v === undefined || Math.abs(v - Math.round(v)) < 1e-9);
        for (const [k, v] of primal) {
          if (v === undefined) continue;
          see(seen, k, v);
          if (integral) see(seenInt, k, Math.round(v));
        }
        return (r.Columns[nameOf(target)] as { Primal: number }).Primal;
      };
      const min = solve('Minimize', false);
      const max = solve('Maximize', false);
      // The integer interval lies inside the LP interval. It is solved unless integral tables
      // seen (the true one, integral LP vertices) already span the threshold. (Rounding the LP
      // bounds inwards is not enough: rules with coefficients like 5 and Kennzahl equations make
      // the integer hull smaller than the LP polytope by more than rounding – 2y - 2z = 1 has LP
      // solutions and no integral one.)
      // (An unbounded LP stays unbounded in integers: its rays are rational, and the true table is
      // an integral point to start from.)
      if (opts.integer && max === Infinity) out.push({ ...seenInterval(), max: Infinity });
      else if (opts.integer && (max - min < threshold || !wide())) {
        const imin = solve('Minimize', true);
        const imax = solve('Maximize', true);
        out.push({ area: ta, merkmal: tm, value: valueOf(target), min: imin, max: imax, threshold, tight: true });
      } else if (opts.integer) out.push(seenInterval());
      else out.push({ area: ta, merkmal: tm, value: valueOf(target), min, max, threshold, tight: true });
    }
  }
  return out;
}

const EPS = 1e-6;
/** Intervals that are narrower than the threshold (exact ones included) or miss the true value (a wrong model). */
export const broken = (iv: Interval[]) => iv.filter((i) => i.max - i.min < i.threshold - EPS || i.min > i.value + EPS || i.max < i.value - EPS);
export const exact = (iv: Interval[]) => iv.filter((i) => i.max - i.min < EPS);

export interface AttackerResult {
  /** 'außen' (sees only published cells) or the AGS of the Stadt whose insider attacks */
  attacker: string;
  intervals: Interval[];
  broken: Interval[];
}

/**
 * The outsider and the insider of every Stadt (an area that is its own `stadtOf`), each with the
 * sums, Teil-Ganzes rules and `knowledge`. An insider's knowledge changes only the blocks of
 * equations (among the outsider's suppressed cells) that hold a cell he knows; every other block
 * is the outsider's, with the same bounds, so only the cells of those blocks are attacked again.
 */
export async function attackAsEveryone(
  catalogue: Catalogue,
  tree: AreaTree,
  count: (a: string, m: string) => number | undefined,
  pattern: SuppressionPattern,
  opts: { integer?: boolean; knowledge?: Equation[]; latent?: ReadonlyMap<string, number>; only?: (area: string, merkmal: string) => boolean } = {},
): Promise<AttackerResult[]> {
  const equations = equationsOf(catalogue, tree, count, true);
  const attackOpts = { integer: opts.integer, knowledge: opts.knowledge, equations, latent: opts.latent };
  const outsider = await attack(catalogue, tree, count, pattern, opts.only, true, attackOpts);
  const results: AttackerResult[] = [{ attacker: 'außen', intervals: outsider, broken: broken(outsider) }];
  // blocks of the outsider's system: union-find over suppressed cells sharing an equation
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    for (let n = k; n !== r; ) {
      const next = parent.get(n)!;
      parent.set(n, r);
      n = next;
    }
    return r;
  };
  for (const e of [...equations, ...(opts.knowledge ?? [])]) {
    const vars = e.terms.map(([k]) => k).filter((k) => pattern.cells.has(k) || opts.latent?.has(k));
    for (const k of vars.slice(1)) parent.set(find(k), find(vars[0]!));
  }
  for (const stadt of tree.all().map((a) => a.code).filter((a) => tree.stadtOf(a) === a)) {
    const knows = insiderKnows(catalogue, tree, count, stadt);
    const touched = new Set([...pattern.cells.keys()].filter((k) => knows(...(k.split('\u0000') as [string, string]))).map(find));
    const only = (a: string, m: string) => touched.has(find(key(a, m))) && (!opts.only || opts.only(a, m));
    const intervals = await attack(catalogue, tree, count, pattern, only, true, { ...attackOpts, insider: stadt });
    results.push({ attacker: stadt, intervals, broken: broken(intervals) });
  }
  return results;
}
