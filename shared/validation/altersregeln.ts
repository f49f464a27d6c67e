/**
 * Checks of a delivery's age bands in other cuts than the catalogue's (shared/catalogue/
 * altersintervalle.ts), in the form the validation already knows:
 *  - bands of one area must not overlap (found here, reported by validate.ts);
 *  - the catalogue's rule `altersgruppen_summe` (bevoelkerung = Σ 14 bands) holds for any set of bands
 *    too: a set that covers every age sums to the Bevölkerung, any other set at most to it. These are
 *    built as rules of the catalogue's kind, so that they are checked, counted up the area tree and
 *    worded exactly like the catalogue's own;
 *  - bands of different cuts in one area agree where both can be cut alike: a Kreis' own bands from
 *    IT.NRW (0–2, 3–5, 6–9, 10–14, 15–17, 18–19, 20–24, 25–29, 30–34, …) against the catalogue's bands
 *    summed from its Stadtteile, over every age range both sets have cuts at (30–44 from 30–34,
 *    35–39, 40–44): one `summe` rule per such range, checked where both sides are known.
 */
import { ALTERSGRUPPEN } from '../catalogue/altersgruppen';
import { altersIdProbleme, intervallText, intervallVonId, zerlegung } from '../catalogue/altersintervalle';
import { Beziehung, Catalogue } from '../catalogue/catalogue';

interface Zeile {
  area: string;
  variable: string;
  row: number;
}

const KATALOG: ReadonlySet<string> = new Set(ALTERSGRUPPEN);

/** The age band rows of a delivery per area, for the areas that use a band beyond the catalogue's. */
function baenderJeGebiet(rows: readonly Zeile[]): Map<string, Zeile[]> {
  const jeGebiet = new Map<string, Zeile[]>();
  for (const r of rows) {
    if (!intervallVonId(r.variable)) continue;
    const list = jeGebiet.get(r.area);
    if (list) list.push(r);
    else jeGebiet.set(r.area, [r]);
  }
  for (const [area, list] of jeGebiet) if (list.every((r) => KATALOG.has(r.variable))) jeGebiet.delete(area);
  return jeGebiet;
}

/**
 * Each pair of overlapping bands of one area: within the delivery reported on the later row, naming
 * the earlier (`mit`); a delivered band overlapping a band already stored for the area (`gespeichert`:
 * its stored age band ids) reported on the delivered row. A delivery's values join the stored ones
 * cell by cell, so the stored bands count as much as the delivered ones.
 */
export function altersUeberschneidungen(
  rows: readonly Zeile[],
  gespeichert: (area: string) => readonly string[] = () => [],
): { row: number; area: string; variable: string; mit?: number; detail: string }[] {
  const out: { row: number; area: string; variable: string; mit?: number; detail: string }[] = [];
  const jeGebiet = new Map<string, Zeile[]>();
  for (const r of rows) if (intervallVonId(r.variable)) jeGebiet.set(r.area, [...(jeGebiet.get(r.area) ?? []), r]);
  for (const [area, list] of jeGebiet) {
    for (let j = 1; j < list.length; j++) {
      for (let i = 0; i < j; i++) {
        const [problem] = altersIdProbleme([list[i]!.variable, list[j]!.variable]);
        if (problem) out.push({ row: list[j]!.row, area, variable: list[j]!.variable, mit: list[i]!.row, detail: problem });
      }
    }
    const geliefert = new Set(list.map((r) => r.variable));
    const alt = gespeichert(area).filter((id) => !geliefert.has(id));
    for (const r of list) {
      for (const id of alt) {
        const [problem] = altersIdProbleme([id, r.variable]);
        if (problem) {
          out.push({ row: r.row, area, variable: r.variable, detail: `${problem}; „${id}“ ist für dieses Gebiet schon gespeichert` });
        }
      }
    }
  }
  return out;
}

/**
 * The sum rules for the sets of bands in a delivery: one rule per distinct set (all areas that use the
 * same cuts share it). None while the catalogue has no `bevoelkerung` or no rule `altersgruppen_summe`
 * (a catalogue that does not tie its bands to the population does not want it for other cuts either).
 */
export function altersRegeln(catalogue: Catalogue, rows: readonly Zeile[]): Beziehung[] {
  const vorbild = catalogue.beziehungen.find((b) => b.id === 'altersgruppen_summe');
  if (!vorbild || !catalogue.merkmale.has('bevoelkerung')) return [];
  const saetze = new Map<string, string[]>();
  for (const list of baenderJeGebiet(rows).values()) {
    const ids = [...new Set(list.map((r) => r.variable))].sort((a, b) => intervallVonId(a)!.von - intervallVonId(b)!.von);
    if (altersIdProbleme(ids).length > 0) continue; // refused anyway; a sum over overlapping bands says nothing
    saetze.set(ids.join('+'), ids);
  }
  return [...saetze.values()].flatMap((ids, n) => [summenRegel(ids, n, vorbild), ...schnittRegeln(ids, n)]);
}

/** Σ bands = bevoelkerung for a set that covers every age, Σ bands <= bevoelkerung otherwise. */
function summenRegel(ids: string[], n: number, vorbild: Beziehung): Beziehung {
  const baender = ids.map((id) => ({ id, iv: intervallVonId(id)! }));
  const vollstaendig = zerlegung({ von: 0, bis: Infinity }, baender).ok;
  const summe = { terms: ids.map((merkmal) => ({ merkmal, offset: 0, coefficient: 1 })), constant: 0 };
  const bevoelkerung = { terms: [{ merkmal: 'bevoelkerung', offset: 0, coefficient: 1 }], constant: 0 };
  const gruppen = baender.map((b) => intervallText(b.iv)).join(', ');
  return vollstaendig
    ? {
        id: `altersgruppen_summe_lieferung_${n + 1}`,
        art: 'summe' as const,
        links: 'bevoelkerung',
        rechts: ids.join(' + '),
        schwere: vorbild.schwere,
        beschreibung: `Die gelieferten Altersgruppen (${gruppen}) ergeben zusammen genau die Bevölkerung.`,
        linksLinear: bevoelkerung,
        rechtsLinear: summe,
      }
    : {
        id: `altersgruppen_teil_lieferung_${n + 1}`,
        art: 'hoechstens' as const,
        links: ids.join(' + '),
        rechts: 'bevoelkerung',
        schwere: vorbild.schwere,
        beschreibung: `Die gelieferten Altersgruppen (${gruppen}) ergeben zusammen höchstens die Bevölkerung.`,
        linksLinear: summe,
        rechtsLinear: bevoelkerung,
      };
}

/**
 * The delivered set against the catalogue's 14 bands: for each age range between two cuts both have
 * (and that is not the same single band on both sides), Σ delivered bands = Σ catalogue bands. A
 * warning, like UNTERGEBIETE_SUMME_ABWEICHEND: overlapping bands of one area are refused, so the two
 * sides meet only across levels (the Kreis' own bands against those summed from its Städte), and
 * there they often come from different sources (IT.NRW's Fortschreibung, the register) that differ
 * a little by right.
 */
function schnittRegeln(ids: string[], n: number): Beziehung[] {
  const ende = (bis: number): number => (bis === Infinity ? Infinity : bis + 1);
  const eigene = ids.map((id) => ({ id, iv: intervallVonId(id)! }));
  const katalog = ALTERSGRUPPEN.map((id) => ({ id: id as string, iv: intervallVonId(id)! }));
  const schnitte = (b: { iv: { von: number; bis: number } }[]) => new Set(b.flatMap((x) => [x.iv.von, ende(x.iv.bis)]));
  const beide = [...schnitte(eigene)].filter((c) => schnitte(katalog).has(c)).sort((a, b) => a - b);
  const regeln: Beziehung[] = [];
  for (let i = 0; i + 1 < beide.length; i++) {
    const iv = { von: beide[i]!, bis: beide[i + 1]! === Infinity ? Infinity : beide[i + 1]! - 1 };
    const a = zerlegung(iv, eigene);
    const b = zerlegung(iv, katalog);
    if (!a.ok || !b.ok || (a.baender.length === 1 && b.baender.length === 1 && a.baender[0] === b.baender[0])) continue;
    const linear = (list: string[]) => ({ terms: list.map((merkmal) => ({ merkmal, offset: 0, coefficient: 1 })), constant: 0 });
    regeln.push({
      id: `altersgruppen_schnitte_lieferung_${n + 1}_${iv.von}`,
      art: 'summe',
      links: a.baender.join(' + '),
      rechts: b.baender.join(' + '),
      schwere: 'warnung',
      beschreibung: `Die Bevölkerung ${intervallText(iv)} ist in den gelieferten Altersgruppen dieselbe wie in den Altersgruppen des Katalogs (etwa aus den Teilgebieten zusammengezählt).`,
      linksLinear: linear(a.baender),
      rechtsLinear: linear(b.baender),
    });
  }
  return regeln;
}
