/**
 * Geheimhaltung: primary and secondary cell suppression for one period's table of counts
 * (area × Merkmal), protecting against anyone who sees every published cell and knows the
 * additive relations (area hierarchy; catalogue `summe` rules).
 *
 * Method (a modular, certificate-based variant of the hypercube idea of Tau-Argus):
 *  - Primary: a count 0 < x < threshold (default 3, per Merkmal configurable; 0 only when
 *    configured as confidential) is suppressed.
 *  - Secondary: for every suppressed cell that is not yet protected, choose a "protection
 *    certificate" d: a vector over the cells with d = +1 on the cell, entries in {-1, 0, +1}, zero
 *    on every published cell, satisfying every additive equation (A·d = 0), and such that every
 *    cell with d = -1 holds at least a and every cell with d = +1 at least b, a + b = t (the
 *    largest threshold involved). Then x + a·d and x - b·d are other tables that agree with all
 *    published cells and all equations and are non-negative, so every cell in the support of d
 *    can move over an interval a + b = t wide: it is neither exact nor narrower than t. Every suppressed cell lies in the support of some certificate with |d| = 1, which
 *    proves the protection for all of them (the LP attacker test checks it independently).
 *  - Certificates are a Merkmal pattern σ (one Merkmal: +1; or a relation block: total and part
 *    both +1, or two parts +1/-1 – each satisfies total = Σ parts) times an area pattern ε on the
 *    tree (a +1 path from the cell down to a leaf, and from the lowest ancestor where a sibling can
 *    take -1, that sibling's -1 path down to a leaf). Among all σ and all paths the one adding the
 *    least (population + 1 per cell) is chosen by dynamic programming; ties by code order, so the
 *    result is deterministic. Cells are processed top-down (Kreis first), as in the modular method:
 *    certificates of large areas often protect small ones on the way.
 *  - Non-additive Merkmale (moves) have no equations and are only primary-suppressed.
 *
 * Only `summe` relations whose sides are plain Merkmale with coefficient 1 in the same period are
 * used, and a Merkmal may belong to at most one of them (the standard catalogue fulfils both);
 * `hoechstens` relations (inequalities) are not used. An equation in which a cell has no value is
 * not used either (the engine then takes the reported total).
 */
import type { AreaTree } from '../areas/areas';
import type { Catalogue } from '../catalogue/catalogue';
import type { LinearExpression } from '../catalogue/formula';
import { ebeneDepth } from '../types';

export interface DisclosureOptions {
  /** threshold for counts (default 3): 0 < x < schwelle is suppressed */
  schwelle?: number;
  /** thresholds per Merkmal, overriding `schwelle` */
  schwelleJeMerkmal?: Record<string, number>;
  /** whether a 0 is confidential (default: no) */
  nullVertraulich?: boolean | Record<string, boolean>;
  /** smallest denominator of a Kennzahl (default 50); the catalogue's `mindestNenner` wins */
  mindestNenner?: number;
}

export type Sperre = 'primaer' | 'sekundaer';

export interface CellSuppression {
  sperre: Sperre;
  grund: string;
}

export const GRUND_SEKUNDAER = 'gesperrt, damit eine gesperrte Zahl nicht aus Summen errechnet werden kann';
export const grundPrimaer = (t: number): string => `weniger als ${t} Fälle`;
export const GRUND_NULL = 'Nullwert ist für dieses Merkmal geheim';

export interface SuppressionPattern {
  readonly cells: ReadonlyMap<string, CellSuppression>;
  /** suppression of one cell, undefined when published */
  get(area: string, merkmal: string): CellSuppression | undefined;
  threshold(merkmal: string): number;
  /** cells for which no certificate could be found (should be empty; see `ungeschuetzt` in tests) */
  readonly unprotected: string[];
  readonly stats: { primaer: number; sekundaer: number; populationSekundaer: number; populationPrimaer: number };
}

export const cellKey = (area: string, merkmal: string): string => `${area}\u0000${merkmal}`;

export type CountLookup = (area: string, merkmal: string) => number | undefined;

/** The additive relation blocks of a catalogue: total = Σ parts (plain Merkmale, coefficient 1). */
export function summeBlocks(catalogue: Catalogue): { total: string; parts: string[] }[] {
  const blocks: { total: string; parts: string[] }[] = [];
  const used = new Set<string>();
  for (const b of catalogue.beziehungen) {
    if (b.art !== 'summe') continue;
    const l = plain(b.linksLinear, catalogue);
    const r = plain(b.rechtsLinear, catalogue);
    if (!l || !r || l.length !== 1 || r.length < 1) continue;
    const all = [...l, ...r];
    if (all.some((m) => used.has(m)) || new Set(all).size !== all.length) continue;
    all.forEach((m) => used.add(m));
    blocks.push({ total: l[0]!, parts: r });
  }
  return blocks;
}

function plain(e: LinearExpression | undefined, catalogue: Catalogue): string[] | undefined {
  if (!e || e.constant !== 0) return undefined;
  if (e.terms.some((t) => t.coefficient !== 1 || t.offset !== 0 || !catalogue.merkmale.get(t.merkmal)?.additiv)) return undefined;
  return e.terms.map((t) => t.merkmal);
}

export function thresholdOf(options: DisclosureOptions, merkmal: string): number {
  return options.schwelleJeMerkmal?.[merkmal] ?? options.schwelle ?? 3;
}

function zeroConfidential(options: DisclosureOptions, merkmal: string): boolean {
  const z = options.nullVertraulich;
  return typeof z === 'object' ? z[merkmal] === true : z === true;
}

/** Primary and secondary suppression of the table of one period. */
export function suppressTable(catalogue: Catalogue, tree: AreaTree, count: CountLookup, options: DisclosureOptions = {}): SuppressionPattern {
  const cells = new Map<string, CellSuppression>();
  const covered = new Map<string, number>();
  const t = (m: string) => thresholdOf(options, m);
  const order = tree
    .all()
    .map((a) => a.code)
    .sort((a, b) => ebeneDepth(tree.get(a)!.ebene) - ebeneDepth(tree.get(b)!.ebene) || (a < b ? -1 : a > b ? 1 : 0));
  const merkmale = [...catalogue.merkmale.values()];
  const stats = { primaer: 0, sekundaer: 0, populationSekundaer: 0, populationPrimaer: 0 };

  // Counts per Merkmal and area, read once (the search below reads them many times).
  const values = new Map<string, Map<string, number>>(merkmale.map((m) => [m.id, new Map()]));
  const suppressedIn = new Map<string, Set<string>>(merkmale.map((m) => [m.id, new Set()]));
  const val = (area: string, m: string) => values.get(m)?.get(area);
  const isSuppressed = (area: string, m: string) => suppressedIn.get(m)?.has(area) === true;

  // Primary suppression.
  const primaries: [string, string][] = [];
  for (const area of order) {
    for (const m of merkmale) {
      const x = count(area, m.id);
      if (x === undefined) continue;
      values.get(m.id)!.set(area, x);
      const th = t(m.id);
      if ((x > 0 && x < th) || (x === 0 && zeroConfidential(options, m.id))) {
        cells.set(cellKey(area, m.id), { sperre: 'primaer', grund: x === 0 ? GRUND_NULL : grundPrimaer(th) });
        suppressedIn.get(m.id)!.add(area);
        stats.primaer++;
        stats.populationPrimaer += x;
        if (m.additiv) primaries.push([area, m.id]);
      }
    }
  }

  const blockOf = new Map<string, { total: string; parts: string[] }>();
  for (const b of summeBlocks(catalogue)) for (const m of [b.total, ...b.parts]) blockOf.set(m, b);

  // Whether the hierarchy equation x(area) = Σ x(children) is in force for Merkmal m.
  const internalMemo = new Map<string, Map<string, boolean>>(merkmale.map((m) => [m.id, new Map()]));
  const internal = (area: string, m: string): boolean => {
    const memo = internalMemo.get(m)!;
    let v = memo.get(area);
    if (v === undefined) {
      const ch = tree.children(area);
      v = ch.length > 0 && val(area, m) !== undefined && ch.every((c) => val(c, m) !== undefined);
      memo.set(area, v);
    }
    return v;
  };

  const unprotected: string[] = [];
  for (const [area, m] of primaries) {
    if ((covered.get(cellKey(area, m)) ?? 0) >= t(m)) continue;
    const cert = bestCertificate(area, m);
    if (!cert) {
      unprotected.push(cellKey(area, m));
      continue;
    }
    for (const [a, mm] of cert.cells) {
      const k = cellKey(a, mm);
      if (!cells.has(k)) {
        cells.set(k, { sperre: 'sekundaer', grund: GRUND_SEKUNDAER });
        suppressedIn.get(mm)!.add(a);
        stats.sekundaer++;
        stats.populationSekundaer += val(a, mm) ?? 0;
      }
      covered.set(k, Math.max(covered.get(k) ?? 0, cert.t));
    }
  }

  function sigmaOptions(m: string): Map<string, number>[] {
    const b = blockOf.get(m);
    if (!b) return [new Map([[m, 1]])];
    if (m === b.total) return b.parts.map((s) => new Map([[m, 1], [s, 1]]));
    return [new Map([[m, 1], [b.total, 1]]), ...b.parts.filter((s) => s !== m).map((s) => new Map([[m, 1], [s, -1]]))];
  }

  function bestCertificate(area: string, m: string): { cells: [string, string][]; t: number } | undefined {
    let best: { cost: number; cells: [string, string][]; t: number } | undefined;
    for (const sigma of sigmaOptions(m)) {
      const c = certificateFor(area, sigma);
      if (c && (!best || c.cost < best.cost)) best = c;
    }
    return best;
  }

  function certificateFor(start: string, sigma: Map<string, number>): { cost: number; cells: [string, string][]; t: number } | undefined {
    const th = Math.max(...[...sigma.keys()].map(t));
    let best: { cost: number; cells: [string, string][]; t: number } | undefined;
    // x + a·d and x - b·d are both feasible when every -1 cell holds a and every +1 cell holds b:
    // the cells can move over an interval a + b wide. Try every split a + b = t (a = t first).
    for (let a = th; a >= 0; a--) {
      const c = certificateWithSplit(start, sigma, th, a, th - a);
      if (c && (!best || c.cost < best.cost)) best = c;
    }
    return best;
  }

  function certificateWithSplit(
    start: string,
    sigma: Map<string, number>,
    th: number,
    down: number,
    up: number,
  ): { cost: number; cells: [string, string][]; t: number } | undefined {
    const ms = [...sigma.keys()];
    const signs = ms.map((mm) => sigma.get(mm)!);
    const vals = ms.map((mm) => values.get(mm)!);
    const defined = (a: string) => vals.every((v) => v.has(a));
    const valueOk = (a: string, e: number) => vals.every((v, i) => (v.get(a) ?? -1) >= (signs[i]! * e === 1 ? up : down));
    const cellCost = (a: string) => ms.reduce((s, mm, i) => s + (isSuppressed(a, mm) ? 0 : 1 + (vals[i]!.get(a) ?? 0)), 0);
    // 'all': equation in force for every Merkmal of σ; 'none': for none; 'mixed': cannot be certified.
    const kind = (a: string) => {
      const n = ms.filter((mm) => internal(a, mm)).length;
      return n === ms.length ? 'all' : n === 0 ? 'none' : 'mixed';
    };
    const memos = { [1]: new Map<string, { cost: number; next?: string }>(), [-1]: new Map<string, { cost: number; next?: string }>() } as Record<number, Map<string, { cost: number; next?: string }>>;
    // Cheapest path from `a` (with sign e) down to where no equation is in force.
    const desc = (a: string, e: number): { cost: number; next?: string } => {
      const memo = memos[e]!;
      const hit = memo.get(a);
      if (hit) return hit;
      let r: { cost: number; next?: string } = { cost: Infinity };
      const kd = kind(a);
      if (defined(a) && valueOk(a, e) && kd !== 'mixed') {
        if (kd === 'none') r = { cost: cellCost(a) };
        else {
          for (const c of tree.children(a)) {
            const d = desc(c, e);
            if (d.cost < r.cost) r = { cost: d.cost, next: c };
          }
          r = { cost: r.cost + cellCost(a), next: r.next };
        }
      }
      memo.set(a, r);
      return r;
    };
    const path = (a: string, e: number, out: string[]) => {
      for (let n: string | undefined = a; n; n = memos[e]!.get(n)!.next) out.push(n);
    };
    const start0 = desc(start, 1);
    if (!Number.isFinite(start0.cost)) return undefined;
    let cost = start0.cost;
    const areas: string[] = [];
    path(start, 1, areas);
    let u = start;
    for (;;) {
      const p = tree.get(u)!.parent;
      const kp = p ? kind(p) : 'none';
      if (!p || kp === 'none') break;
      if (kp === 'mixed') return undefined;
      let bestSib: { cost: number; code: string } | undefined;
      for (const v of tree.children(p)) {
        if (v === u) continue;
        const d = desc(v, -1);
        if (Number.isFinite(d.cost) && (!bestSib || d.cost < bestSib.cost)) bestSib = { cost: d.cost, code: v };
      }
      if (bestSib) {
        cost += bestSib.cost;
        path(bestSib.code, -1, areas);
        break;
      }
      // No sibling can balance: the parent moves with the cell.
      if (!defined(p) || !valueOk(p, 1)) return undefined;
      cost += cellCost(p);
      areas.push(p);
      u = p;
    }
    return { cost, t: th, cells: areas.flatMap((a) => ms.map((mm) => [a, mm] as [string, string])) };
  }

  return {
    cells,
    unprotected,
    stats,
    threshold: t,
    get: (area, merkmal) => cells.get(cellKey(area, merkmal)),
  };
}
