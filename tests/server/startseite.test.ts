/**
 * The front door (issue 15): GET / is a German page, not a JSON error, with working links to the
 * report, the API description and the state; it tells how to get the add-in's manifest and shows
 * only what anyone may see (released years, not unreleased ones).
 */
import request from 'supertest';
import { deDateTime } from '../../shared';
import { webDirs } from '../../sync-server/server';
import { testServer, populationRows, TestServer } from './helpers';

let s: TestServer;
beforeEach(async () => {
  // the report page itself is static (dist/bericht, built by `npm test` before jest)
  s = await testServer({ freigabe: 'pruefung', staticDirs: webDirs() });
});
afterEach(async () => {
  await s.close();
});

const links = (html: string): string[] => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

test('GET / is a German start page whose links all answer', async () => {
  const res = await request(s.app).get('/').expect(200);
  expect(res.type).toBe('text/html');
  expect(res.text).toContain('<html lang="de">');
  expect(res.text).toMatch(/Sozialbericht/);
  expect(res.text).toContain('npx sozialmonitor manifest --url http://127.0.0.1');
  expect(res.text).toMatch(/Noch ist kein Berichtsjahr freigegeben/);
  expect(res.text).not.toMatch(/NICHT_GEFUNDEN|"error"/);
  const targets = links(res.text);
  expect(targets).toEqual(expect.arrayContaining(['/bericht/', '/api/openapi.json', '/api/health']));
  for (const href of targets) expect([href, (await request(s.app).get(href)).status]).toEqual([href, 200]);
});

test('released years are listed with their date; a year only submitted is not', async () => {
  const area = '05954036-01';
  await request(s.app).post('/api/submissions').set(s.auth(s.tokens.kreis)).send({ period: '2023', rows: populationRows(area, 1000) }).expect(201);
  await request(s.app).post('/api/submissions').set(s.auth(s.tokens.kreis)).send({ period: '2024', rows: populationRows(area, 1100) }).expect(201);
  const rel = await request(s.app).post('/api/freigaben').set(s.auth(s.tokens.kreis)).send({ period: '2023' }).expect(201);
  const res = await request(s.app).get('/').expect(200);
  expect(res.text).toContain(`Berichtsjahr 2023</a> – freigegeben am ${deDateTime(rel.body.freigegebenAm)}`);
  expect(res.text).not.toMatch(/2024/);
});

test('without an area tree the page says so instead of failing', async () => {
  const empty = await testServer({ withAreas: false });
  try {
    const res = await request(empty.app).get('/').expect(200);
    expect(res.text).toContain('noch keine Gebietsgliederung hinterlegt');
  } finally {
    await empty.close();
  }
});

test('German date and time, in German local time (summer and winter)', () => {
  expect(deDateTime('2026-12-04T02:20:00Z')).toBe('04.12.2026, 03:20 Uhr');
  expect(deDateTime('2026-07-01T10:05:00.000Z')).toBe('01.07.2026, 12:05 Uhr');
  expect(deDateTime('kein Datum')).toBe('kein Datum');
});
