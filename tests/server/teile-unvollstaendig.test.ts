/**
 * Over HTTP (issue 14): a Stadt whose Gemeindeteile do not hold everyone. PUT /api/areas takes the
 * flag (and refuses it on an area without parts), GET /api/areas shows it, and /api/indicators
 * computes the Stadt from its official totals and says so in `amtlich`, with the count without a
 * sub-area – raw for the Kreis and the Stadt itself, for readers only where that count is published
 * (a gap of 1 is a small count like any other).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { ApiClient } from '../../addin/src/api/client';
import { AreaTree, ValueTable, standardCatalogue, validateDataset } from '../../shared';
import { HATTINGEN, KREIS, TestServer, WITTEN, baublockeOf, populationRows, testAreas, testServer } from './helpers';

let t: TestServer;
const GRUND = 'Personen ohne Stadtteilzuordnung';
const AGE = ['bev_0_2', 'bev_3_5', 'bev_6_9', 'bev_10_14', 'bev_15_17', 'bev_18_19', 'bev_20_24', 'bev_25_29', 'bev_30_44', 'bev_45_59', 'bev_60_64', 'bev_65_74', 'bev_75_79', 'bev_80_plus'];
/** people of each age group in Witten without a Gemeindeteil (1 under 3: a small count) */
const GAP = [1, 5, 5, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6, 10];

function areasWithFlag(code: string): object {
  const c = testAreas() as { features: { properties: Record<string, unknown> }[] };
  for (const f of c.features) if (f.properties.code === code) Object.assign(f.properties, { teileUnvollstaendig: true, teileUnvollstaendigGrund: GRUND });
  return c;
}

beforeAll(async () => {
  t = await testServer({ withAreas: false });
  await request(t.app).put('/api/areas').set(t.auth(t.tokens.kreis)).send(areasWithFlag(WITTEN)).expect(200);
  // each Baublock: groups 10..23 (231 people); Witten's official groups: Σ of its 4 Baublöcke + GAP
  const witten = AGE.map((variable, i) => ({ area: WITTEN, variable, value: 4 * (10 + i) + GAP[i]! }));
  const rows = [
    ...baublockeOf(WITTEN).flatMap((b) => populationRows(b, 10)),
    ...witten,
    { area: WITTEN, variable: 'bevoelkerung', value: witten.reduce((s, r) => s + r.value, 0) },
  ];
  await request(t.app).post('/api/submissions').set(t.auth(t.tokens.witten)).send({ period: '2024', rows }).expect(201);
  await request(t.app).post('/api/submissions').set(t.auth(t.tokens.hattingen)).send({ period: '2024', rows: baublockeOf(HATTINGEN).flatMap((b) => populationRows(b, 20)) }).expect(201);
});
afterAll(() => t.close());

test('PUT /api/areas keeps flag and reason, GET /api/areas shows them to every role; a flag on an area without parts is refused by name', async () => {
  const list = await request(t.app).get('/api/areas?ebene=stadt').set(t.auth(t.tokens.leser)).expect(200);
  const props = Object.fromEntries(list.body.features.map((f: { properties: { code: string } }) => [f.properties.code, f.properties]));
  expect(props[WITTEN]).toMatchObject({ teileUnvollstaendig: true, teileUnvollstaendigGrund: GRUND });
  expect(props[HATTINGEN]).not.toHaveProperty('teileUnvollstaendig');
  const bad = await request(t.app).put('/api/areas').set(t.auth(t.tokens.kreis)).send(areasWithFlag(`${WITTEN}-01-0001`)).expect(422);
  expect(bad.body.errors).toEqual(['Gebiet „05954036-01-0001“ (Baublock 0001): „teileUnvollstaendig“ ist gesetzt, das Gebiet hat aber keine Teilgebiete']);
  // the tree in force is unchanged
  const again = await request(t.app).get(`/api/areas?parent=${KREIS}`).set(t.auth(t.tokens.kreis)).expect(200);
  expect(again.body.features.find((f: { properties: { code: string } }) => f.properties.code === WITTEN).properties.teileUnvollstaendig).toBe(true);
});

const row = async (token: string, area: string, id = 'anteil_u18') =>
  (await request(t.app).get(`/api/indicators?period=2024&ids=${id}&areas=${area}`).set(t.auth(token)).expect(200)).body.rows[0];

test('/api/indicators: the Stadt from its official totals, with how many are without a Gemeindeteil; readers do not get a small gap', async () => {
  const u18 = [0, 1, 2, 3, 4].reduce((s, i) => s + 4 * (10 + i) + GAP[i]!, 0);
  const bev = AGE.reduce((s, _, i) => s + 4 * (10 + i) + GAP[i]!, 0);
  const kreis = await row(t.tokens.kreis, WITTEN);
  expect([kreis.status, kreis.numerator, kreis.denominator]).toEqual(['ok', u18, bev]);
  const gaps = Object.fromEntries(kreis.amtlich.map((a: { merkmal: string; ohneZuordnung: number }) => [a.merkmal, a.ohneZuordnung]));
  expect(gaps).toEqual({ bev_0_2: 1, bev_3_5: 5, bev_6_9: 5, bev_10_14: 5, bev_15_17: 5, bevoelkerung: 76 });
  expect(kreis.amtlich.find((a: { merkmal: string }) => a.merkmal === 'bevoelkerung')).toEqual({ merkmal: 'bevoelkerung', name: 'Bevölkerung', period: '2024', gesamt: bev, ohneZuordnung: 76 });
  // the Stadt itself sees its own gap raw
  expect(await row(t.tokens.witten, WITTEN)).toEqual(kreis);
  // a reader: the same official totals, the gap of 1 withheld; a published gap is the true one
  const leser = await row(t.tokens.leser, WITTEN);
  expect([leser.status, leser.numerator, leser.denominator]).toEqual(['ok', u18, bev]);
  const seen = Object.fromEntries(leser.amtlich.map((a: { merkmal: string; ohneZuordnung: number | null }) => [a.merkmal, a.ohneZuordnung]));
  expect(seen.bev_0_2).toBeNull();
  for (const [m, v] of Object.entries(seen)) if (v !== null) expect(v).toBe(gaps[m]);
  expect(Object.values(seen).filter((v) => v !== null).length).toBeGreaterThan(0);
  // Hattingen and the Kreis add up as before and carry no note
  const h = await row(t.tokens.kreis, HATTINGEN);
  expect(h.amtlich).toBeUndefined();
  const k = await row(t.tokens.kreis, KREIS);
  expect(k.denominator).toBe(bev + 4 * 371);
  expect(k.amtlich).toBeUndefined();
});

test('CSV: the official totals in the column amtlich, "." where the reader may not see the gap', async () => {
  const csv = async (token: string) =>
    (await request(t.app).get(`/api/indicators?period=2024&ids=anteil_auslaendisch,anteil_u18&areas=${WITTEN}`).set(t.auth(token)).set('Accept', 'text/csv').expect(200)).text;
  const kreis = await csv(t.tokens.kreis);
  expect(kreis.split(/\r?\n/)[0]).toMatch(/;amtlich$/);
  expect(kreis).toContain('Bevölkerung 0 bis 2 Jahre (bev_0_2): amtlich');
  expect(kreis).toMatch(/\(bev_0_2\): amtlich [0-9.]+, ohne Zuordnung 1; /);
  expect(await csv(t.tokens.leser)).toMatch(/\(bev_0_2\): amtlich [0-9.]+, ohne Zuordnung \.; /);
});

test('the printed report (/bericht/druck): Witten’s row in a Kennzahl table says its total is official', async () => {
  const html = (await request(t.app).get('/bericht/druck?period=2024').expect(200)).text;
  const wittenRows = html.split('<tr').filter((tr) => tr.includes('>Witten<') && tr.includes('class="stadt"'));
  expect(wittenRows.length).toBeGreaterThan(0);
  expect(wittenRows.some((tr) => tr.includes('Amtliche Gesamtzahl (Teilgebiete unvollständig)'))).toBe(true);
  const hattingen = html.split('<tr').filter((tr) => tr.includes('>Hattingen<'));
  expect(hattingen.some((tr) => tr.includes('Amtliche Gesamtzahl'))).toBe(false);
});

test('the add-in reads the flag with the areas, so its check before sending agrees with the server’s', async () => {
  const server = await new Promise<Server>((resolve) => {
    const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    const api = new ApiClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, t.tokens.witten);
    const areas = await api.areas();
    expect(areas.find((a) => a.code === WITTEN)).toMatchObject({ teileUnvollstaendig: true, teileUnvollstaendigGrund: GRUND });
    expect(areas.find((a) => a.code === HATTINGEN)).not.toHaveProperty('teileUnvollstaendig');
    // 1,000 women in Witten: fine against its official total, too many for the sum of its Gemeindeteile (924)
    const tree = AreaTree.build(areas);
    const res = validateDataset({ period: '2024', rows: [{ area: WITTEN, variable: 'bev_weiblich', value: 1000 }] }, { catalogue: standardCatalogue(), tree, submitter: { rolle: 'kommune', ags: WITTEN }, context: ValueTable.fromRows('2024', (await t.storage.currentValues('2024', [WITTEN])).map((v) => ({ area: v.area, variable: v.variable, value: v.value }))) });
    expect(res.errors).toEqual([]);
    await request(t.app).post('/api/submissions').set(t.auth(t.tokens.witten)).send({ period: '2024', rows: [{ area: WITTEN, variable: 'bev_weiblich', value: 1000 }] }).expect(201);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

test('the area profile (/bericht/gebiet/<code>): Witten’s Hinweis column names the official total and the gap', async () => {
  const html = (await request(t.app).get(`/bericht/gebiet/${WITTEN}?period=2024`).expect(200)).text;
  const u18 = html.split('<tr').find((tr) => tr.includes('data-kennzahl="anteil_u18"'))!;
  expect(u18).toContain('Amtliche Gesamtzahl (Teilgebiete unvollständig); ohne Teilgebiet:');
  expect(u18).toContain('Bevölkerung 0 bis 2 Jahre .');
  expect((await request(t.app).get(`/bericht/gebiet/${HATTINGEN}?period=2024`).expect(200)).text).not.toContain('Amtliche Gesamtzahl');
});
