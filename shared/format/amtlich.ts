/**
 * How a row of an area with incomplete sub-areas (area tree `teileUnvollstaendig`) says that its
 * numbers are official totals and how many are without a sub-area – one text for the report's table,
 * the printed report and the CSV of /api/indicators. A number the role may not see is null and
 * shows as „.“, the sign for „Zahlenwert unbekannt oder geheim zu halten“.
 */
import { deNumber } from '../types';

export interface AmtlichAngabe {
  merkmal: string;
  name: string;
  gesamt: number | null;
  ohneZuordnung: number | null;
}

const zahl = (v: number | null): string => (v === null ? '.' : deNumber(v));

/** „Amtliche Gesamtzahl (Teilgebiete unvollständig); ohne Teilgebiet: Bevölkerung 6.777“; with `kurz` only the first part. */
export function amtlichHinweis(angaben: readonly AmtlichAngabe[], kurz = false): string {
  const kopf = 'Amtliche Gesamtzahl (Teilgebiete unvollständig)';
  return kurz ? kopf : `${kopf}; ohne Teilgebiet: ${angaben.map((a) => `${a.name} ${zahl(a.ohneZuordnung)}`).join(', ')}`;
}

/** „Bevölkerung (bevoelkerung): amtlich 1.788.994, ohne Zuordnung 6.777; …“ (one CSV cell). */
export function amtlichZelle(angaben: readonly AmtlichAngabe[]): string {
  return angaben.map((a) => `${a.name} (${a.merkmal}): amtlich ${zahl(a.gesamt)}, ohne Zuordnung ${zahl(a.ohneZuordnung)}`).join('; ');
}
