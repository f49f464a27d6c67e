/** Primary rules, reasons, determinism and the Kennzahl rules of shared/disclosure. */
import { AreaTree, standardCatalogue, ValueTable, type Area } from '../../shared';
import {
  GRUND_EINGABE_GESPERRT,
  GRUND_SEKUNDAER,
  hoechstensRules,
  indicatorSuppression,
  suppressTable,
  summeBlocks,
  type SuppressionPattern,
} from '../../shared/disclosure';
import { attack } from './attacker';
import { landBaum } from '../helpers/land-baum';
import { randomTable, tableOf } from './fixtures';

const catalogue = standardCatalogue();
/** Kreis 05954 > Witten > Annen > three Baublöcke */
const B = ['05954036-01-0001', '05954036-01-0002', '05954036-01-0003'];
const tree = landBaum(['05954', '05954036', '05954036-01', ...B]);

function table(values: Record<string, number[]>) {
  const rows = Object.entries(values).flatMap(([variable, vs]) => vs.map((value, i) => ({ area: B[i]!, variable, value })));
  return tableOf(catalogue, tree, '2024', ValueTable.fromRows('2024', rows));
}

describe('primary suppression', () => {
  const t = table({ hlu: [1, 2, 0], gsiae: [3, 7, 9], zuzuege: [2, 5, 1], fortzuege: [0, 4, 4] });
  const p = suppressTable(t.catalogue, t.tree, t.count);

  test('counts 1 and 2 are suppressed with a German reason; 0 and 3 are published', () => {
    expect(p.get(B[0]!, 'hlu')).toEqual({ sperre: 'primaer', grund: 'weniger als 3 Fälle' });
    expect(p.get(B[1]!, 'hlu')).toEqual({ sperre: 'primaer', grund: 'weniger als 3 Fälle' });
    expect(p.get(B[2]!, 'hlu')).toBeUndefined();
    expect(p.get(B[0]!, 'gsiae')).toBeUndefined();
    expect(p.get('05954036-01', 'hlu')).toBeUndefined(); // 3 cases
  });

  test('two small cells protect each other: no secondary cell needed, the Gemeindeteil (3) stays published', () => {
    // b1 = 1, b2 = 2 suppressed: b1 + b2 = 3 is known, b1 can be anything from 0 to 3.
    expect(p.get(B[0]!, 'hlu')?.sperre).toBe('primaer');
    expect(p.get(B[1]!, 'hlu')?.sperre).toBe('primaer');
    expect([...p.cells.keys()].filter((k) => k.endsWith('\u0000hlu'))).toHaveLength(2);
  });

  test('a lone small cell gets the cheapest partner as secondary cell, with the secondary reason', () => {
    const q = suppressTable(catalogue, tree, table({ hlu: [1, 5, 4] }).count);
    expect(q.get(B[0]!, 'hlu')).toEqual({ sperre: 'primaer', grund: 'weniger als 3 Fälle' });
    expect(q.get(B[2]!, 'hlu')).toEqual({ sperre: 'sekundaer', grund: GRUND_SEKUNDAER });
    expect(q.get(B[1]!, 'hlu')).toBeUndefined();
    expect(q.get('05954036-01', 'hlu')).toBeUndefined();
    expect(q.stats).toMatchObject({ primaer: 1, sekundaer: 1, populationSekundaer: 4 });
    expect(GRUND_SEKUNDAER).toBe('gesperrt, damit eine gesperrte Zahl nicht aus Summen und Teil-Ganzes-Regeln errechnet oder eingegrenzt werden kann');
  });

  test('not additive Merkmale (moves) are only primary-suppressed', () => {
    expect(p.get(B[0]!, 'zuzuege')).toEqual({ sperre: 'primaer', grund: 'weniger als 3 Fälle' });
    expect(p.get(B[2]!, 'zuzuege')).toEqual({ sperre: 'primaer', grund: 'weniger als 3 Fälle' });
    expect(p.get(B[1]!, 'zuzuege')).toBeUndefined();
    expect([...p.cells.entries()].filter(([k, c]) => k.endsWith('zuzuege') && c.sperre === 'sekundaer')).toEqual([]);
  });

  test('threshold per Merkmal and confidential zeros are configurable', () => {
    const q = suppressTable(t.catalogue, t.tree, t.count, { schwelleJeMerkmal: { gsiae: 5 }, nullVertraulich: { hlu: true } });
    expect(q.get(B[0]!, 'gsiae')).toEqual({ sperre: 'primaer', grund: 'weniger als 5 Fälle' });
    expect(q.get(B[1]!, 'gsiae')?.sperre).not.toBe('primaer');
    expect(q.get(B[2]!, 'hlu')).toEqual({ sperre: 'primaer', grund: 'Nullwert ist für dieses Merkmal geheim' });
    expect(q.get(B[2]!, 'fortzuege')).toBeUndefined();
    expect(suppressTable(t.catalogue, t.tree, t.count, { schwelle: 10 }).get(B[2]!, 'gsiae')).toEqual({ sperre: 'primaer', grund: 'weniger als 10 Fälle' });
  });

  test('the catalogue sum rules are the relation blocks used', () => {
    expect(summeBlocks(catalogue).map((b) => [b.total, b.parts.length])).toEqual([['bevoelkerung', 14], ['hh_gesamt', 5]]);
  });
});

describe('Teil-Ganzes rules (hoechstens)', () => {
  const narrowed = async (t: ReturnType<typeof table>, p: SuppressionPattern) =>
    (await attack(t.catalogue, t.tree, t.count, p, undefined, true)).filter((i) => i.max - i.min < i.threshold - 1e-6);

  test('the rules as the suppression reads them: slack R - L with merged coefficients', () => {
    const rules = hoechstensRules(catalogue);
    expect(rules.find((r) => r.id === 'gsia_teil')).toEqual({ id: 'gsia_teil', coef: new Map([['gsiae', 1], ['gsia_65plus', -1]]), constant: 0 });
    expect(rules.find((r) => r.id === 'wohndauer_summe_mindestens')!.coef).toEqual(new Map([['wohndauer_summe_jahre', 1], ['bev_wohndauer_5plus', -5]]));
    expect(rules.find((r) => r.id === 'haushalte_personen')!.coef.get('hh_5plus')).toBe(-5);
    expect(rules.some((r) => r.id === 'altersgruppen_summe')).toBe(false); // a block, not a rule
  });

  test('gsia_65plus = gsiae in the partner Baublock: the partner’s gsiae must go too', async () => {
    // b1 has 1 of 3; b2, b3 have all their gsiae aged 65+. Sums only: b2 is the partner and
    // b1 + b2 = 6 is known; with gsia_65plus <= gsiae (b1 <= 3, b2 <= 5) b1 lies in [1, 3].
    const t = table({ gsiae: [3, 5, 6], gsia_65plus: [1, 5, 6] });
    const sumsOnly = suppressTable(t.catalogue, t.tree, t.count, {}, { ungleichungen: false });
    expect(sumsOnly.get(B[1]!, 'gsia_65plus')?.sperre).toBe('sekundaer');
    const weak = await narrowed(t, sumsOnly);
    expect(weak.map((i) => [i.area, i.merkmal, i.min, i.max])).toEqual([[B[0], 'gsia_65plus', 1, 3], [B[1], 'gsia_65plus', 3, 5]]);
    const p = suppressTable(t.catalogue, t.tree, t.count);
    expect(p.unprotected).toEqual([]);
    // the cheapest certificate moves gsiae with gsia_65plus (b1 and b2), not the whole path up
    expect([...p.cells.keys()].sort()).toEqual([`${B[0]}\u0000gsia_65plus`, `${B[0]}\u0000gsiae`, `${B[1]}\u0000gsia_65plus`, `${B[1]}\u0000gsiae`]);
    expect(p.get(B[0]!, 'gsiae')).toEqual({ sperre: 'sekundaer', grund: GRUND_SEKUNDAER });
    expect(await narrowed(t, p)).toEqual([]);
  });

  test('5 * bev_wohndauer_5plus <= wohndauer_summe_jahre with no slack: the sum of years moves 5 per person', async () => {
    const t = table({ bev_wohndauer_5plus: [1, 4, 6], wohndauer_summe_jahre: [5, 40, 50] });
    const p = suppressTable(t.catalogue, t.tree, t.count);
    expect(p.unprotected).toEqual([]);
    expect(p.get(B[0]!, 'wohndauer_summe_jahre')?.sperre).toBe('sekundaer');
    expect(await narrowed(t, p)).toEqual([]);
    // with sums only, the published 5 years pin the one person down to [0, 1]
    const sumsOnly = suppressTable(t.catalogue, t.tree, t.count, {}, { ungleichungen: false });
    expect((await narrowed(t, sumsOnly)).map((i) => [i.area, i.merkmal])).toContainEqual([B[0], 'bev_wohndauer_5plus']);
  });

  test('a rule the data break is no knowledge and does not block the suppression', async () => {
    // geburten <= bev_0_2 is a warning; here b1 has more births than small children
    const t = table({ geburten: [2, 5, 6], bev_0_2: [1, 7, 8] });
    const p = suppressTable(t.catalogue, t.tree, t.count);
    expect(p.unprotected).toEqual([]);
    expect(await narrowed(t, p)).toEqual([]);
  });
});

describe('the insider of a Stadt', () => {
  // Kreis with Städte A, B, C; svb_vollzeit is delivered per Stadt: A = 1, B = 5, C = 7, the
  // Kreis (13) is their sum. Against the outsider A (primary) and its cheapest partner B suffice;
  // but A's Kommune knows A = 1 and gets B = 13 - 7 - 1 exactly.
  const S = ['05954004', '05954008', '05954012'];
  const kreis: Area[] = [{ code: '05954', name: 'Kreis', ebene: 'kreis', parent: null }, ...S.map((code, i) => ({ code, name: 'ABC'[i]!, ebene: 'stadt' as const, parent: '05954' }))];
  const t = tableOf(catalogue, AreaTree.build(kreis), '2024', ValueTable.fromRows('2024', S.map((area, i) => ({ area, variable: 'svb_vollzeit', value: [1, 5, 7][i]! }))));
  const suppressed = (p: SuppressionPattern) => [...p.cells.keys()].filter((k) => k.endsWith('\u0000svb_vollzeit')).map((k) => k.split('\u0000')[0]).sort();
  const narrowedFor = async (p: SuppressionPattern, insider?: string) =>
    (await attack(t.catalogue, t.tree, t.count, p, undefined, true, { insider, integer: true })).filter((i) => i.max - i.min < i.threshold - 1e-6).map((i) => [i.area, i.min, i.max]);

  test('outsider-only pattern: A and B suppressed; the outsider learns nothing, A’s insider pins B', async () => {
    const weak = suppressTable(t.catalogue, t.tree, t.count, {}, { insider: false });
    expect(suppressed(weak)).toEqual([S[0], S[1]]);
    expect(await narrowedFor(weak)).toEqual([]);
    expect(await narrowedFor(weak, S[0])).toEqual([[S[1], 5, 5]]);
  });

  test('the method also suppresses C: B now has a certificate that leaves A alone, nobody narrows anything', async () => {
    const p = suppressTable(t.catalogue, t.tree, t.count);
    expect(p.unprotectedFromInsider).toEqual([]);
    expect(suppressed(p)).toEqual(S);
    expect(p.get(S[2]!, 'svb_vollzeit')).toEqual({ sperre: 'sekundaer', grund: GRUND_SEKUNDAER });
    for (const insider of [undefined, ...S]) expect(await narrowedFor(p, insider)).toEqual([]);
  });

  test('a Kreis with a single Stadt: the Kreis cell is that Stadt’s own number, not open to its insider', () => {
    const one = tableOf(catalogue, AreaTree.build(kreis.slice(0, 2)), '2024', ValueTable.fromRows('2024', [{ area: S[0]!, variable: 'svb_vollzeit', value: 1 }]));
    const p = suppressTable(one.catalogue, one.tree, one.count);
    expect(suppressed(p)).toEqual(['05954', S[0]]);
    expect(p.unprotected).toEqual([]);
    expect(p.unprotectedFromInsider).toEqual([]);
  });
});

describe('determinism', () => {
  const dump = (p: SuppressionPattern) => [...p.cells.entries()].sort(([a], [b]) => (a < b ? -1 : 1));

  test('the same table gives the same pattern, also when the tree is built from shuffled areas', () => {
    for (const [seed, teilGanzes] of [[3, false], [4, false], [5, true], [6, true]] as const) {
      const t = randomTable(seed, { teilGanzes });
      const a = suppressTable(t.catalogue, t.tree, t.count);
      const b = suppressTable(t.catalogue, t.tree, t.count);
      const shuffled = AreaTree.build([...t.tree.all()].reverse());
      const c = suppressTable(t.catalogue, shuffled, t.count);
      expect(dump(b)).toEqual(dump(a));
      expect(dump(c)).toEqual(dump(a));
      expect(a.unprotected).toEqual([]);
      expect(a.unprotectedFromInsider).toEqual([]);
    }
  });
});

describe('Kennzahlen', () => {
  const t = randomTable(7);
  const p = suppressTable(t.catalogue, t.tree, t.count);
  const patternOf = () => p;
  const k = (id: string) => catalogue.kennzahlen.get(id)!;

  test('a Kennzahl is suppressed when one of its counts is, primary or secondary as that count', () => {
    const only = (sperre: 'primaer' | 'sekundaer') => {
      const [key] = [...p.cells.entries()].find(([key, c]) => c.sperre === sperre && key.includes('\u0000bev_'))!;
      const [area, merkmal] = key.split('\u0000') as [string, string];
      const kz = [...catalogue.kennzahlen.values()].find((kk) => kk.merkmale.includes(merkmal) && kk.perioden.length === 1)!;
      // a pattern with just this one cell suppressed
      const one: SuppressionPattern = { ...p, get: (a, m) => (a === area && m === merkmal ? p.get(a, m) : undefined) };
      return { area, kz, one };
    };
    const prim = only('primaer');
    expect(indicatorSuppression(prim.kz, prim.area, '2024', 100, 1000, () => prim.one, {})).toEqual({ sperre: 'primaer', grund: GRUND_EINGABE_GESPERRT });
    const sec = only('sekundaer');
    expect(indicatorSuppression(sec.kz, sec.area, '2024', 100, 1000, () => sec.one, {})).toEqual({ sperre: 'sekundaer', grund: GRUND_EINGABE_GESPERRT });
    expect(indicatorSuppression(sec.kz, sec.area, '2024', 100, 1000, () => ({ ...p, get: () => undefined }), {})).toBeUndefined();
  });

  test('a denominator below the minimum (default 50, configurable) suppresses the Kennzahl', () => {
    const none = { ...p, get: () => undefined };
    expect(indicatorSuppression(k('anteil_u18'), '05954', '2024', 10, 49, () => none, {})).toEqual({ sperre: 'primaer', grund: 'Nenner kleiner als 50' });
    expect(indicatorSuppression(k('anteil_u18'), '05954', '2024', 10, 50, () => none, {})).toBeUndefined();
    expect(indicatorSuppression(k('anteil_u18'), '05954', '2024', 10, 50, () => none, { mindestNenner: 100 })).toEqual({ sperre: 'primaer', grund: 'Nenner kleiner als 100' });
    const withOwn = { ...k('anteil_u18'), mindestNenner: 20 };
    expect(indicatorSuppression(withOwn, '05954', '2024', 10, 30, () => none, { mindestNenner: 100 })).toBeUndefined();
  });

  test('a numerator that is a small count is suppressed; a difference (saldo) is not a count', () => {
    const none = { ...p, get: () => undefined };
    expect(indicatorSuppression(k('anteil_u18'), '05954', '2024', 2, 500, () => none, {})).toEqual({ sperre: 'primaer', grund: 'weniger als 3 Fälle' });
    expect(indicatorSuppression(k('anteil_u18'), '05954', '2024', 0, 500, () => none, {})).toBeUndefined();
    expect(indicatorSuppression(k('natuerlicher_saldo'), '05954', '2024', 1, 500, () => none, {})).toBeUndefined();
  });
});
