/**
 * Age bands in other cuts than the catalogue's (`bev_alter_<von>_<bis>`, `bev_alter_<von>_plus`,
 * shared/catalogue/altersintervalle.ts) as cells of the suppressed table.
 *
 * Such bands are counts like any other: stored, summed over the tree (the hierarchy equations of
 * shared/disclosure/suppress.ts cover them once they are Merkmale of the table). What an attacker
 * knows beyond that comes from their meaning, ages: in an area, bands that do not overlap count
 * different people. For every "container" C (a band with a value, or `bevoelkerung` = all ages) and
 * every maximal family F of pairwise disjoint bands with a value inside C (C itself excluded):
 *   Σ F <= C, and Σ F = C when F tiles C exactly
 * (bevoelkerung = the 8 Berlin bands; bev_alter_0_5 = bev_0_2 + bev_3_5; bev_30_44 = bev_alter_30_34
 * + bev_alter_35_39 + bev_alter_40_44). Smaller families follow from a maximal one and y >= 0, so
 * only maximal ones are rules. Families are taken per area from the bands that area has, so every
 * rule is in force where it was found (suppressTable uses a rule wherever all its terms have values
 * and the true table keeps it). An equation is two `Inequality` rules (L <= R and R <= L: a
 * certificate must leave it unchanged), as suppressTable does for a `summe` that is no block. Rules
 * only of catalogue Merkmale are left out: `altersgruppen_summe` (bevoelkerung = Σ 14 bands) is a
 * block of the suppression already.
 *
 * Not modelled: relations between two families neither of which is one band or all ages (two
 * tilings of "0 to 9 and 15 to 17" by different bands, when no band covers 10 to 14). With every
 * source's bands tiling all ages, as the catalogue's, IT.NRW's and Berlin's do, these follow from
 * the equations with bevoelkerung.
 *
 * Across areas. People live in the smallest areas, so an area's own bands (delivered for it, not
 * summed from its sub-areas: IT.NRW's for a Kreis) tie to its sub-areas' bands beyond the hierarchy:
 * a Kreis' 30–34 is at most Stadt A's 30–44 plus Stadt B's 27–44. These are no rules of one area, and
 * the suppression cannot use them. They follow from the rules of the area and the hierarchy when all
 * sub-areas have the same bands, summed in the area, and these hold a finest tiling (every interval
 * between two of their cuts is one of them: the catalogue's 14, Berlin's 8; or no bands but
 * bevoelkerung, or none): the area's ages can then be shared out among the sub-areas. Elsewhere (a
 * Kreis with IT.NRW's bands above a Stadt in the catalogue's and one in Berlin's) the bands outside
 * the catalogue of that area and all below it are left out of the table (`verdeckt`): readers get
 * them, and Kennzahlen read from them, as "gesperrt", as before these bands were cells. The attacker
 * test (tests/disclosure/altersbaender.test.ts) models ages exactly: a non-negative count per age
 * interval in each Gemeindeteil, every band of every area their sum.
 */
import type { AreaTree } from '../areas/areas';
import type { Catalogue } from '../catalogue/catalogue';
import { intervallVonId, type Altersintervall } from '../catalogue/altersintervalle';
import { mitLuecken } from './luecke';
import { cellKey, lookupOf, suppressTable, type CountLookup, type DisclosureOptions, type Inequality, type SuppressionMethod, type SuppressionPattern, type TabellenZusatz } from './suppress';

/**
 * More rules than this: the bands are not made cells of the table (they stay hidden from readers,
 * see `AltersMuster.altersbaender`) rather than slowing every suppression down. Real cuts give a
 * few dozen (a Kreis with IT.NRW's 17 bands beside the catalogue's 14 summed from its Städte: 20).
 */
export const MAX_ALTERSREGELN = 2000;

/** The total of all ages: the container of every band. */
const GESAMT = 'bevoelkerung';

/** Whether `id` is an age band outside the catalogue (bev_alter_…, well-formed). */
export function istFremdesAltersband(catalogue: Catalogue, id: string): boolean {
  return !catalogue.merkmale.has(id) && intervallVonId(id) !== undefined && catalogue.merkmal(id) !== undefined;
}

/**
 * The extra Merkmale (the present bands outside the catalogue) and the extra rules of the table
 * (see the header) for suppressTable. `ids`: the Merkmal ids with values in the period (any; the
 * bands outside the catalogue are picked). Areas with incomplete sub-areas get their gap leaf as in
 * suppressTable, so the gap's bands are tied by the same rules.
 */
export function altersbandZusatz(
  catalogue: Catalogue,
  areaTree: AreaTree,
  counts: CountLookup,
  ids: Iterable<string>,
  /** false: leave no cells out (only to show in the tests what an attacker then learns) */
  verdecken = true,
): TabellenZusatz & { ausgelassen: string[]; verdeckt: ReadonlySet<string>; count: CountLookup } {
  const fremd = [...new Set(ids)].filter((id) => istFremdesAltersband(catalogue, id)).sort();
  if (fremd.length === 0) return { merkmale: [], rules: [], ausgelassen: [], verdeckt: new Set(), count: counts };
  const alle = [...[...catalogue.merkmale.keys()].filter((id) => intervallVonId(id)), ...fremd].map((id) => ({ id, iv: intervallVonId(id)! }));
  const roh = mitLuecken(catalogue, areaTree, counts);
  const verdeckt = verdecken ? verdeckteZellen(roh.tree, roh.count, alle, fremd) : new Set<string>();
  // the table without the cells left out (the gaps of incomplete areas then without them, too)
  const sichtbar: CountLookup = (a, m) => (verdeckt.has(cellKey(a, m)) ? undefined : counts(a, m));
  const { tree, count } = mitLuecken(catalogue, areaTree, sichtbar);
  const rules = new Map<string, Inequality>();
  const seen = new Set<string>();
  for (const a of tree.all()) {
    const da = alle.filter((b) => count(a.code, b.id) !== undefined);
    // only areas with a band of their own cut give rules the catalogue's block does not
    if (!da.some((b) => !catalogue.merkmale.has(b.id))) continue;
    const gesamt = count(a.code, GESAMT) !== undefined;
    const setKey = `${gesamt}|${da.map((b) => b.id).join(',')}`;
    if (seen.has(setKey)) continue;
    seen.add(setKey);
    const container = [...da, ...(gesamt ? [{ id: GESAMT, iv: { von: 0, bis: Infinity } }] : [])];
    for (const c of container) {
      for (const f of maximaleFamilien(c, da)) {
        if ([c.id, ...f.map((b) => b.id)].every((id) => catalogue.merkmale.has(id))) continue;
        const coef = new Map<string, number>([[c.id, 1], ...f.map((b) => [b.id, -1] as [string, number])]);
        const name = `${c.id} ${deckt(c.iv, f) ? '=' : '>='} ${f.map((b) => b.id).join(' + ')}`;
        rules.set(name, { id: `Altersgruppen: ${name}`, coef, constant: 0 });
        if (deckt(c.iv, f)) rules.set(`${name} (umgekehrt)`, { id: `Altersgruppen: ${name} (umgekehrt)`, coef: new Map([...coef].map(([m, k]) => [m, -k])), constant: 0 });
        if (rules.size > MAX_ALTERSREGELN) return { merkmale: [], rules: [], ausgelassen: fremd, verdeckt, count: sichtbar };
      }
    }
  }
  return { merkmale: fremd, rules: [...rules.values()], ausgelassen: [], verdeckt, count: sichtbar };
}

/**
 * The cells of bands outside the catalogue left out of the table (see the header, „Across areas“):
 * those of every area with own bands whose sub-areas do not share one set of bands with a finest
 * tiling, and of all areas below it. Repeated until nothing changes (leaving cells out changes the
 * sets of the areas above).
 */
function verdeckteZellen(tree: Pick<AreaTree, 'all' | 'children' | 'subtree'>, count: CountLookup, alle: readonly Band[], fremd: readonly string[]): Set<string> {
  const verdeckt = new Set<string>();
  const hat = (a: string, id: string) => !verdeckt.has(cellKey(a, id)) && count(a, id) !== undefined;
  const satz = (a: string): Band[] => [...alle.filter((b) => hat(a, b.id)), ...(count(a, GESAMT) !== undefined ? [{ id: GESAMT, iv: { von: 0, bis: Infinity } }] : [])];
  for (let changed = true; changed; ) {
    changed = false;
    for (const a of tree.all()) {
      const children = tree.children(a.code);
      if (children.length === 0) continue;
      const teile = children.map(satz);
      const eigen = satz(a.code).filter((b) => teile.some((t) => !t.some((x) => x.id === b.id)));
      if (eigen.length === 0) continue;
      const ersteIds = teile[0]!.map((b) => b.id).join(',');
      if (teile.every((t) => t.map((b) => b.id).join(',') === ersteIds) && feinsteZerlegung(teile[0]!)) continue;
      for (const x of tree.subtree(a.code)) {
        for (const id of fremd) {
          if (hat(x, id)) {
            verdeckt.add(cellKey(x, id));
            changed = true;
          }
        }
      }
    }
  }
  return verdeckt;
}

/** Whether every interval between two neighbouring cuts of the bands that some band covers is itself one of them. */
function feinsteZerlegung(baender: readonly Band[]): boolean {
  const schnitte = [...new Set(baender.flatMap((b) => [b.iv.von, ende(b.iv)]))].sort((a, b) => a - b);
  for (let i = 0; i + 1 < schnitte.length; i++) {
    const iv = { von: schnitte[i]!, bis: schnitte[i + 1]! === Infinity ? Infinity : schnitte[i + 1]! - 1 };
    const gedeckt = baender.some((b) => b.iv.von <= iv.von && ende(b.iv) >= ende(iv));
    if (gedeckt && !baender.some((b) => b.iv.von === iv.von && b.iv.bis === iv.bis)) return false;
  }
  return true;
}

type Band = { id: string; iv: Altersintervall };
const ende = (iv: Altersintervall): number => (iv.bis === Infinity ? Infinity : iv.bis + 1);

/**
 * The maximal families of pairwise disjoint bands inside container c (c excluded), each sorted by
 * age: a family is maximal when no other band fits into one of its gaps or after its end. Built left
 * to right: the next band starts after the last one's end, and no band fits wholly in between.
 */
export function maximaleFamilien(c: Band, baender: readonly Band[]): Band[][] {
  const innen = baender.filter((b) => b.id !== c.id && b.iv.von >= c.iv.von && ende(b.iv) <= ende(c.iv)).sort((a, b) => a.iv.von - b.iv.von || a.iv.bis - b.iv.bis);
  const out: Band[][] = [];
  const weiter = (frei: number, familie: Band[]): void => {
    const kandidaten = innen.filter((b) => b.iv.von >= frei);
    if (kandidaten.length === 0) {
      if (familie.length > 0) out.push(familie);
      return;
    }
    for (const b of kandidaten) {
      // a band wholly in the gap before b would fit beside: the family would not be maximal
      if (kandidaten.some((x) => ende(x.iv) <= b.iv.von)) continue;
      weiter(ende(b.iv), [...familie, b]);
      if (out.length > MAX_ALTERSREGELN) return;
    }
  };
  weiter(c.iv.von, []);
  return out;
}

/** Whether the family (sorted, disjoint) covers every age of iv. */
function deckt(iv: Altersintervall, familie: readonly Band[]): boolean {
  let frei = iv.von;
  for (const b of familie) {
    if (b.iv.von !== frei) return false;
    frei = ende(b.iv);
  }
  return frei === ende(iv);
}

export const GRUND_VERDECKT =
  'Altersgruppe in anderen Grenzen in einem Gebiet, dessen eigene Altersgruppen über Teilgebieten mit verschiedenen Grenzen liegen; deren Geheimhaltung wird dort nicht geprüft, daher für Leser gesperrt';

/** A suppression pattern of a table with age bands in other cuts; `altersbaender`: those that are cells of it. */
export type AltersMuster = SuppressionPattern & {
  /** the bands outside the catalogue the pattern covers: only these (and the catalogue's Merkmale) may be published */
  readonly altersbaender: readonly string[];
};

/**
 * suppressTable with the table's age bands outside the catalogue as cells (altersbandZusatz). `ids`:
 * the Merkmal ids with values in the period.
 */
export function suppressTableMitAltersbaendern(
  catalogue: Catalogue,
  tree: AreaTree,
  counts: CountLookup,
  ids: Iterable<string>,
  options: DisclosureOptions = {},
  method: SuppressionMethod = {},
): AltersMuster {
  const zusatz = altersbandZusatz(catalogue, tree, counts, ids);
  const pattern = suppressTable(catalogue, tree, zusatz.count, options, method, zusatz);
  const altersbaender = zusatz.merkmale ?? [];
  if (zusatz.verdeckt.size === 0) return { ...pattern, altersbaender };
  // cells left out of the table look to readers like any suppressed cell
  const cells = new Map(pattern.cells);
  for (const k of zusatz.verdeckt) cells.set(k, { sperre: 'sekundaer', grund: GRUND_VERDECKT });
  return { ...pattern, cells, get: lookupOf(cells), altersbaender };
}
