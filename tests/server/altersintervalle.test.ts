/**
 * Age bands in other cuts over HTTP (real SQLite, supertest): Witten's four Baublöcke delivered in
 * Berlin's eight bands (the first four planning areas of tests/fixtures/real/berlin-lor). The server
 * stores the bands, refuses overlapping ones, computes anteil_u18 from them and gives altenquotient a
 * status naming the missing cut. The bands are cells of the suppressed table
 * (shared/disclosure/altersbaender.ts): readers get them and anteil_u18 built from them, "." exactly
 * where a band is suppressed. The threshold is 7 here (SOZIALMONITOR_GEHEIMHALTUNG), so that the
 * small planning area Großer Tiergarten (6, 6 and 4 under 18) has small counts.
 */
import request from 'supertest';
import { Finding } from '../../shared';
import { TestServer, WITTEN, baublockeOf, testServer } from './helpers';

//          under 6, 6–14, 15–17, 18–26, 27–44, 45–54, 55–64, 65+   (planning areas 01011101 … 01011104)
const BERLIN = [
  [156, 143, 28, 442, 1162, 360, 377, 751],
  [6, 6, 4, 19, 68, 25, 36, 28],
  [264, 306, 102, 604, 1578, 638, 740, 979],
  [256, 410, 112, 779, 1629, 584, 500, 366],
];
const IDS = ['bev_alter_0_5', 'bev_alter_6_14', 'bev_15_17', 'bev_alter_18_26', 'bev_alter_27_44', 'bev_alter_45_54', 'bev_alter_55_64', 'bev_alter_65_plus'];
const PERIOD = '2024';

let t: TestServer;
const post = (rows: unknown[]) =>
  request(t.app).post('/api/submissions').set(t.auth(t.tokens.kreis)).set('Content-Type', 'application/json').send(JSON.stringify({ period: PERIOD, rows }));

const ENV = process.env.SOZIALMONITOR_GEHEIMHALTUNG;
beforeAll(async () => {
  process.env.SOZIALMONITOR_GEHEIMHALTUNG = JSON.stringify({ schwelle: 7 });
  t = await testServer();
  const rows = baublockeOf(WITTEN).flatMap((area, i) => [
    { area, variable: 'bevoelkerung', value: BERLIN[i]!.reduce((s, n) => s + n, 0) },
    ...IDS.map((variable, j) => ({ area, variable, value: BERLIN[i]![j]! })),
  ]);
  await post(rows).expect(201);
});
afterAll(() => {
  if (ENV === undefined) delete process.env.SOZIALMONITOR_GEHEIMHALTUNG;
  else process.env.SOZIALMONITOR_GEHEIMHALTUNG = ENV;
  return t.close();
});

test('overlapping bands of one area: 422 naming both, nothing stored', async () => {
  const area = baublockeOf(WITTEN)[0]!;
  const before = await t.storage.currentValues(PERIOD, [WITTEN]);
  const res = await post([{ area, variable: 'bev_alter_0_17', value: 327 }]).expect(422);
  expect(res.body.errors.map((f: Finding) => f.code)).toEqual(['ALTERSGRUPPEN_UEBERSCHNEIDUNG', 'ALTERSGRUPPEN_UEBERSCHNEIDUNG', 'ALTERSGRUPPEN_UEBERSCHNEIDUNG']);
  expect(res.body.errors[0].detail).toContain('„bev_alter_0_17“ (unter 18 Jahre)');
  expect(await t.storage.currentValues(PERIOD, [WITTEN])).toEqual(before);
});

test('the Kreis reads the stored bands; anteil_u18 from them, altenquotient names the missing cut at 20', async () => {
  const values = await request(t.app).get(`/api/values?period=${PERIOD}&variables=bev_alter_0_5&areas=${baublockeOf(WITTEN)[0]}`).set(t.auth(t.tokens.kreis)).expect(200);
  expect(values.body.rows).toEqual([expect.objectContaining({ variable: 'bev_alter_0_5', value: 156 })]);
  const res = await request(t.app).get(`/api/indicators?period=${PERIOD}&ids=anteil_u18,altenquotient&areas=${WITTEN}`).set(t.auth(t.tokens.kreis)).expect(200);
  const row = (id: string) => res.body.rows.find((r: { indicator: string }) => r.indicator === id);
  // u18 = (156+143+28) + (6+6+4) + (264+306+102) + (256+410+112) = 1793 of 3419 + 192 + 5211 + 4636 = 13458
  expect(row('anteil_u18')).toMatchObject({ status: 'ok', numerator: 1793, denominator: 13458, altersbaender: ['bev_alter_0_5', 'bev_alter_6_14'] });
  expect(row('anteil_u18').alterszellen).toBeUndefined();
  expect(row('altenquotient')).toMatchObject({ status: 'altersschnitt_fehlt', value: null, numerator: null, denominator: null, fehlendeSchnitte: [20] });
  expect(row('altenquotient').reason).toContain('ein Schnitt bei 20 Jahren');
});

/** The true counts of Witten's areas: Baublöcke as delivered, Gemeindeteile and Witten summed. */
function truth(): Map<string, number[]> {
  const bb = baublockeOf(WITTEN);
  const sum = (rows: number[][]) => rows[0]!.map((_, j) => rows.reduce((s, r) => s + r[j]!, 0));
  return new Map([
    ...bb.map((a, i) => [a, BERLIN[i]!] as const),
    [`${WITTEN}-01`, sum(BERLIN.slice(0, 2))],
    [`${WITTEN}-02`, sum(BERLIN.slice(2, 4))],
    [WITTEN, sum(BERLIN)],
  ]);
}

test('readers: the bands where published, anteil_u18 built from them, "." exactly where a band it reads is suppressed', async () => {
  const wahr = truth();
  const areas = [...wahr.keys()];
  const values = await request(t.app).get(`/api/values?period=${PERIOD}&variables=${[...IDS, 'bevoelkerung'].join(',')}&areas=${areas.join(',')}`).set(t.auth(t.tokens.leser)).expect(200);
  const cell = new Map<string, { value: number | null; status?: string }>(values.body.rows.map((r: { area: string; variable: string; value: number | null; status?: string }) => [`${r.area} ${r.variable}`, r]));
  expect(cell.size).toBe(areas.length * (IDS.length + 1));
  const gesperrt = (a: string, v: string) => cell.get(`${a} ${v}`)!.status === 'gesperrt';
  for (const a of areas) {
    IDS.forEach((v, j) => {
      const r = cell.get(`${a} ${v}`)!;
      // published: the true count; small (0 < x < 7): never published
      if (r.status !== 'gesperrt') expect([a, v, r.value]).toEqual([a, v, wahr.get(a)![j]]);
      if (wahr.get(a)![j]! > 0 && wahr.get(a)![j]! < 7) expect([a, v, r.status]).toEqual([a, v, 'gesperrt']);
    });
  }
  // Großer Tiergarten's three small bands under 18, and their partners (secondary suppression)
  const small = `${WITTEN}-01-0002`;
  expect(['bev_alter_0_5', 'bev_alter_6_14', 'bev_15_17'].map((v) => gesperrt(small, v))).toEqual([true, true, true]);
  expect([...cell.values()].filter((r) => r.status === 'gesperrt').length).toBeGreaterThan(3);

  const res = await request(t.app).get(`/api/indicators?period=${PERIOD}&ids=anteil_u18&areas=${areas.join(',')}`).set(t.auth(t.tokens.leser)).expect(200);
  const u18 = ['bev_alter_0_5', 'bev_alter_6_14', 'bev_15_17'];
  let published = 0;
  for (const a of areas) {
    const row = res.body.rows.find((r: { area: string }) => r.area === a);
    const w = wahr.get(a)!;
    const bev = w.reduce((s, n) => s + n, 0);
    if (u18.some((v) => gesperrt(a, v)) || gesperrt(a, 'bevoelkerung')) {
      expect(row).toEqual({ area: a, indicator: 'anteil_u18', period: PERIOD, value: null, numerator: null, denominator: null, status: 'gesperrt' });
    } else {
      published++;
      expect(row).toMatchObject({ status: 'ok', numerator: w[0]! + w[1]! + w[2]!, denominator: bev, value: ((w[0]! + w[1]! + w[2]!) * 100) / bev });
      expect(row.alterszellen).toBeUndefined();
    }
  }
  // the city with its own bands: 1793 of 13458 under 18
  expect(res.body.rows.find((r: { area: string }) => r.area === WITTEN)).toMatchObject({ status: 'ok', numerator: 1793, denominator: 13458 });
  expect(published).toBeGreaterThan(1);
  const quotient = await request(t.app).get(`/api/indicators?period=${PERIOD}&ids=altenquotient&areas=${WITTEN}`).set(t.auth(t.tokens.leser)).expect(200);
  expect(quotient.body.rows[0]).toMatchObject({ status: 'altersschnitt_fehlt', fehlendeSchnitte: [20] });
});
