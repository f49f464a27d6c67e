/**
 * Dates as Excel shows them. A CSV opened in Excel turns „31.12.2015“ into a date, and Office.js hands
 * a date cell over as its serial number (42369): the Stichtag of an official table would be lost, and
 * worse, a count. The gateway therefore reads the cells' shown text as well, and a number cell shown
 * as a date becomes the date as text (TT.MM.JJJJ) before the pane reads the grid. Pure functions.
 */
import type { CellValue } from './types';

/** a numeric date as Excel shows one in any locale: 31.12.2015, 12/31/2015, 2015-12-31, 31.12.15 */
const DATUMSFORM = /^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$/;
const DEUTSCH = /^\d{2}\.\d{2}\.\d{4}$/;

/** Excel's serial day (1900 date system, with its phantom 29.02.1900) as TT.MM.JJJJ. */
export function excelDatum(seriell: number): string {
  const tag = Math.floor(seriell);
  // day 60 is the 29.02.1900 Excel counts although it never was; from day 61 on days run from 30.12.1899
  const d = new Date(Date.UTC(1899, 11, tag < 61 ? 31 : 30) + tag * 86_400_000);
  const zwei = (n: number) => String(n).padStart(2, '0');
  return `${zwei(d.getUTCDate())}.${zwei(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
}

/**
 * `values` with every number cell whose shown text (`texts`, same shape) is a date replaced by that
 * date as text: the shown text when it is already TT.MM.JJJJ, else the date of the serial number (a
 * two-digit year or another order is not guessed from the text).
 */
export function datumAlsText(values: readonly (readonly CellValue[])[], texts: readonly (readonly string[])[]): CellValue[][] {
  return values.map((row, r) =>
    row.map((v, c) => {
      const shown = (texts[r]?.[c] ?? '').trim();
      if (typeof v !== 'number' || !DATUMSFORM.test(shown)) return v;
      return DEUTSCH.test(shown) ? shown : excelDatum(v);
    }),
  );
}
