/**
 * From the register aggregation (long-format rows for every Baublock, Gemeindeteil and Stadt found in
 * the files) to the initial values of one entry template: the clerk's Stadt, one level. Pure data, so
 * that what is written and what is left out (and why) can be tested without a browser.
 *
 * Only counts per area pass through here; the person-level data never leaves the aggregation.
 */
import type { AreaTree, Catalogue, Ebene } from '../../../shared';
import { ebeneDepth } from '../../../shared/types';
import { registerAltersgrenzen, type AltersbaenderLesung } from '../../../shared/register/altersbaender';
import type { AltersWahl } from './altersgrenzen';
import { type CsvSource, field, readCsvBatches } from '../../../shared/io/csv-records';
import type { InitialValues } from './template';

export interface TemplateValueRow {
  area: string;
  variable: string;
  value: number;
  /** A1 address of the source cell, where the values come from a table in the workbook */
  zelle?: string;
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
  /** the first source cell of the area's values (from TemplateValueRow.zelle), if known */
  zelle?: string;
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
 * - an area of another Stadt is reported and not written;
 * - an area code the tree does not know is reported and not written, whatever level it might be: its
 *   level is not guessed from the code's shape (below the Stadt a code's shape names no level);
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
    // age bands in other cuts (an official table's 30–34, 75+) are Merkmale as well (catalogue.merkmal)
    const m = catalogue.merkmal(variable);
    if (!m) leftOut.set(variable, { variable, reason: 'kein_merkmal' });
    else if (ebeneDepth(m.tiefsteEbene) < ebeneDepth(ebene)) leftOut.set(variable, { variable, reason: 'zu_fein', tiefsteEbene: m.tiefsteEbene });
    else merkmale.push(variable);
    return !leftOut.has(variable);
  };
  const report = (r: TemplateValueRow, reason: NotWrittenArea['reason']) => {
    const n = notWritten.get(r.area) ?? { area: r.area, reason, values: 0, bevoelkerung: null, ...(r.zelle ? { zelle: r.zelle } : {}) };
    n.values++;
    if (r.variable === 'bevoelkerung') n.bevoelkerung = r.value;
    notWritten.set(r.area, n);
  };
  for (const r of rows) {
    const known = tree.get(r.area);
    if (!known) {
      report(r, 'unbekannt');
      continue;
    }
    if (known.ebene !== ebene) {
      otherLevels++;
      continue;
    }
    if (!usable(r.variable)) continue;
    if (!inStadt.has(r.area)) {
      report(r, 'andere_stadt');
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

/**
 * Where each of `codes` first appears in the address-to-area table (1-based CSV line): in its
 * Baublock or Gemeindeteil column, as the Gemeindeteil a Baublock code begins with, or as the
 * Gemeindeschlüssel. Read again only when the aggregation gave codes the area tree does not know, so
 * that their finding names the line to correct. Codes found nowhere are absent from the answer.
 */
export async function zeilenDerCodes(source: CsvSource, datei: string, codes: ReadonlySet<string>): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  const note = (code: string, line: number) => {
    if (codes.has(code) && !found.has(code)) found.set(code, line);
  };
  for await (const batch of readCsvBatches(source, { file: datei })) {
    for (const r of batch) {
      const block = field(r, 'baublock');
      note(block, r.line);
      note(field(r, 'gemeindeteil'), r.line);
      note(field(r, 'gemeindeschluessel'), r.line);
      for (let i = block.lastIndexOf('-'); i > 0; i = block.lastIndexOf('-', i - 1)) note(block.slice(0, i), r.line);
    }
    if (found.size === codes.size) break;
  }
  return found;
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

/** The levels the register count fills, finest first (shared/register: Stadtbezirke from the tree). */
const GEZAEHLTE_EBENEN: readonly Ebene[] = ['baublock', 'gemeindeteil', 'stadtbezirk', 'stadt'];

/**
 * The levels a template of `stadt` can have: those of the area tree at and below the Stadt that the
 * count fills, finest first – a Stadtbezirk level only where the tree has one (Köln), no Baublock
 * level for a Stadt without Baublöcke.
 */
export function einwohnerEbenen(tree: AreaTree, stadt: string): Ebene[] {
  const da = new Set(tree.subtree(stadt).map((c) => tree.get(c)?.ebene));
  return GEZAEHLTE_EBENEN.filter((e) => da.has(e));
}

/**
 * The age bands the pane counts into: none given (the catalogue's 14) or the typed cuts, read with the
 * register's rules (shared/register/altersbaender.ts: the first band begins at 0, no gaps).
 */
export function einwohnerAltersgruppen(wahl: AltersWahl): { ok: true; altersgruppen?: string[] } | Extract<AltersbaenderLesung, { ok: false }> {
  if (wahl.art === 'katalog') return { ok: true };
  const g = registerAltersgrenzen(wahl.grenzen);
  return g.ok ? { ok: true, altersgruppen: g.ids } : g;
}
