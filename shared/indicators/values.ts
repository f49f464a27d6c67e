/** Base values (counts) per area, Merkmal and period: the input of every computation. */
import { Period } from '../types';

export interface BaseValues {
  get(area: string, merkmal: string, period: Period): number | undefined;
}

export interface ValueRow {
  area: string;
  variable: string;
  value: number;
}

const key = (area: string, merkmal: string, period: Period): string => `${area}\u0000${merkmal}\u0000${period}`;

/** An in-memory table of base values; later entries for the same cell replace earlier ones. */
export class ValueTable implements BaseValues {
  private readonly cells = new Map<string, number>();

  static fromRows(period: Period, rows: readonly ValueRow[]): ValueTable {
    return new ValueTable().addRows(period, rows);
  }

  addRows(period: Period, rows: readonly ValueRow[]): this {
    for (const r of rows) this.set(r.area, r.variable, period, r.value);
    return this;
  }

  set(area: string, merkmal: string, period: Period, value: number): this {
    this.cells.set(key(area, merkmal, period), value);
    return this;
  }

  get(area: string, merkmal: string, period: Period): number | undefined {
    return this.cells.get(key(area, merkmal, period));
  }

  get size(): number {
    return this.cells.size;
  }
}
