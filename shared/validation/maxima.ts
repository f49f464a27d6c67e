/**
 * Plausibility maxima by level. The catalogue's `maximum` of a Merkmal is what one area up to the
 * size of a large Kreis may hold (Bevölkerung 1,000,000); larger levels hold more: a Stadt up to
 * Berlin (3.7 million inhabitants, 2 million households), a Land up to Nordrhein-Westfalen
 * (18 million inhabitants, 9 million households, 7 million employees). The factor per level covers
 * the largest real area of that level in Germany with some room; a value above the result is refused
 * as a typing error (a digit too many), not as a rare case.
 */
import type { Ebene } from '../types';

export const MAXIMUM_FAKTOR: Record<Ebene, number> = {
  land: 20,
  kreis: 2,
  stadt: 4,
  stadtbezirk: 1,
  gemeindeteil: 1,
  baublock: 1,
};

/** The largest plausible value of a Merkmal for one area of a level (unknown level: the catalogue's maximum). */
export function plausibleMaximum(merkmal: { maximum: number }, ebene: Ebene | undefined): number {
  return merkmal.maximum * (ebene ? MAXIMUM_FAKTOR[ebene] : 1);
}
