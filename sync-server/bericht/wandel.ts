/**
 * The map of change (issue 16, "Veränderung in 5 Jahren"): per area the published value of the year
 * minus the published value of the comparison year (shared/format/veraenderung.ts), on a diverging
 * ColorBrewer scale (PuOr from d3-scale-chromatic, purple below 0, orange above: readable for colour-blind readers, no "good/bad"
 * red-green) centred on 0. An area suppressed in either year is hatched ("."), one without a value in
 * either year grey; the legend names the years and the unit (percentage points for shares).
 * Only rows of the published view (/bericht/daten/kennzahl) come in: nothing else is inferable.
 */
import { schemePuOr } from 'd3-scale-chromatic';
import { MapFeature, MapValue, drawMap } from './map';
import { VERGLEICH_JAHRE, einheitDerVeraenderung, vergleichsjahrOf, veraenderungenJeGebiet, veraenderungText, wandelKlasseOf, wandelKlassen } from '../../shared/format/veraenderung';
import type { VeroeffentlichterWert } from '../../shared/format/veraenderung';

/** What a chapter's map shows: the state of the year, or the change since `vergleich`. */
export type Ansicht = { art: 'stand' } | { art: 'veraenderung'; vergleich: string };

/**
 * The switch "Stand" / "Veränderung in 5 Jahren" of a chapter. When the year five back is not
 * released the option names the nearer year it compares with; when no earlier year is released it is
 * disabled and a sentence says why.
 */
export function ansichtWahl(period: string, periods: string[]): { select: HTMLSelectElement; label: HTMLLabelElement; hinweis: HTMLElement[]; ansicht: () => Ansicht } {
  const vergleich = vergleichsjahrOf(period, periods);
  const ideal = String(Number(period) - VERGLEICH_JAHRE);
  const select = document.createElement('select');
  select.className = 'ansicht-wahl';
  const option = (value: string, text: string, disabled = false) => Object.assign(document.createElement('option'), { value, textContent: text, disabled });
  select.append(
    option('stand', `Stand ${period}`),
    option('veraenderung', vergleich === null ? `Veränderung in ${VERGLEICH_JAHRE} Jahren (nicht verfügbar)` : vergleich === ideal ? `Veränderung in ${VERGLEICH_JAHRE} Jahren (${vergleich}–${period})` : `Veränderung ${vergleich}–${period} (${ideal} nicht freigegeben)`, vergleich === null),
  );
  const label = document.createElement('label');
  label.append('Darstellung: ', select);
  const hinweis: HTMLElement[] = [];
  if (vergleich === null) {
    const p = document.createElement('p');
    p.className = 'wandel-hinweis';
    p.textContent = `Eine Karte der Veränderung gibt es für ${period} nicht: zwischen ${ideal} und ${period} ist kein früheres Jahr vom Kreis freigegeben.`;
    hinweis.push(p);
  }
  const ansicht = (): Ansicht => (select.value === 'veraenderung' && vergleich !== null ? { art: 'veraenderung', vergleich } : { art: 'stand' });
  return { select, label, hinweis, ansicht };
}

export interface WandelRow extends VeroeffentlichterWert {
  area: string;
}

export interface WandelKarte {
  title: string;
  einheit: string;
  stellen: number;
  period: string;
  vergleich: string;
  borders?: { className: string; label: string };
}

/** Map values of the change between two years' published rows (every area of either year). */
export function wandelWerte(now: WandelRow[], before: WandelRow[], stellen: number, period: string, vergleich: string): Map<string, MapValue> {
  const out = new Map<string, MapValue>();
  for (const [area, d] of veraenderungenJeGebiet(now, before, stellen, period, vergleich)) {
    if (d.art === 'wert') out.set(area, { value: d.wert });
    else if (d.art === 'gesperrt') out.set(area, { value: null, gesperrt: true, hinweis: `im Jahr ${d.jahre.join(' und ')}` });
    else out.set(area, { value: null, hinweis: `im Jahr ${d.jahre.join(' und ')}` });
  }
  return out;
}

/** Draws the map of change into `host` (replacing what was there). */
export function drawWandelKarte(host: HTMLElement, areas: MapFeature[], borders: MapFeature[], now: WandelRow[], before: WandelRow[], o: WandelKarte): void {
  const values = wandelWerte(now, before, o.stellen, o.period, o.vergleich);
  const numbers = [...values.values()].map((v) => v.value).filter((v): v is number => v !== null);
  const { klassen } = wandelKlassen(numbers, o.stellen);
  const side = Math.max(1, ...klassen.map((k) => k.stufe));
  // 2·side colours, purple below 0, orange from 0 up (PuOr runs from purple to orange); for one class a side the two beside the
  // (near white) middle of four, so that no class looks like "no value"
  const palette = schemePuOr[Math.max(4, 2 * side)]!;
  const offset = Math.floor((palette.length - 2 * side) / 2);
  const colors = klassen.map((k) => palette[offset + (k.seite < 0 ? side - k.stufe : side + k.stufe - 1)]!);
  const einheit = einheitDerVeraenderung(o.einheit);
  const span = Number(o.period) - Number(o.vergleich);
  drawMap(host, areas, borders, values, {
    title: o.title,
    einheit,
    stellen: o.stellen,
    method: 'jenks',
    borders: o.borders,
    scale: {
      colors,
      labels: klassen.map((k) => `${k.label} ${einheit}`),
      classOf: (v) => wandelKlasseOf(v, klassen),
      text: (v) => `${veraenderungText(v, o.stellen)} ${einheit} (${o.period} gegenüber ${o.vergleich})`,
      caption: `Veränderung ${o.vergleich}–${o.period} (Einheit: ${einheit})`,
      note:
        `Veränderung: Wert ${o.period} minus Wert ${o.vergleich} (veröffentlichte Werte, auf ${o.stellen} Nachkommastelle(n) gerundet)` +
        `${span === VERGLEICH_JAHRE ? '' : `; das Jahr ${Number(o.period) - VERGLEICH_JAHRE} ist nicht freigegeben, daher ${span} Jahr(e) zurück`}. ` +
        `Gleich breite Klassen um 0, Farben: ColorBrewer PuOr (lila: gesunken, orange: gestiegen). Schraffiert („.“): in mindestens einem der beiden Jahre gesperrt; grau: in mindestens einem Jahr kein Wert (nicht geliefert oder nicht berechenbar).`,
    },
  });
}
