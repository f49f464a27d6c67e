/**
 * The binding small-area geography: Land > Kreis > Stadt (Gemeinde) > Stadtbezirk > Gemeindeteil >
 * Baublock. Levels may be skipped (a kreisfreie Stadt directly under the Land; Gemeindeteile directly
 * under a Stadt without Stadtbezirke). The root is a Land, a Kreis or a kreisfreie Stadt: a
 * deployment for all of NRW is one tree.
 *
 * Codes: Land = 2 digits (`05`), Kreis = 5-digit AGS (`05954`), Stadt = 8-digit AGS (`05954036`,
 * kreisfrei `05315000`); below the Stadt, the parent's code + `-` + the city's own number of 1–8
 * letters or digits (Stadtbezirk `05315000-1`, Stadtteil `05315000-1-101`, Baublock
 * `05315000-1-101-0017`, the demo's `05954036-03-0017`, a Berlin Planungsraum
 * `11000000-01-01011101`). Below the Stadt a code's level cannot be read off its shape
 * (`05315000-1` may be a Stadtbezirk or a Stadtteil): the declared `ebene` and parent decide, and the
 * code must start with the parent's code + `-`. The tree builder rejects a broken list as a whole
 * with every problem named.
 */
import { EBENEN, EBENE_NAMEN, Ebene, Role, clipText, deNumber, ebeneDepth, listedProblems } from '../types';

export interface Area {
  code: string;
  name: string;
  ebene: Ebene;
  /** code of the enclosing area; null for the root (Land, Kreis or kreisfreie Stadt) */
  parent: string | null;
  /**
   * The source says the sub-areas do not hold everyone (people without a Stadtteil, Hamburg: Land
   * 1,788,994 against 1,782,217 in its Stadtteile): a count reported for this area wins over the sum
   * of its parts (shared/indicators/engine.ts). Only for an area with sub-areas.
   */
  teileUnvollstaendig?: boolean;
  /** why, in the source's words, e.g. „Personen ohne Stadtteilzuordnung“ (only with teileUnvollstaendig) */
  teileUnvollstaendigGrund?: string;
}

/** Levels whose codes are official keys of fixed length (AGS); the rest are the city's own numbers. */
const AMTLICH: Partial<Record<Ebene, RegExp>> = {
  land: /^[0-9]{2}$/,
  kreis: /^[0-9]{5}$/,
  stadt: /^[0-9]{8}$/,
};
/** One part of a code below the Stadt: the city's own number (Stadtteile 101–909, 8-digit LOR ids). */
const TEIL = /^[A-Za-z0-9]{1,8}$/;
/** Any code below a Stadt: the AGS and one or more own numbers. */
const UNTER_STADT = /^[0-9]{8}(-[A-Za-z0-9]{1,8})+$/;

/** The levels a level may lie in (nearest first): skipping is allowed, going sideways is not. */
const PARENT_LEVELS: Record<Ebene, readonly Ebene[]> = {
  land: [],
  kreis: ['land'],
  stadt: ['kreis', 'land'],
  stadtbezirk: ['stadt'],
  gemeindeteil: ['stadtbezirk', 'stadt'],
  baublock: ['gemeindeteil', 'stadtbezirk', 'stadt'],
};
/** Levels that can be the root of a tree. */
const ROOT_LEVELS: readonly Ebene[] = ['land', 'kreis', 'stadt'];

const DEFAULT_EXAMPLES: Record<Ebene, string> = {
  land: '05',
  kreis: '05954',
  stadt: '05954036',
  stadtbezirk: '05315000-1',
  gemeindeteil: '05954036-03',
  baublock: '05954036-03-0017',
};

/** Whether a code has the shape of some level (an AGS, or an AGS with own numbers below it). */
export function isAreaCode(code: string): boolean {
  return ebeneOfCode(code) !== undefined || UNTER_STADT.test(code);
}

/**
 * The level an official code's shape names: `land` (2 digits), `kreis` (5), `stadt` (8). Codes below
 * the Stadt give undefined: their level is what the tree declares (see isAreaCode for the shape).
 */
export function ebeneOfCode(code: string): 'land' | 'kreis' | 'stadt' | undefined {
  return (['land', 'kreis', 'stadt'] as const).find((e) => AMTLICH[e]!.test(code));
}

/**
 * Codes that may be the parent of a code, nearest first, by shape alone: `05315000-1-101` →
 * [`05315000-1`]; `05315000` → [`05315`, `05`] (the Kreis, or the Land for a kreisfreie Stadt);
 * `05954` → [`05`]; a Land or a code of no known shape → []. Which one it is, the tree decides.
 */
export function possibleParents(code: string): string[] {
  if (UNTER_STADT.test(code)) return [code.slice(0, code.lastIndexOf('-'))];
  switch (ebeneOfCode(code)) {
    case 'stadt':
      return [code.slice(0, 5), code.slice(0, 2)];
    case 'kreis':
      return [code.slice(0, 2)];
    default:
      return [];
  }
}

/** The nearest parent code a code's shape suggests (null for a Land or an unknown shape); see possibleParents. */
export function impliedParent(code: string): string | null {
  return possibleParents(code)[0] ?? null;
}

/**
 * Example codes for messages, per level, taken from the deployment's own areas (the first of each
 * level), so that a Köln deployment reads „05315000-1“ and not Ennepe-Ruhr's codes.
 */
export function codeExamples(areas: readonly Pick<Area, 'code' | 'ebene'>[]): Record<Ebene, string> {
  const out = { ...DEFAULT_EXAMPLES };
  const seen = new Set<Ebene>();
  for (const a of areas) {
    if (seen.has(a.ebene) || !codeFitsLevel(a.code, a.ebene)) continue;
    out[a.ebene] = a.code;
    seen.add(a.ebene);
  }
  return out;
}

function codeFitsLevel(code: string, ebene: Ebene): boolean {
  const fixed = AMTLICH[ebene];
  return fixed ? fixed.test(code) : UNTER_STADT.test(code);
}

/** How a code on a level must look, with the deployment's own example. */
function expectedForm(ebene: Ebene, examples: Record<Ebene, string>): string {
  switch (ebene) {
    case 'land':
      return `2 Ziffern (Landesschlüssel), z. B. „${examples.land}“`;
    case 'kreis':
      return `5 Ziffern (Kreisschlüssel), z. B. „${examples.kreis}“`;
    case 'stadt':
      return `8 Ziffern (Amtlicher Gemeindeschlüssel), z. B. „${examples.stadt}“`;
    default:
      return `Code des übergeordneten Gebiets, „-“ und eine eigene Nummer aus 1 bis 8 Buchstaben oder Ziffern, z. B. „${examples[ebene]}“`;
  }
}

/** "A, B oder C" */
const oder = (words: readonly string[]): string =>
  words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} oder ${words[words.length - 1]}`;

export class AreaTreeError extends Error {
  /** the problems, at most MAX_PROBLEMS_LISTED and a closing line with the count of the rest */
  readonly problems: string[];
  /** how many problems there are in all */
  readonly total: number;
  constructor(all: string[]) {
    const problems = listedProblems(all);
    super(`Die Gebietsgliederung ist fehlerhaft (${deNumber(all.length)} Problem${all.length === 1 ? '' : 'e'}):\n- ${problems.join('\n- ')}`);
    this.problems = problems;
    this.total = all.length;
    this.name = 'AreaTreeError';
  }
}

export class AreaTree {
  private readonly byCode: Map<string, Area>;
  private readonly childrenOf = new Map<string, string[]>();
  readonly root: Area;

  private constructor(areas: Area[]) {
    this.byCode = new Map(areas.map((a) => [a.code, a]));
    for (const a of areas) {
      if (a.parent) {
        const list = this.childrenOf.get(a.parent) ?? [];
        list.push(a.code);
        this.childrenOf.set(a.parent, list);
      }
    }
    for (const list of this.childrenOf.values()) list.sort();
    this.root = areas.find((a) => a.parent === null)!;
  }

  /**
   * Builds the tree from a flat list (any order). Rejects, with every problem listed: a code that
   * does not fit its declared level, a duplicate code, an unknown parent, a parent on a level the
   * area cannot lie in, a code that does not begin with its parent's code (below the Stadt: parent
   * code + `-` + one own number), a kreisfreie Stadt under the Land whose Kreis is in the list, a
   * cycle, not exactly one root (Land, Kreis or kreisfreie Stadt). Examples in messages are the
   * list's own codes.
   */
  static build(areas: readonly Area[]): AreaTree {
    const problems: string[] = [];
    const byCode = new Map<string, Area>();
    const examples = codeExamples(areas.filter((a) => EBENEN.includes(a.ebene)));
    areas.forEach((a, i) => {
      const where = `Gebiet ${i + 1} („${clipText(a.code)}“${a.name ? `, ${clipText(a.name)}` : ''})`;
      if (!EBENEN.includes(a.ebene)) {
        problems.push(`${where}: unbekannte Ebene „${a.ebene}“; erlaubt sind ${EBENEN.join(', ')}`);
        return;
      }
      if (!codeFitsLevel(a.code, a.ebene)) {
        problems.push(`${where}: Der Code passt nicht zur Ebene ${EBENE_NAMEN[a.ebene]}; erwartet wird ${expectedForm(a.ebene, examples)}`);
      }
      if (!a.name || a.name.trim() === '') problems.push(`${where}: Der Name fehlt`);
      if (byCode.has(a.code)) problems.push(`${where}: Der Code „${a.code}“ kommt mehrfach vor`);
      else byCode.set(a.code, a);
    });

    const roots = areas.filter((a) => a.parent === null || a.parent === '');
    if (roots.length !== 1) {
      problems.push(
        roots.length === 0
          ? 'Es gibt kein oberstes Gebiet (ein Land, einen Kreis oder eine kreisfreie Stadt ohne übergeordnetes Gebiet)'
          : `Es darf genau ein Gebiet ohne übergeordnetes Gebiet geben (das Land, den Kreis oder die kreisfreie Stadt), gefunden: ${roots.map((r) => r.code).join(', ')}`,
      );
    }
    for (const a of areas) {
      const where = `Gebiet „${clipText(a.code)}“`;
      const parentCode = a.parent === '' ? null : a.parent;
      if (!EBENEN.includes(a.ebene)) continue;
      if (parentCode === null) {
        if (!ROOT_LEVELS.includes(a.ebene)) {
          problems.push(`${where}: Nur ein Land, ein Kreis oder eine kreisfreie Stadt kann ohne übergeordnetes Gebiet sein; Ebene ist aber ${EBENE_NAMEN[a.ebene]}`);
        }
        continue;
      }
      const parent = byCode.get(parentCode);
      if (!parent) {
        problems.push(`${where}: Das übergeordnete Gebiet „${clipText(parentCode)}“ ist nicht in der Liste`);
        continue;
      }
      if (!EBENEN.includes(parent.ebene)) continue;
      const allowed = PARENT_LEVELS[a.ebene];
      if (!allowed.includes(parent.ebene)) {
        const expected = allowed.length === 0 ? 'keins (ein Land ist immer das oberste Gebiet)' : oder(allowed.map((e) => EBENE_NAMEN[e]));
        problems.push(
          `${where}: Ein Gebiet der Ebene ${EBENE_NAMEN[a.ebene]} kann nicht in „${parentCode}“ (${EBENE_NAMEN[parent.ebene]}) liegen; erwartet: ${expected}`,
        );
      } else if (AMTLICH[a.ebene] ? !a.code.startsWith(parentCode) : !a.code.startsWith(`${parentCode}-`)) {
        problems.push(`${where}: Der Code beginnt nicht mit dem Code des übergeordneten Gebiets „${parentCode}“${!AMTLICH[a.ebene] && a.code.startsWith(parentCode) ? ' und „-“' : ''}`);
      } else if (!AMTLICH[a.ebene] && !TEIL.test(a.code.slice(parentCode.length + 1))) {
        problems.push(
          `${where}: Nach „${parentCode}-“ muss genau eine eigene Nummer aus 1 bis 8 Buchstaben oder Ziffern folgen (z. B. „${parentCode}-101“), nicht „${clipText(a.code.slice(parentCode.length + 1))}“`,
        );
      } else if (a.ebene === 'stadt' && parent.ebene === 'land' && byCode.get(a.code.slice(0, 5))?.ebene === 'kreis') {
        problems.push(`${where}: Die Stadt liegt laut Liste direkt im Land „${parentCode}“ (kreisfrei), ihr Kreis „${a.code.slice(0, 5)}“ ist aber in der Liste; übergeordnetes Gebiet ist dann der Kreis`);
      }
    }
    // An incomplete-parts flag on an area without parts would change nothing: refused, not ignored.
    const hasChildren = new Set(areas.map((a) => a.parent).filter((p): p is string => !!p));
    for (const a of areas) {
      if (a.teileUnvollstaendig && !hasChildren.has(a.code)) {
        problems.push(`Gebiet „${clipText(a.code)}“${a.name ? ` (${clipText(a.name)})` : ''}: „teileUnvollstaendig“ ist gesetzt, das Gebiet hat aber keine Teilgebiete`);
      }
      if (a.teileUnvollstaendigGrund !== undefined && !a.teileUnvollstaendig) {
        problems.push(`Gebiet „${clipText(a.code)}“: „teileUnvollstaendigGrund“ gibt es nur zusammen mit „teileUnvollstaendig“: true`);
      }
    }
    // Cycles cannot pass the level checks above, but the tree must never loop even if those change.
    // Areas whose chain up is known to end (or to loop) are not walked again: a long chain of wrong
    // parents costs n steps in all, not n² (it is a list sent by request).
    const ends = new Set<string>();
    const loopsOver = new Map<string, string>();
    for (const a of areas) {
      const seen = new Set<string>([a.code]);
      let loop: string | undefined;
      for (let p = byCode.get(a.code)?.parent; p && !ends.has(p); p = byCode.get(p)?.parent) {
        loop = seen.has(p) ? p : loopsOver.get(p);
        if (loop !== undefined) break;
        seen.add(p);
      }
      if (loop === undefined) {
        for (const c of seen) ends.add(c);
        continue;
      }
      problems.push(`Gebiet „${clipText(a.code)}“: Zirkelbezug in der Gliederung über „${clipText(loop)}“`);
      for (const c of seen) loopsOver.set(c, loop);
    }
    if (problems.length > 0) throw new AreaTreeError([...new Set(problems)]);
    return new AreaTree(areas.map((a) => ({ ...a, parent: a.parent === '' ? null : a.parent })));
  }

  get size(): number {
    return this.byCode.size;
  }
  has(code: string): boolean {
    return this.byCode.has(code);
  }
  get(code: string): Area | undefined {
    return this.byCode.get(code);
  }
  all(): Area[] {
    return [...this.byCode.values()];
  }
  children(code: string): readonly string[] {
    return this.childrenOf.get(code) ?? [];
  }
  atLevel(ebene: Ebene): Area[] {
    return this.all().filter((a) => a.ebene === ebene);
  }
  /** The area itself and every area below it, parents before children. */
  subtree(code: string): string[] {
    const out: string[] = [];
    const walk = (c: string): void => {
      out.push(c);
      for (const ch of this.children(c)) walk(ch);
    };
    if (this.has(code)) walk(code);
    return out;
  }
  /** The area's ancestors, nearest first. */
  ancestors(code: string): string[] {
    const out: string[] = [];
    for (let p = this.get(code)?.parent; p; p = this.get(p)?.parent) out.push(p);
    return out;
  }
  isWithin(code: string, ancestor: string): boolean {
    return code === ancestor || this.ancestors(code).includes(ancestor);
  }
  /** The Stadt (8-digit AGS) an area belongs to; undefined for a Land or a Kreis. */
  stadtOf(code: string): string | undefined {
    const a = this.get(code);
    if (!a || ebeneDepth(a.ebene) < ebeneDepth('stadt')) return undefined;
    return a.ebene === 'stadt' ? a.code : this.ancestors(code).find((p) => this.get(p)?.ebene === 'stadt');
  }
}

/** Whether a role may submit values for an area: the Kreis for all, a municipality for its own. */
export function maySubmitFor(role: Role, tree: AreaTree, area: string): boolean {
  if (role.rolle === 'kreis') return tree.has(area);
  if (role.rolle === 'kommune') return tree.stadtOf(area) === role.ags;
  return false;
}
