/**
 * Age bands of an entry template in the clerk's own cuts ("Altersgruppen: eigene Grenzen" in the
 * Merkmal picker), as data: the typed list becomes band ids with the shared parser
 * (shared/catalogue/altersgrenzen.ts: `intervallId` names, the server's overlap rule, gaps found; a gap
 * is no error on the server – the bands then sum to at most the Bevölkerung – so the pane asks before
 * writing). Such bands replace the catalogue's 14 in the template, never stand
 * beside them: one area with both would overlap. Pure, tested without a browser.
 */
import type { Catalogue } from '../../../shared';
import { ALTERSGRUPPEN } from '../../../shared/catalogue/altersgruppen';
import { altersgrenzenLesen, lueckenText } from '../../../shared/catalogue/altersgrenzen';
import type { Altersintervall } from '../../../shared/catalogue/altersintervalle';

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

/**
 * Reads the typed cuts with the shared parser (shared/catalogue/altersgrenzen.ts: what a cut, a band
 * and a gap are, and what is refused) and checks that the catalogue has age bands at all.
 */
export function eigeneAltersgruppen(eingabe: string, catalogue: Catalogue): EigeneAltersgruppen {
  const g = altersgrenzenLesen(eingabe);
  if (!g.ok) return g;
  const ohne = g.baender.find((b) => !catalogue.merkmal(b.id));
  if (ohne) return { ok: false, grund: `Der Katalog ${catalogue.version} hat keine Altersgruppen; „${ohne.id}“ kann nicht erfasst werden.` };
  return { ok: true, ids: g.baender.map((b) => b.id), luecken: g.luecken };
}

/** The gaps in words (shared, re-exported for the panes). */
export { lueckenText };

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
