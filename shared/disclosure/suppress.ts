/**
 * Geheimhaltung: primary and secondary cell suppression for one period's table of counts
 * (area × Merkmal), protecting against anyone who sees every published cell and knows the
 * additive relations (area hierarchy; catalogue `summe` rules) and the catalogue's Teil-Ganzes
 * rules (`hoechstens`, L <= R) – the outsider – and against the insider of every Stadt, who knows
 * in addition every cell of the subtree of the Stadt (Gemeinde) he belongs to (`tree.stadtOf`; a
 * Kommune sees its own Stadt raw, sync-server/publication.ts `seesRaw`). The Kreis, who sees
 * everything, is no attacker. The protection assumes readers see only whether a cell is
 * suppressed, not why (a visible "primary" would tell 0 < x < threshold).
 *
 * Primary: a count 0 < x < threshold (default 3, per Merkmal configurable; 0 only when configured
 * as confidential) is suppressed. Non-additive Merkmale (moves) have no equations and are only
 * primary-suppressed.
 *
 * What the attacker knows. x is the true table. The attacker knows every published cell; the
 * equations A·y = 0 (hierarchy y(p) = Σ y(children) where all these values exist, and
 * total = Σ parts of every summe block in every area); y >= 0; and, for every `hoechstens` rule
 * and area where it is in force, s(y) = R - L >= 0. F is the set of tables y consistent with all of
 * it; x ∈ F. A suppressed cell c is protected when max over F of y_c - min over F of y_c >= t
 * (its threshold): it is neither known exactly nor narrowed below t.
 *
 * Certificate (the proof behind every secondary suppression). d is an integer vector over the
 * cells, zero on every published cell, A·d = 0, d_c ≠ 0. Split t = down + up. If
 *   y+ = x + down·d  and  y- = x - up·d
 * are both >= 0 and keep the slack of every rule >= 0, then y+ and y- lie in F (d leaves every
 * published cell and every equation alone), and every cell e with d_e ≠ 0 takes two values
 * (down + up)·|d_e| >= t apart: all cells in the support of d are protected at once. Conditions:
 *  - values: d_e = +k needs x_e >= up·k (y- lowers it), d_e = -k needs x_e >= down·k;
 *  - rules: per area, s is linear, so s(y+) = s(x) + down·Δ and s(y-) = s(x) - up·Δ with
 *    Δ = (R - L)(d) in that area; Δ > 0 needs s(x) >= up·Δ, Δ < 0 needs s(x) >= down·|Δ|. Only
 *    areas where d ≠ 0 have Δ ≠ 0, so the check runs along the certificate's areas only.
 * Two points suffice: no convexity or duality is needed, and the attacker's LP (the tests) can
 * only confirm it. Both points are integral (x, d, down, up are), so integer programming cannot
 * narrow the cell either. A rule is in force in an area when every term has a value there and
 * the true table keeps it (s(x) >= 0); a warning rule the data break would only mislead an
 * attacker, and a term without a value is unknown to him too.
 *
 * The insider of Stadt Y knows x on Y's subtree: his F_Y adds y = x there. A certificate that is
 * also zero on Y's subtree leaves those cells alone, so y+ and y- lie in F_Y: it protects its cells
 * against Y as well. So every suppressed cell outside Y needs a certificate zero on Y's subtree –
 * for every Stadt Y. Cells below Stadt level mostly have one inside their own Stadt; it bites for
 * Stadt- and Kreis-level cells and any equation whose children belong to different Städte (Kreis
 * published, Städte A primary and B secondary: A knows A and gets B = Kreis - other Städte - A).
 * Cells the insider adds up from his own (a Kreis with a single Stadt) are his own data, not
 * protected against him. How (after the outsider's certificates): each covered cell keeps the
 * Städte touched by every certificate covering it; while a foreign Stadt Y is among them, a
 * certificate is searched with Y's subtree frozen (no change allowed there) and taken, which may
 * suppress new cells that go through the same. A (cell, Y) without certificate is listed in
 * `unprotectedFromInsider`.
 *
 * Shape of the certificates: d(area, m) = ε(area)·σ(m) for the Merkmale of σ moving in that area.
 *  - σ (Merkmal pattern, integer per Merkmal): plain: one Merkmal +1; or a summe block's total
 *    and one part both +1, or two parts +1/-1 (total = Σ parts holds for d). A rule's slack then
 *    changes by Δ = ε·g in an area, g = Σ coef(m)·σ(m). Where a rule is too tight for that change,
 *    σ is extended (`bestCertificate`): a Merkmal of the rule is added with the sign and multiple
 *    that bring g closest to 0 (gsia_65plus + gsiae for `gsia_65plus <= gsiae`;
 *    bev_wohndauer_5plus + 5·wohndauer_summe_jahre for `5 * bev_wohndauer_5plus <= ...`), with
 *    the Merkmal that rebalances its summe block, up to MAX_LEVEL steps.
 *  - ε (area pattern, ±1): a +1 path from the cell down to where no hierarchy equation is in force
 *    (a Baublock, or a Stadt for Merkmale delivered per Stadt), and, from the lowest ancestor
 *    whose equation is in force and where a sibling can take -1, that sibling's -1 path down; if no
 *    sibling can (or none is cheaper than the bound of the search), the ancestor moves with +1.
 *    Merkmale of different depth in one σ: below an area only those whose equation is in force
 *    there move on (bit mask per area).
 *  Among all σ, splits and paths the one adding the least (cases + 1 per newly suppressed cell;
 *  suppressed cells cost nothing) is chosen by dynamic programming; extended σ are tried only
 *  where a rule blocked the plainer one, and only when they can still beat the best so far.
 *  Ties: first found in a fixed order, so the result is deterministic. Cells are processed
 *  top-down (Kreis first), as in the modular method: certificates of large areas often protect
 *  small ones on the way.
 *
 * Only `summe` relations whose sides are plain Merkmale with coefficient 1 in the same period are
 * used as blocks, and a Merkmal may belong to at most one (the standard catalogue fulfils both);
 * any other `summe` relation is kept as two rules (L <= R and R <= L: σ must leave it unchanged).
 * Relations with terms of another period are not used (they tie two periods' tables). A summe
 * block or rule in which a cell has no value is not used in that area. The hierarchy equation of an
 * area is in force when the area and at least one child have a value: a child without one (a Stadt
 * that delivered its ages in other bands, under a Kreis with IT.NRW's catalogue bands) is unknown
 * to the outsider, but its own insider knows its true count, delivered or not – for him the
 * equation holds. So such a child is treated as known: it never carries a change (its value -1
 * fits no move), and the parent's equation binds the children that have values. Without this the
 * insider of that Stadt computed Kreis − its own − the other Städte (tests/disclosure/altersbaender
 * „beide“). A non-additive Merkmal in a rule would stay fixed in every certificate, so its own
 * suppressed cells are not protected against that rule (the standard catalogue has no such rule).
 * A cell for which no certificate exists stays primary-suppressed and is listed in `unprotected`
 * (not seen on the demo Kreis nor on 800 random Kreise, with both threshold settings; against
 * the insiders none in 200 random Kreise either). Not protected against: two Kommunen pooling
 * their cells (the frozen set would be both subtrees).
 *
 * Je Kreis (modules). In a Land (the root's level is above Kreis), each Kreis and kreisfreie Stadt
 * with everything below it is a module; `top` = the Land and the module roots. Phase 1 searches,
 * module by module, the primary cells below the module roots with every top area frozen, then the
 * insider passes inside the module (a Stadt of the same module, frozen with its subtree and the top
 * areas). Such a certificate is zero on every top cell, so it is a certificate of the whole Land's
 * table too (every equation outside the module sees d = 0): the proof above holds unchanged. A
 * module's phase 1 reads and writes only its own cells, so modules are independent of each other;
 * their results are kept per module (`moduleCache`, exact key of the module's cells, tree and
 * settings) and a later run over the same Land searches only the changed Kreise. Phase 2, over the
 * whole Land: the top cells' own primaries (a Kreis with 1 or 2 cases; partners among the other
 * Kreise), every cell a local
 * search could not protect, and the insider passes over all cells (a local search first where the
 * Stadt is in the cell's module). Without a Land root (a Kreis, a kreisfreie Stadt) there are no
 * modules and the order is the one described above. On the demo Land the search by Kreis found
 * the same pattern as the whole-Land search at 0.1 and 0.25 of NRW's size, in a quarter of the time
 * (README, „Woran die Geheimhaltung eines Landes wächst“).
 *
 * An area whose sub-areas are incomplete (area tree `teileUnvollstaendig`) gets its gap (official
 * total − Σ parts, „ohne Zuordnung“) as one more sub-area, a leaf (shared/disclosure/luecke.ts): the
 * hierarchy equation is total = Σ parts + gap, and the gap is suppressed, primarily and secondarily,
 * like any count; its cells are keyed by `lueckeCode(area)`.
 */
import type { AreaTree } from '../areas/areas';
import type { Catalogue, Merkmal } from '../catalogue/catalogue';
import type { LinearExpression } from '../catalogue/formula';
import { ebeneDepth } from '../types';
import { mitLuecken } from './luecke';

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

export const GRUND_SEKUNDAER = 'gesperrt, damit eine gesperrte Zahl nicht aus Summen und Teil-Ganzes-Regeln errechnet oder eingegrenzt werden kann';
export const grundPrimaer = (t: number): string => `weniger als ${t} Fälle`;
export const GRUND_NULL = 'Nullwert ist für dieses Merkmal geheim';

export interface SuppressionPattern {
  readonly cells: ReadonlyMap<string, CellSuppression>;
  /** suppression of one cell, undefined when published */
  get(area: string, merkmal: string): CellSuppression | undefined;
  threshold(merkmal: string): number;
  /** cells for which no certificate could be found (should be empty; the tests demand it) */
  readonly unprotected: string[];
  /**
   * cells protected against the outsider but not against the insider of the named Stadt (no
   * certificate avoiding its subtree was found; should be empty, the tests demand it)
   */
  readonly unprotectedFromInsider: { cell: string; stadt: string }[];
  readonly stats: {
    primaer: number;
    sekundaer: number;
    populationSekundaer: number;
    populationPrimaer: number;
    /** certificate searches inside the modules (Kreise of a Land; 0 without modules) and over the whole table */
    suchenJeKreis: number;
    suchenGanz: number;
    /** modules searched now, and modules whose searches were taken unchanged from `moduleCache` */
    kreiseGesucht: number;
    kreiseAusZwischenspeicher: number;
  };
}

/**
 * What the searches inside one module (a Kreis or kreisfreie Stadt of a Land) found, kept for the
 * next run over the same Land (`SuppressionMethod.moduleCache`). It depends only on the module's
 * own cells (with its root), its tree and the settings – `key` holds all of them in full, so a
 * module is taken from the cache only when they are exactly the same, never on a hash.
 */
export interface ModuleResult {
  key: string;
  secondary: string[];
  exposed: [string, string[]][];
  failedLocal: string[];
  deferred: [string, string][];
  searches: number;
}

const NONE: ReadonlySet<string> = new Set();

export const cellKey = (area: string, merkmal: string): string => `${area}\u0000${merkmal}`;

/**
 * `get` of a pattern: Merkmal → area → suppression, built once from the finished cells. Readers'
 * answers ask every cell of a Land (millions of times per snapshot); composing the text key per
 * lookup cost more than the lookup.
 */
export function lookupOf(cells: ReadonlyMap<string, CellSuppression>): (area: string, merkmal: string) => CellSuppression | undefined {
  const byMerkmal = new Map<string, Map<string, CellSuppression>>();
  for (const [k, c] of cells) {
    const i = k.indexOf('\u0000');
    const m = k.slice(i + 1);
    let areas = byMerkmal.get(m);
    if (!areas) byMerkmal.set(m, (areas = new Map()));
    areas.set(k.slice(0, i), c);
  }
  return (area, merkmal) => byMerkmal.get(merkmal)?.get(area);
}

/** A Merkmal pattern of a certificate: Merkmal → non-zero integer (mostly +1 / -1). */
type Sigma = Map<string, number>;
const sigmaKey = (sg: Sigma) =>
  [...sg]
    .map(([m, e]) => `${e}${m}`)
    .sort()
    .join(' ');
/** A `hoechstens` rule with its slack in every area where it is in force, and the smallest one. */
type Rule = Inequality & { slack: Map<string, number>; minSlack: number };
/** At most this many Merkmale in a pattern, and this many extension steps (see bestCertificate). */
const MAX_SIGMA = 8;
const MAX_LEVEL = 2;
/** Largest multiple of one Merkmal in a pattern. */
const MAX_MULTIPLE = 10;

export type CountLookup = (area: string, merkmal: string) => number | undefined;

/** The additive relation blocks of a catalogue: total = Σ parts (plain Merkmale, coefficient 1). */
export function summeBlocks(catalogue: Catalogue): { id: string; total: string; parts: string[] }[] {
  const blocks: { id: string; total: string; parts: string[] }[] = [];
  const used = new Set<string>();
  for (const b of catalogue.beziehungen) {
    if (b.art !== 'summe') continue;
    const l = plain(b.linksLinear, catalogue);
    const r = plain(b.rechtsLinear, catalogue);
    if (!l || !r || l.length !== 1 || r.length < 1) continue;
    const all = [...l, ...r];
    if (all.some((m) => used.has(m)) || new Set(all).size !== all.length) continue;
    all.forEach((m) => used.add(m));
    blocks.push({ id: b.id, total: l[0]!, parts: r });
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
 * Σ coef(m)·x(m) + constant, which the rule says is >= 0 in every area. A `summe` rule that is
 * not a block (see summeBlocks) comes as two of them. Rules with terms of another period
 * (offset ≠ 0) relate two tables and are not used (the standard catalogue has none).
 */
export interface Inequality {
  id: string;
  coef: Map<string, number>;
  constant: number;
}

/**
 * Cells and rules of a table beyond the catalogue's: additive Merkmale that are not in it (age bands
 * in other cuts) and the rules that tie them (shared/disclosure/altersbaender.ts).
 */
export interface TabellenZusatz {
  merkmale?: readonly string[];
  rules?: readonly Inequality[];
}

export function hoechstensRules(catalogue: Catalogue): Inequality[] {
  const asBlock = new Set(summeBlocks(catalogue).map((b) => b.id));
  const out: Inequality[] = [];
  for (const b of catalogue.beziehungen) {
    if (b.art !== 'hoechstens' && !(b.art === 'summe' && !asBlock.has(b.id))) continue;
    const terms = [...b.rechtsLinear.terms.map((t) => [t, 1] as const), ...b.linksLinear.terms.map((t) => [t, -1] as const)];
    if (terms.some(([t]) => t.offset !== 0)) continue;
    const coef = new Map<string, number>();
    for (const [t, side] of terms) coef.set(t.merkmal, (coef.get(t.merkmal) ?? 0) + side * t.coefficient);
    for (const [m, c] of [...coef]) if (c === 0) coef.delete(m);
    const constant = b.rechtsLinear.constant - b.linksLinear.constant;
    out.push({ id: b.id, coef, constant });
    // a sum the blocks cannot express: L = R as L <= R and R <= L
    if (b.art === 'summe') out.push({ id: `${b.id} (umgekehrt)`, coef: new Map([...coef].map(([m, c]) => [m, -c])), constant: -constant });
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
  /** protect against each Stadt's insider too (default true); false = against the outsider only */
  insider?: boolean;
  /** in a Land, search Kreis by Kreis first (default true); false = every search over the whole Land */
  modular?: boolean;
  /**
   * results of the searches inside each module from the last run over this Land (module root →
   * result), read and updated: a release after one Gemeinde's submission searches its Kreis again,
   * not the whole Land. The caller keeps one per period and table kind (current, released).
   */
  moduleCache?: Map<string, ModuleResult>;
  /**
   * search the modules only and stop (no whole-table phase): for worker threads that fill
   * `moduleCache` (sync-server/disclosure-parallel.ts); the pattern returned is then not complete
   */
  nurKreise?: boolean;
}

/** Primary and secondary suppression of the table of one period. */
export function suppressTable(
  catalogue: Catalogue,
  areaTree: AreaTree,
  counts: CountLookup,
  options: DisclosureOptions = {},
  method: SuppressionMethod = {},
  zusatz: TabellenZusatz = {},
): SuppressionPattern {
  // the gap of an area with incomplete sub-areas is a cell of the table (shared/disclosure/luecke.ts)
  const { tree, count } = mitLuecken(catalogue, areaTree, counts);
  const cells = new Map<string, CellSuppression>();
  const t = (m: string) => thresholdOf(options, m);
  const order = tree
    .all()
    .map((a) => a.code)
    .sort((a, b) => ebeneDepth(tree.get(a)!.ebene) - ebeneDepth(tree.get(b)!.ebene) || (a < b ? -1 : a > b ? 1 : 0));
  // Merkmale beyond the catalogue's (age bands in other cuts): catalogue.merkmal knows them
  const zusatzMerkmale = new Map<string, Merkmal>();
  for (const id of zusatz.merkmale ?? []) {
    const m = catalogue.merkmale.has(id) ? undefined : catalogue.merkmal(id);
    if (m) zusatzMerkmale.set(id, m);
  }
  const merkmale = [...catalogue.merkmale.values(), ...zusatzMerkmale.values()];
  const stats = { primaer: 0, sekundaer: 0, populationSekundaer: 0, populationPrimaer: 0, suchenJeKreis: 0, suchenGanz: 0, kreiseGesucht: 0, kreiseAusZwischenspeicher: 0 };

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
  // A rule whose slack is at least tMax·|g| in every area can never fail for a pattern changing it
  // by g (up, down <= tMax): such pairs are not checked (`active` below).
  const tMax = Math.max(...merkmale.map((m) => t(m.id)));
  const rules: Rule[] = [...(method.ungleichungen === false ? [] : hoechstensRules(catalogue)), ...(zusatz.rules ?? [])].map((r) => {
    const slack = new Map<string, number>();
    let minSlack = Infinity;
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
      minSlack = Math.min(minSlack, sl);
    }
    return { ...r, slack, minSlack };
  });

  // Whether the summe equation of block b holds in `area` (every Merkmal of it has a value there).
  const blockMemo = new Map<string, boolean>();
  const blockInForce = (b: { total: string; parts: string[] }, area: string): boolean => {
    const k = `${b.total}\u0000${area}`;
    let v = blockMemo.get(k);
    if (v === undefined) blockMemo.set(k, (v = [b.total, ...b.parts].every((m) => val(area, m) !== undefined)));
    return v;
  };

  // Whether the hierarchy equation x(area) = Σ x(children) is in force for Merkmal m (header: a child
  // without a value is known to its own insider, so one child with a value suffices).
  const internalMemo = new Map<string, Map<string, boolean>>(merkmale.map((m) => [m.id, new Map()]));
  const internal = (area: string, m: string): boolean => {
    const memo = internalMemo.get(m)!;
    let v = memo.get(area);
    if (v === undefined) {
      const ch = tree.children(area);
      v = ch.length > 0 && val(area, m) !== undefined && ch.some((c) => val(c, m) !== undefined);
      memo.set(area, v);
    }
    return v;
  };

  // A Merkmal of TabellenZusatz without a value in the area (a Kreis' own age bands, delivered above
  // Städte with the catalogue's): it does not move there, but joins a certificate further up (`joins`
  // in certificateWithSplit) – so that a rule of the Kreis' bands can be balanced by them.
  const spaet = (m: string, area: string) => zusatzMerkmale.has(m) && val(area, m) === undefined;

  function sigmaOptions(m: string): Sigma[] {
    const b = blockOf.get(m);
    if (!b) return [new Map([[m, 1]])];
    // (the plain one last: it fits only where the block's equation is not in force)
    if (m === b.total) return [...b.parts.map((s) => new Map([[m, 1], [s, 1]])), new Map([[m, 1]])];
    return [new Map([[m, 1], [b.total, 1]]), ...b.parts.filter((s) => s !== m).map((s) => new Map([[m, 1], [s, -1]])), new Map([[m, 1]])];
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
  // One step from σ towards a pattern that leaves rule r alone: add one Merkmal of r with the sign
  // and multiple that bring σ's change of r's slack closest to 0 (5 for `5 * x <= y`), plus the one
  // Merkmal that keeps its summe block balanced (every choice).
  function extensions(sg: Sigma, r: Rule): Sigma[] {
    const g = slackChange(r, sg);
    const out: Sigma[] = [];
    for (const [m2, c] of r.coef) {
      const e = -Math.sign(g) * Math.sign(c) * Math.max(1, Math.round(Math.abs(g / c)));
      if (g === 0 || sg.has(m2) || !(catalogue.merkmale.get(m2) ?? zusatzMerkmale.get(m2))?.additiv || Math.abs(e) > MAX_MULTIPLE || Math.abs(g + c * e) >= Math.abs(g)) continue;
      const next: Sigma = new Map([...sg, [m2, e]]);
      const b = blockOf.get(m2);
      const delta = b ? (next.get(b.total) ?? 0) - b.parts.reduce((x, q) => x + (next.get(q) ?? 0), 0) : 0;
      if (!b || delta === 0) out.push(next);
      else {
        if (!next.has(b.total)) out.push(new Map([...next, [b.total, -delta]]));
        for (const q of b.parts) if (!next.has(q)) out.push(new Map([...next, [q, delta]]));
      }
    }
    return out.filter((x) => x.size <= MAX_SIGMA);
  }

  /**
   * The cheapest certificate for cell (area, m). The plain patterns σ first (level 0); a pattern
   * that some rule kept from fitting somewhere (see `blocked`) is extended by `extensions` for
   * that rule and tried again, up to MAX_LEVEL steps: e.g. gsia_65plus + gsiae leaves
   * `gsia_65plus <= gsiae` untouched, bev_wohndauer_5plus + 5·wohndauer_summe_jahre leaves
   * `5 * bev_wohndauer_5plus <= wohndauer_summe_jahre` untouched. Ties: the first found (fixed
   * order of patterns, splits and areas), so the result is deterministic.
   */
  let searches = 0;
  function bestCertificate(area: string, m: string, frozen: ReadonlySet<string> = NONE): { cells: [string, string][]; t: number } | undefined {
    searches++;
    let best: { cost: number; cells: [string, string][]; t: number } | undefined;
    const seen = new Set<string>();
    let frontier = sigmaOptions(m);
    for (let l = 0; frontier.length > 0; l++) {
      const next: Sigma[] = [];
      for (const sigma of frontier) {
        const k = sigmaKey(sigma);
        if (seen.has(k)) continue;
        seen.add(k);
        // What σ costs in the start area alone bounds it and every extension of it from below.
        let startCost = 0;
        for (const [mm] of sigma) startCost += isSuppressed(area, mm) || spaet(mm, area) ? 0 : 1 + (val(area, mm) ?? Infinity);
        if (best && startCost >= best.cost) continue;
        const blocked = new Set<Rule>();
        const c = certificateFor(area, sigma, blocked, best?.cost ?? Infinity, frozen);
        if (c && (!best || c.cost < best.cost)) best = c;
        if (l < MAX_LEVEL) for (const r of blocked) next.push(...extensions(sigma, r));
      }
      frontier = next;
    }
    return best;
  }

  // Only certificates cheaper than `bound` are of interest: the search gives up on the others early.
  function certificateFor(
    start: string,
    sigma: Sigma,
    blocked: Set<Rule>,
    bound: number,
    frozen: ReadonlySet<string>,
  ): { cost: number; cells: [string, string][]; t: number } | undefined {
    const th = Math.max(...[...sigma.keys()].map(t));
    let best: { cost: number; cells: [string, string][]; t: number } | undefined;
    // x + a·d and x - b·d are both feasible when every -1 cell holds a and every +1 cell holds b:
    // the cells can move over an interval a + b wide. Try every split a + b = t (a = t first).
    for (let a = th; a >= 0; a--) {
      const c = certificateWithSplit(start, sigma, th, a, th - a, blocked, best ? Math.min(best.cost, bound) : bound, frozen);
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
    blocked: Set<Rule>,
    bound: number,
    frozen: ReadonlySet<string>,
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
      /** the suppressed areas of each Merkmal (live: grows as certificates are taken) */
      sup: Set<string>[];
      /** rules whose slack the subset changes, by g per unit (and that are tight enough to matter) */
      active: { rule: Rule; g: number }[];
      /** summe blocks the subset does not keep balanced: allowed only where their equation is not in force */
      unbalanced: { total: string; parts: string[] }[];
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
          sup: ms.map((m) => suppressedIn.get(m)!),
          active: rules.map((rule) => ({ rule, g: slackChange(rule, part) })).filter(({ rule, g }) => g !== 0 && rule.minSlack < tMax * Math.abs(g)),
          unbalanced: blocks.filter((bl) => (part.get(bl.total) ?? 0) !== bl.parts.reduce((x, q) => x + (part.get(q) ?? 0), 0)),
        };
        subs.set(mask, sub);
      }
      return sub;
    };
    const inner = (mask: number, a: string) => all.reduce((r, m, i) => (mask & (1 << i) && internal(a, m) ? r | (1 << i) : r), 0);
    // Merkmale of TabellenZusatz without a value in an area below (`spaet`) join where the parent moves
    // and they have a value there but no hierarchy equation
    const joins = (mask: number, a: string) => all.reduce((r, m, i) => (!(mask & (1 << i)) && zusatzMerkmale.has(m) && val(a, m) !== undefined && !internal(a, m) ? r | (1 << i) : r), 0);
    // Area a may carry d = e·σ on the subset: every value stays >= 0 in x + down·d and x - up·d
    // (a cell with d = +k must hold up·k, one with d = -k down·k), and so does the slack of every
    // rule (slack >= up·g for e·g > 0, >= down·|g| for e·g < 0).
    // A rule that fails here is noted in `blocked`: extending σ for it may help. A frozen area
    // (known to the attacker the certificate is for) carries no change at all.
    const fits = (sub: Sub, a: string, e: number) =>
      !frozen.has(a) &&
      sub.unbalanced.every((bl) => !blockInForce(bl, a)) &&
      sub.vals.every((v, i) => (v.get(a) ?? -1) >= (sub.co[i]! * e > 0 ? up : down) * Math.abs(sub.co[i]!)) &&
      sub.active.every(({ rule, g }) => {
        const sl = rule.slack.get(a);
        if (sl === undefined || sl >= (e * g > 0 ? up : down) * Math.abs(g)) return true;
        blocked.add(rule);
        return false;
      });
    const cellCost = (sub: Sub, a: string) => {
      let c = 0;
      for (let i = 0; i < sub.ms.length; i++) if (!sub.sup[i]!.has(a)) c += 1 + (sub.vals[i]!.get(a) ?? 0);
      return c;
    };
    // `under`: the walk looked only for paths cheaper than this and found none; cost is then Infinity
    // and means "at least `under`", not "no path" (a later walk with a higher limit walks again)
    type Step = { cost: number; next?: string; under?: number };
    // memo per (subset, sign), then per area
    const memos = new Map<number, Map<string, Step>>();
    const memoOf = (mask: number, e: number) => {
      const k = 2 * mask + (e > 0 ? 1 : 0);
      let m = memos.get(k);
      if (!m) memos.set(k, (m = new Map()));
      return m;
    };
    // Cheapest path from `a` (sign e, subset mask) down to where no equation of the subset is in force,
    // of those cheaper than `limit` (the caller has no use for others). The limit only cuts children
    // whose own cells already reach it: a path found below it is the exact cheapest, the same one an
    // unlimited walk finds (every cut child costs at least the limit, more than the path found). Without
    // it, a search that climbed to the Land walked most of the Land for each sibling Kreis (README,
    // „Woran die Geheimhaltung eines Landes wächst“).
    const desc = (a: string, e: number, mask: number, limit = Infinity): Step => {
      const memo = memoOf(mask, e);
      const hit = memo.get(a);
      if (hit && (hit.under === undefined || hit.under >= limit)) return hit;
      let r: Step = { cost: Infinity };
      const sub = subOf(mask);
      if (fits(sub, a, e)) {
        const below = inner(mask, a);
        const own = cellCost(sub, a);
        if (below === 0) r = { cost: own };
        else {
          let best: Step = { cost: Infinity };
          let cut = false;
          const belowSub = subOf(below);
          for (const c of tree.children(a)) {
            // a child's own cells bound its path from below: skip it when that cannot win
            const cc = cellCost(belowSub, c);
            if (cc >= best.cost) continue;
            const lim = Math.min(best.cost, limit - own);
            if (cc >= lim) {
              cut = true;
              continue;
            }
            const d = desc(c, e, below, lim);
            if (d.under !== undefined) cut = true;
            else if (d.cost < best.cost) best = { cost: d.cost, next: c };
          }
          r = { cost: best.cost + own, next: best.next };
          if (cut && !(r.cost < limit)) r = { cost: Infinity, under: limit };
        }
      }
      memo.set(a, r);
      return r;
    };
    const cells: [string, string][] = [];
    const path = (a: string, e: number, mask: number) => {
      for (let n: string | undefined = a, m = mask; n; ) {
        for (const mm of subOf(m).ms) cells.push([n, mm]);
        const next: string | undefined = memoOf(m, e).get(n)!.next;
        if (next) m = inner(m, n);
        n = next;
      }
    };
    const full = all.reduce((r, m, i) => (spaet(m, start) ? r : r | (1 << i)), 0);
    const start0 = desc(start, 1, full, bound);
    if (start0.under !== undefined || start0.cost >= bound) return undefined;
    let cost = start0.cost;
    path(start, 1, full);
    // Upwards: where the parent's equation is in force for some of the moving Merkmale, a sibling
    // balances them with the opposite sign, or else the parent moves too.
    for (let u = start, mask = full; ; ) {
      const p = tree.get(u)!.parent;
      const pm = p ? inner(mask, p) : 0;
      if (!p || pm === 0) break;
      let bestSib: { cost: number; code: string } | undefined;
      const pmSub = subOf(pm);
      // siblings whose path was only known to cost at least the bound of the search
      const unresolved: string[] = [];
      for (const v of tree.children(p)) {
        if (v === u || cost + cellCost(pmSub, v) >= Math.min(bound, cost + (bestSib?.cost ?? Infinity))) continue;
        const d = desc(v, -1, pm, Math.min(bound - cost, bestSib?.cost ?? Infinity));
        if (d.under !== undefined) unresolved.push(v);
        else if (Number.isFinite(d.cost) && (!bestSib || d.cost < bestSib.cost)) bestSib = { cost: d.cost, code: v };
      }
      // No sibling under the bound: if one can balance at all, the search ends here too expensive
      // (as when its full cost is known); only when none can does the parent move.
      if (!bestSib && unresolved.some((v) => Number.isFinite(desc(v, -1, pm).cost))) return undefined;
      if (bestSib) {
        cost += bestSib.cost;
        if (cost >= bound) return undefined;
        path(bestSib.code, -1, pm);
        break;
      }
      const sub = subOf(pm | joins(mask, p));
      if (!sub.vals.every((v) => v.has(p)) || !fits(sub, p, 1)) return undefined;
      cost += cellCost(sub, p);
      if (cost >= bound) return undefined;
      for (const mm of sub.ms) cells.push([p, mm]);
      u = p;
      mask = pm | joins(mask, p);
    }
    return { cost, t: th, cells };
  }


  // Which attackers each certificate leaves a cell open to. A certificate d with the cell in its
  // support protects it against the outsider and against the insider of every Stadt whose subtree
  // d does not touch (d is zero on all that insider knows). So each covered cell keeps the Städte
  // that every certificate covering it touches (`exposed`, sorted); it is protected against the
  // insider of Y when Y is not in that list or Y is its own Stadt (whose insider knows it anyway).
  const stadtMemo = new Map<string, string | undefined>();
  const stadtOf = (a: string) => {
    if (!stadtMemo.has(a)) stadtMemo.set(a, tree.stadtOf(a));
    return stadtMemo.get(a);
  };
  // A cell is the insider's own when its area lies in his Stadt's subtree, or when its hierarchy
  // equation is in force and every child is his own (a Kreis with a single Stadt): he computes it
  // from his own data, no publication is needed for that.
  const ownedBy = (a: string, m: string, y: string): boolean =>
    stadtOf(a) === y || (internal(a, m) && tree.children(a).every((c) => ownedBy(c, m, y)));
  const exposed = new Map<string, string[]>();
  // while a module is searched: what its searches add (for the module cache)
  let recording: { secondary: string[]; exposed: Set<string>; failedLocal: string[] } | undefined;
  const take = (cert: { cells: [string, string][]; t: number }) => {
    const touched = [...new Set(cert.cells.map(([a]) => stadtOf(a)).filter((y): y is string => y !== undefined))].sort();
    for (const [a, mm] of cert.cells) {
      const k = cellKey(a, mm);
      if (!cells.has(k)) {
        cells.set(k, { sperre: 'sekundaer', grund: GRUND_SEKUNDAER });
        suppressedIn.get(mm)!.add(a);
        stats.sekundaer++;
        stats.populationSekundaer += val(a, mm) ?? 0;
        recording?.secondary.push(k);
      }
      // every cell in the support moves by at least cert.t >= its own threshold (cert.t is the
      // largest threshold of σ's Merkmale); the check keeps that assumption explicit
      if (cert.t < t(mm)) continue;
      const before = exposed.get(k);
      exposed.set(k, before ? before.filter((y) => touched.includes(y)) : touched);
      recording?.exposed.add(k);
    }
  };

  // Modules (header, „Je Kreis“): in a Land, each Kreis and kreisfreie Stadt with everything below it.
  // `top` = the root and the module roots. A certificate that leaves every top area alone is a
  // certificate of the module's table with its root fixed, and of the whole table as well (it is zero
  // on every equation outside the module). Without a Land root there are no modules: every search
  // is a whole-table search, in the order the method always had.
  const top = new Set<string>();
  const moduleOf = new Map<string, string>();
  const roots = tree.all().filter((a) => !a.parent);
  if (method.modular !== false && roots.length === 1 && ebeneDepth(roots[0]!.ebene) < ebeneDepth('kreis')) {
    const root = roots[0]!.code;
    top.add(root);
    for (const c of tree.children(root)) {
      top.add(c);
      for (const a of tree.subtree(c)) if (a !== c) moduleOf.set(a, c);
    }
  }
  // The frozen set for a search against the insider of Stadt y: his subtree, and inside a module also
  // the top areas (a local search).
  const frozenOf = new Map<string, ReadonlySet<string>>();
  const frozenFor = (y: string, local: boolean): ReadonlySet<string> => {
    const k = `${local ? 'l' : 'g'}${y}`;
    let f = frozenOf.get(k);
    if (!f) frozenOf.set(k, (f = new Set(local ? [...tree.subtree(y), ...top] : tree.subtree(y))));
    return f;
  };
  const unprotected: string[] = [];
  const unprotectedFromInsider: { cell: string; stadt: string }[] = [];
  const failed = new Set<string>();
  const failedLocal = new Set<string>();
  const additive = merkmale.filter((m) => m.additiv).map((m) => m.id);

  // Against each Stadt's insider: every suppressed cell (primary or secondary) still open to the
  // insider of a Stadt Y other than its own gets a certificate with Y's subtree frozen. Its new
  // secondary cells may be open to an insider in turn, so passes repeat, in the fixed order of
  // areas and Merkmale, until one adds nothing. Each (cell, Y) is searched at most once per kind: a
  // found certificate avoids Y, so Y leaves the cell's list for good (lists only shrink). With
  // `onlyLocal`, only cells inside a module against a Stadt of the same module, by local searches
  // (phase 1); otherwise a failed local search is followed by a whole-table one (phase 2).
  const insiderPasses = (areas: readonly string[], onlyLocal: boolean) => {
    for (let changed = method.insider !== false; changed; ) {
      changed = false;
      for (const area of areas) {
        const mod = moduleOf.get(area);
        for (const m of additive) {
          const k = cellKey(area, m);
          for (;;) {
            const y = exposed
              .get(k)
              ?.find((s) => !ownedBy(area, m, s) && !failed.has(`${k}\u0000${s}`) && !(onlyLocal && (moduleOf.get(s) !== mod || failedLocal.has(`${k}\u0000${s}`))));
            if (y === undefined) break;
            const ky = `${k}\u0000${y}`;
            let cert: ReturnType<typeof bestCertificate>;
            if (mod !== undefined && moduleOf.get(y) === mod && !failedLocal.has(ky)) {
              cert = bestCertificate(area, m, frozenFor(y, true));
              if (!cert) {
                failedLocal.add(ky);
                recording?.failedLocal.push(ky);
              }
            }
            if (!cert && onlyLocal) continue;
            if (!cert) cert = bestCertificate(area, m, frozenFor(y, false));
            if (cert) {
              take(cert);
              changed = true;
            } else {
              failed.add(ky);
              unprotectedFromInsider.push({ cell: k, stadt: y });
            }
          }
        }
      }
    }
  };

  // Phase 1, module by module: the primary cells below the module roots by local searches (top
  // areas frozen), then the local insider passes. Nothing here reads or writes another module's
  // cells, so the modules are independent of each other (and their order does not matter).
  const deferred: [string, string][] = [];
  const orderIn = new Map<string, string[]>();
  const position = new Map<string, number>();
  for (const a of order) {
    position.set(a, position.size);
    const mod = moduleOf.get(a);
    if (mod === undefined) continue;
    const list = orderIn.get(mod);
    if (list) list.push(a);
    else orderIn.set(mod, [a]);
  }
  const primariesIn = new Map<string, [string, string][]>();
  for (const c of primaries) {
    const mod = moduleOf.get(c[0]);
    if (mod === undefined) deferred.push(c);
    else {
      const list = primariesIn.get(mod);
      if (list) list.push(c);
      else primariesIn.set(mod, [c]);
    }
  }
  // the settings and the catalogue's relations as the searches use them (a cache is only valid for them)
  const settings = JSON.stringify([options, method.ungleichungen, method.insider, catalogue.version, blocks, rules.map((r) => [r.id, [...r.coef], r.constant]), merkmale.map((m) => [m.id, m.additiv, t(m.id)])]);
  for (const [mod, areas] of orderIn) {
    // the module's own cells, tree and the settings, in full (see ModuleResult)
    const key = [settings, ...[mod, ...areas].map((a) => {
      const area = tree.get(a)!;
      return `${a}<${area.parent}<${area.ebene}:${merkmale.map((m) => val(a, m.id) ?? '').join(',')}`;
    })].join('\n');
    const cached = method.moduleCache?.get(mod);
    if (cached && cached.key === key) {
      for (const k of cached.secondary) {
        const [a, mm] = k.split('\u0000') as [string, string];
        cells.set(k, { sperre: 'sekundaer', grund: GRUND_SEKUNDAER });
        suppressedIn.get(mm)!.add(a);
        stats.sekundaer++;
        stats.populationSekundaer += val(a, mm) ?? 0;
      }
      for (const [k, ys] of cached.exposed) exposed.set(k, [...ys]);
      for (const k of cached.failedLocal) failedLocal.add(k);
      deferred.push(...cached.deferred);
      stats.kreiseAusZwischenspeicher++;
      continue;
    }
    stats.kreiseGesucht++;
    recording = { secondary: [], exposed: new Set(), failedLocal: [] };
    const deferredBefore = deferred.length;
    const searchesBefore = searches;
    for (const [area, m] of primariesIn.get(mod) ?? []) {
      if (exposed.has(cellKey(area, m))) continue;
      const cert = bestCertificate(area, m, top);
      if (cert) take(cert);
      else deferred.push([area, m]);
    }
    insiderPasses(areas, true);
    method.moduleCache?.set(mod, {
      key,
      secondary: recording.secondary,
      exposed: [...recording.exposed].map((k) => [k, [...exposed.get(k)!]]),
      failedLocal: recording.failedLocal,
      deferred: deferred.slice(deferredBefore),
      searches: searches - searchesBefore,
    });
    recording = undefined;
  }
  stats.suchenJeKreis = searches;
  const result = (): SuppressionPattern => ({ cells, unprotected, unprotectedFromInsider, stats, threshold: t, get: lookupOf(cells) });
  if (method.nurKreise) return result();

  // Phase 2, the whole table: the top cells (and, without modules, every cell) top-down (Land and
  // Kreis first: certificates of large areas often protect small ones on the way), then the cells a
  // local search could not protect; then the insider passes over all cells.
  deferred.sort((x, y) => position.get(x[0])! - position.get(y[0])!);
  for (const [area, m] of deferred) {
    if (exposed.has(cellKey(area, m))) continue;
    const cert = bestCertificate(area, m);
    if (cert) take(cert);
    else unprotected.push(cellKey(area, m));
  }
  insiderPasses(order, false);
  stats.suchenGanz = searches - stats.suchenJeKreis;
  // modules no longer in the tree leave the cache
  if (method.moduleCache) for (const mod of [...method.moduleCache.keys()]) if (!orderIn.has(mod)) method.moduleCache.delete(mod);

  return result();
}
