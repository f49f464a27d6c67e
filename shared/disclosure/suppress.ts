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

/** A Merkmal pattern of a certificate: Merkmal → non-zero integer (mostly +1 / -1). */
type Sigma = Map<string, number>;
const sigmaKey = (sg: Sigma) =>
  [...sg]
    .map(([m, e]) => `${e}${m}`)
    .sort()
    .join(' ');
/** At most this many Merkmale in a pattern, and this many extension steps (see sigmaLevels). */
const MAX_SIGMA = 8;
const MAX_LEVEL = 2;
/** Largest multiple of one Merkmal in a pattern. */
const MAX_MULTIPLE = 10;

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

/**
 * A catalogue `hoechstens` rule L <= R in the form the suppression uses: slack = R - L =
 * Σ coef(m)·x(m) + constant, which the rule says is >= 0 in every area. Rules with terms of another
 * period (offset ≠ 0) relate two tables and are not used (the standard catalogue has none).
 */
export interface Inequality {
  id: string;
  coef: Map<string, number>;
  constant: number;
}

export function hoechstensRules(catalogue: Catalogue): Inequality[] {
  const out: Inequality[] = [];
  for (const b of catalogue.beziehungen) {
    if (b.art !== 'hoechstens') continue;
    const terms = [...b.rechtsLinear.terms.map((t) => [t, 1] as const), ...b.linksLinear.terms.map((t) => [t, -1] as const)];
    if (terms.some(([t]) => t.offset !== 0)) continue;
    const coef = new Map<string, number>();
    for (const [t, side] of terms) coef.set(t.merkmal, (coef.get(t.merkmal) ?? 0) + side * t.coefficient);
    for (const [m, c] of [...coef]) if (c === 0) coef.delete(m);
    out.push({ id: b.id, coef, constant: b.rechtsLinear.constant - b.linksLinear.constant });
  }
  return out;
}

export function thresholdOf(options: DisclosureOptions, merkmal: string): number {
  return options.schwelleJeMerkmal?.[merkmal] ?? options.schwelle ?? 3;
}

function zeroConfidential(options: DisclosureOptions, merkmal: string): boolean {
  const z = options.nullVertraulich;
  return typeof z === 'object' ? z[merkmal] === true : z === true;
}

/** How the secondary suppression works (not a setting for users: the benchmark measures the difference). */
export interface SuppressionMethod {
  /** respect the catalogue's `hoechstens` rules (default true); false = protect against sums only */
  ungleichungen?: boolean;
}

/** Primary and secondary suppression of the table of one period. */
export function suppressTable(
  catalogue: Catalogue,
  tree: AreaTree,
  count: CountLookup,
  options: DisclosureOptions = {},
  method: SuppressionMethod = {},
): SuppressionPattern {
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

  const blocks = summeBlocks(catalogue);
  const blockOf = new Map<string, { total: string; parts: string[] }>();
  for (const b of blocks) for (const m of [b.total, ...b.parts]) blockOf.set(m, b);

  // The `hoechstens` rules in force per area: slack R - L of the true table, where every term has a
  // value and the rule holds (a warning rule the data break tells an attacker nothing reliable).
  // A rule whose slack is at least tMax·Σ|coef| everywhere can never bind (|g| <= Σ|coef| for a
  // pattern of ±1, and up, down <= tMax): it is left out of the checks and the pattern search.
  const tMax = Math.max(...merkmale.map((m) => t(m.id)));
  const rules = (method.ungleichungen === false ? [] : hoechstensRules(catalogue)).flatMap((r) => {
    const slack = new Map<string, number>();
    const bound = tMax * [...r.coef.values()].reduce((x, c) => x + Math.abs(c), 0);
    let binds = false;
    for (const area of order) {
      let sl = r.constant;
      for (const [m, c] of r.coef) {
        const x = val(area, m);
        if (x === undefined) {
          sl = -1;
          break;
        }
        sl += c * x;
      }
      if (sl < 0) continue;
      slack.set(area, sl);
      if (sl < bound) binds = true;
    }
    return binds ? [{ ...r, slack }] : [];
  });

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

  function sigmaOptions(m: string): Sigma[] {
    const b = blockOf.get(m);
    if (!b) return [new Map([[m, 1]])];
    if (m === b.total) return b.parts.map((s) => new Map([[m, 1], [s, 1]]));
    return [new Map([[m, 1], [b.total, 1]]), ...b.parts.filter((s) => s !== m).map((s) => new Map([[m, 1], [s, -1]]))];
  }

  // Change of a rule's slack R - L per unit of the pattern σ (in an area with sign +1).
  function slackChange(r: Inequality, sigma: Sigma): number {
    let g = 0;
    for (const [m, e] of sigma) g += (r.coef.get(m) ?? 0) * e;
    return g;
  }

  /**
   * σ patterns for Merkmal m in levels: the plain ones first (level 0); then, level by level, each
   * pattern of the level before extended by one Merkmal of a rule whose slack it changes, with the
   * sign and multiple that bring that change closest to 0 (plus the one Merkmal that keeps its
   * summe block balanced). E.g. gsia_65plus + gsiae leaves `gsia_65plus <= gsiae` untouched,
   * bev_wohndauer_5plus + 5·wohndauer_summe_jahre leaves `5 * bev_wohndauer_5plus <= wohndauer_summe_jahre`
   * untouched. Additive Merkmale only, at most MAX_SIGMA of them.
   */
  const levelsMemo = new Map<string, { levels: Sigma[][]; seen: Set<string> }>();
  function sigmaLevel(m: string, l: number): Sigma[] {
    let memo = levelsMemo.get(m);
    if (!memo) levelsMemo.set(m, (memo = { levels: [], seen: new Set() }));
    const { levels, seen } = memo;
    if (levels[l]) return levels[l];
    const eligible = (mm: string) => catalogue.merkmale.get(mm)?.additiv === true;
    const fresh = (list: Sigma[]) =>
      list.filter((sg) => {
        const k = sigmaKey(sg);
        if (seen.has(k) || sg.size > MAX_SIGMA || ![...sg.keys()].every(eligible)) return false;
        seen.add(k);
        return true;
      });
    const balance = (sg: Sigma): Sigma[] => {
      for (const b of blocks) {
        const delta = (sg.get(b.total) ?? 0) - b.parts.reduce((x, p) => x + (sg.get(p) ?? 0), 0);
        if (delta === 0) continue;
        const out: Sigma[] = [];
        if (!sg.has(b.total)) out.push(new Map([...sg, [b.total, -delta]]));
        for (const p of b.parts) if (!sg.has(p)) out.push(new Map([...sg, [p, delta]]));
        return out;
      }
      return [sg];
    };
    if (l === 0) return (levels[0] = fresh(sigmaOptions(m)));
    const next: Sigma[] = [];
    for (const sg of sigmaLevel(m, l - 1)) {
      for (const r of rules) {
        const g = slackChange(r, sg);
        if (g === 0) continue;
        for (const [m2, c] of r.coef) {
          // the multiple of m2 that brings g closest to 0 (5 for `5 * x <= y`), at least ±1
          const e = -Math.sign(g) * Math.sign(c) * Math.max(1, Math.round(Math.abs(g / c)));
          if (sg.has(m2) || Math.abs(e) > MAX_MULTIPLE || Math.abs(g + c * e) >= Math.abs(g)) continue;
          next.push(...balance(new Map([...sg, [m2, e]])));
        }
      }
    }
    return (levels[l] = fresh(next));
  }

  // The cheapest certificate from the lowest level that has one: plain patterns whenever they fit.
  function bestCertificate(area: string, m: string): { cells: [string, string][]; t: number } | undefined {
    for (let l = 0; l <= (rules.length > 0 ? MAX_LEVEL : 0); l++) {
      const level = sigmaLevel(m, l);
      let best: { cost: number; cells: [string, string][]; t: number } | undefined;
      for (const sigma of level) {
        const c = certificateFor(area, sigma);
        if (c && (!best || c.cost < best.cost)) best = c;
      }
      if (best) return best;
    }
    return undefined;
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
    sigma: Sigma,
    th: number,
    down: number,
    up: number,
  ): { cost: number; cells: [string, string][]; t: number } | undefined {
    // The Merkmale of σ that move in an area form a subset (bit mask): all of them in the start
    // area; below an area only those whose hierarchy equation is in force there (a Stadt-level
    // Merkmal stops at the Stadt, a Baublock-level one goes on to a Baublock).
    const all = [...sigma.keys()];
    const subs = new Map<number, Sub>();
    interface Sub {
      ms: string[];
      co: number[];
      vals: Map<string, number>[];
      /** rules whose slack the subset changes, by g per unit */
      active: { slack: Map<string, number>; g: number }[];
      /** every summe block stays balanced */
      balanced: boolean;
    }
    const subOf = (mask: number): Sub => {
      let sub = subs.get(mask);
      if (!sub) {
        const part: Sigma = new Map(all.filter((_, i) => mask & (1 << i)).map((m) => [m, sigma.get(m)!]));
        const ms = [...part.keys()];
        sub = {
          ms,
          co: ms.map((m) => part.get(m)!),
          vals: ms.map((m) => values.get(m)!),
          active: rules.map((r) => ({ slack: r.slack, g: slackChange(r, part) })).filter((r) => r.g !== 0),
          balanced: blocks.every((bl) => (part.get(bl.total) ?? 0) === bl.parts.reduce((x, q) => x + (part.get(q) ?? 0), 0)),
        };
        subs.set(mask, sub);
      }
      return sub;
    };
    const inner = (mask: number, a: string) => all.reduce((r, m, i) => (mask & (1 << i) && internal(a, m) ? r | (1 << i) : r), 0);
    // Area a may carry d = e·σ on the subset: every value stays >= 0 in x + down·d and x - up·d
    // (a cell with d = +k must hold up·k, one with d = -k down·k), and so does the slack of every
    // rule (slack >= up·g for e·g > 0, >= down·|g| for e·g < 0).
    const fits = (sub: Sub, a: string, e: number) =>
      sub.balanced &&
      sub.vals.every((v, i) => (v.get(a) ?? -1) >= (sub.co[i]! * e > 0 ? up : down) * Math.abs(sub.co[i]!)) &&
      sub.active.every(({ slack, g }) => {
        const sl = slack.get(a);
        return sl === undefined || sl >= (e * g > 0 ? up : down) * Math.abs(g);
      });
    const cellCost = (sub: Sub, a: string) => sub.ms.reduce((s, mm, i) => s + (isSuppressed(a, mm) ? 0 : 1 + (sub.vals[i]!.get(a) ?? 0)), 0);
    type Step = { cost: number; next?: string; mask: number };
    const memo = new Map<string, Step>();
    // Cheapest path from `a` (sign e, subset mask) down to where no equation of the subset is in force.
    const desc = (a: string, e: number, mask: number): Step => {
      const key = `${mask}|${e}|${a}`;
      const hit = memo.get(key);
      if (hit) return hit;
      let r: Step = { cost: Infinity, mask };
      const sub = subOf(mask);
      if (fits(sub, a, e)) {
        const below = inner(mask, a);
        if (below === 0) r = { cost: cellCost(sub, a), mask };
        else {
          let best: Step = { cost: Infinity, mask };
          for (const c of tree.children(a)) {
            const d = desc(c, e, below);
            if (d.cost < best.cost) best = { cost: d.cost, next: c, mask };
          }
          r = { cost: best.cost + cellCost(sub, a), next: best.next, mask };
        }
      }
      memo.set(key, r);
      return r;
    };
    const cells: [string, string][] = [];
    const path = (a: string, e: number, mask: number) => {
      for (let n: string | undefined = a, m = mask; n; ) {
        for (const mm of subOf(m).ms) cells.push([n, mm]);
        const next: string | undefined = memo.get(`${m}|${e}|${n}`)!.next;
        if (next) m = inner(m, n);
        n = next;
      }
    };
    const full = (1 << all.length) - 1;
    const start0 = desc(start, 1, full);
    if (!Number.isFinite(start0.cost)) return undefined;
    let cost = start0.cost;
    path(start, 1, full);
    // Upwards: where the parent's equation is in force for some of the moving Merkmale, a sibling
    // balances them with the opposite sign, or else the parent moves too.
    for (let u = start, mask = full; ; ) {
      const p = tree.get(u)!.parent;
      const pm = p ? inner(mask, p) : 0;
      if (!p || pm === 0) break;
      let bestSib: { cost: number; code: string } | undefined;
      for (const v of tree.children(p)) {
        if (v === u) continue;
        const d = desc(v, -1, pm);
        if (Number.isFinite(d.cost) && (!bestSib || d.cost < bestSib.cost)) bestSib = { cost: d.cost, code: v };
      }
      if (bestSib) {
        cost += bestSib.cost;
        path(bestSib.code, -1, pm);
        break;
      }
      const sub = subOf(pm);
      if (!sub.vals.every((v) => v.has(p)) || !fits(sub, p, 1)) return undefined;
      cost += cellCost(sub, p);
      for (const mm of sub.ms) cells.push([p, mm]);
      u = p;
      mask = pm;
    }
    return { cost, t: th, cells };
  }


  // Top-down (Kreis first): certificates of large areas often protect small ones on the way.
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

  return {
    cells,
    unprotected,
    stats,
    threshold: t,
    get: (area, merkmal) => cells.get(cellKey(area, merkmal)),
  };
}
