/**
 * Real data end to end over HTTP: Berlin as a Land tree (Land 11 > Stadt 11000000 > Bezirke Mitte
 * and Friedrichshain-Kreuzberg as Stadtbezirke > their 67 LOR Planungsräume with 8-digit numbers,
 * real outlines) and the real inhabitants of 31.12.2020 per Planungsraum in Berlin's own 8 age
 * bands (unter 6, 6–14, 15–17, 18–26, 27–44, 45–54, 55–64, 65+; tests/fixtures/real/berlin-lor,
 * Amt für Statistik Berlin-Brandenburg, CC BY 3.0 DE). The bands are intervals of their own
 * (bev_alter_0_5 …), not the catalogue's 14: anteil_u18 is computed wherever the cut at 18 exists,
 * altenquotient (needs a cut at 20) gets a status naming the missing cut instead of a number.
 * Readers get the bands and anteil_u18 as published cells (shared/disclosure/altersbaender.ts).
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import request from 'supertest';
import { intervallId } from '../../shared/catalogue/altersintervalle';
import { testServer, type TestServer } from './helpers';
import { BERLIN_ALTERSSPALTEN, BERLIN_LOR_DIR, berlinTabelle } from '../helpers/berlin-lor';

const BANDS = BERLIN_ALTERSSPALTEN;
const table = berlinTabelle('einwohner-2020-altersgruppen.csv');
/** the Planungsraum's area code: Bezirk = first two digits of the LOR number */
const codeOf = (lor: string) => `11000000-${lor.slice(0, 2)}-${lor}`;

let t: TestServer;
const get = async (token: string, path: string) => (await request(t.app).get(path).set(t.auth(token)).expect(200)).body;

beforeAll(async () => {
  t = await testServer({ withAreas: false });
  const gebiete = JSON.parse(readFileSync(join(BERLIN_LOR_DIR, 'gebiete.geojson'), 'utf8'));
  const put = await request(t.app).put('/api/areas').set(t.auth(t.tokens.kreis)).send(gebiete).expect(200);
  expect(put.body).toMatchObject({ areas: 71, kreis: '11' });
  const rows = table.flatMap((r) => [
    { area: codeOf(r.id!), variable: 'bevoelkerung', value: Number(r.inhabitants) },
    ...Object.entries(BANDS).map(([col, [von, bis]]) => ({ area: codeOf(r.id!), variable: intervallId(von, bis), value: Number(r[col]) })),
  ]);
  const res = await request(t.app).post('/api/submissions').set(t.auth(t.tokens.kreis)).set('Content-Type', 'application/json').send(JSON.stringify({ period: '2020', rows }));
  expect(res.status).toBe(201);
}, 60_000);
afterAll(() => t.close());

test('the fixture is what it claims: 67 Planungsräume of Mitte (01) and Friedrichshain-Kreuzberg (02), bands summing to the inhabitants', () => {
  expect(table).toHaveLength(67);
  expect(new Set(table.map((r) => r.id!.slice(0, 2)))).toEqual(new Set(['01', '02']));
  for (const r of table) expect(Object.keys(BANDS).reduce((s, c) => s + Number(r[c]), 0)).toBe(Number(r.inhabitants));
});

test('anteil_u18 from Berlin’s own bands for a Planungsraum, a Bezirk, the Stadt and the Land (counts summed upward, then divided)', async () => {
  const u18 = (rs: Record<string, string>[]) => rs.reduce((s, r) => s + Number(r.inhabitants_age_below_6) + Number(r.inhabitants_age_6_15) + Number(r.inhabitants_age_15_18), 0);
  const all = (rs: Record<string, string>[]) => rs.reduce((s, r) => s + Number(r.inhabitants), 0);
  const mitte = table.filter((r) => r.id!.startsWith('01'));
  const cases: [string, number, number][] = [
    // 01011101 Stülerstraße: 156 + 143 + 28 = 327 of 3419
    [codeOf('01011101'), 327, 3419],
    ['11000000-01', u18(mitte), all(mitte)],
    ['11000000', u18(table), all(table)],
    ['11', u18(table), all(table)],
  ];
  const body = await get(t.tokens.kreis, `/api/indicators?period=2020&ids=anteil_u18&areas=${cases.map((c) => c[0]).join(',')}`);
  for (const [area, zaehler, nenner] of cases) {
    const row = body.rows.find((r: { area: string }) => r.area === area);
    expect({ area, status: row.status, numerator: row.numerator, denominator: row.denominator }).toEqual({ area, status: 'ok', numerator: zaehler, denominator: nenner });
    expect(row.value).toBeCloseTo((zaehler / nenner) * 100, 10);
  }
});

test('altenquotient needs a cut at 20 that Berlin’s bands (18–26) do not have: a status naming it, no number', async () => {
  const body = await get(t.tokens.kreis, '/api/indicators?period=2020&ids=altenquotient&areas=11000000-01,11000000');
  for (const row of body.rows) {
    expect(row).toMatchObject({ status: 'altersschnitt_fehlt', value: null, fehlendeSchnitte: [20] });
  }
});

test('readers get anteil_u18 built from Berlin’s own bands and the bands themselves (cells of the suppression; no count under 3 here, so none is "gesperrt")', async () => {
  const areas = ['11000000-01', '11000000', '11'];
  const leser = await get(t.tokens.leser, `/api/indicators?period=2020&ids=anteil_u18&areas=${areas.join(',')}`);
  const kreis = await get(t.tokens.kreis, `/api/indicators?period=2020&ids=anteil_u18&areas=${areas.join(',')}`);
  for (const area of areas) {
    const row = leser.rows.find((r: { area: string }) => r.area === area);
    expect(row).toMatchObject({ status: 'ok', numerator: kreis.rows.find((r: { area: string }) => r.area === area).numerator });
    expect(row.geheimhaltung).toBeUndefined();
  }
  const values = await get(t.tokens.leser, `/api/values?period=2020&areas=${codeOf('01011102')}&variables=bev_alter_0_5,bev_15_17`);
  // Großer Tiergarten: 6 under 6, 4 aged 15–17
  expect(values.rows).toEqual([
    { area: codeOf('01011102'), variable: 'bev_15_17', value: 4 },
    { area: codeOf('01011102'), variable: 'bev_alter_0_5', value: 6 },
  ]);
});
