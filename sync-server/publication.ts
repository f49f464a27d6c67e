/**
 * Publication rules: what a role may see of computed indicators.
 *
 * THE ONE PLACE where disclosure control (Geheimhaltung: suppressing values whose denominator is
 * below the catalogue's `mindestNenner`, secondary suppression) will go in a later issue. It is NOT
 * implemented yet: every role, including `leser` and other municipalities, currently receives the
 * computed values unchanged. The API says so in `disclosureControl`.
 */
import type { Role } from '../shared';
import type { IndicatorRow } from './indicator-cache';

export const DISCLOSURE_CONTROL_NOTE =
  'Geheimhaltung (Unterdrückung kleiner Fallzahlen) ist noch nicht umgesetzt: alle Rollen sehen die berechneten Werte.';

export function applyPublicationRules(_role: Role, rows: IndicatorRow[]): IndicatorRow[] {
  return rows;
}
