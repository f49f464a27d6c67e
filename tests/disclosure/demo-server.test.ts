/**
 * The demo Kreis through the real server (bootstrap with demo data, real SQLite): the leser role
 * gets a whole-Kreis answer with gesperrt rows, the Kreis none. (The pattern itself is attacked in
 * attack.test.ts; the published HTTP output of a small Kreis in server.test.ts.)
 */
import request from 'supertest';
import { demoServerForFile } from '../server/helpers';
import { bootstrap } from '../../sync-server/bootstrap';

jest.setTimeout(90000);

const demo = demoServerForFile(['2024'], 'disclosure-demo');

test('whole-Kreis indicators: leser sees gesperrt rows without reasons, the Kreis sees raw values', async () => {
  const leserLabel = demo.tokens.find((t) => /leser/i.test(t.label))!.label;
  const kreisLabel = demo.tokens.find((t) => /kreis/i.test(t.label) && !/leser/i.test(t.label))!.label;
  const leser = await request(demo.app).get('/api/indicators?period=2024&ebene=baublock&ids=sgb12_quote,anteil_65plus').set(demo.auth(leserLabel)).expect(200);
  const gesperrt = leser.body.rows.filter((r: { status: string }) => r.status === 'gesperrt');
  expect(gesperrt.length).toBeGreaterThan(100);
  for (const r of gesperrt) expect(Object.keys(r)).toEqual(['area', 'indicator', 'period', 'value', 'numerator', 'denominator', 'status']);
  const kreis = await request(demo.app).get('/api/indicators?period=2024&ebene=baublock&ids=sgb12_quote,anteil_65plus').set(demo.auth(kreisLabel)).expect(200);
  expect(kreis.body.rows.filter((r: { status: string }) => r.status === 'gesperrt')).toEqual([]);
  expect(kreis.body.rows).toHaveLength(leser.body.rows.length);
});

/** Issue 13: every suppressed cell looks the same to whoever may not see it raw. */
describe('one uniform "." for every suppressed cell (whole demo Kreis 2024)', () => {
  interface Row { area: string; indicator?: string; variable?: string; period?: string; value: number | null; status?: string; numerator?: number | null; denominator?: number | null; reason?: string; geheimhaltung?: { sperre: string; grund: string } }
  const WITTEN = '05954036';
  const NAMING = new Set(['area', 'indicator', 'variable', 'period']);
  /** Everything of a row but what names the cell, in order: identical for all suppressed rows, or a reader could tell kinds apart. */
  const shapeOf = (r: object) => JSON.stringify(Object.entries(r).filter(([k]) => !NAMING.has(k)));
  const key = (r: Row) => `${r.area} ${r.indicator ?? r.variable}`;
  const get = async (label: string, path: string) => (await request(demo.app).get(path).set(demo.auth(label)).expect(200)).body.rows as Row[];
  let answers: Record<'leser' | 'kommune' | 'kreis', { indicators: Row[]; values: Row[] }>;

  const AGE = ['bev_0_2', 'bev_3_5', 'bev_6_9', 'bev_10_14', 'bev_15_17', 'bev_18_19', 'bev_20_24', 'bev_25_29', 'bev_30_44', 'bev_45_59', 'bev_60_64', 'bev_65_74', 'bev_75_79', 'bev_80_plus'];
  let nennerNull: string[];

  beforeAll(async () => {
    // The demo has no Kennzahl with denominator 0 and a suppressed input; make two (one block in
    // Witten, one elsewhere): nobody aged 60 to 79, one person aged 80+, so greying_index
    // (bev_80_plus / a60_79) would be nenner_null with a suppressed numerator. Same population.
    const raw = await get('kreis', `/api/values?period=2024&variables=${[...AGE, 'bevoelkerung', 'gsia_65plus'].join(',')}`);
    const byArea = new Map<string, Map<string, number>>();
    for (const r of raw) {
      if (!byArea.has(r.area)) byArea.set(r.area, new Map());
      byArea.get(r.area)!.set(r.variable!, r.value!);
    }
    const fits = (a: string) => /-\d{2}-\d{4}$/.test(a) && (byArea.get(a)!.get('gsia_65plus') ?? 0) === 0 && (byArea.get(a)!.get('bevoelkerung') ?? 0) > 100;
    const blocks = [...byArea.keys()].filter(fits);
    nennerNull = [blocks.find((a) => a.startsWith(WITTEN))!, blocks.find((a) => !a.startsWith(WITTEN))!];
    const rows = nennerNull.flatMap((area) => {
      const v = byArea.get(area)!;
      const moved = v.get('bev_60_64')! + v.get('bev_65_74')! + v.get('bev_75_79')! + v.get('bev_80_plus')! - 1;
      const bands: Record<string, number> = { ...Object.fromEntries(AGE.map((m) => [m, v.get(m)!])), bev_60_64: 0, bev_65_74: 0, bev_75_79: 0, bev_80_plus: 1, bev_30_44: v.get('bev_30_44')! + moved };
      return AGE.map((variable) => ({ area, variable, value: bands[variable]! }));
    });
    await request(demo.app).post('/api/submissions').set(demo.auth('kreis')).set('Content-Type', 'application/json').send(JSON.stringify({ period: '2024', rows })).expect(201);
    // readers see the released state (Freigabe): release it, so that Kreis and readers speak of the same values
    await request(demo.app).post('/api/freigaben').set(demo.auth('kreis')).set('Content-Type', 'application/json').send(JSON.stringify({ period: '2024' })).expect(201);
    const ask = async (label: string) => ({ indicators: await get(label, '/api/indicators?period=2024'), values: await get(label, '/api/values?period=2024') });
    answers = { leser: await ask('leser'), kommune: await ask(`kommune:${WITTEN}`), kreis: await ask('kreis') };
    // without ?areas a Kommune gets only its own city's values: ask for every other area too
    const others = [...new Set(answers.leser.indicators.map((r) => r.area))].filter((a) => !a.startsWith(WITTEN));
    for (let i = 0; i < others.length; i += 300) answers.kommune.values.push(...(await get(`kommune:${WITTEN}`, `/api/values?period=2024&areas=${others.slice(i, i + 300).join(',')}`)));
    answers.kommune.values.sort((a, b) => (a.area === b.area ? a.variable!.localeCompare(b.variable!) : a.area < b.area ? -1 : 1));
  });

  test('leser and a Kommune (areas of other cities): one shape for every suppressed Kennzahl and count', () => {
    const other = (r: Row) => !r.area.startsWith(WITTEN);
    for (const [who, a] of [['leser', answers.leser], ['kommune', { indicators: answers.kommune.indicators.filter(other), values: answers.kommune.values.filter(other) }]] as const) {
      const ind = a.indicators.filter((r) => r.status === 'gesperrt');
      const val = a.values.filter((r) => r.status === 'gesperrt');
      expect([who, ind.length > 1000, val.length > 1000]).toEqual([who, true, true]);
      expect([who, [...new Set(ind.map(shapeOf))]]).toEqual([who, [shapeOf({ value: null, numerator: null, denominator: null, status: 'gesperrt' })]]);
      expect([who, [...new Set(ind.map((r) => Object.keys(r).join()))]]).toEqual([who, ['area,indicator,period,value,numerator,denominator,status']]);
      expect([who, [...new Set(val.map((r) => JSON.stringify(r).replace(/"area":"[^"]*","variable":"[^"]*",/, '')))]]).toEqual([who, ['{"value":null,"status":"gesperrt"}']]);
      // no reason anywhere in the answer, not even in another field
      expect(JSON.stringify(a)).not.toMatch(/primaer|sekundaer|geheimhaltung|weniger als \d+ Fälle|Nullwert|Nenner kleiner|eine Zahl, aus der sie berechnet wird/);
    }
    // a Kommune sees other cities exactly as a reader does
    expect(answers.kommune.indicators.filter(other)).toEqual(answers.leser.indicators.filter(other));
    expect(answers.kommune.values.filter(other)).toEqual(answers.leser.values.filter(other));
  });

  test('the suppressed rows cover every kind the Kreis is told about, incl. rows that would be nenner_null', () => {
    const flagged = answers.kreis.indicators.filter((r) => r.geheimhaltung);
    const hidden = new Set(answers.leser.indicators.filter((r) => r.status === 'gesperrt').map(key));
    // exactly the rows readers get as "." carry the reason for the Kreis
    expect(flagged.map(key).sort()).toEqual([...hidden].sort());
    expect(new Set(flagged.map((r) => r.geheimhaltung!.sperre))).toEqual(new Set(['primaer', 'sekundaer']));
    const gruende = new Set(flagged.map((r) => r.geheimhaltung!.grund.replace(/\d+/g, 'N')));
    expect(gruende).toEqual(new Set(['gesperrt, weil eine Zahl, aus der sie berechnet wird, gesperrt ist', 'Nenner kleiner als N']));
    // counts: primary and secondary, each told to the Kreis, alike for readers
    const zaehlGruende = new Set(answers.kreis.values.filter((r) => r.geheimhaltung).map((r) => r.geheimhaltung!.grund.replace(/\d+/g, 'N')));
    expect(zaehlGruende).toEqual(new Set(['weniger als N Fälle', 'gesperrt, damit eine gesperrte Zahl nicht aus Summen und Teil-Ganzes-Regeln errechnet oder eingegrenzt werden kann']));
    // rows that would be nenner_null: the Kreis sees the status and why, readers the uniform row
    expect(flagged.filter((r) => r.status === 'nenner_null').map(key).sort()).toEqual(nennerNull.map((a) => `${a} greying_index`).sort());
    for (const a of nennerNull) expect(answers.leser.indicators.find((r) => key(r) === `${a} greying_index`)).toMatchObject({ status: 'gesperrt', value: null, numerator: null, denominator: null });
    expect(new Set(flagged.map((r) => r.status))).toEqual(new Set(['ok', 'nenner_null']));
    // the unprotected variant (status and reason as the Kreis sees them, as published before issue 13)
    // has many shapes: the check above would fail on it
    const labelled = flagged.map((r) => ({ value: null, numerator: null, denominator: null, status: r.status === 'ok' ? 'gesperrt' : r.status, ...r.geheimhaltung }));
    expect(new Set(labelled.map(shapeOf)).size).toBeGreaterThan(3);
  });

  test('raw rows: the Kreis and the Kommune (own city) see values and, where readers see ".", why', () => {
    const hiddenValues = new Set(answers.leser.values.filter((r) => r.status === 'gesperrt').map(key));
    for (const [who, rows] of [['kreis', answers.kreis.values], ['kommune', answers.kommune.values.filter((r) => r.area.startsWith(WITTEN))]] as const) {
      expect([who, rows.length > 1000, rows.every((r) => typeof r.value === 'number' && r.status === undefined)]).toEqual([who, true, true]);
      const wrong = rows.filter((r) => (r.geheimhaltung !== undefined) !== hiddenValues.has(key(r)));
      expect([who, wrong]).toEqual([who, []]);
      expect([who, rows.filter((r) => r.geheimhaltung).length > 100]).toEqual([who, true]);
    }
    const own = answers.kommune.indicators.filter((r) => r.area.startsWith(WITTEN));
    expect(own.filter((r) => r.status === 'gesperrt')).toEqual([]);
    expect(own.filter((r) => r.geheimhaltung).length).toBeGreaterThan(100);
    expect(own).toEqual(answers.kreis.indicators.filter((r) => r.area.startsWith(WITTEN)));
  });
});
