/**
 * Wide source tables → long format (`area;variable;value`).
 *
 * The Kreis receives source data as tables: the Federal Employment Agency's (BA) small-area
 * deliveries (one row per Gemeindeteil, one column per measure), IT.NRW tables per Stadt, lists of
 * the Kreis' own offices. A mapping (`zuordnung.json`, see `zuordnungSchema`) says which column holds
 * the area and which column header stands for which Merkmal of the catalogue. This module turns a
 * grid of cell values into long-format rows and names every wrong cell by its A1 address.
 *
 * Pure TypeScript, no Node APIs: the CLI (cli/import-commands.ts) reads xlsx with exceljs and CSV
 * with csv-parse and hands over the grid; the add-in could hand over a sheet's `values` the same way.
 *
 * Table layout: rows above the header (title block) are ignored. The header row is the first row
 * whose cell (in any column) is the area column's header text, or the row given as `kopfzeile`. If
 * the area header cell is merged downwards (a two-row header: group title above, sub-title below),
 * the header spans those rows and a column's header text is its texts of all header rows joined by
 * a space ("Arbeitslose" over "insgesamt" → "Arbeitslose insgesamt"); the bottom text alone also
 * matches. Header cells merged across columns count for every column they span. Header texts match
 * case- and whitespace-insensitively (line breaks in Excel headers are whitespace).
 * The table ends at the first row whose area cell is empty, or starts with a footer word ("Quelle",
 * "Zeichenerklärung", "Anmerkung", "Hinweis", "Fußnote", "Stand", "*)" …); nothing after it is read,
 * but a later row naming a known area gets a warning (data cut off by an empty row). Rows between
 * header and first data row without an area (blank, units) and a row numbering the columns
 * (1, 2, 3 …) are skipped.
 *
 * Cell conventions of German official statistics (DIN 55301, used by BA, IT.NRW and Destatis):
 *   a number, or text with German thousands separators (`1.234`, also `1 234`): the value
 *   `-` (also – and —)  nothing there: the value 0
 *   `*`                 anonymised by the source (BA: small numbers, usually 1 or 2)
 *   `.`                 unknown or to be kept secret
 *   `x`                 not sensible (Tabellenfach gesperrt)
 *   `/`                 not reliable enough
 *   `...`               not yet available
 * All signs but `-` give no value and a warning „Quelle hat keinen Wert geliefert“ with the sign's
 * meaning; the Merkmal then has no value for that area (it is not guessed: 0 would be wrong).
 * Every Merkmal of the catalogue counts persons, households or years, so a value must be a whole
 * number from 0 up to the Merkmal's maximum for the area's level (`plausibleMaximum`); a decimal (`12,5`) or negative value is an error.
 *
 * Nothing half-done: `importTabelle` always returns all rows and all findings; the caller writes
 * output only when there are no errors (`ok`).
 */
import { z } from '../zod-de';
import type { AreaTree, Area } from '../areas/areas';
import type { Catalogue, Merkmal } from '../catalogue/catalogue';
import { EBENE_NAMEN, EBENEN, ebeneDepth, deNumber } from '../types';
import { erkenneAmtlicheTabelle, zeilenSchluessel, type ZeilenLayout } from './amtliche-tabelle';
import { Gebietsbloecke } from './amtliche-zeilen';
import { plausibleMaximum } from '../validation/maxima';
import { distance, placeLabels } from '../validation/validate';

export type Zelle = string | number | null;

/** A merged range, 0-based and inclusive (row = Zeile − 1, col = Spalte − 1). */
export interface Verbund {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface Tabelle {
  /** file name, for messages */
  datei: string;
  /** sheet name for workbooks; null for CSV (a CSV has no sheets) */
  blatt: string | null;
  /** cells row by row; rows may be ragged */
  zellen: readonly (readonly Zelle[])[];
  /** merged cells (xlsx); the value stands in the top-left cell */
  verbunde?: readonly Verbund[];
}

// ---------------------------------------------------------------------------------------------
// Mapping file

const nichtLeer = z.string().trim().min(1, 'darf nicht leer sein');

export const zuordnungSchema = z
  .object({
    /** header text of the column that holds the area (code or name) */
    gebietsspalte: nichtLeer,
    /** the Stadt (8-digit AGS) whose areas the names refer to; without it names are looked up in the whole Kreis */
    stadt: z.string().regex(/^[0-9]{8}$/, 'erwartet wird der 8-stellige Gemeindeschlüssel der Stadt, z. B. „05954036“').optional(),
    /** header text → Merkmal id */
    spalten: z
      .record(nichtLeer, nichtLeer)
      .refine((s) => Object.keys(s).length > 0, 'mindestens eine Spalte muss einem Merkmal zugeordnet sein'),
    /** 1-based row of the header (otherwise: the first row containing `gebietsspalte`) */
    kopfzeile: z.number().int('erwartet wird eine ganze Zeilennummer').min(1, 'Zeilen zählen ab 1').optional(),
    /** sheet name in a workbook (otherwise: the first sheet) */
    blatt: nichtLeer.optional(),
    /** a row "Insgesamt" (or the Stadt's own name) gives the values of the Stadt itself */
    stadtzeile: z.boolean().default(false),
    /**
     * names are matched only against areas of this level (a city table with Stadtbezirk rows among
     * its Stadtteile, or a name such as „Deutz“ both Stadtteil and Stadtviertel)
     */
    ebene: z.enum(EBENEN).optional(),
    /** rows not to read: area cell texts (e.g. „Bezirk Altona“) or 1-based row numbers */
    auslassen: z.array(z.union([nichtLeer, z.number().int().min(1, 'Zeilen zählen ab 1')])).optional(),
  })
  .strict();

export type Zuordnung = z.output<typeof zuordnungSchema>;

export class ZuordnungFehler extends Error {
  constructor(
    readonly datei: string,
    readonly probleme: string[],
  ) {
    super(`Die Zuordnung ${datei} ist fehlerhaft (${probleme.length} Problem${probleme.length === 1 ? '' : 'e'}):\n- ${probleme.join('\n- ')}`);
    this.name = 'ZuordnungFehler';
  }
}

/**
 * Checks a parsed mapping file completely: shape (zod, German messages naming the field), known
 * Merkmal ids (a Kennzahl or Hilfsgröße cannot be imported), no Merkmal twice, a Stadt of the tree.
 */
export function parseZuordnung(data: unknown, datei: string, catalogue: Catalogue, tree?: AreaTree): Zuordnung {
  const parsed = zuordnungSchema.safeParse(data);
  if (!parsed.success) {
    throw new ZuordnungFehler(
      datei,
      parsed.error.issues.map((i) => {
        const feld = i.path.length ? i.path.map(String).join('.') : null;
        // unrecognized_keys: the message alone names them
        return feld ? `Feld „${feld}“: ${i.message}` : i.message;
      }),
    );
  }
  const z0 = parsed.data;
  const probleme: string[] = [];
  const gesehen = new Map<string, string>();
  for (const [kopf, id] of Object.entries(z0.spalten)) {
    const wo = `Feld „spalten“, Eintrag „${kopf}“`;
    if (!catalogue.merkmal(id)) {
      const berechnet = catalogue.kennzahlen.has(id) || catalogue.hilfsgroessen.has(id);
      probleme.push(
        berechnet
          ? `${wo}: „${id}“ wird aus Merkmalen berechnet und kann nicht eingelesen werden; bitte die zugrunde liegenden Merkmale zuordnen`
          : `${wo}: „${id}“ ist kein Merkmal des Kennzahlenkatalogs ${catalogue.version}`,
      );
    }
    const frueher = gesehen.get(id);
    if (frueher !== undefined) probleme.push(`${wo}: Das Merkmal „${id}“ ist schon der Spalte „${frueher}“ zugeordnet; jedes Merkmal nur einmal`);
    else gesehen.set(id, kopf);
    if (norm(kopf) === norm(z0.gebietsspalte)) probleme.push(`${wo}: Das ist die Gebietsspalte; sie kann nicht zugleich ein Merkmal sein`);
  }
  if (tree && z0.stadt !== undefined && tree.get(z0.stadt)?.ebene !== 'stadt') {
    probleme.push(`Feld „stadt“: Die Stadt „${z0.stadt}“ gibt es in der Gebietsgliederung nicht`);
  }
  if (z0.stadtzeile && z0.stadt === undefined) probleme.push('Feld „stadtzeile“: setzt das Feld „stadt“ voraus (welche Stadt ist „Insgesamt“?)');
  if (probleme.length > 0) throw new ZuordnungFehler(datei, probleme);
  return z0;
}

// ---------------------------------------------------------------------------------------------
// Findings

export const IMPORT_BEFUNDE = [
  'QUELLE_OHNE_WERT',
  'WERT_KEINE_ZAHL',
  'WERT_LEER',
  'WERT_NICHT_GANZZAHLIG',
  'WERT_NEGATIV',
  'WERT_ZU_GROSS',
  'GEBIET_UNBEKANNT',
  'GEBIET_MEHRDEUTIG',
  'GEBIET_AUSSERHALB',
  'GEBIET_DOPPELT',
  /** official table with its second dimension in rows: a row's label (age group) is not known */
  'ZEILENMERKMAL_UNBEKANNT',
  /** official table with its second dimension in rows: an area lacks rows other areas have */
  'ZEILE_FEHLT',
  'EBENE_ZU_FEIN',
  'SUMMENZEILE',
  'KOPFZEILE_FEHLT',
  'SPALTE_FEHLT',
  'SPALTE_MEHRDEUTIG',
  'KEINE_DATEN',
  'NACH_TABELLENENDE',
  /** a finding of the dataset validation (catalogue relations, hierarchy), traced back to its cell */
  'PRUEFREGEL',
] as const;
export type ImportBefundArt = (typeof IMPORT_BEFUNDE)[number];

export interface ImportBefund {
  schwere: 'fehler' | 'warnung';
  art: ImportBefundArt;
  /** A1 address of the cell concerned (e.g. "D17"), null for findings about the whole table */
  zelle: string | null;
  merkmal: string | null;
  gebiet: string | null;
  /** what is wrong and what would be right, without the location */
  grund: string;
  /** „datei, Blatt „x“, Zelle D17 (Merkmal arbeitslose): grund“ */
  meldung: string;
}

export interface ImportZeile {
  area: string;
  variable: string;
  value: number;
  /** A1 address of the source cell */
  zelle: string;
}

export interface ImportErgebnis {
  ok: boolean;
  zeilen: ImportZeile[];
  fehler: ImportBefund[];
  warnungen: ImportBefund[];
  /** short German summary for people */
  zusammenfassung: string;
  /** 1-based header row(s) and data rows actually read */
  kopfzeile: number | null;
  gebieteGelesen: number;
  /** notes for people that are neither errors nor warnings (rows of other areas skipped, columns not read) */
  hinweise: string[];
  /** Berichtsjahr read from the table (the Stichtag line of an official table), null if none */
  periode: string | null;
}

/** Meaning of each sign of German official statistics that gives no value. */
export const ZEICHEN: Readonly<Record<string, string>> = {
  '*': 'von der Quelle anonymisiert (kleine Fallzahl)',
  '.': 'Zahlenwert unbekannt oder geheim zu halten',
  x: 'Tabellenfach gesperrt, weil Aussage nicht sinnvoll',
  '/': 'keine Angabe, da Zahlenwert nicht sicher genug',
  '...': 'Angabe fällt später an',
  '…': 'Angabe fällt später an',
};
const NICHTS = new Set(['-', '–', '—']);

// „__________“ opens the footer of GENESIS exports
const FUSSZEILE = /^(quelle|zeichenerkl|anmerkung|hinweis|fu(ß|ss)note|stand\b|erläuterung|legende|\*\)|[0-9]+\)|©|_{3,})/i;
const SUMMENZEILE = new Set(['insgesamt', 'gesamt', 'summe', 'zusammen', 'stadt insgesamt']);

/** Whitespace-insensitive, case-insensitive key for header texts and area names. */
function norm(s: string): string {
  return s.replace(/\s+/g, ' ').trim().toLocaleLowerCase('de-DE');
}

/** "A", …, "Z", "AA" … for a 0-based column. */
export function spaltenName(col: number): string {
  let n = col + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A1 address of a 0-based cell. */
export const adresse = (row: number, col: number): string => `${spaltenName(col)}${row + 1}`;

const text = (v: Zelle | undefined): string => (v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : v.trim());

type Wert = { art: 'zahl'; wert: number } | { art: 'zeichen'; zeichen: string; bedeutung: string } | { art: 'leer' } | { art: 'text'; text: string; hinweis?: string };

/** Reads one value cell by the conventions above. */
export function leseWert(v: Zelle): Wert {
  if (typeof v === 'number') return Number.isFinite(v) ? { art: 'zahl', wert: v } : { art: 'text', text: String(v) };
  const s = text(v);
  if (s === '') return { art: 'leer' };
  if (NICHTS.has(s)) return { art: 'zahl', wert: 0 };
  const zeichen = s.toLowerCase();
  if (ZEICHEN[zeichen] !== undefined) return { art: 'zeichen', zeichen: s, bedeutung: ZEICHEN[zeichen]! };
  const t = s.replace(/^[-−–]\s*/, '-').replace(/[\u00a0\u202f]/g, ' ');
  // 1234, 1.234, 1 234 (thousands separators only in groups of three), optional decimal comma
  const m = /^(-?)([0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,3}(?: [0-9]{3})+|[0-9]+)(?:,([0-9]+))?$/.exec(t);
  if (m) {
    const ganz = m[2]!.replace(/[. ]/g, '');
    const n = Number(`${m[1]}${ganz}${m[3] !== undefined ? `.${m[3]}` : ''}`);
    return { art: 'zahl', wert: n };
  }
  if (/^-?[0-9]+\.[0-9]+$/.test(t)) {
    return { art: 'text', text: s, hinweis: ' Der Punkt ist in deutschen Tabellen das Tausendertrennzeichen (1.234); Dezimalzahlen schreiben sich mit Komma' };
  }
  if (s.startsWith('=')) return { art: 'text', text: s, hinweis: ' Die Formel hat kein gespeichertes Ergebnis; bitte die Datei in Excel öffnen und speichern' };
  return { art: 'text', text: s };
}

// ---------------------------------------------------------------------------------------------
// The import

export interface ImportKontext {
  catalogue: Catalogue;
  tree: AreaTree;
  /**
   * how the caller lets a sum row count as the Stadt's value, for the warning on a skipped sum row
   * (the CLI: the mapping file's field; the add-in has no such option and passes none)
   */
  stadtzeileHinweis?: string;
  /** the caller's mapping can set „ebene“ and „auslassen“ (the CLI's zuordnung.json): name them in messages */
  optionenHinweis?: boolean;
}

/**
 * The import. With a mapping (`zuordnung`) the header row and the columns come from it; without one
 * (null) the table must be an official table as GENESIS/Regionalstatistik publish it, whose layout
 * and columns amtliche-tabelle.ts recognises. Everything after the layout is the same for both.
 *
 * Differences of the automatic path, as such tables cover all of Germany: a row whose code is not in
 * the area tree (Deutschland, other Kreise) is skipped with one note, not an error; the Kreis' row is
 * data when the tree has that Kreis; a 5-digit Kreis code of a kreisfreie Stadt (05315) is its Stadt
 * (05315000). A table with its second dimension in rows (12411-02-03-4: one row per area and age
 * group) is read area by area: a value's Merkmal comes from its column and its row's label, and each
 * area must have its rows together, each label once, every label of the table (amtliche-zeilen.ts).
 */
export function importTabelle(tabelle: Tabelle, zuordnung: Zuordnung | null, ctx: ImportKontext): ImportErgebnis {
  const { catalogue, tree } = ctx;
  const automatisch = zuordnung === null;
  const fehler: ImportBefund[] = [];
  const warnungen: ImportBefund[] = [];
  const hinweise: string[] = [];
  let periode: string | null = null;
  const ort = `${tabelle.datei}${tabelle.blatt !== null ? `, Blatt „${tabelle.blatt}“` : ''}`;
  const befund = (schwere: ImportBefund['schwere'], art: ImportBefundArt, zelle: string | null, merkmal: string | null, gebiet: string | null, grund: string): void => {
    // area and Merkmal by name with the code in brackets, as every other finding names them
    const dazu = placeLabels(gebiet, merkmal, { catalogue, tree }).join(', ');
    const meldung = `${ort}${zelle ? `, Zelle ${zelle}` : ''}${dazu ? ` (${dazu})` : ''}: ${grund}`;
    (schwere === 'fehler' ? fehler : warnungen).push({ schwere, art, zelle, merkmal, gebiet, grund, meldung });
  };
  const zeilen: ImportZeile[] = [];
  const ergebnis = (kopfzeile: number | null, gebieteGelesen: number): ImportErgebnis => ({
    ok: fehler.length === 0,
    zeilen: fehler.length === 0 ? zeilen : [],
    fehler,
    warnungen,
    kopfzeile,
    gebieteGelesen,
    hinweise,
    periode,
    zusammenfassung:
      `${ort}: ${gebieteGelesen} Gebiet${gebieteGelesen === 1 ? '' : 'e'} gelesen, ${zeilen.length} Werte, ` +
      `${fehler.length} Fehler, ${warnungen.length} Warnung${warnungen.length === 1 ? '' : 'en'}` +
      (kopfzeile !== null ? ` (Kopfzeile ${kopfzeile})` : ''),
  });

  const grid = tabelle.zellen;
  const verbunde = tabelle.verbunde ?? [];
  const verbundVon = (r: number, c: number): Verbund | undefined => verbunde.find((v) => r >= v.top && r <= v.bottom && c >= v.left && c <= v.right);
  /** header cell text; a merged range shows its top-left value in every cell it covers */
  const kopfText = (r: number, c: number): string => {
    const v = verbundVon(r, c);
    return v ? text(grid[v.top]?.[v.left]) : text(grid[r]?.[c]);
  };
  const breite = Math.max(0, ...grid.map((r) => r.length), ...verbunde.map((v) => v.right + 1));

  // 1.–2. Layout: header rows, area column, the columns read.
  let kopf = -1;
  let kopfEnde = -1;
  let gebietsSpalte = -1;
  const spalten: { spalte: number; merkmal: Merkmal; kopf: string }[] = [];
  let zeilenLayout: ZeilenLayout | null = null;
  if (zuordnung === null) {
    const layout = erkenneAmtlicheTabelle(grid, catalogue);
    if ('grund' in layout) {
      befund('fehler', 'KOPFZEILE_FEHLT', null, null, null, layout.grund);
      return ergebnis(null, 0);
    }
    ({ kopf, kopfEnde, gebietsSpalte } = layout);
    periode = layout.periode;
    for (const s of layout.spalten) spalten.push({ spalte: s.spalte, merkmal: catalogue.merkmal(s.merkmal)!, kopf: s.kopf });
    zeilenLayout = layout.zeilen;
    if (layout.stichtag) hinweise.push(`Stichtag ${layout.stichtag}: Berichtsjahr ${layout.periode}`);
    if (layout.ohneMerkmal.length > 0) {
      // grouped by the upper header lines, so „männlich / Altersgruppen …“ is written once, not 18 times
      const gruppen = new Map<string, string[]>();
      for (const t of layout.ohneMerkmal) {
        const teile = t.split(' / ');
        const oben = teile.slice(0, -1).join(' / ');
        gruppen.set(oben, [...(gruppen.get(oben) ?? []), teile[teile.length - 1]!]);
      }
      const liste = [...gruppen].map(([oben, unten]) => (oben ? `„${oben}“: ${unten.join(', ')}` : unten.map((u) => `„${u}“`).join(', '))).join('; ');
      const was = zeilenLayout ? `Kombination${layout.ohneMerkmal.length === 1 ? '' : 'en'} aus Spalte und Zeile` : `Spalte${layout.ohneMerkmal.length === 1 ? '' : 'n'}`;
      hinweise.push(`${layout.ohneMerkmal.length} ${was} ohne Merkmal im Katalog ${catalogue.version} nicht übernommen – ${liste}`);
    }
  } else {
    const gebietsKopf = norm(zuordnung.gebietsspalte);
    if (zuordnung.kopfzeile !== undefined) {
      kopf = zuordnung.kopfzeile - 1;
      for (let c = 0; c < breite && gebietsSpalte < 0; c++) if (norm(kopfText(kopf, c)) === gebietsKopf) gebietsSpalte = c;
      if (gebietsSpalte < 0) {
        const da = Array.from({ length: breite }, (_, c) => kopfText(kopf, c)).filter((t) => t !== '');
        befund('fehler', 'KOPFZEILE_FEHLT', null, null, null,
          `In der Kopfzeile ${zuordnung.kopfzeile} (laut Zuordnung) steht keine Spalte „${zuordnung.gebietsspalte}“; dort stehen: ${da.length ? da.map((t) => `„${t}“`).join(', ') : '(nichts)'}`);
        return ergebnis(null, 0);
      }
    } else {
      suche: for (let r = 0; r < grid.length; r++) {
        for (let c = 0; c < breite; c++) {
          if (norm(kopfText(r, c)) === gebietsKopf) {
            kopf = r;
            gebietsSpalte = c;
            break suche;
          }
        }
      }
      if (kopf < 0) {
        befund('fehler', 'KOPFZEILE_FEHLT', null, null, null,
          `Keine Zeile enthält die Gebietsspalte „${zuordnung.gebietsspalte}“ (Feld „gebietsspalte“ der Zuordnung); bitte die Überschrift genau wie in der Tabelle angeben oder „kopfzeile“ setzen`);
        return ergebnis(null, 0);
      }
    }
    // A vertically merged area header spans the whole header block.
    const kopfVerbund = verbundVon(kopf, gebietsSpalte);
    kopfEnde = kopfVerbund ? Math.max(kopf, kopfVerbund.bottom) : kopf;
    // Header rows below the area header that hold text but no area (a title/description row under
    // the column titles, as in the Hamburg Stadtteilprofile) belong to the header as well: up to
    // the first row with a value or an area name in the area column.
    while (kopfEnde + 1 < grid.length && text(grid[kopfEnde + 1]?.[gebietsSpalte]) === '' &&
      (grid[kopfEnde + 1] ?? []).some((v, c) => c !== gebietsSpalte && text(v) !== '' && leseWert(v).art === 'text')) kopfEnde++;

    // Mapped columns by header text: the texts of all header rows joined, or any single line of them.
    const kopfTexte = (c: number): string[] => {
      const teile: string[] = [];
      for (let r = kopf; r <= kopfEnde; r++) {
        const t = kopfText(r, c);
        if (t !== '' && teile[teile.length - 1] !== t) teile.push(t);
      }
      return teile;
    };
    const anzeige = Array.from({ length: breite }, (_, c) => kopfTexte(c).join(' ').replace(/\s+/g, ' '));
    const spaltenSchluessel = Array.from({ length: breite }, (_, c) => {
      const teile = kopfTexte(c);
      return new Set(teile.length ? [norm(teile.join(' ')), ...teile.map(norm)] : []);
    });
    const kopfZeilen0 = kopfEnde > kopf ? `den Kopfzeilen ${kopf + 1}–${kopfEnde + 1}` : `der Kopfzeile ${kopf + 1}`;
    const fehlend: string[] = [];
    for (const [kopfText0, id] of Object.entries(zuordnung.spalten)) {
      const merkmal = catalogue.merkmal(id);
      if (!merkmal) continue; // parseZuordnung has reported it
      const k = norm(kopfText0);
      const treffer = spaltenSchluessel.flatMap((s, c) => (s.has(k) && c !== gebietsSpalte ? [c] : []));
      if (treffer.length === 0) {
        fehlend.push(kopfText0);
      } else if (treffer.length > 1) {
        befund('fehler', 'SPALTE_MEHRDEUTIG', null, id, null,
          `Die Überschrift „${kopfText0}“ steht über mehreren Spalten (${treffer.map((c) => adresse(kopfEnde, c)).join(', ')}); bitte in der Zuordnung die vollständige Überschrift angeben`);
      } else {
        spalten.push({ spalte: treffer[0]!, merkmal, kopf: kopfText0 });
      }
    }
    if (fehlend.length > 0) {
      // one finding that lists the headers once, however many columns are missing
      const da = anzeige.flatMap((t, c) => (t !== '' && c !== gebietsSpalte ? [`„${t}“`] : []));
      befund('fehler', 'SPALTE_FEHLT', null, fehlend.length === 1 ? zuordnung.spalten[fehlend[0]!]! : null, null,
        `${fehlend.length === 1 ? 'Die Spalte' : 'Die Spalten'} ${fehlend.map((f) => `„${f}“`).join(', ')} aus der Zuordnung ${fehlend.length === 1 ? 'steht' : 'stehen'} nicht in ${kopfZeilen0}; vorhanden: ${da.join(', ') || '(keine weiteren Spalten)'}`);
    }
    if (fehler.length > 0) return ergebnis(kopf + 1, 0);
  }
  /** dative with article: „in den Kopfzeilen 4–5“, „unter der Kopfzeile 4“ */
  const kopfZeilen = kopfEnde > kopf ? `den Kopfzeilen ${kopf + 1}–${kopfEnde + 1}` : `der Kopfzeile ${kopf + 1}`;

  // 3. Areas: by code, else by name within the Stadt (or the whole Kreis), optionally one level only.
  const stadt = zuordnung?.stadt !== undefined ? tree.get(zuordnung.stadt) : undefined;
  const ebene = zuordnung?.ebene;
  const kandidaten = (stadt ? tree.subtree(stadt.code).filter((c) => c !== stadt.code).map((c) => tree.get(c)!) : tree.all().filter((a) => a.ebene !== 'kreis'))
    .filter((a) => ebene === undefined || a.ebene === ebene);
  const nachName = new Map<string, Area[]>();
  for (const a of kandidaten) {
    const k = norm(a.name);
    nachName.set(k, [...(nachName.get(k) ?? []), a]);
  }
  const auslassen = new Set((zuordnung?.auslassen ?? []).map((a) => (typeof a === 'number' ? `#${a}` : norm(a))));
  /** a sum row: "Insgesamt" and the like, the Stadt's own name (with a Stadt; also „Stadt Köln“), the Kreis' name */
  const summenzeile = (k: string): boolean =>
    SUMMENZEILE.has(k) || k === norm(tree.root.name) || k === `${norm(tree.root.name)} insgesamt` ||
    (!!stadt && (k === norm(stadt.name) || k === `${norm(stadt.name)} insgesamt` || k === `stadt ${norm(stadt.name)}`));
  /**
   * „Meinten Sie …?“ for a name one or two letters off a known one; not for numbered names that
   * differ only in their number („Gemeindeteil 99“ is no typo of „Gemeindeteil 01“)
   */
  const ohneZiffern = (t: string): string => t.replace(/[0-9]/g, '');
  const meintenSie = (k: string): string => {
    const grenze = k.length <= 5 ? 1 : 2;
    const nah = [...nachName.entries()]
      .filter(([n]) => ohneZiffern(n) !== ohneZiffern(k))
      .map(([n, as]) => ({ n, as, d: distance(k, n, grenze) }))
      .filter((x) => x.d <= grenze)
      .sort((a, b) => a.d - b.d);
    return nah.length ? `. Meinten Sie ${nah.slice(0, 3).map((x) => `„${x.as[0]!.name}“ (${x.as[0]!.code})`).join(' oder ')}?` : '';
  };

  type Aufloesung = { area: Area } | { fehler: ImportBefundArt; grund: string } | { summe: true } | { fremd: string };
  const loese = (roh: Zelle): Aufloesung => {
    let s = text(roh);
    // an 8-digit AGS typed as a number in Excel loses its leading zero
    if (typeof roh === 'number' && Number.isInteger(roh) && String(roh).length === 7) s = `0${roh}`;
    // the Kreis-level code of a kreisfreie Stadt (05315) stands for the Stadt (05315000): a Kreis
    // the tree does not have, or one whose only Stadt is that one
    const kreisfrei = /^[0-9]{5}$/.test(s) && tree.get(`${s}000`)?.ebene === 'stadt' && (!tree.has(s) || tree.children(s).length === 1);
    const perCode = kreisfrei ? tree.get(`${s}000`) : tree.get(s);
    if (perCode) {
      if (stadt && !tree.isWithin(perCode.code, stadt.code)) {
        return { fehler: 'GEBIET_AUSSERHALB', grund: `Das Gebiet „${s}“ (${perCode.name}) gehört nicht zur Stadt ${stadt.code} (${stadt.name}), für die die Zuordnung gilt` };
      }
      // the Kreis' values follow from its Städte: in a Kreis office's own table its row is a sum row;
      // an official table gives the Kreis as published, which is data
      if (perCode.ebene === 'kreis' && !automatisch) return { summe: true };
      return { area: perCode };
    }
    if (automatisch && /^(DG|[0-9]{2,12})$/.test(s)) return { fremd: s };
    const k = norm(s);
    const namen = nachName.get(k) ?? [];
    const istSumme = summenzeile(k);
    const alsStadt = istSumme && !!zuordnung?.stadtzeile && !!stadt && k !== norm(tree.root.name) && k !== `${norm(tree.root.name)} insgesamt`;
    if (istSumme && namen.length === 0) return alsStadt ? { area: stadt! } : { summe: true };
    if (alsStadt) namen.push(stadt!);
    if (namen.length === 1) return { area: namen[0]! };
    if (namen.length > 1) {
      return {
        fehler: 'GEBIET_MEHRDEUTIG',
        grund: `Der Name „${s}“ passt auf mehrere Gebiete: ${namen.map((a) => `${a.code} (${a.name}, ${EBENE_NAMEN[a.ebene]})`).join(', ')}; bitte den Gebietscode statt des Namens verwenden${ebene === undefined && ctx.optionenHinweis && new Set(namen.map((a) => a.ebene)).size > 1 ? ' oder mit „ebene“ in der Zuordnung nur eine Ebene zulassen' : ''}`,
      };
    }
    return {
      fehler: 'GEBIET_UNBEKANNT',
      grund: `„${s}“ ist weder ein Gebietscode noch der Name eines Gebiets ${stadt ? `der Stadt ${stadt.code} (${stadt.name})` : 'des Kreises'}${ebene ? ` auf der Ebene ${EBENE_NAMEN[ebene]}` : ''} in der Gebietsgliederung${meintenSie(k) || (ctx.optionenHinweis ? '. Eine Zwischensumme (z. B. eines Bezirks) lässt sich mit „auslassen“ in der Zuordnung überspringen' : '')}`,
    };
  };

  // 4. Data rows.
  const ersteZeileVon = new Map<string, string>();
  const bloecke = new Gebietsbloecke();
  /** rows skipped as outside the tree, and the areas they name (once each, as in the row layout an area has many rows) */
  let fremdeZeilen = 0;
  const fremde: string[] = [];
  let gelesen = 0;
  let begonnen = false;
  for (let r = kopfEnde + 1; r < grid.length; r++) {
    const row = grid[r] ?? [];
    const roh = row[gebietsSpalte] ?? null;
    const s = text(roh);
    if (!begonnen) {
      // Between header and data: rows without an area (blank rows, units such as „Anzahl“) and a row
      // numbering the columns (1, 2, 3 … or (1), (2) …) belong to the header.
      if (s === '') continue;
      const voll = row.map(text).filter((t) => t !== '');
      const nummern = voll.map((t) => /^\(?([0-9]{1,2})\)?$/.exec(t)?.[1]);
      if (voll.length >= 2 && nummern.every((n, i) => n !== undefined && (i === 0 || Number(n) > Number(nummern[i - 1])))) continue;
    }
    if (auslassen.has(`#${r + 1}`) || (s !== '' && auslassen.has(norm(s)))) continue;
    if (s === '' || FUSSZEILE.test(s)) {
      // The table ends here. A later row whose area cell names a known area is most likely data cut
      // off by an empty row: say so instead of dropping it silently.
      for (let r2 = r + 1; r2 < grid.length; r2++) {
        const spaeter = grid[r2]?.[gebietsSpalte] ?? null;
        if (text(spaeter) !== '' && !auslassen.has(norm(text(spaeter))) && 'area' in loese(spaeter)) {
          befund('warnung', 'NACH_TABELLENENDE', adresse(r2, gebietsSpalte), null, null,
            `Die Tabelle endet in Zeile ${r + 1} (${s === '' ? 'leere Gebietszelle' : `„${s.slice(0, 40)}“`}); „${text(spaeter)}“ in Zeile ${r2 + 1} sieht nach einer Datenzeile aus und wird nicht übernommen. Bitte leere Zeilen innerhalb der Tabelle entfernen`);
          break;
        }
      }
      break;
    }
    begonnen = true;
    const gebietsZelle = adresse(r, gebietsSpalte);
    const a = loese(roh);
    if (!('area' in a)) bloecke.unterbrechen();
    if ('fremd' in a) {
      const name = text(row[gebietsSpalte + 1]);
      const wer = name && leseWert(row[gebietsSpalte + 1] ?? null).art === 'text' ? `${a.fremd} ${name}` : a.fremd;
      fremdeZeilen++;
      if (!fremde.includes(wer)) fremde.push(wer);
      continue;
    }
    if ('summe' in a) {
      befund('warnung', 'SUMMENZEILE', gebietsZelle, null, null,
        `Die Summenzeile „${s}“ wird nicht übernommen${stadt && !zuordnung?.stadtzeile && ctx.stadtzeileHinweis ? `; ${ctx.stadtzeileHinweis}` : ''}`);
      continue;
    }
    if ('fehler' in a) {
      befund('fehler', a.fehler, gebietsZelle, null, null, `${a.grund}${a.grund.endsWith('?') ? '' : '.'} Die Zeile wird nicht übernommen`);
      continue;
    }
    const area = a.area;
    let spaltenHier = spalten;
    if (zeilenLayout) {
      // the row's label (age group) says which Merkmal each of its values is
      const labels = zeilenLayout.merkmalsSpalten.map((c) => ({ c, t: text(row[c]) }));
      const schluessel = zeilenSchluessel(labels.map((l) => l.t));
      const beschriftung = zeilenLayout.beschriftungen.find((b) => b.schluessel === schluessel);
      if (!beschriftung) {
        const l = labels.find((x) => !zeilenLayout!.beschriftungen.some((b) => b.schluessel.split(' / ').includes(norm(x.t)))) ?? labels[0]!;
        const bekannt = zeilenLayout.beschriftungen.slice(0, 3).map((b) => `„${b.anzeige}“`).join(', ');
        bloecke.ohneBeschriftung(area.code, r);
        befund('fehler', 'ZEILENMERKMAL_UNBEKANNT', adresse(r, l.c), null, area.code,
          `${l.t === '' ? 'Die Zelle ist leer' : `„${l.t}“ ist keine Altersgruppe und kein Geschlecht, wie sie die Zeilen dieser Tabelle nennen`}; erwartet wird z. B. ${bekannt}. Die Zeile wird nicht übernommen`);
        continue;
      }
      const b = bloecke.zeile(area.code, r, schluessel, beschriftung.anzeige);
      if (b.art === 'doppelt') {
        befund('fehler', 'GEBIET_DOPPELT', gebietsZelle, null, area.code, `${b.grund}. Die Zeile wird nicht übernommen`);
        continue;
      }
      if (b.art === 'neu') gelesen++;
      spaltenHier = beschriftung.spalten.map((s) => ({ spalte: s.spalte, merkmal: catalogue.merkmal(s.merkmal)!, kopf: s.kopf }));
    } else {
      gelesen++;
      const vorher = ersteZeileVon.get(area.code);
      if (vorher !== undefined) {
        befund('fehler', 'GEBIET_DOPPELT', gebietsZelle, null, area.code, `Das Gebiet ${area.code} (${area.name}) steht schon in Zelle ${vorher}; jedes Gebiet nur einmal`);
        continue;
      }
      ersteZeileVon.set(area.code, gebietsZelle);
    }
    for (const { spalte, merkmal } of spaltenHier) {
      const zelle = adresse(r, spalte);
      const w = leseWert(row[spalte] ?? null);
      const fehlerHier = (art: ImportBefundArt, grund: string): void => befund('fehler', art, zelle, merkmal.id, area.code, grund);
      if (w.art === 'leer') {
        fehlerHier('WERT_LEER', 'Die Zelle ist leer; erwartet wird eine Zahl oder ein Zeichen der amtlichen Statistik (- für nichts, *, ., x, /)');
        continue;
      }
      if (w.art === 'text') {
        fehlerHier('WERT_KEINE_ZAHL', `„${w.text}“ ist keine Zahl und kein Zeichen der amtlichen Statistik (-, *, ., x, /).${w.hinweis ?? ''}`);
        continue;
      }
      if (w.art === 'zeichen') {
        befund('warnung', 'QUELLE_OHNE_WERT', zelle, merkmal.id, area.code, `Quelle hat keinen Wert geliefert: „${w.zeichen}“ = ${w.bedeutung}. Für dieses Gebiet wird kein Wert übernommen`);
        continue;
      }
      // a formula result such as 12.000000000000002 is a whole number computed in floating point
      const n = Math.abs(w.wert - Math.round(w.wert)) < 1e-9 ? Math.round(w.wert) : w.wert;
      if (!Number.isInteger(n)) {
        fehlerHier('WERT_NICHT_GANZZAHLIG', `Der Wert ${deNumber(n)} ist keine ganze Zahl; gezählt werden ${merkmal.einheit}`);
      } else if (n < 0) {
        fehlerHier('WERT_NEGATIV', `Der Wert ${deNumber(n)} ist negativ; eine Anzahl ist 0 oder größer`);
      } else if (n > plausibleMaximum(merkmal, area.ebene)) {
        fehlerHier('WERT_ZU_GROSS', `Der Wert ${deNumber(n)} ist für ein Gebiet der Ebene ${EBENE_NAMEN[area.ebene]} nicht plausibel; erlaubt sind höchstens ${deNumber(plausibleMaximum(merkmal, area.ebene))} ${merkmal.einheit}`);
      } else if (ebeneDepth(area.ebene) > ebeneDepth(merkmal.tiefsteEbene)) {
        fehlerHier('EBENE_ZU_FEIN', `${merkmal.name} gibt es laut Katalog nur bis zur Ebene ${EBENE_NAMEN[merkmal.tiefsteEbene]} (Quelle: ${merkmal.quelle}), nicht je ${EBENE_NAMEN[area.ebene]}`);
      } else {
        zeilen.push({ area: area.code, variable: merkmal.id, value: n, zelle });
      }
    }
  }
  if (zeilenLayout) {
    for (const u of bloecke.unvollstaendig(zeilenLayout.beschriftungen)) befund('fehler', 'ZEILE_FEHLT', adresse(u.erste, gebietsSpalte), null, u.gebiet, u.grund);
  }
  if (fremdeZeilen > 0) {
    hinweise.push(`${fremdeZeilen} Zeile${fremdeZeilen === 1 ? '' : 'n'} mit Gebieten außerhalb der Gebietsgliederung übersprungen (${fremde.slice(0, 5).join(', ')}${fremde.length > 5 ? ', …' : ''})`);
  }
  if (gelesen === 0 && fehler.length === 0) {
    befund('fehler', 'KEINE_DATEN', null, null, null,
      fremdeZeilen > 0 ? `Keine Zeile unter ${kopfZeilen} betrifft ein Gebiet der Gebietsgliederung (übersprungen: ${fremdeZeilen} Zeilen)` : `Unter ${kopfZeilen} steht keine Datenzeile`);
  }
  return ergebnis(kopf + 1, gelesen);
}

/** Long format as `sozialmonitor pruefen`/`push` read it (integers only, so no separator question). */
export function formatLangformat(zeilen: readonly ImportZeile[]): string {
  return ['area;variable;value', ...zeilen.map((z) => `${z.area};${z.variable};${z.value}`)].join('\n') + '\n';
}
