/**
 * The published view of /api/indicators as readers (`leser`) get it, computed once per released
 * state (issue 17) and served from that snapshot: a reader's request is a lookup, never a run of
 * the disclosure control.
 *
 *  - Renewed when a release happens (freigabe.ts calls `refreshAfterRelease`; in automatic mode
 *    that is every accepted submission), not when a reader asks; the release's answer waits for
 *    it, so that what the Kreis (or, in automatic mode, the clerk) was told is released is what
 *    readers get from then on. While it is computed, readers get the previous snapshot at once.
 *  - Warm start (`warmUp`, called by the server once it listens): the released years are computed
 *    in the background, newest first, and again after every release, so that the first reader and
 *    the report find them ready.
 *  - When no snapshot fits otherwise (a reader's first request for a year, new areas or catalogue,
 *    a release by another process), one is started in the background and the reader's own answer
 *    is computed as before (only what it asks for).
 *
 * A snapshot is filed under what it is computed from (catalogue, areas, demo flag and the release
 * counter of every year the formulas read, t-5 included), all of it released or public: nothing a
 * reader may not know goes into it, so its answers and their ETags are the same for every reader
 * and do not change when only unreleased data changes.
 *
 * The computation runs in this process (in steps of AREAS_PER_STEP areas, so that other requests
 * are answered in between); the suppression pattern of each year read is one step of its own, and
 * the longest (demo Kreis: 1.5–3 s on 2 shared cores), during which requests wait.
 * Kept compact (compact-rows.ts): typed arrays by area and Kennzahl, not one object per row.
 */
import { shiftPeriod, type AreaTree, type Catalogue, type Period, type Role } from '../shared';
import { CompactRows } from './compact-rows';
import type { DomainState } from './domain';
import { datenstand } from './freigabe';
import type { Answer } from './http/answer';
import { inputsKey } from './raw-answers';
import { disclosureNote, indicatorCacheOf, publishedIndicators, publishedValues, type PublishedIndicatorRow, type PublishedValueRow } from './publication';

const LESER: Role = { rolle: 'leser' };
const AREAS_PER_STEP = 100;
/** Lets the requests that came in meanwhile be answered before the next step. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
/** the fields of published rows kept as numbers (compact-rows.ts) */
const NUMERIC = ['value', 'numerator', 'denominator'];
const NUMERIC_VALUES = ['value'];
/**
 * Snapshots kept (years): the report reads every released year (the time series of a Kennzahl), so
 * up to 12 years stay without being computed again; finished answers kept per snapshot (per query
 * and format).
 */
const MAX_SNAPSHOTS = 12;
const MAX_ANSWERS = 16;

/** The head of an /api/indicators answer; the rows follow. */
export interface IndicatorAnswerHead {
  period: Period;
  catalogueVersion: string;
  demo: boolean;
  disclosureControl: string;
}

export interface Snapshot {
  key: string;
  head: IndicatorAnswerHead;
  /** every area (sorted) × every Kennzahl of the catalogue, as a reader gets it: row i·K + k is area i, Kennzahl k */
  indicators: CompactRows<PublishedIndicatorRow>;
  /** every area × every Merkmal of the catalogue with a count, as a reader gets it (sorted as /api/values) */
  values: CompactRows<PublishedValueRow>;
  names: SnapshotNames;
  /** time of the newest release of the year this snapshot shows (undefined: never released) */
  datenstand: string | undefined;
  answers: Map<string, Answer>;
}

/** The areas (sorted), Kennzahlen and Merkmale a snapshot's rows are indexed by; shared by the snapshots of one tree and catalogue. */
export interface SnapshotNames {
  areas: readonly string[];
  ids: readonly string[];
  variables: readonly string[];
  area: ReadonlyMap<string, number>;
  id: ReadonlyMap<string, number>;
  variable: ReadonlyMap<string, number>;
}

const namesByTree = new WeakMap<AreaTree, WeakMap<Catalogue, SnapshotNames>>();
function namesOf(tree: AreaTree, catalogue: Catalogue): SnapshotNames {
  let byCatalogue = namesByTree.get(tree);
  if (!byCatalogue) namesByTree.set(tree, (byCatalogue = new WeakMap()));
  let names = byCatalogue.get(catalogue);
  if (!names) {
    const areas = tree.all().map((a) => a.code).sort();
    const ids = [...catalogue.kennzahlen.keys()];
    const variables = [...catalogue.merkmale.keys()];
    const index = (list: readonly string[]) => new Map(list.map((x, i) => [x, i]));
    byCatalogue.set(catalogue, (names = { areas, ids, variables, area: index(areas), id: index(ids), variable: index(variables) }));
  }
  return names;
}

/** A snapshot's Kennzahl rows of `areas` (in that order) × `ids` (in that order), as publishedIndicators gives them to a reader. */
export function snapshotIndicators(s: Snapshot, areas: readonly string[], ids: readonly string[]): PublishedIndicatorRow[] {
  const out: PublishedIndicatorRow[] = [];
  const ks = ids.map((id) => s.names.id.get(id));
  const K = s.names.ids.length;
  for (const area of areas) {
    const i = s.names.area.get(area);
    if (i === undefined) continue;
    for (const k of ks) if (k !== undefined) out.push(s.indicators.at(i * K + k));
  }
  return out;
}

/** A snapshot's counts, optionally of some areas and Merkmale, in publishedValues' order for a reader. */
export function snapshotValues(s: Snapshot, areas?: readonly string[], variables?: readonly string[]): PublishedValueRow[] {
  const mask = (list: readonly string[] | undefined, index: ReadonlyMap<string, number>, size: number): Uint8Array | undefined => {
    if (!list) return undefined;
    const m = new Uint8Array(size);
    for (const x of list) {
      const i = index.get(x);
      if (i !== undefined) m[i] = 1;
    }
    return m;
  };
  const a = mask(areas, s.names.area, s.names.areas.length);
  const v = mask(variables, s.names.variable, s.names.variables.length);
  const out: PublishedValueRow[] = [];
  const t = s.values;
  for (let j = 0; j < t.length; j++) if ((!a || a[t.labelAOf(j)]) && (!v || v[t.labelBOf(j)])) out.push(t.at(j));
  return out;
}

/** What the published view of `period` is computed from; public facts only (see above). */
const releasedKey = (state: DomainState, period: Period): Promise<string> => inputsKey(state, period, 'freigegeben');

export class PublishedSnapshots {
  private snapshots = new Map<Period, Snapshot>();
  private running = new Map<Period, Promise<Snapshot | undefined>>();
  /** years whose snapshot a release is replacing right now (counted: releases may overlap) */
  private releasing = new Map<Period, number>();
  /**
   * Tests: awaited before each computation (`vorher`, to hold it and look at what readers get
   * meanwhile) and after a new snapshot is in place (`fertig`).
   */
  hook?: (period: Period, phase: 'vorher' | 'fertig') => Promise<void>;
  /**
   * What tests and the bench read: snapshots computed, and readers' requests that found none fitting
   * (answered by a computation of their own, or waiting for the snapshot's).
   */
  readonly stats = { computed: 0, misses: 0 };
  /** warm start on (warmUp): the released years are computed ahead, at the start and after each release */
  private warming = false;
  private warmRun: Promise<void> = Promise.resolve();
  /** a warm-up run is queued and has not begun: a further release needs no second one */
  private warmQueued = false;
  private stopped = false;

  constructor(private readonly state: DomainState) {}

  /**
   * Warm start (the server calls it once it listens): computes the snapshots of the released years
   * in the background, newest first (at most the MAX_SNAPSHOTS newest), one year after the other,
   * each in steps that leave the event loop to requests in between; from then on also after every
   * release (a year released for the first time, later years that read it). A reader who asks for a
   * year meanwhile gets what forReader and ensure give (the report waits for that year only).
   * `log` gets one line when this first run is done. Resolves when it is; never rejects.
   */
  warmUp(log?: (line: string) => void): Promise<void> {
    this.warming = true;
    const t0 = Date.now();
    const computed = this.stats.computed;
    const report = (years: Period[], failed: { period: Period; why: string }[]): void => {
      const seconds = ((Date.now() - t0) / 1000).toLocaleString('de-DE', { maximumFractionDigits: 1 });
      if (years.length) log?.(`  Momentaufnahmen der Leser: ${years.join(', ')} vorab gerechnet (${this.stats.computed - computed} berechnet, ${seconds} s)`);
      for (const f of failed) log?.(`  Momentaufnahme ${f.period} konnte nicht vorab gerechnet werden (${f.why}); sie wird bei der ersten Anfrage eines Lesers gerechnet.`);
    };
    return this.scheduleWarm(report);
  }

  /** The warm-up run now going on (or the last one): resolves when it is done. */
  warmed(): Promise<void> {
    return this.warmRun;
  }

  /** Ends the warm start (the server closes): no further year is begun; resolves when the running step is done. */
  stop(): Promise<void> {
    this.stopped = true;
    return this.warmRun;
  }

  private scheduleWarm(report?: (years: Period[], failed: { period: Period; why: string }[]) => void): Promise<void> {
    if (!this.warming || this.stopped || (this.warmQueued && !report)) return this.warmRun;
    this.warmQueued = true;
    this.warmRun = this.warmRun.then(async () => {
      this.warmQueued = false;
      const years: Period[] = [];
      const failed: { period: Period; why: string }[] = [];
      try {
        const released = [...(await this.state.storage.releasedPeriods())].sort().reverse().slice(0, MAX_SNAPSHOTS);
        for (const p of released) {
          if (this.stopped) break;
          // one year after the other: a year a reader waits for is not slowed by all the others at once
          let why = 'keine Gebietsgliederung oder kein Katalog';
          const snapshot = await (this.running.get(p) ?? this.refresh(p)).catch((e: unknown) => void (why = e instanceof Error ? e.message : String(e)));
          if (snapshot) years.push(p);
          else if (!this.stopped) failed.push({ period: p, why });
        }
      } catch {
        // the released years could not be read (the storage closed): nothing computed ahead
      }
      if (!this.stopped) report?.(years, failed);
    });
    return this.warmRun;
  }

  /**
   * The snapshot a reader gets: while a release's new state is computed, the previous one; else the
   * current one. Undefined when none fits (first request for the year, new areas or catalogue, a
   * release by another process): then the caller computes just its own answer, as before
   * snapshots, and starts one with `warm`, so that a reader never gets a state older than the last
   * finished release.
   */
  async forReader(period: Period): Promise<Snapshot | undefined> {
    const have = await this.current(period);
    if (!have) this.stats.misses++;
    return have;
  }

  private async current(period: Period): Promise<Snapshot | undefined> {
    const have = this.snapshots.get(period);
    if (have && (this.releasing.get(period) ?? 0) > 0) return have;
    if (have && have.key === (await releasedKey(this.state, period))) return have;
    return undefined;
  }

  /**
   * Starts the computation of a year's snapshot in the background unless one runs; called after a
   * reader's own answer is sent (forReader gave none), so that it does not slow that answer down.
   */
  warm(period: Period): void {
    if (!this.running.has(period)) this.refresh(period).catch(() => undefined);
  }

  /**
   * The snapshot a reader gets, waiting for its computation when none fits (the report's pages and
   * exports: they read most of the Kreis anyway). Undefined only without areas or catalogue.
   */
  async ensure(period: Period): Promise<Snapshot | undefined> {
    return (await this.forReader(period)) ?? (await (this.running.get(period) ?? this.refresh(period)));
  }

  /**
   * After a release of `period`: brings the kept snapshots up to date (that year's, and later years'
   * that read it as t-5); resolves when they are. A year not kept gets one in the background with
   * the warm start (warmUp), else when a reader asks.
   */
  async refreshAfterRelease(period: Period): Promise<void> {
    const years = [...this.snapshots.keys()];
    // a year being computed for the first time is taken along, so that it includes this release
    const targets = new Set(this.running.has(period) ? [...years, period] : years);
    for (const p of years) this.releasing.set(p, (this.releasing.get(p) ?? 0) + 1);
    try {
      await Promise.all([...targets].map((p) => this.refresh(p)));
    } finally {
      for (const p of years) {
        const n = (this.releasing.get(p) ?? 1) - 1;
        if (n > 0) this.releasing.set(p, n);
        else this.releasing.delete(p);
      }
      void this.scheduleWarm();
    }
  }

  /** Queued behind a running computation of the year, so that the newest release is always taken along. */
  private refresh(period: Period): Promise<Snapshot | undefined> {
    const before = this.running.get(period) ?? Promise.resolve(undefined);
    const next = before.catch(() => undefined).then(() => this.build(period));
    this.running.set(period, next);
    const done = (): void => {
      if (this.running.get(period) === next) this.running.delete(period);
    };
    next.then(done, done);
    return next;
  }

  private async build(period: Period): Promise<Snapshot | undefined> {
    for (;;) {
      const key = await releasedKey(this.state, period);
      const have = this.snapshots.get(period);
      if (have?.key === key) return have;
      await this.hook?.(period, 'vorher');
      if (this.stopped) return undefined;
      this.stats.computed++;
      const snapshot = await this.compute(period, key);
      if (this.stopped) return undefined;
      // A release during the computation: its steps may mix two states; compute again.
      if ((await releasedKey(this.state, period)) !== key) continue;
      if (!snapshot) return undefined;
      this.snapshots.delete(period);
      this.snapshots.set(period, snapshot);
      if (this.snapshots.size > MAX_SNAPSHOTS) this.snapshots.delete(this.snapshots.keys().next().value!);
      await this.hook?.(period, 'fertig');
      return snapshot;
    }
  }

  private async compute(period: Period, key: string): Promise<Snapshot | undefined> {
    const [{ tree }, catalogue] = await Promise.all([this.state.areas(), this.state.catalogue()]);
    if (!tree || !catalogue) return undefined;
    const names = namesOf(tree, catalogue);
    const { areas, ids } = names;
    const K = ids.length;
    const indicators = new CompactRows<PublishedIndicatorRow>({ key: 'area', names: areas }, { key: 'indicator', names: ids }, NUMERIC, areas.length * K, true);
    const values = new CompactRows<PublishedValueRow>({ key: 'area', names: areas }, { key: 'variable', names: names.variables }, NUMERIC_VALUES, areas.length * 8);
    // The suppression patterns of the year and of the years its formulas read (t-5), one step each:
    // each is one computation over the whole Kreis (shared/disclosure) that cannot be divided here,
    // the longest pieces of a snapshot; the steps of areas below then find them done.
    // Only released years: a year without released data (2014 for 2019's t-5) would be a pattern of nothing.
    const cache = indicatorCacheOf(this.state);
    const released = new Set(await this.state.storage.releasedPeriods());
    for (const offset of new Set([0, ...[...catalogue.kennzahlen.values()].flatMap((k) => k.perioden)])) {
      const p = shiftPeriod(period, offset);
      if (!released.has(p)) continue;
      await nextTurn();
      if (this.stopped) return undefined;
      // a Land: its Kreise in worker threads first, while requests go on (sync-server/disclosure-parallel.ts)
      await cache.preparePattern(period, p);
      (await cache.view(period)).pattern(p);
    }
    for (let i = 0; i < areas.length; i += AREAS_PER_STEP) {
      await nextTurn();
      if (this.stopped) return undefined;
      const step = areas.slice(i, i + AREAS_PER_STEP);
      for (const r of await publishedIndicators(this.state, { period, role: LESER, ids: [...ids], areas: step })) {
        // every area × every Kennzahl, in that order (the grid refuses any other)
        indicators.push(r, names.area.get(r.area) ?? -1, names.id.get(r.indicator) ?? -1);
      }
      await nextTurn();
      // sorted by area, then Merkmal: the steps are in area order, so the whole list is too
      for (const v of await publishedValues(this.state, { period, role: LESER, areas: step })) {
        const ia = names.area.get(v.area);
        const ib = names.variable.get(v.variable);
        if (ia === undefined || ib === undefined) throw new Error(`Momentaufnahme ${period}: Zählwert ${v.area}/${v.variable} außerhalb von Gebieten und Katalog`);
        values.push(v, ia, ib);
      }
    }
    if (indicators.length !== areas.length * K) throw new Error(`Momentaufnahme ${period}: ${indicators.length} statt ${areas.length * K} Kennzahlzeilen`);
    return {
      key,
      head: { period, catalogueVersion: catalogue.version, demo: await this.state.isDemo(), disclosureControl: disclosureNote(indicatorCacheOf(this.state).options) },
      indicators: indicators.done(),
      values: values.done(),
      names,
      // read between the two key checks of build(): it belongs to the same releases as the rows
      datenstand: (await datenstand(this.state, period))[period],
      answers: new Map(),
    };
  }
}

/** A finished answer of a snapshot for one query and format, made once and kept (a few per snapshot). */
export async function snapshotAnswer(snapshot: Snapshot, queryKey: string, make: () => Promise<Answer>): Promise<Answer> {
  const hit = snapshot.answers.get(queryKey);
  if (hit) return hit;
  const answer = await make();
  // long lists of areas are one-off queries: not kept
  if (queryKey.length <= 2000) {
    snapshot.answers.set(queryKey, answer);
    if (snapshot.answers.size > MAX_ANSWERS) snapshot.answers.delete(snapshot.answers.keys().next().value!);
  }
  return answer;
}

const byState = new WeakMap<DomainState, PublishedSnapshots>();

/** The snapshots of a DomainState (one per server). */
export function publishedSnapshotsOf(state: DomainState): PublishedSnapshots {
  let s = byState.get(state);
  if (!s) byState.set(state, (s = new PublishedSnapshots(state)));
  return s;
}
