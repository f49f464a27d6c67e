/**
 * Age bands in other cuts over HTTP (real SQLite, supertest): Witten's four Baublöcke delivered in
 * Berlin's eight bands (the first four planning areas of tests/fixtures/real/berlin-lor). The server
 * stores the bands, refuses overlapping ones, computes anteil_u18 from them and gives altenquotient a
 * status naming the missing cut; readers get neither the bands nor numbers built from them (the
 * suppression does not cover bands outside the catalogue yet).
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

beforeAll(async () => {
  t = await testServer();
  const rows = baublockeOf(WITTEN).flatMap((area, i) => [
    { area, variable: 'bevoelkerung', value: BERLIN[i]!.reduce((s, n) => s + n, 0) },
    ...IDS.map((variable, j) => ({ area, variable, value: BERLIN[i]![j]! })),
  ]);
  await post(rows).expect(201);
});
afterAll(() => t.close());

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
  expect(row('altenquotient')).toMatchObject({ status: 'altersschnitt_fehlt', value: null, numerator: null, denominator: null, fehlendeSchnitte: [20] });
  expect(row('altenquotient').reason).toContain('ein Schnitt bei 20 Jahren');
});

test('readers: no counts of the bands, Kennzahlen built from them gesperrt, the missing cut still said', async () => {
  const values = await request(t.app).get(`/api/values?period=${PERIOD}&variables=bev_alter_0_5,bevoelkerung&areas=${WITTEN}`).set(t.auth(t.tokens.leser)).expect(200);
  expect(values.body.rows.map((r: { variable: string }) => r.variable)).toEqual(['bevoelkerung']);
  const res = await request(t.app).get(`/api/indicators?period=${PERIOD}&ids=anteil_u18,altenquotient&areas=${WITTEN}`).set(t.auth(t.tokens.leser)).expect(200);
  const row = (id: string) => res.body.rows.find((r: { indicator: string }) => r.indicator === id);
  expect(row('anteil_u18')).toEqual({ area: WITTEN, indicator: 'anteil_u18', period: PERIOD, value: null, numerator: null, denominator: null, status: 'gesperrt' });
  expect(row('altenquotient')).toMatchObject({ status: 'altersschnitt_fehlt', fehlendeSchnitte: [20] });
});
