/**
 * From the register aggregation (long-format rows for every Baublock, Gemeindeteil and Stadt found in
 * the files) to the initial values of one entry template: the clerk's Stadt, one level. Pure data, so
 * that what is written and what is left out (and why) can be tested without a browser.
 *
 * Only counts per area pass through here; the person-level data never leaves the aggregation.
 */
import type { AreaTree, Catalogue, Ebene } from '../../../shared';
import { ebeneDepth } from '../../../shared/types';
import type { InitialValues } from './template';

export interface TemplateValueRow {
  area: string;
  variable: string;
  value: number;
}

/** An aggregated variable that the template does not get, with the German reason. */
export interface LeftOutVariable {
  variable: string;
  reason: 'kein_merkmal' | 'zu_fein';
  /** the Merkmal's finest level (for `zu_fein`) */
  tiefsteEbene?: Ebene;
}

/** An area of the aggregation at the template's level whose values are not written. */
export interface NotWrittenArea {
  area: string;
  reason: 'andere_stadt' | 'unbekannt';
  /** number of values of that area that were dropped, and the persons it had (if bevoelkerung was among them) */
  values: number;
  bevoelkerung: number | null;
}

export interface TemplateValues {
  /** Merkmal ids for the template columns, in the order of the aggregation's first appearance */
  merkmale: string[];
  values: InitialValues;
  leftOut: LeftOutVariable[];
  notWritten: NotWrittenArea[];
  /** areas of the Stadt at the level that the aggregation has no value for (their rows stay empty) */
  withoutValue: string[];
  /** rows of other levels (Stadt, or the other of Baublock/Gemeindeteil): not part of this template */
  otherLevels: number;
}

/**
 * Sorts the aggregated rows for a template of `stadt` at `ebene`:
 * - an area of the Stadt at that level (by the server's area tree) gets its values;
 * - an area code the tree does not know, or one of another Stadt, is reported and not written
 *   (its level is read off the code shape the register writes: `AGS-GT` / `AGS-GT-BBBB`);
 * - a variable that is no Merkmal of the catalogue, or one not delivered down to the level, is left
 *   out as a whole and named with the reason.
 */
export function templateValues(
  rows: readonly TemplateValueRow[],
  ctx: { tree: AreaTree; catalogue: Catalogue; stadt: string; ebene: Ebene },
): TemplateValues {
  const { tree, catalogue, stadt, ebene } = ctx;
  const inStadt = new Set(tree.subtree(stadt).filter((c) => tree.get(c)?.ebene === ebene));
  const values = new Map<string, Map<string, number>>();
  const merkmale: string[] = [];
  const leftOut = new Map<string, LeftOutVariable>();
  const notWritten = new Map<string, NotWrittenArea>();
  let otherLevels = 0;
  const usable = (variable: string): boolean => {
    if (merkmale.includes(variable)) return true;
    if (leftOut.has(variable)) return false;
    const m = catalogue.merkmale.get(variable);
    if (!m) leftOut.set(variable, { variable, reason: 'kein_merkmal' });
    else if (ebeneDepth(m.tiefsteEbene) < ebeneDepth(ebene)) leftOut.set(variable, { variable, reason: 'zu_fein', tiefsteEbene: m.tiefsteEbene });
    else merkmale.push(variable);
    return !leftOut.has(variable);
  };
  for (const r of rows) {
    const known = tree.get(r.area);
    const level = known?.ebene ?? levelOfCode(r.area);
    if (level !== ebene) {
      otherLevels++;
      continue;
    }
    if (!usable(r.variable)) continue;
    if (!inStadt.has(r.area)) {
      const n = notWritten.get(r.area) ?? { area: r.area, reason: known ? 'andere_stadt' : 'unbekannt', values: 0, bevoelkerung: null };
      n.values++;
      if (r.variable === 'bevoelkerung') n.bevoelkerung = r.value;
      notWritten.set(r.area, n);
      continue;
    }
    let byVar = values.get(r.area);
    if (!byVar) values.set(r.area, (byVar = new Map()));
    byVar.set(r.variable, r.value);
  }
  return {
    merkmale,
    values,
    leftOut: [...leftOut.values()],
    notWritten: [...notWritten.values()].sort((a, b) => a.area.localeCompare(b.area)),
    withoutValue: [...inStadt].filter((c) => !values.has(c)).sort(),
    otherLevels,
  };
}

/** Level of an area code as the register writes them (AGS, AGS-GT, AGS-GT-BBBB); kreis for shorter codes. */
export function levelOfCode(code: string): Ebene {
  const parts = code.split('-').length;
  if (parts >= 3) return 'baublock';
  if (parts === 2) return 'gemeindeteil';
  return code.length >= 8 ? 'stadt' : 'kreis';
}

/** The Stichtag a period suggests: the last day of the year (TT.MM.JJJJ). */
export const defaultStichtag = (period: string): string => (/^\d{4}$/.test(period.trim()) ? `31.12.${period.trim()}` : '');

/** How many people the address match put where (the register report's personenNachZuordnung). */
export interface Zuordnungszahlen {
  baublock: number;
  /** only a Gemeindeteil, from the table */
  gemeindeteil: number;
  /** a Gemeindeteil through the street */
  strasse: number;
  /** only the Stadt */
  ohne: number;
}

/**
 * People without a Baublock are never dropped: they are counted in their Gemeindeteil (known from
 * the table or the street) or only in the Stadt. A template of a finer level does not hold them; this
 * says how many and which template does, or null when the chosen level holds everyone.
 */
export function ohneBaublock(z: Zuordnungszahlen, ebene: Ebene): { gemeindeteil: number; stadt: number } | null {
  const gemeindeteil = z.gemeindeteil + z.strasse;
  if (ebene === 'baublock' && gemeindeteil + z.ohne > 0) return { gemeindeteil, stadt: z.ohne };
  if (ebene === 'gemeindeteil' && z.ohne > 0) return { gemeindeteil: 0, stadt: z.ohne };
  return null;
}
