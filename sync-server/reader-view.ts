/**
 * The published view as the public report reads it (issue 17): every number of a report page,
 * profile, matrix, export or print document comes from the readers' snapshots of the released
 * state (published-snapshot.ts), so that no report request runs the disclosure control; during a
 * release the previous snapshot is served, as /api/indicators does.
 *
 * A ReaderView lives for one request and takes each year's snapshot once, so that one answer never
 * mixes two states of a year. Finished answers (bytes with ETag, or the print document) are kept
 * in `readerCached` under the snapshots they were built from: a kept answer is served as long as
 * each of those snapshots is still the one readers get and nothing else it shows (released years,
 * Sozialindex setting, areas, catalogue) changed; a release, never an unreleased submission, makes
 * it be built again.
 */
import type { Request } from 'express';
import type { Period } from '../shared';
import type { DomainState } from './domain';
import { type Answer, makeAnswer } from './http/answer';
import { ApiError } from './http/errors';
import type { PublishedIndicatorRow, PublishedValueRow } from './publication';
import { type Snapshot, publishedSnapshotsOf, snapshotIndicators, snapshotValues } from './published-snapshot';
import { sozialindexInForce } from './routes/sozialindex';

export class ReaderView {
  private readonly used = new Map<Period, Snapshot>();
  private others?: Promise<string>;

  constructor(readonly state: DomainState) {}

  /** A year's snapshot as readers get it now; the same one for the rest of this view. */
  async snapshot(period: Period): Promise<Snapshot> {
    const have = this.used.get(period);
    if (have) return have;
    const s = await publishedSnapshotsOf(this.state).ensure(period);
    if (!s) throw new ApiError(503, 'KEINE_GEBIETE', 'Es ist noch keine Gebietsgliederung oder kein Katalog hinterlegt.');
    // a concurrent call may have taken it meanwhile: the first one stays
    if (!this.used.has(period)) this.used.set(period, s);
    return this.used.get(period)!;
  }

  /** Published Kennzahlen as publishedIndicators gives them to a reader: areas in the order given, each with `ids` (default: the catalogue's). */
  async indicators(period: Period, areas: string[], ids?: string[]): Promise<PublishedIndicatorRow[]> {
    const s = await this.snapshot(period);
    return snapshotIndicators(s, areas, ids ?? [...((await this.state.catalogue())?.kennzahlen.keys() ?? [])]);
  }

  /** Published counts as publishedValues gives them to a reader (sorted by area, then Merkmal). */
  async values(period: Period, areas?: string[], variables?: string[]): Promise<PublishedValueRow[]> {
    return snapshotValues(await this.snapshot(period), areas, variables);
  }

  /** Time of the newest release of the year as the snapshot shows it (undefined: never released). */
  async datenstand(period: Period): Promise<string | undefined> {
    return (await this.snapshot(period)).datenstand;
  }

  /** The years read so far with the key of their snapshot. */
  deps(): Map<Period, string> {
    return new Map([...this.used].map(([p, s]) => [p, s.key]));
  }

  /** What a report answer shows besides the snapshots: released years, Sozialindex setting, areas and catalogue. */
  other(): Promise<string> {
    this.others ??= (async () => {
      const [periods, si, v] = await Promise.all([this.state.storage.releasedPeriods(), sozialindexInForce(this.state), this.state.storage.versions()]);
      return JSON.stringify([periods, si, v.areas, v.catalogue]);
    })();
    return this.others;
  }
}

interface Entry {
  deps: Map<Period, string>;
  other: string;
  value: unknown;
  bytes: number;
}

/** Kept answers per server: at most this many, and this many bytes (the whole print document of six years is about 1 MB). */
const MAX_ENTRIES = 400;
const MAX_BYTES = 96 * 1024 * 1024;

class ReaderCache {
  private entries = new Map<string, Entry>();
  private bytes = 0;

  async get<T>(view: ReaderView, name: string, make: () => Promise<T>, size: (v: T) => number): Promise<{ value: T; key: string }> {
    const hit = this.entries.get(name);
    if (hit && hit.other === (await view.other())) {
      let valid = true;
      for (const [p, key] of hit.deps) if ((await view.snapshot(p)).key !== key) valid = false;
      if (valid) {
        // most recently used last
        this.entries.delete(name);
        this.entries.set(name, hit);
        return { value: hit.value as T, key: keyOf(name, hit) };
      }
    }
    const other = await view.other();
    const value = await make();
    const entry: Entry = { deps: view.deps(), other, value, bytes: size(value) };
    // a one-off query with a long list is not kept
    if (name.length <= 2000) this.put(name, entry);
    return { value, key: keyOf(name, entry) };
  }

  private put(name: string, entry: Entry): void {
    const old = this.entries.get(name);
    if (old) this.bytes -= old.bytes;
    this.entries.delete(name);
    this.entries.set(name, entry);
    this.bytes += entry.bytes;
    while (this.entries.size > MAX_ENTRIES || (this.bytes > MAX_BYTES && this.entries.size > 1)) {
      const [first, e] = this.entries.entries().next().value!;
      this.entries.delete(first);
      this.bytes -= e.bytes;
    }
  }
}

/** The key an answer is filed under: its name, the snapshots it was built from and the rest it shows (public facts only). */
const keyOf = (name: string, e: Entry): string => JSON.stringify([name, [...e.deps].sort(), e.other]);

const caches = new WeakMap<DomainState, ReaderCache>();

/**
 * A finished report answer filed under `name` (route and query): kept while the snapshots it was
 * built from are those readers get; else `make()` builds it with `view`. Returns the value and the
 * key it is filed under (the print document's PDF is cached under that key).
 */
export function readerCached<T>(view: ReaderView, name: string, make: () => Promise<T>, size: (v: T) => number): Promise<{ value: T; key: string }> {
  let c = caches.get(view.state);
  if (!c) caches.set(view.state, (c = new ReaderCache()));
  return c.get(view, name, make, size);
}

/**
 * A report answer (HTML, JSON, CSV, xlsx) built from the readers' snapshots, kept under the
 * request's address (path and query) until a release changes what it shows; sent with sendAnswer
 * (ETag, 304, gzip).
 */
export async function readerAnswer(state: DomainState, req: Request, type: string, make: (view: ReaderView) => Promise<string | Buffer>): Promise<Answer> {
  const view = new ReaderView(state);
  const { value } = await readerCached(view, `answer|${req.originalUrl}`, async () => makeAnswer(type, await make(view)), (a) => a.body.length + (a.gzip?.length ?? 0));
  return value;
}
