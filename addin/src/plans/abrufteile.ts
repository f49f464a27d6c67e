/**
 * How a pull asks the server for its areas, in parts (issue 17). The area picker's „alle Baublöcke
 * von …“ / „alle Gemeindeteile von …“ put every area of that level into the selection; listed as
 * `areas=` a big Stadt or a Kreis of a Land would take tens of thousands of characters, over the
 * server's header limit of 16 KB (HTTP 431). So a complete level under an area is asked as
 * `unter=<code>&ebene=<level>`: one short request with the same rows as the list
 * (tests/server/unter.test.ts). Everything else (hand-picked areas, small groups) goes as lists of
 * at most `maxCodes` codes and `maxZeichen` characters in the address.
 *
 * The selection itself stays a list of codes (stored with the pull for „Aktualisieren“), so a
 * group is recognised from the codes, whether chosen with the button or one by one.
 */
import type { AreaTree, Ebene } from '../../../shared';
import { ebeneDepth } from '../../../shared/types';

export type Abrufteil =
  /** every area of `ebene` under `unter` (its codes for progress and for servers without `unter`) */
  | { unter: string; ebene: Ebene; codes: string[] }
  | { areas: string[] };

export interface AbrufGrenzen {
  /** codes per listed part (also: a complete group of fewer areas is listed, not asked with `unter`) */
  maxCodes: number;
  /** characters of the encoded `areas=` value per listed part */
  maxZeichen: number;
  /** a complete group of more areas is split into the groups below it (bounded answers, a moving progress bar) */
  maxGruppe: number;
}

/** Per area, how many areas of each level lie below it (cached per tree: a Land has 100,000 Baublöcke). */
const darunterCache = new WeakMap<AreaTree, Map<string, Map<Ebene, number>>>();

function zaehleDarunter(tree: AreaTree, codes: Iterable<string>): Map<string, Map<Ebene, number>> {
  const out = new Map<string, Map<Ebene, number>>();
  for (const c of codes) {
    const ebene = tree.get(c)!.ebene;
    for (const p of tree.ancestors(c)) {
      let m = out.get(p);
      if (!m) out.set(p, (m = new Map()));
      m.set(ebene, (m.get(ebene) ?? 0) + 1);
    }
  }
  return out;
}

function alleDarunter(tree: AreaTree): Map<string, Map<Ebene, number>> {
  let m = darunterCache.get(tree);
  if (!m) darunterCache.set(tree, (m = zaehleDarunter(tree, tree.all().map((a) => a.code))));
  return m;
}

/** Lists of codes, each within maxCodes and maxZeichen (as URLSearchParams encodes it: „,“ is „%2C“). */
export function codeListen(codes: readonly string[], maxCodes: number, maxZeichen: number): string[][] {
  const out: string[][] = [];
  let part: string[] = [];
  let zeichen = 0;
  for (const c of codes) {
    const len = encodeURIComponent(c).length + (part.length ? 3 : 0);
    if (part.length && (part.length >= maxCodes || zeichen + len > maxZeichen)) {
      out.push(part);
      part = [];
      zeichen = 0;
    }
    zeichen += part.length ? len : encodeURIComponent(c).length;
    part.push(c);
  }
  if (part.length) out.push(part);
  return out;
}

/**
 * The parts of a pull for `areas`: complete levels under an area (largest first, top down, at least
 * maxCodes and at most maxGruppe areas) as `unter` groups, the rest as lists in the given order.
 * Without a tree, or for codes the tree does not know (the server names them), lists only.
 */
export function abrufTeile(tree: AreaTree | undefined, areas: readonly string[], g: AbrufGrenzen): Abrufteil[] {
  const gruppen: Abrufteil[] = [];
  const inGruppe = new Set<string>();
  if (tree) {
    const gewaehlt = [...new Set(areas)].filter((c) => tree.has(c));
    const alle = alleDarunter(tree);
    const gew = zaehleDarunter(tree, gewaehlt);
    const besuche = (code: string, erledigt: ReadonlySet<Ebene>): void => {
      const hier = gew.get(code);
      if (!hier) return;
      const jetzt = new Set(erledigt);
      for (const [ebene, n] of [...hier].sort((a, b) => ebeneDepth(a[0]) - ebeneDepth(b[0]))) {
        if (jetzt.has(ebene) || n !== alle.get(code)!.get(ebene) || n < g.maxCodes || n > g.maxGruppe) continue;
        const codes = tree.subtree(code).filter((c) => tree.get(c)!.ebene === ebene);
        gruppen.push({ unter: code, ebene, codes });
        for (const c of codes) inGruppe.add(c);
        jetzt.add(ebene);
      }
      // below, only the levels not yet asked for as a whole
      if ([...hier.keys()].some((e) => !jetzt.has(e))) for (const ch of tree.children(code)) besuche(ch, jetzt);
    };
    besuche(tree.root.code, new Set());
  }
  const rest = areas.filter((c) => !inGruppe.has(c));
  return [...gruppen, ...codeListen(rest, g.maxCodes, g.maxZeichen).map((part) => ({ areas: part }))];
}
