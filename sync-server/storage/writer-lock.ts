/**
 * Writers of one Meldebereich and year wait for each other instead of retrying (issue 17): a
 * submission is checked against the values it will be stored on top of, so checking and storing
 * must not interleave with another writer of the same Meldebereich. Writers of different
 * Meldebereiche run in parallel.
 *
 * This is the in-process part, shared by both backends: one queue per key ("2024|05954036").
 * A writer touching several Meldebereiche (a Kreis submission spanning Städte) takes its keys in
 * sorted order, so two such writers cannot wait for each other in a circle. PostgreSQL adds a
 * database lock per key on top (postgres.ts: pg_advisory_lock), for several server processes on
 * one database; SQLite's file has one server process, and its append runs in BEGIN IMMEDIATE with
 * a busy timeout against other processes (the CLI).
 */
export class KeyedMutex {
  private tails = new Map<string, Promise<void>>();

  /** Runs fn while holding every key (deduplicated, taken in sorted order). */
  async with<T>(keys: string[], fn: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const releases: (() => void)[] = [];
    try {
      for (const key of sorted) releases.push(await this.acquire(key));
      return await fn();
    } finally {
      for (const release of releases.reverse()) release();
    }
  }

  private async acquire(key: string): Promise<() => void> {
    const before = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = before.then(() => mine);
    this.tails.set(key, tail);
    await before;
    return () => {
      release();
      // the last in the queue cleans up, so the map does not grow with every year and Meldebereich
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}

/** The lock key of a Meldebereich in a year. */
export const writerKey = (period: string, scope: string): string => `${period}|${scope}`;

/** At most `n` holders at once; the others wait in order. */
export class Semaphore {
  private waiting: (() => void)[] = [];
  constructor(private free: number) {}

  async with<T>(fn: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}
