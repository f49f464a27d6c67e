/**
 * Computed Kennzahlen of one period, kept until the inputs change (a write to one of the periods
 * the formulas read, new areas, a new catalogue version). The engine itself memoises the counts
 * summed up the hierarchy; this cache also keeps the finished results, so that repeated whole-Kreis
 * queries cost a lookup per cell instead of a computation.
 */
import { IndicatorEngine, IndicatorResult, Period, shiftPeriod } from '../shared';
import { DisclosureOptions, SuppressionPattern, suppressTable } from '../shared/disclosure';
import type { Datenstand, DomainState } from './domain';

export type IndicatorRow = Omit<IndicatorResult, 'missing'>;

interface Entry {
  key: string;
  engine: IndicatorEngine;
  results: Map<string, IndicatorRow>;
  /** suppression patterns (Geheimhaltung) of the periods this entry's engine has loaded */
  patterns: Map<Period, SuppressionPattern>;
}

/** What one period offers: computed Kennzahlen, counts, and the suppression pattern of a period. */
export interface PeriodView {
  indicator(indicator: string, area: string): IndicatorRow;
  /** the count of a Merkmal as the engine computes it (summed up the hierarchy), undefined if none */
  count(area: string, merkmal: string, period?: Period): number | undefined;
  /** suppression pattern of `period` or of a period the formulas read (t-5, ...) */
  pattern(period?: Period): SuppressionPattern;
}

export class IndicatorCache {
  private entries = new Map<Period, Entry>();

  constructor(
    private readonly state: DomainState,
    readonly options: DisclosureOptions = {},
    /** which values this cache computes from: the current ones (raw viewing) or the released ones */
    readonly stand: Datenstand = 'aktuell',
  ) {}

  /** A function computing (or recalling) one Kennzahl for one area in `period`. */
  async forPeriod(period: Period): Promise<(indicator: string, area: string) => IndicatorRow> {
    return (await this.view(period)).indicator;
  }

  /**
   * Indicators, counts and suppression patterns of `period`, all from one engine, recomputed only
   * when the inputs change (the pattern is computed once per period and data revision).
   */
  async view(period: Period): Promise<PeriodView> {
    const catalogue = (await this.state.catalogue())!;
    const { tree } = await this.state.areas();
    if (!tree) throw new Error('IndicatorCache ohne Gebietsgliederung');
    const offsets = [...new Set([...catalogue.kennzahlen.values()].flatMap((k) => k.perioden))];
    const periods = offsets.map((o) => shiftPeriod(period, o));
    const versions = await Promise.all(
      periods.map(async (p) => {
        const v = await this.state.storage.versions(p);
        return `${p}:${this.stand === 'aktuell' ? v.values : v.released}`;
      }),
    );
    const key = `${catalogue.version}|${(await this.state.storage.versions()).areas}|${versions.join(',')}`;
    let entry = this.entries.get(period);
    if (!entry || entry.key !== key) {
      entry = { key, engine: new IndicatorEngine(catalogue, tree, await this.state.values(periods, this.stand)), results: new Map(), patterns: new Map() };
      this.entries.set(period, entry);
      if (this.entries.size > 8) this.entries.delete(this.entries.keys().next().value!);
    }
    const { engine, results, patterns } = entry;
    const count = (area: string, merkmal: string, p: Period = period) => engine.count(area, merkmal, p).value;
    const pattern = (p: Period = period) => {
      let hit = patterns.get(p);
      if (!hit) {
        hit = suppressTable(catalogue, tree, (a, m) => count(a, m, p), this.options);
        patterns.set(p, hit);
      }
      return hit;
    };
    const indicator = (indicator: string, area: string): IndicatorRow => {
      const k = `${indicator}\u0000${area}`;
      let row = results.get(k);
      if (!row) {
        // `missing` lists every absent input; the German `reason` already names the first ones.
        const { missing: _missing, ...rest } = engine.indicator(indicator, area, period);
        row = rest;
        results.set(k, row);
      }
      return row;
    };
    return { indicator, count, pattern };
  }
}
