/** Tables for the disclosure tests: the demo Kreis and random hierarchies with many small counts. */
import { AreaTree, IndicatorEngine, ValueTable, standardCatalogue, type Area, type Catalogue, type ValueRow } from '../../shared';
import { generateDemoKreis } from '../../shared/demo/generate';
import { mulberry32 } from '../../shared/demo/random';

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
 */
export function randomTable(seed: number): Table {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const small = () => (r() < 0.15 ? int(5, 40) : int(0, 6));
  const areas: Area[] = [{ code: '05954', name: 'Kreis', ebene: 'kreis', parent: null }];
  const rows: ValueRow[] = [];
  const catalogue = standardCatalogue();
  const byLevel = (ebene: string) => [...catalogue.merkmale.values()].filter((m) => m.additiv && m.tiefsteEbene === ebene && !AGE.includes(m.id) && !HH.includes(m.id) && m.id !== 'bevoelkerung' && m.id !== 'hh_gesamt');
  const nStadt = int(1, 3);
  for (let s = 0; s < nStadt; s++) {
    const stadt = `05954${String(4 + s * 4).padStart(3, '0')}`;
    areas.push({ code: stadt, name: `Stadt ${s}`, ebene: 'stadt', parent: '05954' });
    for (const m of byLevel('stadt')) rows.push({ area: stadt, variable: m.id, value: small() });
    const nGt = int(1, 4);
    for (let g = 1; g <= nGt; g++) {
      const gt = `${stadt}-${String(g).padStart(2, '0')}`;
      areas.push({ code: gt, name: `GT ${g}`, ebene: 'gemeindeteil', parent: stadt });
      for (const m of byLevel('gemeindeteil')) rows.push({ area: gt, variable: m.id, value: small() });
      const nBb = int(1, 5);
      for (let b = 1; b <= nBb; b++) {
        const bb = `${gt}-${String(b).padStart(4, '0')}`;
        areas.push({ code: bb, name: `BB ${b}`, ebene: 'baublock', parent: gt });
        const age = AGE.map(() => small());
        const hh = HH.map(() => small());
        AGE.forEach((v, i) => rows.push({ area: bb, variable: v, value: age[i]! }));
        HH.forEach((v, i) => rows.push({ area: bb, variable: v, value: hh[i]! }));
        rows.push({ area: bb, variable: 'bevoelkerung', value: age.reduce((x, y) => x + y, 0) });
        rows.push({ area: bb, variable: 'hh_gesamt', value: hh.reduce((x, y) => x + y, 0) });
        for (const m of byLevel('baublock')) rows.push({ area: bb, variable: m.id, value: small() });
      }
    }
  }
  return tableOf(catalogue, AreaTree.build(areas), '2024', ValueTable.fromRows('2024', rows));
}
