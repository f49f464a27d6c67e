/**
 * Tables as the statistical offices publish them (GENESIS-Online of Destatis, the Regionaldatenbank
 * „Regionalstatistik“, the Landesdatenbanken such as IT.NRW's), read without a mapping file.
 *
 * Layout of such a CSV export (e.g. 12411-02-03-5 „Bevölkerung nach Geschlecht und Altersgruppen“):
 *   title lines                 „GENESIS-Tabelle: 12411-02-03-5“, „… - Stichtag 31.12. -“ (text in column A only)
 *   Stichtag line               „31.12.2015“: the reference date, gives the Berichtsjahr
 *   stacked header rows         „Insgesamt“/„männlich“/„weiblich“ over a group title over „unter 3 Jahre“ …
 *   data rows                   a code column without header (DG, 05, 05954, 05954036), a name column, values
 *   footer                      „__________“, quoted notes, „© Statistische Ämter …“, „Stand: …“
 * The standard headers map to the catalogue by themselves: sex „Insgesamt“ × age „Insgesamt“ is
 * `bevoelkerung`, „weiblich“ × „Insgesamt“ is `bev_weiblich`, an age band of both sexes is its band
 * Merkmal (see `altersMerkmal`: the catalogue's band, or an interval id in other cuts). Columns
 * without a Merkmal (e.g. „männlich“ per age band) are named once in a note, not read.
 *
 * This module only finds the layout; reading the rows (areas, signs, checks) is importTabelle's job in
 * tabelle-import.ts, so both paths share every cell convention and message.
 */
import type { Catalogue } from '../catalogue/catalogue';
import { intervallId } from '../catalogue/altersintervalle';

type Zelle = string | number | null;

const text = (v: Zelle | undefined): string => (v === null || v === undefined ? '' : typeof v === 'number' ? String(v) : v.trim());
const norm = (s: string): string => s.replace(/\s+/g, ' ').trim().toLocaleLowerCase('de-DE');

/** An age band in completed years; `bis` null means „und mehr“. */
export interface Altersband {
  von: number;
  bis: number | null;
}

/**
 * Reads the age headers of official statistics: „unter 3 Jahre“ → 0..2, „3 bis unter 6 Jahre“ → 3..5,
 * „75 Jahre und mehr“ (also „75 und älter“, „75 u. m.“) → 75..plus, „18 bis 24 Jahre“ → 18..24 (an
 * upper bound without „unter“ is inclusive). Null for anything else (e.g. „Insgesamt“).
 */
export function parseAltersband(kopf: string): Altersband | null {
  const s = norm(kopf).replace(/-?jährige?n?/g, ' jahre').replace(/\s+/g, ' ');
  let m = /^unter (\d{1,3})( jahre?n?)?$/.exec(s);
  if (m) return { von: 0, bis: Number(m[1]) - 1 };
  m = /^(\d{1,3})( jahre?n?)? bis (unter )?(\d{1,3})( jahre?n?)?$/.exec(s);
  if (m) {
    const von = Number(m[1]);
    const bis = m[3] ? Number(m[4]) - 1 : Number(m[4]);
    return bis >= von ? { von, bis } : null;
  }
  m = /^(\d{1,3})( jahre?n?)? (und|u\.) ?(mehr|älter|m\.)$/.exec(s);
  if (m) return { von: Number(m[1]), bis: null };
  return null;
}

/**
 * The Merkmal id of an age band: one of the catalogue's 14 bands when it matches exactly (bev_0_2 …
 * bev_80_plus), else the interval id `bev_alter_<von>_<bis>` / `bev_alter_<von>_plus` (inclusive).
 * Whether the catalogue has that Merkmal is the caller's question.
 */
export function altersMerkmal(band: Altersband): string {
  return intervallId(band.von, band.bis);
}

type Geschlecht = 'insgesamt' | 'maennlich' | 'weiblich';
const GESCHLECHT: Record<string, Geschlecht> = {
  insgesamt: 'insgesamt',
  zusammen: 'insgesamt',
  gesamt: 'insgesamt',
  männlich: 'maennlich',
  maennlich: 'maennlich',
  männer: 'maennlich',
  weiblich: 'weiblich',
  frauen: 'weiblich',
};

/** What a column's header lines say, and the Merkmal that stands for it (if the catalogue has one). */
function merkmalDerSpalte(zeilen: readonly string[], catalogue: Catalogue): { id: string | null; erkannt: boolean } {
  let geschlecht: Geschlecht = 'insgesamt';
  let band: Altersband | null = null;
  let erkannt = false;
  for (const z of zeilen) {
    const k = norm(z);
    const g = GESCHLECHT[k];
    const b = parseAltersband(z);
    if (b) {
      band = b;
      erkannt = true;
    } else if (g) {
      if (g !== 'insgesamt') geschlecht = g;
      erkannt = true;
    }
  }
  if (!erkannt) return { id: null, erkannt };
  let id: string;
  if (band === null) id = geschlecht === 'insgesamt' ? 'bevoelkerung' : geschlecht === 'weiblich' ? 'bev_weiblich' : 'bev_maennlich';
  else id = geschlecht === 'insgesamt' ? altersMerkmal(band) : `${altersMerkmal(band)}_${geschlecht}`;
  // catalogue.merkmal also knows age bands in other cuts (bev_alter_30_34), not sex-specific ones
  return { id: catalogue.merkmal(id) ? id : null, erkannt };
}

/** A code of official statistics in the first columns: DG (Deutschland), Land 05, Kreis 05954, Gemeinde 05954036 … */
const AMTLICHER_CODE = /^(DG|[0-9]{2,12})$/;
const STICHTAG = /(?:^|\b)([0-3][0-9])\.([01][0-9])\.((?:19|20)[0-9]{2})\b/;
const WERT = /^(-?[0-9][0-9. ]*(,[0-9]+)?|[-–—*.x/…]|\.\.\.)$/i;

export interface AmtlichesLayout {
  /** 0-based first and last header row */
  kopf: number;
  kopfEnde: number;
  /** 0-based column of the area code */
  gebietsSpalte: number;
  /** 0-based column of the area name, if any (for messages) */
  namensSpalte: number | null;
  spalten: { spalte: number; merkmal: string; kopf: string }[];
  /** headers read but without a Merkmal of the catalogue, each once */
  ohneMerkmal: string[];
  /** Berichtsjahr from the Stichtag line (31.12.2015 → 2015), null if none */
  periode: string | null;
  /** the reference date as written, for messages */
  stichtag: string | null;
}

/**
 * Finds the layout of an official table: the first data row (a code of official statistics in one
 * of the first two columns and a value to its right), the header rows directly above it that have
 * text right of the code/name columns, the Stichtag above them. Returns a reason in German when the
 * grid does not look like such a table.
 */
export function erkenneAmtlicheTabelle(grid: readonly (readonly Zelle[])[], catalogue: Catalogue): AmtlichesLayout | { grund: string } {
  let daten = -1;
  let gebietsSpalte = -1;
  for (let r = 0; r < grid.length && daten < 0; r++) {
    const row = grid[r] ?? [];
    for (const c of [0, 1]) {
      if (AMTLICHER_CODE.test(text(row[c])) && row.slice(c + 1).some((v) => WERT.test(text(v))) && row.slice(c + 1).some((v) => text(v) !== '' && !WERT.test(text(v)))) {
        daten = r;
        gebietsSpalte = c;
        break;
      }
      // a layout without a name column: code and values only
      if (AMTLICHER_CODE.test(text(row[c])) && row.length > c + 1 && row.slice(c + 1).every((v) => WERT.test(text(v)))) {
        daten = r;
        gebietsSpalte = c;
        break;
      }
    }
  }
  if (daten < 0) {
    return { grund: 'Keine Zeile beginnt mit einem amtlichen Gebietsschlüssel (z. B. 05954 oder 05954036) und hat Werte; ohne Zuordnungsdatei werden nur Tabellen im Aufbau von GENESIS/Regionalstatistik erkannt' };
  }
  const ersteZeile = grid[daten] ?? [];
  const namensSpalte = text(ersteZeile[gebietsSpalte + 1]) !== '' && !WERT.test(text(ersteZeile[gebietsSpalte + 1])) ? gebietsSpalte + 1 : null;
  const ersteWertSpalte = (namensSpalte ?? gebietsSpalte) + 1;
  // A table with a second dimension in rows (12411-02-03-4: one row per area and age group) would
  // need both the row's label and the column's header per value; such a layout is refused plainly
  // rather than read as one row per area.
  const zeilenMerkmal = text(ersteZeile[ersteWertSpalte]);
  if (zeilenMerkmal !== '' && !WERT.test(zeilenMerkmal)) {
    const zelle = `${ersteWertSpalte < 26 ? String.fromCharCode(65 + ersteWertSpalte) : `Spalte ${ersteWertSpalte + 1}, Zeile `}${daten + 1}`;
    return {
      grund:
        `Zelle ${zelle}: „${zeilenMerkmal}“ steht als Merkmal in der Zeile (eine Zeile je Gebiet und ${zeilenMerkmal.match(/jahre/i) ? 'Altersgruppe' : 'Ausprägung'}). ` +
        'Solche Tabellen werden ohne Zuordnungsdatei noch nicht gelesen; bitte die Tabelle mit den Altersgruppen in den Spalten abrufen (in GENESIS: Tabellenaufbau ändern) oder je Gebiet eine Zeile anlegen',
    };
  }
  // header rows: the block directly above the data with text in a value column
  let kopf = daten;
  while (kopf > 0 && (grid[kopf - 1] ?? []).slice(ersteWertSpalte).some((v) => text(v) !== '')) kopf--;
  const kopfEnde = daten - 1;
  if (kopf > kopfEnde) return { grund: `Über der ersten Datenzeile ${daten + 1} steht keine Kopfzeile mit Spaltenüberschriften` };
  let stichtag: string | null = null;
  let periode: string | null = null;
  for (let r = kopfEnde; r >= 0 && stichtag === null; r--) {
    for (const v of grid[r] ?? []) {
      const m = STICHTAG.exec(text(v));
      if (m) {
        stichtag = m[0];
        periode = m[3]!;
        break;
      }
    }
  }
  const breite = Math.max(0, ...grid.slice(kopf, daten + 1).map((r) => r.length));
  const spalten: AmtlichesLayout['spalten'] = [];
  const ohneMerkmal: string[] = [];
  for (let c = ersteWertSpalte; c < breite; c++) {
    const zeilen: string[] = [];
    for (let r = kopf; r <= kopfEnde; r++) {
      const t = text(grid[r]?.[c]);
      if (t !== '' && !STICHTAG.test(t)) zeilen.push(t);
    }
    if (zeilen.length === 0) continue;
    const anzeige = zeilen.join(' / ');
    const { id } = merkmalDerSpalte(zeilen, catalogue);
    if (id === null) {
      if (!ohneMerkmal.includes(anzeige)) ohneMerkmal.push(anzeige);
      continue;
    }
    if (spalten.some((s) => s.merkmal === id)) {
      return { grund: `Die Spalten ${spalten.find((s) => s.merkmal === id)!.kopf} und „${anzeige}“ stehen beide für das Merkmal ${id}; bitte eine Zuordnungsdatei angeben` };
    }
    spalten.push({ spalte: c, merkmal: id, kopf: anzeige });
  }
  if (spalten.length === 0) {
    return { grund: `Keine Spaltenüberschrift in den Kopfzeilen ${kopf + 1}–${kopfEnde + 1} passt zu einem Merkmal des Katalogs (erkannt werden Geschlecht und Altersgruppen wie „Insgesamt“, „weiblich“, „unter 3 Jahre“, „75 Jahre und mehr“); bitte eine Zuordnungsdatei angeben` };
  }
  return { kopf, kopfEnde, gebietsSpalte, namensSpalte, spalten, ohneMerkmal, periode, stichtag };
}
