/** First start with the demo Kreis: labelled as demo data, demo tokens, whole-Kreis indicators. */
import { readFileSync, statSync } from 'node:fs';
import request from 'supertest';
import { demoServerForFile } from './helpers';
import { bootstrap } from '../../sync-server/bootstrap';
import { databaseFile, demoTokenFile } from '../../sync-server/config';
import { DEMO_STAEDTE } from '../../shared/demo';

jest.setTimeout(60000);

const demo = demoServerForFile(['2023', '2024'], 'demo');

test('demo tokens: one Kreis, one per Stadt, one Leser; written owner-readable to demo-tokens.txt', () => {
  expect(demo.tokens).toHaveLength(1 + DEMO_STAEDTE.length + 1);
  const file = readFileSync(demoTokenFile(demo.dir), 'utf8');
  for (const t of demo.tokens) expect(file).toContain(t.token);
  expect(statSync(demoTokenFile(demo.dir)).mode & 0o077).toBe(0);
});

test('health, catalogue and areas say that demo data is loaded', async () => {
  const health = await request(demo.app).get('/api/health').expect(200);
  expect(health.body).toMatchObject({ demo: true, periods: ['2023', '2024'] });
  expect(health.body.hinweis).toMatch(/Demodaten/);
  expect((await request(demo.app).get('/api/catalogue').set(demo.auth('leser')).expect(200)).body.demo).toBe(true);
  const areas = await request(demo.app).get('/api/areas?ebene=stadt').set(demo.auth('leser')).expect(200);
  expect(areas.body.demo).toBe(true);
  expect(areas.body.features.map((f: { properties: { code: string } }) => f.properties.code).sort()).toEqual(DEMO_STAEDTE.map((s) => s.code).sort());
});

test('the demo data was submitted as the Kreis, through the validation, and is complete', async () => {
  const status = await request(demo.app).get('/api/status?period=2024').set(demo.auth('kreis')).expect(200);
  const staedte = status.body.bereiche.filter((b: { ebene: string }) => b.ebene === 'stadt');
  expect(staedte).toHaveLength(DEMO_STAEDTE.length);
  for (const s of staedte) expect(s.revision).toBe(1);
  const history = await demo.storage.history({ period: '2024' });
  expect(history).toHaveLength(1);
  expect(history[0]!.submittedBy).toBe('Demodaten-Lader');
});

test('whole Kreis: every Baublock and every Kennzahl in one request, Kreis values summed from below', async () => {
  const blocks = (await request(demo.app).get('/api/areas?ebene=baublock').set(demo.auth('leser'))).body.features.length;
  // how fast: bench/server.ts (npm run bench), not here
  const res = await request(demo.app).get('/api/indicators?period=2024&ebene=baublock').set(demo.auth('leser')).expect(200);
  expect(res.body.rows).toHaveLength(blocks * 28);
  const kreis = await request(demo.app).get('/api/indicators?period=2024&ebene=kreis&ids=anteil_65plus,sgb2_quote,wanderungssaldo').set(demo.auth('leser')).expect(200);
  expect(kreis.body.rows.map((r: { status: string }) => r.status)).toEqual(['ok', 'ok', 'ok']);
  const values = await request(demo.app).get('/api/values?period=2024&variables=bevoelkerung').set(demo.auth('kreis')).expect(200);
  const blockSum = values.body.rows.filter((r: { area: string }) => r.area.length === 16).reduce((s: number, r: { value: number }) => s + r.value, 0);
  expect(kreis.body.rows[0].denominator).toBe(blockSum);
});

test('a later start reuses the data and creates no new tokens', async () => {
  const again = await bootstrap(demo.storage, { dataDir: demo.dir, demo: true, log: () => undefined });
  expect(again).toEqual({ firstStart: false, demoLoaded: false });
  expect(await demo.storage.tokens()).toHaveLength(demo.tokens.length);
});
