/**
 * Suppression of Kennzahlen: a ratio is published only when every count it is computed from is
 * published, its numerator (when it is a plain count) is not a small number, and its denominator
 * reaches the minimum population (catalogue `mindestNenner`, else the configured default, 50).
 */
import type { Catalogue, Kennzahl } from '../catalogue/catalogue';
import { shiftPeriod, type Period } from '../types';
import type { AltersMuster } from './altersbaender';
import { CellSuppression, DisclosureOptions, SuppressionPattern, grundPrimaer } from './suppress';

export const GRUND_EINGABE_GESPERRT = 'gesperrt, weil eine Zahl, aus der sie berechnet wird, gesperrt ist';
export const grundNenner = (min: number): string => `Nenner kleiner als ${min}`;

export function mindestNennerOf(k: Kennzahl, options: DisclosureOptions): number {
  return k.mindestNenner ?? options.mindestNenner ?? 50;
}

/**
 * Whether one of the counts a Kennzahl of `area` in `period` is computed from is suppressed (then
 * nothing derived from it may be published, whatever the row's status). `patternOf` gives the
 * suppression pattern of a period (formulas may read earlier periods).
 */
export function inputSuppression(
  k: Kennzahl,
  area: string,
  period: Period,
  patternOf: (p: Period) => SuppressionPattern,
): CellSuppression | undefined {
  let secondary = false;
  for (const term of [...k.zaehler.terms, ...k.nenner.terms]) {
    const s = patternOf(shiftPeriod(period, term.offset)).get(area, term.merkmal);
    if (s?.sperre === 'primaer') return { sperre: 'primaer', grund: GRUND_EINGABE_GESPERRT };
    if (s) secondary = true;
  }
  return secondary ? { sperre: 'sekundaer', grund: GRUND_EINGABE_GESPERRT } : undefined;
}

/**
 * The same for the age bands a Kennzahl was built from where the area lacks the catalogue's (the
 * engine's `alterszellen`: bands of the area or of its sub-areas, shared/indicators/engine.ts): each
 * must be a published cell – of a catalogue Merkmal or a band the pattern covers
 * (shared/disclosure/altersbaender.ts) – else the row would tell the sum of suppressed bands.
 */
export function alterszellenSuppression(
  catalogue: Catalogue,
  zellen: readonly { area: string; merkmal: string; period: Period }[] | undefined,
  patternOf: (p: Period) => AltersMuster,
): CellSuppression | undefined {
  let secondary = false;
  for (const z of zellen ?? []) {
    const pattern = patternOf(z.period);
    if (!catalogue.merkmale.has(z.merkmal) && !pattern.altersbaender.includes(z.merkmal)) return { sperre: 'primaer', grund: GRUND_EINGABE_GESPERRT };
    const s = pattern.get(z.area, z.merkmal);
    if (s?.sperre === 'primaer') return { sperre: 'primaer', grund: GRUND_EINGABE_GESPERRT };
    if (s) secondary = true;
  }
  return secondary ? { sperre: 'sekundaer', grund: GRUND_EINGABE_GESPERRT } : undefined;
}

/**
 * Whether a computed Kennzahl of `area` in `period` must be suppressed: an input is suppressed
 * (inputSuppression), or a value rule withholds it (valueRuleSuppression).
 */
export function indicatorSuppression(
  k: Kennzahl,
  area: string,
  period: Period,
  numerator: number | null,
  denominator: number | null,
  patternOf: (p: Period) => SuppressionPattern,
  options: DisclosureOptions,
): CellSuppression | undefined {
  return inputSuppression(k, area, period, patternOf) ?? valueRuleSuppression(k, period, numerator, denominator, patternOf, options);
}

/**
 * The value rules of a Kennzahl whose inputs are all published: its numerator is a small count, or
 * its denominator is below the minimum (mindestNenner).
 */
export function valueRuleSuppression(
  k: Kennzahl,
  period: Period,
  numerator: number | null,
  denominator: number | null,
  patternOf: (p: Period) => SuppressionPattern,
  options: DisclosureOptions,
): CellSuppression | undefined {
  // A numerator that is a plain count (all coefficients positive) follows the count rule itself.
  if (numerator !== null && k.zaehler.constant === 0 && k.zaehler.terms.every((t) => t.coefficient > 0)) {
    const th = Math.max(...k.zaehler.terms.map((t) => patternOf(shiftPeriod(period, t.offset)).threshold(t.merkmal)));
    if (numerator > 0 && numerator < th) return { sperre: 'primaer', grund: grundPrimaer(th) };
  }
  const min = mindestNennerOf(k, options);
  if (denominator !== null && denominator < min) return { sperre: 'primaer', grund: grundNenner(min) };
  return undefined;
}
