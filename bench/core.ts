/**
 * Benchmark of the domain core on the demo Kreis (about 320,000 inhabitants, all Baublöcke):
 *  - validation of one whole year as the Kreis would submit it, against the floor of a plain
 *    zod schema check of the same rows (types and ranges only, no consistency rules);
 *  - every Kennzahl for every area and year with the IndicatorEngine, against the same counts
 *    summed by SQLite (GROUP BY over an ancestor table, better-sqlite3 in memory) with the formulas
 *    applied in JavaScript. Both must give identical results; the benchmark fails otherwise.
 */
import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import {
  AreaTree,
  IndicatorEngine,
  ValueTable,
  shiftPeriod,
  standardCatalogue,
  validateDataset,
} from '../shared';
import { generateDemoKreis } from '../shared/demo';
import { z } from '../shared/zod-de';

function time<T>(fn: () => T, repeat = 3): { ms: number; result: T } {
  let best = Infinity;
  let result!: T;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    result = fn();
    best = Math.min(best, performance.now() - t0);
  }
  return { ms: best, result };
}

export function benchCore(): void {
  const catalogue = standardCatalogue();
  const gen = time(() => generateDemoKreis(), 1);
  const demo = gen.result;
  const tree = AreaTree.build(demo.areas);
  const latest = demo.datasets[demo.datasets.length - 1]!;
  console.log(`Demo-Kreis: ${tree.size} Gebiete, ${demo.datasets.length} Jahre, erzeugt in ${gen.ms.toFixed(0)} ms`);

  // 1. Validation of one year.
  const rowSchema = z.array(z.object({ area: z.string(), variable: z.string(), value: z.number().int().min(0) }));
  const floor = time(() => rowSchema.parse(latest.rows));
  const full = time(() => validateDataset(latest, { catalogue, tree, submitter: { rolle: 'kreis' } }));
  if (!full.result.ok) throw new Error(`Demo-Datensatz ${latest.period} ist ungültig: ${full.result.errors[0]?.message}`);
  console.log(
    `Prüfung ${latest.period}: ${latest.rows.length} Zeilen in ${full.ms.toFixed(0)} ms (${Math.round(latest.rows.length / (full.ms / 1000))} Zeilen/s); ` +
      `Vergleich zod-Schema allein (nur Typ und Bereich): ${floor.ms.toFixed(0)} ms; Verhältnis ${(full.ms / floor.ms).toFixed(1)}x`,
  );

  // 2. Every Kennzahl, every area, every year that has t-5 available or not (status counted too).
  const periods = demo.datasets.map((d) => d.period);
  const table = new ValueTable();
  for (const d of demo.datasets) table.addRows(d.period, d.rows);
  const kennzahlen = [...catalogue.kennzahlen.values()];
  const areas = tree.all().map((a) => a.code);
  const engineRun = time(() => {
    const engine = new IndicatorEngine(catalogue, tree, table);
    const out = new Map<string, number | null>();
    for (const p of periods) for (const a of areas) for (const k of kennzahlen) out.set(`${a}|${k.id}|${p}`, engine.indicator(k.id, a, p).value);
    return out;
  });
  const cells = engineRun.result.size;

  const sqlRun = time(() => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE werte (area TEXT, merkmal TEXT, period TEXT, value INTEGER); CREATE TABLE vorfahren (area TEXT, ancestor TEXT);');
    const insV = db.prepare('INSERT INTO werte VALUES (?, ?, ?, ?)');
    const insA = db.prepare('INSERT INTO vorfahren VALUES (?, ?)');
    db.transaction(() => {
      for (const d of demo.datasets) for (const r of d.rows) insV.run(r.area, r.variable, d.period, r.value);
      for (const a of areas) for (const x of [a, ...tree.ancestors(a)]) insA.run(a, x);
    })();
    // Additive Merkmale: sum over the subtree; not additive (moves): as reported for the area.
    const rows = db
      .prepare(
        `SELECT v.ancestor AS area, w.merkmal, w.period, SUM(w.value) AS value
           FROM werte w JOIN vorfahren v ON v.area = w.area
          WHERE w.merkmal NOT IN ('zuzuege', 'fortzuege')
          GROUP BY v.ancestor, w.merkmal, w.period
         UNION ALL
         SELECT area, merkmal, period, value FROM werte WHERE merkmal IN ('zuzuege', 'fortzuege')`,
      )
      .all() as { area: string; merkmal: string; period: string; value: number }[];
    db.close();
    const counts = new Map(rows.map((r) => [`${r.area}|${r.merkmal}|${r.period}`, r.value]));
    const out = new Map<string, number | null>();
    const lin = (e: (typeof kennzahlen)[number]['zaehler'], a: string, p: string): number | undefined => {
      let s = e.constant;
      for (const t of e.terms) {
        const v = counts.get(`${a}|${t.merkmal}|${shiftPeriod(p, t.offset)}`);
        if (v === undefined) return undefined;
        s += t.coefficient * v;
      }
      return s;
    };
    const depth = { land: 0, kreis: 1, stadt: 2, stadtbezirk: 3, gemeindeteil: 4, baublock: 5 } as const;
    for (const p of periods)
      for (const a of areas)
        for (const k of kennzahlen) {
          const n = depth[tree.get(a)!.ebene] > depth[k.tiefsteEbene] ? undefined : lin(k.zaehler, a, p);
          const d = n === undefined ? undefined : lin(k.nenner, a, p);
          out.set(`${a}|${k.id}|${p}`, n === undefined || d === undefined || d === 0 ? null : (n * k.faktor) / d);
        }
    return out;
  });

  let differ = 0;
  for (const [key, v] of engineRun.result) if (sqlRun.result.get(key) !== v) differ++;
  if (differ > 0) throw new Error(`IndicatorEngine und SQLite-Vergleich weichen in ${differ} von ${cells} Zellen ab`);
  console.log(
    `Kennzahlen: ${kennzahlen.length} x ${areas.length} Gebiete x ${periods.length} Jahre = ${cells} Zellen; ` +
      `IndicatorEngine ${engineRun.ms.toFixed(0)} ms (${Math.round(cells / (engineRun.ms / 1000))} Zellen/s), ` +
      `SQLite GROUP BY + Formeln ${sqlRun.ms.toFixed(0)} ms; Verhältnis SQLite/Engine ${(sqlRun.ms / engineRun.ms).toFixed(2)}x; alle Werte identisch`,
  );
}

if (require.main === module) benchCore();
