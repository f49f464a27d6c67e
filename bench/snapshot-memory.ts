/**
 * The readers' snapshots' share of memory on the demo Kreis (issue 17): the heap they hold after a
 * forced garbage collection, in the compact form (sync-server/compact-rows.ts) next to the form
 * before (one object per row, a Map keyed by "area\0Kennzahl"; rebuilt here from the same rows), and
 * the time the warm start needs for all released years; and checks that the compact form gives the
 * rows the publication computes, JSON byte for byte. Run by `npm run bench server` in a child
 * process with --expose-gc (`node --expose-gc dist/bench/snapshot-memory.js`), so that the figures
 * are not blurred by the rest of the benchmark.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Period, Role } from '../shared';
import { zahl } from '../shared/format/zahlen';
import { bootstrap } from '../sync-server/bootstrap';
import { DomainState } from '../sync-server/domain';
import { publishedIndicators, publishedValues, type PublishedIndicatorRow, type PublishedValueRow } from '../sync-server/publication';
import { type Snapshot, publishedSnapshotsOf, snapshotIndicators, snapshotValues } from '../sync-server/published-snapshot';
import { databaseFile } from '../sync-server/config';
import { SqliteStorage } from '../sync-server/storage/sqlite';

const LESER: Role = { rolle: 'leser' };
const MB = 1024 * 1024;

/** heap and RSS after two full collections */
function settled(): { heap: number; rss: number } {
  const gc = (globalThis as { gc?: () => void }).gc!;
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.arrayBuffers, rss: m.rss };
}

/** The form before: every row as the publication gives it, and a Map to find one. */
interface ObjectSnapshot {
  rows: PublishedIndicatorRow[];
  index: Map<string, PublishedIndicatorRow>;
  values: PublishedValueRow[];
}

async function measure(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sozialmonitor-snapmem-'));
  const storage = new SqliteStorage(databaseFile(dir));
  try {
    await bootstrap(storage, { dataDir: dir, demo: true, log: () => undefined });
    const state = new DomainState(storage);
    const years = (await storage.releasedPeriods()).slice().sort().reverse();
    const { tree } = await state.areas();
    const areas = tree!.all().map((a) => a.code).sort();
    // the engines and suppression patterns of every year first: they are not the snapshots' share
    const empty = settled();
    for (const period of years) {
      await publishedIndicators(state, { period, role: LESER, areas });
      await publishedValues(state, { period, role: LESER, areas });
    }
    let base = settled();
    const engines = base.heap - empty.heap;
    const objects: ObjectSnapshot[] = [];
    for (const period of years) {
      const rows = await publishedIndicators(state, { period, role: LESER, areas });
      objects.push({ rows, index: new Map(rows.map((r) => [`${r.area}\u0000${r.indicator}`, r])), values: await publishedValues(state, { period, role: LESER, areas }) });
    }
    const withObjects = settled();
    const cells = objects.reduce((s, o) => s + o.rows.length + o.values.length, 0);
    objects.length = 0;
    base = settled();
    const snapshots = publishedSnapshotsOf(state);
    const t0 = performance.now();
    const kept: Snapshot[] = [];
    for (const period of years) kept.push((await snapshots.ensure(period as Period))!);
    const ms = performance.now() - t0;
    const compact = settled();
    const old = withObjects.heap - base.heap;
    const now = compact.heap - base.heap;
    const shapes = kept.reduce((s, k) => s + k.indicators.shapeCount + k.values.shapeCount, 0);
    // the compact form gives the same rows as the publication computes: JSON byte for byte
    for (const s of kept) {
      const period = s.head.period;
      const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
      if (!same(snapshotIndicators(s, areas, s.names.ids), await publishedIndicators(state, { period, role: LESER, areas }))) throw new Error(`Kennzahlen ${period}: kompakt anders als berechnet`);
      if (!same(snapshotValues(s), await publishedValues(state, { period, role: LESER, areas }))) throw new Error(`Zählwerte ${period}: kompakt anders als berechnet`);
    }
    process.stdout.write(
      `Momentaufnahmen der Leser, Demo-Kreis, ${years.length} Jahre (${zahl(areas.length)} Gebiete, ${zahl(cells)} Zeilen): ` +
        `Heap nach Speicherbereinigung ${zahl(now / MB, 1)} MB kompakt gegen ${zahl(old / MB, 1)} MB als Objekte wie vorher ` +
        `(${zahl(old / Math.max(now, 1), 1)}×; RSS-Zuwachs ${zahl((compact.rss - base.rss) / MB)} gegen ${zahl((withObjects.rss - base.rss) / MB)} MB), ` +
        `${zahl(shapes)} Zeilenformen, JSON gleich wie berechnet; alle Jahre berechnet in ${zahl(ms / 1000, 1)} s (Rechenwerke und Sperrmuster schon da). ` +
        `Zum Vergleich: die Rechenwerke derselben Jahre (IndicatorCache: Zählwerte, Kennzahlen, Sperrmuster) ${zahl(engines / MB)} MB\n`,
    );
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs the measurement in a child process with --expose-gc and prints its line. */
export function benchSnapshotMemory(): void {
  const r = spawnSync(process.execPath, ['--expose-gc', __filename, 'run'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(`  ${r.status === 0 ? r.stdout : `Momentaufnahmen-Speicher: Messung fehlgeschlagen (Exit ${r.status})\n`}`);
}

if (require.main === module && process.argv[2] === 'run') {
  measure().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}
