/**
 * The age bands the register counts into: the catalogue's 14 (default) or own cuts (`--altersgrenzen`
 * in the CLI, the cut field of the add-in's Einwohnerdaten pane), e.g. Berlin's planning areas
 * „6, 15, 18, 27, 45, 55, 65“. Cuts are read by the one parser of typed cuts
 * (shared/catalogue/altersgrenzen.ts); the register has two rules of its own:
 *  - every person has an age, so the first band begins at 0 even when the list does not say so
 *    („6, 15“ is unter 6, 6 bis 14, 15 und älter);
 *  - bands that leave ages out are refused: the persons of those ages would be counted in no band, and
 *    the bands of an area would silently sum to less than its Bevölkerung.
 */
import { ALTERSGRUPPEN } from '../catalogue/altersgruppen';
import { altersgrenzenLesen, lueckenText } from '../catalogue/altersgrenzen';
import { altersIdProbleme, intervallVonId, zerlegung } from '../catalogue/altersintervalle';

/** Ages are stored in one byte per person (at most 125, checked when read). */
const ALTER_TABELLE = 256;
/** in the age → band table: an age in no band (never the case for accepted bands) */
export const KEIN_BAND = 255;

export interface Altersbaender {
  /** band ids in ascending order of age (`intervallId` names: catalogue ids where a band is one of the 14) */
  ids: readonly string[];
  /** band index by age in completed years */
  nachAlter: Uint8Array;
}

export type AltersbaenderLesung = { ok: true; ids: string[] } | { ok: false; grund: string };

/** Typed cuts → band ids for the register count, or the German reason they cannot be used. */
export function registerAltersgrenzen(eingabe: string): AltersbaenderLesung {
  const g = altersgrenzenLesen(eingabe, { abNull: true });
  if (!g.ok) return g;
  if (g.luecken.length > 0) return { ok: false, grund: lueckenGrund(lueckenText(g.luecken)) };
  return { ok: true, ids: g.baender.map((b) => b.id) };
}

const lueckenGrund = (luecken: string): string =>
  `Diese Alter stehen in keiner Gruppe: ${luecken}. Gezählt wird jede Person; die Gruppen müssen darum alle Alter abdecken (eine Liste von Grenzen wie „6, 15, 65“ tut das).`;

/**
 * The count table for band ids (default: the catalogue's 14). Throws an Error with a German message for
 * ids that are no age band, overlap, or leave ages out.
 */
export function altersbaender(ids: readonly string[] = ALTERSGRUPPEN): Altersbaender {
  if (ids.length === 0) throw new Error('Keine Altersgruppen angegeben');
  if (ids.length >= KEIN_BAND) throw new Error(`Zu viele Altersgruppen (${ids.length})`);
  const baender = ids.map((id) => {
    const iv = intervallVonId(id);
    if (!iv) throw new Error(`„${id}“ ist keine Altersgruppe (erwartet: eine der 14 des Katalogs oder „bev_alter_<von>_<bis>“ / „bev_alter_<von>_plus“)`);
    return { id, iv };
  });
  const probleme = altersIdProbleme(ids);
  if (probleme.length > 0) throw new Error(probleme.join('. '));
  baender.sort((a, b) => a.iv.von - b.iv.von);
  const ganz = zerlegung({ von: 0, bis: Infinity }, baender);
  if (!ganz.ok) throw new Error(lueckenGrund(lueckenText(ganz.luecken)));
  const nachAlter = new Uint8Array(ALTER_TABELLE).fill(KEIN_BAND);
  baender.forEach((b, i) => {
    for (let age = b.iv.von; age < ALTER_TABELLE && age <= b.iv.bis; age++) nachAlter[age] = i;
  });
  return { ids: baender.map((b) => b.id), nachAlter };
}
