/**
 * The demo Kreis (shared/demo): deterministic, a valid Gliederung with plausible geometry, datasets
 * that pass the validation as a Kreis submission without any finding, and Kennzahlen in plausible
 * ranges for the Kreis and every Stadt.
 */
import fc from 'fast-check';
import { AreaTree } from '../shared/areas/areas';
import { AreaWithGeometry, parseAreaExchange } from '../shared/areas/exchange';
import { standardCatalogue } from '../shared/catalogue/standard';
import { IndicatorEngine } from '../shared/indicators/engine';
import { ValueTable } from '../shared/indicators/values';
import { EBENEN, Ebene, ebeneDepth } from '../shared/types';
import { Finding, validateDataset } from '../shared/validation/validate';
import {
  DEMO_DEFAULT_YEARS,
  DEMO_STAEDTE,
  DemoDataset,
  boundingBox,
  boxContains,
  boxesOverlap,
  demoAreaExchange,
  demoAreaTree,
  generateDemoKreis,
  mulberry32,
  signedRingArea,
} from '../shared/demo';

const catalogue = standardCatalogue();
const demo = generateDemoKreis();
const tree = demoAreaTree(demo);
const byCode = new Map(demo.areas.map((a) => [a.code, a]));
const dataset = (period: string): DemoDataset => demo.datasets.find((d) => d.period === period)!;

/** value of one cell of a dataset, as a lookup table area -> variable -> value */
function cells(ds: DemoDataset): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const r of ds.rows) {
    let m = out.get(r.area);
    if (!m) out.set(r.area, (m = new Map()));
    m.set(r.variable, r.value);
  }
  return out;
}

const validate = (ds: unknown, t: AreaTree = tree): ReturnType<typeof validateDataset> =>
  validateDataset(ds, { catalogue, tree: t, submitter: { rolle: 'kreis' } });
const firstMessages = (findings: Finding[]): string[] => findings.slice(0, 5).map((f) => f.message);

const STAEDTE = [
  ['05954004', 'Breckerfeld'],
  ['05954008', 'Ennepetal'],
  ['05954012', 'Gevelsberg'],
  ['05954016', 'Hattingen'],
  ['05954020', 'Herdecke'],
  ['05954024', 'Schwelm'],
  ['05954028', 'Sprockhövel'],
  ['05954032', 'Wetter (Ruhr)'],
  ['05954036', 'Witten'],
];

describe('random numbers', () => {
  test('mulberry32 is deterministic and in [0, 1)', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBeGreaterThan(990);
  });
});

describe('determinism and options', () => {
  // compared as JSON text: a deep toEqual over some 100,000 rows takes seconds
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

  test('the same seed gives identical output', () => {
    const options = { seed: 42, years: ['2019', '2020'] };
    expect(same(generateDemoKreis(options), generateDemoKreis(options))).toBe(true);
  });

  test('a different seed gives different values on the same Gliederung', () => {
    const a = generateDemoKreis({ seed: 1, years: ['2024'] });
    const b = generateDemoKreis({ seed: 2, years: ['2024'] });
    expect(b.areas).toEqual(a.areas);
    const rowsA = a.datasets[0]!.rows;
    const rowsB = b.datasets[0]!.rows;
    expect(rowsB.map((r) => `${r.area} ${r.variable}`)).toEqual(rowsA.map((r) => `${r.area} ${r.variable}`));
    const differing = rowsA.filter((r, i) => r.value !== rowsB[i]!.value).length;
    expect(differing).toBeGreaterThan(rowsA.length / 2);
  });

  test('default years 2019 to 2024, ascending; label says the data are synthetic', () => {
    expect(demo.datasets.map((d) => d.period)).toEqual(['2019', '2020', '2021', '2022', '2023', '2024']);
    expect([...DEMO_DEFAULT_YEARS]).toEqual(['2019', '2020', '2021', '2022', '2023', '2024']);
    expect(demo.label).toMatch(/synthetisch/i);
    expect(demo.label).toMatch(/Demo/);
  });

  test("a year's values do not depend on which other years are requested", () => {
    const only2024 = generateDemoKreis({ years: ['2024'] });
    expect(same(only2024, { ...demo, datasets: [dataset('2024')] })).toBe(true);
    const unordered = generateDemoKreis({ years: ['2021', '2019', '2021'] });
    expect(unordered.datasets.map((d) => d.period)).toEqual(['2019', '2021']);
    expect(same(unordered.datasets, [dataset('2019'), dataset('2021')])).toBe(true);
  });

  test('rejects invalid options with a German message', () => {
    expect(() => generateDemoKreis({ years: ['24'] })).toThrow(/Berichtsjahr/);
    expect(() => generateDemoKreis({ years: [] })).toThrow(/Berichtsjahr/);
    expect(() => generateDemoKreis({ seed: 1.5 })).toThrow(/ganze Zahl/);
  });
});

describe('Gliederung', () => {
  test('the exchange file parses into the same tree', () => {
    const parsed = parseAreaExchange(JSON.parse(JSON.stringify(demoAreaExchange(demo))));
    expect(parsed.tree.size).toBe(demo.areas.length);
    expect(parsed.areas).toEqual(demo.areas);
    expect(tree.root.code).toBe('05954');
    expect(tree.root.name).toBe('Ennepe-Ruhr-Kreis');
  });

  test('nine cities with their real AGS and names', () => {
    const staedte = tree.atLevel('stadt').map((a) => [a.code, a.name]).sort();
    expect(staedte).toEqual(STAEDTE);
    expect(DEMO_STAEDTE.map((s) => [s.code, s.name])).toEqual(STAEDTE);
    for (const [code] of STAEDTE) expect(tree.get(code!)!.parent).toBe('05954');
  });

  test('3 to 12 Gemeindeteile per city, 1,200 to 2,000 Baublöcke, codes as in the spec', () => {
    for (const [code] of STAEDTE) {
      const n = tree.children(code!).length;
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(12);
    }
    expect(tree.children('05954036')).toHaveLength(12); // Witten, the largest city
    const bloecke = tree.atLevel('baublock');
    expect(bloecke.length).toBeGreaterThanOrEqual(1200);
    expect(bloecke.length).toBeLessThanOrEqual(2000);
    for (const a of tree.atLevel('gemeindeteil')) expect(a.code).toMatch(/^05954\d{3}-\d{2}$/);
    for (const a of bloecke) expect(a.code).toMatch(/^05954\d{3}-\d{2}-\d{4}$/);
    const names = tree.children('05954036').map((c) => tree.get(c)!.name);
    expect(names).toEqual(expect.arrayContaining(['Annen', 'Bommern', 'Herbede']));
  });

  test('areas are listed parents first', () => {
    const seen = new Set<string>();
    for (const a of demo.areas) {
      if (a.parent) expect(seen.has(a.parent)).toBe(true);
      seen.add(a.code);
    }
  });
});

describe('geometry', () => {
  const rings = (a: AreaWithGeometry): number[][][] =>
    a.geometry!.type === 'Polygon' ? a.geometry!.coordinates : a.geometry!.coordinates.flat();

  test('every area has a polygon with closed counter-clockwise rings inside the Ennepe-Ruhr area', () => {
    for (const a of demo.areas) {
      expect(a.geometry).not.toBeNull();
      expect(a.geometry!.type).toBe(a.ebene === 'kreis' ? 'MultiPolygon' : 'Polygon');
      for (const ring of rings(a)) {
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring[ring.length - 1]).toEqual(ring[0]);
        expect(signedRingArea(ring)).toBeGreaterThan(0);
      }
    }
    const box = boundingBox(byCode.get('05954')!.geometry!);
    expect(box.west).toBeGreaterThan(7.05);
    expect(box.east).toBeLessThan(7.6);
    expect(box.south).toBeGreaterThan(51.2);
    expect(box.north).toBeLessThan(51.5);
  });

  test('children lie within the bounding box of their parent', () => {
    for (const a of demo.areas) {
      if (!a.parent) continue;
      const inside = boxContains(boundingBox(byCode.get(a.parent)!.geometry!), boundingBox(a.geometry!));
      if (!inside) throw new Error(`${a.code} liegt nicht in ${a.parent}`);
    }
  });

  test('cities, and the children of each area, do not overlap', () => {
    const overlapping: string[] = [];
    for (const parent of demo.areas.filter((a) => a.ebene !== 'baublock')) {
      const children = tree.children(parent.code);
      const boxes = children.map((c) => boundingBox(byCode.get(c)!.geometry!));
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          if (boxesOverlap(boxes[i]!, boxes[j]!)) overlapping.push(`${children[i]} / ${children[j]}`);
        }
      }
    }
    expect(overlapping).toEqual([]);
  });

  test('each city lies around its real centre', () => {
    const centres: Record<string, [number, number]> = {
      '05954036': [7.335, 51.443], // Witten
      '05954016': [7.186, 51.399], // Hattingen
      '05954004': [7.468, 51.259], // Breckerfeld
      '05954024': [7.294, 51.286], // Schwelm
    };
    for (const [code, [lon, lat]] of Object.entries(centres)) {
      const b = boundingBox(byCode.get(code)!.geometry!);
      expect(Math.abs((b.west + b.east) / 2 - lon)).toBeLessThan(0.03);
      expect(Math.abs((b.south + b.north) / 2 - lat)).toBeLessThan(0.03);
    }
  });
});

describe('datasets', () => {
  test.each(DEMO_DEFAULT_YEARS.map((y) => [y]))('%s passes the validation without errors or warnings', (period) => {
    const result = validate(dataset(period));
    expect(firstMessages(result.errors)).toEqual([]);
    expect(firstMessages(result.warnings)).toEqual([]);
    expect(result.errors).toHaveLength(0);
    expect(result.warnings).toHaveLength(0);
    expect(result.validRows).toHaveLength(dataset(period).rows.length);
  });

  test('other seeds and a long run also pass without findings (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (seed) => {
        const d = generateDemoKreis({ seed, years: ['2019'] });
        const r = validate(d.datasets[0]);
        expect(firstMessages([...r.errors, ...r.warnings])).toEqual([]);
      }),
      { numRuns: 3 },
    );
    const long = generateDemoKreis({ seed: 11, years: ['2005', '2030'] });
    for (const ds of long.datasets) {
      const r = validate(ds);
      expect(firstMessages([...r.errors, ...r.warnings])).toEqual([]);
    }
  });

  test('every Merkmal in every year, at its tiefste Ebene, for every area there; moves at every level', () => {
    const levelCount = (e: Ebene): number => tree.atLevel(e).length;
    for (const ds of demo.datasets) {
      const where = new Map<string, Map<Ebene, number>>();
      for (const r of ds.rows) {
        const e = tree.get(r.area)!.ebene;
        const m = where.get(r.variable) ?? new Map<Ebene, number>();
        m.set(e, (m.get(e) ?? 0) + 1);
        where.set(r.variable, m);
      }
      expect([...where.keys()].sort()).toEqual([...catalogue.merkmale.keys()].sort());
      for (const m of catalogue.merkmale.values()) {
        // additive Merkmale only where delivered (the engine sums them up); moves on every level the demo Kreis has
        const expected = EBENEN.filter((e) => levelCount(e) > 0).filter((e) => (m.additiv ? e === m.tiefsteEbene : ebeneDepth(e) <= ebeneDepth(m.tiefsteEbene)));
        const got = where.get(m.id)!;
        expect([...got.keys()].sort()).toEqual([...expected].sort());
        for (const e of expected) expect(got.get(e)).toBe(levelCount(e));
      }
    }
  });

  test('counts are integers between 0 and the Merkmal maximum', () => {
    for (const ds of demo.datasets) {
      for (const r of ds.rows) {
        if (!Number.isInteger(r.value) || r.value < 0 || r.value > catalogue.merkmale.get(r.variable)!.maximum) {
          throw new Error(`${ds.period} ${r.area} ${r.variable} = ${r.value}`);
        }
      }
    }
  });

  test('moves of an area are at most the sum of its parts, with internal moves netting out', () => {
    for (const ds of demo.datasets) {
      const c = cells(ds);
      let strictlyLess = 0;
      for (const parent of demo.areas.filter((a) => a.ebene !== 'baublock')) {
        for (const v of ['zuzuege', 'fortzuege']) {
          const whole = c.get(parent.code)!.get(v)!;
          const parts = tree.children(parent.code).reduce((s, ch) => s + c.get(ch)!.get(v)!, 0);
          expect(whole).toBeLessThanOrEqual(parts);
          if (whole < parts) strictlyLess++;
        }
      }
      // almost every area has moves between its parts (a 3-block Gemeindeteil may have none in a year)
      expect(strictlyLess).toBeGreaterThan(0.9 * 2 * (1 + 9 + tree.atLevel('gemeindeteil').length));
    }
  });

  test('BA values of each Gemeindeteil fit the summed ages of its Baublöcke', () => {
    const ds = dataset('2024');
    const c = cells(ds);
    const sumBlocks = (gt: string, vars: string[]): number =>
      tree.children(gt).reduce((s, b) => s + vars.reduce((t, v) => t + c.get(b)!.get(v)!, 0), 0);
    const a15_64 = ['bev_15_17', 'bev_18_19', 'bev_20_24', 'bev_25_29', 'bev_30_44', 'bev_45_59', 'bev_60_64'];
    for (const gt of tree.atLevel('gemeindeteil')) {
      const v = c.get(gt.code)!;
      const erwerbsalter = sumBlocks(gt.code, [...a15_64, 'bev_65_74']);
      expect(v.get('arbeitslose')!).toBeLessThanOrEqual(erwerbsalter);
      expect(v.get('svb_wohnort')!).toBeLessThanOrEqual(erwerbsalter);
      expect(v.get('nef_u15')!).toBeLessThanOrEqual(sumBlocks(gt.code, ['bev_0_2', 'bev_3_5', 'bev_6_9', 'bev_10_14']));
      expect(v.get('lb_sgb2')!).toBeLessThanOrEqual(sumBlocks(gt.code, ['bevoelkerung']));
    }
    for (const s of tree.atLevel('stadt')) {
      const svb = tree.children(s.code).reduce((sum, gt) => sum + c.get(gt)!.get('svb_wohnort')!, 0);
      expect(c.get(s.code)!.get('svb_vollzeit')!).toBeLessThanOrEqual(svb);
    }
  });

  test('population roughly real; block sizes 50 to 400; small counts of rare Merkmale exist', () => {
    const c = cells(dataset('2024'));
    const bloecke = tree.atLevel('baublock').map((b) => c.get(b.code)!);
    const pop = (code: string): number =>
      tree.subtree(code).reduce((s, a) => s + (tree.get(a)!.ebene === 'baublock' ? c.get(a)!.get('bevoelkerung')! : 0), 0);
    expect(pop('05954')).toBeGreaterThan(305000);
    expect(pop('05954')).toBeLessThan(335000);
    expect(pop('05954036')).toBeGreaterThan(90000); // Witten
    expect(pop('05954036')).toBeLessThan(100000);
    expect(pop('05954016')).toBeGreaterThan(50000); // Hattingen
    expect(pop('05954016')).toBeLessThan(58000);
    expect(pop('05954004')).toBeGreaterThan(8000); // Breckerfeld
    expect(pop('05954004')).toBeLessThan(10000);
    for (const b of bloecke) {
      expect(b.get('bevoelkerung')!).toBeGreaterThanOrEqual(50);
      expect(b.get('bevoelkerung')!).toBeLessThanOrEqual(400);
    }
    for (const v of ['hlu', 'gsiae', 'hh_wohngeld']) {
      for (const small of [0, 1, 2]) expect(bloecke.filter((b) => b.get(v) === small).length).toBeGreaterThan(20);
    }
    const share = (v: string): number => bloecke.reduce((s, b) => s + b.get(v)!, 0) / pop('05954');
    expect(share('bev_weiblich')).toBeGreaterThan(0.5);
    expect(share('bev_weiblich')).toBeLessThan(0.52);
    expect(share('geburten') * 1000).toBeGreaterThan(7.5);
    expect(share('geburten') * 1000).toBeLessThan(10);
    expect(share('sterbefaelle') * 1000).toBeGreaterThan(11);
    expect(share('sterbefaelle') * 1000).toBeLessThan(14);
    expect(share('hh_gesamt')).toBeGreaterThan(1 / 2.2);
    expect(share('hh_gesamt')).toBeLessThan(1 / 1.8);
  });
});

describe('Kennzahlen', () => {
  const values = new ValueTable();
  for (const ds of demo.datasets) values.addRows(ds.period, ds.rows);
  const engine = new IndicatorEngine(catalogue, tree, values);
  const kreisUndStaedte = ['05954', ...STAEDTE.map(([c]) => c!)];
  const value = (id: string, area: string, period = '2024'): number => {
    const r = engine.indicator(id, area, period);
    if (r.status !== 'ok') throw new Error(`${id} ${area} ${period}: ${r.status} ${r.reason ?? ''}`);
    return r.value!;
  };

  test('every Kennzahl is computable for the Kreis and every Stadt in 2024', () => {
    for (const area of kreisUndStaedte) {
      for (const id of catalogue.kennzahlen.keys()) {
        const r = engine.indicator(id, area, '2024');
        expect({ id, area, status: r.status, reason: r.reason }).toEqual({ id, area, status: 'ok', reason: undefined });
      }
    }
  });

  test('plausible values for the Kreis', () => {
    const ranges: Record<string, [number, number]> = {
      anteil_65plus: [15, 30],
      anteil_u18: [13, 20],
      anteil_auslaendisch: [10, 16],
      anteil_migrationshintergrund: [23, 32],
      sgb2_quote: [5, 20],
      sozialgeld_quote: [8, 30],
      arbeitslosendichte: [2, 8],
      bevoelkerungsentwicklung_5j: [-4, 3],
      natuerlicher_saldo: [-8, 0],
      durchschnittliche_haushaltsgroesse: [1.8, 2.2],
      anteil_alleinerziehende: [10, 30],
      anteil_wohndauer_5plus: [45, 80],
      sgb12_quote: [0.5, 3],
      anteil_niedrigverdienende: [10, 30],
    };
    for (const [id, [lo, hi]] of Object.entries(ranges)) {
      const v = value(id, '05954');
      if (v < lo || v > hi) throw new Error(`${id} = ${v}, erwartet ${lo} bis ${hi}`);
    }
    for (const [code] of STAEDTE) {
      expect(value('sgb2_quote', code!)).toBeGreaterThan(5);
      expect(value('sgb2_quote', code!)).toBeLessThan(20);
      expect(Math.abs(value('bevoelkerungsentwicklung_5j', code!))).toBeLessThan(5);
    }
  });

  test('two or more clearly problematic Gemeindeteile in each large city', () => {
    for (const stadt of ['05954036', '05954016']) {
      const quote = value('sgb2_quote', stadt);
      const problematic = tree
        .children(stadt)
        .filter((gt) => value('sgb2_quote', gt) > 1.3 * quote && value('arbeitslosendichte', gt) > value('arbeitslosendichte', stadt));
      expect(problematic.length).toBeGreaterThanOrEqual(2);
      expect(problematic.length).toBeLessThanOrEqual(3);
    }
  });
});

describe('the demo generator follows the catalogue', () => {
  it('uses the catalogue’s one list of age bands', async () => {
    const demo = await import('../shared/demo/alter');
    const { ALTERSGRUPPEN } = await import('../shared/catalogue/altersgruppen');
    expect(demo.ALTERSGRUPPEN).toBe(ALTERSGRUPPEN);
  });
});
