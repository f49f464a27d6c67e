/**
 * Computed Kennzahlen of one period, kept until the inputs change (a write to one of the periods
 * the formulas read, new areas, a new catalogue version). The engine itself memoises the counts
 * summed up the hierarchy; this cache also keeps the finished results, so that repeated whole-Kreis
 * queries cost a lookup per cell instead of a computation.
 *
 * The raw cache (stand `aktuell`) follows accepted submissions in place (`accepted`, called by
 * sync-server/submissions.ts): the changed cells replace their values in the engine, and only the
 * counts and results of the changed areas and their ancestors, of the Kennzahlen reading those
 * Merkmale in that period (t-1 and t-5 included), are computed anew. That holds only when the entry
 * was loaded at exactly the data version before this submission; a write it has not seen (another
 * process, PostgreSQL or the same SQLite file) leaves the versions apart and the next read builds
 * the entry anew, as does a change of areas or catalogue (values are never deleted by submissions).
 */
import { IndicatorEngine, IndicatorResult, Period, shiftPeriod } from '../shared';
import { AltersMuster, DisclosureOptions, ModuleResult, suppressTableMitAltersbaendern } from '../shared/disclosure';
import { searchModulesInWorkers, threadsFromEnv } from './disclosure-parallel';
import type { Datenstand, DomainState } from './domain';

export type IndicatorRow = Omit<IndicatorResult, 'missing'>;

interface Entry {
  catalogue: string;
  areas: number;
  /** data version (storage.versions().values or .released) of each period the formulas read */
  versions: Map<Period, number>;
  /** offset of each of those periods from the entry's own (2019 → -5 for 2024) */
  offsets: Map<Period, number>;
  engine: IndicatorEngine;
  results: Map<string, IndicatorRow>;
  /** suppression patterns (Geheimhaltung) of the periods this entry's engine has loaded */
  patterns: Map<Period, AltersMuster>;
}

/** An accepted submission as the raw cache needs it: its cells and the data versions around it. */
export interface AcceptedChange {
  period: Period;
  rows: readonly { area: string; variable: string; value: number }[];
  /** the period's data version just before this submission (read in its transaction) */
  before: number;
  /** the period's data version this submission made (storage: AppendResult.valuesVersion) */
  after: number;
}

/** What one period offers: computed Kennzahlen, counts, and the suppression pattern of a period. */
export interface PeriodView {
  indicator(indicator: string, area: string): IndicatorRow;
  /** the count of a Merkmal as the engine computes it (summed up the hierarchy), undefined if none */
  count(area: string, merkmal: string, period?: Period): number | undefined;
  /**
   * suppression pattern of `period` or of a period the formulas read (t-5, ...); the age bands in
   * other cuts stored for the period are cells of it (`altersbaender`)
   */
  pattern(period?: Period): AltersMuster;
}

/**
 * SOZIALMONITOR_INKREMENTELL=0 turns the in-place update off (every write rebuilds, as before):
 * for measurements side by side (bench/server.ts) and as a way out should it ever be suspected.
 */
export function incrementalFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env.SOZIALMONITOR_INKREMENTELL;
  if (raw === undefined || raw === '' || raw === '1') return true;
  if (raw === '0') return false;
  throw new Error(`SOZIALMONITOR_INKREMENTELL „${raw}“ ist ungültig; erwartet 1 (Kennzahlen nach Meldungen fortschreiben, Vorgabe) oder 0 (nach jeder Meldung neu berechnen)`);
}

/** Periods whose suppression searches per Kreis are kept (module cache; only a Land has modules). */
const MODULE_CACHE_PERIODS = 4;

export class IndicatorCache {
  private entries = new Map<Period, Entry>();
  /**
   * Per period, the searches of the Geheimhaltung inside each Kreis of a Land from the last pattern
   * (shared/disclosure/suppress.ts `moduleCache`): a new pattern after one Gemeinde's submission or
   * release searches that Kreis again and takes the others as they were (exact key, so a changed
   * Kreis is never taken from it). Dropped with a new catalogue or area tree; the newest periods only.
   */
  private moduleCaches = new Map<Period, { catalogue: string; areas: number; cache: Map<string, ModuleResult> }>();
  /** how often an entry was built from all values, a submission applied in place, a pattern's Kreise searched in worker threads */
  readonly stats = { rebuilds: 0, incremental: 0, parallel: 0 };

  constructor(
    private readonly state: DomainState,
    readonly options: DisclosureOptions = {},
    /** which values this cache computes from: the current ones (raw viewing) or the released ones */
    readonly stand: Datenstand = 'aktuell',
    /** whether accepted submissions update the raw entries in place (`accepted`) */
    readonly incremental: boolean = incrementalFromEnv(),
    /** worker threads for the first pattern of a Land (SOZIALMONITOR_THREADS, read once like the flag above) */
    readonly threads: number = threadsFromEnv(),
  ) {}

  /**
   * An accepted submission, applied to every raw entry that reads its period and was loaded at
   * exactly the version before it; an entry at another version is dropped (built anew when next
   * read), one already at this version (read after the commit) is left alone. Synchronous: no
   * request sees an entry half updated. A view taken before keeps its engine, which then answers
   * with the new values: callers compute their rows without awaiting in between (publication.ts).
   */
  accepted(change: AcceptedChange): void {
    if (this.stand === 'aktuell') this.applyEverywhere(change);
  }

  /**
   * A release, as the cells whose released value it changed (sync-server/freigabe.ts): applied to
   * every released entry exactly as `accepted` applies a submission to the raw ones, so that a release
   * after one Gemeinde's submission computes that Gemeinde's areas, their ancestors and the Kennzahlen
   * reading them anew, not the whole Land. `before`/`after` are the period's released data versions.
   */
  releasedChanged(change: AcceptedChange): void {
    if (this.stand === 'freigegeben') this.applyEverywhere(change);
  }

  private applyEverywhere(change: AcceptedChange): void {
    for (const [period, entry] of this.entries) {
      const version = entry.versions.get(change.period);
      if (version === undefined || version === change.after) continue;
      if (!this.incremental || version !== change.before) {
        this.entries.delete(period);
        continue;
      }
      try {
        this.applyTo(entry, change);
        this.stats.incremental++;
      } catch (e) {
        // the submission is stored all the same; the entry is built anew when next read
        this.entries.delete(period);
        console.error(`Kennzahlen ${period} nach Meldung nicht fortgeschrieben, werden neu berechnet:`, e);
      }
    }
  }

  private applyTo(entry: Entry, change: AcceptedChange): void {
    const { engine, results } = entry;
    const offset = entry.offsets.get(change.period)!;
    engine.applyChanges(change.rows.map((r) => ({ area: r.area, merkmal: r.variable, period: change.period, value: r.value })));
    // the results that read a changed cell: its area and ancestors, for the Kennzahlen reading its Merkmal then
    const areasOf = new Map<string, Set<string>>();
    for (const r of change.rows) {
      let areas = areasOf.get(r.variable);
      if (!areas) areasOf.set(r.variable, (areas = new Set()));
      if (areas.has(r.area)) continue;
      areas.add(r.area);
      for (const a of engine.tree.ancestors(r.area)) areas.add(a);
    }
    const ids = [...engine.catalogue.kennzahlen.keys()];
    for (const [merkmal, areas] of areasOf) {
      for (const id of ids) {
        if (!engine.reads(id, merkmal, offset)) continue;
        for (const a of areas) results.delete(`${id}\u0000${a}`);
      }
    }
    entry.patterns.delete(change.period);
    entry.versions.set(change.period, change.after);
  }

  private moduleCacheOf(period: Period, catalogue: string, areas: number): Map<string, ModuleResult> {
    let mc = this.moduleCaches.get(period);
    if (!mc || mc.catalogue !== catalogue || mc.areas !== areas) {
      mc = { catalogue, areas, cache: new Map() };
      this.moduleCaches.delete(period);
      this.moduleCaches.set(period, mc);
      if (this.moduleCaches.size > MODULE_CACHE_PERIODS) this.moduleCaches.delete(this.moduleCaches.keys().next().value!);
    }
    return mc.cache;
  }

  /**
   * Before the first pattern of `p` (default `period`) in a Land: its Kreise searched in worker
   * threads (sync-server/disclosure-parallel.ts), so that the pattern's own run takes them from the
   * module cache. Does nothing where the pattern is there already or threads do not pay; a failure
   * of the workers only means the pattern's run searches the Kreise itself.
   */
  async preparePattern(period: Period, p: Period = period): Promise<void> {
    const view = await this.view(period);
    const entry = this.entries.get(period);
    const catalogue = await this.state.catalogue();
    const { tree } = await this.state.areas();
    if (!entry || !catalogue || !tree || entry.patterns.has(p) || !entry.offsets.has(p)) return;
    const cache = this.moduleCacheOf(p, catalogue.version, entry.areas);
    try {
      const done = await searchModulesInWorkers(catalogue, tree, (a, m) => view.count(a, m, p), [...entry.engine.values.merkmalIds(p)], this.options, cache, this.threads);
      if (done) this.stats.parallel++;
    } catch (e) {
      console.error(`Geheimhaltung ${p}: Kreise nicht in Worker-Threads gesucht, der Server sucht sie selbst:`, e);
    }
  }

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
    const versions = new Map(
      await Promise.all(
        periods.map(async (p) => {
          const v = await this.state.storage.versions(p);
          return [p, this.stand === 'aktuell' ? v.values : v.released] as const;
        }),
      ),
    );
    const areas = (await this.state.storage.versions()).areas;
    let entry = this.entries.get(period);
    const current = entry && entry.catalogue === catalogue.version && entry.areas === areas && [...versions].every(([p, v]) => entry!.versions.get(p) === v);
    if (!entry || !current) {
      // versions read before the values: a write in between leaves the entry older than its data, never newer
      const engine = new IndicatorEngine(catalogue, tree, await this.state.values(periods, this.stand));
      entry = { catalogue: catalogue.version, areas, versions, offsets: new Map(periods.map((p, i) => [p, offsets[i]!])), engine, results: new Map(), patterns: new Map() };
      this.entries.set(period, entry);
      this.stats.rebuilds++;
      if (this.entries.size > 8) this.entries.delete(this.entries.keys().next().value!);
    }
    const { engine, results, patterns } = entry;
    const count = (area: string, merkmal: string, p: Period = period) => engine.count(area, merkmal, p).value;
    const pattern = (p: Period = period) => {
      let hit = patterns.get(p);
      if (!hit) {
        hit = suppressTableMitAltersbaendern(catalogue, tree, (a, m) => count(a, m, p), engine.values.merkmalIds(p), this.options, {
          moduleCache: this.moduleCacheOf(p, catalogue.version, areas),
        });
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
