/** Base values (counts) per area, Merkmal and period: the input of every computation. */
import { Period } from '../types';

export interface BaseValues {
  get(area: string, merkmal: string, period: Period): number | undefined;
  /**
   * The Merkmal ids that have any value in a period. The engine asks it for the age bands a delivery
   * brought beyond the catalogue's (`bev_alter_18_26`, shared/catalogue/altersintervalle.ts);
   * without it only the catalogue's bands are used.
   */
  merkmalIds?(period: Period): Iterable<string>;
}

export interface ValueRow {
  area: string;
  variable: string;
  value: number;
}

/**
 * An in-memory table of base values; later entries for the same cell replace earlier ones.
 * Nested maps (period > Merkmal > area) rather than one composed text key: lookups are the hot path
 * of every whole-Kreis computation, and building a key string per lookup costs more than the lookup.
 */
export class ValueTable implements BaseValues {
  private readonly cells = new Map<Period, Map<string, Map<string, number>>>();
  private count = 0;

  static fromRows(period: Period, rows: readonly ValueRow[]): ValueTable {
    return new ValueTable().addRows(period, rows);
  }

  addRows(period: Period, rows: readonly ValueRow[]): this {
    for (const r of rows) this.set(r.area, r.variable, period, r.value);
    return this;
  }

  set(area: string, merkmal: string, period: Period, value: number): this {
    let byMerkmal = this.cells.get(period);
    if (!byMerkmal) this.cells.set(period, (byMerkmal = new Map()));
    let byArea = byMerkmal.get(merkmal);
    if (!byArea) byMerkmal.set(merkmal, (byArea = new Map()));
    if (!byArea.has(area)) this.count++;
    byArea.set(area, value);
    return this;
  }

  get(area: string, merkmal: string, period: Period): number | undefined {
    return this.cells.get(period)?.get(merkmal)?.get(area);
  }

  merkmalIds(period: Period): Iterable<string> {
    return this.cells.get(period)?.keys() ?? [];
  }

  get size(): number {
    return this.count;
  }
}
