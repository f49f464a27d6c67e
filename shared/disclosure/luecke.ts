/**
 * The gap of an area with incomplete sub-areas as a cell of the table. Where the area tree says the
 * parts of an area do not hold everyone (`teileUnvollstaendig`), the engine counts the official
 * total, and total − Σ parts ("ohne Zuordnung") is a count like any other: with the total and all
 * parts published it is known, and it may be small (three people without a Stadtteil). For the
 * suppression it therefore is a sub-area of its own, a leaf beside the real ones, so that the
 * hierarchy equation reads total = Σ parts + gap and every rule of shared/disclosure/suppress.ts
 * (primary suppression of small counts, certificates, insiders) covers it unchanged.
 *
 * The gap's area code is the area's code + LUECKE_SUFFIX, which no real code can be (codes are
 * letters, digits and „-“). It belongs to the same Stadt as its area: the insider of a Stadt knows
 * his own gap; the gap of a Kreis or Land is nobody's but the Kreis's.
 */
import type { Area, AreaTree } from '../areas/areas';
import type { Catalogue } from '../catalogue/catalogue';

export const LUECKE_SUFFIX = '~ohneZuordnung';
/** The code of the gap cell of `area` in a suppression pattern (pattern.get(lueckeCode(a), m)). */
export const lueckeCode = (area: string): string => `${area}${LUECKE_SUFFIX}`;

/** What the suppression reads of the tree: the real tree, or the tree with gap leaves. */
export type TabellenBaum = Pick<AreaTree, 'all' | 'get' | 'children' | 'stadtOf' | 'subtree'>;

type Lookup = (area: string, merkmal: string) => number | undefined;

/**
 * The tree with a gap leaf under every area whose sub-areas are incomplete, and the counts with the
 * gap's (total − Σ parts, additive Merkmale only, where the total and every part have a count).
 * A tree without such areas comes back as it is.
 */
export function mitLuecken(catalogue: Catalogue, tree: AreaTree, count: Lookup): { tree: TabellenBaum; count: Lookup } {
  const luecken = new Map<string, Area>();
  for (const a of tree.all()) {
    const children = tree.children(a.code);
    if (!a.teileUnvollstaendig || children.length === 0) continue;
    const code = lueckeCode(a.code);
    luecken.set(code, { code, name: `${a.name}: ohne Zuordnung`, ebene: tree.get(children[0]!)!.ebene, parent: a.code });
  }
  if (luecken.size === 0) return { tree, count };
  const children = (code: string): readonly string[] => {
    const real = tree.children(code);
    return luecken.has(lueckeCode(code)) ? [...real, lueckeCode(code)] : real;
  };
  const baum: TabellenBaum = {
    all: () => [...tree.all(), ...luecken.values()],
    get: (code) => luecken.get(code) ?? tree.get(code),
    children,
    stadtOf: (code) => {
      const l = luecken.get(code);
      return l ? tree.stadtOf(l.parent!) : tree.stadtOf(code);
    },
    subtree: (code) => {
      const out: string[] = [];
      const walk = (c: string): void => {
        out.push(c);
        for (const ch of children(c)) walk(ch);
      };
      if (baum.get(code)) walk(code);
      return out;
    },
  };
  const lookup: Lookup = (area, merkmal) => {
    const l = luecken.get(area);
    if (!l) return count(area, merkmal);
    // (catalogue.merkmal: age bands in other cuts are additive cells too, shared/disclosure/altersbaender.ts)
    if (!catalogue.merkmal(merkmal)?.additiv) return undefined;
    const total = count(l.parent!, merkmal);
    if (total === undefined) return undefined;
    let sum = 0;
    for (const c of tree.children(l.parent!)) {
      const x = count(c, merkmal);
      if (x === undefined) return undefined;
      sum += x;
    }
    // the engine refuses a total below its parts; should one still get here, no negative cell
    return total >= sum ? total - sum : undefined;
  };
  return { tree: baum, count: lookup };
}
