/**
 * "Erst summieren, dann teilen": a Kennzahl of a Stadt computed from its Baublöcke equals exactly
 * the one computed from Stadt totals, for random trees and random counts (fast-check); and it is in
 * general not the mean of the Baublöcke's ratios.
 */
import fc from 'fast-check';
import { Area, AreaTree } from '../../shared/areas/areas';
import { standardCatalogue } from '../../shared/catalogue/standard';
import { IndicatorEngine } from '../../shared/indicators/engine';
import { ValueTable } from '../../shared/indicators/values';
import { B1, B2, B3, B4, B5, GT1, PERIOD, PERIOD_T5, S1, fixtureEngine } from '../helpers/core-fixtures';

const KREIS = '05954';
const STADT = '05954036';
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

const catalogue = standardCatalogue();
const merkmale = [...catalogue.merkmale.values()];
const blockMerkmale = merkmale.filter((m) => m.additiv && m.tiefsteEbene === 'baublock').map((m) => m.id);
const gtMerkmale = merkmale.filter((m) => m.additiv && m.tiefsteEbene === 'gemeindeteil').map((m) => m.id);
/** reported for the Stadt in both tables: the BA wage statistics and the non-additive moves */
const stadtMerkmale = merkmale.filter((m) => !m.additiv || m.tiefsteEbene === 'stadt').map((m) => m.id);

interface World {
  blocksPerGt: number[];
  /** per Baublock: a count for each of blockMerkmale, then the population five years earlier */
  blockCounts: number[][];
  /** per Gemeindeteil: a count for each of gtMerkmale */
  gtCounts: number[][];
  stadtCounts: number[];
}

/** Counts from small (zero denominators happen) to large (exactness matters). */
const count = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2_000_000 }));

const world: fc.Arbitrary<World> = fc
  .array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 })
  .chain((blocksPerGt) => {
    const nBlocks = blocksPerGt.reduce((a, b) => a + b, 0);
    return fc.record({
      blocksPerGt: fc.constant(blocksPerGt),
      blockCounts: fc.array(fc.array(count, { minLength: blockMerkmale.length + 1, maxLength: blockMerkmale.length + 1 }), {
        minLength: nBlocks,
        maxLength: nBlocks,
      }),
      gtCounts: fc.array(fc.array(count, { minLength: gtMerkmale.length, maxLength: gtMerkmale.length }), {
        minLength: blocksPerGt.length,
        maxLength: blocksPerGt.length,
      }),
      stadtCounts: fc.array(count, { minLength: stadtMerkmale.length, maxLength: stadtMerkmale.length }),
    });
  });

function build(w: World): { tree: AreaTree; fromBlocks: ValueTable; fromTotals: ValueTable; totals: Map<string, number> } {
  const areas: Area[] = [
    { code: KREIS, name: 'Kreis', ebene: 'kreis', parent: null },
    { code: STADT, name: 'Stadt', ebene: 'stadt', parent: KREIS },
  ];
  const fromBlocks = new ValueTable();
  const totals = new Map<string, number>(); // key: merkmal or merkmal@period
  const addTotal = (key: string, v: number): void => void totals.set(key, (totals.get(key) ?? 0) + v);
  let b = 0;
  w.blocksPerGt.forEach((nb, g) => {
    const gt = `${STADT}-${pad(g + 1, 2)}`;
    areas.push({ code: gt, name: `GT ${g + 1}`, ebene: 'gemeindeteil', parent: STADT });
    gtMerkmale.forEach((m, i) => {
      fromBlocks.set(gt, m, PERIOD, w.gtCounts[g]![i]!);
      addTotal(m, w.gtCounts[g]![i]!);
    });
    for (let j = 0; j < nb; j++, b++) {
      const block = `${gt}-${pad(j + 1, 4)}`;
      areas.push({ code: block, name: `Block ${j + 1}`, ebene: 'baublock', parent: gt });
      const counts = w.blockCounts[b]!;
      blockMerkmale.forEach((m, i) => {
        fromBlocks.set(block, m, PERIOD, counts[i]!);
        addTotal(m, counts[i]!);
      });
      fromBlocks.set(block, 'bevoelkerung', PERIOD_T5, counts[blockMerkmale.length]!);
      addTotal(`bevoelkerung@${PERIOD_T5}`, counts[blockMerkmale.length]!);
    }
  });
  const fromTotals = new ValueTable();
  for (const [key, v] of totals) {
    const [m, p] = key.split('@');
    fromTotals.set(STADT, m!, p ?? PERIOD, v);
  }
  stadtMerkmale.forEach((m, i) => {
    fromBlocks.set(STADT, m, PERIOD, w.stadtCounts[i]!);
    fromTotals.set(STADT, m, PERIOD, w.stadtCounts[i]!);
  });
  // Areas in a shuffled-looking order: the tree must not depend on it.
  return { tree: AreaTree.build([...areas].reverse()), fromBlocks, fromTotals, totals };
}

describe('anti-averaging property', () => {
  it('sets up the property over every Kennzahl, with register data at Baublock and BA data at Gemeindeteil', () => {
    expect(catalogue.kennzahlen.size).toBe(28);
    expect(blockMerkmale).toContain('bevoelkerung');
    expect(blockMerkmale).not.toContain('zuzuege');
    expect(gtMerkmale).toEqual(expect.arrayContaining(['lb_sgb2', 'elb', 'arbeitslose']));
    expect(stadtMerkmale).toEqual(expect.arrayContaining(['svb_vollzeit', 'zuzuege', 'fortzuege']));
  });

  it('a Kennzahl of the Stadt from the sum of its Baublöcke === the one from Stadt totals reported directly', () => {
    fc.assert(
      fc.property(world, (w) => {
        const { tree, fromBlocks, fromTotals } = build(w);
        const a = new IndicatorEngine(catalogue, tree, fromBlocks);
        const b = new IndicatorEngine(catalogue, tree, fromTotals);
        for (const id of catalogue.kennzahlen.keys()) {
          const ra = a.indicator(id, STADT, PERIOD);
          const rb = b.indicator(id, STADT, PERIOD);
          if (ra.status !== rb.status || ra.value !== rb.value || ra.numerator !== rb.numerator || ra.denominator !== rb.denominator) {
            throw new Error(`${id}: aus Baublöcken ${JSON.stringify(ra)}, aus Stadtsummen ${JSON.stringify(rb)}`);
          }
          if (ra.status !== 'ok' && ra.status !== 'nenner_null') throw new Error(`${id}: Status ${ra.status}`);
          if (ra.status === 'nenner_null' && ra.value !== null) throw new Error(`${id}: Wert trotz Nenner 0`);
          if (ra.value !== null && !Number.isFinite(ra.value)) throw new Error(`${id}: Wert ${ra.value}`);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('the value is the ratio of the summed counts, also on the Kreis level', () => {
    fc.assert(
      fc.property(world, (w) => {
        const { tree, fromBlocks, totals } = build(w);
        const engine = new IndicatorEngine(catalogue, tree, fromBlocks);
        const u18 = ['bev_0_2', 'bev_3_5', 'bev_6_9', 'bev_10_14', 'bev_15_17'].reduce((s, m) => s + totals.get(m)!, 0);
        const bev = totals.get('bevoelkerung')!;
        for (const area of [STADT, KREIS]) {
          const r = engine.indicator('anteil_u18', area, PERIOD);
          expect(r.numerator).toBe(u18);
          expect(r.denominator).toBe(bev);
          expect(r.value).toBe(bev === 0 ? null : (u18 * 100) / bev);
          const e = engine.indicator('bevoelkerungsentwicklung_5j', area, PERIOD);
          const before = totals.get(`bevoelkerung@${PERIOD_T5}`)!;
          expect(e.value).toBe(before === 0 ? null : ((bev - before) * 100) / before);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('differs from the mean of the Baublöcke’s ratios (hand example from the fixture)', () => {
    const engine = fixtureEngine();
    // Ausländeranteil: Baublock 1 35 of 350 = 10 %, Baublock 2 20 of 250 = 8 %
    expect(engine.indicator('anteil_auslaendisch', B1, PERIOD).value).toBe(10);
    expect(engine.indicator('anteil_auslaendisch', B2, PERIOD).value).toBe(8);
    const gt = engine.indicator('anteil_auslaendisch', GT1, PERIOD);
    expect(gt.value).toBe((55 * 100) / 600); // 9.1666… %
    expect(gt.value).not.toBe((10 + 8) / 2); // not 9 %
    // Stadt: blocks 10 %, 8 %, 20 %, 7.5 % and the uninhabited block 5 without a value
    const blockRatios = [B1, B2, B3, B4].map((b) => engine.indicator('anteil_auslaendisch', b, PERIOD).value!);
    expect(blockRatios).toEqual([10, 8, 20, 7.5]);
    expect(engine.indicator('anteil_auslaendisch', B5, PERIOD).status).toBe('nenner_null');
    const s = engine.indicator('anteil_auslaendisch', S1, PERIOD);
    expect(s.value).toBe((160 * 100) / 1250); // 12.8 %
    expect(s.value).not.toBeCloseTo((10 + 8 + 20 + 7.5) / 4, 3); // mean of ratios: 11.375 %
  });

  it('differs from the mean of block ratios whenever block sizes and block ratios differ (property)', () => {
    const tree = AreaTree.build([
      { code: KREIS, name: 'Kreis', ebene: 'kreis', parent: null },
      { code: STADT, name: 'Stadt', ebene: 'stadt', parent: KREIS },
      { code: `${STADT}-01`, name: 'GT', ebene: 'gemeindeteil', parent: STADT },
      { code: `${STADT}-01-0001`, name: 'B1', ebene: 'baublock', parent: `${STADT}-01` },
      { code: `${STADT}-01-0002`, name: 'B2', ebene: 'baublock', parent: `${STADT}-01` },
    ]);
    const block = fc.integer({ min: 1, max: 10_000 }).chain((d) => fc.tuple(fc.integer({ min: 0, max: d }), fc.constant(d)));
    fc.assert(
      fc.property(block, block, ([n1, d1], [n2, d2]) => {
        fc.pre(d1 !== d2 && n1 * d2 !== n2 * d1);
        const values = new ValueTable()
          .set(`${STADT}-01-0001`, 'bev_auslaendisch', PERIOD, n1)
          .set(`${STADT}-01-0001`, 'bevoelkerung', PERIOD, d1)
          .set(`${STADT}-01-0002`, 'bev_auslaendisch', PERIOD, n2)
          .set(`${STADT}-01-0002`, 'bevoelkerung', PERIOD, d2);
        const engine = new IndicatorEngine(catalogue, tree, values);
        const v = engine.indicator('anteil_auslaendisch', STADT, PERIOD).value!;
        const meanOfRatios = ((n1 * 100) / d1 + (n2 * 100) / d2) / 2;
        expect(v).toBe(((n1 + n2) * 100) / (d1 + d2));
        expect(Math.abs(v - meanOfRatios)).toBeGreaterThan(1e-12);
      }),
      { numRuns: 200 },
    );
  });
});
