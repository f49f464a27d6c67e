/**
 * Numbers as the report, the exports and (later) the add-in print them: German separators
 * (1.234,5), a fixed number of decimals per Kennzahl (catalogue field `nachkommastellen`, else a
 * default by unit), counts without decimals, and the same rounding everywhere, so one value reads
 * the same in table, map legend, tooltip, xlsx and csv. Pure TypeScript (runs in the browser too).
 */
import { ZEICHEN_GESPERRT } from '../disclosure/zeichen';

/** Most decimals a Kennzahl may ask for (the catalogue checks `nachkommastellen` against it). */
export const NACHKOMMASTELLEN_MAX = 4;

/** What a Kennzahl needs to be printed: its unit and, optionally, its decimals from the catalogue. */
export interface Zahlenformat {
  einheit?: string;
  nachkommastellen?: number;
}

/**
 * Decimals of a Kennzahl: the catalogue's `nachkommastellen`, else 2 for averages in persons
 * (household size 2,07), else 1 (shares, rates, per-1,000 values, years).
 */
export function nachkommastellenOf(k: Zahlenformat): number {
  if (k.nachkommastellen !== undefined) return k.nachkommastellen;
  return k.einheit === 'Personen' ? 2 : 1;
}

const cache = new Map<string, Intl.NumberFormat>();
function formatter(stellen: number, gruppen: boolean): Intl.NumberFormat {
  const key = `${stellen}|${gruppen}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.NumberFormat('de-DE', { minimumFractionDigits: stellen, maximumFractionDigits: stellen, useGrouping: gruppen })));
  return f;
}

/** 1234.5678 with 1 decimal -> "1.234,6"; -0 and values rounding to 0 print as "0,0" (no "-0,0"). */
export function zahl(n: number, stellen = 0): string {
  const s = formatter(stellen, true).format(n);
  return /^-[0.,]*$/.test(s) ? s.slice(1) : s;
}

/** A value or the sign of a suppressed cell (null -> "."). */
export function wert(v: number | null | undefined, stellen = 0): string {
  return v === null || v === undefined ? ZEICHEN_GESPERRT : zahl(v, stellen);
}

/** A Kennzahl's value with its decimals: kennzahlWert(9.950671405844897, {einheit: '%'}) -> "10,0". */
export function kennzahlWert(v: number | null | undefined, k: Zahlenformat): string {
  return wert(v, nachkommastellenOf(k));
}

/** A count (Merkmal, Zähler, Nenner): integers as integers, anything else with up to 6 decimals. */
export function anzahl(n: number): string {
  return Number.isInteger(n) ? zahl(n, 0) : zahl(n, 6).replace(/,?0+$/, '');
}

/**
 * For files other programs read (csv): German decimal comma, no thousands separator, rounded like
 * `zahl` ("9,9" / "-3,0" / "1234"). `stellen` undefined: exact (counts).
 */
export function zahlFuerDatei(n: number, stellen?: number): string {
  if (stellen === undefined) return Number.isInteger(n) ? String(n) : formatter(6, false).format(n).replace(/,?0+$/, '');
  const s = formatter(stellen, false).format(n);
  return /^-[0.,]*$/.test(s) ? s.slice(1) : s;
}

/** The value as printed with `stellen` decimals, as a number (what a reader of the csv gets back). */
export function gerundet(n: number, stellen: number): number {
  return Number(zahlFuerDatei(n, stellen).replace(',', '.'));
}

/** Excel number format with `stellen` decimals and thousands separator ("#,##0.0"); Excel shows it German. */
export function excelFormat(stellen: number): string {
  return stellen > 0 ? `#,##0.${'0'.repeat(stellen)}` : '#,##0';
}

/** Parses a German number as written by zahl/zahlFuerDatei ("1.234,5", "-3,0", "12") back. */
export function parseZahl(s: string): number {
  const t = s.trim().replace(/\./g, '').replace(',', '.').replace('−', '-');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return NaN;
  return Number(t);
}
