/**
 * A deployment whose root is a kreisfreie Stadt (Köln with Stadtbezirke) and one for a Land: the
 * areas are accepted over the API, a kreisfreie Stadt is listed once in /api/status and in the
 * report's area list, and the new levels can be filtered.
 */
import request from 'supertest';
import { feature, gebieteDatei } from '../helpers/gebiete-datei';
import { landGebiete } from '../helpers/land-baum';
import { testServer, type TestServer } from './helpers';

const koeln = gebieteDatei(landGebiete(['05315000', '05315000-1', '05315000-2', '05315000-1-101', '05315000-1-102', '05315000-2-201']));

let t: TestServer;
beforeAll(async () => {
  t = await testServer({ withAreas: false });
});
afterAll(() => t.close());

describe('a kreisfreie Stadt as the root', () => {
  test('PUT accepts it; GET filters Stadtbezirke', async () => {
    const ok = await request(t.app).put('/api/areas').set(t.auth(t.tokens.kreis)).send(koeln).expect(200);
    expect(ok.body).toEqual({ areas: 6, kreis: '05315000', hinweise: [] });
    const bezirke = await request(t.app).get('/api/areas?ebene=stadtbezirk').set(t.auth(t.tokens.leser)).expect(200);
    expect(bezirke.body.features.map((f: { properties: { name: string } }) => f.properties.name)).toEqual(['Innenstadt', 'Rodenkirchen']);
  });

  test('/api/status lists Köln once', async () => {
    const res = await request(t.app).get('/api/status?period=2024').set(t.auth(t.tokens.kreis)).expect(200);
    expect(res.body.bereiche.map((b: { code: string }) => b.code)).toEqual(['05315000']);
  });

  test('/api/freigaben names Köln as one Meldebereich', async () => {
    const res = await request(t.app).get('/api/freigaben?period=2024').set(t.auth(t.tokens.kreis)).expect(200);
    expect(JSON.stringify(res.body).match(/Köln \(05315000\)/g)).toHaveLength(1);
  });

  test('the report lists Köln once, with its Stadtbezirke', async () => {
    const res = await request(t.app).get('/bericht/daten/meta').expect(200);
    const codes = res.body.areas.map((a: { code: string }) => a.code);
    expect(codes.filter((c: string) => c === '05315000')).toHaveLength(1);
    expect(codes).toEqual(expect.arrayContaining(['05315000-1', '05315000-2', '05315000-1-101']));
  });

  test('a Stadt directly under a Land whose Kreis is in the list is refused by name', async () => {
    const res = await request(t.app).put('/api/areas').set(t.auth(t.tokens.kreis)).send({
      type: 'FeatureCollection',
      features: [feature('05', 'Nordrhein-Westfalen', 'land', ''), feature('05954', 'Ennepe-Ruhr-Kreis', 'kreis', '05'), feature('05954036', 'Witten', 'stadt', '05')],
    }).expect(422);
    expect(res.body.errors).toEqual(['Gebiet „05954036“: Die Stadt liegt laut Liste direkt im Land „05“ (kreisfrei), ihr Kreis „05954“ ist aber in der Liste; übergeordnetes Gebiet ist dann der Kreis']);
  });
});
