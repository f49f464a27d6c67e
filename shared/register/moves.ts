/**
 * How a move within the city (umzug_von + umzug_nach) counts at each level, given the area of the old
 * and of the new address per level, finest first (the aggregation passes Baublock, Gemeindeteil,
 * Stadtbezirk, Stadt; −1 = not known, e.g. an address missing from the Zuordnung, or placed in a
 * Gemeindeteil by its street only).
 *
 * The rule: at a level the move is a Fortzug from the old and a Zuzug into the new area when the two
 * areas differ there. That they differ is known when both areas are known and differ, or when the areas
 * of a coarser level are known and differ (a Baublock lies in one Gemeindeteil, a Gemeindeteil in one
 * Stadt). That they are the same is known only when both are known and equal. Otherwise it is not known
 * whether the move crossed the boundary at that level: then nothing is counted there — a guess would
 * count a Fortzug from a block the person perhaps never left — and the caller reports the move.
 */
export type MoveOutcome =
  /** same area: no Fortzug, no Zuzug */
  | 'gleich'
  /** the areas differ: Fortzug from the old area, Zuzug into the new one, each where known */
  | 'verschieden'
  /** not known whether the areas differ: nothing counted */
  | 'unbestimmt';

/** Outcome per level, finest first (same indexing as the inputs). */
export function moveOutcomes(von: readonly number[], nach: readonly number[]): MoveOutcome[] {
  const out: MoveOutcome[] = new Array(von.length);
  let differsAbove = false;
  for (let l = von.length - 1; l >= 0; l--) {
    const a = von[l]!;
    const b = nach[l]!;
    let o: MoveOutcome;
    if (differsAbove) o = 'verschieden';
    else if (a >= 0 && b >= 0) o = a === b ? 'gleich' : 'verschieden';
    else o = 'unbestimmt';
    out[l] = o;
    if (o === 'verschieden') differsAbove = true;
  }
  return out;
}
