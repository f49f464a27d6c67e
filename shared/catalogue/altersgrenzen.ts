/**
 * Age cuts typed by a person („0, 6, 15, 18, 27, 45, 55, 65“, „18-24“, „75+“) → age bands named with
 * `intervallId`. The one parser of typed cuts: the add-in's entry templates (addin/src/plans/
 * altersgrenzen.ts, which adds the catalogue check) and the register count (CLI `--altersgrenzen`, the
 * add-in's Einwohnerdaten pane, shared/register/altersbaender.ts) both read cuts here. Pure.
 */
import { type Altersintervall, altersIdProbleme, intervallId, intervallText, intervallVonId, zerlegung } from './altersintervalle';

export type GelesenesAltersband = { id: string; iv: Altersintervall };

export type AltersgrenzenLesung =
  | {
      ok: true;
      /** the bands in ascending order of age */
      baender: GelesenesAltersband[];
      /** ages in no band */
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
 * Reads typed cuts. A number is a cut: its band runs to the age before the next entry, the last one is
 * open ("75 Jahre und älter"): "0, 3, 6" gives 0–2, 3–5, 6 and older. "18-24" (also "18 bis 24",
 * "18–24") is a band of its own, "75+" (also "75 und älter") an open one; so gaps can be typed
 * ("0-17, 65+"). With `abNull` a list that begins with a cut above 0 gets a first band from 0 ("6, 15"
 * is unter 6, 6–14, 15 and older) – for a count of persons, who all have an age; without it such a list
 * leaves the ages below its first cut out (a gap). Refused with a plain German reason: an empty list,
 * an entry that is no age, cuts not ascending, ages over 120, a band twice, bands that overlap (the
 * server's rule, `altersIdProbleme`), or a single band for every age (that is the Bevölkerung).
 */
export function altersgrenzenLesen(eingabe: string, optionen: { abNull?: boolean } = {}): AltersgrenzenLesung {
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
  const erster = eintraege[0]!;
  if (optionen.abNull && erster.art === 'schnitt' && erster.von > 0) eintraege.unshift({ art: 'schnitt', von: 0, text: '0' });
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
  const ganz = zerlegung({ von: 0, bis: Infinity }, baender);
  return { ok: true, baender, luecken: ganz.ok ? [] : ganz.luecken };
}

/** The gaps in words: „unter 18 Jahre, 25 bis 64 Jahre“. */
export const lueckenText = (luecken: readonly Altersintervall[]): string => luecken.map(intervallText).join(', ');
