/**
 * "Quelltabelle übernehmen": a source table open in Excel (e.g. the BA's small-area delivery: title
 * block, one row per Gemeindeteil, one column per measure, signs such as `*` and `-`) becomes the
 * initial values of an entry template. The table conventions and every finding with its A1 cell come
 * from shared/io/tabelle-import.ts (the same code the CLI's `import tabelle` runs); this module only
 * adds what the pane needs around it: finding the header row, listing the headers, suggesting
 * Merkmale, and handing the rows to templateValues (einwohner.ts), the one path from counts per area
 * to a pre-filled template. Pure data, tested without a browser.
 */
import type { AreaTree, Catalogue, Ebene } from '../../../shared';
import { importTabelle, parseZuordnung, type ImportErgebnis, type Zelle } from '../../../shared/io/tabelle-import';
import { altersMerkmal, parseAltersband } from '../../../shared/io/amtliche-tabelle';
import { templateValues, type TemplateValues } from './einwohner';

export type Grid = readonly (readonly Zelle[])[];

/** A column of the header row: 0-based column, its text, and its A1 address. */
export interface Kopfspalte {
  spalte: number;
  text: string;
  adresse: string;
}

/** The mapping the clerk makes in the pane (and the workbook remembers). */
export interface QuelltabellenZuordnung {
  /** header text of the area column */
  gebietsspalte: string;
  /** header text → Merkmal id (columns left unmapped are not read) */
  spalten: Record<string, string>;
}

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim().toLocaleLowerCase('de-DE');
const text = (v: Zelle | undefined): string => (v === null || v === undefined ? '' : String(v).trim());
/** a cell that is a value, not a header: a number, a number as text, or a sign of official statistics */
const istWert = (v: Zelle | undefined): boolean =>
  typeof v === 'number' || /^[-–—*.x/…]+$/i.test(text(v)) || /^-?[0-9][0-9. ]*(,[0-9]+)?$/.test(text(v));

/** How far down a header is looked for (title blocks are a few lines). */
const SUCHTIEFE = 30;

/**
 * The 1-based header row: the first row holding one of `bekannteGebietsspalten` (area column headers
 * remembered from an earlier take-over), else the first row with the most text cells (at least two)
 * among the first rows; a title line has one text, data rows have numbers. Null for an empty sheet.
 */
export function kopfzeileFinden(grid: Grid, bekannteGebietsspalten: readonly string[] = []): number | null {
  const bekannt = new Set(bekannteGebietsspalten.map(norm));
  for (let r = 0; r < Math.min(grid.length, SUCHTIEFE); r++) {
    if ((grid[r] ?? []).some((v) => bekannt.has(norm(text(v))))) return r + 1;
  }
  let beste = -1;
  let besteAnzahl = 1;
  for (let r = 0; r < Math.min(grid.length, SUCHTIEFE); r++) {
    const n = (grid[r] ?? []).filter((v) => text(v) !== '' && !istWert(v)).length;
    if (n > besteAnzahl) {
      beste = r;
      besteAnzahl = n;
    }
  }
  return beste < 0 ? null : beste + 1;
}

/** The non-empty cells of the (1-based) header row. */
export function kopfspalten(grid: Grid, kopfzeile: number): Kopfspalte[] {
  const row = grid[kopfzeile - 1] ?? [];
  return row.flatMap((v, c) => (text(v) === '' ? [] : [{ spalte: c, text: text(v).replace(/\s+/g, ' '), adresse: `${spaltenBuchstabe(c)}${kopfzeile}` }]));
}

function spaltenBuchstabe(col: number): string {
  let n = col + 1;
  let s = '';
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** "D17" → 0-based row and column (for selecting the cell of a finding). */
export function zelleVon(a1: string): { row: number; col: number } | null {
  const m = /^([A-Z]+)([0-9]+)$/.exec(a1.trim().toUpperCase());
  if (!m) return null;
  const col = [...m[1]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return { row: Number(m[2]) - 1, col };
}

/**
 * A Merkmal for a column header: an age header of official statistics („unter 3 Jahre“, „75 Jahre
 * und mehr“, read by the same parser as `import tabelle` without a mapping) gives its band Merkmal if
 * the catalogue has it; else the Merkmal whose name (or id, as a word) the header contains; the
 * longest match wins, so "Bevölkerung 0 bis 2 Jahre" beats "Bevölkerung". Null when none fits.
 */
export function merkmalVorschlag(kopf: string, catalogue: Catalogue): string | null {
  const band = parseAltersband(kopf);
  if (band && catalogue.merkmal(altersMerkmal(band))) return altersMerkmal(band);
  const k = norm(kopf);
  let best: { id: string; len: number } | null = null;
  for (const m of catalogue.merkmale.values()) {
    const name = norm(m.name);
    const id = m.id.toLowerCase();
    const len = k.includes(name) ? name.length : new RegExp(`(^|[^a-z0-9_])${id}($|[^a-z0-9_])`).test(k) ? id.length : 0;
    if (len > 0 && (!best || len > best.len)) best = { id: m.id, len };
  }
  return best?.id ?? null;
}

/** The area column a header row suggests: one named like an area, else the first column. */
export function gebietsspalteVorschlag(spalten: readonly Kopfspalte[]): Kopfspalte | null {
  return spalten.find((s) => /gemeindeteil|stadtteil|ortsteil|baublock|bezirk|gebiet|schlüssel|code/i.test(s.text)) ?? spalten[0] ?? null;
}

export interface Uebernahme {
  ergebnis: ImportErgebnis;
  /** the level of the areas read (the most frequent of Stadtbezirk, Gemeindeteil and Baublock; rows of the others are counted in werte.otherLevels); null without rows */
  ebene: Ebene | null;
  /** the template's Merkmale: every mapped column, in the table's order */
  merkmale: string[];
  /** the initial values of the template (null when the import has errors) */
  werte: TemplateValues | null;
}

/**
 * Runs the import on the sheet's grid with the clerk's mapping and, when it has no errors, sorts its
 * rows into template values for `stadt`. Throws ZuordnungFehler (German, naming the entry) for a
 * mapping that cannot be right (a Merkmal twice, the area column mapped as a Merkmal).
 */
export function quelltabelleUebernehmen(
  grid: Grid,
  quelle: { datei: string; blatt: string },
  auswahl: QuelltabellenZuordnung & { kopfzeile?: number },
  ctx: { tree: AreaTree; catalogue: Catalogue; stadt: string },
): Uebernahme {
  const zuordnung = parseZuordnung(
    { gebietsspalte: auswahl.gebietsspalte, stadt: ctx.stadt, spalten: auswahl.spalten, ...(auswahl.kopfzeile ? { kopfzeile: auswahl.kopfzeile } : {}) },
    quelle.blatt,
    ctx.catalogue,
    ctx.tree,
  );
  const ergebnis = importTabelle({ datei: quelle.datei, blatt: quelle.blatt, zellen: grid }, zuordnung, ctx);
  const merkmale = [...new Set(Object.values(auswahl.spalten))];
  if (!ergebnis.ok) return { ergebnis, ebene: null, merkmale, werte: null };
  // the import resolves every row to an area of the tree (a code it does not know is an error with
  // its cell), so the level is the tree's, never one read off the code's shape
  const zaehler = new Map<Ebene, number>();
  for (const z of ergebnis.zeilen) {
    const e = ctx.tree.get(z.area)?.ebene;
    if (e === 'stadtbezirk' || e === 'gemeindeteil' || e === 'baublock') zaehler.set(e, (zaehler.get(e) ?? 0) + 1);
  }
  const ebene = [...zaehler].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  const werte = ebene ? templateValues(ergebnis.zeilen, { tree: ctx.tree, catalogue: ctx.catalogue, stadt: ctx.stadt, ebene }) : null;
  return { ergebnis, ebene, merkmale, werte };
}

/**
 * Cells from text copied out of a spreadsheet (tab-separated lines, as Excel puts on the clipboard):
 * whole numbers become numbers as Excel would store them, everything else stays text (`1.234`, `*`).
 * Used by the browser preview to put a source table into its in-memory workbook.
 */
export function tabelleAusText(s: string): Zelle[][] {
  const zeilen = s.replace(/\r\n?/g, '\n').replace(/\n+$/, '').split('\n');
  return zeilen.map((z) => z.split('\t').map((v) => (v.trim() === '' ? null : /^-?[0-9]+$/.test(v.trim()) ? Number(v.trim()) : v)));
}
