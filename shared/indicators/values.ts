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

/** One changed cell: a value reported anew for an area, Merkmal and period. */
export interface ValueChange {
  area: string;
  merkmal: string;
  period: Period;
  value: number;
}

/**
 * Base values with changes laid over them: what the engine reads after accepted submissions were
 * applied in place (IndicatorEngine.applyChanges). The base tables are shared with other readers
 * (sync-server/domain.ts caches them per data version), so they are never written to; the changes
 * are kept beside them and win.
 */
export class ChangedValues implements BaseValues {
  private readonly changes = new ValueTable();

  constructor(private readonly base: BaseValues) {}

  set(c: ValueChange): void {
    this.changes.set(c.area, c.merkmal, c.period, c.value);
  }

  get(area: string, merkmal: string, period: Period): number | undefined {
    return this.changes.size === 0 ? this.base.get(area, merkmal, period) : (this.changes.get(area, merkmal, period) ?? this.base.get(area, merkmal, period));
  }

  merkmalIds(period: Period): Iterable<string> {
    const base = this.base.merkmalIds?.(period) ?? [];
    return this.changes.size === 0 ? base : new Set([...base, ...this.changes.merkmalIds(period)]);
  }
}
