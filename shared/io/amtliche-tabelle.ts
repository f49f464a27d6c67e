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
 * The same data with the second dimension in rows (12411-02-03-4, „Tabellenaufbau“ changed in GENESIS):
 *   data rows                   Stichtag, code, name, the row's label(s), values: „31.12.2015;05954;
 *                               Ennepe-Ruhr-Kreis;unter 3 Jahre;7891;3996;3895“, one row per area × age group
 *   header row                  „Insgesamt“/„männlich“/„weiblich“ over the value columns only
 * A value's Merkmal then comes from its column's header lines and its row's labels together, by the
 * same rules (`merkmalDerKoepfe`), so both layouts of one table give the same rows. Which rows belong
 * together (one area's rows one below the other, each label once, every label) is checked while
 * reading (amtliche-zeilen.ts).
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

/**
 * What a value's header lines say (its column's header rows, and in the row layout its row's labels),
 * and the Merkmal that stands for it if the catalogue has one. Lines that are neither sex nor age (group
 * titles such as „Altersgruppen (unter 3 bis 75 u.m.)“) are ignored; two different age bands or both
 * sexes for one value contradict each other and give no Merkmal rather than a guess.
 */
function merkmalDerKoepfe(zeilen: readonly string[], catalogue: Catalogue): { id: string | null; erkannt: boolean } {
  let geschlecht: Geschlecht = 'insgesamt';
  let band: Altersband | null = null;
  let erkannt = false;
  let widerspruch = false;
  for (const z of zeilen) {
    const k = norm(z);
    const g = GESCHLECHT[k];
    const b = parseAltersband(z);
    if (b) {
      if (band && (band.von !== b.von || band.bis !== b.bis)) widerspruch = true;
      band = b;
      erkannt = true;
    } else if (g) {
      if (g !== 'insgesamt' && geschlecht !== 'insgesamt' && g !== geschlecht) widerspruch = true;
      if (g !== 'insgesamt') geschlecht = g;
      erkannt = true;
    }
  }
  if (!erkannt || widerspruch) return { id: null, erkannt };
  let id: string;
  try {
    if (band === null) id = geschlecht === 'insgesamt' ? 'bevoelkerung' : geschlecht === 'weiblich' ? 'bev_weiblich' : 'bev_maennlich';
    else id = geschlecht === 'insgesamt' ? altersMerkmal(band) : `${altersMerkmal(band)}_${geschlecht}`;
  } catch {
    return { id: null, erkannt }; // an age beyond ALTER_MAX („150 Jahre und mehr“): no interval id
  }
  // catalogue.merkmal also knows age bands in other cuts (bev_alter_30_34), not sex-specific ones
  return { id: catalogue.merkmal(id) ? id : null, erkannt };
}

/** True for a row label the reader knows: an age band, a sex, or „Insgesamt“. */
export function istZeilenMerkmal(t: string): boolean {
  return parseAltersband(t) !== null || GESCHLECHT[norm(t)] !== undefined;
}

/** A code of official statistics in the first columns: DG (Deutschland), Land 05, Kreis 05954, Gemeinde 05954036 … */
const AMTLICHER_CODE = /^(DG|[0-9]{2,12})$/;
const STICHTAG = /(?:^|\b)([0-3][0-9])\.([01][0-9])\.((?:19|20)[0-9]{2})\b/;
const WERT = /^(-?[0-9][0-9. ]*(,[0-9]+)?|[-–—*.x/…]|\.\.\.)$/i;

/** A column read, with the Merkmal it stands for and its header text for messages. */
export interface AmtlicheSpalte {
  spalte: number;
  merkmal: string;
  kopf: string;
}

/**
 * The second dimension in rows (12411-02-03-4): which columns hold a row's labels, and for each
 * combination of labels in the table the columns read in such a row.
 */
export interface ZeilenLayout {
  /** 0-based columns of the row's labels, left to right (12411-02-03-4: D, the age group) */
  merkmalsSpalten: number[];
  /** every combination of labels in the table's order: its key (see `zeilenSchluessel`), its text, its columns */
  beschriftungen: { schluessel: string; anzeige: string; spalten: AmtlicheSpalte[] }[];
}

export interface AmtlichesLayout {
  /** 0-based first and last header row */
  kopf: number;
  kopfEnde: number;
  /** 0-based column of the area code */
  gebietsSpalte: number;
  /** 0-based column of the area name, if any (for messages) */
  namensSpalte: number | null;
  /** the columns read in every row (column layout); empty in the row layout, see `zeilen` */
  spalten: AmtlicheSpalte[];
  /** the second dimension in rows, null for the column layout */
  zeilen: ZeilenLayout | null;
  /** headers (row layout: header / row label) read but without a Merkmal of the catalogue, each once */
  ohneMerkmal: string[];
  /** Berichtsjahr from the Stichtag line or column (31.12.2015 → 2015), null if none */
  periode: string | null;
  /** the reference date as written, for messages */
  stichtag: string | null;
}

/** The key of a row's labels (whitespace and case do not matter), the same for detection and reading. */
export function zeilenSchluessel(beschriftungen: readonly string[]): string {
  return beschriftungen.map(norm).join(' / ');
}

const spaltenAdresse = (c: number, r: number): string => `${c < 26 ? String.fromCharCode(65 + c) : `Spalte ${c + 1}, Zeile `}${r + 1}`;

/**
 * Finds the layout of an official table: the first data row (a code of official statistics in one
 * of the first two columns and a value to its right), the header rows directly above it that have
 * text right of the code/name columns, the Stichtag above them (or, in the row layout, in a column
 * left of the code). Text cells between the name and the first value are the row's labels: then the
 * table has its second dimension in rows. Returns a reason in German when the grid does not look like
 * such a table.
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
  const istText = (v: Zelle | undefined): boolean => text(v) !== '' && !WERT.test(text(v));
  // a label right of the code („05954;unter 3 Jahre;…“) is no name
  const namensSpalte = istText(ersteZeile[gebietsSpalte + 1]) && !istZeilenMerkmal(text(ersteZeile[gebietsSpalte + 1])) ? gebietsSpalte + 1 : null;
  // text cells after the name: the row's labels (a second dimension in rows)
  const merkmalsSpalten: number[] = [];
  for (let c = (namensSpalte ?? gebietsSpalte) + 1; istText(ersteZeile[c]); c++) merkmalsSpalten.push(c);
  const ersteWertSpalte = (namensSpalte ?? gebietsSpalte) + 1 + merkmalsSpalten.length;
  const unbekannt = merkmalsSpalten.find((c) => !istZeilenMerkmal(text(ersteZeile[c])));
  if (unbekannt !== undefined) {
    // a second dimension other than age and sex (e.g. Nationalität): nothing of it could be read
    return {
      grund:
        `Zelle ${spaltenAdresse(unbekannt, daten)}: „${text(ersteZeile[unbekannt])}“ steht als Merkmal in der Zeile (eine Zeile je Gebiet und Ausprägung), ist aber weder Altersgruppe noch Geschlecht. ` +
        'Ohne Zuordnungsdatei werden in den Zeilen nur Altersgruppen („unter 3 Jahre“ … „75 Jahre und mehr“), Geschlecht und „Insgesamt“ gelesen; bitte die Tabelle mit dieser Gliederung in den Spalten abrufen (in GENESIS: Tabellenaufbau ändern)',
    };
  }
  // header rows: the block directly above the data with text in a value column
  let kopf = daten;
  while (kopf > 0 && (grid[kopf - 1] ?? []).slice(ersteWertSpalte).some((v) => text(v) !== '')) kopf--;
  const kopfEnde = daten - 1;
  if (kopf > kopfEnde) return { grund: `Über der ersten Datenzeile ${daten + 1} steht keine Kopfzeile mit Spaltenüberschriften` };

  // the data block: rows with a code, up to the first row without one (the footer)
  const datenZeilen: number[] = [];
  for (let r = daten; r < grid.length && AMTLICHER_CODE.test(text(grid[r]?.[gebietsSpalte])); r++) datenZeilen.push(r);

  let stichtag: string | null = null;
  let periode: string | null = null;
  if (gebietsSpalte > 0) {
    // GENESIS puts the Stichtag in a column of its own when it is a row dimension: one date only, as
    // the import reads one Berichtsjahr
    const daten0 = new Map<string, number>();
    for (const r of datenZeilen) {
      for (let c = 0; c < gebietsSpalte; c++) {
        const m = STICHTAG.exec(text(grid[r]?.[c]));
        if (m && !daten0.has(m[0])) daten0.set(m[0], r);
      }
    }
    if (daten0.size > 1) {
      return {
        grund: `Die Tabelle hat mehrere Stichtage (${[...daten0].map(([d, r]) => `${d} ab Zeile ${r + 1}`).join(', ')}); gelesen wird ein Berichtsjahr je Datei. Bitte je Stichtag eine Tabelle abrufen`,
      };
    }
    const [eins] = [...daten0.keys()];
    if (eins !== undefined) {
      stichtag = eins;
      periode = STICHTAG.exec(eins)![3]!;
    }
  }
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
  const kopfZeilenDer = (c: number): string[] => {
    const zeilen: string[] = [];
    for (let r = kopf; r <= kopfEnde; r++) {
      const t = text(grid[r]?.[c]);
      if (t !== '' && !STICHTAG.test(t)) zeilen.push(t);
    }
    return zeilen;
  };
  const ohneMerkmal: string[] = [];
  /** the columns read under the given row labels (none in the column layout), or the reason to refuse */
  const spaltenUnter = (beschriftung: readonly string[]): AmtlicheSpalte[] | { grund: string } => {
    const spalten: AmtlicheSpalte[] = [];
    for (let c = ersteWertSpalte; c < breite; c++) {
      const zeilen = kopfZeilenDer(c);
      if (zeilen.length === 0) continue;
      const anzeige = [...zeilen, ...beschriftung].join(' / ');
      const { id } = merkmalDerKoepfe([...zeilen, ...beschriftung], catalogue);
      if (id === null) {
        if (!ohneMerkmal.includes(anzeige)) ohneMerkmal.push(anzeige);
        continue;
      }
      const frueher = spalten.find((s) => s.merkmal === id);
      if (frueher && beschriftung.length > 0) {
        // a mapping file cannot help here (it maps columns, not rows)
        return { grund: `Die Spalten „${kopfZeilenDer(frueher.spalte).join(' / ')}“ und „${zeilen.join(' / ')}“ stehen in den Zeilen „${beschriftung.join(' / ')}“ beide für das Merkmal ${id}; bitte die Tabelle nur mit einer davon abrufen` };
      }
      if (frueher) return { grund: `Die Spalten ${frueher.kopf} und „${anzeige}“ stehen beide für das Merkmal ${id}; bitte eine Zuordnungsdatei angeben` };
      spalten.push({ spalte: c, merkmal: id, kopf: anzeige });
    }
    return spalten;
  };

  if (merkmalsSpalten.length === 0) {
    const spalten = spaltenUnter([]);
    if ('grund' in spalten) return spalten;
    if (spalten.length === 0) {
      return { grund: `Keine Spaltenüberschrift in den Kopfzeilen ${kopf + 1}–${kopfEnde + 1} passt zu einem Merkmal des Katalogs (erkannt werden Geschlecht und Altersgruppen wie „Insgesamt“, „weiblich“, „unter 3 Jahre“, „75 Jahre und mehr“); bitte eine Zuordnungsdatei angeben` };
    }
    return { kopf, kopfEnde, gebietsSpalte, namensSpalte, spalten, zeilen: null, ohneMerkmal, periode, stichtag };
  }

  // Row layout: every combination of known labels in the data block; a row with an unknown or empty
  // label is the reader's to report with its cell.
  const beschriftungen: ZeilenLayout['beschriftungen'] = [];
  const gesehen = new Map<string, string>(); // Merkmal → the value that gave it first, to refuse a second
  for (const r of datenZeilen) {
    const labels = merkmalsSpalten.map((c) => text(grid[r]?.[c]));
    if (!labels.every((l) => l !== '' && istZeilenMerkmal(l))) continue;
    const schluessel = zeilenSchluessel(labels);
    if (beschriftungen.some((b) => b.schluessel === schluessel)) continue;
    const spalten = spaltenUnter(labels);
    if ('grund' in spalten) return spalten;
    for (const s of spalten) {
      const frueher = gesehen.get(s.merkmal);
      if (frueher !== undefined) {
        return { grund: `Zeile ${r + 1}: „${s.kopf}“ steht für dasselbe Merkmal ${s.merkmal} wie „${frueher}“ (zwei Beschriftungen für dieselbe Altersgruppe?); bitte die Tabelle mit einheitlichen Zeilen abrufen` };
      }
      gesehen.set(s.merkmal, s.kopf);
    }
    beschriftungen.push({ schluessel, anzeige: labels.join(' / '), spalten });
  }
  if (gesehen.size === 0) {
    return { grund: `Keine Spaltenüberschrift in ${kopf < kopfEnde ? `den Kopfzeilen ${kopf + 1}–${kopfEnde + 1}` : `der Kopfzeile ${kopf + 1}`} passt zusammen mit den Beschriftungen der Zeilen (Spalte ${merkmalsSpalten.map((c) => spaltenAdresse(c, daten).replace(/[0-9]+$/, '')).join(', ')}) zu einem Merkmal des Katalogs (erkannt werden „Insgesamt“, „weiblich“ und Altersgruppen)` };
  }
  return { kopf, kopfEnde, gebietsSpalte, namensSpalte, spalten: [], zeilen: { merkmalsSpalten, beschriftungen }, ohneMerkmal, periode, stichtag };
}
