/**
 * Age bands as intervals of completed years.
 *
 * Sources cut ages differently (the register in the catalogue's 14 bands, IT.NRW in 17, Berlin's
 * planning areas in 8), so an age band is read as an interval, not as a fixed list entry:
 *  - the catalogue's 14 bands keep their ids (`bev_0_2` … `bev_80_plus`, see altersgruppen.ts): they
 *    are the contract;
 *  - any other band is named `bev_alter_<von>_<bis>` (both inclusive) or `bev_alter_<von>_plus`.
 * A delivery may use any set of bands that do not overlap. A sum over ages (u18, a20_64, …) is taken
 * from the bands wherever the needed cuts exist, and never from bands forced to fit: "unter 20" from
 * bands cut at 18 and 27 is not a number but a missing cut at 20.
 *
 * Pure functions only; the engine (shared/indicators/engine.ts) and the server's check of Merkmal
 * ids use them.
 */
import { ALTERSGRUPPEN, Altersgruppe, altersbereich } from './altersgruppen';

/** Ages in completed years, both ends inclusive; `bis` Infinity for "… und älter". */
export interface Altersintervall {
  von: number;
  bis: number;
}

/** Highest age an interval id may name (a larger number is a typing error, not an age). */
export const ALTER_MAX = 120;

const INTERVALL_ID = /^bev_alter_(\d{1,3})_(\d{1,3}|plus)$/;
const KATALOG_IDS: ReadonlySet<string> = new Set(ALTERSGRUPPEN);

/** The catalogue band with exactly this interval, if there is one. */
function katalogBand(iv: Altersintervall): Altersgruppe | undefined {
  return ALTERSGRUPPEN.find((id) => {
    const b = altersbereich(id);
    return b.von === iv.von && b.bis === iv.bis;
  });
}

/**
 * The id of an age band for the import of a table: the catalogue's id where one of its 14 bands has
 * exactly these ages, `bev_alter_<von>_<bis>` otherwise. `bis` inclusive, null for "und älter"
 * ("unter 3 Jahre" is (0, 2), "75 Jahre und mehr" is (75, null)).
 */
export function intervallId(von: number, bis: number | null): string {
  if (!Number.isInteger(von) || von < 0 || von > ALTER_MAX || (bis !== null && (!Number.isInteger(bis) || bis < von || bis > ALTER_MAX))) {
    throw new RangeError(`Kein gültiger Altersbereich: ${von} bis ${bis ?? 'und älter'} (ganze Jahre von 0 bis ${ALTER_MAX}, „von“ nicht über „bis“)`);
  }
  const iv = { von, bis: bis ?? Infinity };
  return katalogBand(iv) ?? `bev_alter_${von}_${bis === null ? 'plus' : bis}`;
}

/** True for the ids of age bands: the catalogue's 14 and every `bev_alter_…` form (even ill-formed). */
export function istAltersId(id: string): boolean {
  return KATALOG_IDS.has(id) || id.startsWith('bev_alter_');
}

/** The interval of an age band id, or undefined if the id is no (well-formed) age band. */
export function intervallVonId(id: string): Altersintervall | undefined {
  if (KATALOG_IDS.has(id)) return altersbereich(id as Altersgruppe);
  const m = INTERVALL_ID.exec(id);
  if (!m) return undefined;
  const von = Number(m[1]);
  const bis = m[2] === 'plus' ? Infinity : Number(m[2]);
  if (von > ALTER_MAX || bis < von || (bis !== Infinity && bis > ALTER_MAX)) return undefined;
  return { von, bis };
}

/** An interval in words: „unter 18 Jahre“, „20 bis 64 Jahre“, „65 Jahre und älter“, „alle Alter“. */
export function intervallText(iv: Altersintervall): string {
  if (iv.von === 0 && iv.bis === Infinity) return 'alle Alter';
  if (iv.bis === Infinity) return `${iv.von} Jahre und älter`;
  if (iv.von === 0) return `unter ${iv.bis + 1} Jahre`;
  if (iv.von === iv.bis) return `${iv.von} Jahre`;
  return `${iv.von} bis ${iv.bis} Jahre`;
}

const ueberschneiden = (a: Altersintervall, b: Altersintervall): boolean => a.von <= b.bis && b.von <= a.bis;

/**
 * Problems of the age band ids of one delivery for one area, in German: ids that look like an age
 * band but are ill-formed, `bev_alter_…` ids the catalogue has under its own id, and bands that
 * overlap (a person would be counted twice). Empty: the set is usable.
 */
export function altersIdProbleme(ids: Iterable<string>): string[] {
  const problems: string[] = [];
  const gueltig: { id: string; iv: Altersintervall }[] = [];
  for (const id of new Set(ids)) {
    if (!istAltersId(id)) continue;
    const iv = intervallVonId(id);
    if (!iv) {
      problems.push(
        `„${id}“ ist keine gültige Altersgruppe; erwartet wird „bev_alter_<von>_<bis>“ (Alter in vollendeten Jahren, beide einschließlich, bis ${ALTER_MAX}) oder „bev_alter_<von>_plus“, z. B. „bev_alter_18_26“ oder „bev_alter_65_plus“`,
      );
      continue;
    }
    const katalog = KATALOG_IDS.has(id) ? undefined : katalogBand(iv);
    if (katalog) {
      problems.push(`„${id}“ (${intervallText(iv)}) heißt im Katalog „${katalog}“; bitte diese Kennung verwenden`);
      continue;
    }
    gueltig.push({ id, iv });
  }
  gueltig.sort((a, b) => a.iv.von - b.iv.von || a.iv.bis - b.iv.bis);
  for (let i = 0; i < gueltig.length; i++) {
    for (let j = i + 1; j < gueltig.length && gueltig[j]!.iv.von <= gueltig[i]!.iv.bis; j++) {
      const a = gueltig[i]!;
      const b = gueltig[j]!;
      if (ueberschneiden(a.iv, b.iv)) {
        problems.push(
          `Die Altersgruppen „${a.id}“ (${intervallText(a.iv)}) und „${b.id}“ (${intervallText(b.iv)}) überschneiden sich; in einer Lieferung für ein Gebiet darf jedes Alter nur in einer Gruppe stehen`,
        );
      }
    }
  }
  return problems;
}

/** The answer of `zerlegung`: the bands that make up the interval, or the cuts that are missing. */
export type Zerlegung =
  | { ok: true; baender: string[] }
  | {
      ok: false;
      /** ages at which a band would have to begin (or end + 1) for the interval to be built */
      fehlendeSchnitte: number[];
      /** parts of the interval no band covers (when the cuts exist but ages are not delivered) */
      luecken: Altersintervall[];
    };

/**
 * Can the interval `ziel` be built from these bands, and if not, which cuts are missing? `baender`
 * are the bands that have a value (id → interval); they may overlap (an area may have the register's
 * bands summed from its Stadtteile and the Kreis' own bands from IT.NRW), and the answer uses bands
 * that do not overlap each other, in the order given where there is a choice (so the caller puts the
 * catalogue's bands first). A cut is an age where one band ends and the next begins; age 0 and the
 * open end need none.
 */
export function zerlegung(ziel: Altersintervall, baender: readonly { id: string; iv: Altersintervall }[]): Zerlegung {
  const ende = (iv: Altersintervall): number => (iv.bis === Infinity ? Infinity : iv.bis + 1);
  const zielEnde = ende(ziel);
  // Breadth-first over cut points from ziel.von to the end: each band inside the interval is an edge.
  const innen = baender.filter((b) => b.iv.von >= ziel.von && ende(b.iv) <= zielEnde);
  const weg = new Map<number, { id: string; von: number } | null>([[ziel.von, null]]);
  const offen = [ziel.von];
  while (offen.length > 0 && !weg.has(zielEnde)) {
    const punkt = offen.shift()!;
    for (const b of innen) {
      const e = ende(b.iv);
      if (b.iv.von === punkt && !weg.has(e)) {
        weg.set(e, { id: b.id, von: punkt });
        offen.push(e);
      }
    }
  }
  if (weg.has(zielEnde)) {
    const ids: string[] = [];
    for (let p = zielEnde, step = weg.get(p); step; p = step.von, step = weg.get(p)) ids.unshift(step.id);
    return { ok: true, baender: ids };
  }
  const schnitte = new Set<number>([0, Infinity]);
  for (const b of baender) {
    schnitte.add(b.iv.von);
    schnitte.add(ende(b.iv));
  }
  const fehlendeSchnitte = [ziel.von, zielEnde].filter((s) => !schnitte.has(s));
  // Ages of the interval in no band at all: delivered bands cover them nowhere, whatever the cuts.
  const luecken: Altersintervall[] = [];
  const abdeckung = baender
    .map((b) => b.iv)
    .filter((iv) => ueberschneiden(iv, ziel))
    .sort((a, b) => a.von - b.von);
  let frei = ziel.von;
  for (const iv of abdeckung) {
    if (iv.von > frei) luecken.push({ von: frei, bis: iv.von - 1 });
    frei = Math.max(frei, ende(iv));
  }
  if (frei < zielEnde) luecken.push({ von: frei, bis: ziel.bis });
  return { ok: false, fehlendeSchnitte, luecken };
}

/**
 * The age terms of a sum grouped into intervals: terms with the same period offset and coefficient
 * whose bands adjoin are one interval (u18 = bev_0_2 + … + bev_15_17 is 0 to 17). Terms whose id is
 * no age band are returned as `rest`.
 */
export function altersTerme<T extends { merkmal: string; offset: number; coefficient: number }>(
  terms: readonly T[],
): { intervalle: { offset: number; coefficient: number; iv: Altersintervall; terme: T[] }[]; rest: T[] } {
  const rest: T[] = [];
  const gruppen = new Map<string, { t: T; iv: Altersintervall }[]>();
  for (const t of terms) {
    const iv = intervallVonId(t.merkmal);
    if (!iv) {
      rest.push(t);
      continue;
    }
    const key = `${t.offset}|${t.coefficient}`;
    gruppen.set(key, [...(gruppen.get(key) ?? []), { t, iv }]);
  }
  const intervalle: { offset: number; coefficient: number; iv: Altersintervall; terme: T[] }[] = [];
  for (const g of gruppen.values()) {
    g.sort((a, b) => a.iv.von - b.iv.von);
    for (const { t, iv } of g) {
      const last = intervalle[intervalle.length - 1];
      if (last && last.offset === t.offset && last.coefficient === t.coefficient && last.iv.bis + 1 === iv.von) {
        last.iv = { von: last.iv.von, bis: iv.bis };
        last.terme.push(t);
      } else {
        intervalle.push({ offset: t.offset, coefficient: t.coefficient, iv: { ...iv }, terme: [t] });
      }
    }
  }
  return { intervalle, rest };
}
