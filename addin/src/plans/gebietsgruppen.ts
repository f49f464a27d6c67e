/**
 * How the pickers show the area tree (issue 14): under a Land, Städte grouped by their Kreis and the
 * kreisfreie Städte as a group of their own, each listed once; under a Kreis (the demo) the Städte as
 * one flat list; under a kreisfreie Stadt its own parts. The token's own Stadt (and its group) come
 * first. Pure data, so that the order is tested without a browser; pickers.tsx renders it.
 */
import type { Area, AreaTree, Ebene } from '../../../shared';

/** A group of Städte: a Kreis (an area to choose itself) or the kreisfreie Städte (a heading, no area). */
export interface StadtGruppe {
  /** the Kreis; null for the group of kreisfreie Städte */
  kreis: Area | null;
  /** own Stadt first, then by name */
  staedte: Area[];
  /** holds the token's own Stadt: listed first and shown open */
  eigene: boolean;
}

const byName = (a: Area, b: Area): number => a.name.localeCompare(b.name, 'de');

/**
 * The Kreis that only stands for a kreisfreie Stadt: a Kreis whose one Stadt has its code + `000`
 * (`05315` over `05315000`, as official tables list Köln once as Kreis and once as Gemeinde). The
 * pickers show that Stadt once, among the kreisfreie Städte, and not the Kreis.
 */
export function kreisNurFuerKreisfreieStadt(tree: AreaTree, kreis: Area): Area | undefined {
  if (kreis.ebene !== 'kreis') return undefined;
  const kids = tree.children(kreis.code);
  const stadt = kids.length === 1 ? tree.get(kids[0]!) : undefined;
  return stadt?.ebene === 'stadt' && stadt.code === `${kreis.code}000` ? stadt : undefined;
}

/**
 * The Städte of the tree in groups. A Land: one group per Kreis (by name) and one of the kreisfreie
 * Städte (under the Land, or alone in a Kreis of their own code), that one first of the rest, as the
 * big cities are what is looked for most; the group of the own Stadt before all. A Kreis: one group,
 * the Kreis itself. A kreisfreie Stadt: one group of itself. In each group the own Stadt first.
 */
export function stadtGruppen(tree: AreaTree, own?: string): StadtGruppe[] {
  const sortiert = (staedte: Area[]): Area[] => staedte.sort((a, b) => Number(b.code === own) - Number(a.code === own) || byName(a, b));
  const gruppe = (kreis: Area | null, staedte: Area[]): StadtGruppe => ({ kreis, staedte: sortiert(staedte), eigene: staedte.some((s) => s.code === own) });
  const root = tree.root;
  if (root.ebene === 'stadt') return [gruppe(null, [root])];
  if (root.ebene === 'kreis') return [gruppe(root, staedteUnter(tree, root.code))];
  const kreisfrei: Area[] = [];
  const kreise: StadtGruppe[] = [];
  for (const code of tree.children(root.code)) {
    const a = tree.get(code)!;
    if (a.ebene === 'stadt') kreisfrei.push(a);
    else if (a.ebene === 'kreis') {
      const einzige = kreisNurFuerKreisfreieStadt(tree, a);
      if (einzige) kreisfrei.push(einzige);
      else kreise.push(gruppe(a, staedteUnter(tree, a.code)));
    }
  }
  kreise.sort((a, b) => byName(a.kreis!, b.kreis!));
  const alle = [...(kreisfrei.length ? [gruppe(null, kreisfrei)] : []), ...kreise];
  return [...alle.filter((g) => g.eigene), ...alle.filter((g) => !g.eigene)];
}

/** The Städte of a Kreis (its children on the level Stadt). */
function staedteUnter(tree: AreaTree, kreis: string): Area[] {
  return tree.children(kreis).map((c) => tree.get(c)!).filter((a) => a.ebene === 'stadt');
}

/** All Städte in the order the pickers list them (the first is the default choice). */
export function stadtListe(tree: AreaTree, own?: string): Area[] {
  return stadtGruppen(tree, own).flatMap((g) => g.staedte);
}

/** The areas a picker row opens to: Baublöcke are chosen with a button, not listed one by one. */
export function kinderImPicker(tree: AreaTree, code: string): string[] {
  const a = tree.get(code);
  if (!a || a.ebene === 'gemeindeteil' || a.ebene === 'baublock') return [];
  return tree.children(code).filter((c) => tree.get(c)?.ebene !== 'baublock');
}

export interface Suchtreffer {
  /** codes to show: every hit and the areas above it (so that it is found in its group) */
  sichtbar: Set<string>;
  /** hits shown (at most `max`), in tree order */
  treffer: string[];
  /** hits not shown because of `max` */
  weitere: number;
}

/**
 * Areas whose name or code contains the search text (case-insensitive), across every group: Kreise,
 * Städte, Stadtbezirke and Gemeindeteile (Baublöcke are chosen per Stadt or Gemeindeteil). A Kreis
 * that only stands for a kreisfreie Stadt is not a hit of its own (the Stadt is). Null for an empty text.
 */
export function gebieteSuchen(tree: AreaTree, text: string, max = 200): Suchtreffer | null {
  const needle = text.trim().toLocaleLowerCase('de-DE');
  if (!needle) return null;
  const treffer: string[] = [];
  let weitere = 0;
  for (const code of tree.subtree(tree.root.code)) {
    const a = tree.get(code)!;
    if (code === tree.root.code || a.ebene === 'baublock' || kreisNurFuerKreisfreieStadt(tree, a)) continue;
    if (!`${a.name} ${a.code}`.toLocaleLowerCase('de-DE').includes(needle)) continue;
    if (treffer.length < max) treffer.push(code);
    else weitere++;
  }
  const sichtbar = new Set<string>();
  for (const t of treffer) {
    sichtbar.add(t);
    for (const p of tree.ancestors(t)) sichtbar.add(p);
  }
  return { sichtbar, treffer, weitere };
}

/**
 * The levels among `angebot` that a Stadt's part of the tree has (the Stadt itself always), in the
 * order offered: a template of Stadtbezirke only where there are Stadtbezirke, none of Baublöcke for a
 * Stadt without them. An unknown Stadt has none.
 */
export function ebenenDerStadt(tree: AreaTree, stadt: string, angebot: readonly Ebene[]): Ebene[] {
  const da = new Set(tree.subtree(stadt).map((c) => tree.get(c)!.ebene));
  return angebot.filter((e) => da.has(e));
}

/**
 * For every area, the levels found below it (one pass over the tree): the pickers offer „alle
 * Gemeindeteile von …“ and „alle Baublöcke von …“ only where there are such areas.
 */
export function ebenenDarunter(tree: AreaTree): Map<string, Set<Ebene>> {
  const out = new Map<string, Set<Ebene>>();
  for (const a of tree.all()) {
    for (const p of tree.ancestors(a.code)) {
      let set = out.get(p);
      if (!set) out.set(p, (set = new Set()));
      set.add(a.ebene);
    }
  }
  return out;
}
