/**
 * The change of a Kennzahl over five years, as the report shows it (map of change on screen, area
 * profiles): which earlier year is compared, the change of one area from its two published rows, and
 * the classes of a diverging map centred on 0. Pure TypeScript (runs in the browser too), so screen
 * and server compute it in one place.
 *
 * The change is the difference of the two PUBLISHED values (value of the year minus value of the
 * comparison year), rounded to the Kennzahl's decimals – not recomputed from counts: readers get
 * exactly what the two published values give, nothing more (a suppressed year stays ".").
 */
import { shiftPeriod } from '../types';
import { gerundet, zahl } from './zahlen';

/** How far back the change is measured (years), if that year is released. */
export const VERGLEICH_JAHRE = 5;

/**
 * The comparison year: exactly VERGLEICH_JAHRE back when that year is released, else the earliest
 * released year in between (the page names the year, so a shorter span is never hidden); null when
 * no year before `period` within the span is released.
 */
export function vergleichsjahrOf(period: string, periods: string[]): string | null {
  const ideal = shiftPeriod(period, -VERGLEICH_JAHRE);
  if (periods.includes(ideal)) return ideal;
  const before = periods.filter((p) => p < period && p > ideal).sort();
  return before[0] ?? null;
}

/** Unit of a change: percentage points for shares (%), else the Kennzahl's own unit. */
export function einheitDerVeraenderung(einheit: string): string {
  return einheit === '%' ? 'Prozentpunkte' : einheit;
}

/** A published row as the reader gets it (status "gesperrt": suppressed; value null otherwise: no value). */
export interface VeroeffentlichterWert {
  value: number | null;
  status: string;
  reason?: string;
}

/**
 * The change of one area: a number only when both years are published; `gesperrt` when either year is
 * suppressed (it would otherwise give the suppressed value away together with the other year); `kein`
 * when either has no value (not delivered, not computable). `jahre` names the year(s) concerned.
 */
export type Veraenderung = { art: 'wert'; wert: number } | { art: 'gesperrt'; jahre: string[] } | { art: 'kein'; jahre: string[] };

export function veraenderungOf(now: VeroeffentlichterWert | undefined, before: VeroeffentlichterWert | undefined, stellen: number, period: string, vergleich: string): Veraenderung {
  const gesperrt = [now?.status === 'gesperrt' ? period : '', before?.status === 'gesperrt' ? vergleich : ''].filter(Boolean).sort();
  if (gesperrt.length) return { art: 'gesperrt', jahre: gesperrt };
  const fehlt = [typeof now?.value !== 'number' ? period : '', typeof before?.value !== 'number' ? vergleich : ''].filter(Boolean).sort();
  if (fehlt.length) return { art: 'kein', jahre: fehlt };
  // rounded as printed, so that the number shown and its class in the map agree
  const d = gerundet(now!.value! - before!.value!, stellen);
  return { art: 'wert', wert: d === 0 ? 0 : d };
}

/** The change of every area in either year's rows (rows carry their `area`). */
export function veraenderungenJeGebiet(now: (VeroeffentlichterWert & { area: string })[], before: (VeroeffentlichterWert & { area: string })[], stellen: number, period: string, vergleich: string): Map<string, Veraenderung> {
  const a = new Map(now.map((r) => [r.area, r]));
  const b = new Map(before.map((r) => [r.area, r]));
  return new Map([...new Set([...a.keys(), ...b.keys()])].map((area) => [area, veraenderungOf(a.get(area), b.get(area), stellen, period, vergleich)]));
}

/** "+1,5", "-0,3", "0,0": a change with its sign (zero has none). */
export function veraenderungText(d: number, stellen: number): string {
  const s = zahl(d, stellen);
  return /[1-9]/.test(s) && d > 0 ? `+${s}` : s;
}

/** One class of a diverging map: lo <= value < hi. `seite` -1 below 0, +1 from 0 up; `stufe` 1 next to 0. */
export interface WandelKlasse {
  lo: number;
  hi: number;
  seite: -1 | 1;
  stufe: number;
  label: string;
}

const NICE = [1, 2, 2.5, 5];
/** Smallest "nice" step (1, 2, 2.5, 5 × 10^k) at least `x` and at least one unit of the last decimal. */
function niceStep(x: number, stellen: number): number {
  const min = 10 ** -stellen;
  if (!(x > min)) return min;
  const e = Math.floor(Math.log10(x));
  for (const k of [e, e + 1]) for (const m of NICE) if (m * 10 ** k >= x - 1e-12) return Number((m * 10 ** k).toPrecision(12));
  return 10 ** (e + 1);
}
const decimalsOf = (x: number) => {
  const s = String(x);
  return s.includes('.') ? s.length - s.indexOf('.') - 1 : 0;
};

/**
 * Classes of equal width `step` on both sides of 0, without overlap ("-2,5 bis unter 0", "0 bis unter
 * 2,5"): at most `jeSeite` per side, covering every value; 0 itself (no change) falls into "0 bis unter …".
 * Labels carry the decimals of the Kennzahl, more if the step needs them (2,5 for a Kennzahl without).
 */
export function wandelKlassen(values: number[], stellen: number, jeSeite = 3): { step: number; klassen: WandelKlasse[] } {
  if (values.length === 0) return { step: 0, klassen: [] };
  const min = Math.min(...values);
  const max = Math.max(...values);
  const step = niceStep(Math.max(Math.abs(min), Math.abs(max)) / jeSeite, stellen);
  const dec = Math.max(stellen, decimalsOf(step));
  const at = (j: number) => Number((j * step).toPrecision(12));
  const neg = min < 0 ? Math.ceil(-min / step - 1e-9) : 0;
  const pos = max >= 0 ? Math.floor(max / step + 1e-9) + 1 : 0;
  const klassen: WandelKlasse[] = [];
  for (let j = neg; j >= 1; j--) klassen.push({ lo: at(-j), hi: at(-j + 1), seite: -1, stufe: j, label: `${zahl(at(-j), dec)} bis unter ${zahl(at(-j + 1), dec)}` });
  for (let j = 1; j <= pos; j++) klassen.push({ lo: at(j - 1), hi: at(j), seite: 1, stufe: j, label: `${zahl(at(j - 1), dec)} bis unter ${zahl(at(j), dec)}` });
  return { step, klassen };
}

/** Index in `klassen` of the class holding `v` (lo <= v < hi). */
export function wandelKlasseOf(v: number, klassen: WandelKlasse[]): number {
  const i = klassen.findIndex((k) => v >= k.lo - 1e-9 && v < k.hi - 1e-9);
  return i < 0 ? klassen.length - 1 : i;
}
