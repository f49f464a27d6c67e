/** Tables for the disclosure tests: the demo Kreis and random hierarchies with many small counts. */
import { AreaTree, IndicatorEngine, ValueTable, standardCatalogue, type Area, type Catalogue, type ValueRow } from '../../shared';
import { generateDemoKreis } from '../../shared/demo/generate';
import { mulberry32 } from '../../shared/demo/random';
import type { SuppressionPattern } from '../../shared/disclosure';
import { createHash } from 'node:crypto';

export interface Table {
  catalogue: Catalogue;
  tree: AreaTree;
  period: string;
  count: (area: string, merkmal: string) => number | undefined;
}

export function tableOf(catalogue: Catalogue, tree: AreaTree, period: string, values: ValueTable): Table {
  const engine = new IndicatorEngine(catalogue, tree, values);
  return { catalogue, tree, period, count: (a, m) => engine.count(a, m, period).value };
}

let demo: Table | undefined;
/** The demo Kreis (9 Städte, 56 Gemeindeteile, 1,578 Baublöcke), year 2024. */
export function demoTable(): Table {
  if (demo) return demo;
  const d = generateDemoKreis({ years: ['2024'] });
  const values = new ValueTable();
  for (const ds of d.datasets) values.addRows(ds.period, ds.rows);
  return (demo = tableOf(standardCatalogue(), AreaTree.build(d.areas), '2024', values));
}

/** The project's seeded generator: the same seed gives the same table. */
export const rng = mulberry32;

const AGE = ['bev_0_2', 'bev_3_5', 'bev_6_9', 'bev_10_14', 'bev_15_17', 'bev_18_19', 'bev_20_24', 'bev_25_29', 'bev_30_44', 'bev_45_59', 'bev_60_64', 'bev_65_74', 'bev_75_79', 'bev_80_plus'];
const HH = ['hh_1p', 'hh_2p', 'hh_3p', 'hh_4p', 'hh_5plus'];

/**
 * A random Kreis: 1–3 Städte, 1–4 Gemeindeteile each, 1–5 Baublöcke each; counts mostly small
 * (0–6, sometimes larger), consistent with the catalogue's sum rules; BA counts per Gemeindeteil.
 * With `teilGanzes` the counts also keep the catalogue's Teil-Ganzes rules (`hoechstens`, as the
 * server's validation demands for rules of severity Fehler): each part is cut down to its whole
 * (min of the drawn value and the bound), so many rules hold with little or no slack.
 */
export function randomTable(seed: number, opts: { teilGanzes?: boolean } = {}): Table {
  const g = randomGenerator(seed);
  g.areas.push({ code: '05954', name: 'Kreis', ebene: 'kreis', parent: null });
  g.addStaedte('05954', g.int(1, 3));
  return g.table(opts);
}

/**
 * A random Land (05) as in randomTable, for the suppression by Kreis: `kreise` Kreise of 1–2
 * Städte each and one kreisfreie Stadt (05913) directly under the Land with 1–3 Gemeindeteile.
 */
export function randomLand(seed: number, opts: { teilGanzes?: boolean; kreise?: number } = {}): Table {
  const g = randomGenerator(seed);
  g.areas.push({ code: '05', name: 'Land', ebene: 'land', parent: null });
  for (let k = 0; k < (opts.kreise ?? 2); k++) {
    const kreis = `059${String(54 + 4 * k).padStart(2, '0')}`;
    g.areas.push({ code: kreis, name: `Kreis ${k}`, ebene: 'kreis', parent: '05' });
    g.addStaedte(kreis, g.int(1, 2));
  }
  g.addStadt('05913000', '05', 'Kreisfreie Stadt', 3);
  return g.table(opts);
}

function randomGenerator(seed: number) {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const small = () => (r() < 0.15 ? int(5, 40) : int(0, 6));
  const areas: Area[] = [];
  const table = new Map<string, Map<string, number>>();
  const set = (area: string, variable: string, value: number) => {
    if (!table.has(area)) table.set(area, new Map());
    table.get(area)!.set(variable, value);
  };
  const catalogue = standardCatalogue();
  const byLevel = (ebene: string) => [...catalogue.merkmale.values()].filter((m) => m.additiv && m.tiefsteEbene === ebene && !AGE.includes(m.id) && !HH.includes(m.id) && m.id !== 'bevoelkerung' && m.id !== 'hh_gesamt');
  // (the number of Gemeindeteile is drawn after the Stadt's own counts: the order of draws is part of a seed's table)
  const addStadt = (stadt: string, parent: string, name: string, maxGt: number) => {
    areas.push({ code: stadt, name, ebene: 'stadt', parent });
    for (const m of byLevel('stadt')) set(stadt, m.id, small());
    const nGt = int(1, maxGt);
    for (let g = 1; g <= nGt; g++) {
      const gt = `${stadt}-${String(g).padStart(2, '0')}`;
      areas.push({ code: gt, name: `GT ${g}`, ebene: 'gemeindeteil', parent: stadt });
      for (const m of byLevel('gemeindeteil')) set(gt, m.id, small());
      const nBb = int(1, 5);
      for (let b = 1; b <= nBb; b++) {
        const bb = `${gt}-${String(b).padStart(4, '0')}`;
        areas.push({ code: bb, name: `BB ${b}`, ebene: 'baublock', parent: gt });
        const age = AGE.map(() => small());
        const hh = HH.map(() => small());
        AGE.forEach((v, i) => set(bb, v, age[i]!));
        HH.forEach((v, i) => set(bb, v, hh[i]!));
        set(bb, 'bevoelkerung', age.reduce((x, y) => x + y, 0));
        set(bb, 'hh_gesamt', hh.reduce((x, y) => x + y, 0));
        for (const m of byLevel('baublock')) set(bb, m.id, small());
      }
    }
  };
  return {
    areas,
    int,
    addStadt,
    addStaedte: (kreis: string, n: number) => {
      for (let s = 0; s < n; s++) addStadt(`${kreis}${String(4 + s * 4).padStart(3, '0')}`, kreis, `Stadt ${s}`, 4);
    },
    table: (opts: { teilGanzes?: boolean }): Table => {
      if (opts.teilGanzes) keepTeilGanzes(areas, table);
      const rows: ValueRow[] = [...table].flatMap(([area, vs]) => [...vs].map(([variable, value]) => ({ area, variable, value })));
      return tableOf(catalogue, AreaTree.build(areas), '2024', ValueTable.fromRows('2024', rows));
    },
  };
}

/** Cuts parts down to their wholes, Baublöcke first (Gemeindeteil and Stadt rules read their sums). */
function keepTeilGanzes(areas: Area[], table: Map<string, Map<string, number>>): void {
  const sumOf = (area: string, ms: string[]): number => {
    const own = table.get(area);
    if (own && ms.every((m) => own.has(m))) return ms.reduce((s, m) => s + own.get(m)!, 0);
    return areas.filter((a) => a.parent === area).reduce((s, a) => s + sumOf(a.code, ms), 0);
  };
  const U15 = AGE.slice(0, 4);
  const U18 = AGE.slice(0, 5);
  const A15_74 = AGE.slice(4, 12);
  const A65 = AGE.slice(11);
  for (const ebene of ['baublock', 'gemeindeteil', 'stadt']) {
    for (const a of areas.filter((x) => x.ebene === ebene)) {
      const v = table.get(a.code)!;
      const cut = (m: string, bound: number) => v.set(m, Math.max(0, Math.min(v.get(m)!, bound)));
      if (ebene === 'baublock') {
        const bev = v.get('bevoelkerung')!;
        cut('bev_weiblich', bev);
        cut('bev_migrationshintergrund', bev);
        cut('bev_auslaendisch', v.get('bev_migrationshintergrund')!);
        cut('bev_wohndauer_5plus', bev);
        v.set('wohndauer_summe_jahre', Math.min(Math.max(v.get('wohndauer_summe_jahre')!, 5 * v.get('bev_wohndauer_5plus')!), 80 * bev));
        // persons in households (5+ counted as 5) at most the population: take households away, largest first
        const persons = () => HH.reduce((s, m, i) => s + (i + 1) * v.get(m)!, 0);
        for (let i = HH.length - 1; i >= 0 && persons() > bev; ) {
          if (v.get(HH[i]!)! > 0) v.set(HH[i]!, v.get(HH[i]!)! - 1);
          else i--;
        }
        v.set('hh_gesamt', HH.reduce((s, m) => s + v.get(m)!, 0));
        cut('hh_mit_kindern', Math.min(v.get('hh_gesamt')!, sumOf(a.code, U18)));
        cut('hh_alleinerziehend', v.get('hh_mit_kindern')!);
        cut('hh_wohngeld', v.get('hh_gesamt')!);
        cut('gsiae', bev);
        cut('gsia_65plus', Math.min(v.get('gsiae')!, sumOf(a.code, A65)));
        cut('hlu', bev - v.get('gsiae')!);
        cut('geburten', v.get('bev_0_2')!);
      } else if (ebene === 'gemeindeteil') {
        cut('lb_sgb2', sumOf(a.code, ['bevoelkerung']));
        cut('elb', v.get('lb_sgb2')!);
        cut('nef_u15', Math.min(v.get('lb_sgb2')! - v.get('elb')!, sumOf(a.code, U15)));
        cut('lb_langzeit', v.get('elb')!);
        cut('svb_wohnort', sumOf(a.code, A15_74));
        cut('arbeitslose', sumOf(a.code, A15_74));
      } else {
        cut('svb_vollzeit', sumOf(a.code, ['svb_wohnort']));
        cut('svb_vollzeit_niedrig', v.get('svb_vollzeit')!);
      }
    }
  }
}

/**
 * A hash of a suppression pattern: every suppressed cell with its kind, sorted (the order in which
 * the search found them does not count), and the cells left unprotected. A change to the search that
 * must not change the result is checked against it (tests/disclosure/pattern-stable.test.ts, and
 * `npm run bench disclosure-land` for the Land).
 */
export function patternHash(p: SuppressionPattern): string {
  const lines = [...p.cells].map(([k, c]) => `${k}\u0000${c.sperre}`).sort();
  lines.push(`unprotected ${p.unprotected.join(',')}`, `insider ${p.unprotectedFromInsider.map((u) => `${u.cell}/${u.stadt}`).join(',')}`);
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
}
