/**
 * The Stadtbezirke the register counts into, from the area tree: Gemeindeteil → its Stadtbezirk (Köln:
 * Stadtteil 05315000-1-101 lies in Stadtbezirk 05315000-1). The address table names only Baublock and
 * Gemeindeteil; the level between Gemeindeteil and Stadt is known only from the tree, never from the
 * shape of a code.
 */
import type { Area } from '../areas/areas';

export function stadtbezirkeDerGliederung(areas: Iterable<Pick<Area, 'code' | 'ebene' | 'parent'>>): Map<string, string> {
  const list = [...areas];
  const bezirke = new Set(list.filter((a) => a.ebene === 'stadtbezirk').map((a) => a.code));
  const out = new Map<string, string>();
  for (const a of list) if (a.ebene === 'gemeindeteil' && a.parent !== null && bezirke.has(a.parent)) out.set(a.code, a.parent);
  return out;
}
