/**
 * "Quelltabelle übernehmen" for official tables (GENESIS, Regionalstatistik, Landesdatenbanken) as a
 * clerk gets them: the downloaded CSV opened in Excel. Such a table needs no mapping: its layout and
 * Merkmale come from shared/io/amtliche-tabelle.ts and its values from importTabelle(…, null, …), the
 * code the CLI's `import tabelle` runs without a mapping file, so both give the same rows. This
 * module adds what opening the CSV in Excel did to it and what the pane says about it:
 *  - Excel turned the codes into numbers and dropped their leading zero (05954 → 5954, 05 → 5);
 *    they are restored in the code column only, never in a value column;
 *  - the Stichtag became a date (the gateway hands it over as text, see plans/excel-datum.ts);
 *  - the title, Stichtag, number of areas read and skipped for the line "Amtliche Tabelle erkannt";
 *  - the Berichtsjahr of the Stichtag against the one the clerk chose (asked, never picked silently);
 *  - the rows into template values (templateValues, the one path from counts to a template).
 * Pure data, tested without a browser.
 */
import type { AreaTree, Catalogue, Ebene } from '../../../shared';
import { erkenneAmtlicheTabelle, type AmtlichesLayout } from '../../../shared/io/amtliche-tabelle';
import { importTabelle, type ImportErgebnis, type Zelle } from '../../../shared/io/tabelle-import';
import { templateValues } from './einwohner';
import type { Grid, Uebernahme } from './quelltabelle';

const text = (v: Zelle | undefined): string => (v === null || v === undefined ? '' : String(v).trim());

/**
 * Digits left of an official code after Excel dropped its leading zero: Land 01–09 (1), Kreis (4),
 * Gemeinde (7), Regionalschlüssel (11). Two or eight digits are left alone: they are also whole codes
 * of the Länder 10–16.
 */
const OHNE_NULL = new Set([1, 4, 7, 11]);

/** the grid with the leading zero restored in one column (whole numbers of the lengths above) */
function mitNullen(grid: Grid, spalte: number): Zelle[][] {
  return grid.map((row) =>
    row.map((v, c) => (c === spalte && typeof v === 'number' && Number.isInteger(v) && v >= 0 && OHNE_NULL.has(String(v).length) ? `0${v}` : v)),
  );
}

/**
 * The layout of an official table in a sheet and the cells to read, with the codes Excel turned into
 * numbers written back as codes in the code column (A or B, whichever the layout has). A reason in
 * German when the sheet is no such table.
 */
export function amtlichLesen(grid: Grid, catalogue: Catalogue): { zellen: Zelle[][]; layout: AmtlichesLayout } | { grund: string } {
  for (const spalte of [0, 1]) {
    const zellen = mitNullen(grid, spalte);
    const layout = erkenneAmtlicheTabelle(zellen, catalogue);
    if (!('grund' in layout) && layout.gebietsSpalte === spalte) return { zellen, layout };
  }
  const layout = erkenneAmtlicheTabelle(grid, catalogue);
  return 'grund' in layout ? layout : { zellen: grid.map((r) => [...r]), layout };
}

/**
 * The table's number and title from its title lines (text in column A only, above the header):
 * „GENESIS-Tabelle: 12411-02-03-5“, then the title, continued on lines that start in lower case (not „regionale Tiefe: …“);
 * the statistic's name before „:“ and the trailing „- Stichtag 31.12. -“ are left out (the Stichtag
 * is named on its own).
 */
export function tabellenTitel(grid: Grid, layout: AmtlichesLayout): { nummer: string | null; titel: string | null } {
  const zeilen: string[] = [];
  for (let r = 0; r < layout.kopf; r++) {
    const row = grid[r] ?? [];
    const t = text(row[0]);
    if (t !== '' && row.slice(1).every((v) => text(v) === '')) zeilen.push(t);
  }
  const i = zeilen.findIndex((z) => /^genesis-tabelle\s*:/i.test(z));
  const nummer = i >= 0 ? zeilen[i]!.replace(/^genesis-tabelle\s*:\s*/i, '').trim() || null : null;
  const start = i >= 0 ? i + 1 : 0;
  let titel = zeilen[start];
  if (titel === undefined || titel === layout.stichtag) return { nummer, titel: null };
  // „und Altersgruppen (17) …“ continues the title; „regionale Tiefe: …“ is a line of its own
  for (let j = start + 1; j < zeilen.length && /^\p{Ll}/u.test(zeilen[j]!) && !/^[^:]{1,40}:/.test(zeilen[j]!); j++) titel += ` ${zeilen[j]}`;
  titel = titel.replace(/\s*-\s*Stichtag\b[^-]*-?\s*$/i, '').trim();
  const doppelpunkt = titel.indexOf(': ');
  if (doppelpunkt > 0 && titel.length - doppelpunkt > 12) titel = titel.slice(doppelpunkt + 2);
  return { nummer, titel: titel || null };
}

/** What the pane says about a recognised official table before anything is written. */
export interface AmtlicheErkennung {
  nummer: string | null;
  titel: string | null;
  stichtag: string | null;
  /** Berichtsjahr of the Stichtag, null if the table names none */
  periode: string | null;
  /** the import as it would run now (findings with their cells; values only without errors) */
  ergebnis: ImportErgebnis;
  /** areas of the area tree read, and areas outside it skipped (each area once, also in the row layout) */
  gebiete: number;
  ausserhalb: number;
  /** Merkmale the table has values for, in the table's order */
  merkmale: string[];
}

/**
 * Recognises an official table in a sheet and reads it as `import tabelle` would without a mapping.
 * A reason in German when the sheet is no such table, or when it is one but none of its rows is an
 * area of the tree (another region's download): then the clerk maps it or takes another table.
 */
export function amtlicheTabelleErkennen(
  grid: Grid,
  quelle: { datei: string; blatt: string },
  ctx: { tree: AreaTree; catalogue: Catalogue },
): AmtlicheErkennung | { grund: string; amtlich: boolean } {
  const gelesen = amtlichLesen(grid, ctx.catalogue);
  if ('grund' in gelesen) return { grund: gelesen.grund, amtlich: false };
  const { zellen, layout } = gelesen;
  const ergebnis = importTabelle({ datei: quelle.datei, blatt: quelle.blatt, zellen }, null, ctx);
  if (ergebnis.gebieteGelesen === 0) {
    const keine = ergebnis.fehler.find((f) => f.art === 'KEINE_DATEN' || f.art === 'KOPFZEILE_FEHLT');
    return { grund: keine?.grund ?? 'Keine Zeile betrifft ein Gebiet der Gebietsgliederung', amtlich: true };
  }
  // distinct codes of the data block (from the first data row to the footer): read or skipped
  const codes = new Set<string>();
  for (let r = layout.kopfEnde + 1; r < zellen.length; r++) {
    const c = text(zellen[r]?.[layout.gebietsSpalte]);
    if (c === '' && codes.size === 0) continue;
    if (!/^(DG|[0-9]{2,12})$/.test(c)) break;
    codes.add(c);
  }
  const merkmale = layout.zeilen
    ? [...new Set(layout.zeilen.beschriftungen.flatMap((b) => b.spalten.map((s) => s.merkmal)))]
    : layout.spalten.map((s) => s.merkmal);
  return {
    ...tabellenTitel(zellen, layout),
    stichtag: layout.stichtag,
    periode: layout.periode,
    ergebnis,
    gebiete: ergebnis.gebieteGelesen,
    ausserhalb: Math.max(0, codes.size - ergebnis.gebieteGelesen),
    merkmale,
  };
}

/**
 * The template values of an official table for one Stadt: the level is the Stadt's own when the
 * table has a row for it (Regionalstatistik: the Gemeinde), else the most frequent level of its areas
 * below it. Values of other Städte and of the Kreis, and Merkmale a template cannot hold at the level,
 * are reported by templateValues, not written. The table's age bands in other cuts than the
 * catalogue's 14 (30–34, 75 und mehr) are Merkmale (catalogue.merkmal) and fill the template: the
 * 17 bands of Regionalstatistik sum to the Bevölkerung like the catalogue's 14.
 */
export function amtlicheWerte(ergebnis: ImportErgebnis, ctx: { tree: AreaTree; catalogue: Catalogue; stadt: string }): Pick<Uebernahme, 'ebene' | 'merkmale' | 'werte'> {
  if (!ergebnis.ok) return { ebene: null, merkmale: [], werte: null };
  const inStadt = new Set(ctx.tree.subtree(ctx.stadt));
  const zaehler = new Map<Ebene, number>();
  for (const z of ergebnis.zeilen) {
    const e = ctx.tree.get(z.area)?.ebene;
    if (e && inStadt.has(z.area)) zaehler.set(e, (zaehler.get(e) ?? 0) + 1);
  }
  const ebene: Ebene | null = zaehler.has('stadt') ? 'stadt' : ([...zaehler].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null);
  if (!ebene) return { ebene: null, merkmale: [], werte: null };
  const werte = templateValues(ergebnis.zeilen, { ...ctx, ebene });
  return { ebene, merkmale: werte.merkmale, werte };
}

/** The take-over: the sheet as it is now, recognised again (the clerk may have edited it) and read. */
export function amtlicheTabelleUebernehmen(
  grid: Grid,
  quelle: { datei: string; blatt: string },
  ctx: { tree: AreaTree; catalogue: Catalogue; stadt: string },
): (Uebernahme & { erkennung: AmtlicheErkennung }) | { grund: string; amtlich: boolean } {
  const erkennung = amtlicheTabelleErkennen(grid, quelle, ctx);
  if ('grund' in erkennung) return erkennung;
  return { erkennung, ergebnis: erkennung.ergebnis, ...amtlicheWerte(erkennung.ergebnis, ctx) };
}

/**
 * The Berichtsjahr of the Stichtag against the one chosen in the pane. `abweichend` must be answered
 * by the clerk (which year the template gets); `bestaetigt` is the year the clerk kept although it
 * differs. `ohne`: the table names no Stichtag, the chosen year is used and said so.
 */
export function jahrAbgleich(tabelle: string | null, gewaehlt: string, bestaetigt: string | null): 'gleich' | 'ohne' | 'abweichend' | 'bestaetigt' {
  const j = gewaehlt.trim();
  if (tabelle === null) return 'ohne';
  if (tabelle === j) return 'gleich';
  return bestaetigt === j ? 'bestaetigt' : 'abweichend';
}
