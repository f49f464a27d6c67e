/**
 * Finished answers of the roles that see raw values (Kreis: every area; a Kommune: its own Stadt),
 * kept per role, query and state of the data (issue 17): a repeated whole-Kreis table is a lookup
 * and a send of bytes made once (JSON or CSV, gzip, ETag), instead of checking every row against the
 * release's suppression pattern, writing it as JSON and gzipping it per request.
 *
 * An answer is filed under everything it depends on (`RawKey`):
 *  - who asks, as far as it changes the answer: `kreis`, or `kommune:<AGS>` (a Kommune sees its own
 *    Stadt raw and the rest as released; two Kommunen never share an answer, nor a Kommune the Kreis's);
 *  - the route and the normalised query (period, areas, ebene, Kennzahlen or Merkmale, format);
 *  - `inputsKey(…, 'aktuell')`: catalogue version, areas version, demo flag, and for the period and
 *    every period its formulas read (t-5) both the current values version (raw rows) and the released
 *    version (the `geheimhaltung` marks and the rows of other cities come from the release).
 *    Both count the commits of the period in commit order (storage/period-versions.ts), so every
 *    submission and release moves the key, in this process or another. (An in-process counter of
 *    accepted submissions used to cover PostgreSQL commits out of id order while the version was the
 *    largest id; it covered this process only and is gone with the counter in the database.)
 * The thresholds of the Geheimhaltung are read once per server (publication.ts), so they are the
 * same for every answer of this cache; readers (`leser`) are never served from it (they have the
 * snapshot of the released state, published-snapshot.ts).
 *
 * The key is read before anything the answer is computed from and again afterwards; only when both
 * are equal is the answer kept (a write in between may have mixed two states). Since every counter
 * only grows, a kept answer is never served after a write: the key of the next request differs.
 * One answer per role and query is kept (a new state replaces the old one), the least recently used
 * go first beyond MAX_RAW_ANSWERS answers or MAX_RAW_BYTES bytes (plain plus gzipped); an answer
 * larger than half of that (a Land's whole table) is sent but not kept, as are queries with very
 * long lists of areas (one-off queries). Requests for the same key while it is computed wait for
 * that computation instead of starting their own.
 */
import { shiftPeriod, type Period, type Role } from '../shared';
import type { Datenstand, DomainState } from './domain';
import type { Answer } from './http/answer';

/** Answers kept at most (each role × query × format counts once). */
export const MAX_RAW_ANSWERS = 32;
/** Bytes kept at most (body plus gzip): the demo Kreis's whole raw table is 9 MB of JSON plus its gzip. */
export const MAX_RAW_BYTES = 64 * 1024 * 1024;
/** Longer queries (long lists of areas) are one-off: answered, not kept. */
const MAX_QUERY_CHARS = 2000;

/**
 * What an answer of `period` computed from the values in state `stand` depends on in the database:
 * catalogue, areas, demo flag, and the version of every period the formulas read, t-5 included
 * (for `aktuell` the current and the released version, for `freigegeben` the released one only).
 */
export async function inputsKey(state: DomainState, period: Period, stand: Datenstand): Promise<string> {
  const catalogue = await state.catalogue();
  const offsets = [...new Set([0, ...[...(catalogue?.kennzahlen.values() ?? [])].flatMap((k) => k.perioden)])].sort((a, b) => a - b);
  const periods = offsets.map((o) => shiftPeriod(period, o));
  const [general, demo, ...each] = await Promise.all([state.storage.versions(), state.isDemo(), ...periods.map((p) => state.storage.versions(p))]);
  const parts = [catalogue?.version ?? '-', String(general.areas), demo ? 'demo' : ''];
  periods.forEach((p, i) => parts.push(stand === 'aktuell' ? `${p}:${each[i]!.values}:${each[i]!.released}` : `${p}:${each[i]!.released}`));
  return parts.join('|');
}

/** Where a role's answer is filed: the query (with who asks) and the state of the data it shows. */
export interface RawKey {
  query: string;
  period: Period;
  inputs: string;
}

interface Kept {
  inputs: string;
  answer: Answer;
  bytes: number;
}

const sizeOf = (a: Answer): number => a.body.length + (a.gzip?.length ?? 0);

export class RawAnswers {
  /** by query (role included); Map order is the LRU order, least recently used first */
  private kept = new Map<string, Kept>();
  private bytes = 0;
  private running = new Map<string, Promise<Answer>>();
  /** answers served from the cache, computed, and computed but not kept (too large, or a write came in between) */
  readonly stats = { hits: 0, computed: 0, notKept: 0 };

  constructor(
    private readonly state: DomainState,
    readonly limits: { answers: number; bytes: number } = { answers: MAX_RAW_ANSWERS, bytes: MAX_RAW_BYTES },
  ) {}

  /** Bytes kept now (body plus gzip of every answer). */
  get size(): { answers: number; bytes: number } {
    return { answers: this.kept.size, bytes: this.bytes };
  }

  /**
   * The key of `role`'s answer to `query` (route and normalised parameters) about `period`; to be read
   * before anything the answer is computed from. Undefined for readers and for over-long queries:
   * those are computed every time.
   */
  async keyOf(role: Role, query: string, period: Period): Promise<RawKey | undefined> {
    if (role.rolle === 'leser' || query.length > MAX_QUERY_CHARS) return undefined;
    const who = role.rolle === 'kreis' ? 'kreis' : `kommune:${role.ags}`;
    return { query: `${who}\u0000${period}\u0000${query}`, period, inputs: await this.inputs(period) };
  }

  /** The answer filed under `key`, made by `make` (and kept) when there is none. */
  async answer(key: RawKey | undefined, make: () => Promise<Answer>): Promise<Answer> {
    if (!key) return make();
    const hit = this.kept.get(key.query);
    if (hit && hit.inputs === key.inputs) {
      // most recently used: to the end of the Map
      this.kept.delete(key.query);
      this.kept.set(key.query, hit);
      this.stats.hits++;
      return hit.answer;
    }
    const id = `${key.query}\u0000${key.inputs}`;
    const running = this.running.get(id);
    if (running) {
      this.stats.hits++;
      return running;
    }
    const computing = this.compute(key, make);
    this.running.set(id, computing);
    try {
      return await computing;
    } finally {
      this.running.delete(id);
    }
  }

  private async compute(key: RawKey, make: () => Promise<Answer>): Promise<Answer> {
    const answer = await make();
    this.stats.computed++;
    const bytes = sizeOf(answer);
    if (bytes > this.limits.bytes / 2 || (await this.inputs(key.period)) !== key.inputs) {
      this.stats.notKept++;
      return answer;
    }
    const old = this.kept.get(key.query);
    if (old) {
      this.kept.delete(key.query);
      this.bytes -= old.bytes;
    }
    this.kept.set(key.query, { inputs: key.inputs, answer, bytes });
    this.bytes += bytes;
    while (this.kept.size > this.limits.answers || this.bytes > this.limits.bytes) {
      const [oldest, entry] = this.kept.entries().next().value!;
      this.kept.delete(oldest);
      this.bytes -= entry.bytes;
    }
    return answer;
  }

  private inputs(period: Period): Promise<string> {
    return inputsKey(this.state, period, 'aktuell');
  }
}

const byState = new WeakMap<DomainState, RawAnswers>();

/** The raw answers of a DomainState (one per server). */
export function rawAnswersOf(state: DomainState): RawAnswers {
  let r = byState.get(state);
  if (!r) byState.set(state, (r = new RawAnswers(state)));
  return r;
}
