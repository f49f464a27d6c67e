/**
 * Age bands as intervals (shared/catalogue/altersintervalle.ts) and the engine's use of them, on
 * real data: five Berlin planning areas (tests/fixtures/real/berlin-lor, 8 bands of their own) as the
 * Gemeindeteile of one city. Expected values are summed by hand from the rows of the fixture.
 */
import { AreaTree } from '../../shared/areas/areas';
import {
  altersIdProbleme,
  altersTerme,
  intervallId,
  intervallText,
  intervallVonId,
  zerlegung,
} from '../../shared/catalogue/altersintervalle';
import { standardCatalogue } from '../../shared/catalogue/standard';
import { IndicatorEngine } from '../../shared/indicators/engine';
import { ValueTable } from '../../shared/indicators/values';
import { AGES_S2, AGE_BANDS } from '../helpers/core-fixtures';
import { BERLIN_ALTERSSPALTEN, berlinTabelle } from '../helpers/berlin-lor';

describe('ids and intervals', () => {
  test('intervallId gives the catalogue id where a band matches, bev_alter_… otherwise', () => {
    expect(intervallId(0, 2)).toBe('bev_0_2');
    expect(intervallId(15, 17)).toBe('bev_15_17');
    expect(intervallId(80, null)).toBe('bev_80_plus');
    expect(intervallId(0, 5)).toBe('bev_alter_0_5');
    expect(intervallId(75, null)).toBe('bev_alter_75_plus');
    expect(() => intervallId(20, 18)).toThrow(/Kein gültiger Altersbereich/);
    expect(() => intervallId(-1, 5)).toThrow(RangeError);
    expect(() => intervallId(3.5, 5)).toThrow(RangeError);
  });

  test('ids parse back to their intervals; ill-formed ones do not', () => {
    expect(intervallVonId('bev_30_44')).toEqual({ von: 30, bis: 44 });
    expect(intervallVonId('bev_alter_18_26')).toEqual({ von: 18, bis: 26 });
    expect(intervallVonId('bev_alter_65_plus')).toEqual({ von: 65, bis: Infinity });
    expect(intervallVonId('bev_alter_26_18')).toBeUndefined();
    expect(intervallVonId('bev_alter_0_999')).toBeUndefined();
    expect(intervallVonId('bevoelkerung')).toBeUndefined();
    expect(intervallVonId('bev_wohndauer_5plus')).toBeUndefined();
    expect(intervallText({ von: 0, bis: 17 })).toBe('unter 18 Jahre');
    expect(intervallText({ von: 20, bis: 64 })).toBe('20 bis 64 Jahre');
    expect(intervallText({ von: 65, bis: Infinity })).toBe('65 Jahre und älter');
  });

  test('a delivery with overlapping, ill-formed or renamed bands is refused with the ids in words', () => {
    expect(altersIdProbleme(['bev_alter_0_5', 'bev_alter_6_14', 'bev_15_17', 'bevoelkerung'])).toEqual([]);
    const p = altersIdProbleme(['bev_alter_0_5', 'bev_3_5', 'bev_alter_18_x', 'bev_alter_0_2']);
    expect(p).toHaveLength(3);
    expect(p.join('\n')).toMatch(/„bev_alter_0_5“ \(unter 6 Jahre\) und „bev_3_5“ \(3 bis 5 Jahre\) überschneiden sich/);
    expect(p.join('\n')).toMatch(/„bev_alter_18_x“ ist keine gültige Altersgruppe/);
    expect(p.join('\n')).toMatch(/„bev_alter_0_2“ \(unter 3 Jahre\) heißt im Katalog „bev_0_2“/);
  });

  test('zerlegung builds an interval from bands or names the missing cuts, never a forced fit', () => {
    const b = (...ids: string[]) => ids.map((id) => ({ id, iv: intervallVonId(id)! }));
    const berlin = b('bev_alter_0_5', 'bev_alter_6_14', 'bev_15_17', 'bev_alter_18_26', 'bev_alter_27_44', 'bev_alter_45_54', 'bev_alter_55_64', 'bev_alter_65_plus');
    expect(zerlegung({ von: 0, bis: 17 }, berlin)).toEqual({ ok: true, baender: ['bev_alter_0_5', 'bev_alter_6_14', 'bev_15_17'] });
    expect(zerlegung({ von: 20, bis: 64 }, berlin)).toEqual({ ok: false, fehlendeSchnitte: [20], luecken: [] });
    expect(zerlegung({ von: 60, bis: 79 }, berlin)).toEqual({ ok: false, fehlendeSchnitte: [60, 80], luecken: [] });
    // only under 18 and 65+: the cuts exist, the ages between are not delivered
    const grob = b('bev_alter_0_17', 'bev_alter_65_plus');
    expect(zerlegung({ von: 18, bis: 64 }, grob)).toEqual({ ok: false, fehlendeSchnitte: [], luecken: [{ von: 18, bis: 64 }] });
    // overlapping sets (an area's own bands beside those summed from its sub-areas): a clean chain is found
    const beide = b('bev_0_2', 'bev_3_5', 'bev_alter_0_5', 'bev_alter_6_14', 'bev_6_9');
    expect(zerlegung({ von: 0, bis: 14 }, beide)).toEqual({ ok: true, baender: ['bev_alter_0_5', 'bev_alter_6_14'] });
  });

  test('the age terms of the catalogue sums become intervals', () => {
    const cat = standardCatalogue();
    const iv = (h: string) => altersTerme(cat.hilfsgroessen.get(h)!.linear.terms).intervalle.map((i) => i.iv);
    expect(iv('u18')).toEqual([{ von: 0, bis: 17 }]);
    expect(iv('a20_64')).toEqual([{ von: 20, bis: 64 }]);
    expect(iv('a65plus')).toEqual([{ von: 65, bis: Infinity }]);
    const mixed = altersTerme(cat.kennzahlen.get('anteil_u18')!.nenner.terms);
    expect(mixed.intervalle).toEqual([]);
    expect(mixed.rest.map((t) => t.merkmal)).toEqual(['bevoelkerung']);
  });
});

describe('Berlin planning areas with their own 8 bands', () => {
  const PERIOD = '2020';
  const KREIS = '11000';
  const STADT = '11000000';
  const SPALTEN = BERLIN_ALTERSSPALTEN;
  const rows = berlinTabelle('einwohner-2020-auszug.csv');
  const gt = (i: number) => `${STADT}-${String(i + 1).padStart(2, '0')}`;

  const tree = AreaTree.build([
    { code: KREIS, name: 'Berlin', ebene: 'kreis', parent: null },
    { code: STADT, name: 'Berlin', ebene: 'stadt', parent: KREIS },
    ...rows.map((r, i) => ({ code: gt(i), name: `Planungsraum ${r.id}`, ebene: 'gemeindeteil' as const, parent: STADT })),
  ]);
  const values = new ValueTable();
  rows.forEach((r, i) => {
    values.set(gt(i), 'bevoelkerung', PERIOD, Number(r.inhabitants));
    for (const [col, [von, bis]] of Object.entries(SPALTEN)) values.set(gt(i), intervallId(von, bis), PERIOD, Number(r[col]));
  });
  const engine = new IndicatorEngine(standardCatalogue(), tree, values);

  test('the fixture is what the hand sums below were taken from', () => {
    expect(rows.map((r) => r.id)).toEqual(['01011101', '01011102', '01011103', '01011104', '01011105']);
    expect(altersIdProbleme(Object.values(SPALTEN).map(([v, b]) => intervallId(v, b)))).toEqual([]);
  });

  test('anteil_u18 from under 6 + 6 to 14 + 15 to 17, for a planning area and summed for the city', () => {
    // 01011101: 156 + 143 + 28 = 327 of 3419
    const pr = engine.indicator('anteil_u18', gt(0), PERIOD);
    expect(pr).toMatchObject({ status: 'ok', numerator: 327, denominator: 3419 });
    expect(pr.value).toBeCloseTo(9.564, 3);
    // city: 327 + (6+6+4) + (264+306+102) + (256+410+112) + (92+88+43) = 2016 of 3419+192+5211+4636+1599 = 15057
    const stadt = engine.indicator('anteil_u18', STADT, PERIOD);
    expect(stadt).toMatchObject({ status: 'ok', numerator: 2016, denominator: 15057 });
    expect(stadt.value).toBeCloseTo(13.389, 3);
  });

  test('Kennzahlen whose cuts the bands have are computed: aging_index (65+ per under 15), anteil_65plus', () => {
    // 01011101: 751 aged 65+, 156 + 143 = 299 under 15
    expect(engine.indicator('aging_index', gt(0), PERIOD)).toMatchObject({ status: 'ok', numerator: 751, denominator: 299 });
    // city: 751 + 28 + 979 + 366 + 197 = 2321 of 15057
    expect(engine.indicator('anteil_65plus', STADT, PERIOD)).toMatchObject({ status: 'ok', numerator: 2321, denominator: 15057 });
  });

  test('altenquotient and jugendquotient need a cut at 20 the bands do not have: a status, no number', () => {
    for (const id of ['altenquotient', 'jugendquotient']) {
      for (const area of [gt(0), STADT]) {
        const r = engine.indicator(id, area, PERIOD);
        expect(r).toMatchObject({ status: 'altersschnitt_fehlt', value: null, numerator: null, denominator: null, fehlendeSchnitte: [20] });
        expect(r.reason).toMatch(/ein Schnitt bei 20 Jahren \(gebraucht: 20 bis 64 Jahre\)/);
      }
    }
    const g = engine.indicator('greying_index', STADT, PERIOD);
    expect(g).toMatchObject({ status: 'altersschnitt_fehlt', value: null, fehlendeSchnitte: [60, 80] });
  });

  test('a Kreis of a Stadt with the catalogue bands and a Stadt with its own: sums where both have the cuts', () => {
    // Stadt A: the 14 bands of Breckerfeld in tests/helpers/core-fixtures.ts (1000 people), Stadt B: planning area 01011101
    const A = '11000001';
    const B = '11000002';
    const kreisTree = AreaTree.build([
      { code: KREIS, name: 'Kreis', ebene: 'kreis', parent: null },
      { code: A, name: 'Stadt A', ebene: 'stadt', parent: KREIS },
      { code: B, name: 'Stadt B', ebene: 'stadt', parent: KREIS },
    ]);
    const t = new ValueTable().set(A, 'bevoelkerung', PERIOD, 1000).set(B, 'bevoelkerung', PERIOD, 3419);
    AGE_BANDS.forEach((band, i) => t.set(A, band, PERIOD, AGES_S2[i]!));
    for (const [col, [von, bis]] of Object.entries(SPALTEN)) t.set(B, intervallId(von, bis), PERIOD, Number(rows[0]![col]));
    const e = new IndicatorEngine(standardCatalogue(), kreisTree, t);
    // u18: A 30+30+40+50+30 = 180, B 327; 65+: A 100+50+50 = 200, B 751
    expect(e.indicator('anteil_u18', KREIS, PERIOD)).toMatchObject({ status: 'ok', numerator: 507, denominator: 4419, altersbaender: ['bev_alter_0_5', 'bev_alter_6_14'] });
    // the cells read (for the suppression, sync-server/publication.ts): each Stadt's own bands under 18
    const zellen = e.indicator('anteil_u18', KREIS, PERIOD).alterszellen!.map((z) => `${z.area} ${z.merkmal} ${z.period}`);
    expect(zellen.sort()).toEqual(
      [...['bev_0_2', 'bev_3_5', 'bev_6_9', 'bev_10_14', 'bev_15_17'].map((m) => `${A} ${m}`), ...['bev_alter_0_5', 'bev_alter_6_14', 'bev_15_17'].map((m) => `${B} ${m}`)].map((c) => `${c} ${PERIOD}`).sort(),
    );
    expect(e.indicator('anteil_65plus', A, PERIOD).alterszellen).toBeUndefined();
    expect(e.indicator('anteil_65plus', KREIS, PERIOD)).toMatchObject({ status: 'ok', numerator: 951, denominator: 4419 });
    expect(e.indicator('anteil_65plus', A, PERIOD)).toMatchObject({ status: 'ok', numerator: 200 });
    expect(e.indicator('anteil_65plus', A, PERIOD).altersbaender).toBeUndefined();
    expect(e.indicator('altenquotient', KREIS, PERIOD)).toMatchObject({ status: 'altersschnitt_fehlt', value: null, fehlendeSchnitte: [20] });
    expect(e.indicator('altenquotient', A, PERIOD)).toMatchObject({ status: 'ok', numerator: 200, denominator: 50 + 60 + 200 + 220 + 70 });
  });

  test('bands for under 18 and 65+ only: both shares computed, the ages 18 to 64 are missing values, not a cut', () => {
    const grob = new ValueTable()
      .set(gt(0), 'bevoelkerung', PERIOD, 3419)
      .set(gt(0), intervallId(0, 17), PERIOD, 327)
      .set(gt(0), intervallId(65, null), PERIOD, 751);
    const e = new IndicatorEngine(standardCatalogue(), tree, grob);
    expect(e.indicator('anteil_u18', gt(0), PERIOD)).toMatchObject({ status: 'ok', numerator: 327, denominator: 3419 });
    expect(e.indicator('anteil_65plus', gt(0), PERIOD)).toMatchObject({ status: 'ok', numerator: 751, denominator: 3419 });
    const r = e.indicator('altenquotient', gt(0), PERIOD);
    expect(r).toMatchObject({ status: 'fehlende_werte', value: null });
    expect(r.missing!.map((m) => m.merkmal)).toContain('bev_20_24');
  });

  test('an area without any age bands keeps the plain "missing values" status', () => {
    const leer = new IndicatorEngine(standardCatalogue(), tree, new ValueTable().set(gt(0), 'bevoelkerung', PERIOD, 10));
    const r = leer.indicator('altenquotient', gt(0), PERIOD);
    expect(r.status).toBe('fehlende_werte');
    expect(r.missing!.map((m) => m.merkmal)).toContain('bev_65_74');
  });
});
