/**
 * The Land of the Land benchmark (shared/demo/land.ts), at a small scale so the test stays quick:
 * NRW's frame (31 Kreise, 22 kreisfreie Städte, 396 Gemeinden), a valid tree, consistent counts
 * (age bands sum to the population), and every Gemeinde's values pass the validation as a
 * submission of the Kreis without errors.
 */
import { AreaTree } from '../shared/areas/areas';
import { ALTERSGRUPPEN } from '../shared/catalogue/altersgruppen';
import { standardCatalogue } from '../shared/catalogue/standard';
import { demoLandGliederung, generateDemoLand, LAND_GEMEINDEN, LAND_KREISE, LAND_KREISFREIE_STAEDTE } from '../shared/demo/land';
import { validateDataset } from '../shared/validation/validate';

const MASSSTAB = 0.01;
const land = generateDemoLand({ massstab: MASSSTAB });
const tree = AreaTree.build(land.areas);

describe('Demo-Land (Bench „land“)', () => {
  test('NRW-Rahmen: Land 05, 31 Kreise, 22 kreisfreie Städte direkt unter dem Land, 396 Gemeinden', () => {
    expect(tree.root.code).toBe('05');
    expect(tree.atLevel('kreis')).toHaveLength(LAND_KREISE);
    expect(land.counts.kreise).toBe(31);
    const staedte = tree.atLevel('stadt');
    expect(staedte).toHaveLength(LAND_GEMEINDEN);
    expect(staedte.filter((s) => s.parent === '05')).toHaveLength(LAND_KREISFREIE_STAEDTE);
    expect(staedte.filter((s) => s.parent !== '05').every((s) => tree.get(s.parent!)!.ebene === 'kreis')).toBe(true);
    // every Kreis has Gemeinden; codes have the official shapes
    for (const k of tree.atLevel('kreis')) expect(staedte.some((s) => s.parent === k.code && s.code.startsWith(k.code))).toBe(true);
    expect(staedte.every((s) => /^05[0-9]{6}$/.test(s.code))).toBe(true);
    expect(land.einwohner / (18_000_000 * MASSSTAB)).toBeGreaterThan(0.9);
  });

  test('in voller Größe (nur der Rahmen): etwa 100.000 Baublöcke mit etwa 18 Millionen Einwohnern', () => {
    const full = demoLandGliederung();
    expect(full.staedte).toHaveLength(LAND_GEMEINDEN);
    expect(full.bloecke.length).toBeGreaterThan(90_000);
    expect(full.bloecke.length).toBeLessThan(115_000);
    const einwohner = full.bloecke.reduce((s, b) => s + b.basis, 0);
    expect(einwohner).toBeGreaterThan(17_000_000);
    expect(einwohner).toBeLessThan(19_000_000);
  });

  test('deterministisch: derselbe Seed gibt dieselben Werte, ein anderer andere', () => {
    const again = generateDemoLand({ massstab: MASSSTAB });
    expect(again.gemeinden[5]!.rows).toEqual(land.gemeinden[5]!.rows);
    // another seed draws another frame (and so other values); the frame alone is quick to compare
    expect(demoLandGliederung({ massstab: MASSSTAB, seed: 6 }).bloecke.map((b) => b.basis)).not.toEqual(demoLandGliederung({ massstab: MASSSTAB }).bloecke.map((b) => b.basis));
  });

  test('stimmig: Altersgruppen summieren sich zur Bevölkerung jedes Baublocks', () => {
    const blocks = new Map<string, Map<string, number>>();
    for (const g of land.gemeinden) {
      for (const r of g.rows) {
        if (tree.get(r.area)!.ebene !== 'baublock') continue;
        let m = blocks.get(r.area);
        if (!m) blocks.set(r.area, (m = new Map()));
        m.set(r.variable, r.value);
      }
    }
    expect(blocks.size).toBe(land.counts.baublocks);
    for (const m of blocks.values()) expect(ALTERSGRUPPEN.reduce((s, a) => s + m.get(a)!, 0)).toBe(m.get('bevoelkerung'));
  });

  test('jede Gemeinde besteht die Prüfung als Meldung des Kreises ohne Fehler', () => {
    const catalogue = standardCatalogue();
    for (const g of land.gemeinden.slice(0, 12)) {
      const r = validateDataset({ period: land.period, rows: g.rows }, { catalogue, tree, submitter: { rolle: 'kreis' } });
      expect(r.errors.slice(0, 3).map((e) => e.message)).toEqual([]);
    }
    const r = validateDataset({ period: land.period, rows: land.landRows }, { catalogue, tree, submitter: { rolle: 'kreis' } });
    expect(r.errors).toEqual([]);
  });

  test('unsinniger Maßstab wird abgelehnt', () => {
    expect(() => generateDemoLand({ massstab: 0 })).toThrow(/massstab/);
    expect(() => generateDemoLand({ massstab: 2 })).toThrow(/massstab/);
  });
});
