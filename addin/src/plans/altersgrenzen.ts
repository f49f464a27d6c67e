/**
 * Age bands of an entry template in the clerk's own cuts ("Altersgruppen: eigene Grenzen" in the
 * Merkmal picker), as data: the typed list becomes band ids (`intervallId`: a band equal to one of the
 * catalogue's 14 keeps its id, any other is `bev_alter_<von>_<bis>` / `bev_alter_<von>_plus`), checked
 * with the server's own rules (`altersIdProbleme`: overlapping bands are an error) and its gaps found
 * with `zerlegung` (a gap is no error on the server – the bands then sum to at most the Bevölkerung –
 * so the pane asks before writing). Such bands replace the catalogue's 14 in the template, never stand
 * beside them: one area with both would overlap. Pure, tested without a browser.
 */
import type { Catalogue } from '../../../shared';
import { ALTERSGRUPPEN } from '../../../shared/catalogue/altersgruppen';
import { type Altersintervall, altersIdProbleme, intervallId, intervallText, intervallVonId, zerlegung } from '../../../shared/catalogue/altersintervalle';

/** The choice in the picker: the catalogue's 14 bands (picked like other Merkmale) or typed cuts. */
export type AltersWahl = { art: 'katalog' } | { art: 'eigene'; grenzen: string };

export type EigeneAltersgruppen =
  | {
      ok: true;
      /** band ids in ascending order of age */
      ids: string[];
      /** ages in no band (the pane asks before writing such a template) */
      luecken: Altersintervall[];
    }
  | { ok: false; grund: string };

const BEISPIEL = '„0, 3, 6, 10, 15, 18, 65“, Bereiche wie „18-24“ oder „75+“';

/** one entry of the typed list: a cut (a band begins there), a closed band or an open one */
type Eintrag = { art: 'schnitt'; von: number; text: string } | { art: 'band'; von: number; bis: number | null; text: string };

function eintrag(text: string): Eintrag | null {
  let m = /^(\d{1,3})$/.exec(text);
  if (m) return { art: 'schnitt', von: Number(m[1]), text };
  m = /^(\d{1,3})-(\d{1,3})$/.exec(text);
  if (m) return { art: 'band', von: Number(m[1]), bis: Number(m[2]), text };
  m = /^(\d{1,3})\+$/.exec(text);
  if (m) return { art: 'band', von: Number(m[1]), bis: null, text };
  return null;
}

/**
 * Reads the typed cuts. A number is a cut: its band runs to the age before the next entry, the last
 * one is open ("75 Jahre und älter"): "0, 3, 6" gives 0–2, 3–5, 6 and older. "18-24" (also "18 bis 24",
 * "18–24") is a band of its own, "75+" (also "75 und älter") an open one; so gaps can be typed
 * ("0-17, 65+"). Refused with a plain German reason: an empty list, an entry that is no age, cuts not
 * ascending, ages over 120, a band twice, bands that overlap, a single band for every age (that is the
 * Bevölkerung), or a catalogue without age bands.
 */
export function eigeneAltersgruppen(eingabe: string, catalogue: Catalogue): EigeneAltersgruppen {
  const normal = eingabe
    .replace(/\s*(?:-|–|—|\bbis\b)\s*/g, '-')
    .replace(/\s*(?:\+|\bund\s+(?:älter|mehr)\b)/g, '+');
  const teile = normal.split(/[,;\s]+/).filter(Boolean);
  if (teile.length === 0) return { ok: false, grund: `Bitte Altersgrenzen eingeben, z. B. ${BEISPIEL}.` };
  const eintraege: Eintrag[] = [];
  for (const t of teile) {
    const e = eintrag(t);
    if (!e) return { ok: false, grund: `„${t}“ ist keine Altersgrenze; erwartet werden ganze Jahre wie ${BEISPIEL}.` };
    eintraege.push(e);
  }
  const ids: string[] = [];
  for (let i = 0; i < eintraege.length; i++) {
    const e = eintraege[i]!;
    let bis: number | null;
    if (e.art === 'band') bis = e.bis;
    else {
      const naechste = eintraege[i + 1];
      if (naechste && naechste.von <= e.von) {
        return { ok: false, grund: `Die Altersgrenzen müssen aufsteigend sein: nach „${e.text}“ kommt „${naechste.text}“.` };
      }
      bis = naechste ? naechste.von - 1 : null;
    }
    let id: string;
    try {
      id = intervallId(e.von, bis);
    } catch (err) {
      return { ok: false, grund: `„${e.text}“: ${(err as Error).message}.` };
    }
    if (ids.includes(id)) return { ok: false, grund: `Die Altersgruppe ${intervallText(intervallVonId(id)!)} („${id}“) steht zweimal in der Liste.` };
    ids.push(id);
  }
  // the server's rule decides what is an error: overlapping bands
  const probleme = altersIdProbleme(ids);
  if (probleme.length > 0) return { ok: false, grund: `${probleme.join('. ')}.` };
  const baender = ids.map((id) => ({ id, iv: intervallVonId(id)! })).sort((a, b) => a.iv.von - b.iv.von);
  if (baender.length === 1 && baender[0]!.iv.von === 0 && baender[0]!.iv.bis === Infinity) {
    return { ok: false, grund: 'Eine einzige Altersgruppe für alle Alter ist die Bevölkerung; bitte mindestens eine Grenze dazwischen angeben.' };
  }
  const ohne = baender.find((b) => !catalogue.merkmal(b.id));
  if (ohne) return { ok: false, grund: `Der Katalog ${catalogue.version} hat keine Altersgruppen; „${ohne.id}“ kann nicht erfasst werden.` };
  const ganz = zerlegung({ von: 0, bis: Infinity }, baender);
  return { ok: true, ids: baender.map((b) => b.id), luecken: ganz.ok ? [] : ganz.luecken };
}

/** The gaps in words: „unter 18 Jahre, 25 bis 64 Jahre“. */
export const lueckenText = (luecken: readonly Altersintervall[]): string => luecken.map(intervallText).join(', ');

/**
 * The template's Merkmale from the picker: the chosen ones in the offered order; with own cuts the
 * catalogue's 14 bands are dropped (even if ticked before switching) and the own bands stand where
 * the catalogue's first band would, so the columns keep the catalogue's order around them.
 */
export function vorlagenMerkmale(offered: readonly { id: string }[], selected: ReadonlySet<string>, eigene: readonly string[] | null): string[] {
  if (eigene === null) return offered.filter((m) => selected.has(m.id)).map((m) => m.id);
  const katalog: ReadonlySet<string> = new Set(ALTERSGRUPPEN);
  const out: string[] = [];
  let eingefuegt = false;
  for (const m of offered) {
    if (katalog.has(m.id)) {
      if (!eingefuegt) out.push(...eigene);
      eingefuegt = true;
    } else if (selected.has(m.id)) out.push(m.id);
  }
  return eingefuegt ? out : [...out, ...eigene];
}
