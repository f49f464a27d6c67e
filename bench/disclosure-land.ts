/**
 * `npm run bench disclosure-land [-- --massstab 0.02,0.05]`: the secondary suppression of a Land
 * (issue 17) without server or database, to see how `suppressTable` grows with the Land. For each
 * scale of `generateDemoLand` (default 0.02, 0.05, 0.1) the engine counts of 2024 are summed first
 * (not timed: every cell read once), then `suppressTable` is timed alone; the demo Kreis is the
 * named peer. Printed per table: Baublöcke, cells with a value, primary and secondary cells, time,
 * time per 1,000 Baublöcke and a hash of the pattern (sorted cells with their kind), so that a
 * change to the search can be checked to leave the pattern as it was.
 *
 * Profile it: `npm run build && node --cpu-prof --cpu-prof-dir=/tmp/prof dist/bench/run.js disclosure-land`.
 */
import { performance } from 'node:perf_hooks';
import { AreaTree, IndicatorEngine, ValueTable, standardCatalogue } from '../shared';
import { generateDemoLand } from '../shared/demo/land';
import { suppressTable, type ModuleResult, type SuppressionMethod } from '../shared/disclosure';
import { demoTable, patternHash, type Table } from '../tests/disclosure/fixtures';

/** The Land at `massstab` as a table of counts (2024), read once into a map so no timing includes the engine. */
export function landTable(massstab: number): Table & { baublocks: number } {
  const land = generateDemoLand({ massstab });
  const catalogue = standardCatalogue();
  const tree = AreaTree.build(land.areas);
  const values = new ValueTable();
  values.addRows(land.period, [...land.landRows, ...land.gemeinden.flatMap((g) => g.rows)]);
  return { ...cached(catalogue, tree, land.period, values), baublocks: land.counts.baublocks };
}

function cached(catalogue: Table['catalogue'], tree: AreaTree, period: string, values: ValueTable): Table {
  const engine = new IndicatorEngine(catalogue, tree, values);
  const memo = new Map<string, number | undefined>();
  for (const a of tree.all()) for (const m of catalogue.merkmale.keys()) memo.set(`${a.code}\u0000${m}`, engine.count(a.code, m, period).value);
  return { catalogue, tree, period, count: (a, m) => memo.get(`${a}\u0000${m}`) };
}

function line(name: string, t: Table, blocks: number, method: SuppressionMethod = {}): number {
  let cellsWithValue = 0;
  for (const a of t.tree.all()) for (const m of t.catalogue.merkmale.keys()) if (t.count(a.code, m) !== undefined) cellsWithValue++;
  // CPU time beside the wall time: the machine is shared, CPU time is what the search itself costs
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const p = suppressTable(t.catalogue, t.tree, t.count, {}, method);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `  ${name.padEnd(22)} ${String(blocks).padStart(6)} Baublöcke, ${String(cellsWithValue).padStart(8)} Zellen, primär ${String(p.stats.primaer).padStart(6)}, ` +
      `sekundär ${String(p.stats.sekundaer).padStart(6)}; ${(ms / 1000).toFixed(2)} s, CPU ${(cpuMs / 1000).toFixed(2)} s ` +
      `(${((1000 * cpuMs) / blocks).toFixed(0)} ms CPU je 1.000 Blöcke); Muster ${patternHash(p)}` +
      (p.unprotected.length + p.unprotectedFromInsider.length > 0 ? `; UNGESCHÜTZT ${p.unprotected.length} / gegen Kommunen ${p.unprotectedFromInsider.length}` : ''),
  );
  if (method.modular !== false && p.stats.suchenJeKreis + p.stats.kreiseAusZwischenspeicher > 0)
    console.log(
      `    Suchen je Kreis ${p.stats.suchenJeKreis} (${p.stats.kreiseGesucht} Kreise gesucht, ${p.stats.kreiseAusZwischenspeicher} aus dem Zwischenspeicher), ` +
        `über das ganze Land ${p.stats.suchenGanz}; Spitze des Prozesses ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
    );
  return cpuMs;
}

export function massstaebeFromArgs(argv: string[]): number[] {
  const i = argv.indexOf('--massstab');
  if (i < 0) return [0.02, 0.05, 0.1];
  const raw = argv[i + 1] ?? '';
  const out = raw.split(',').map(Number);
  if (out.length === 0 || out.some((m) => !(m > 0 && m <= 1))) throw new Error(`--massstab „${raw}“: erwartet werden Zahlen größer als 0 und höchstens 1, durch Komma getrennt, z. B. 0.02,0.05`);
  return out;
}

export function benchDisclosureLand(massstaebe: number[]): void {
  console.log('\nGeheimhaltung eines Landes ohne Server (suppressTable allein, 2024; Zählen der Werte nicht in der Zeit)');
  const demo = demoTable();
  line('Demo-Kreis (Vergleich)', demo, demo.tree.all().filter((a) => a.ebene === 'baublock').length);
  // the peer of each Land: the same table searched over the whole Land (`modular: false`, the method
  // before „Geheimhaltung je Kreis“); `--ohne-vergleich` leaves it out (at 0.25 it takes minutes)
  const peer = !process.argv.includes('--ohne-vergleich');
  for (const m of massstaebe) {
    const t = landTable(m);
    const cache = new Map<string, ModuleResult>();
    const je = line(`Land ${m}, je Kreis`, t, t.baublocks, { moduleCache: cache });
    // a release after one Gemeinde's submission: one Baublock of the first Kreis changes (hlu + 1 up
    // its ancestors), the other Kreise come from the module cache
    const block = t.tree.all().find((a) => a.ebene === 'baublock' && t.tree.get(t.tree.ancestors(a.code).find((x) => t.tree.get(x)!.ebene === 'kreis') ?? '')?.parent === '05' && t.count(a.code, 'hlu') !== undefined)!;
    const up = new Set([block.code, ...t.tree.ancestors(block.code)]);
    const changed: Table = { ...t, count: (a, mm) => (mm === 'hlu' && up.has(a) ? t.count(a, mm)! + 1 : t.count(a, mm)) };
    const eine = line(`  nach einer Meldung`, changed, t.baublocks, { moduleCache: cache });
    console.log(`    nach der Meldung einer Gemeinde braucht die Freigabe ${(eine / je).toFixed(2)} der CPU-Zeit der ersten`);
    if (!peer) continue;
    const ganz = line(`Land ${m}, ganzes Land`, t, t.baublocks, { modular: false });
    console.log(`    je Kreis braucht ${(je / ganz).toFixed(2)} der CPU-Zeit der Suche über das ganze Land`);
  }
}
