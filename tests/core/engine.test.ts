/**
 * IndicatorEngine on the hand-made Kreis of tests/helpers/core-fixtures.ts: every Kennzahl of the
 * catalogue at Baublock, both Gemeindeteile, Stadt and Kreis, against numerators and denominators
 * summed by hand, and the rules for missing inputs, zero denominators, levels and non-additive counts.
 */
import { IndicatorResult } from '../../shared/indicators/engine';
import { ValueTable } from '../../shared/indicators/values';
import {
  B1,
  B2,
  B3,
  B5,
  BEV_T5,
  GT1,
  GT2,
  KREIS,
  PERIOD,
  PERIOD_T5,
  S1,
  S2,
  fixtureEngine,
  fixtureRows,
} from '../helpers/core-fixtures';

type Cell = [numerator: number, denominator: number] | 'ebene';
interface Row {
  faktor: number;
  B1: Cell;
  GT1: Cell;
  GT2: Cell;
  S1: Cell;
  K: Cell;
}

/**
 * Numerator and denominator of every Kennzahl, summed by hand from the fixture's counts.
 * Sums used (Baublock B1 | Gemeindeteil GT1 = B1+B2 | GT2 = B3+B4+B5 | Stadt S1 = GT1+GT2 | Kreis = S1+S2):
 *   bevoelkerung 350 | 600 | 650 | 1250 | 2250        u15 50 | 80 | 110 | 190 | 340
 *   u18 60 | 95 | 135 | 230 | 410                      u20 70 | 110 | 150 | 260 | 460
 *   a20_64 200 | 340 | 410 | 750 | 1350                a15_64 220 | 370 | 450 | 820 | 1470
 *   u65 270 | 450 | 560 | 1010 | 1810                  a60_79 100 | 160 | 110 | 270 | 490
 *   a65plus 80 | 150 | 90 | 240 | 440                  bev_80_plus 10 | 40 | 20 | 60 | 110
 *   hh_gesamt 150 | 260 | 290 | 550 | 1000             bevoelkerung 2019: 320 | 580 | 625 | 1205 | 2245
 * Zu-/Fortzüge are the values reported for each area (never sums).
 */
const TABLE: Record<string, Row> = {
  jugendquotient: { faktor: 100, B1: [70, 200], GT1: [110, 340], GT2: [150, 410], S1: [260, 750], K: [460, 1350] },
  altenquotient: { faktor: 100, B1: [80, 200], GT1: [150, 340], GT2: [90, 410], S1: [240, 750], K: [440, 1350] },
  aging_index: { faktor: 100, B1: [80, 50], GT1: [150, 80], GT2: [90, 110], S1: [240, 190], K: [440, 340] },
  greying_index: { faktor: 100, B1: [10, 100], GT1: [40, 160], GT2: [20, 110], S1: [60, 270], K: [110, 490] },
  anteil_u18: { faktor: 100, B1: [60, 350], GT1: [95, 600], GT2: [135, 650], S1: [230, 1250], K: [410, 2250] },
  anteil_65plus: { faktor: 100, B1: [80, 350], GT1: [150, 600], GT2: [90, 650], S1: [240, 1250], K: [440, 2250] },
  anteil_auslaendisch: { faktor: 100, B1: [35, 350], GT1: [20 + 35, 600], GT2: [90 + 15 + 0, 650], S1: [160, 1250], K: [160 + 80, 2250] },
  anteil_migrationshintergrund: { faktor: 100, B1: [70, 350], GT1: [70 + 50, 600], GT2: [180 + 40, 650], S1: [340, 1250], K: [340 + 150, 2250] },
  bevoelkerungsentwicklung_5j: {
    faktor: 100,
    B1: [350 - 320, 320],
    GT1: [600 - 580, 580],
    GT2: [650 - 625, 625],
    S1: [1250 - 1205, 1205],
    K: [2250 - 2245, 2245],
  },
  natuerlicher_saldo: { faktor: 1000, B1: [4 - 3, 350], GT1: [6 - 8, 600], GT2: [6 - 6, 650], S1: [12 - 14, 1250], K: [20 - 26, 2250] },
  wanderungssaldo: { faktor: 1000, B1: [30 - 20, 350], GT1: [45 - 40, 600], GT2: [50 - 42, 650], S1: [70 - 65, 1250], K: [110 - 100, 2250] },
  wanderungsvolumen: { faktor: 1000, B1: [30 + 20, 350], GT1: [45 + 40, 600], GT2: [50 + 42, 650], S1: [70 + 65, 1250], K: [110 + 100, 2250] },
  anteil_wohndauer_5plus: { faktor: 100, B1: [200, 350], GT1: [350, 600], GT2: [305, 650], S1: [655, 1250], K: [1255, 2250] },
  mittlere_wohndauer: { faktor: 1, B1: [3500, 350], GT1: [6500, 600], GT2: [6100, 650], S1: [12600, 1250], K: [26600, 2250] },
  durchschnittliche_haushaltsgroesse: { faktor: 1, B1: [350, 150], GT1: [600, 260], GT2: [650, 290], S1: [1250, 550], K: [2250, 1000] },
  anteil_einpersonenhaushalte: { faktor: 100, B1: [60, 150], GT1: [110, 260], GT2: [115, 290], S1: [225, 550], K: [405, 1000] },
  anteil_hh_mit_kindern: { faktor: 100, B1: [40, 150], GT1: [60, 260], GT2: [68, 290], S1: [128, 550], K: [228, 1000] },
  anteil_alleinerziehende: { faktor: 100, B1: [8, 40], GT1: [13, 60], GT2: [17, 68], S1: [30, 128], K: [50, 228] },
  wohngeld_quote: { faktor: 100, B1: [6, 150], GT1: [10, 260], GT2: [23, 290], S1: [33, 550], K: [48, 1000] },
  beschaeftigungsquote: { faktor: 100, B1: 'ebene', GT1: [230, 370], GT2: [280, 450], S1: [510, 820], K: [510 + 420, 1470] },
  arbeitslosendichte: { faktor: 100, B1: 'ebene', GT1: [15, 370], GT2: [30, 450], S1: [45, 820], K: [45 + 25, 1470] },
  anteil_niedrigverdienende: { faktor: 100, B1: 'ebene', GT1: 'ebene', GT2: 'ebene', S1: [45, 300], K: [45 + 50, 300 + 250] },
  sgb2_quote: { faktor: 100, B1: 'ebene', GT1: [40, 450], GT2: [90, 560], S1: [130, 1010], K: [130 + 60, 1810] },
  elb_quote: { faktor: 100, B1: 'ebene', GT1: [28, 370], GT2: [60, 450], S1: [88, 820], K: [88 + 42, 1470] },
  sozialgeld_quote: { faktor: 100, B1: 'ebene', GT1: [10, 80], GT2: [25, 110], S1: [35, 190], K: [35 + 15, 340] },
  anteil_langzeitleistungsbezug: { faktor: 100, B1: 'ebene', GT1: [18, 28], GT2: [40, 60], S1: [58, 88], K: [58 + 25, 88 + 42] },
  sgb12_quote: { faktor: 100, B1: [2 + 6, 350], GT1: [3 + 10, 600], GT2: [6 + 12, 650], S1: [9 + 22, 1250], K: [13 + 34, 2250] },
  grundsicherung_alter_quote: { faktor: 100, B1: [4, 80], GT1: [7, 150], GT2: [7, 90], S1: [14, 240], K: [22, 440] },
};

const LEVELS = { B1, GT1, GT2, S1, K: KREIS } as const;

/** The fixture with some cells removed or replaced. */
function table(opts: { drop?: [string, string][]; set?: [string, string, number][]; withoutT5?: boolean } = {}): ValueTable {
  const dropped = new Set((opts.drop ?? []).map(([a, v]) => `${a}|${v}`));
  const t = ValueTable.fromRows(PERIOD, fixtureRows().filter((r) => !dropped.has(`${r.area}|${r.variable}`)));
  if (!opts.withoutT5) for (const [area, value] of Object.entries(BEV_T5)) t.set(area, 'bevoelkerung', PERIOD_T5, value);
  for (const [a, v, value] of opts.set ?? []) t.set(a, v, PERIOD, value);
  return t;
}

const expectNoValue = (r: IndicatorResult): void => {
  expect(r.value).toBeNull();
  expect(typeof r.reason).toBe('string');
  expect(r.reason!.length).toBeGreaterThan(10);
};

describe('every Kennzahl against hand-computed values', () => {
  const engine = fixtureEngine();

  it('covers all 28 Kennzahlen of the catalogue', () => {
    expect(Object.keys(TABLE)).toHaveLength(28);
    expect(Object.keys(TABLE).sort()).toEqual([...engine.catalogue.kennzahlen.keys()].sort());
  });

  const cases = Object.entries(TABLE).flatMap(([id, row]) =>
    (Object.keys(LEVELS) as (keyof typeof LEVELS)[]).map((level) => [id, level, row[level], row.faktor] as const),
  );
  it.each(cases)('%s at %s', (id, level, cell, faktor) => {
    const r = engine.indicator(id, LEVELS[level], PERIOD);
    expect(r.indicator).toBe(id);
    expect(r.area).toBe(LEVELS[level]);
    expect(r.period).toBe(PERIOD);
    if (cell === 'ebene') {
      expect(r.status).toBe('ebene_nicht_verfuegbar');
      expect(r.numerator).toBeNull();
      expect(r.denominator).toBeNull();
      expectNoValue(r);
      return;
    }
    const [n, d] = cell;
    expect(r.status).toBe('ok');
    expect(r.numerator).toBe(n);
    expect(r.denominator).toBe(d);
    expect(r.value).toBe((n * faktor) / d);
    expect(r.reason).toBeUndefined();
  });

  it('gives the plain numbers one would write in a report', () => {
    expect(engine.indicator('jugendquotient', B1, PERIOD).value).toBe(35); // 70 / 200 * 100
    expect(engine.indicator('anteil_u18', S1, PERIOD).value).toBeCloseTo(18.4, 12); // 230 / 1250 * 100
    expect(engine.indicator('mittlere_wohndauer', B1, PERIOD).value).toBe(10); // 3500 / 350
    expect(engine.indicator('durchschnittliche_haushaltsgroesse', KREIS, PERIOD).value).toBe(2.25); // 2250 / 1000
    expect(engine.indicator('bevoelkerungsentwicklung_5j', B1, PERIOD).value).toBe(9.375); // 30 / 320 * 100
    expect(engine.indicator('wanderungssaldo', KREIS, PERIOD).value).toBeCloseTo(4.444444444444, 10); // 10 / 2250 * 1000
    expect(engine.indicator('grundsicherung_alter_quote', B1, PERIOD).value).toBe(5); // 4 / 80 * 100
  });

  it('keeps a numerator of 0 as the value 0 (natuerlicher_saldo of GT2: 6 births, 6 deaths)', () => {
    const r = engine.indicator('natuerlicher_saldo', GT2, PERIOD);
    expect(r).toMatchObject({ status: 'ok', value: 0, numerator: 0, denominator: 650 });
  });

  it('computes a negative change and a negative balance', () => {
    // Baublock 5 had 5 inhabitants in 2019 and none in 2024: (0 - 5) / 5 * 100 = -100
    expect(engine.indicator('bevoelkerungsentwicklung_5j', B5, PERIOD)).toMatchObject({ status: 'ok', value: -100, numerator: -5, denominator: 5 });
    expect(engine.indicator('natuerlicher_saldo', KREIS, PERIOD).value).toBe((-6 * 1000) / 2250);
  });
});

describe('counting rule', () => {
  it('sums additive counts from sub-areas when every sub-area has one', () => {
    const engine = fixtureEngine();
    expect(engine.count(B1, 'bevoelkerung', PERIOD)).toEqual({ value: 350, origin: 'gemeldet' });
    expect(engine.count(GT1, 'bevoelkerung', PERIOD)).toEqual({ value: 350 + 250, origin: 'summiert' });
    expect(engine.count(GT2, 'bevoelkerung', PERIOD)).toEqual({ value: 450 + 200 + 0, origin: 'summiert' });
    expect(engine.count(S1, 'bevoelkerung', PERIOD)).toEqual({ value: 600 + 650, origin: 'summiert' });
    expect(engine.count(S2, 'bevoelkerung', PERIOD)).toEqual({ value: 1000, origin: 'gemeldet' });
    expect(engine.count(KREIS, 'bevoelkerung', PERIOD)).toEqual({ value: 1250 + 1000, origin: 'summiert' });
    // BA counts exist from the Gemeindeteil up; the Baublöcke below have none
    expect(engine.count(GT1, 'lb_sgb2', PERIOD)).toEqual({ value: 40, origin: 'gemeldet' });
    expect(engine.count(S1, 'lb_sgb2', PERIOD)).toEqual({ value: 40 + 90, origin: 'summiert' });
  });

  it('prefers the complete sum of the sub-areas over a value reported for the area itself', () => {
    const engine = fixtureEngine(table({ set: [[GT1, 'bevoelkerung', 590]] }));
    expect(engine.count(GT1, 'bevoelkerung', PERIOD)).toEqual({ value: 600, origin: 'summiert' });
  });

  it('takes the reported value when the sub-areas are incomplete', () => {
    const engine = fixtureEngine(table({ drop: [[B2, 'bevoelkerung']], set: [[GT1, 'bevoelkerung', 600]] }));
    expect(engine.count(GT1, 'bevoelkerung', PERIOD)).toEqual({ value: 600, origin: 'gemeldet' });
    expect(engine.count(S1, 'bevoelkerung', PERIOD)).toEqual({ value: 1250, origin: 'summiert' });
  });

  it('gives no value, with a reason, for incomplete sub-areas and no own value', () => {
    const engine = fixtureEngine(table({ drop: [[B2, 'bevoelkerung']] }));
    const gt = engine.count(GT1, 'bevoelkerung', PERIOD);
    expect(gt.value).toBeUndefined();
    if (gt.value !== undefined) return;
    expect(gt.missing).toEqual([{ area: GT1, merkmal: 'bevoelkerung', period: PERIOD, reason: expect.stringContaining('1 von 2') }]);
    expect(gt.missing[0]!.reason).toMatch(/unvollständig/);
    const b2 = engine.count(B2, 'bevoelkerung', PERIOD);
    expect(b2.value === undefined && b2.missing[0]!.reason).toBe('nicht gemeldet');
    // and further up: the Stadt has 1 of 2 Gemeindeteile
    const s1 = engine.count(S1, 'bevoelkerung', PERIOD);
    expect(s1.value === undefined && s1.missing[0]!.reason).toMatch(/1 von 2/);
  });

  it('never sums the non-additive zuzuege and fortzuege from sub-areas', () => {
    const engine = fixtureEngine();
    // blocks of GT1 report 30 + 25 = 55 Zuzüge, but 10 of them are moves within GT1: GT1 reports 45
    expect(engine.count(GT1, 'zuzuege', PERIOD)).toEqual({ value: 45, origin: 'gemeldet' });
    // the cities report 70 + 60 = 130, the Kreis 110 (moves between its cities)
    expect(engine.count(KREIS, 'zuzuege', PERIOD)).toEqual({ value: 110, origin: 'gemeldet' });
    expect(engine.count(KREIS, 'fortzuege', PERIOD)).toEqual({ value: 100, origin: 'gemeldet' });
  });

  it('gives no value for a non-additive Merkmal not reported for the area, even when all sub-areas have one', () => {
    const engine = fixtureEngine(table({ drop: [[GT1, 'zuzuege']] }));
    const c = engine.count(GT1, 'zuzuege', PERIOD);
    expect(c.value).toBeUndefined();
    expect(c.value === undefined && c.missing[0]!.reason).toMatch(/nicht additiv/);
    const r = engine.indicator('wanderungssaldo', GT1, PERIOD);
    expect(r.status).toBe('fehlende_werte');
    expect(r.missing).toEqual([{ area: GT1, merkmal: 'zuzuege', period: PERIOD, reason: expect.stringMatching(/nicht additiv/) }]);
    expect(r.numerator).toBeNull();
    expect(r.denominator).toBe(600);
    expectNoValue(r);
  });
});

describe('no value instead of a wrong value', () => {
  it('zero denominator: value null, status nenner_null with a reason naming the denominator', () => {
    const r = fixtureEngine().indicator('anteil_u18', B5, PERIOD);
    expect(r.status).toBe('nenner_null');
    expect(r.value).toBeNull();
    expect(r.numerator).toBe(0);
    expect(r.denominator).toBe(0);
    expect(r.reason).toContain('bevoelkerung');
    expect(r.reason).toMatch(/ist 0/);
  });

  it('zero denominator with a non-zero numerator is not Infinity', () => {
    // one recipient of Grundsicherung registered at the uninhabited Baublock 5
    const r = fixtureEngine(table({ set: [[B5, 'gsiae', 1]] })).indicator('sgb12_quote', B5, PERIOD);
    expect(r).toMatchObject({ status: 'nenner_null', value: null, numerator: 0 + 1, denominator: 0 });
  });

  it('every Kennzahl at the uninhabited Baublock 5: nenner_null (never 0, NaN or Infinity), except the 5-year change', () => {
    const engine = fixtureEngine();
    const baublockKennzahlen = Object.entries(TABLE).filter(([, row]) => row.B1 !== 'ebene').map(([id]) => id);
    expect(baublockKennzahlen).toHaveLength(21);
    for (const id of baublockKennzahlen) {
      const r = engine.indicator(id, B5, PERIOD);
      if (id === 'bevoelkerungsentwicklung_5j') {
        expect(r.status).toBe('ok');
        continue;
      }
      expect([id, r.status, r.value, r.denominator]).toEqual([id, 'nenner_null', null, 0]);
      expect(r.reason).toMatch(/Nenner/);
    }
  });

  it('zero denominator above the Baublock (no full-time employees in the Stadt)', () => {
    const engine = fixtureEngine(table({ set: [[S1, 'svb_vollzeit', 0], [S1, 'svb_vollzeit_niedrig', 0]] }));
    const r = engine.indicator('anteil_niedrigverdienende', S1, PERIOD);
    expect(r).toMatchObject({ status: 'nenner_null', value: null, numerator: 0, denominator: 0 });
    expect(r.reason).toContain('svb_vollzeit');
    // the Kreis still has a value: (0 + 50) / (0 + 250) * 100
    expect(engine.indicator('anteil_niedrigverdienende', KREIS, PERIOD).value).toBe((50 * 100) / 250);
  });

  it('missing input: status fehlende_werte, listing area, Merkmal, period and reason', () => {
    const r = fixtureEngine(table({ drop: [[B1, 'hh_gesamt']] })).indicator('anteil_einpersonenhaushalte', B1, PERIOD);
    expect(r.status).toBe('fehlende_werte');
    expect(r.missing).toEqual([{ area: B1, merkmal: 'hh_gesamt', period: PERIOD, reason: 'nicht gemeldet' }]);
    expect(r.numerator).toBe(60);
    expect(r.denominator).toBeNull();
    expectNoValue(r);
    expect(r.reason).toContain('hh_gesamt');
    expect(r.reason).toContain(B1);
    expect(r.reason).toContain('2024');
  });

  it('missing input propagates up the tree with the incomplete area named', () => {
    const engine = fixtureEngine(table({ drop: [[B2, 'bevoelkerung']] }));
    const r = engine.indicator('anteil_u18', S1, PERIOD);
    expect(r.status).toBe('fehlende_werte');
    expect(r.numerator).toBe(230);
    expect(r.missing).toEqual([{ area: S1, merkmal: 'bevoelkerung', period: PERIOD, reason: expect.stringContaining('1 von 2') }]);
    // the other Gemeindeteil is unaffected
    expect(engine.indicator('anteil_u18', GT2, PERIOD).value).toBe((135 * 100) / 650);
  });

  it('lists every missing input of numerator and denominator, and shortens the reason after three', () => {
    const drop = (['bev_0_2', 'bev_3_5', 'bev_6_9', 'bev_10_14', 'bev_15_17', 'bev_18_19', 'bev_20_24', 'bev_25_29', 'bev_30_44', 'bev_45_59', 'bev_60_64'] as const).map(
      (m) => [B1, m] as [string, string],
    );
    const r = fixtureEngine(table({ drop })).indicator('jugendquotient', B1, PERIOD);
    expect(r.status).toBe('fehlende_werte');
    expect(r.missing!.map((m) => m.merkmal).sort()).toEqual(drop.map(([, m]) => m).sort());
    expect(r.numerator).toBeNull();
    expect(r.denominator).toBeNull();
    expect(r.reason).toContain('und 8 weitere'); // 11 missing, 3 shown
  });

  it('five-year change without the earlier period: fehlende_werte naming t-5 once', () => {
    const r = fixtureEngine(table({ withoutT5: true })).indicator('bevoelkerungsentwicklung_5j', B1, PERIOD);
    expect(r.status).toBe('fehlende_werte');
    expect(r.value).toBeNull();
    // bevoelkerung(t-5) is in numerator and denominator, but it is one missing value
    expect(r.missing).toEqual([{ area: B1, merkmal: 'bevoelkerung', period: PERIOD_T5, reason: 'nicht gemeldet' }]);
    expect(r.reason).toContain('2019');
    expect(r.reason!.match(/2019/g)).toHaveLength(1);
  });

  it('five-year change at every level needs both periods: with t-5 only at the Stadt 2, the Kreis is computed', () => {
    // Stadt 1's blocks have t-5 values (summed), Stadt 2 reports its own: Kreis (2250 - 2245) / 2245
    const r = fixtureEngine().indicator('bevoelkerungsentwicklung_5j', KREIS, PERIOD);
    expect(r).toMatchObject({ status: 'ok', numerator: 2250 - 2245, denominator: 320 + 260 + 430 + 190 + 5 + 1040 });
  });

  it('below its lowest level a Kennzahl is ebene_nicht_verfuegbar, even if a stray value exists', () => {
    const engine = fixtureEngine(table({ set: [[B1, 'lb_sgb2', 10]] }));
    const r = engine.indicator('sgb2_quote', B1, PERIOD);
    expect(r.status).toBe('ebene_nicht_verfuegbar');
    expectNoValue(r);
    expect(r.reason).toContain('Gemeindeteil');
    expect(r.reason).toContain('BA');
    const w = engine.indicator('anteil_niedrigverdienende', GT1, PERIOD);
    expect(w.status).toBe('ebene_nicht_verfuegbar');
    expect(w.reason).toContain('Stadt');
  });

  it('unknown Kennzahl or area: status unbekannt with a reason', () => {
    const engine = fixtureEngine();
    const k = engine.indicator('kinderarmut', S1, PERIOD);
    expect(k.status).toBe('unbekannt');
    expect(k.reason).toContain('kinderarmut');
    expectNoValue(k);
    const a = engine.indicator('anteil_u18', '05954036-09', PERIOD);
    expect(a.status).toBe('unbekannt');
    expect(a.reason).toContain('05954036-09');
  });

  it('an unknown Merkmal has no count', () => {
    const c = fixtureEngine().count(B3, 'einwohner', PERIOD);
    expect(c.value === undefined && c.missing[0]!.reason).toMatch(/kein Merkmal/);
  });
});
