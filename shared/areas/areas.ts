/**
 * The binding small-area geography: Kreis > Stadt > Gemeindeteil > Baublock.
 *
 * Codes (formats spec, section 5): Kreis = 5-digit AGS (`05954`), Stadt = 8-digit AGS (`05954036`),
 * Gemeindeteil = Stadt + `-` + 2 digits (`05954036-03`), Baublock = Gemeindeteil + `-` + 4 digits
 * (`05954036-03-0017`). A code therefore names its parent; the tree builder checks that the declared
 * parent agrees, and rejects a broken list as a whole with every problem named.
 */
import { EBENEN, EBENE_NAMEN, Ebene, Role, clipText, deNumber, ebeneDepth, listedProblems } from '../types';

export interface Area {
  code: string;
  name: string;
  ebene: Ebene;
  /** code of the enclosing area; null for the Kreis */
  parent: string | null;
}

const CODE_PATTERNS: Record<Ebene, RegExp> = {
  kreis: /^[0-9]{5}$/,
  stadt: /^[0-9]{8}$/,
  gemeindeteil: /^[0-9]{8}-[0-9]{2}$/,
  baublock: /^[0-9]{8}-[0-9]{2}-[0-9]{4}$/,
};
const CODE_EXAMPLES: Record<Ebene, string> = {
  kreis: '05954',
  stadt: '05954036',
  gemeindeteil: '05954036-03',
  baublock: '05954036-03-0017',
};

/** The level a code's shape belongs to, or undefined if it matches none. */
export function ebeneOfCode(code: string): Ebene | undefined {
  return EBENEN.find((e) => CODE_PATTERNS[e].test(code));
}

/** The parent code implied by a code's shape (null for a Kreis). */
export function impliedParent(code: string): string | null {
  switch (ebeneOfCode(code)) {
    case 'kreis':
      return null;
    case 'stadt':
      return code.slice(0, 5);
    case 'gemeindeteil':
      return code.slice(0, 8);
    case 'baublock':
      return code.slice(0, 11);
    default:
      return null;
  }
}

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
   * fits no level or not its declared level, a duplicate code, an unknown parent, a parent on the
   * wrong level, a code that does not begin with its parent's code, a cycle, not exactly one Kreis.
   */
  static build(areas: readonly Area[]): AreaTree {
    const problems: string[] = [];
    const byCode = new Map<string, Area>();
    areas.forEach((a, i) => {
      const where = `Gebiet ${i + 1} („${clipText(a.code)}“${a.name ? `, ${clipText(a.name)}` : ''})`;
      if (!EBENEN.includes(a.ebene)) {
        problems.push(`${where}: unbekannte Ebene „${a.ebene}“; erlaubt sind ${EBENEN.join(', ')}`);
        return;
      }
      if (!CODE_PATTERNS[a.ebene].test(a.code)) {
        problems.push(
          `${where}: Der Code passt nicht zur Ebene ${EBENE_NAMEN[a.ebene]}; erwartet wird die Form „${CODE_EXAMPLES[a.ebene]}“`,
        );
      }
      if (!a.name || a.name.trim() === '') problems.push(`${where}: Der Name fehlt`);
      if (byCode.has(a.code)) problems.push(`${where}: Der Code „${a.code}“ kommt mehrfach vor`);
      else byCode.set(a.code, a);
    });

    const roots = areas.filter((a) => a.parent === null || a.parent === '');
    if (roots.length !== 1) {
      problems.push(
        roots.length === 0
          ? 'Es gibt keinen Kreis (ein Gebiet ohne übergeordnetes Gebiet)'
          : `Es darf genau ein Gebiet ohne übergeordnetes Gebiet geben (den Kreis), gefunden: ${roots.map((r) => r.code).join(', ')}`,
      );
    }
    for (const a of areas) {
      const where = `Gebiet „${clipText(a.code)}“`;
      const parentCode = a.parent === '' ? null : a.parent;
      if (parentCode === null) {
        if (a.ebene !== 'kreis') problems.push(`${where}: Nur der Kreis hat kein übergeordnetes Gebiet; Ebene ist aber ${a.ebene}`);
        continue;
      }
      const parent = byCode.get(parentCode);
      if (!parent) {
        problems.push(`${where}: Das übergeordnete Gebiet „${clipText(parentCode)}“ ist nicht in der Liste`);
        continue;
      }
      if (EBENEN.includes(a.ebene) && EBENEN.includes(parent.ebene) && ebeneDepth(parent.ebene) !== ebeneDepth(a.ebene) - 1) {
        const expected = ebeneDepth(a.ebene) === 0 ? 'keins' : EBENE_NAMEN[EBENEN[ebeneDepth(a.ebene) - 1]!];
        problems.push(
          `${where}: Ein Gebiet der Ebene ${EBENE_NAMEN[a.ebene]} kann nicht in „${parentCode}“ (${EBENE_NAMEN[parent.ebene]}) liegen; erwartet: ${expected}`,
        );
      } else if (!a.code.startsWith(parentCode)) {
        problems.push(`${where}: Der Code beginnt nicht mit dem Code des übergeordneten Gebiets „${parentCode}“`);
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
  /** The Stadt (8-digit AGS) an area belongs to; undefined for the Kreis. */
  stadtOf(code: string): string | undefined {
    const a = this.get(code);
    if (!a || a.ebene === 'kreis') return undefined;
    return a.ebene === 'stadt' ? a.code : this.ancestors(code).find((p) => this.get(p)?.ebene === 'stadt');
  }
}

/** Whether a role may submit values for an area: the Kreis for all, a municipality for its own. */
export function maySubmitFor(role: Role, tree: AreaTree, area: string): boolean {
  if (role.rolle === 'kreis') return tree.has(area);
  if (role.rolle === 'kommune') return tree.stadtOf(area) === role.ags;
  return false;
}
