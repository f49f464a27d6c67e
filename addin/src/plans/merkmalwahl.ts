/**
 * The Merkmal picker of an entry template, as data: the Merkmale matching a search, grouped by
 * Handlungsfeld in the catalogue's order, and the age bands that can be chosen at once ("alle 14
 * Altersgruppen"). Pure, so the grouping is tested without a browser.
 */
import type { Merkmal } from '../../../shared';
import { ALTERSGRUPPEN } from '../../../shared/catalogue/altersgruppen';
import { HANDLUNGSFELDER } from '../../../shared/types';

export interface MerkmalGruppe {
  feld: string;
  merkmale: Merkmal[];
}

/** Lower case without accents: "Bevölkerung" is found by "bevolkerung" (and by its id "bevoelkerung"). */
const plain = (s: string): string => s.toLocaleLowerCase('de-DE').replace(/ß/g, 'ss').normalize('NFD').replace(/[\u0300-\u036f]/g, '');

/** Does a Merkmal match the search (every word in its name, id or Handlungsfeld)? An empty search matches all. */
export function merkmalPasst(m: Merkmal, suche: string): boolean {
  const words = plain(suche).split(/\s+/).filter(Boolean);
  const text = plain(`${m.name} ${m.id} ${m.handlungsfeld}`);
  return words.every((w) => text.includes(w));
}

/** The Merkmale matching the search, by Handlungsfeld (the catalogue's order of fields), empty groups left out. */
export function merkmalGruppen(available: readonly Merkmal[], suche: string): MerkmalGruppe[] {
  const hits = available.filter((m) => merkmalPasst(m, suche));
  const felder = [...HANDLUNGSFELDER, ...new Set(hits.map((m) => m.handlungsfeld).filter((f) => !(HANDLUNGSFELDER as readonly string[]).includes(f)))];
  return felder.map((feld) => ({ feld, merkmale: hits.filter((m) => m.handlungsfeld === feld) })).filter((g) => g.merkmale.length > 0);
}

/** The age bands among the available Merkmale, in ascending order: chosen together with one button. */
export function altersgruppenIn(available: readonly Merkmal[]): string[] {
  const ids = new Set(available.map((m) => m.id));
  return ALTERSGRUPPEN.filter((a) => ids.has(a));
}
