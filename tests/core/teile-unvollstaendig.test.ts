/**
 * An official total wins over the sum of incomplete parts (issue 14): an area whose sub-areas the
 * source calls incomplete (`teileUnvollstaendig`, people without a Stadtteil) counts its reported
 * total (origin amtlich; total − Σ parts = ohneZuordnung); a total below its parts is an error;
 * the validation does not warn about the expected gap but still refuses a total below its parts;
 * the exchange format carries the flag and refuses it where it means nothing.
 */
import { amtlichHinweis, amtlichZelle } from '../../shared/format/amtlich';
import { AreaTree, AreaTreeError, IndicatorEngine, ValueTable, parseAreaExchange, standardCatalogue, toAreaExchange, validateDataset, type Area } from '../../shared';

const catalogue = standardCatalogue();
const K = '05954';
const W = '05954036'; // parts incomplete
const H = '05954012'; // parts complete
const GRUND = 'Personen ohne Stadtteilzuordnung';
const areas: Area[] = [
  { code: K, name: 'Ennepe-Ruhr-Kreis', ebene: 'kreis', parent: null },
  { code: W, name: 'Witten', ebene: 'stadt', parent: K, teileUnvollstaendig: true, teileUnvollstaendigGrund: GRUND },
  { code: `${W}-01`, name: 'Annen', ebene: 'gemeindeteil', parent: W },
  { code: `${W}-02`, name: 'Bommern', ebene: 'gemeindeteil', parent: W },
  { code: H, name: 'Hattingen', ebene: 'stadt', parent: K },
  { code: `${H}-01`, name: 'Blankenstein', ebene: 'gemeindeteil', parent: H },
];
const tree = AreaTree.build(areas);
const P = '2024';
const engineOf = (rows: { area: string; variable: string; value: number }[]) => new IndicatorEngine(catalogue, tree, ValueTable.fromRows(P, rows));
const base = [
  { area: `${W}-01`, variable: 'bevoelkerung', value: 600 },
  { area: `${W}-02`, variable: 'bevoelkerung', value: 650 },
  { area: `${W}-01`, variable: 'bev_auslaendisch', value: 60 },
  { area: `${W}-02`, variable: 'bev_auslaendisch', value: 70 },
  { area: `${H}-01`, variable: 'bevoelkerung', value: 500 },
  { area: `${H}-01`, variable: 'bev_auslaendisch', value: 40 },
];

describe('counting rule', () => {
  test('the reported total wins over the sum of incomplete parts; the Kreis sums the official total', () => {
    const e = engineOf([...base, { area: W, variable: 'bevoelkerung', value: 1300 }, { area: W, variable: 'bev_auslaendisch', value: 141 }, { area: H, variable: 'bevoelkerung', value: 510 }]);
    expect(e.count(W, 'bevoelkerung', P)).toEqual({ value: 1300, origin: 'amtlich', ohneZuordnung: 50 });
    // an area without the flag still sums its parts (510 reported, 500 in the parts)
    expect(e.count(H, 'bevoelkerung', P)).toEqual({ value: 500, origin: 'summiert' });
    expect(e.count(K, 'bevoelkerung', P)).toEqual({ value: 1800, origin: 'summiert' });
    // numerator and denominator from the same rule: 141 / 1300, not 130 / 1250
    const r = e.indicator('anteil_auslaendisch', W, P);
    expect([r.status, r.numerator, r.denominator]).toEqual(['ok', 141, 1300]);
    expect(r.value).toBe((141 * 100) / 1300);
    expect(r.amtlich).toEqual([
      { merkmal: 'bev_auslaendisch', name: 'Ausländische Bevölkerung', period: P, gesamt: 141, ohneZuordnung: 11 },
      { merkmal: 'bevoelkerung', name: 'Bevölkerung', period: P, gesamt: 1300, ohneZuordnung: 50 },
    ]);
    // the parts themselves and areas without the flag carry no such note
    expect(e.indicator('anteil_auslaendisch', `${W}-01`, P).amtlich).toBeUndefined();
    expect(e.indicator('anteil_auslaendisch', K, P).amtlich).toBeUndefined();
  });

  test('a total smaller than the sum of its parts is an error naming area, Merkmal and both numbers', () => {
    const e = engineOf([...base, { area: W, variable: 'bevoelkerung', value: 1200 }]);
    const c = e.count(W, 'bevoelkerung', P);
    expect(c.value).toBeUndefined();
    const reason = 'missing' in c ? c.missing[0]!.reason : '';
    expect(reason).toBe('Widerspruch: Bevölkerung (bevoelkerung) in Witten (05954036) ist amtlich 1.200, die Teilgebiete haben zusammen 1.250; die Gesamtzahl kann nicht kleiner sein als die Summe ihrer Teile');
    const r = e.indicator('anteil_auslaendisch', W, P);
    expect(r.status).toBe('fehlende_werte');
    expect(r.reason).toContain('amtlich 1.200');
    // the Kreis does not get a sum built over the contradiction either
    expect(e.count(K, 'bevoelkerung', P).value).toBeUndefined();
  });

  test('without a reported total there is no value (the sum of incomplete parts would be too small); a part without count leaves the gap unknown', () => {
    const e = engineOf(base);
    const c = e.count(W, 'bevoelkerung', P);
    expect(c.value).toBeUndefined();
    expect('missing' in c && c.missing[0]!.reason).toMatch(/^Die Teilgebiete von Witten \(05954036\) sind laut Gebietsgliederung unvollständig \(Personen ohne Stadtteilzuordnung\)/);
    const partial = engineOf([base[0]!, { area: W, variable: 'bevoelkerung', value: 1300 }]);
    expect(partial.count(W, 'bevoelkerung', P)).toEqual({ value: 1300, origin: 'amtlich', ohneZuordnung: null });
  });
});

describe('validation', () => {
  const validate = (rows: { area: string; variable: string; value: number }[], t: AreaTree = tree) =>
    validateDataset({ period: P, rows }, { catalogue, tree: t, submitter: { rolle: 'kreis' } });

  test('no UNTERGEBIETE_SUMME_ABWEICHEND where the parts are incomplete, still for other areas', () => {
    const rows = [...base, { area: W, variable: 'bevoelkerung', value: 1300 }, { area: H, variable: 'bevoelkerung', value: 510 }];
    const res = validate(rows);
    expect(res.errors).toEqual([]);
    expect(res.warnings.map((w) => [w.code, w.area])).toEqual([['UNTERGEBIETE_SUMME_ABWEICHEND', H]]);
    expect(res.warnings[0]!.detail).toContain('„teileUnvollstaendig“ setzen');
    // the same rows against a tree without the flag: Witten is warned about as well
    const plain = AreaTree.build(areas.map(({ teileUnvollstaendig: _t, teileUnvollstaendigGrund: _g, ...a }) => a));
    expect(validate(rows, plain).warnings.map((w) => w.area).sort()).toEqual([W, H].sort());
  });

  test('a total below its parts is still refused (UNTERGEBIETE_SUMME_GROESSER)', () => {
    const res = validate([...base, { area: W, variable: 'bevoelkerung', value: 1200 }]);
    expect(res.errors.map((e) => [e.code, e.area])).toEqual([['UNTERGEBIETE_SUMME_GROESSER', W]]);
    expect(res.errors[0]!.detail).toContain('1.250');
  });

  test('rules read the official total: bev_weiblich of the Stadt is checked against its own bevoelkerung, not the smaller sum', () => {
    // 1,280 women are fine against 1,300 official, although the parts hold only 1,250 people
    const ok = validate([...base, { area: W, variable: 'bevoelkerung', value: 1300 }, { area: W, variable: 'bev_weiblich', value: 1280 }]);
    expect(ok.errors).toEqual([]);
    const bad = validate([...base, { area: W, variable: 'bevoelkerung', value: 1300 }, { area: W, variable: 'bev_weiblich', value: 1310 }]);
    expect(bad.errors.map((e) => e.code)).toEqual(['TEIL_GROESSER_ALS_GANZES']);
  });
});

describe('exchange format', () => {
  const feature = (a: Record<string, unknown>) => ({ type: 'Feature', properties: a, geometry: null });
  const collection = (extra: Record<string, unknown>) => ({
    type: 'FeatureCollection',
    features: [
      feature({ code: K, name: 'Kreis', ebene: 'kreis', parent: '', ...extra }),
      feature({ code: W, name: 'Witten', ebene: 'stadt', parent: K }),
    ],
  });

  test('flag and reason are read and written; a tree without them reads back without them', () => {
    const { tree: t, areas: read } = parseAreaExchange(collection({ teileUnvollstaendig: true, teileUnvollstaendigGrund: GRUND }));
    expect(t.get(K)).toMatchObject({ teileUnvollstaendig: true, teileUnvollstaendigGrund: GRUND });
    const out = toAreaExchange(read) as { features: { properties: Record<string, unknown> }[] };
    expect(out.features[0]!.properties).toEqual({ code: K, name: 'Kreis', ebene: 'kreis', parent: '', teileUnvollstaendig: true, teileUnvollstaendigGrund: GRUND });
    expect(out.features[1]!.properties).toEqual({ code: W, name: 'Witten', ebene: 'stadt', parent: K });
  });

  test('refused with the area named: the flag on an area without sub-areas, a reason without the flag, a flag that is no boolean', () => {
    const refusal = (input: unknown): string[] => {
      try {
        parseAreaExchange(input);
      } catch (e) {
        if (e instanceof AreaTreeError) return e.problems;
        throw e;
      }
      throw new Error('angenommen');
    };
    const leaf = collection({});
    (leaf.features[1]!.properties as Record<string, unknown>).teileUnvollstaendig = true;
    expect(refusal(leaf)).toEqual(['Gebiet „05954036“ (Witten): „teileUnvollstaendig“ ist gesetzt, das Gebiet hat aber keine Teilgebiete']);
    expect(refusal(collection({ teileUnvollstaendigGrund: GRUND }))).toEqual(['Gebiet „05954“: „teileUnvollstaendigGrund“ gibt es nur zusammen mit „teileUnvollstaendig“: true']);
    expect(refusal(collection({ teileUnvollstaendig: 'ja' }))[0]).toMatch(/^Feature 1 \(„05954“\), „properties\.teileUnvollstaendig“: /);
  });
});

test('the one text of report, printed report and CSV: official total, without a sub-area, "." where not visible', () => {
  const a = [
    { merkmal: 'bevoelkerung', name: 'Bevölkerung', gesamt: 1788994, ohneZuordnung: 6777 },
    { merkmal: 'bev_0_2', name: 'Bevölkerung 0 bis 2 Jahre', gesamt: 50000, ohneZuordnung: null },
  ];
  expect(amtlichHinweis(a)).toBe('Amtliche Gesamtzahl (Teilgebiete unvollständig); ohne Teilgebiet: Bevölkerung 6.777, Bevölkerung 0 bis 2 Jahre .');
  expect(amtlichHinweis(a, true)).toBe('Amtliche Gesamtzahl (Teilgebiete unvollständig)');
  expect(amtlichZelle(a)).toBe('Bevölkerung (bevoelkerung): amtlich 1.788.994, ohne Zuordnung 6.777; Bevölkerung 0 bis 2 Jahre (bev_0_2): amtlich 50.000, ohne Zuordnung .');
});
